/**
 * Quantiles of a survival curve with confidence limits, exactly as R's `quantile.survfit` (and therefore the median
 * printed by `print.survfit`): the quantile is where the curve first drops below 1 − p; when the curve is flat at
 * exactly 1 − p the midpoint of the flat stretch is taken (the "half-way rule"); the limits are where the lower and
 * upper confidence curves cross; NaN (R's NA) when a curve never gets there.
 */
import type { KaplanMeierCurve } from './kaplan-meier.js';

/** R's default `tolerance = sqrt(.Machine$double.eps)`. */
const TOLERANCE = Math.sqrt(2.220446049250313e-16);

export interface SurvivalQuantile {
  readonly probability: number;
  /** NaN when not reached. */
  readonly quantile: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * @example survivalQuantiles(kaplanMeier(Float64Array.of(1, 2, 3, 4), Uint8Array.of(1, 1, 1, 1)), [0.5])[0].quantile // 2.5
 */
export function survivalQuantiles(curve: KaplanMeierCurve, probabilities: readonly number[] = [0.5], startTime = 0): SurvivalQuantile[] {
  const x = new Float64Array(curve.time.length + 1);
  x[0] = startTime;
  x.set(curve.time, 1);
  const est = findQuantiles(x, oneMinus(curve.surv), probabilities);
  // The confidence limits of the quantile come from the opposite confidence curve: 1 − lower crosses p first.
  const low = findQuantiles(x, oneMinus(curve.lower), probabilities);
  const up = findQuantiles(x, oneMinus(curve.upper), probabilities);
  return probabilities.map((probability, k) => ({ probability, quantile: est[k]!, lower: low[k]!, upper: up[k]! }));
}

/** Median survival with its confidence interval. @example medianSurvival(curve) // { quantile: 270, lower: 212, upper: 310 } */
export function medianSurvival(curve: KaplanMeierCurve): SurvivalQuantile {
  return survivalQuantiles(curve, [0.5])[0]!;
}

/** [0, 1 − v₁, 1 − v₂, …]: the cumulative distribution at each curve time, 0 before the first. */
function oneMinus(v: Float64Array): Float64Array {
  const y = new Float64Array(v.length + 1);
  for (let i = 0; i < v.length; i++) y[i + 1] = 1 - v[i]!;
  return y;
}

/** Where the step function y(x) (non-decreasing, possibly with NaN) reaches each p. */
function findQuantiles(xAll: Float64Array, yAll: Float64Array, probabilities: readonly number[]): number[] {
  let maxY = Number.NEGATIVE_INFINITY;
  for (const v of yAll) if (v > maxY) maxY = v;
  const minP = Math.min(...probabilities);
  if (!(maxY >= minP)) return probabilities.map(() => Number.NaN);
  const xmax = xAll[xAll.length - 1]!;
  // Drop repeated y values (the censoring rows), keeping the first occurrence; NaN repeats count as duplicates too.
  const xs: number[] = [];
  const ys: number[] = [];
  const seen = new Set<number>();
  let seenNaN = false;
  for (let i = 0; i < yAll.length; i++) {
    const v = yAll[i]!;
    if (Number.isNaN(v)) {
      if (seenNaN) continue;
      seenNaN = true;
    } else {
      if (seen.has(v)) continue;
      seen.add(v);
    }
    xs.push(xAll[i]!);
    ys.push(v);
  }
  const n = ys.length;
  const last = ys[n - 1]!;
  return probabilities.map((p) => {
    const i1 = stepIndex(ys, TOLERANCE, p);
    const i2 = stepIndex(ys, -TOLERANCE, p);
    let q = Number.isNaN(i1) || Number.isNaN(i2) ? Number.NaN : (xs[i1]! + xs[i2]!) / 2;
    if (p === 0) q = xs[0]!;
    // A curve that ends exactly at 1 − p: the flat stretch runs to the last observed time.
    if (!Number.isNaN(last) && Math.abs(p - last) < TOLERANCE) q = Number.isNaN(i1) ? Number.NaN : (xs[i1]! + xmax) / 2;
    return q;
  });
}

/**
 * R's `approx(y + shift, 1:n, p, method = "constant", f = 1)` as a 0-based index: over the non-missing knots sorted
 * by y + shift, the index of the knot at or just above p; NaN outside [min, max].
 */
function stepIndex(ys: number[], shift: number, p: number): number {
  const knots: { y: number; index: number }[] = [];
  for (let i = 0; i < ys.length; i++) if (!Number.isNaN(ys[i]!)) knots.push({ y: ys[i]! + shift, index: i });
  knots.sort((a, b) => a.y - b.y);
  const m = knots.length;
  if (m === 0) return Number.NaN;
  if (p < knots[0]!.y || p > knots[m - 1]!.y) return Number.NaN;
  let lo = 0;
  let hi = m - 1;
  while (lo < hi - 1) {
    const mid = (lo + hi) >> 1;
    if (p < knots[mid]!.y) hi = mid;
    else lo = mid;
  }
  if (p === knots[hi]!.y) return knots[hi]!.index;
  if (p === knots[lo]!.y) return knots[lo]!.index;
  return knots[hi]!.index;
}
