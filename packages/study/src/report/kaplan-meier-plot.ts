/**
 * One Kaplan–Meier figure in the layout biostatisticians know from R's survminer: step curves with shaded pointwise
 * confidence bands, survival in percent, time in months with ticks every 6 or 12 months, dashed lines at the median,
 * a legend above the plot and the number at risk under the time axis, aligned with it.
 *
 * Released curves carry no censoring counts, so there are no censoring ticks. The plot's scale is written on the
 * `<svg>` (`data-x-max-months`, `data-plot-*`) and each curve's identity on its path, so that a test can read the
 * figure back into numbers.
 */
import { DAYS_PER_MONTH, type CurveGroup, type CurveStep, type ReleasedCount, type SurvivalCurve } from '../results/study-results.js';
import { countPhrase, formatCount } from './format-numbers.js';
import { colourAt, element, figure, escapeHtml, fitText, linearScale, num, text, textWidth, type Scale } from './svg.js';

export type ReleasedCurve = SurvivalCurve<ReleasedCount, CurveStep>;
export type ReleasedCurveGroup = CurveGroup<ReleasedCount, CurveStep>;

export interface KaplanMeierPlotInput {
  readonly outcome: { readonly outcome: string; readonly name: string };
  readonly group: ReleasedCurveGroup;
  readonly minCellSize: number;
}

const WIDTH = 760;
const PLOT_HEIGHT = 300;
const MARGIN_RIGHT = 28;
const FONT = 12;
const RISK_FONT = 11;
const LINE = 18;
const SWATCH = 22;

/** Where a curve's line ends: its last step, or further where the released curve was cut (flat until then). */
export function curveEndDays(curve: ReleasedCurve): number {
  const last = curve.steps.at(-1)?.days ?? 0;
  return Math.max(last, curve.truncatedAtDays ?? 0);
}

/**
 * The step line of a curve as an SVG path: from (0, 1), for each step a horizontal segment to its time then a vertical
 * one to its survival, then flat to `endDays`. One `H…V…` pair per step, so the path maps back to the steps one to one.
 * @example kaplanMeierStepPath([{ days: 10, survival: 0.5, lower: 0.3, upper: 0.7 }], 20, (d) => d, (s) => 100 - 100 * s)
 * // → 'M0,0H10V50H20'
 */
export function kaplanMeierStepPath(steps: readonly CurveStep[], endDays: number, x: Scale, y: Scale): string {
  const parts = [`M${num(x(0))},${num(y(1))}`];
  for (const step of steps) parts.push(`H${num(x(step.days))}V${num(y(step.survival))}`);
  parts.push(`H${num(x(endDays))}`);
  return parts.join('');
}

/**
 * The pointwise confidence band as one closed stepped polygon: the upper limits forwards, the lower limits back.
 * It stops at the first step whose limits are not finite (R gives NA there).
 */
export function confidenceBandPoints(steps: readonly CurveStep[], endDays: number, x: Scale, y: Scale): string {
  const upper: [number, number][] = [[0, 1]];
  const lower: [number, number][] = [[0, 1]];
  let end = endDays;
  for (const step of steps) {
    if (!Number.isFinite(step.lower) || !Number.isFinite(step.upper)) {
      end = step.days;
      break;
    }
    upper.push([step.days, upper.at(-1)![1]], [step.days, step.upper]);
    lower.push([step.days, lower.at(-1)![1]], [step.days, step.lower]);
  }
  upper.push([end, upper.at(-1)![1]]);
  lower.push([end, lower.at(-1)![1]]);
  return [...upper, ...lower.reverse()].map(([d, s]) => `${num(x(d))},${num(y(s))}`).join(' ');
}

/**
 * Time axis: ticks every 6 months up to 4 years, every 12 beyond; the axis ends on a tick that covers every curve
 * and every risk-table time (a grid time a fraction of a day past a tick does not open a new interval).
 */
export function timeAxis(group: ReleasedCurveGroup): { readonly maxMonths: number; readonly tickMonths: number } {
  const days = group.curves.flatMap((c) => [curveEndDays(c), ...c.riskTable.map((r) => r.days)]);
  const months = Math.max(0, ...days) / DAYS_PER_MONTH;
  const tickMonths = months <= 48 ? 6 : 12;
  const halfDay = 0.5 / DAYS_PER_MONTH;
  return { maxMonths: Math.max(tickMonths, Math.ceil((months - halfDay) / tickMonths) * tickMonths), tickMonths };
}

interface Layout {
  readonly left: number;
  readonly top: number;
  readonly plotWidth: number;
  readonly legendRows: readonly (readonly { readonly x: number; readonly curve: number }[])[];
  readonly labelWidth: number;
}

