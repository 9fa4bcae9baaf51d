/**
 * Distribution functions against values printed by R 4.2.2 (`pnorm`, `qnorm`, `pchisq`, `lgamma`) with
 * options(digits = 16). Tolerance: 1e-13 relative (the functions aim at ~1e-15).
 */
import { describe, expect, it } from 'vitest';
import { chiSquareSf, logChiSquareSf, logGamma, logNormalSf, normalCdf, normalQuantile, normalSf } from '../src/index.js';
import { cholesky, choleskyGeneralized, choleskySolve, invertSymmetricPositiveDefinite } from '../src/index.js';

const rel = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe('normal distribution', () => {
  it.each([
    [-10, 7.619853024160527e-24],
    [-5, 2.866515718791939e-7],
    [-1, 0.158655253931457],
    [0.5, 0.691462461274013],
    [2.9999, 0.998649658717045],
  ])('normalCdf(%d)', (x, p) => expect(rel(normalCdf(x), p)).toBeLessThan(1e-13));

  it.each([
    [3.0001, 1.349454913260717e-3],
    [8, 6.220960574271785e-16],
    [20, 2.753624118606234e-89],
  ])('normalSf(%d) keeps full relative accuracy in the tail', (x, p) => expect(rel(normalSf(x), p)).toBeLessThan(1e-13));

  it('logNormalSf where the tail underflows', () => {
    expect(rel(logNormalSf(38), -726.5572160188201)).toBeLessThan(1e-14);
    expect(rel(logNormalSf(-5), -2.866516129637636e-7)).toBeLessThan(1e-12);
  });

  it.each([
    [1e-300, -37.0470962993612],
    [1e-20, -9.262340089798405],
    [0.025, -1.959963984540054],
    [0.3, -0.5244005127080407],
    [0.999999, 4.753424308817089],
  ])('normalQuantile(%d)', (p, x) => expect(rel(normalQuantile(p), x)).toBeLessThan(1e-14));
});

describe('chi-square distribution', () => {
  it.each([
    [3.841458820694124, 1, 0.04999999999999998],
    [10.3267419548856, 1, 1.311164520355512e-3],
    [25.4037003457854, 3, 1.271245939006068e-5],
    [0.5, 5, 0.9921232932326296],
    [100, 50, 3.454931382984864e-5],
    [30, 60, 0.9995815503316723],
  ])('chiSquareSf(%d, %d)', (x, df, p) => expect(rel(chiSquareSf(x, df), p)).toBeLessThan(1e-13));

  it('logChiSquareSf far below 1e-300', () => {
    expect(rel(logChiSquareSf(2000, 1), -1004.026741958952)).toBeLessThan(1e-13);
    expect(rel(logChiSquareSf(2000, 7), -983.9290847821824)).toBeLessThan(1e-13);
  });

  it('logGamma', () => {
    expect(rel(logGamma(0.5), 0.5723649429247001)).toBeLessThan(1e-14);
    expect(rel(logGamma(10.3), 13.48203678613836)).toBeLessThan(1e-14);
    expect(rel(logGamma(100.5), 361.4355404677776)).toBeLessThan(1e-14);
  });
});

describe('linear algebra', () => {
  it('solves and inverts a positive definite matrix', () => {
    const a = Float64Array.of(4, 2, 2, 3);
    expect(Array.from(choleskySolve(cholesky(a, 2), 2, Float64Array.of(2, 1)))).toEqual([0.5, 0]);
    const inv = invertSymmetricPositiveDefinite(a, 2);
    expect(Array.from(inv).map((v) => Number(v.toFixed(12)))).toEqual([0.375, -0.25, -0.25, 0.5]);
  });

  it('detects rank like cholesky2', () => {
    expect(choleskyGeneralized(Float64Array.of(1, 1, 1, 1), 2).rank).toBe(1);
    expect(choleskyGeneralized(Float64Array.of(2, 1, 1, 2), 2).rank).toBe(2);
    expect(() => cholesky(Float64Array.of(1, 1, 1, 1), 2)).toThrow();
  });
});
