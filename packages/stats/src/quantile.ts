/**
 * Sample quantiles by Hyndman & Fan (1996) definition 7, the default of R's `quantile()` (and of NumPy, Excel's
 * PERCENTILE.INC): with n sorted values x[0..n-1], the p-quantile is x[h] interpolated linearly, h = (n - 1)·p.
 * Table 1 reports medians and IQRs with it so that our numbers match what a statistician gets in R.
 *
 * `sorted` must be sorted ascending and free of NaN; `quantileSorted` does not check, to stay O(1).
 *
 * @example
 * quantileSorted([1, 2, 3, 4], 0.25) // → 1.75  (R: quantile(1:4, 0.25))
 * quantileSorted([1, 2, 3, 4], 0.5)  // → 2.5
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const xLo = sorted[lo] as number;
  if (lo >= n - 1) return sorted[n - 1] as number;
  const xHi = sorted[lo + 1] as number;
  const frac = h - lo;
  // Same arithmetic as R's quantile.default, (1 - h)·x[lo] + h·x[hi], skipped when the neighbours are equal, so
  // that results agree with R to the last bit rather than to rounding.
  return frac === 0 || xHi === xLo ? xLo : (1 - frac) * xLo + frac * xHi;
}

/**
 * Type-7 quantiles of the finite values of `values` (NaN and ±Infinity are ignored as missing), one per entry of
 * `probabilities`.
 *
 * @example
 * quantile([7, 1, 3, NaN, 5], [0, 0.5, 1]) // → [1, 4, 7]
 */
export function quantile(values: ArrayLike<number>, probabilities: readonly number[]): number[] {
  const sorted = sortedFinite(values);
  return probabilities.map((p) => quantileSorted(sorted, p));
}

/** The finite values of `values`, ascending, as a new Float64Array (whose sort is numeric, not lexicographic). */
export function sortedFinite(values: ArrayLike<number | null>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) count++;
  }
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === 'number' && Number.isFinite(v)) out[k++] = v;
  }
  return out.sort();
}