/** A curve the policy released nothing of (an arm too small) is listed, and said not to be drawn. */
export function isUndrawn(curve: ReleasedCurve): boolean {
  return curveEndDays(curve) === 0;
}

function legendLabel(curve: ReleasedCurve, minCellSize: number): string {
  return `${curve.name} (${countPhrase(curve.n, minCellSize)}${isUndrawn(curve) ? ', not drawn' : ''})`;
}

/** Legend entries flow left to right above the plot and wrap, so that they never cover a curve. */
function layout(group: ReleasedCurveGroup, minCellSize: number): Layout {
  const labelWidth = Math.min(200, Math.max(80, ...group.curves.map((c) => textWidth(c.name, RISK_FONT) + SWATCH)));
  const left = Math.max(68, 8 + labelWidth + 26);
  const plotWidth = WIDTH - left - MARGIN_RIGHT;
  const rows: { x: number; curve: number }[][] = [[]];
  let x = 0;
  group.curves.forEach((curve, k) => {
    const w = SWATCH + 6 + Math.min(textWidth(legendLabel(curve, minCellSize), FONT), WIDTH - 60) + 18;
    if (x > 0 && left + x + w > WIDTH - MARGIN_RIGHT) {
      rows.push([]);
      x = 0;
    }
    rows.at(-1)!.push({ x, curve: k });
    x += w;
  });
  return { left, top: 16 + rows.length * LINE, plotWidth, legendRows: rows, labelWidth };
}

/** The whole figure as an `<svg>` element. */
export function kaplanMeierPlot(input: KaplanMeierPlotInput): string {
  const { group, minCellSize } = input;
  const lay = layout(group, minCellSize);
  const axis = timeAxis(group);
  const bottom = lay.top + PLOT_HEIGHT;
  const xMonths = linearScale([0, axis.maxMonths], [lay.left, lay.left + lay.plotWidth]);
  const x: Scale = (days) => xMonths(days / DAYS_PER_MONTH);
  const y = linearScale([0, 1], [bottom, lay.top]);
  const riskTop = bottom + 62;
  const height = riskTop + group.curves.length * LINE + 10;
  const title = `Kaplan–Meier curves: ${input.outcome.name}, ${group.name}`;
  const data = {
    'data-outcome': input.outcome.outcome,
    'data-group': group.id,
    'data-x-max-months': axis.maxMonths,
    'data-y-min': 0,
    'data-y-max': 1,
    'data-plot-left': lay.left,
    'data-plot-top': lay.top,
    'data-plot-width': lay.plotWidth,
    'data-plot-height': PLOT_HEIGHT,
  };
  const body = [
    element('title', {}, escapeHtml(title)),
    legend(group, lay, minCellSize),
    ...group.curves.map((c, k) => element('polygon', { class: 'km-band', points: confidenceBandPoints(c.steps, curveEndDays(c), x, y), fill: colourAt(k) })),
    medianLines(group, x, y),
    ...group.curves.map((c, k) => curvePath(c, k, input.outcome.outcome, group.id, x, y)),
    yAxis(lay, y, input.outcome.name),
    xAxis(lay, axis, group, xMonths, x, bottom),
    riskTable(group, lay, x, riskTop, minCellSize),
  ];
  return figure('km-plot', WIDTH, height, data, body.join('\n'));
}

function curvePath(curve: ReleasedCurve, k: number, outcome: string, group: string, x: Scale, y: Scale): string {
  return element('path', {
    class: 'km-curve',
    d: kaplanMeierStepPath(curve.steps, curveEndDays(curve), x, y),
    stroke: colourAt(k),
    'data-arm': curve.arm,
    'data-outcome': outcome,
    'data-group': group,
    'data-end-days': curveEndDays(curve),
  }, element('title', {}, escapeHtml(curve.name)));
}

function legend(group: ReleasedCurveGroup, lay: Layout, minCellSize: number): string {
  return lay.legendRows
    .flatMap((row, r) =>
      row.map(({ x, curve: k }) => {
        const curve = group.curves[k]!;
        const cy = 12 + r * LINE;
        const lx = lay.left + x;
        const label = legendLabel(curve, minCellSize);
        return element('g', { class: 'km-legend-item', 'data-arm': curve.arm }, [
          element('line', { x1: lx, y1: cy - 4, x2: lx + SWATCH, y2: cy - 4, stroke: colourAt(k), class: 'swatch' }),
          text({ x: lx + SWATCH + 6, y: cy, class: 'legend' }, fitText(label, WIDTH - 60, FONT)),
        ].join(''));
      }),
    )
    .join('\n');
}

