/**
 * The forest plot of hazard ratios: one block per comparison (its name, outcome and sensitivity variant), one row per
 * method (unadjusted, adjusted, IPTW), the point and its 95 % confidence interval on a log axis with the line of no
 * effect at 1, and the numbers at the right. A method that gave no estimate shows why instead of a point.
 *
 * A block's heading spans the figure (the line at 1 pauses for it, and for the rows that say why there is no
 * estimate), so that long comparison names do not narrow the axis; each method row carries its full label ("name · outcome · method") in `data-label` and a tooltip.
 */
import { HR_METHODS, type ComparisonResult, type HazardRatio, type HrMethod, type NotEstimable, type ReleasedCount } from '../results/study-results.js';
import { formatHr, formatInterval, formatP } from './format-numbers.js';
import { element, figure, escapeHtml, fitText, logScale, num, text, textWidth, type Scale } from './svg.js';

export type ReleasedComparison = ComparisonResult<ReleasedCount>;

const WIDTH = 860;
const FONT = 12;
const ROW = 20;
const HEADER = 22;
const GROUP_GAP = 6;
const NUMBERS_WIDTH = 190;

/** How a method reads in the report. */
export const METHOD_LABELS: Readonly<Record<HrMethod, string>> = { unadjusted: 'unadjusted', adjusted: 'adjusted', iptw: 'IPTW' };

export const isNotEstimable = (e: HazardRatio | NotEstimable): e is NotEstimable => 'notEstimable' in e;

/** "name · outcome", with "sensitivity: id" for a sensitivity variant. */
export function comparisonLabel(c: ReleasedComparison): string {
  return [c.name, c.outcome, ...(c.sensitivity === null ? [] : [`sensitivity: ${c.sensitivity}`])].join(' · ');
}

/** The full label of one row: "comparison name · outcome · method" (and the sensitivity variant). */
export function forestRowLabel(c: ReleasedComparison, method: HrMethod): string {
  return [c.name, c.outcome, METHOD_LABELS[method], ...(c.sensitivity === null ? [] : [`sensitivity: ${c.sensitivity}`])].join(' · ');
}

/** 1–2–5 steps from 0.01 to 100: the round ratios a reader expects on a hazard-ratio axis. */
const ROUND_RATIOS = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100] as const;

/**
 * The axis of ratios: from the round ratio at or below every lower limit to the one at or above every upper limit,
 * always with 1 inside and never wider than 0.01–100 (a longer whisker ends in an arrow).
 * @example hazardRatioAxis([{ hr: 0.6, lower: 0.35, upper: 1.4, p: 0.2 }]) // → { min: 0.2, max: 2, ticks: [0.2, 0.5, 1, 2] }
 */
export function hazardRatioAxis(estimates: readonly HazardRatio[]): { readonly min: number; readonly max: number; readonly ticks: readonly number[] } {
  const finite = (v: number): boolean => Number.isFinite(v) && v > 0;
  const low = Math.min(0.5, ...estimates.flatMap((e) => [e.lower, e.hr]).filter(finite));
  const high = Math.max(2, ...estimates.flatMap((e) => [e.upper, e.hr]).filter(finite));
  const min = [...ROUND_RATIOS].reverse().find((r) => r <= low * (1 + 1e-9)) ?? ROUND_RATIOS[0];
  const max = ROUND_RATIOS.find((r) => r >= high * (1 - 1e-9)) ?? ROUND_RATIOS[ROUND_RATIOS.length - 1]!;
  const inside = ROUND_RATIOS.filter((r) => r >= min && r <= max);
  // Past seven labels they collide: keep the powers of ten.
  const ticks = inside.length > 7 ? inside.filter((r) => Math.abs(Math.log10(r) - Math.round(Math.log10(r))) < 1e-9) : inside;
  return { min, max, ticks };
}

interface Row {
  readonly kind: 'header' | 'method';
  readonly y: number;
  readonly comparison: ReleasedComparison;
  readonly block: number;
  readonly method?: HrMethod;
}

