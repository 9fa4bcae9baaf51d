/**
 * The forest plot's numbers as a table (what a reader copies into a manuscript), with each comparison's sizes, and
 * the models behind the adjusted and weighted estimates.
 */
import { HR_METHODS, type HrMethod } from '../results/study-results.js';
import { countHtml, hiddenCountsNote, hiddenKinds } from './hidden-counts.js';
import { fixed, formatHr, formatInterval, formatP } from './format-numbers.js';
import { METHOD_LABELS, comparisonLabel, isNotEstimable, type ReleasedComparison } from './forest-plot.js';
import { escapeHtml } from './svg.js';

/** Columns of words, aligned left (numbers align right). */
const TEXT_COLUMNS: ReadonlySet<number> = new Set([0, 1, 2, 5]);

export type ArmName = (armId: string) => string;

export function hazardRatioTable(comparisons: readonly ReleasedComparison[], armName: ArmName, minCellSize: number): string {
  const head = ['Comparison', 'Outcome', 'Analysis', 'n (treatment / reference)', 'Events (treatment / reference)', 'Method', 'HR (95% CI)', 'p'];
  const body = comparisons.flatMap((c) => HR_METHODS.map((m, k) => methodRow(c, m, k === 0, armName, minCellSize)));
  const counts = comparisons.flatMap((c) => [c.n.treatment, c.n.reference, c.events.treatment, c.events.reference, ...(c.weighting === null ? [] : [c.weighting.trimmed])]);
  return [
    '<table class="numbers hazard-ratios">',
    `<thead><tr>${head.map((h, k) => `<th scope="col"${TEXT_COLUMNS.has(k) ? ' class="text"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead>`,
    `<tbody>${body.join('\n')}</tbody>`,
    '</table>',
    hiddenCountsNote(hiddenKinds(counts), minCellSize),
    modelNotes(comparisons, armName, minCellSize),
  ].filter((s) => s !== '').join('\n');
}

function methodRow(c: ReleasedComparison, method: HrMethod, first: boolean, armName: ArmName, minCellSize: number): string {
  const span = ` rowspan="${HR_METHODS.length}"`;
  const shared = first
    ? [
        `<th scope="rowgroup"${span} class="label">${escapeHtml(c.name)}<div class="sub">${escapeHtml(`${armName(c.treatment)} vs ${armName(c.reference)}`)}</div></th>`,
        `<td${span} class="text">${escapeHtml(c.outcome)}</td>`,
        `<td${span} class="text">${escapeHtml(c.sensitivity === null ? 'primary' : `sensitivity: ${c.sensitivity}`)}</td>`,
        `<td${span}>${countHtml(c.n.treatment, minCellSize)} / ${countHtml(c.n.reference, minCellSize)}</td>`,
        `<td${span}>${countHtml(c.events.treatment, minCellSize)} / ${countHtml(c.events.reference, minCellSize)}</td>`,
      ].join('')
    : '';
  const e = c.estimates[method];
  const numbers = isNotEstimable(e)
    ? `<td colspan="2" class="text not-estimable">${escapeHtml(`not estimable: ${e.notEstimable}`)}</td>`
    : `<td>${escapeHtml(`${formatHr(e.hr)} (${formatInterval(formatHr(e.lower), formatHr(e.upper))})`)}</td><td>${escapeHtml(formatP(e.p))}</td>`;
  const attrs = `data-comparison="${escapeHtml(c.comparison)}" data-outcome="${escapeHtml(c.outcome)}" data-method="${method}"${first ? ' class="first"' : ''}`;
  return `<tr ${attrs}>${shared}<td class="text">${escapeHtml(METHOD_LABELS[method])}</td>${numbers}</tr>`;
}

/** What the adjusted and weighted models were, one line per comparison: a hazard ratio means little without it. */
function modelNotes(comparisons: readonly ReleasedComparison[], armName: ArmName, minCellSize: number): string {
  const items = comparisons.map((c) => {
    const parts = [`Adjusted for ${c.covariates.length === 0 ? 'no covariate' : c.covariates.join(', ')}.`];
    const w = c.weighting;
    if (w !== null) {
      parts.push(
        `IPTW: ${w.estimand}, ${w.stabilized ? 'stabilized' : 'unstabilized'} weights from a ${w.propensityModel === 'firth' ? 'Firth-penalized' : 'maximum-likelihood'} propensity model; effective sample size ${fixed(w.effectiveSampleSize.treatment, 1)} (${armName(c.treatment)}) / ${fixed(w.effectiveSampleSize.reference, 1)} (${armName(c.reference)}); maximum |SMD| ${fixed(w.maxAbsSmdBefore, 3)} before, ${fixed(w.maxAbsSmdAfter, 3)} after weighting.`,
      );
    }
    const trimmed = w === null ? '' : ` Weights trimmed: ${countHtml(w.trimmed, minCellSize)}.`;
    return `<li><span class="item">${escapeHtml(comparisonLabel(c))}:</span> ${escapeHtml(parts.join(' '))}${trimmed}</li>`;
  });
  return `<ul class="notes models">${items.join('\n')}</ul>`;
}
