/**
 * The log-rank test for k groups, optionally stratified, as R's `survdiff(Surv(time, status) ~ group (+ strata(s)))`
 * with `rho = 0`: observed and expected events per group summed over strata, the hypergeometric covariance, and the
 * chi-square on k − 1 degrees of freedom (groups with no expected events are left out, like R).
 */
import { chiSquareSf, logChiSquareSf } from './distributions.js';
import { choleskyGeneralized, choleskyGeneralizedSolve } from './linalg.js';
import { sortOrder } from './sort-order.js';
import { StatsError } from './stats-error.js';

export interface LogRankOptions {
  /** Stratum code per row (any integers); the test sums within-stratum contributions. */
  readonly strata?: ArrayLike<number>;
  /** Case weights (counts become weighted sums; integer weights equal replicated rows). R's survdiff has none. */
  readonly weights?: ArrayLike<number>;
}

export interface LogRankResult {
  readonly observed: Float64Array;
  readonly expected: Float64Array;
  /** k × k covariance of observed − expected, row-major. */
  readonly variance: Float64Array;
  readonly chisq: number;
  readonly df: number;
  readonly p: number;
  /** log p, finite where p underflows. */
  readonly logP: number;
}

/**
 * @example
 * logRank(Float64Array.of(1, 2, 3, 4), Uint8Array.of(1, 1, 1, 1), Int32Array.of(0, 0, 1, 1), 2)
 * // { observed: [2, 2], expected: [1.0833…, 2.9166…], chisq: 2.4, df: 1, p: 0.1213… }
 */
export function logRank(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  group: ArrayLike<number>,
  nGroups: number,
  options: LogRankOptions = {},
): LogRankResult {
  const n = time.length;
  const k = nGroups;
  if (event.length !== n || group.length !== n) throw new StatsError('invalid_input', 'time, event and group must have the same length', { details: { field: 'group' } });
  const t = Float64Array.from(time);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(t[i]!)) throw new StatsError('invalid_input', 'survival times must be finite numbers', { details: { field: 'time', row: i } });
    const g = group[i]!;
    if (!(Number.isInteger(g) && g >= 0 && g < k)) throw new StatsError('invalid_input', 'group codes must be integers in [0, nGroups)', { details: { field: 'group', row: i } });
  }
  const w = options.weights;
  let order = sortOrder(t);
  const strata = options.strata === undefined ? undefined : Float64Array.from(options.strata);
  if (strata) order = sortOrder(strata, order);

  const observed = new Float64Array(k);
  const expected = new Float64Array(k);
  const variance = new Float64Array(k * k);
  const atRisk = new Float64Array(k);
  const deaths = new Float64Array(k);
  let start = 0;
  while (start < n) {
    let end = start + 1;
    if (strata) while (end < n && strata[order[end]!] === strata[order[start]!]) end++;
    else end = n;
    atRisk.fill(0);
    for (let m = start; m < end; m++) {
      const i = order[m]!;
      atRisk[group[i]!] = atRisk[group[i]!]! + (w === undefined ? 1 : w[i]!);
    }
    let m = start;
    while (m < end) {
      const tm = t[order[m]!]!;
      deaths.fill(0);
      let dTotal = 0;
      let leaving = m;
      while (leaving < end && t[order[leaving]!] === tm) {
        const i = order[leaving]!;
        if (event[i]) {
          const wi = w === undefined ? 1 : w[i]!;
          deaths[group[i]!] = deaths[group[i]!]! + wi;
          dTotal += wi;
        }
        leaving++;
      }
      if (dTotal > 0) {
        let nTotal = 0;
        for (let g = 0; g < k; g++) nTotal += atRisk[g]!;
        const factor = nTotal > 1 ? (dTotal * (nTotal - dTotal)) / (nTotal * (nTotal - 1)) : 0;
        for (let g = 0; g < k; g++) {
          observed[g] = observed[g]! + deaths[g]!;
          expected[g] = expected[g]! + (dTotal * atRisk[g]!) / nTotal;
          if (factor !== 0) {
            for (let h = 0; h < k; h++) {
              variance[g * k + h] = variance[g * k + h]! + factor * atRisk[g]! * ((g === h ? 1 : 0) - atRisk[h]! / nTotal);
            }
          }
        }
      }
      for (let q = m; q < leaving; q++) {
        const i = order[q]!;
        atRisk[group[i]!] = atRisk[group[i]!]! - (w === undefined ? 1 : w[i]!);
      }
      m = leaving;
    }
    start = end;
  }

  // Like survdiff: keep groups with expected > 0, drop the first of them, solve.
  const keep: number[] = [];
  for (let g = 0; g < k; g++) if (expected[g]! > 0) keep.push(g);
  let chisq = 0;
  const df = Math.max(keep.length - 1, 0);
  if (keep.length >= 2) {
    const sub = keep.slice(1);
    const m = sub.length;
    const v = new Float64Array(m * m);
    const diff = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      diff[a] = observed[sub[a]!]! - expected[sub[a]!]!;
      for (let b = 0; b < m; b++) v[a * m + b] = variance[sub[a]! * k + sub[b]!]!;
    }
    const sol = choleskyGeneralizedSolve(choleskyGeneralized(v, m), diff);
    for (let a = 0; a < m; a++) chisq += sol[a]! * diff[a]!;
  }
  const p = df > 0 ? chiSquareSf(chisq, df) : Number.NaN;
  const logP = df > 0 ? logChiSquareSf(chisq, df) : Number.NaN;
  return { observed, expected, variance, chisq, df, p, logP };
}
