/**
 * Invariants of the survival estimators, checked on random data with fast-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { coxFit, isStatsError, kaplanMeier, logRank } from '../src/index.js';

const row = fc.record({
  time: fc.integer({ min: 1, max: 30 }),
  event: fc.boolean(),
  group: fc.integer({ min: 0, max: 2 }),
  // A grid keeps covariates away from near-constant columns that no shift can represent exactly.
  x: fc.integer({ min: -8, max: 8 }).map((v) => v / 4),
  weight: fc.integer({ min: 1, max: 3 }),
});
const dataset = fc.array(row, { minLength: 8, maxLength: 60 });

function close(a: number, b: number, rel = 1e-7): boolean {
  return Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Fits, or returns null when the random data has no unique estimate (no events, separation, …). */
function tryCox(...args: Parameters<typeof coxFit>): ReturnType<typeof coxFit> | null {
  try {
    return coxFit(...args);
  } catch (error) {
    if (isStatsError(error)) return null;
    throw error;
  }
}

describe('Kaplan–Meier', () => {
  it('is non-increasing within [0, 1] and its confidence intervals contain it', () => {
    fc.assert(
      fc.property(dataset, fc.constantFrom('log', 'log-log', 'plain') , (rows, confType) => {
        const km = kaplanMeier(Float64Array.from(rows, (r) => r.time), rows.map((r) => r.event), { confType });
        let prev = 1;
        for (let m = 0; m < km.surv.length; m++) {
          const s = km.surv[m]!;
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(prev);
          prev = s;
          const lo = km.lower[m]!;
          const up = km.upper[m]!;
          if (!Number.isNaN(lo)) expect(lo).toBeLessThanOrEqual(s + 1e-12);
          if (!Number.isNaN(up)) expect(up).toBeGreaterThanOrEqual(s - 1e-12);
        }
      }),
    );
  });

  it('integer case weights equal replicated rows', () => {
    fc.assert(
      fc.property(dataset, (rows) => {
        const weighted = kaplanMeier(Float64Array.from(rows, (r) => r.time), rows.map((r) => r.event), { weights: rows.map((r) => r.weight) });
        const copies = rows.flatMap((r) => Array.from({ length: r.weight }, () => r));
        const replicated = kaplanMeier(Float64Array.from(copies, (r) => r.time), copies.map((r) => r.event));
        expect(weighted.surv.length).toBe(replicated.surv.length);
        weighted.surv.forEach((v, i) => expect(close(v, replicated.surv[i]!)).toBe(true));
        weighted.stdErr.forEach((v, i) => expect(Number.isNaN(v) ? Number.isNaN(replicated.stdErr[i]!) : close(v, replicated.stdErr[i]!)).toBe(true));
      }),
    );
  });
});

describe('log-rank', () => {
  it('is invariant to relabelling the groups', () => {
    fc.assert(
      fc.property(dataset, fc.constantFrom([0, 1, 2], [2, 0, 1], [1, 2, 0], [2, 1, 0]), (rows, perm) => {
        const t = Float64Array.from(rows, (r) => r.time);
        const e = rows.map((r) => r.event);
        const a = logRank(t, e, rows.map((r) => r.group), 3);
        const b = logRank(t, e, rows.map((r) => perm[r.group]!), 3);
        if (Number.isNaN(a.chisq)) return;
        expect(close(a.chisq, b.chisq, 1e-8)).toBe(true);
        expect(a.df).toBe(b.df);
        for (let g = 0; g < 3; g++) expect(close(a.expected[g]!, b.expected[perm[g]!]!)).toBe(true);
      }),
    );
  });

  it('integer case weights equal replicated rows', () => {
    fc.assert(
      fc.property(dataset, (rows) => {
        const weighted = logRank(Float64Array.from(rows, (r) => r.time), rows.map((r) => r.event), rows.map((r) => r.group), 3, {
          weights: rows.map((r) => r.weight),
        });
        const copies = rows.flatMap((r) => Array.from({ length: r.weight }, () => r));
        const replicated = logRank(Float64Array.from(copies, (r) => r.time), copies.map((r) => r.event), copies.map((r) => r.group), 3);
        expect(close(weighted.chisq, replicated.chisq, 1e-8)).toBe(true);
      }),
    );
  });
});

describe('Cox model', () => {
  it('is invariant to shifting a covariate', () => {
    fc.assert(
      fc.property(dataset, fc.double({ min: -1000, max: 1000, noNaN: true }), fc.constantFrom('efron', 'breslow'), (rows, shift, ties) => {
        const t = Float64Array.from(rows, (r) => r.time);
        const e = rows.map((r) => r.event);
        const a = tryCox({ time: t, event: e, covariates: [rows.map((r) => r.x)] }, { ties });
        const b = tryCox({ time: t, event: e, covariates: [rows.map((r) => r.x + shift)] }, { ties });
        if (!a || !b) return;
        expect(close(a.coefficients[0]!, b.coefficients[0]!, 1e-6)).toBe(true);
        expect(close(a.loglik, b.loglik, 1e-8)).toBe(true);
      }),
    );
  });

  // Breslow only: Efron's correction counts tied deaths, so replicating a death changes it while a weight does not
  // (R's coxph behaves the same way).
  it('integer case weights equal replicated rows (Breslow coefficients and variance)', () => {
    fc.assert(
      fc.property(dataset, (rows) => {
        const a = tryCox(
          { time: Float64Array.from(rows, (r) => r.time), event: rows.map((r) => r.event), covariates: [rows.map((r) => r.x)], weights: rows.map((r) => r.weight) },
          { ties: 'breslow' },
        );
        const copies = rows.flatMap((r) => Array.from({ length: r.weight }, () => r));
        const b = tryCox({ time: Float64Array.from(copies, (r) => r.time), event: copies.map((r) => r.event), covariates: [copies.map((r) => r.x)] }, { ties: 'breslow' });
        if (!a || !b) return;
        // A monotone likelihood (e.g. every event has the risk set's smallest x) has no finite maximum: both fits
        // stop somewhere on a flat ridge, at coefficients that need not agree (R warns "coefficient may be
        // infinite"). Such data sets say nothing about weights; a hazard ratio beyond e^15 over x's range marks them.
        const xs = rows.map((r) => r.x);
        const range = Math.max(...xs) - Math.min(...xs);
        if (Math.max(Math.abs(a.coefficients[0]!), Math.abs(b.coefficients[0]!)) * range > 15) return;
        expect(close(a.coefficients[0]!, b.coefficients[0]!, 1e-6)).toBe(true);
        expect(close(a.naiveVariance[0]!, b.naiveVariance[0]!, 1e-6)).toBe(true);
      }),
    );
  });
});
