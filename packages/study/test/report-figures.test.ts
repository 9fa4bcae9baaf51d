import { describe, expect, it } from 'vitest';
import { DAYS_PER_MONTH, HR_METHODS, type CurveStep } from '../src/results/study-results.js';
import { attritionDiagram } from '../src/report/attrition-diagram.js';
import { forestPlot, isNotEstimable, type ReleasedComparison } from '../src/report/forest-plot.js';
import { curveEndDays, kaplanMeierPlot, kaplanMeierStepPath, timeAxis, type ReleasedCurve, type ReleasedCurveGroup } from '../src/report/kaplan-meier-plot.js';
import { lovePlot } from '../src/report/love-plot.js';
import { findElements, numberAttr, parseStepPath, textOf } from './report-geometry.js';
import { MIN_CELL_SIZE, releasedStudyFixture } from './fixtures/released-study.js';

const fixture = releasedStudyFixture();
const groups = fixture.study.outcomes.flatMap((outcome) => outcome.curveGroups.map((group) => ({ outcome, group })));

function plotOf(outcome: (typeof groups)[number]['outcome'], group: ReleasedCurveGroup): { svg: string; scale: { x: (px: number) => number; y: (py: number) => number; px: (days: number) => number; py: (s: number) => number; xMax: number } } {
  const svg = kaplanMeierPlot({ outcome, group, minCellSize: MIN_CELL_SIZE });
  const root = findElements(svg, 'svg')[0]!;
  const left = numberAttr(root, 'plot-left');
  const top = numberAttr(root, 'plot-top');
  const width = numberAttr(root, 'plot-width');
  const height = numberAttr(root, 'plot-height');
  const xMax = numberAttr(root, 'x-max-months');
  expect([numberAttr(root, 'y-min'), numberAttr(root, 'y-max')]).toEqual([0, 1]);
  return {
    svg,
    scale: {
      xMax,
      x: (px) => ((px - left) / width) * xMax,
      y: (py) => 1 - (py - top) / height,
      px: (days) => left + (days / DAYS_PER_MONTH / xMax) * width,
      py: (s) => top + (1 - s) * height,
    },
  };
}

describe('Kaplan–Meier step path', () => {
  it('is built from the steps: from (0, 1), across then down at each step, flat to the end', () => {
    const steps: CurveStep[] = [
      { days: 10, survival: 0.5, lower: 0.3, upper: 0.7 },
      { days: 15, survival: 0.25, lower: 0.1, upper: 0.5 },
    ];
    expect(kaplanMeierStepPath(steps, 40, (d) => d, (s) => 100 - 100 * s)).toBe('M0,0H10V50H15V75H40');
    expect(kaplanMeierStepPath([], 0, (d) => d, (s) => 100 - 100 * s)).toBe('M0,0H0');
  });

  it('ends at the last step, or where the curve was cut when that is later', () => {
    const curve = fixture.study.outcomes[0]!.curveGroups[0]!.curves[0]!;
    const cut: ReleasedCurve = { ...curve, truncatedAtDays: curve.steps.at(-1)!.days + 40 };
    expect(curveEndDays({ ...curve, truncatedAtDays: null })).toBe(curve.steps.at(-1)!.days);
    expect(curveEndDays(cut)).toBe(curve.steps.at(-1)!.days + 40);
  });

  // The path's coordinates carry 4 decimals of a pixel: mapped back they meet the steps to 1e-6 of the axis.
  it.each(groups.map((g) => [`${g.outcome.outcome} ${g.group.id}`, g] as const))('maps back onto every step of %s', (_, { outcome, group }) => {
    const { svg, scale } = plotOf(outcome, group);
    const paths = findElements(svg, 'path', 'km-curve');
    expect(paths.map((p) => p.attrs['data-arm'])).toEqual(group.curves.map((c) => c.arm));
    for (const [k, curve] of group.curves.entries()) {
      const path = paths[k]!;
      expect([path.attrs['data-outcome'], path.attrs['data-group']]).toEqual([outcome.outcome, group.id]);
      const corners = parseStepPath(path.attrs['d']!);
      const close = (got: number, want: number, span: number): void => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-6 * span);
      close(scale.x(corners.start.x), 0, scale.xMax);
      close(scale.y(corners.start.y), 1, 1);
      expect(corners.steps).toHaveLength(curve.steps.length);
      curve.steps.forEach((step, i) => {
        close(scale.x(corners.steps[i]!.x), step.days / DAYS_PER_MONTH, scale.xMax);
        close(scale.y(corners.steps[i]!.y), step.survival, 1);
      });
      close(scale.x(corners.endX), curveEndDays(curve) / DAYS_PER_MONTH, scale.xMax);
    }
  });

  it('shows the whole follow-up on an axis ticked every 6 months up to 4 years, every 12 beyond', () => {
    for (const { group } of groups) {
      const axis = timeAxis(group);
      const lastDays = Math.max(...group.curves.flatMap((c) => [curveEndDays(c), ...c.riskTable.map((r) => r.days)]));
      expect(axis.maxMonths * DAYS_PER_MONTH).toBeGreaterThanOrEqual(lastDays - 0.5);
      expect(axis.maxMonths % axis.tickMonths).toBe(0);
      expect(axis.tickMonths).toBe(axis.maxMonths <= 48 ? 6 : 12);
    }
    const short: ReleasedCurveGroup = { ...groups[0]!.group, curves: [{ ...groups[0]!.group.curves[0]!, steps: [], truncatedAtDays: 300, riskTable: [] }] };
    expect(timeAxis(short)).toEqual({ maxMonths: 12, tickMonths: 6 });
  });
});

