import { StatsError } from './stats-error.js';
import { toTreatmentIndicator } from './treatment-indicator.js';

/**
 * Standardized mean difference (SMD) of one covariate between arms, the balance diagnostic of propensity-score
 * methods (Austin 2009, Stat Med 28:3083; Austin & Stuart 2015, Stat Med 34:3661).
 *
 * - continuous: (x̄₁ − x̄₀) / √((s²₁ + s²₀)/2);
 * - binary (0/1): (p₁ − p₀) / √((p₁(1 − p₁) + p₀(1 − p₀))/2).
 *
 * With `weights` the means (and the variances of the variance ratio) are weighted, but the denominator stays the
 * SD of the *unweighted* sample, so that before and after differ only by the numerator and a change in SMD is a change
 * in balance, not in scale (the convention of cobalt and of Austin & Stuart 2015). `denominator` picks the pooled
 * SD (default, for the ATE) or one arm's SD (`'treated'` is cobalt's default for the ATT).
 *
 * Weighted variances use the "reliability weights" unbiased form Σw(x − x̄_w)² · Σw / ((Σw)² − Σw²), which is the
 * ordinary n − 1 variance when all weights are 1. Binary variances are p(1 − p), as in cobalt.
 * Rows with a missing value (null/NaN) or weight 0 do not count.
 */

export interface StandardizedMeanDifferenceOptions {
  /** `'continuous'` or `'binary'`; default: binary when every non-missing value is 0 or 1. */
  readonly kind?: 'continuous' | 'binary';
  /** Weights for the "after" numbers (IPTW, matching weights). */
  readonly weights?: ArrayLike<number>;
  /** Which unweighted SD standardizes; default `'pooled'`. */
  readonly denominator?: 'pooled' | 'treated' | 'control';
}

export interface StandardizedMeanDifference {
  readonly kind: 'continuous' | 'binary';
  /** Mean (proportion for binary), weighted when weights were given. */
  readonly meanTreated: number;
  readonly meanControl: number;
  /** (meanTreated − meanControl) / the unweighted standardizing SD. */
  readonly smd: number;
  /** Variance treated / variance control (weighted when weights were given); null for binary covariates. */
  readonly varianceRatio: number | null;
  /** The unweighted SD that standardized the difference. */
  readonly standardizingSd: number;
}

/**
 * @example
 * standardizedMeanDifference([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 0, 0])
 * // → { kind: 'continuous', meanTreated: 2, meanControl: 5, smd: -3, varianceRatio: 1, standardizingSd: 1 }
 * standardizedMeanDifference([1, 1, 0, 1, 0, 0], [1, 1, 1, 0, 0, 0]).smd // → (2/3 − 1/3) / √(2/9) ≈ 0.707
 */
export function standardizedMeanDifference(
  values: ArrayLike<number | null>,
  treatment: ArrayLike<number | boolean>,
  options: StandardizedMeanDifferenceOptions = {},
): StandardizedMeanDifference {
  const t = toTreatmentIndicator(treatment);
  const n = t.length;
  if (values.length !== n || (options.weights !== undefined && options.weights.length !== n)) {
    throw new StatsError('invalid_input', 'values, treatment and weights must have the same length', { details: { field: 'values' } });
  }
  let binary = true;
  for (let i = 0; i < n; i++) {
    const x = values[i];
    if (typeof x === 'number' && Number.isFinite(x) && x !== 0 && x !== 1) binary = false;
  }
  const kind = options.kind ?? (binary ? 'binary' : 'continuous');
  if (kind === 'binary' && !binary) {
    throw new StatsError('invalid_input', 'a binary covariate must be coded 0/1', { details: { field: 'values' } });
  }

  const unweighted = (arm: 0 | 1) => weightedMoments(values, t, arm, undefined);
  const u1 = unweighted(1);
  const u0 = unweighted(0);
  if (u1.sumW === 0 || u0.sumW === 0) {
    throw new StatsError('invalid_input', 'each arm needs a non-missing value', { details: { field: 'values' } });
  }
  const variance = (m: Moments): number => (kind === 'binary' ? m.mean * (1 - m.mean) : m.variance);
  const denominator = options.denominator ?? 'pooled';
  const standardizingSd =
    denominator === 'pooled'
      ? Math.sqrt((variance(u1) + variance(u0)) / 2)
      : Math.sqrt(variance(denominator === 'treated' ? u1 : u0));

  const w1 = options.weights === undefined ? u1 : weightedMoments(values, t, 1, options.weights);
  const w0 = options.weights === undefined ? u0 : weightedMoments(values, t, 0, options.weights);
  const diff = w1.mean - w0.mean;
  return {
    kind,
    meanTreated: w1.mean,
    meanControl: w0.mean,
    // 0/0 (a constant covariate, identical in both arms) is perfect balance, not NaN.
    smd: diff === 0 ? 0 : diff / standardizingSd,
    varianceRatio: kind === 'binary' ? null : w1.variance / w0.variance,
    standardizingSd,
  };
}

interface Moments {
  readonly sumW: number;
  readonly mean: number;
  readonly variance: number;
}

function weightedMoments(
  values: ArrayLike<number | null>,
  t: Uint8Array,
  arm: 0 | 1,
  weights: ArrayLike<number> | undefined,
): Moments {
  let sumW = 0;
  let sumW2 = 0;
  let sumWx = 0;
  for (let i = 0; i < t.length; i++) {
    const x = values[i];
    if (t[i] !== arm || typeof x !== 'number' || !Number.isFinite(x)) continue;
    const w = weights === undefined ? 1 : (weights[i] as number);
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new StatsError('invalid_input', 'weights must be finite and non-negative', { details: { field: 'weights', row: i } });
    }
    sumW += w;
    sumW2 += w * w;
    sumWx += w * x;
  }
  const mean = sumW > 0 ? sumWx / sumW : Number.NaN;
  let ss = 0;
  for (let i = 0; i < t.length; i++) {
    const x = values[i];
    if (t[i] !== arm || typeof x !== 'number' || !Number.isFinite(x)) continue;
    const w = weights === undefined ? 1 : (weights[i] as number);
    ss += w * (x - mean) * (x - mean);
  }
  const denom = sumW * sumW - sumW2;
  return { sumW, mean, variance: denom > 0 ? (ss * sumW) / denom : Number.NaN };
}
