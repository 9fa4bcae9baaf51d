import { effectiveSampleSize } from './effective-sample-size.js';
import { quantileSorted } from './quantile.js';
import { StatsError } from './stats-error.js';
import { toTreatmentIndicator } from './treatment-indicator.js';

/** Target populations of inverse probability of treatment weighting (Austin & Stuart 2015, Stat Med 34:3661). */
export const ESTIMANDS = {
  /** Average treatment effect in the whole population: treated 1/e, controls 1/(1 − e). */
  ATE: 'ATE',
  /** Average treatment effect in the treated: treated 1, controls e/(1 − e). */
  ATT: 'ATT',
  /** Average treatment effect in the controls: treated (1 − e)/e, controls 1. */
  ATC: 'ATC',
} as const;
export type Estimand = (typeof ESTIMANDS)[keyof typeof ESTIMANDS];

/**
 * Which units to leave out (weight 0) before weighting, because extreme propensity scores make weights explode.
 *
 * - `bounds`: keep units with `lower ≤ e ≤ upper` — fixed bounds such as Crump et al. (2009, Biometrika 96:187)'s
 *   [0.1, 0.9].
 * - `percentile`: keep units whose e lies between the `lower` and `upper` quantiles (type 7) of the propensity
 *   score. With `within: 'all'` (default) the quantiles are of the whole sample; with `within: 'asymmetric'` the
 *   lower cut-off is the `lower` quantile among the treated and the upper cut-off the `upper` quantile among the
 *   controls, as in Stürmer et al. (2010, Am J Epidemiol 172:843), which trims where the arms do not overlap.
 *
 * Trimming changes the target population; report it. (Weight *truncation* — capping weights — is a different method
 * and is not done here.)
 */
export type PropensityTrim =
  | { readonly kind: 'bounds'; readonly lower: number; readonly upper: number }
  | { readonly kind: 'percentile'; readonly lower: number; readonly upper: number; readonly within?: 'all' | 'asymmetric' };

export interface IptwOptions {
  /** Default `'ATE'`. */
  readonly estimand?: Estimand;
  /**
   * Multiply by the marginal probability of the arm (Robins et al. 2000; Xu et al. 2010, Value Health 13:273), so that
   * the weights average ≈ 1 in each arm and the weighted sample size ≈ the real one. ATE: treated p/e, controls
   * (1 − p)/(1 − e). ATT: controls e/(1 − e)·(1 − p)/p (treated stay 1). ATC: treated (1 − e)/e·p/(1 − p).
   * p is the proportion treated among the units kept after trimming. Default false.
   */
  readonly stabilize?: boolean;
  readonly trim?: PropensityTrim;
}

export interface IptwWeights {
  readonly estimand: Estimand;
  readonly stabilized: boolean;
  /** One weight per unit; 0 for trimmed units. */
  readonly weights: Float64Array;
  /** 1 where the unit was trimmed. */
  readonly trimmed: Uint8Array;
  /** The propensity-score interval kept (both ends included); (−∞, ∞) without trimming. */
  readonly keptInterval: { readonly lower: number; readonly upper: number };
  readonly counts: {
    readonly treated: number;
    readonly control: number;
    readonly treatedTrimmed: number;
    readonly controlTrimmed: number;
  };
  /** Proportion treated among kept units (the p of stabilization). */
  readonly marginalTreated: number;
  /** Kish effective sample sizes (Σw)²/Σw² of the kept units. */
  readonly effectiveSampleSize: { readonly treated: number; readonly control: number; readonly overall: number };
}

/**
 * Inverse probability of treatment weights from propensity scores `e` (Rosenbaum & Rubin 1983; Austin & Stuart 2015).
 *
 * @example
 * const w = iptwWeights([1, 0, 1, 0], [0.8, 0.2, 0.5, 0.5]);
 * w.weights // → Float64Array [1.25, 1.25, 2, 2]
 * iptwWeights([1, 0, 1, 0], [0.8, 0.2, 0.5, 0.5], { estimand: 'ATT' }).weights // → [1, 0.25, 1, 1]
 */
