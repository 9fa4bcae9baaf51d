import { logGamma, twoSidedNormalP } from './distributions.js';
import { fitFirthLogistic } from './firth-logistic-fit.js';
import {
  choleskyGeneralized,
  choleskyGeneralizedInverse,
  choleskyGeneralizedSolve,
  type GeneralizedCholesky,
} from './linalg.js';
import { createModelMatrix, type CovariateColumn, type ModelMatrixTerm } from './model-matrix.js';
import { StatsError } from './stats-error.js';

/**
 * Logistic regression by iteratively reweighted least squares, reproducing R's
 * `glm(y ~ ..., family = binomial, weights = w)` (R's `glm.fit`, McCullagh & Nelder 1989 §4.4):
 *
 * - same start (μ₀ = (w·y + ½)/(w + 1)), same link functions (R's C code clamps the linear predictor to ±30),
 *   same convergence rule (`glm.control`: |dev − dev_old| / (|dev| + 0.1) < ε = 1e-8, at most 25 iterations), and
 *   the estimates of the iteration that met it — so that coefficients agree with R to ~1e-10, not merely to the
 *   tolerance of the algorithm;
 * - standard errors from the inverse Fisher information (Xᵀ W X)⁻¹ at the working weights of that last iteration,
 *   as `summary.glm` computes them (dispersion 1); z = β/SE, two-sided normal p;
 * - deviance, null deviance (intercept-only, or μ = ½ without intercept), AIC = −2 Σ log dbinom(round(w·y),
 *   round(w), μ) + 2·rank (R's `binomial()$aic`), residual and null degrees of freedom over rows with weight > 0;
 * - case ("prior") weights; rows with a missing outcome, weight or covariate are dropped (`na.omit`);
 * - factor covariates coded as R's `model.matrix` (see `createModelMatrix`).
 *
 * Differences from R, on purpose:
 * - The weighted least-squares step solves the normal equations with a rank-revealing Cholesky factorization of the
 *   column-equilibrated Xᵀ W X instead of R's Householder QR. A column whose part not explained by the earlier
 *   columns has a relative norm below ≈ 1e-6 is *aliased*: like R (`singular.ok = TRUE`), its coefficient is
 *   reported as NaN (R's NA) with `aliased: true` and the model is fitted without it. R's QR uses 1e-11, so a design
 *   that is collinear to within 1e-6 … 1e-11 is dropped here but kept by R (with enormous SEs). Set
 *   `singularOk: false` to get `StatsError('singular')` instead.
 * - Where R only warns, we throw: perfect or quasi-complete separation (R: "fitted probabilities numerically 0 or 1
 *   occurred"; the MLE does not exist — Albert & Anderson 1984) gives `StatsError('not_converged')` saying so, and so
 *   does hitting the iteration limit. An outcome without events or without non-events gives `'no_events'`.
 *
 * With `penalty: 'firth'` the coefficients are instead Firth's bias-reduced estimates (Firth 1993, Biometrika 80:27),
 * as R's `logistf(…, pl = FALSE)` computes them (see `firth-logistic-fit.ts`): they exist — are finite — even under
 * separation, and the first-order (O(1/n)) bias of maximum likelihood is removed. Recommended for propensity and outcome
 * models in small samples or with rare exposures, where separation is common (Heinze & Schemper 2002, Stat Med
 * 21:2409). Rows, weights, factors, aliased columns and the errors for no events are handled as without penalty.
 */

export interface LogisticRegressionInput {
  /** 0/1 (or boolean) outcome; proportions in [0, 1] are allowed with weights = trials, as in R. */
  readonly outcome: ArrayLike<number | boolean | null>;
  readonly covariates: readonly CovariateColumn[];
  /** Case weights (R's `weights`), non-negative; default 1. */
  readonly weights?: ArrayLike<number | null>;
}

