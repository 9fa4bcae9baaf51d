/**
 * Kaplan–Meier survival curves with Greenwood standard errors, as R's `survfit(Surv(time, status) ~ group)`
 * (survival 3.5-3, `stype = 1`, `ctype = 1`): one row per distinct time (events and censorings), weighted counts when
 * case weights are given, and pointwise confidence intervals of type `log` (R's default), `log-log` or `plain`.
 */
import { normalQuantile } from './distributions.js';
import { sortOrder } from './sort-order.js';
import { StatsError } from './stats-error.js';

export const CONF_TYPES = ['log', 'log-log', 'plain'] as const;
export type ConfType = (typeof CONF_TYPES)[number];

export interface KaplanMeierOptions {
  /** Case weights (R's `weights =`); counts become weighted sums. Default: all 1. */
  readonly weights?: ArrayLike<number>;
  /** Confidence interval transform. Default `log`, like R. */
  readonly confType?: ConfType;
  /** Default 0.95. */
  readonly confLevel?: number;
  /** Cluster code per row: makes the variance robust, summing influence within clusters (R's `cluster =`). */
  readonly cluster?: ArrayLike<number>;
  /**
   * `greenwood`, or `robust` (infinitesimal jackknife). `auto` (default) is R's rule: robust when a cluster is given
   * or some weight is not an integer, Greenwood otherwise.
   */
  readonly variance?: 'auto' | 'greenwood' | 'robust';
}

/** One survival curve; every array has one entry per distinct time. NaN marks what R reports as NA. */
export interface KaplanMeierCurve {
  /** Number of observations (unweighted). */
  readonly n: number;
  /** Weighted number of events. */
  readonly events: number;
  readonly time: Float64Array;
  readonly nRisk: Float64Array;
  readonly nEvent: Float64Array;
  readonly nCensor: Float64Array;
  readonly surv: Float64Array;
  /** Standard error of the survival estimate, S·sqrt(Greenwood sum) (R's `summary(fit)$std.err`). */
  readonly stdErr: Float64Array;
  /** Standard error of log S, sqrt(Greenwood sum) (R's `fit$std.err`). */
  readonly stdErrLog: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly confType: ConfType;
  readonly confLevel: number;
}

/**
 * Kaplan–Meier curve of one sample. `event[i]` is truthy for an event, falsy for a censoring.
 * @example
 * const km = kaplanMeier(Float64Array.of(1, 2, 2, 3), Uint8Array.of(1, 1, 0, 1));
 * km.surv // Float64Array [0.75, 0.5, 0]
 */
export function kaplanMeier(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  options: KaplanMeierOptions = {},
): KaplanMeierCurve {
  const n = time.length;
  const t = Float64Array.from(time);
  validate(t, event, options.weights);
  const order = sortOrder(t);
  return curveFromSorted(t, event, options.weights, order, 0, n, options);
}

/**
 * One Kaplan–Meier curve per group code (0 … nGroups−1), sorting once for all of them.
 * @example
 * kaplanMeierByGroup(Float64Array.of(1, 2, 3, 4), Uint8Array.of(1, 1, 1, 0), Int32Array.of(0, 1, 0, 1), 2)[1].surv
 * // Float64Array [0.5, 0.5]
 */
export function kaplanMeierByGroup(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  group: ArrayLike<number>,
  nGroups: number,
  options: KaplanMeierOptions = {},
): KaplanMeierCurve[] {
  const t = Float64Array.from(time);
  validate(t, event, options.weights);
  const g = Float64Array.from(group);
  const order = sortOrder(g, sortOrder(t));
  const curves: KaplanMeierCurve[] = [];
  let start = 0;
  for (let code = 0; code < nGroups; code++) {
    let end = start;
    while (end < order.length && g[order[end]!] === code) end++;
    curves.push(curveFromSorted(t, event, options.weights, order, start, end, options));
    start = end;
  }
  return curves;
}

function validate(time: Float64Array, event: ArrayLike<number | boolean>, weights: ArrayLike<number> | undefined): void {
  if (event.length !== time.length) throw new StatsError('invalid_input', 'time and event must have the same length', { details: { field: 'event' } });
  if (weights !== undefined && weights.length !== time.length) {
    throw new StatsError('invalid_input', 'weights must have one value per row', { details: { field: 'weights' } });
  }
  for (let i = 0; i < time.length; i++) {
    if (!Number.isFinite(time[i]!)) throw new StatsError('invalid_input', 'survival times must be finite numbers', { details: { field: 'time', row: i } });
    if (weights !== undefined && !(weights[i]! >= 0)) {
      throw new StatsError('invalid_input', 'case weights must be non-negative numbers', { details: { field: 'weights', row: i } });
    }
  }
}

