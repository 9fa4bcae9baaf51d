import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../src/distributions.js';
import { metaAnalysis, type MetaAnalysisStudy } from '../src/meta-analysis.js';

/**
 * The BCG vaccine trials (Colditz et al. 1994, JAMA 271:698; metafor's `dat.bcg`): [tpos, tneg, cpos, cneg] of 13
 * trials, analysed as log risk ratios — the worked example of DerSimonian–Laird in metafor's documentation and many
 * textbooks. Published (metafor `rma(yi, vi, method = "DL")`, 4 decimals): μ̂ = −0.7141, SE 0.1787, τ² = 0.3088,
 * I² = 92.12 %, Q = 152.2330 on 12 df; fixed effect −0.4303 (SE 0.0405).
 */
const BCG: readonly (readonly [number, number, number, number])[] = [
  [4, 119, 11, 128], [6, 300, 29, 274], [3, 228, 11, 209], [62, 13536, 248, 12619], [33, 5036, 47, 5761],
  [180, 1361, 372, 1079], [8, 2537, 10, 619], [505, 87886, 499, 87892], [29, 7470, 45, 7232], [17, 1699, 65, 1600],
  [186, 50448, 141, 27197], [5, 2493, 3, 2338], [27, 16886, 29, 17825],
];
const bcgStudies: MetaAnalysisStudy[] = BCG.map(([a, b, c, d]) => ({
  estimate: Math.log(a / (a + b) / (c / (c + d))),
  se: Math.sqrt(1 / a - 1 / (a + b) + 1 / c - 1 / (c + d)),
}));