/** `none`: maximum likelihood (R's `glm`); `firth`: Firth's penalized likelihood (R's `logistf`). */
export const LOGISTIC_PENALTIES = ['none', 'firth'] as const;
export type LogisticPenalty = (typeof LOGISTIC_PENALTIES)[number];

export interface LogisticRegressionOptions {
  /** Include an intercept; default true. */
  readonly intercept?: boolean;
  /**
   * Convergence tolerance. Without penalty: on the relative change in deviance, default 1e-8 (R's `glm.control`).
   * With `firth`: on every component of the modified score and of the next step, each in its own standard-deviation
   * units, default 1e-10.
   */
  readonly epsilon?: number;
  /** Default 25 (R's `glm.control`); 100 steps with `firth` (it typically needs 5–15). */
  readonly maxIterations?: number;
  /** Drop aliased (collinear) columns as R does (default true) or throw `StatsError('singular')`. */
  readonly singularOk?: boolean;
  /**
   * `none` (default): maximum likelihood, as R's `glm`. `firth`: Firth's bias-reduced penalized likelihood, as R's
   * `logistf` — finite estimates under (quasi-)complete separation, where `none` throws `not_converged`; prefer it for
   * small samples, rare outcomes or exposures, and many covariates per event.
   */
  readonly penalty?: LogisticPenalty;
}

export interface LogisticRegressionTerm extends ModelMatrixTerm {
  /** Log odds ratio; NaN when aliased. */
  readonly estimate: number;
  readonly se: number;
  readonly z: number;
  readonly p: number;
  /** Dropped because it is a linear combination of earlier columns (R prints NA). */
  readonly aliased: boolean;
}

export interface LogisticRegression {
  readonly terms: readonly LogisticRegressionTerm[];
  /** Coefficients in term order; 0 for aliased terms (so that Xβ is the linear predictor). */
  readonly coefficients: Float64Array;
  /** p × p covariance (row-major) in term order; rows and columns of aliased terms are NaN. */
  readonly covariance: Float64Array;
  readonly deviance: number;
  readonly nullDeviance: number;
  readonly aic: number;
  readonly dfResidual: number;
  readonly dfNull: number;
  /** Number of non-aliased coefficients. */
  readonly rank: number;
  readonly iterations: number;
  /** Rows used (complete cases, including any with weight 0). */
  readonly n: number;
  /** Input row index of each used row; `fitted[k]` belongs to input row `rows[k]`. */
  readonly rows: Int32Array;
  /** Fitted probabilities of the used rows. */
  readonly fitted: Float64Array;
  /** Linear predictor (log odds) of the used rows. */
  readonly linearPredictor: Float64Array;
  /**
   * How the coefficients were estimated. With `firth`, the standard errors, z and p are Wald statistics from
   * (Xᵀ W X)⁻¹ at the penalized estimates (`logistf`'s `pl = FALSE`); `deviance` and `aic` are those of the ordinary
   * (unpenalized) likelihood evaluated at the penalized estimates, so they are comparable with a `glm` fit but are
   * not what the penalized fit maximised; `nullDeviance` is the ordinary intercept-only deviance, as without penalty.
   */
  readonly penalty: LogisticPenalty;
  /**
   * The penalized log-likelihood at the estimates, Σ wᵢ log P(yᵢ) + ½ log |Xᵀ W X| (R's `logistf(…)$loglik["full"]`);
   * NaN without penalty.
   */
  readonly penalizedLogLik: number;
}

const DBL_EPSILON = 2.220446049250313e-16;
/** R's binomial link (src/library/stats/src/family.c) clamps η to ±30 so that μ stays inside (0, 1). */
const THRESH = 30;
const INVEPS = 1 / DBL_EPSILON;

/** R's `binomial()$linkinv`. */
function linkInverse(eta: number): number {
  const t = eta < -THRESH ? DBL_EPSILON : eta > THRESH ? INVEPS : Math.exp(eta);
  return t / (1 + t);
}