/** Builds the curve from rows order[start..end), already sorted by time. */
function curveFromSorted(
  t: Float64Array,
  event: ArrayLike<number | boolean>,
  weights: ArrayLike<number> | undefined,
  order: Uint32Array,
  start: number,
  end: number,
  options: KaplanMeierOptions,
): KaplanMeierCurve {
  const confType = options.confType ?? 'log';
  const confLevel = options.confLevel ?? 0.95;
  if (!CONF_TYPES.includes(confType)) throw new StatsError('invalid_input', 'unknown confidence interval type', { details: { field: 'confType' } });
  if (!(confLevel > 0 && confLevel < 1)) throw new StatsError('invalid_input', 'confidence level must be in (0, 1)', { details: { field: 'confLevel' } });

  // Distinct times first, so the output arrays are allocated at their exact size.
  let distinct = 0;
  for (let k = start; k < end; k++) if (k === start || t[order[k]!] !== t[order[k - 1]!]) distinct++;
  const time = new Float64Array(distinct);
  const nEvent = new Float64Array(distinct);
  const nCensor = new Float64Array(distinct);
  let events = 0;
  let j = -1;
  for (let k = start; k < end; k++) {
    const i = order[k]!;
    if (k === start || t[i] !== t[order[k - 1]!]) time[++j] = t[i]!;
    const w = weights === undefined ? 1 : weights[i]!;
    if (event[i]) {
      nEvent[j] = nEvent[j]! + w;
      events += w;
    } else nCensor[j] = nCensor[j]! + w;
  }

  const nRisk = new Float64Array(distinct);
  const surv = new Float64Array(distinct);
  const stdErrLog = new Float64Array(distinct);
  const stdErr = new Float64Array(distinct);
  // At risk = weight at or after this time, a reverse cumulative sum (exact for integer weights, like R).
  let atRisk = 0;
  for (let m = distinct - 1; m >= 0; m--) {
    atRisk += nEvent[m]! + nCensor[m]!;
    nRisk[m] = atRisk;
  }
  let s = 1;
  let greenwood = 0;
  for (let m = 0; m < distinct; m++) {
    const d = nEvent[m]!;
    const r = nRisk[m]!;
    if (d > 0) {
      s *= (r - d) / r;
      greenwood += r === d ? Number.POSITIVE_INFINITY : d / (r * (r - d));
    }
    surv[m] = s;
    stdErrLog[m] = Math.sqrt(greenwood);
  }
  if (useRobustVariance(weights, options, order, start, end)) {
    robustStdErrLog(t, event, weights, options.cluster, order, start, end, time, nRisk, nEvent, stdErrLog);
    // R computes the robust variance of S itself: once S = 0 every influence is 0, so its SE is 0 (not NA).
    for (let m = 0; m < distinct; m++) if (surv[m] === 0) stdErrLog[m] = 0;
  }
  // R reports NA (0 · Inf) once the curve reaches zero.
  for (let m = 0; m < distinct; m++) stdErr[m] = surv[m]! * stdErrLog[m]!;
  const { lower, upper } = survivalConfidenceInterval(surv, stdErrLog, confType, confLevel);
  return { n: end - start, events, time, nRisk, nEvent, nCensor, surv, stdErr, stdErrLog, lower, upper, confType, confLevel };
}

function useRobustVariance(
  weights: ArrayLike<number> | undefined,
  options: KaplanMeierOptions,
  order: Uint32Array,
  start: number,
  end: number,
): boolean {
  const mode = options.variance ?? 'auto';
  if (mode !== 'auto') return mode === 'robust';
  if (options.cluster !== undefined) return true;
  if (weights === undefined) return false;
  for (let k = start; k < end; k++) if (!Number.isInteger(weights[order[k]!]!)) return true;
  return false;
}

/**
 * Infinitesimal-jackknife standard error of log S(t), R's robust survfit variance. The influence of row i on
 * log S(t) is U_i(t) = A(min(t, t_i)) − δ_i·[t_i ≤ t]/(n_i − d_i), with A(s) = Σ_{t_k ≤ s} d_k/(n_k(n_k − d_k)), so
 * with per-cluster sums S_c(t) = A(t)·W_c(> t) + F_c(≤ t) the variance Σ_c S_c² is kept up to date in O(1) per row.
 */
