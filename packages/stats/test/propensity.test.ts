import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { iptwWeights } from '../src/iptw-weights.js';
import { matchNearestNeighbour } from '../src/nearest-neighbour-matching.js';
import { fitPropensityScore } from '../src/propensity-score.js';

/** Units in strata, each stratum with at least one treated and one control (so the saturated model exists). */
const strata = fc
  .array(fc.record({ treated: fc.integer({ min: 1, max: 6 }), control: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 5 })
  .map((cells) => {
    const stratum: string[] = [];
    const treatment: number[] = [];
    cells.forEach((c, s) => {
      for (let k = 0; k < c.treated + c.control; k++) {
        stratum.push(`s${s}`);
        treatment.push(k < c.treated ? 1 : 0);
      }
    });
    return { stratum, treatment };
  });

/** The saturated propensity model: e = proportion treated in the unit's stratum. */
function saturatedScores(stratum: readonly string[], treatment: readonly number[]): Float64Array {
  const n = new Map<string, number>();
  const t = new Map<string, number>();
  stratum.forEach((s, i) => {
    n.set(s, (n.get(s) ?? 0) + 1);
    t.set(s, (t.get(s) ?? 0) + (treatment[i] as number));
  });
  return Float64Array.from(stratum, (s) => (t.get(s) ?? 0) / (n.get(s) ?? 1));
}

function weightedShare(weights: Float64Array, rows: (i: number) => boolean, inStratum: (i: number) => boolean): number {
  let all = 0;
  let part = 0;
  weights.forEach((w, i) => {
    if (!rows(i)) return;
    all += w;
    if (inStratum(i)) part += w;
  });
  return part / all;
}

describe('fitPropensityScore', () => {
  it('a factor-only model is saturated: the score is the proportion treated in the stratum', () => {
    const stratum = ['a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c', 'c'];
    const treatment = [1, 0, 0, 1, 1, 0, 1, 0, 1, 0];
    const ps = fitPropensityScore({ treatment, covariates: [{ name: 'stratum', kind: 'factor', values: stratum }] }, { epsilon: 1e-14 });
    const expected = saturatedScores(stratum, treatment);
    ps.propensityScore.forEach((e, i) => expect(e).toBeCloseTo(expected[i] as number, 10));
    ps.logit.forEach((l, i) => expect(l).toBeCloseTo(Math.log((expected[i] as number) / (1 - (expected[i] as number))), 8));
    expect(ps.model.terms.map((t) => t.name)).toEqual(['(Intercept)', 'stratumb', 'stratumc']);
  });

  it('refuses rows with missing covariates (positivity and weights need every unit)', () => {
    expect(() =>
      fitPropensityScore({ treatment: [1, 0, 1, 0, 1], covariates: [{ name: 'x', values: [1, 2, null, 4, 3] }] }),
    ).toThrowError(expect.objectContaining({ code: 'invalid_input', details: expect.objectContaining({ rowsMissing: 1 }) }));
  });
});

describe('iptwWeights', () => {
  it('formulas on a small example', () => {
    const t = [1, 0, 1, 0];
    const e = [0.8, 0.2, 0.5, 0.5];
    expect([...iptwWeights(t, e).weights]).toEqual([1.25, 1.25, 2, 2]);
    expect([...iptwWeights(t, e, { estimand: 'ATT' }).weights]).toEqual([1, 0.25, 1, 1]);
    iptwWeights(t, e, { estimand: 'ATC' }).weights.forEach((w, i) => expect(w).toBeCloseTo([0.25, 1, 1, 1][i] as number, 15));
    // p = 1/2: stabilized ATE halves the weights.
    expect([...iptwWeights(t, e, { stabilize: true }).weights]).toEqual([0.625, 0.625, 1, 1]);
    const ess = iptwWeights(t, e).effectiveSampleSize;
    expect(ess.treated).toBeCloseTo(3.25 ** 2 / (1.25 ** 2 + 4), 12);
  });

  it('ATE, saturated model: weighted stratum shares in each arm equal the overall shares', () => {
    fc.assert(
      fc.property(strata, ({ stratum, treatment }) => {
        const w = iptwWeights(treatment, saturatedScores(stratum, treatment)).weights;
        for (const s of new Set(stratum)) {
          const overall = stratum.filter((x) => x === s).length / stratum.length;
          const inS = (i: number) => stratum[i] === s;
          expect(weightedShare(w, (i) => treatment[i] === 1, inS)).toBeCloseTo(overall, 12);
          expect(weightedShare(w, (i) => treatment[i] === 0, inS)).toBeCloseTo(overall, 12);
        }
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  it('ATT, saturated model: weighted controls look like the treated', () => {
    fc.assert(
      fc.property(strata, ({ stratum, treatment }) => {
        const w = iptwWeights(treatment, saturatedScores(stratum, treatment), { estimand: 'ATT' }).weights;
        const nTreated = treatment.filter((t) => t === 1).length;
        for (const s of new Set(stratum)) {
          const treatedShare = stratum.filter((x, i) => x === s && treatment[i] === 1).length / nTreated;
          expect(weightedShare(w, (i) => treatment[i] === 0, (i) => stratum[i] === s)).toBeCloseTo(treatedShare, 12);
        }
      }),
      { seed: 2, numRuns: 200 },
    );
  });

  it('stabilized weights average 1 in each arm under a saturated model (ATE and ATT)', () => {
    fc.assert(
      fc.property(strata, fc.constantFrom('ATE' as const, 'ATT' as const, 'ATC' as const), ({ stratum, treatment }, estimand) => {
        const w = iptwWeights(treatment, saturatedScores(stratum, treatment), { estimand, stabilize: true }).weights;
        for (const arm of [0, 1]) {
          const ws = [...w].filter((_, i) => treatment[i] === arm);
          expect(ws.reduce((a, b) => a + b, 0) / ws.length).toBeCloseTo(1, 12);
        }
      }),
      { seed: 3, numRuns: 200 },
    );
  });

  it('Kish ESS is at most the arm size, and equal to it with equal weights', () => {
    fc.assert(
      fc.property(strata, ({ stratum, treatment }) => {
        const r = iptwWeights(treatment, saturatedScores(stratum, treatment));
        expect(r.effectiveSampleSize.treated).toBeLessThanOrEqual(r.counts.treated + 1e-9);
        expect(r.effectiveSampleSize.control).toBeLessThanOrEqual(r.counts.control + 1e-9);
      }),
      { seed: 4, numRuns: 100 },
    );
    expect(iptwWeights([1, 1, 0, 0], [0.5, 0.5, 0.5, 0.5]).effectiveSampleSize).toEqual({ treated: 2, control: 2, overall: 4 });
  });

  it('trims by fixed bounds and by percentiles, and re-derives p among the kept units', () => {
    const t = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
    const e = [0.95, 0.6, 0.5, 0.3, 0.6, 0.4, 0.3, 0.2, 0.1, 0.02];
    const bounded = iptwWeights(t, e, { trim: { kind: 'bounds', lower: 0.1, upper: 0.9 }, stabilize: true });
    expect([...bounded.trimmed]).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(bounded.weights[0]).toBe(0);
    expect(bounded.weights[9]).toBe(0);
    expect(bounded.counts).toEqual({ treated: 4, control: 6, treatedTrimmed: 1, controlTrimmed: 1 });
    expect(bounded.marginalTreated).toBeCloseTo(3 / 8, 15);
    expect(bounded.weights[1]).toBeCloseTo(3 / 8 / 0.6, 15);
    // Percentiles of all ten scores, type 7: 10 % → 0.092, 90 % → 0.635.
    const pct = iptwWeights(t, e, { trim: { kind: 'percentile', lower: 0.1, upper: 0.9 } });
    expect(pct.keptInterval.lower).toBeCloseTo(0.092, 12);
    expect(pct.keptInterval.upper).toBeCloseTo(0.635, 12);
    expect([...pct.trimmed]).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    // Stürmer's asymmetric rule: below the 5th percentile of the treated (0.33) or above the 95th of the controls (0.55).
    const asym = iptwWeights(t, e, { trim: { kind: 'percentile', lower: 0.05, upper: 0.95, within: 'asymmetric' } });
    expect(asym.keptInterval.lower).toBeCloseTo(0.33, 12);
    expect(asym.keptInterval.upper).toBeCloseTo(0.55, 12);
    expect([...asym.trimmed]).toEqual([1, 1, 0, 1, 1, 0, 1, 1, 1, 1]);
  });

  it('refuses scores that give infinite weights, and arms emptied by trimming', () => {
    expect(() => iptwWeights([1, 0], [0, 0.5])).toThrowError(expect.objectContaining({ code: 'invalid_input', details: expect.objectContaining({ row: 0 }) }));
    expect(() => iptwWeights([1, 0], [0.95, 0.5], { trim: { kind: 'bounds', lower: 0.1, upper: 0.9 } })).toThrowError(
      expect.objectContaining({ code: 'invalid_input' }),
    );
  });
});

/** The obvious O(n²) greedy algorithm, to check the fast one against. */
function naiveGreedy(t: readonly number[], e: readonly number[], caliperWidth: number, replace: boolean, order: 'largest' | 'smallest' | 'data') {
  const logit = e.map((p) => Math.log(p / (1 - p)));
  const treated = t.flatMap((x, i) => (x === 1 ? [i] : []));
  if (order !== 'data') treated.sort((a, b) => (order === 'largest' ? -1 : 1) * ((logit[a] as number) - (logit[b] as number)) || a - b);
  const used = new Set<number>();
  const pairs: [number, number][] = [];
  for (const i of treated) {
    let best = -1;
    let bestD = Infinity;
    t.forEach((x, j) => {
      if (x !== 0 || (!replace && used.has(j))) return;
      const d = Math.abs((logit[i] as number) - (logit[j] as number));
      if (d < bestD) {
        best = j;
        bestD = d;
      }
    });
    if (best >= 0 && bestD <= caliperWidth) {
      pairs.push([i, best]);
      used.add(best);
    }
  }
  return pairs;
}

describe('matchNearestNeighbour', () => {
  const units = fc
    .array(fc.record({ t: fc.integer({ min: 0, max: 1 }), e: fc.integer({ min: 1, max: 49 }).map((k) => k / 50) }), { minLength: 4, maxLength: 60 })
    .filter((rows) => rows.filter((r) => r.t === 1).length >= 2 && rows.filter((r) => r.t === 0).length >= 2);

  it('the docstring example', () => {
    const m = matchNearestNeighbour([1, 1, 0, 0, 0], [0.7, 0.4, 0.65, 0.3, 0.45], { caliper: null });
    expect(m.pairs.map((p) => [p.treated, p.control])).toEqual([
      [0, 2],
      [1, 4],
    ]);
    expect(m.counts).toEqual({ treated: 2, control: 3, treatedMatched: 2, treatedUnmatched: 0, controlsUsed: 2, controlsUnused: 1 });
    expect([...m.weights]).toEqual([1, 1, 1, 0, 1]);
  });

  it('caliper is 0.2 × pooled SD of the logit by default and no pair is farther apart', () => {
    fc.assert(
      fc.property(units, fc.boolean(), (rows, replace) => {
        const t = rows.map((r) => r.t);
        const e = rows.map((r) => r.e);
        const m = matchNearestNeighbour(t, e, { replace });
        const logit = e.map((p) => Math.log(p / (1 - p)));
        const sdOf = (arm: number) => {
          const xs = logit.filter((_, i) => t[i] === arm);
          const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
          return xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1);
        };
        expect(m.caliperWidth).toBeCloseTo(0.2 * Math.sqrt((sdOf(1) + sdOf(0)) / 2), 12);
        for (const p of m.pairs) {
          expect(p.distance).toBeLessThanOrEqual(m.caliperWidth);
          expect(p.distance).toBeCloseTo(Math.abs((logit[p.treated] as number) - (logit[p.control] as number)), 12);
          expect(t[p.treated]).toBe(1);
          expect(t[p.control]).toBe(0);
        }
        expect(m.counts.treatedMatched + m.counts.treatedUnmatched).toBe(m.counts.treated);
      }),
      { seed: 5, numRuns: 300 },
    );
  });

  it('without replacement no control is used twice; the result is the plain greedy algorithm, deterministically', () => {
    fc.assert(
      fc.property(
        units,
        fc.boolean(),
        fc.constantFrom('largest' as const, 'smallest' as const, 'data' as const),
        fc.option(fc.constantFrom(0.05, 0.2, 1), { nil: null }),
        (rows, replace, order, caliper) => {
          const t = rows.map((r) => r.t);
          const e = rows.map((r) => r.e);
          const m = matchNearestNeighbour(t, e, { replace, order, caliper });
          const controls = m.pairs.map((p) => p.control);
          if (!replace) expect(new Set(controls).size).toBe(controls.length);
          expect(m.pairs.map((p) => [p.treated, p.control])).toEqual(naiveGreedy(t, e, m.caliperWidth, replace, order));
          expect(matchNearestNeighbour(t, e, { replace, order, caliper })).toEqual(m);
          const controlWeight = [...m.weights].filter((_, i) => t[i] === 0).reduce((a, b) => a + b, 0);
          expect(controlWeight).toBe(m.pairs.length);
        },
      ),
      { seed: 6, numRuns: 400 },
    );
  });

  it('leaves a treated unit unmatched when its nearest control is outside the caliper', () => {
    const m = matchNearestNeighbour([1, 1, 0, 0, 0, 0], [0.99, 0.5, 0.5, 0.45, 0.55, 0.4]);
    expect(m.unmatchedTreated).toEqual([0]);
    expect(m.pairs).toEqual([{ treated: 1, control: 2, distance: 0 }]);
  });
});
