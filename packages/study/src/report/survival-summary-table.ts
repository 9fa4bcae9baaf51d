/**
 * The numbers under a Kaplan–Meier figure: per curve its size, events, median survival and landmark survival with
 * 95 % confidence intervals, then the log-rank test of the group (as R prints `survdiff`).
 */
import { DAYS_PER_MONTH, type MedianSurvival, type SurvivalEstimate } from '../results/study-results.js';
import { countHtml, hiddenCountsNote, hiddenKinds } from './hidden-counts.js';
import { NOT_ESTIMABLE_MARK, NOT_REACHED_MARK, fixed, formatInterval, formatMonths, formatPercent, pClause } from './format-numbers.js';
import { isUndrawn, type ReleasedCurve, type ReleasedCurveGroup } from './kaplan-meier-plot.js';
import { escapeHtml } from './svg.js';

/**
 * @example formatMedian({ days: 426, lowerDays: 335, upperDays: null }) // → '14.0 (11.0–NR)'
 */
export function formatMedian(median: MedianSurvival): string {
  const m = (days: number | null): string => (days === null ? NOT_REACHED_MARK : formatMonths(days));
  return `${m(median.days)} (${formatInterval(m(median.lowerDays), m(median.upperDays))})`;
}

/** @example formatLandmark({ months: 12, survival: 0.652, lower: 0.581, upper: 0.723 }) // → '65.2 (58.1–72.3)' */
export function formatLandmark(estimate: SurvivalEstimate | undefined): string {
  if (estimate === undefined || estimate.survival === null) return NOT_ESTIMABLE_MARK;
  const p = (v: number | null): string => (v === null ? NOT_ESTIMABLE_MARK : formatPercent(v));
  return `${p(estimate.survival)} (${formatInterval(p(estimate.lower), p(estimate.upper))})`;
}

/** A curve with nothing released has no median, reached or not. */
function medianText(curve: ReleasedCurve): string {
  return isUndrawn(curve) ? NOT_ESTIMABLE_MARK : formatMedian(curve.median);
}

/** The landmark months of a group, in order, whichever curve reports them. */
function landmarkMonths(group: ReleasedCurveGroup): number[] {
  return [...new Set(group.curves.flatMap((c) => c.at.map((a) => a.months)))].sort((a, b) => a - b);
}

export function survivalSummaryTable(group: ReleasedCurveGroup, minCellSize: number): string {
  const months = landmarkMonths(group);
  const head = ['Curve', 'n', 'Events', 'Median, months (95% CI)', ...months.map((m) => `${fixed(m, 0)}-month survival, % (95% CI)`)];
  const rows = group.curves.map((c) => {
    const landmarks = months.map((m) => formatLandmark(c.at.find((a) => a.months === m)));
    return [escapeHtml(c.name), countHtml(c.n, minCellSize), countHtml(c.events, minCellSize), escapeHtml(medianText(c)), ...landmarks.map(escapeHtml)];
  });
  const table = [
    '<table class="numbers survival-summary">',
    `<thead><tr>${head.map((h, k) => `<th${k === 0 ? ' class="label"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((cell, k) => (k === 0 ? `<th scope="row" class="label">${cell}</th>` : `<td>${cell}</td>`)).join('')}</tr>`).join('')}</tbody>`,
    '</table>',
  ];
  return [...table, logRankLine(group), truncationNotes(group, minCellSize), footnotes(group, minCellSize)].filter((s) => s !== '').join('\n');
}

function logRankLine(group: ReleasedCurveGroup): string {
  const lr = group.logRank;
  if (lr === null) return '';
  return `<p class="log-rank">${escapeHtml(`Log-rank test: χ² = ${fixed(lr.chiSquare, 2)} on ${lr.df} df, ${pClause(lr.p)}`)}</p>`;
}

/** Curves cut by the disclosure policy say where, so that a flat tail is not read as a plateau. */
function truncationNotes(group: ReleasedCurveGroup, minCellSize: number): string {
  const cut = group.curves.filter((c) => c.truncatedAtDays !== null);
  if (cut.length === 0) return '';
  const items = cut.map((c) => {
    const why = isUndrawn(c) ? `not drawn: fewer than ${minCellSize} at risk from the start` : `curve stops at ${formatMonths(c.truncatedAtDays!)} months: fewer than ${minCellSize} at risk`;
    return `<li class="truncation" data-arm="${escapeHtml(c.arm)}">${escapeHtml(`${c.name}: ${why}.`)}</li>`;
  });
  return `<ul class="notes">${items.join('')}</ul>`;
}

function footnotes(group: ReleasedCurveGroup, minCellSize: number): string {
  const counts = group.curves.flatMap((c) => [c.n, c.events, ...c.riskTable.map((r) => r.atRisk)]);
  const marks = `${NOT_REACHED_MARK}: not reached. ${NOT_ESTIMABLE_MARK}: not estimable, or hidden (fewer than ${minCellSize} at risk). Survival times in months of ${fixed(DAYS_PER_MONTH, 4)} days.`;
  return [`<p class="footnote">${escapeHtml(marks)}</p>`, hiddenCountsNote(hiddenKinds(counts), minCellSize)].join('\n');
}