function expectRelative(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('metaAnalysis', () => {
  it('reproduces the published DerSimonian–Laird analysis of the BCG trials', () => {
    const m = metaAnalysis(bcgStudies);
    expect(m.k).toBe(13);
    expect(m.heterogeneity.df).toBe(12);
    expect(m.random.estimate).toBeCloseTo(-0.7141, 4);
    expect(m.random.se).toBeCloseTo(0.1787, 4);
    expect(m.heterogeneity.tau2).toBeCloseTo(0.3088, 4);
    expect(m.heterogeneity.i2).toBeCloseTo(92.12, 2);
    expect(m.heterogeneity.q).toBeCloseTo(152.233, 3);
    expect(m.fixed.estimate).toBeCloseTo(-0.4303, 4);
    expect(m.fixed.se).toBeCloseTo(0.0405, 4);
  });

  it('agrees to 1e-9 with the formulas computed independently in R', () => {
    // R 4.2.2, base R only (no metafor on this machine): w <- 1/v; fe <- sum(w*y)/sum(w); Q <- sum(w*(y-fe)^2);
    // tau2 <- max(0, (Q-df)/(sum(w)-sum(w^2)/sum(w))); ws <- 1/(v+tau2); re <- sum(ws*y)/sum(ws); p by pnorm/pchisq.
    const m = metaAnalysis(bcgStudies);
    const r = 1e-9;
    expectRelative(m.fixed.estimate, -0.43028516365409064, r);
    expectRelative(m.fixed.se, 0.040498751710863812, r);
    expectRelative(m.fixed.z, -10.624652501046505, r);
    expectRelative(m.fixed.p, 2.2886293069734193e-26, 1e-6);
    expectRelative(m.fixed.lower, -0.50966125842621357, r);
    expectRelative(m.random.estimate, -0.71411722207322703, r);
    expectRelative(m.random.se, 0.17874208953540319, r);
    expectRelative(m.random.z, -3.9952381888865793, r);
    expectRelative(m.random.p, 6.4629243047040333e-5, 1e-6);
    expectRelative(m.random.lower, -1.0644452800840509, r);
    expectRelative(m.random.upper, -0.36378916406240319, r);
    expectRelative(m.random.hr, Math.exp(-0.71411722207322703), r);
    expectRelative(m.heterogeneity.q, 152.2330080823734, r);
    expectRelative(m.heterogeneity.p, 1.9967645908458676e-26, 1e-6);
    expectRelative(m.heterogeneity.tau2, 0.30876026286237646, r);
    expectRelative(m.heterogeneity.i2, 92.117346854562058, r);
    expectRelative(m.heterogeneity.h, 3.5617529401776942, r);
    // level = 0.90: re - qnorm(0.95) * se
    expectRelative(metaAnalysis(bcgStudies, { level: 0.9 }).random.lower, -1.0081217963344196, r);
  });

  it('derives the SE from a hazard ratio and its 95 % CI on the log scale', () => {
    const z = normalQuantile(0.975);
    const fromCi = bcgStudies.map((s) => {
      if (!('se' in s)) throw new Error('unexpected');
      return { hr: Math.exp(s.estimate), lower: Math.exp(s.estimate - z * s.se), upper: Math.exp(s.estimate + z * s.se) };
    });
    const a = metaAnalysis(fromCi);
    const b = metaAnalysis(bcgStudies);
    expectRelative(a.random.estimate, b.random.estimate, 1e-12);
    expectRelative(a.heterogeneity.tau2, b.heterogeneity.tau2, 1e-10);
    a.studies.forEach((s, i) => expectRelative(s.se, (bcgStudies[i] as { se: number }).se, 1e-12));
    // HR 0.8 (0.64–1.00): SE = (log 1 − log 0.64) / (2 × 1.959964) = 0.11384…
    expect(metaAnalysis([{ hr: 0.8, lower: 0.64, upper: 1 }]).studies[0]?.se).toBeCloseTo(-Math.log(0.64) / (2 * z), 12);
  });

  it('one study: pooled = the study, heterogeneity not estimable', () => {
    const m = metaAnalysis([{ estimate: -0.2, se: 0.1 }]);
    expect(m.fixed.estimate).toBeCloseTo(-0.2, 15);
    expect(m.random.estimate).toBeCloseTo(-0.2, 15);
    expect(m.random.se).toBeCloseTo(0.1, 15);
    expect(m.heterogeneity.tau2).toBe(0);
    expect(m.heterogeneity.i2).toBeNaN();
    expect(m.heterogeneity.p).toBeNaN();
  });

  it('rejects a study without a usable SE or CI', () => {
    expect(() => metaAnalysis([])).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => metaAnalysis([{ estimate: 0.1, se: 0 }])).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => metaAnalysis([{ hr: 0.8, lower: 0.9, upper: 0.7 }])).toThrowError(
      expect.objectContaining({ code: 'invalid_input', details: expect.objectContaining({ row: 0 }) }),
    );
  });

  const study = fc.record({
    estimate: fc.double({ min: -2, max: 2, noNaN: true }),
    se: fc.double({ min: 0.01, max: 1, noNaN: true }),
  });

  it('property: I² in [0, 100), τ² ≥ 0, H ≥ 1, random SE ≥ fixed SE', () => {
    fc.assert(
      fc.property(fc.array(study, { minLength: 2, maxLength: 20 }), (studies) => {
        const m = metaAnalysis(studies);
        expect(m.heterogeneity.i2).toBeGreaterThanOrEqual(0);
        expect(m.heterogeneity.i2).toBeLessThan(100);
        expect(m.heterogeneity.tau2).toBeGreaterThanOrEqual(0);
        expect(m.heterogeneity.h).toBeGreaterThanOrEqual(1);
        expect(m.random.se).toBeGreaterThanOrEqual(m.fixed.se * (1 - 1e-12));
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('property: fixed = random whenever τ² = 0 (Q ≤ df)', () => {
    fc.assert(
      fc.property(fc.array(study, { minLength: 1, maxLength: 20 }), (studies) => {
        const m = metaAnalysis(studies);
        if (m.heterogeneity.tau2 !== 0) return;
        expect(m.random.estimate).toBe(m.fixed.estimate);
        expect(m.random.se).toBe(m.fixed.se);
        if (m.k > 1) expect(m.heterogeneity.i2).toBe(0);
      }),
      { seed: 8, numRuns: 300 },
    );
    // Identical estimates: Q = 0, so τ² = 0 for sure.
    const same = metaAnalysis([0.3, 0.3, 0.3].map((estimate, i) => ({ estimate, se: 0.1 * (i + 1) })));
    expect(same.heterogeneity.tau2).toBe(0);
    expect(same.random.estimate).toBeCloseTo(0.3, 14);
  });

  it('property: the order of the studies does not matter', () => {
    fc.assert(
      fc.property(
        fc.array(study, { minLength: 2, maxLength: 15 }).chain((studies) =>
          fc.tuple(fc.constant(studies), fc.shuffledSubarray(studies, { minLength: studies.length, maxLength: studies.length })),
        ),
        ([studies, shuffled]) => {
          const a = metaAnalysis(studies);
          const b = metaAnalysis(shuffled);
          for (const [x, y] of [
            [a.fixed.estimate, b.fixed.estimate],
            [a.random.estimate, b.random.estimate],
            [a.random.se, b.random.se],
            [a.heterogeneity.q, b.heterogeneity.q],
            [a.heterogeneity.tau2, b.heterogeneity.tau2],
          ] as const) {
            expect(Math.abs(x - y)).toBeLessThanOrEqual(1e-10 * (1 + Math.abs(y)));
          }
        },
      ),
      { seed: 9, numRuns: 200 },
    );
  });
});