function rowsOf(comparisons: readonly ReleasedComparison[], top: number): { rows: Row[]; bottom: number } {
  const rows: Row[] = [];
  let y = top;
  comparisons.forEach((comparison, block) => {
    rows.push({ kind: 'header', y, comparison, block });
    y += ROW;
    for (const method of HR_METHODS) {
      rows.push({ kind: 'method', y, comparison, block, method });
      y += ROW;
    }
    y += GROUP_GAP;
  });
  return { rows, bottom: y };
}

/** The forest plot as an `<svg>`; its scale is on the element (`data-x-min`, `data-x-max`, `data-plot-*`). */
export function forestPlot(comparisons: readonly ReleasedComparison[]): string {
  const estimates = comparisons.flatMap((c) => HR_METHODS.map((m) => c.estimates[m])).filter((e): e is HazardRatio => !isNotEstimable(e));
  const axis = hazardRatioAxis(estimates);
  const labelWidth = Math.max(96, ...HR_METHODS.map((m) => textWidth(METHOD_LABELS[m], FONT) + 16));
  const left = 8 + labelWidth + 12;
  const plotWidth = WIDTH - left - NUMBERS_WIDTH - 16;
  const x = logScale([axis.min, axis.max], [left, left + plotWidth]);
  const top = HEADER + 8;
  const { rows, bottom } = rowsOf(comparisons, top);
  const height = bottom + 52;
  const data = {
    'data-scale': 'log',
    'data-x-min': axis.min,
    'data-x-max': axis.max,
    'data-plot-left': left,
    'data-plot-width': plotWidth,
  };
  const body = [
    element('title', {}, 'Forest plot of hazard ratios (95% confidence intervals), log scale'),
    ...rows.filter((r) => r.kind === 'header' && r.block % 2 === 1).map((r) => element('rect', { class: 'band', x: 0, y: r.y - 2, width: WIDTH, height: ROW * (1 + HR_METHODS.length) + 2 })),
    columnHeads(left, plotWidth),
    referenceLine(rows, x(1), bottom),
    ...rows.map((r) => (r.kind === 'header' ? headerRow(r) : methodRow(r, x, left, plotWidth, axis, labelWidth))),
    hrAxis(axis, x, bottom),
  ];
  return figure('forest-plot', WIDTH, height, data, body.join('\n'));
}

/** The line of no effect, drawn through the rows that have an estimate and on down to the axis. */
function referenceLine(rows: readonly Row[], x1: number, bottom: number): string {
  const segments = rows
    .filter((r) => r.kind === 'method' && !isNotEstimable(r.comparison.estimates[r.method!]))
    .map((r) => {
      const lastOfBlock = r.method === HR_METHODS[HR_METHODS.length - 1];
      return element('line', { class: 'ref-line', x1, y1: r.y, x2: x1, y2: r.y + ROW + (lastOfBlock ? GROUP_GAP : 0) });
    });
  return [...segments, element('line', { class: 'ref-line', x1, y1: bottom - GROUP_GAP, x2: x1, y2: bottom })].join('\n');
}

function columnHeads(left: number, plotWidth: number): string {
  return [
    text({ x: 8, y: HEADER - 6, class: 'column-head' }, 'Comparison · outcome · method'),
    text({ x: left + plotWidth / 2, y: HEADER - 6, 'text-anchor': 'middle', class: 'column-head' }, 'Hazard ratio (95% CI)'),
    text({ x: left + plotWidth + 16, y: HEADER - 6, class: 'column-head' }, 'HR (95% CI)'),
    text({ x: WIDTH - 8, y: HEADER - 6, 'text-anchor': 'end', class: 'column-head' }, 'p'),
  ].join('\n');
}

function headerRow(row: Row): string {
  const label = comparisonLabel(row.comparison);
  return element('text', { x: 8, y: row.y + 14, class: 'forest-group' }, `${escapeHtml(fitText(label, WIDTH - 16, FONT * 1.07))}${element('title', {}, escapeHtml(label))}`);
}

