import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCountPercent, formatMeanSd, formatMedianIqr, formatRange, formatTableOneCell } from '../src/format-table-one-cell.js';
import { quantile, quantileSorted } from '../src/quantile.js';
import { tableOne, type CategoricalSummary, type ContinuousSummary } from '../src/table-one.js';

describe('quantile (type 7, R default)', () => {
  it('agrees with R quantile() on small examples', () => {
    // R 4.2.2: quantile(c(62.5, 55, 70.25, 48, 81, 66, 59.5, 73), c(.25, .5, .75)) → 58.375 64.25 70.9375
    expect(quantile([62.5, 55, 70.25, 48, 81, 66, 59.5, 73], [0.25, 0.5, 0.75])).toEqual([58.375, 64.25, 70.9375]);
    // R: quantile(c(3.1, 1.7), c(.25, .5, .75)) → 2.0499999999999998 2.3999999999999999 2.75 (same doubles)
    expect(quantile([3.1, 1.7], [0.25, 0.5, 0.75])).toEqual([2.0499999999999998, 2.3999999999999999, 2.75]);
    // R: quantile(1:4, c(.1, .33)) → 1.30 1.99; by hand h = 3p: 1 + 0.3, 1 + 0.99
    const [q10, q33] = quantile([1, 2, 3, 4], [0.1, 0.33]);
    expect(q10).toBeCloseTo(1.3, 14);
    expect(q33).toBeCloseTo(1.99, 14);
    // Odd n by hand: [2, 4, 4, 5, 7, 9, 10], h = 6p → Q1 = x[1.5] = 4, median = x[3] = 5, Q3 = x[4.5] = 8.
    expect(quantile([10, 4, 2, 9, 5, 4, 7], [0.25, 0.5, 0.75])).toEqual([4, 5, 8]);
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(quantile([NaN, 3, Infinity], [0.5])).toEqual([3]);
  });

  it('property: monotone in p and between min and max', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const [qa, qb] = quantile(xs, [lo, hi]);
        expect(qa as number).toBeLessThanOrEqual(qb as number);
        expect(qa as number).toBeGreaterThanOrEqual(Math.min(...xs));
        expect(qb as number).toBeLessThanOrEqual(Math.max(...xs));
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});

describe('tableOne', () => {
  const age = [62.5, 55, 70.25, 48, 81, 66, 59.5, 73, null, 64];
  const sex = ['F', 'M', 'M', null, 'F', 'F', 'M', 'F', 'M', 'F'];
  const arm = ['B', 'A', 'A', 'A', 'B', 'B', null, 'A', 'B', 'B'];

  it('summarises continuous and categorical variables by group with an overall column first', () => {
    const t = tableOne(
      [
        { name: 'age', label: 'Age (years)', kind: 'continuous', values: age },
        { name: 'sex', kind: 'categorical', values: sex },
      ],
      { group: arm },
    );
    expect(t.columns).toEqual([
      { group: null, n: 9 },
      { group: 'A', n: 4 },
      { group: 'B', n: 5 },
    ]);
    expect(t.excludedMissingGroup).toBe(1);
    const ageRow = t.rows[0];
    if (ageRow?.kind !== 'continuous') throw new Error('expected continuous');
    expect(ageRow.label).toBe('Age (years)');
    // Group A: 55, 70.25, 48, 73 → by hand: mean 61.5625; sorted 48, 55, 70.25, 73; h = 3p.
    const a = ageRow.cells[1] as ContinuousSummary;
    expect(a.n).toBe(4);
    expect(a.missing).toBe(0);
    expect(a.mean).toBeCloseTo(61.5625, 12);
    expect(a.median).toBeCloseTo(62.625, 12);
    expect(a.q1).toBeCloseTo(53.25, 12);
    expect(a.q3).toBeCloseTo(70.9375, 12);
    expect([a.min, a.max]).toEqual([48, 73]);
    // Group B: 62.5, 81, 66, null, 64 → n 4, missing 1.
    const b = ageRow.cells[2] as ContinuousSummary;
    expect([b.n, b.missing]).toEqual([4, 1]);
    expect(b.sd).toBeCloseTo(Math.sqrt(((62.5 - 68.375) ** 2 + (81 - 68.375) ** 2 + (66 - 68.375) ** 2 + (64 - 68.375) ** 2) / 3), 12);

    const sexRow = t.rows[1];
    if (sexRow?.kind !== 'categorical') throw new Error('expected categorical');
    expect(sexRow.levels).toEqual(['F', 'M']);
    // A: M, M, null, F → F 1, M 2 of 3 non-missing.
    const sa = sexRow.cells[1] as CategoricalSummary;
    expect([sa.n, sa.missing]).toEqual([3, 1]);
    expect(sa.levels.map((l) => [l.level, l.count])).toEqual([
      ['F', 1],
      ['M', 2],
    ]);
    expect(sa.levels[1]?.percent).toBeCloseTo(200 / 3, 12);
  });

  const rowsArb = fc.array(
    fc.record({
      group: fc.option(fc.constantFrom('x', 'y', 'z'), { nil: null }),
      level: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }),
      value: fc.option(fc.double({ min: -100, max: 100, noNaN: true }), { nil: null }),
    }),
    { minLength: 0, maxLength: 60 },
  );

  it('property: group columns add up to the overall column; percentages add to 100', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const t = tableOne(
          [
            { name: 'v', kind: 'continuous', values: rows.map((r) => r.value) },
            { name: 'c', kind: 'categorical', values: rows.map((r) => r.level) },
          ],
          { group: rows.map((r) => r.group), overall: 'last' },
        );
        const overallIndex = t.columns.length - 1;
        const groups = t.columns.slice(0, overallIndex);
        expect(t.columns[overallIndex]?.group).toBeNull();
        expect(groups.reduce((s, c) => s + c.n, 0) + t.excludedMissingGroup).toBe(rows.length);
        const [v, c] = t.rows;
        if (v?.kind !== 'continuous' || c?.kind !== 'categorical') throw new Error('kinds');
        const sum = (f: (k: number) => number) => groups.reduce((s, _, k) => s + f(k), 0);
        const vo = v.cells[overallIndex] as ContinuousSummary;
        expect(sum((k) => (v.cells[k] as ContinuousSummary).n)).toBe(vo.n);
        expect(sum((k) => (v.cells[k] as ContinuousSummary).missing)).toBe(vo.missing);
        const co = c.cells[overallIndex] as CategoricalSummary;
        c.levels.forEach((_, l) => {
          expect(sum((k) => (c.cells[k] as CategoricalSummary).levels[l]?.count ?? 0)).toBe(co.levels[l]?.count);
        });
        for (const cell of c.cells as CategoricalSummary[]) {
          expect(cell.levels.reduce((s, l) => s + l.count, 0) + cell.missing).toBe(cell.n + cell.missing);
          if (cell.n > 0) expect(cell.levels.reduce((s, l) => s + l.percent, 0)).toBeCloseTo(100, 9);
        }
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('without a group there is one overall column; given level orders are kept', () => {
    const t = tableOne([{ name: 'stage', kind: 'categorical', values: ['II', 'I', 'IV', 'I'], levels: ['I', 'II', 'III', 'IV'] }]);
    expect(t.columns).toEqual([{ group: null, n: 4 }]);
    const row = t.rows[0];
    if (row?.kind !== 'categorical') throw new Error('kind');
    expect(row.cells[0]?.levels.map((l) => l.count)).toEqual([2, 1, 0, 1]);
  });

  it('rejects values outside the given levels without echoing them', () => {
    try {
      tableOne([{ name: 'stage', kind: 'categorical', values: ['II', 'SECRET-VALUE'], levels: ['I', 'II'] }]);
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid_input', details: { field: 'stage' } });
      expect(String((error as Error).message)).not.toContain('SECRET');
    }
  });
});

