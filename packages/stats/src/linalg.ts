/**
 * Dense symmetric matrices as row-major Float64Array (n × n): the small p × p systems of regression models.
 *
 * Two factorizations:
 * - `cholesky` (A = L Lᵀ), strict: throws `StatsError('singular')` when A is not positive definite;
 * - `choleskyGeneralized` (A = L D Lᵀ with unit L), the counterpart of survival's `cholesky2` used by `coxph`:
 *   a pivot below `toler × max(diag)` is set to zero instead of failing, and the rank is returned, so that a
 *   collinear design is detected (and reported) rather than producing garbage.
 */
import { StatsError } from './stats-error.js';

/** R's `coxph.control()$toler.chol`: `.Machine$double.eps^0.75`. */
export const CHOLESKY_TOLERANCE = Math.pow(2.220446049250313e-16, 0.75);

/**
 * Lower-triangular L with A = L Lᵀ (upper triangle of the result is zero).
 * @example cholesky(Float64Array.of(4, 2, 2, 3), 2) // Float64Array [2, 0, 1, 1.4142135623730951]
 */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j]!;
    for (let k = 0; k < j; k++) d -= l[j * n + k]! * l[j * n + k]!;
    if (!(d > 0) || !Number.isFinite(d)) throw new StatsError('singular', 'matrix is not positive definite', { details: { row: j } });
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/**
 * Solves A x = b given L from `cholesky`. @example choleskySolve(cholesky(Float64Array.of(4, 2, 2, 3), 2), 2, Float64Array.of(2, 1)) // [0.5, 0]
 */
export function choleskySolve(l: Float64Array, n: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = x[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/**
 * Inverse of a symmetric positive definite matrix (throws `StatsError('singular')` otherwise).
 * @example invertSymmetricPositiveDefinite(Float64Array.of(4, 2, 2, 3), 2) // [0.375, -0.25, -0.25, 0.5]
 */
export function invertSymmetricPositiveDefinite(a: Float64Array, n: number): Float64Array {
  const l = cholesky(a, n);
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    e.fill(0);
    e[j] = 1;
    const col = choleskySolve(l, n, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = col[i]!;
  }
  symmetrize(inv, n);
  return inv;
}

/** Averages A and Aᵀ in place, removing rounding asymmetry. */
export function symmetrize(a: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const m = 0.5 * (a[i * n + j]! + a[j * n + i]!);
      a[i * n + j] = m;
      a[j * n + i] = m;
    }
  }
}

/** Result of `choleskyGeneralized`: the L D Lᵀ factors packed in one matrix, and the detected rank. */
export interface GeneralizedCholesky {
  /** Strict lower triangle: L (unit diagonal implied); diagonal: D, with 0 for every dropped (aliased) column. */
  readonly factor: Float64Array;
  readonly n: number;
  readonly rank: number;
  /** False when a pivot was clearly negative (the matrix is not non-negative definite). */
  readonly nonNegative: boolean;
}

/**
 * L D Lᵀ factorization with rank detection, as survival's `cholesky2`: pivots that are not finite or fall below
 * `toler × max(diagonal)` are zeroed (that column is treated as aliased to the previous ones).
 * Only the upper triangle of `a` is read, like R.
 * @example choleskyGeneralized(Float64Array.of(1, 1, 1, 1), 2).rank // 1
 */
export function choleskyGeneralized(a: Float64Array, n: number, toler: number = CHOLESKY_TOLERANCE): GeneralizedCholesky {
  const m = new Float64Array(n * n);
  let maxDiag = 0;
  for (let i = 0; i < n; i++) {
    const d = a[i * n + i]!;
    if (d > maxDiag) maxDiag = d;
    for (let j = i; j < n; j++) {
      m[i * n + j] = a[i * n + j]!;
      m[j * n + i] = a[i * n + j]!;
    }
  }
  const eps = maxDiag === 0 ? toler : maxDiag * toler;
  let rank = 0;
  let nonNegative = true;
  for (let i = 0; i < n; i++) {
    const pivot = m[i * n + i]!;
    if (!Number.isFinite(pivot) || pivot < eps) {
      m[i * n + i] = 0;
      if (pivot < -8 * eps) nonNegative = false;
      continue;
    }
    rank++;
    for (let j = i + 1; j < n; j++) {
      const t = m[j * n + i]! / pivot;
      m[j * n + i] = t;
      m[j * n + j] = m[j * n + j]! - t * t * pivot;
      for (let k = j + 1; k < n; k++) m[k * n + j] = m[k * n + j]! - t * m[k * n + i]!;
    }
  }
  return { factor: m, n, rank, nonNegative };
}

/**
 * Solves A x = b with the factors of `choleskyGeneralized`; components of aliased columns come out as 0.
 * @example choleskyGeneralizedSolve(choleskyGeneralized(Float64Array.of(4, 2, 2, 3), 2), Float64Array.of(2, 1)) // [0.5, 0]
 */
export function choleskyGeneralizedSolve(chol: GeneralizedCholesky, b: Float64Array): Float64Array {
  const { factor: m, n } = chol;
  const y = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    let s = y[i]!;
    for (let j = 0; j < i; j++) s -= y[j]! * m[i * n + j]!;
    y[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    const d = m[i * n + i]!;
    if (d === 0) {
      y[i] = 0;
      continue;
    }
    let s = y[i]! / d;
    for (let j = i + 1; j < n; j++) s -= y[j]! * m[j * n + i]!;
    y[i] = s;
  }
  return y;
}

/**
 * Generalized inverse from `choleskyGeneralized`: the inverse on the non-aliased columns, zero rows and columns for
 * the aliased ones (what `coxph` reports as the variance of a fit with NA coefficients).
 * @example choleskyGeneralizedInverse(choleskyGeneralized(Float64Array.of(4, 2, 2, 3), 2)) // [0.375, -0.25, -0.25, 0.5]
 */
export function choleskyGeneralizedInverse(chol: GeneralizedCholesky): Float64Array {
  const { factor: m, n } = chol;
  const inv = new Float64Array(n * n);
  const e = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    if (m[j * n + j] === 0) continue;
    e.fill(0);
    e[j] = 1;
    const col = choleskyGeneralizedSolve(chol, e);
    for (let i = 0; i < n; i++) inv[i * n + j] = m[i * n + i] === 0 ? 0 : col[i]!;
  }
  symmetrize(inv, n);
  return inv;
}

/** y = A x for a row-major n × n matrix. @example matVec(Float64Array.of(1, 2, 3, 4), 2, Float64Array.of(1, 1)) // [3, 7] */
export function matVec(a: Float64Array, n: number, x: Float64Array): Float64Array {
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j]! * x[j]!;
    y[i] = s;
  }
  return y;
}

/** xᵀ A x. @example quadraticForm(Float64Array.of(2, 0, 0, 3), 2, Float64Array.of(1, 1)) // 5 */
export function quadraticForm(a: Float64Array, n: number, x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let j = 0; j < n; j++) r += a[i * n + j]! * x[j]!;
    s += x[i]! * r;
  }
  return s;
}
