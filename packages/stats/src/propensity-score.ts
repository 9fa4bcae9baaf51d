import { fitLogisticRegression, type LogisticRegression, type LogisticRegressionOptions } from './logistic-regression.js';
import type { CovariateColumn } from './model-matrix.js';
import { StatsError } from './stats-error.js';
import { toTreatmentIndicator } from './treatment-indicator.js';

export interface PropensityScoreInput {
  /** 1/true = treated (exposed), 0/false = comparator. */
  readonly treatment: ArrayLike<number | boolean>;
  /** Baseline confounders; every row must be complete (impute or restrict upstream). */
  readonly covariates: readonly CovariateColumn[];
  /** Case weights of the propensity model (e.g. survey weights); default 1. */
  readonly weights?: ArrayLike<number>;
}

export interface PropensityScore {
  /** e(x) = P(treated | x), one per input row. */
  readonly propensityScore: Float64Array;
  /** log(e / (1 − e)), the scale matching and calipers work on (Rosenbaum & Rubin 1985). */
  readonly logit: Float64Array;
  /** The fitted treatment model, to report and to check (separation, aliased terms). */
  readonly model: LogisticRegression;
}

/**
 * Propensity scores (Rosenbaum & Rubin 1983, Biometrika 70:41) from a main-effects logistic regression of treatment on
 * the covariates — the model R users fit with `glm(treatment ~ ..., family = binomial)`, with the same estimates.
 * Errors of the model propagate: a covariate that predicts treatment perfectly (no overlap) is reported as
 * separation, which for a propensity model means a positivity violation to fix in the design.
 *
 * `options` are those of `fitLogisticRegression`. In small samples — a rare cancer with, say, 85 treated, 11 controls
 * and 14 model terms — prefer `{ penalty: 'firth' }` (Firth's bias-reduced logistic regression, as R's `logistf`): a
 * covariate level seen in one arm only then gives a large but finite coefficient and scores strictly inside (0, 1)
 * instead of `not_converged`. Such scores still flag limited overlap (check them, and trim or restrict); the penalty
 * removes the numerical failure, not the positivity problem.
 *
 * @example
 * const ps = fitPropensityScore({
 *   treatment: [1, 0, 1, 0, 1, 0, 0, 1],
 *   covariates: [{ name: 'age', values: [70, 60, 65, 72, 58, 55, 66, 61] }],
 * });
 * ps.propensityScore // → Float64Array of 8 probabilities; ps.logit the same on the log-odds scale
 * fitPropensityScore({ treatment, covariates }, { penalty: 'firth' }) // small samples, possible separation
 */
export function fitPropensityScore(input: PropensityScoreInput, options: LogisticRegressionOptions = {}): PropensityScore {
  const treatment = toTreatmentIndicator(input.treatment);
  const model = fitLogisticRegression({ outcome: treatment, covariates: input.covariates, weights: input.weights }, options);
  if (model.n !== treatment.length) {
    throw new StatsError('invalid_input', 'propensity scores need every row complete; some covariate values are missing', {
      details: { field: 'covariates', rowsMissing: treatment.length - model.n },
    });
  }
  return { propensityScore: model.fitted, logit: model.linearPredictor, model };
}