/** R's `binomial()$mu.eta`, dμ/dη. */
function muEta(eta: number): number {
  if (eta > THRESH || eta < -THRESH) return DBL_EPSILON;
  const opexp = 1 + Math.exp(eta);
  return Math.exp(eta) / (opexp * opexp);
}

function yLogY(y: number, mu: number): number {
  return y !== 0 ? y * Math.log(y / mu) : 0;
}

/** R's `binomial()$dev.resids`, summed. */
function binomialDeviance(y: Float64Array, mu: ArrayLike<number>, w: Float64Array): number {
  let dev = 0;
  for (let i = 0; i < y.length; i++) {
    const yi = y[i] as number;
    const mi = mu[i] as number;
    dev += 2 * (w[i] as number) * (yLogY(yi, mi) + yLogY(1 - yi, 1 - mi));
  }
  return dev;
}

function logDbinom(k: number, n: number, p: number): number {
  if (n === 0) return 0;
  const choose = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
  return choose + (k > 0 ? k * Math.log(p) : 0) + (n - k > 0 ? (n - k) * Math.log(1 - p) : 0);
}

interface StepResult {
  readonly beta: Float64Array;
  readonly eta: Float64Array;
  readonly mu: Float64Array;
  readonly deviance: number;
  /** Factorization of the equilibrated Xᵀ W X of this step (its inverse is the covariance). */
  readonly chol: GeneralizedCholesky;
  /** Column equilibration: Xᵀ W X was scaled to D (Xᵀ W X) D with D = diag(scale). */
  readonly scale: Float64Array;
}

/** One weighted least-squares step of `glm.fit`: working response and weights at (η, μ), then the new β, η, μ. */
class IrlsStep {
  readonly x: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly y: Float64Array;
  readonly prior: Float64Array;
  private readonly xtwx: Float64Array;
  private readonly xtwz: Float64Array;

  constructor(x: Float64Array, n: number, p: number, y: Float64Array, prior: Float64Array) {
    this.x = x;
    this.n = n;
    this.p = p;
    this.y = y;
    this.prior = prior;
    this.xtwx = new Float64Array(p * p);
    this.xtwz = new Float64Array(p);
  }

  next(eta: Float64Array, mu: Float64Array): StepResult {
    const { x, n, p, y, prior, xtwx, xtwz } = this;
    xtwx.fill(0);
    xtwz.fill(0);
    for (let r = 0; r < n; r++) {
      const w = prior[r] as number;
      if (!(w > 0)) continue;
      const e = eta[r] as number;
      const m = mu[r] as number;
      const d = muEta(e);
      const z = e + ((y[r] as number) - m) / d;
      const ww = (w * d * d) / (m * (1 - m));
      const base = r * p;
      for (let j = 0; j < p; j++) {
        const xj = (x[base + j] as number) * ww;
        if (xj === 0) continue;
        xtwz[j] = (xtwz[j] as number) + xj * z;
        for (let k = j; k < p; k++) xtwx[j * p + k] = (xtwx[j * p + k] as number) + xj * (x[base + k] as number);
      }
    }
    // Equilibrate columns to unit diagonal so that the rank test is relative to each column's own weighted norm
    // (as R's QR pivoting is) and not to the largest column.
    const scale = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const d = xtwx[j * p + j] as number;
      scale[j] = d > 0 ? 1 / Math.sqrt(d) : 0;
    }
    for (let j = 0; j < p; j++) {
      xtwz[j] = (xtwz[j] as number) * (scale[j] as number);
      for (let k = j; k < p; k++) xtwx[j * p + k] = (xtwx[j * p + k] as number) * (scale[j] as number) * (scale[k] as number);
    }
    const chol = choleskyGeneralized(xtwx, p);
    const solved = choleskyGeneralizedSolve(chol, xtwz);
    const beta = new Float64Array(p);
    for (let j = 0; j < p; j++) beta[j] = (solved[j] as number) * (scale[j] as number);
    const newEta = new Float64Array(n);
    const newMu = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      let s = 0;
      const base = r * p;
      for (let j = 0; j < p; j++) s += (x[base + j] as number) * (beta[j] as number);
      newEta[r] = s;
      newMu[r] = linkInverse(s);
    }
    return { beta, eta: newEta, mu: newMu, deviance: binomialDeviance(y, newMu, prior), chol, scale };
  }
}