/**
 * A dashed line at 50 % up to the furthest median reached (across the plot when none is), and a dashed drop line
 * from 50 % to the time axis at each curve's median.
 */
function medianLines(group: ReleasedCurveGroup, x: Scale, y: Scale): string {
  const reached = group.curves.filter((c) => c.median.days !== null);
  const maxMedian = Math.max(...reached.map((c) => c.median.days!));
  const horizontalEnd = reached.length > 0 ? x(maxMedian) : x(Math.max(...group.curves.map(curveEndDays), 0));
  const lines = [element('line', { class: 'km-median-level', x1: x(0), y1: y(0.5), x2: horizontalEnd, y2: y(0.5) })];
  for (const curve of reached) {
    lines.push(element('line', { class: 'km-median', 'data-arm': curve.arm, 'data-median-days': curve.median.days, x1: x(curve.median.days!), y1: y(0.5), x2: x(curve.median.days!), y2: y(0) }));
  }
  return lines.join('\n');
}

function yAxis(lay: Layout, y: Scale, outcomeName: string): string {
  const parts = [element('line', { class: 'axis', x1: lay.left, y1: y(0), x2: lay.left, y2: y(1) })];
  for (let pct = 0; pct <= 100; pct += 20) {
    parts.push(element('line', { class: 'axis', x1: lay.left - 5, y1: y(pct / 100), x2: lay.left, y2: y(pct / 100) }));
    parts.push(text({ x: lay.left - 8, y: y(pct / 100) + 4, 'text-anchor': 'end', class: 'tick' }, String(pct)));
  }
  const cy = (y(0) + y(1)) / 2;
  parts.push(text({ x: 16, y: cy, transform: `rotate(-90 16 ${num(cy)})`, 'text-anchor': 'middle', class: 'axis-title' }, fitText(`${outcomeName} (%)`, PLOT_HEIGHT, FONT)));
  return parts.join('\n');
}

function xAxis(lay: Layout, axis: ReturnType<typeof timeAxis>, group: ReleasedCurveGroup, xMonths: Scale, x: Scale, bottom: number): string {
  const parts = [element('line', { class: 'axis', x1: lay.left, y1: bottom, x2: lay.left + lay.plotWidth, y2: bottom })];
  for (let m = 0; m <= axis.maxMonths + 1e-9; m += axis.tickMonths) {
    parts.push(element('line', { class: 'axis', x1: xMonths(m), y1: bottom, x2: xMonths(m), y2: bottom + 5 }));
    parts.push(text({ x: xMonths(m), y: bottom + 18, 'text-anchor': 'middle', class: 'tick' }, String(m)));
  }
  // Risk-table times between the labelled ticks get a minor tick, so that every column has a mark above it.
  const gridDays = [...new Set(group.curves.flatMap((c) => c.riskTable.map((r) => r.days)))];
  for (const d of gridDays) {
    const m = d / DAYS_PER_MONTH;
    if (Math.abs(m / axis.tickMonths - Math.round(m / axis.tickMonths)) > 1e-3) {
      parts.push(element('line', { class: 'axis', x1: x(d), y1: bottom, x2: x(d), y2: bottom + 3 }));
    }
  }
  parts.push(text({ x: lay.left + lay.plotWidth / 2, y: bottom + 38, 'text-anchor': 'middle', class: 'axis-title' }, 'Months since index'));
  return parts.join('\n');
}

/** Number at risk under the time axis: one row per curve, a column at each risk-table time, on the plot's x scale. */
function riskTable(group: ReleasedCurveGroup, lay: Layout, x: Scale, top: number, minCellSize: number): string {
  const parts = [text({ x: 8, y: top - 10, class: 'risk-title' }, 'Number at risk')];
  group.curves.forEach((curve, k) => {
    const cy = top + 4 + k * LINE;
    parts.push(element('line', { x1: 8, y1: cy - 4, x2: 8 + 14, y2: cy - 4, stroke: colourAt(k), class: 'swatch' }));
    parts.push(element('text', { x: 8 + 18, y: cy, class: 'risk-label', fill: colourAt(k) }, `${escapeHtml(fitText(curve.name, lay.labelWidth - 18, RISK_FONT))}${element('title', {}, escapeHtml(curve.name))}`));
    for (const row of curve.riskTable) {
      parts.push(text({ x: x(row.days), y: cy, 'text-anchor': 'middle', class: 'km-risk', 'data-arm': curve.arm, 'data-days': row.days }, formatCount(row.atRisk, minCellSize)));
    }
  });
  return parts.join('\n');
}