export function iptwWeights(
  treatment: ArrayLike<number | boolean>,
  propensityScore: ArrayLike<number>,
  options: IptwOptions = {},
): IptwWeights {
  const t = toTreatmentIndicator(treatment);
  const n = t.length;
  if (propensityScore.length !== n) {
    throw new StatsError('invalid_input', 'propensity scores and treatment must have the same length', { details: { field: 'propensityScore' } });
  }
  for (let i = 0; i < n; i++) {
    const e = propensityScore[i] as number;
    if (!(e >= 0 && e <= 1)) {
      throw new StatsError('invalid_input', 'propensity scores must be probabilities', { details: { field: 'propensityScore', row: i } });
    }
  }
  const estimand = options.estimand ?? 'ATE';
  const stabilized = options.stabilize ?? false;
  const { lower, upper } = keptInterval(t, propensityScore, options.trim);

  const trimmed = new Uint8Array(n);
  let treatedKept = 0;
  let controlKept = 0;
  let treatedTrimmed = 0;
  let controlTrimmed = 0;
  for (let i = 0; i < n; i++) {
    const e = propensityScore[i] as number;
    const keep = e >= lower && e <= upper;
    trimmed[i] = keep ? 0 : 1;
    if (t[i] === 1) {
      if (keep) treatedKept++;
      else treatedTrimmed++;
    } else if (keep) controlKept++;
    else controlTrimmed++;
  }
  if (treatedKept === 0 || controlKept === 0) {
    throw new StatsError('invalid_input', 'both arms need at least one unit after trimming', { details: { field: 'treatment' } });
  }
  const p = treatedKept / (treatedKept + controlKept);

  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (trimmed[i] === 1) continue;
    const e = propensityScore[i] as number;
    const treated = t[i] === 1;
    let w: number;
    switch (estimand) {
      case 'ATE':
        w = treated ? (stabilized ? p : 1) / e : (stabilized ? 1 - p : 1) / (1 - e);
        break;
      case 'ATT':
        w = treated ? 1 : ((e / (1 - e)) * (stabilized ? (1 - p) / p : 1));
        break;
      case 'ATC':
        w = treated ? ((1 - e) / e) * (stabilized ? p / (1 - p) : 1) : 1;
        break;
    }
    // e is exactly 0 or 1 only for a unit whose arm the model deems impossible; its weight would be infinite.
    if (!Number.isFinite(w)) {
      throw new StatsError('invalid_input', 'a propensity score of exactly 0 or 1 gives an infinite weight; trim it', {
        details: { field: 'propensityScore', row: i },
      });
    }
    weights[i] = w;
  }

  const kept = (i: number): boolean => trimmed[i] === 0;
  return {
    estimand,
    stabilized,
    weights,
    trimmed,
    keptInterval: { lower, upper },
    counts: { treated: treatedKept + treatedTrimmed, control: controlKept + controlTrimmed, treatedTrimmed, controlTrimmed },
    marginalTreated: p,
    effectiveSampleSize: {
      treated: effectiveSampleSize(weights, (i) => kept(i) && t[i] === 1),
      control: effectiveSampleSize(weights, (i) => kept(i) && t[i] === 0),
      overall: effectiveSampleSize(weights, kept),
    },
  };
}

function keptInterval(
  t: Uint8Array,
  e: ArrayLike<number>,
  trim: PropensityTrim | undefined,
): { lower: number; upper: number } {
  if (trim === undefined) return { lower: Number.NEGATIVE_INFINITY, upper: Number.POSITIVE_INFINITY };
  if (!(trim.lower >= 0 && trim.upper <= 1 && trim.lower < trim.upper)) {
    throw new StatsError('invalid_input', 'trimming needs 0 ≤ lower < upper ≤ 1', { details: { field: 'trim' } });
  }
  if (trim.kind === 'bounds') return { lower: trim.lower, upper: trim.upper };
  const sortedOf = (arm: 0 | 1 | null): Float64Array => {
    const xs: number[] = [];
    for (let i = 0; i < t.length; i++) if (arm === null || t[i] === arm) xs.push(e[i] as number);
    return Float64Array.from(xs).sort();
  };
  if ((trim.within ?? 'all') === 'all') {
    const all = sortedOf(null);
    return { lower: quantileSorted(all, trim.lower), upper: quantileSorted(all, trim.upper) };
  }
  return { lower: quantileSorted(sortedOf(1), trim.lower), upper: quantileSorted(sortedOf(0), trim.upper) };
}