/** R's glm.fit warns "fitted probabilities numerically 0 or 1 occurred" at 10·ε from 0 or 1. */
function atBoundary(mu: Float64Array, prior: Float64Array): boolean {
  const eps10 = 10 * DBL_EPSILON;
  for (let r = 0; r < mu.length; r++) {
    if ((prior[r] as number) > 0 && ((mu[r] as number) > 1 - eps10 || (mu[r] as number) < eps10)) return true;
  }
  return false;
}

/**
 * Whether Newton steps beyond R's stopping point settle. Under quasi-complete separation R's deviance criterion is
 * met while the coefficients are still walking off to ±∞ (≈ one unit per step, with SEs in the thousands), and R
 * reports those numbers without a warning. At a true maximum IRLS converges quadratically, so a few more steps
 * change nothing; at none they keep moving until the fitted probabilities reach 0 or 1.
 */
function settles(irls: IrlsStep, from: StepResult): boolean {
  let current = from;
  for (let k = 0; k < 30; k++) {
    const next = irls.next(current.eta, current.mu);
    if (atBoundary(next.mu, irls.prior)) return false;
    let moved = 0;
    for (let j = 0; j < next.beta.length; j++) {
      const b = next.beta[j] as number;
      moved = Math.max(moved, Math.abs(b - (current.beta[j] as number)) / (1 + Math.abs(b)));
    }
    if (moved < 1e-6) return true;
    current = next;
  }
  return false;
}

/** The model's rows after `na.omit`, with outcome and prior weights as `glm.fit` sees them. */
interface PreparedData {
  readonly x: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly y: Float64Array;
  readonly prior: Float64Array;
  readonly terms: readonly ModelMatrixTerm[];
  readonly rows: Int32Array;
  readonly intercept: boolean;
  readonly sumW: number;
  readonly sumWy: number;
  /** Rows with weight > 0. */
  readonly nOk: number;
}

/** What either fitter hands to `summarize`: the last step, with how it was reached. */
interface FittedCoefficients extends StepResult {
  readonly iterations: number;
  readonly penalizedLogLik: number;
}

function prepareData(input: LogisticRegressionInput, intercept: boolean): PreparedData {
  const nInput = input.outcome.length;
  if (input.weights !== undefined && input.weights.length !== nInput) {
    throw new StatsError('invalid_input', 'weights must have one value per row', { details: { field: 'weights' } });
  }
  const outcomeAt = (i: number): number => {
    const v = input.outcome[i];
    return v === true ? 1 : v === false ? 0 : typeof v === 'number' ? v : Number.NaN;
  };
  const weightAt = (i: number): number => {
    if (input.weights === undefined) return 1;
    const v = input.weights[i];
    return typeof v === 'number' ? v : Number.NaN;
  };
  for (let i = 0; i < nInput; i++) {
    const y = outcomeAt(i);
    if (!Number.isNaN(y) && !(y >= 0 && y <= 1)) {
      throw new StatsError('invalid_input', 'the outcome must be 0/1 (or a proportion in [0, 1])', { details: { field: 'outcome', row: i } });
    }
    const w = weightAt(i);
    if (!Number.isNaN(w) && !(w >= 0 && Number.isFinite(w))) {
      throw new StatsError('invalid_input', 'weights must be finite and non-negative', { details: { field: 'weights', row: i } });
    }
  }

  const mm = createModelMatrix(input.covariates, {
    nRows: nInput,
    intercept,
    include: (i) => !Number.isNaN(outcomeAt(i)) && !Number.isNaN(weightAt(i)),
  });
  const { nRows: n, nCols: p, x, terms } = mm;
  const y = new Float64Array(n);
  const prior = new Float64Array(n);
  let sumW = 0;
  let sumWy = 0;
  let nOk = 0;
  for (let r = 0; r < n; r++) {
    const row = mm.rows[r] as number;
    const w = weightAt(row);
    prior[r] = w;
    // As R's binomial()$initialize: a zero-weight row's outcome is irrelevant and set to 0.
    y[r] = w === 0 ? 0 : outcomeAt(row);
    sumW += w;
    sumWy += w * (y[r] as number);
    if (w > 0) nOk++;
  }
  if (nOk === 0) throw new StatsError('invalid_input', 'no row with a complete outcome, covariates and positive weight', { details: { field: 'outcome' } });
  if (sumWy === 0) throw new StatsError('no_events', 'the outcome has no events', { details: { field: 'outcome' } });
  if (sumWy === sumW) throw new StatsError('no_events', 'the outcome has no non-events', { details: { field: 'outcome' } });
  return { x, n, p, y, prior, terms, rows: mm.rows, intercept, sumW, sumWy, nOk };
}