describe('Kaplan–Meier figure', () => {
  it('drops a dashed line from 50 % to the axis at each median reached, and only there', () => {
    for (const { outcome, group } of groups) {
      const { svg, scale } = plotOf(outcome, group);
      const lines = findElements(svg, 'line', 'km-median');
      const reached = group.curves.filter((c) => c.median.days !== null);
      expect(lines.map((l) => l.attrs['data-arm'])).toEqual(reached.map((c) => c.arm));
      for (const [k, curve] of reached.entries()) {
        const line = lines[k]!.attrs;
        expect(Number(line['x1'])).toBeCloseTo(scale.px(curve.median.days!), 3);
        expect(Number(line['x2'])).toBeCloseTo(scale.px(curve.median.days!), 3);
        expect(Number(line['y1'])).toBeCloseTo(scale.py(0.5), 3);
        expect(Number(line['y2'])).toBeCloseTo(scale.py(0), 3);
      }
      const level = findElements(svg, 'line', 'km-median-level')[0]!.attrs;
      expect(Number(level['y1'])).toBeCloseTo(scale.py(0.5), 3);
      expect(Number(level['x2'])).toBeCloseTo(scale.px(Math.max(...reached.map((c) => c.median.days!))), 3);
    }
  });

  it('prints the number at risk of each curve at each grid time, hidden ones as "<10", on the plot’s x scale', () => {
    const { outcome, group } = groups[0]!;
    const { svg, scale } = plotOf(outcome, group);
    const cells = findElements(svg, 'text', 'km-risk');
    const expected = group.curves.flatMap((c) => c.riskTable.map((r) => ({ arm: c.arm, days: r.days, atRisk: r.atRisk })));
    expect(cells).toHaveLength(expected.length);
    for (const [k, e] of expected.entries()) {
      const cell = cells[k]!;
      expect([cell.attrs['data-arm'], Number(cell.attrs['data-days'])]).toEqual([e.arm, e.days]);
      expect(textOf(cell.inner)).toBe(typeof e.atRisk === 'number' ? e.atRisk.toLocaleString('en-US') : e.atRisk.suppressed === 'small' ? '<10' : '—');
      expect(Number(cell.attrs['x'])).toBeCloseTo(scale.px(e.days), 3);
    }
    expect(cells.filter((c) => textOf(c.inner) === '<10').length).toBeGreaterThan(5);
  });

  it('lists an arm with nothing released in the legend, as not drawn', () => {
    const { outcome, group } = groups[0]!;
    const legend = findElements(plotOf(outcome, group).svg, 'g', 'km-legend-item').map((g) => textOf(g.inner));
    expect(legend).toEqual(['ROS1 TKI (n = 251)', 'Chemotherapy alone (n = 198)', 'Immunotherapy (n <10, not drawn)']);
  });

  it('draws the confidence band as a stepped polygon that starts and ends on the curve’s extent', () => {
    const { outcome, group } = groups[0]!;
    const { svg, scale } = plotOf(outcome, group);
    const band = findElements(svg, 'polygon', 'km-band')[0]!;
    const points = band.attrs['points']!.split(' ').map((p) => p.split(',').map(Number) as [number, number]);
    const curve = group.curves[0]!;
    expect(points).toHaveLength(2 * (2 + 2 * curve.steps.length));
    expect(scale.y(points[0]![1])).toBeCloseTo(1, 9);
    expect(scale.x(points[points.length / 2 - 1]![0])).toBeCloseTo(curveEndDays(curve) / DAYS_PER_MONTH, 4);
    // Upper limits go forwards, each at or above the curve.
    curve.steps.forEach((s, i) => expect(scale.y(points[2 + 2 * i]![1])).toBeCloseTo(s.upper, 5));
  });
});