function methodRow(row: Row, x: Scale, left: number, plotWidth: number, axis: ReturnType<typeof hazardRatioAxis>, labelWidth: number): string {
  const method = row.method!;
  const estimate = row.comparison.estimates[method];
  const cy = row.y + ROW / 2;
  const label = forestRowLabel(row.comparison, method);
  const parts = [element('text', { x: 24, y: cy + 4, class: 'forest-label' }, `${escapeHtml(fitText(METHOD_LABELS[method], labelWidth - 16, FONT))}${element('title', {}, escapeHtml(label))}`)];
  if (isNotEstimable(estimate)) {
    const reason = `not estimable: ${estimate.notEstimable}`;
    parts.push(element('text', { x: left + 4, y: cy + 4, class: 'not-estimable' }, `${escapeHtml(fitText(reason, plotWidth + NUMBERS_WIDTH - 8, FONT))}${element('title', {}, escapeHtml(reason))}`));
  } else {
    parts.push(whisker(estimate, x, cy, axis));
    parts.push(text({ x: left + plotWidth + 16, y: cy + 4, class: 'forest-numbers' }, `${formatHr(estimate.hr)} (${formatInterval(formatHr(estimate.lower), formatHr(estimate.upper))})`));
    parts.push(text({ x: WIDTH - 8, y: cy + 4, 'text-anchor': 'end', class: 'forest-numbers' }, formatP(estimate.p)));
  }
  return element('g', { class: 'forest-row', 'data-comparison': row.comparison.comparison, 'data-outcome': row.comparison.outcome, 'data-method': method, 'data-sensitivity': row.comparison.sensitivity, 'data-label': label }, parts.join(''));
}

/** The interval, clipped to the axis with an arrow where it goes beyond, and the point. */
function whisker(e: HazardRatio, x: Scale, cy: number, axis: ReturnType<typeof hazardRatioAxis>): string {
  const clip = (v: number): number => Math.min(axis.max, Math.max(axis.min, Number.isFinite(v) && v > 0 ? v : v > 0 ? axis.max : axis.min));
  const x1 = x(clip(e.lower));
  const x2 = x(clip(e.upper));
  const parts = [element('line', { class: 'forest-ci', x1, y1: cy, x2, y2: cy })];
  if (!(e.lower >= axis.min)) parts.push(element('path', { class: 'arrow', d: `M${num(x1 + 5)},${num(cy - 4)}L${num(x1)},${num(cy)}L${num(x1 + 5)},${num(cy + 4)}` }));
  if (!(e.upper <= axis.max)) parts.push(element('path', { class: 'arrow', d: `M${num(x2 - 5)},${num(cy - 4)}L${num(x2)},${num(cy)}L${num(x2 - 5)},${num(cy + 4)}` }));
  parts.push(element('circle', { class: 'forest-point', cx: x(clip(e.hr)), cy, r: 4, 'data-hr': e.hr }));
  return parts.join('');
}

function hrAxis(axis: ReturnType<typeof hazardRatioAxis>, x: Scale, bottom: number): string {
  const parts = [element('line', { class: 'axis', x1: x(axis.min), y1: bottom, x2: x(axis.max), y2: bottom })];
  for (const t of axis.ticks) {
    parts.push(element('line', { class: 'axis', x1: x(t), y1: bottom, x2: x(t), y2: bottom + 5 }));
    parts.push(text({ x: x(t), y: bottom + 18, 'text-anchor': 'middle', class: 'tick' }, String(t)));
  }
  // Either side of the line of no effect; below the rows there is room for them to run past the axis's ends.
  const treatment = '← favours treatment';
  const reference = 'favours reference →';
  const treatmentEnd = Math.max(x(1) - 8, 8 + textWidth(treatment, FONT - 1));
  const referenceStart = Math.min(x(1) + 8, WIDTH - 8 - textWidth(reference, FONT - 1));
  parts.push(text({ x: treatmentEnd, y: bottom + 38, 'text-anchor': 'end', class: 'favours' }, treatment));
  parts.push(text({ x: referenceStart, y: bottom + 38, class: 'favours' }, reference));
  return parts.join('\n');
}