/** Maximum likelihood, step by step as R's `glm.fit`, with our separation checks. */
function fitByIrls(data: PreparedData, epsilon: number, maxIterations: number, singularOk: boolean): FittedCoefficients {
  const { x, n, p, y, prior, terms } = data;
  // Start as R: μ = (w·y + ½)/(w + 1), η = logit(μ).
  const eta = new Float64Array(n);
  const mu = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const w = prior[r] as number;
    const m = (w * (y[r] as number) + 0.5) / (w + 1);
    eta[r] = Math.log(m / (1 - m));
    mu[r] = linkInverse(eta[r] as number);
  }
  let devOld = binomialDeviance(y, mu, prior);

  const irls = new IrlsStep(x, n, p, y, prior);
  let step: StepResult | null = null;
  let iterations = 0;
  let converged = false;
  for (let iter = 1; iter <= maxIterations; iter++) {
    iterations = iter;
    step = irls.next(eta, mu);
    if (step.chol.rank < p && !singularOk) {
      const first = terms.find((_, j) => step?.chol.factor[j * p + j] === 0);
      throw new StatsError('singular', 'the design is collinear: a term is a linear combination of the others', {
        details: { field: first?.name ?? 'covariates' },
      });
    }
    eta.set(step.eta);
    mu.set(step.mu);
    if (!Number.isFinite(step.deviance)) break;
    if (Math.abs(step.deviance - devOld) / (Math.abs(step.deviance) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devOld = step.deviance;
  }

  if (step === null || atBoundary(mu, prior) || (converged && !settles(irls, step))) {
    throw new StatsError(
      'not_converged',
      'perfect or quasi-complete separation: some covariate pattern predicts the outcome exactly, so the maximum likelihood estimate does not exist',
      {
        details: {
          field: 'covariates',
          hint: "remove, merge or collapse the covariate levels that predict the outcome perfectly, or use penalty: 'firth'",
        },
      },
    );
  }
  if (!converged) {
    throw new StatsError('not_converged', 'logistic regression did not converge within the iteration limit', {
      details: { field: 'covariates', iterations },
    });
  }
  const { beta, chol, scale, deviance } = step;
  return { beta, eta, mu, deviance, chol, scale, iterations, penalizedLogLik: Number.NaN };
}

/** Firth's penalized likelihood (`firth-logistic-fit.ts`); the deviance reported is the ordinary one at its estimates. */
function fitByFirth(data: PreparedData, epsilon: number, maxIterations: number, singularOk: boolean): FittedCoefficients {
  const { x, n, p, y, prior, terms } = data;
  const fit = fitFirthLogistic(
    { x, n, p, y, prior, names: terms.map((t) => t.name) },
    { tolerance: epsilon, maxIterations, singularOk },
  );
  return { ...fit, deviance: binomialDeviance(y, fit.mu, prior) };
}

/** Terms, Wald statistics from (Xᵀ W X)⁻¹ of the fit, deviances and AIC as `summary.glm` reports them. */
function summarize(data: PreparedData, fit: FittedCoefficients, penalty: LogisticPenalty): LogisticRegression {
  const { n, p, y, prior, terms, intercept, sumW, sumWy, nOk } = data;
  const { beta, chol, scale, deviance, mu } = fit;
  const inverse = choleskyGeneralizedInverse(chol);
  const covariance = new Float64Array(p * p);
  const aliased = terms.map((_, j) => chol?.factor[j * p + j] === 0);
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < p; k++) {
      covariance[j * p + k] =
        aliased[j] || aliased[k] ? Number.NaN : (inverse[j * p + k] as number) * (scale[j] as number) * (scale[k] as number);
    }
  }
  const outTerms = terms.map((term, j): LogisticRegressionTerm => {
    if (aliased[j]) return { ...term, estimate: Number.NaN, se: Number.NaN, z: Number.NaN, p: Number.NaN, aliased: true };
    const estimate = beta[j] as number;
    const se = Math.sqrt(covariance[j * p + j] as number);
    const z = estimate / se;
    return { ...term, estimate, se, z, p: twoSidedNormalP(z), aliased: false };
  });

  const nullMu = intercept ? sumWy / sumW : 0.5;
  const nullDeviance = binomialDeviance(y, new Float64Array(n).fill(nullMu), prior);
  let logLik = 0;
  for (let r = 0; r < n; r++) {
    const w = prior[r] as number;
    if (w > 0) logLik += logDbinom(Math.round(w * (y[r] as number)), Math.round(w), mu[r] as number);
  }
  const rank = chol.rank;
  return {
    terms: outTerms,
    coefficients: beta,
    covariance,
    deviance,
    nullDeviance,
    aic: -2 * logLik + 2 * rank,
    dfResidual: nOk - rank,
    dfNull: nOk - (intercept ? 1 : 0),
    rank,
    iterations: fit.iterations,
    n,
    rows: data.rows,
    fitted: mu,
    linearPredictor: fit.eta,
    penalty,
    penalizedLogLik: fit.penalizedLogLik,
  };
}

