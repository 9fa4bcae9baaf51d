/**
 * Reading a Kaplan–Meier curve at chosen times: landmark survival with its confidence interval (R's
 * `summary(fit, times = …)`) and the number at risk for risk tables under a plot.
 */
import type { KaplanMeierCurve } from './kaplan-meier.js';

export interface SurvivalAtTime {
  readonly time: number;
  /** Weighted number still at risk at `time` (observed time ≥ `time`). */
  readonly nRisk: number;
  readonly surv: number;
  readonly stdErr: number;
  readonly lower: number;
  readonly upper: number;
}

/**
 * Survival at each landmark time: the curve's value at the last step at or before it (1 before the first step).
 * @example survivalAtTimes(km, [365])[0] // { time: 365, nRisk: 65, surv: 0.409, stdErr: 0.0358, lower: 0.345, upper: 0.486 }
 */
export function survivalAtTimes(curve: KaplanMeierCurve, times: readonly number[]): SurvivalAtTime[] {
  return times.map((time) => {
    const k = lastAtOrBefore(curve.time, time);
    const nRisk = numberAtRiskOne(curve, time);
    if (k < 0) return { time, nRisk, surv: 1, stdErr: 0, lower: 1, upper: 1 };
    return { time, nRisk, surv: curve.surv[k]!, stdErr: curve.stdErr[k]!, lower: curve.lower[k]!, upper: curve.upper[k]! };
  });
}

/**
 * Number at risk at each time (a risk table row). @example numberAtRisk(km, [0, 200, 400]) // [228, 144, 63]
 */
export function numberAtRisk(curve: KaplanMeierCurve, times: readonly number[]): number[] {
  return times.map((t) => numberAtRiskOne(curve, t));
}

function numberAtRiskOne(curve: KaplanMeierCurve, time: number): number {
  // At risk at t = everyone whose time is ≥ t = n.risk of the first curve time ≥ t.
  const k = lastAtOrBefore(curve.time, time);
  const first = k >= 0 && curve.time[k] === time ? k : k + 1;
  return first < curve.time.length ? curve.nRisk[first]! : 0;
}

/** Index of the last element ≤ x in a sorted array, −1 if none. */
function lastAtOrBefore(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