describe('cell formatting', () => {
  it('formats counts, mean (SD), median [IQR] and ranges', () => {
    expect(formatCountPercent({ count: 12, percent: (100 * 12) / 34.8 })).toBe('12 (34.5%)');
    expect(formatMeanSd({ mean: 62, sd: 8.123 })).toBe('62.0 (8.1)');
    expect(formatMedianIqr({ median: 62, q1: 55, q3: 70 })).toBe('62.0 [55.0–70.0]');
    expect(formatRange({ min: 41, max: 88 }, { digits: 0 })).toBe('41–88');
    expect(formatMeanSd({ mean: -0.04, sd: Number.NaN })).toBe('0.0 (NA)');
    const t = tableOne([{ name: 'x', kind: 'continuous', values: [1, 2, 3, null] }, { name: 's', kind: 'categorical', values: ['a', 'b', 'a', 'a'] }]);
    const [x, s] = t.rows;
    if (x?.kind !== 'continuous' || s?.kind !== 'categorical') throw new Error('kinds');
    expect(formatTableOneCell(x.cells[0] as ContinuousSummary, 'median_iqr')).toBe('2.0 [1.5–2.5]');
    expect(formatTableOneCell(x.cells[0] as ContinuousSummary, 'n_missing')).toBe('3 (1 missing)');
    expect(formatTableOneCell(s.cells[0] as CategoricalSummary, 'a')).toBe('3 (75.0%)');
  });
});