/**
 * @example
 * const fit = fitLogisticRegression({
 *   outcome: [0, 0, 1, 0, 1, 1],
 *   covariates: [{ name: 'dose', values: [1, 2, 3, 4, 5, 6] }],
 * });
 * fit.terms.map((t) => [t.name, t.estimate]) // → [['(Intercept)', -4.2491…], ['dose', 1.2140…]]  (R: glm(y ~ dose, binomial))
 *
 * // Complete separation (every exposed row is an event): no maximum likelihood estimate — without penalty this throws
 * // 'not_converged'. Firth's estimate is finite; for a 2×2 table it is the log odds ratio with ½ added to every cell.
 * fitLogisticRegression({ outcome: [1, 1, 1, 1, 0, 0, 0], covariates: [{ name: 'exposed', values: [1, 1, 1, 0, 0, 0, 0] }] },
 *   { penalty: 'firth' }).terms[1]?.estimate // → log((3.5 · 3.5) / (0.5 · 1.5)) = 2.7932…
 */
export function fitLogisticRegression(input: LogisticRegressionInput, options: LogisticRegressionOptions = {}): LogisticRegression {
  const penalty = options.penalty ?? 'none';
  const singularOk = options.singularOk ?? true;
  const data = prepareData(input, options.intercept ?? true);
  switch (penalty) {
    case 'none':
      return summarize(data, fitByIrls(data, options.epsilon ?? 1e-8, options.maxIterations ?? 25, singularOk), penalty);
    case 'firth':
      return summarize(data, fitByFirth(data, options.epsilon ?? 1e-10, options.maxIterations ?? 100, singularOk), penalty);
    default:
      throw new StatsError('invalid_input', `penalty must be one of ${LOGISTIC_PENALTIES.join(', ')}`, { details: { field: 'penalty' } });
  }
}
