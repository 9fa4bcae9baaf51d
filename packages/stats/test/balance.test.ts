import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { balanceTable } from '../src/balance-table.js';
import { iptwWeights } from '../src/iptw-weights.js';
import { matchNearestNeighbour } from '../src/nearest-neighbour-matching.js';
import { standardizedMeanDifference } from '../src/standardized-mean-difference.js';

describe('standardizedMeanDifference', () => {
  it('continuous: difference in means over √((s₁² + s₀²)/2), by hand', () => {
    // treated 1, 2, 3 (mean 2, var 1); control 4, 5, 6, 9 (mean 6, var 14/3).
    const r = standardizedMeanDifference([1, 2, 3, 4, 5, 6, 9], [1, 1, 1, 0, 0, 0, 0]);
    expect(r.kind).toBe('continuous');
    expect(r.smd).toBeCloseTo(-4 / Math.sqrt((1 + 14 / 3) / 2), 14);
    expect(r.varianceRatio).toBeCloseTo(1 / (14 / 3), 14);
  });

  it('binary: proportions with p(1 − p) variances, detected from 0/1 coding', () => {
    const r = standardizedMeanDifference([1, 1, 0, 1, 0, 0, 0], [1, 1, 1, 0, 0, 0, 0]);
    expect(r.kind).toBe('binary');
    const p1 = 2 / 3;
    const p0 = 1 / 4;
    expect(r.smd).toBeCloseTo((p1 - p0) / Math.sqrt((p1 * (1 - p1) + p0 * (1 - p0)) / 2), 14);
    expect(r.varianceRatio).toBeNull();
  });

  it('weighted: weighted means and reliability-weighted variances, unweighted denominator', () => {
    // treated x = 1, 2, 3 with w = 1, 1, 2: mean 2.25, Σw(x − m)² = 2.75, var = 2.75·4/(16 − 6) = 1.1.
    // control x = 4, 5, 6 with w = 1: mean 5, var 1.
    const x = [1, 2, 3, 4, 5, 6];
    const t = [1, 1, 1, 0, 0, 0];
    const before = standardizedMeanDifference(x, t);
    const after = standardizedMeanDifference(x, t, { weights: [1, 1, 2, 1, 1, 1] });
    expect(after.meanTreated).toBeCloseTo(2.25, 14);
    expect(after.varianceRatio).toBeCloseTo(1.1, 14);
    expect(after.standardizingSd).toBe(before.standardizingSd);
    expect(after.smd).toBeCloseTo((2.25 - 5) / 1, 14);
    expect(standardizedMeanDifference(x, t, { denominator: 'treated', weights: [1, 1, 2, 1, 1, 1] }).smd).toBeCloseTo(-2.75, 14);
  });

  it('property: weights all 1 change nothing; scaling the weights changes nothing', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.double({ min: -50, max: 50, noNaN: true }), t: fc.integer({ min: 0, max: 1 }), w: fc.double({ min: 0.1, max: 10, noNaN: true }) }), { minLength: 6, maxLength: 40 }),
        fc.double({ min: 0.01, max: 100, noNaN: true }),
        (rows, k) => {
          if (rows.filter((r) => r.t === 1).length < 2 || rows.filter((r) => r.t === 0).length < 2) return;
          const x = rows.map((r) => r.x);
          const t = rows.map((r) => r.t);
          const before = standardizedMeanDifference(x, t, { kind: 'continuous' });
          const ones = standardizedMeanDifference(x, t, { kind: 'continuous', weights: rows.map(() => 1) });
          expect(ones.smd).toBeCloseTo(before.smd, 9);
          const w = standardizedMeanDifference(x, t, { kind: 'continuous', weights: rows.map((r) => r.w) });
          const kw = standardizedMeanDifference(x, t, { kind: 'continuous', weights: rows.map((r) => k * r.w) });
          if (Number.isFinite(w.smd)) expect(kw.smd).toBeCloseTo(w.smd, 8);
        },
      ),
      { seed: 21, numRuns: 300 },
    );
  });
});

describe('balanceTable', () => {
  const treatment = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
  const age = [70, 65, 72, 60, 55, 62, 50, 58, 61, 66];
  const stage = ['III', 'IV', 'IV', 'III', 'I', 'III', 'II', 'I', 'IV', 'II'];
  const stratum = ['a', 'a', 'a', 'b', 'a', 'b', 'b', 'b', 'b', 'a'];

  it('one row per numeric covariate and per factor level; mirrored SMDs for a two-level factor', () => {
    const rows = balanceTable({
      treatment,
      covariates: [
        { name: 'age', values: age },
        { name: 'stage', kind: 'factor', values: stage },
        { name: 'stratum', kind: 'factor', values: stratum },
      ],
    });
    expect(rows.map((r) => [r.covariate, r.level, r.kind])).toEqual([
      ['age', null, 'continuous'],
      ['stage', 'I', 'binary'],
      ['stage', 'II', 'binary'],
      ['stage', 'III', 'binary'],
      ['stage', 'IV', 'binary'],
      ['stratum', 'a', 'binary'],
      ['stratum', 'b', 'binary'],
    ]);
    expect(rows.every((r) => r.after === null)).toBe(true);
    expect(rows[5]?.before.smd).toBeCloseTo(-(rows[6]?.before.smd as number), 14);
    // stage I: treated 0/4, control 2/6 → (0 − 1/3)/√((0 + 2/9)/2).
    expect(rows[1]?.before.smd).toBeCloseTo(-(1 / 3) / Math.sqrt(1 / 9), 14);
  });

  it('ATE weights from a saturated model balance the stratum exactly (SMD after = 0)', () => {
    const e = stratum.map((s) => {
      const inS = stratum.map((x, i) => (x === s ? i : -1)).filter((i) => i >= 0);
      return inS.filter((i) => treatment[i] === 1).length / inS.length;
    });
    const w = iptwWeights(treatment, e).weights;
    const rows = balanceTable({ treatment, covariates: [{ name: 'stratum', kind: 'factor', values: stratum }], weights: w });
    for (const r of rows) {
      expect(Math.abs(r.before.smd)).toBeGreaterThan(0.1);
      expect(r.after?.smd).toBeCloseTo(0, 12);
    }
  });

  it('accepts matching weights (controls counted as often as they were used)', () => {
    const e = [0.8, 0.7, 0.75, 0.5, 0.3, 0.55, 0.2, 0.35, 0.72, 0.6];
    const m = matchNearestNeighbour(treatment, e, { caliper: null, replace: true });
    const [row] = balanceTable({ treatment, covariates: [{ name: 'age', values: age }], weights: m.weights });
    const matchedControlAge = m.pairs.reduce((s, p) => s + (age[p.control] as number), 0) / m.pairs.length;
    expect(row?.after?.meanControl).toBeCloseTo(matchedControlAge, 12);
  });
});
