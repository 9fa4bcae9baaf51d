/**
 * The covariate balance ("love") plot of one comparison, as R's cobalt draws it: the absolute standardized mean
 * difference of each covariate (or level) before weighting as an open circle and after as a filled one, with the
 * conventional 0.1 threshold dashed.
 */
import type { BalanceRow } from '../results/study-results.js';
import type { ReleasedComparison } from './forest-plot.js';
import { element, figure, escapeHtml, fitText, linearScale, text, textWidth } from './svg.js';

const WIDTH = 760;
const FONT = 12;
const ROW = 18;
const THRESHOLD = 0.1;

/** Label of a balance row: the covariate's label from Table 1 when known, then the level. */
export function balanceRowLabel(row: BalanceRow, covariateLabel: (covariate: string) => string): string {
  const name = covariateLabel(row.covariate);
  return row.level === null ? name : `${name}: ${row.level}`;
}

/**
 * The |SMD| axis: 0 to the next tenth above every value (at least 0.2, so the threshold is never at the edge).
 * @example smdAxis([0.03, 0.37]) // → { max: 0.4, step: 0.1 }
 */
export function smdAxis(values: readonly number[]): { readonly max: number; readonly step: number } {
  const high = Math.max(0.2, ...values.filter(Number.isFinite).map(Math.abs));
  const step = high <= 0.6 ? 0.1 : high <= 1.2 ? 0.2 : 0.5;
  // Rounded to tenths so that 3 × 0.1 prints and compares as 0.3.
  return { max: Math.round(Math.ceil(high / step - 1e-9) * step * 10) / 10, step };
}

export function lovePlot(comparison: ReleasedComparison, title: string, covariateLabel: (covariate: string) => string): string {
  const rows = comparison.balance;
  const labels = rows.map((r) => balanceRowLabel(r, covariateLabel));
  const labelWidth = Math.min(300, Math.max(120, ...labels.map((l) => textWidth(l, FONT))));
  const left = 8 + labelWidth + 14;
  const plotWidth = WIDTH - left - 24;
  const top = 34;
  const bottom = top + rows.length * ROW + 6;
  const axis = smdAxis(rows.flatMap((r) => [r.smdBefore, r.smdAfter ?? 0]));
  const x = linearScale([0, axis.max], [left, left + plotWidth]);
  const height = bottom + 44;
  const data = {
    'data-comparison': comparison.comparison,
    'data-outcome': comparison.outcome,
    'data-x-max': axis.max,
    'data-plot-left': left,
    'data-plot-width': plotWidth,
  };
  const body = [
    element('title', {}, escapeHtml(title)),
    legend(left, comparison.balance.some((r) => r.smdAfter !== null)),
    element('line', { class: 'threshold threshold-line', x1: x(THRESHOLD), y1: top, x2: x(THRESHOLD), y2: bottom }),
    ...rows.map((r, k) => balanceRow(r, labels[k]!, top + k * ROW + ROW / 2, x, labelWidth, left, plotWidth)),
    axisLine(axis, x, bottom),
  ];
  return figure('love-plot', WIDTH, height, data, body.join('\n'));
}

function legend(left: number, weighted: boolean): string {
  const parts = [
    element('circle', { class: 'smd-before', cx: left + 6, cy: 14, r: 4 }),
    text({ x: left + 16, y: 18, class: 'legend' }, 'Unweighted'),
  ];
  if (weighted) {
    parts.push(element('circle', { class: 'smd-after', cx: left + 116, cy: 14, r: 4 }));
    parts.push(text({ x: left + 126, y: 18, class: 'legend' }, 'IPTW-weighted'));
  }
  parts.push(element('line', { class: 'threshold', x1: left + 250, y1: 14, x2: left + 272, y2: 14 }));
  parts.push(text({ x: left + 278, y: 18, class: 'legend' }, `|SMD| = ${THRESHOLD}`));
  return parts.join('\n');
}

function balanceRow(row: BalanceRow, label: string, cy: number, x: (v: number) => number, labelWidth: number, left: number, plotWidth: number): string {
  const parts = [
    element('line', { class: 'row-guide', x1: left, y1: cy, x2: left + plotWidth, y2: cy }),
    element('text', { x: 8, y: cy + 4, class: 'love-label' }, `${escapeHtml(fitText(label, labelWidth, FONT))}${element('title', {}, escapeHtml(label))}`),
    element('circle', { class: 'smd-before', cx: x(Math.abs(row.smdBefore)), cy, r: 4, 'data-smd': row.smdBefore }),
  ];
  if (row.smdAfter !== null) parts.push(element('circle', { class: 'smd-after', cx: x(Math.abs(row.smdAfter)), cy, r: 3.5, 'data-smd': row.smdAfter }));
  return element('g', { class: 'balance-row', 'data-covariate': row.covariate, 'data-level': row.level }, parts.join(''));
}

function axisLine(axis: ReturnType<typeof smdAxis>, x: (v: number) => number, bottom: number): string {
  const parts = [element('line', { class: 'axis', x1: x(0), y1: bottom, x2: x(axis.max), y2: bottom })];
  const steps = Math.round(axis.max / axis.step);
  for (let k = 0; k <= steps; k++) {
    const v = Math.round(k * axis.step * 10) / 10;
    parts.push(element('line', { class: 'axis', x1: x(v), y1: bottom, x2: x(v), y2: bottom + 5 }));
    parts.push(text({ x: x(v), y: bottom + 18, 'text-anchor': 'middle', class: 'tick' }, v.toFixed(1)));
  }
  parts.push(text({ x: (x(0) + x(axis.max)) / 2, y: bottom + 36, 'text-anchor': 'middle', class: 'axis-title' }, 'Absolute standardized mean difference'));
  return parts.join('\n');
}