function robustStdErrLog(
  t: Float64Array,
  event: ArrayLike<number | boolean>,
  weights: ArrayLike<number> | undefined,
  cluster: ArrayLike<number> | undefined,
  order: Uint32Array,
  start: number,
  end: number,
  time: Float64Array,
  nRisk: Float64Array,
  nEvent: Float64Array,
  out: Float64Array,
): void {
  // Cluster index per row (each row its own cluster when none is given).
  const clusterOf = new Map<number, number>();
  const rowCluster = new Int32Array(end - start);
  for (let k = start; k < end; k++) {
    const key = cluster === undefined ? k : cluster[order[k]!]!;
    let c = clusterOf.get(key);
    if (c === undefined) {
      c = clusterOf.size;
      clusterOf.set(key, c);
    }
    rowCluster[k - start] = c;
  }
  const nc = clusterOf.size;
  const wBeyond = new Float64Array(nc); // W_c(> t)
  const fixed = new Float64Array(nc); // F_c(≤ t)
  for (let k = start; k < end; k++) {
    const c = rowCluster[k - start]!;
    wBeyond[c] = wBeyond[c]! + (weights === undefined ? 1 : weights[order[k]!]!);
  }
  let sumW2 = 0;
  for (let c = 0; c < nc; c++) sumW2 += wBeyond[c]! * wBeyond[c]!;
  let sumWF = 0;
  let sumF2 = 0;
  let a = 0;
  let k = start;
  for (let m = 0; m < time.length; m++) {
    const d = nEvent[m]!;
    const r = nRisk[m]!;
    if (d > 0) a += r === d ? Number.POSITIVE_INFINITY : d / (r * (r - d));
    const jump = d > 0 && r > d ? 1 / (r - d) : 0;
    // Rows at this time move from "beyond t" to "at or before t".
    while (k < end && t[order[k]!] === time[m]) {
      const i = order[k]!;
      const c = rowCluster[k - start]!;
      const w = weights === undefined ? 1 : weights[i]!;
      const v = w * (a - (event[i] ? jump : 0));
      const wOld = wBeyond[c]!;
      const fOld = fixed[c]!;
      const wNew = wOld - w;
      const fNew = fOld + v;
      sumW2 += wNew * wNew - wOld * wOld;
      sumWF += wNew * fNew - wOld * fOld;
      sumF2 += fNew * fNew - fOld * fOld;
      wBeyond[c] = wNew;
      fixed[c] = fNew;
      k++;
    }
    out[m] = Number.isFinite(a) ? Math.sqrt(Math.max(a * a * sumW2 + 2 * a * sumWF + sumF2, 0)) : Number.POSITIVE_INFINITY;
  }
}

/**
 * Pointwise confidence limits for survival estimates `surv` with standard errors of log S `stdErrLog`, as R's
 * `survfit_confint` (upper limit capped at 1 for `log` and `plain`; NaN where R gives NA: S = 0 for `log`, S ∈ {0, 1}
 * for `log-log`).
 * @example survivalConfidenceInterval(Float64Array.of(0.9), Float64Array.of(0.1), 'log', 0.95).lower[0] // 0.7397...
 */
export function survivalConfidenceInterval(
  surv: Float64Array,
  stdErrLog: Float64Array,
  confType: ConfType,
  confLevel: number,
): { lower: Float64Array; upper: Float64Array } {
  const z = normalQuantile(1 - (1 - confLevel) / 2);
  const n = surv.length;
  const lower = new Float64Array(n);
  const upper = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = surv[i]!;
    const se = stdErrLog[i]!;
    switch (confType) {
      case 'plain': {
        const half = se * p * z;
        lower[i] = Math.max(p - half, 0);
        upper[i] = Math.min(p + half, 1);
        break;
      }
      case 'log': {
        if (p === 0) {
          lower[i] = Number.NaN;
          upper[i] = Number.NaN;
        } else {
          lower[i] = Math.exp(Math.log(p) - z * se);
          upper[i] = Math.min(Math.exp(Math.log(p) + z * se), 1);
        }
        break;
      }
      case 'log-log': {
        if (p === 0 || p === 1) {
          lower[i] = Number.NaN;
          upper[i] = Number.NaN;
        } else {
          const lp = Math.log(p);
          const half = (z * se) / lp;
          lower[i] = Math.exp(-Math.exp(Math.log(-lp) - half));
          upper[i] = Math.exp(-Math.exp(Math.log(-lp) + half));
        }
        break;
      }
    }
  }
  return { lower, upper };
}