describe('forest plot', () => {
  const comparisons = fixture.study.comparisons;
  const svg = forestPlot(comparisons);
  const root = findElements(svg, 'svg')[0]!;
  const [min, max, left, width] = ['x-min', 'x-max', 'plot-left', 'plot-width'].map((n) => numberAttr(root, n)) as [number, number, number, number];
  const x = (hr: number): number => left + (width * Math.log(hr / min)) / Math.log(max / min);

  it('places each hazard ratio on a log axis', () => {
    const rows = findElements(svg, 'g', 'forest-row');
    expect(rows).toHaveLength(comparisons.length * HR_METHODS.length);
    for (const row of rows) {
      const c = comparisons.find((k) => k.comparison === row.attrs['data-comparison'] && k.outcome === row.attrs['data-outcome'] && (k.sensitivity ?? undefined) === row.attrs['data-sensitivity'])!;
      const estimate = c.estimates[row.attrs['data-method'] as (typeof HR_METHODS)[number]];
      const points = findElements(row.inner, 'circle', 'forest-point');
      if (isNotEstimable(estimate)) {
        expect(points).toEqual([]);
        expect(textOf(row.inner)).toContain(`not estimable: ${estimate.notEstimable}`);
        continue;
      }
      expect(Number(points[0]!.attrs['cx'])).toBeCloseTo(x(estimate.hr), 3);
      const ci = findElements(row.inner, 'line', 'forest-ci')[0]!.attrs;
      expect(Number(ci['x1'])).toBeCloseTo(x(estimate.lower), 3);
      expect(Number(ci['x2'])).toBeCloseTo(x(estimate.upper), 3);
    }
  });

  it('puts 0.5 and 2 at the same distance either side of the line of no effect', () => {
    const base = comparisons[0]!;
    const symmetric: ReleasedComparison = { ...base, estimates: { unadjusted: { hr: 0.5, lower: 0.25, upper: 1, p: 0.05 }, adjusted: { hr: 2, lower: 1, upper: 4, p: 0.05 }, iptw: { hr: 1, lower: 0.5, upper: 2, p: 1 } } };
    const plot = forestPlot([symmetric]);
    const cx = findElements(plot, 'circle', 'forest-point').map((c) => Number(c.attrs['cx']));
    expect(cx[2]! - cx[0]!).toBeCloseTo(cx[1]! - cx[2]!, 3);
    const reference = findElements(plot, 'line', 'ref-line').map((l) => Number(l.attrs['x1']));
    for (const r of reference) expect(r).toBeCloseTo(cx[2]!, 3);
  });

  it('labels each row "comparison · outcome · method", and the sensitivity variant', () => {
    const labels = findElements(svg, 'g', 'forest-row').map((r) => r.attrs['data-label']);
    expect(labels.slice(0, 3)).toEqual(['ROS1 TKI vs chemotherapy · rwOS · unadjusted', 'ROS1 TKI vs chemotherapy · rwOS · adjusted', 'ROS1 TKI vs chemotherapy · rwOS · IPTW']);
    expect(labels.at(-1)).toBe('ROS1 TKI vs chemotherapy · rwOS · IPTW · sensitivity: complete-case');
    expect(textOf(svg)).toContain('0.46 (0.36–0.59)');
  });
});

describe('love plot', () => {
  it('places |SMD| before (open) and after (filled) weighting on a linear axis, with the 0.1 line', () => {
    const comparison = fixture.study.comparisons[0]!;
    const svg = lovePlot(comparison, 'balance', (c) => c);
    const root = findElements(svg, 'svg')[0]!;
    const [left, width, max] = ['plot-left', 'plot-width', 'x-max'].map((n) => numberAttr(root, n)) as [number, number, number];
    const x = (v: number): number => left + (Math.abs(v) / max) * width;
    const rows = findElements(svg, 'g', 'balance-row');
    expect(rows).toHaveLength(comparison.balance.length);
    for (const [k, row] of rows.entries()) {
      const b = comparison.balance[k]!;
      expect(Number(findElements(row.inner, 'circle', 'smd-before')[0]!.attrs['cx'])).toBeCloseTo(x(b.smdBefore), 3);
      expect(Number(findElements(row.inner, 'circle', 'smd-after')[0]!.attrs['cx'])).toBeCloseTo(x(b.smdAfter!), 3);
    }
    expect(Number(findElements(svg, 'line', 'threshold-line')[0]!.attrs['x1'])).toBeCloseTo(x(0.1), 3);
  });
});

describe('attrition diagram', () => {
  it('shows remaining and excluded counts per step, hidden ones as "<10" and "—"', () => {
    const svg = attritionDiagram(fixture.study.attrition, MIN_CELL_SIZE);
    const remaining = findElements(svg, 'g', 'attrition-step').map((g) => textOf(findElements(g.inner, 'text').find((t) => t.attrs['data-count'] === 'remaining')!.inner));
    const excluded = findElements(svg, 'g', 'attrition-exclusion').map((g) => textOf(findElements(g.inner, 'text').find((t) => t.attrs['data-count'] === 'excluded')!.inner));
    expect(remaining).toEqual(['n = 1,284', 'n = 842', 'n = —', 'n = 611', 'n = 583']);
    expect(excluded).toEqual(['Excluded: n = 442', 'Excluded: n <10', 'Excluded: n = —', 'Excluded: n = 28']);
  });
});
