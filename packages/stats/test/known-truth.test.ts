/**
 * Known truth by simulation: exponential survival with a known hazard ratio; the Cox 95 % confidence interval must
 * cover it at close to the nominal rate. Plus the typed errors of the Cox model.
 */
import { describe, expect, it } from 'vitest';
import { coxFit, coxTerms, StatsError } from '../src/index.js';
import { exponential, mulberry32, normal } from './prng.js';

const TRUE_LOG_HR = Math.log(1.8);

function simulate(seed: number, n: number): { time: Float64Array; event: Uint8Array; arm: Float64Array; age: Float64Array } {
  const rand = mulberry32(seed);
  const time = new Float64Array(n);
  const event = new Uint8Array(n);
  const arm = new Float64Array(n);
  const age = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    arm[i] = rand() < 0.5 ? 1 : 0;
    age[i] = normal(rand);
    const rate = 0.1 * Math.exp(TRUE_LOG_HR * arm[i]! + 0.3 * age[i]!);
    const t = exponential(rand, rate);
    const c = exponential(rand, 0.05); // about a third censored
    time[i] = Math.min(t, c);
    event[i] = t <= c ? 1 : 0;
  }
  return { time, event, arm, age };
}

describe('Cox model against a known hazard ratio', () => {
  it('the 95 % confidence interval covers the true HR in about 95 % of 200 simulated trials', () => {
    const runs = 200;
    let covered = 0;
    let sumCoef = 0;
    for (let seed = 1; seed <= runs; seed++) {
      const d = simulate(seed, 300);
      for (const ties of ['efron'] as const) {
        const fit = coxFit({ time: d.time, event: d.event, covariates: [d.arm, d.age], names: ['arm', 'age'] }, { ties });
        const arm = coxTerms(fit)[0]!;
        sumCoef += arm.coef;
        if (arm.hrLower <= Math.exp(TRUE_LOG_HR) && Math.exp(TRUE_LOG_HR) <= arm.hrUpper) covered++;
      }
    }
    // Binomial(200, 0.95): mean 190, sd 3.1; accept ±3.3 sd.
    expect(covered).toBeGreaterThanOrEqual(180);
    expect(covered).toBeLessThanOrEqual(199);
    // And the estimator is close to unbiased.
    expect(Math.abs(sumCoef / runs - TRUE_LOG_HR)).toBeLessThan(0.03);
  });

  it('robust variance with one cluster per row is close to the model-based one when the model is right', () => {
    const d = simulate(7, 2000);
    const fit = coxFit({ time: d.time, event: d.event, covariates: [d.arm, d.age] }, { robust: true });
    const t = coxTerms(fit)[0]!;
    expect(t.robustSe! / t.se).toBeGreaterThan(0.9);
    expect(t.robustSe! / t.se).toBeLessThan(1.1);
  });
});

describe('Cox model errors', () => {
  const time = Float64Array.of(5, 8, 3, 9, 12, 4, 7, 10);
  const x = Float64Array.of(1, 0, 1, 0, 1, 1, 0, 0);

  it('no events → StatsError no_events', () => {
    expect(() => coxFit({ time, event: new Uint8Array(8), covariates: [x] })).toThrowError(StatsError);
    try {
      coxFit({ time, event: new Uint8Array(8), covariates: [x] });
    } catch (e) {
      expect((e as StatsError).code).toBe('no_events');
    }
  });

  it('collinear covariates → StatsError singular naming the aliased term, no data values', () => {
    const twice = Float64Array.from(x, (v) => 2 * v + 1);
    try {
      coxFit({ time, event: Uint8Array.of(1, 1, 0, 1, 1, 0, 1, 1), covariates: [x, twice], names: ['dose', 'dose2'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(StatsError);
      expect((e as StatsError).code).toBe('singular');
      expect((e as StatsError).message).toMatch(/dose2/);
    }
  });

  it('a covariate that separates the outcome does not converge → not_converged', () => {
    // Every event has x = 1 before any x = 0 row fails: the MLE is infinite.
    const t = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    const e = Uint8Array.of(1, 1, 1, 1, 0, 0, 0, 0);
    const sep = Float64Array.of(1, 1, 1, 1, 0, 0, 0, 0);
    try {
      coxFit({ time: t, event: e, covariates: [sep] });
      expect.unreachable();
    } catch (err) {
      expect((err as StatsError).code).toBe('not_converged');
    }
  });

  it('non-finite covariates → invalid_input', () => {
    expect(() => coxFit({ time, event: Uint8Array.of(1, 1, 0, 1, 1, 0, 1, 1), covariates: [Float64Array.of(1, Number.NaN, 0, 0, 1, 1, 0, 1)] })).toThrowError(/finite/);
  });
});
