import { chiSquareSf, normalQuantile, twoSidedNormalP } from './distributions.js';
import { StatsError } from './stats-error.js';

/**
 * Meta-analysis of log hazard ratios, e.g. one Cox model per hospital pooled into a network estimate without moving
 * patient rows: inverse-variance fixed effect, and DerSimonian & Laird (1986, Control Clin Trials 7:177) random
 * effects with the method-of-moments τ². Heterogeneity: Cochran's Q on k − 1 df, I² = max(0, (Q − df)/Q)·100 and
 * H = √max(1, Q/df) (Higgins & Thompson 2002, Stat Med 21:1539; the same H as metafor reports for DL).
 * Confidence intervals and p-values are Wald (normal), as in metafor's `rma(method = "DL")` default.
 *
 * Works for any estimate on a log-ratio (or other approximately normal) scale; the `hr*` fields are exp() of the
 * pooled estimate and CI.
 */

export type MetaAnalysisStudy =
  | {
      /** Log hazard ratio. */
      readonly estimate: number;
      /** Its standard error. */
      readonly se: number;
      readonly label?: string;
    }
  | {
      /** Hazard ratio and its confidence interval (at `inputLevel`); the SE is derived on the log scale. */
      readonly hr: number;
      readonly lower: number;
      readonly upper: number;
      readonly label?: string;
    };

export interface MetaAnalysisOptions {
  /** Level of the pooled confidence intervals; default 0.95. */
  readonly level?: number;
  /**
   * Level of the CIs given as `{ hr, lower, upper }`; default 0.95. The SE is (log upper − log lower) / (2·z), with
   * z = Φ⁻¹(1 − (1 − level)/2) = 1.959964… for 95 % (metafor's `conv.wald`; the textbook "1.96" differs by 2e-5).
   */
  readonly inputLevel?: number;
}

export interface PooledEstimate {
  /** Pooled log hazard ratio. */
  readonly estimate: number;
  readonly se: number;
  readonly lower: number;
  readonly upper: number;
  readonly z: number;
  readonly p: number;
  readonly hr: number;
  readonly hrLower: number;
  readonly hrUpper: number;
  /** Each study's share of the weight, summing to 1, in input order. */
  readonly weights: Float64Array;
}

export interface Heterogeneity {
  /** Cochran's Q. */
  readonly q: number;
  /** k − 1. */
  readonly df: number;
  /** P(χ²_df ≥ Q); NaN with one study. */
  readonly p: number;
  /** DerSimonian–Laird between-study variance (0 with one study). */
  readonly tau2: number;
  /** Percentage of variability due to heterogeneity, in [0, 100); NaN with one study. */
  readonly i2: number;
  /** √max(1, Q/df); NaN with one study. */
  readonly h: number;
}

export interface MetaAnalysis {
  readonly k: number;
  /** The inputs as log estimate and SE, in input order. */
  readonly studies: readonly { readonly estimate: number; readonly se: number; readonly label?: string }[];
  readonly fixed: PooledEstimate;
  readonly random: PooledEstimate;
  readonly heterogeneity: Heterogeneity;
  readonly level: number;
}

/**
 * @example
 * const m = metaAnalysis([
 *   { estimate: Math.log(0.8), se: 0.1 },
 *   { hr: 0.7, lower: 0.55, upper: 0.9 },
 * ]);
 * m.fixed.hr            // pooled HR ≈ 0.76
 * m.heterogeneity.i2    // 0 (the two agree)
 */
export function metaAnalysis(studies: readonly MetaAnalysisStudy[], options: MetaAnalysisOptions = {}): MetaAnalysis {
  const level = options.level ?? 0.95;
  const inputLevel = options.inputLevel ?? 0.95;
  for (const [field, value] of [['level', level], ['inputLevel', inputLevel]] as const) {
    if (!(value > 0 && value < 1)) throw new StatsError('invalid_input', 'a confidence level must be in (0, 1)', { details: { field } });
  }
  const k = studies.length;
  if (k === 0) throw new StatsError('invalid_input', 'a meta-analysis needs at least one study', { details: { field: 'studies' } });

  const zIn = normalQuantile(1 - (1 - inputLevel) / 2);
  const normalized = studies.map((s, i) => {
    let estimate: number;
    let se: number;
    if ('hr' in s) {
      if (!(s.hr > 0 && s.lower > 0 && s.upper > s.lower && Number.isFinite(s.upper))) {
        throw new StatsError('invalid_input', 'a hazard ratio and its CI must be positive with lower < upper', { details: { field: 'studies', row: i } });
      }
      estimate = Math.log(s.hr);
      se = (Math.log(s.upper) - Math.log(s.lower)) / (2 * zIn);
    } else {
      estimate = s.estimate;
      se = s.se;
    }
    if (!Number.isFinite(estimate) || !(se > 0 && Number.isFinite(se))) {
      throw new StatsError('invalid_input', 'each study needs a finite estimate and a positive finite SE', { details: { field: 'studies', row: i } });
    }
    return s.label === undefined ? { estimate, se } : { estimate, se, label: s.label };
  });

  const y = Float64Array.from(normalized, (s) => s.estimate);
  const v = Float64Array.from(normalized, (s) => s.se * s.se);
  const zOut = normalQuantile(1 - (1 - level) / 2);

  const fixed = pool(y, v, 0, zOut);
  let q = 0;
  let sumW = 0;
  let sumW2 = 0;
  for (let i = 0; i < k; i++) {
    const w = 1 / (v[i] as number);
    q += w * ((y[i] as number) - fixed.estimate) ** 2;
    sumW += w;
    sumW2 += w * w;
  }
  const df = k - 1;
  // DerSimonian & Laird (1986), eq. 8: τ² = max(0, (Q − df) / (Σw − Σw²/Σw)).
  const c = sumW - sumW2 / sumW;
  const tau2 = df > 0 && c > 0 ? Math.max(0, (q - df) / c) : 0;
  const random = pool(y, v, tau2, zOut);

  return {
    k,
    studies: normalized,
    fixed,
    random,
    heterogeneity: {
      q,
      df,
      p: df > 0 ? chiSquareSf(q, df) : Number.NaN,
      tau2,
      i2: df > 0 ? (q > df ? (100 * (q - df)) / q : 0) : Number.NaN,
      h: df > 0 ? Math.sqrt(Math.max(1, q / df)) : Number.NaN,
    },
    level,
  };
}

/** Inverse-variance weighted mean with weights 1/(vᵢ + τ²). */
function pool(y: Float64Array, v: Float64Array, tau2: number, z: number): PooledEstimate {
  const k = y.length;
  const weights = new Float64Array(k);
  let sumW = 0;
  let sumWy = 0;
  for (let i = 0; i < k; i++) {
    const w = 1 / ((v[i] as number) + tau2);
    weights[i] = w;
    sumW += w;
    sumWy += w * (y[i] as number);
  }
  for (let i = 0; i < k; i++) weights[i] = (weights[i] as number) / sumW;
  const estimate = sumWy / sumW;
  const se = Math.sqrt(1 / sumW);
  const lower = estimate - z * se;
  const upper = estimate + z * se;
  const zStat = estimate / se;
  return {
    estimate,
    se,
    lower,
    upper,
    z: zStat,
    p: twoSidedNormalP(zStat),
    hr: Math.exp(estimate),
    hrLower: Math.exp(lower),
    hrUpper: Math.exp(upper),
    weights,
  };
}
