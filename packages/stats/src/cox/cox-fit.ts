/**
 * Cox proportional hazards regression, as R's `coxph` (survival 3.5-3): Efron or Breslow ties, strata, case weights,
 * robust (sandwich) variance with optional clusters, and the likelihood-ratio, Wald and score tests.
 *
 * Newton–Raphson exactly as `coxfit6`: start at β = 0; after each step, stop when |1 − ℓ_old/ℓ_new| ≤ eps (1e-9)
 * unless the previous step was halved; a step that lowers the log-likelihood is halved towards the last good β;
 * at most `maxIter` (20) iterations. The information matrix is factored with a rank-revealing L D Lᵀ (`cholesky2`)
 * whose tolerance is `toler.chol` = ε^0.75, so a collinear design is reported rather than fitted.
 */
import { chiSquareSf, logChiSquareSf, normalQuantile } from '../distributions.js';
import {
  CHOLESKY_TOLERANCE,
  choleskyGeneralized,
  choleskyGeneralizedInverse,
  choleskyGeneralizedSolve,
  symmetrize,
} from '../linalg.js';
import { StatsError } from '../stats-error.js';
import { type CoxData, type CoxInput, type CoxTies, COX_TIES, prepareCoxData } from './cox-data.js';
import { coxPartialLikelihood, createCoxWorkspace } from './cox-partial-likelihood.js';
import { coxScoreResiduals } from './cox-score-residuals.js';

export interface CoxOptions {
  readonly ties?: CoxTies;
  /** Report a robust sandwich variance (R's `robust = TRUE`); implied by `cluster`. */
  readonly robust?: boolean;
  /** R's `coxph.control(eps)`. Default 1e-9. */
  readonly eps?: number;
  /** R's `coxph.control(iter.max)`. Default 20. */
  readonly maxIter?: number;
  /** R's `coxph.control(toler.chol)`. Default ε^0.75. */
  readonly tolerChol?: number;
  /**
   * What to do with collinear (aliased) columns: `error` (default) throws `StatsError('singular')`; `alias` does what
   * R's `coxph` does — fits the rest, reports the aliased coefficients as NaN (R's NA) with zero variance.
   */
  readonly singular?: 'error' | 'alias';
}

export interface ChiSquareTest {
  readonly statistic: number;
  readonly df: number;
  readonly p: number;
  /** log p, finite where p underflows to 0. */
  readonly logP: number;
}

export interface CoxModel {
  readonly names: readonly string[];
  readonly ties: CoxTies;
  readonly coefficients: Float64Array;
  /** Model-based variance, the inverse information (R's `naive.var` when robust, else `var`). */
  readonly naiveVariance: Float64Array;
  /** Sandwich variance (R's `var` when robust), or null. */
  readonly robustVariance: Float64Array | null;
  /** The variance inference uses: robust when present, else naive. */
  readonly variance: Float64Array;
  readonly loglikNull: number;
  readonly loglik: number;
  readonly lrTest: ChiSquareTest;
  /** Wald test, with the robust variance when there is one (as R). */
  readonly waldTest: ChiSquareTest;
  /** Score (log-rank) test at β = 0, model-based. */
  readonly scoreTest: ChiSquareTest;
  readonly iterations: number;
  /** Rows used. */
  readonly n: number;
  /** Number of events (unweighted, as R's `nevent`). */
  readonly events: number;
  /** Xβ centred like R's `linear.predictors` (indicator-like columns uncentred), in input row order. */
  readonly linearPredictor: Float64Array;
  readonly means: Float64Array;
  /** Columns found collinear with earlier ones (only with `singular: 'alias'`; their coefficient is NaN). */
  readonly aliased: readonly boolean[];
}

export interface CoxTerm {
  readonly name: string;
  readonly coef: number;
  readonly hr: number;
  readonly se: number;
  readonly robustSe: number | null;
  readonly z: number;
  readonly p: number;
  readonly logP: number;
  readonly hrLower: number;
  readonly hrUpper: number;
}

function test(statistic: number, df: number): ChiSquareTest {
  return { statistic, df, p: chiSquareSf(statistic, df), logP: logChiSquareSf(statistic, df) };
}

/**
 * Fits the model. Throws `StatsError` 'no_events', 'singular' (collinear covariates), 'not_converged' or
 * 'invalid_input'.
 * @example
 * const fit = coxFit({ time, event, covariates: [age, sex], names: ['age', 'sex'] }, { ties: 'efron' });
 * coxTerms(fit)[1] // { name: 'sex', coef: -0.5134, hr: 0.5985, se: 0.1675, z: -3.065, p: 0.00218, … }
 */
export function coxFit(input: CoxInput, options: CoxOptions = {}): CoxModel {
  const ties = options.ties ?? 'efron';
  if (!COX_TIES.includes(ties)) throw new StatsError('invalid_input', 'ties must be efron or breslow', { details: { field: 'ties' } });
  const eps = options.eps ?? 1e-9;
  const maxIter = options.maxIter ?? 20;
  const toler = options.tolerChol ?? CHOLESKY_TOLERANCE;
  const names = input.names ?? input.covariates.map((_, j) => `x${j + 1}`);
  const data = prepareCoxData(input);
  const { n, p } = data;
  if (p === 0) throw new StatsError('invalid_input', 'the Cox model needs at least one covariate', { details: { field: 'covariates' } });
  let events = 0;
  for (let k = 0; k < n; k++) events += data.status[k]!;
  if (events === 0) throw new StatsError('no_events', 'the Cox model needs at least one event', { details: { field: 'event' } });

  const ws = createCoxWorkspace(n, p);
  let beta = new Float64Array(p);
  let lik = coxPartialLikelihood(data, beta, ties, ws);
  const loglikNull = lik.loglik;
  const strict = (options.singular ?? 'error') === 'error';
  let chol = choleskyGeneralized(lik.imat, p, toler);
  if (strict) assertFullRank(chol.rank, chol.factor, p, names);
  let step = choleskyGeneralizedSolve(chol, lik.u);
  let score = 0;
  for (let j = 0; j < p; j++) score += step[j]! * lik.u[j]!;

  let loglik = loglikNull;
  let newBeta = new Float64Array(p);
  for (let j = 0; j < p; j++) newBeta[j] = beta[j]! + step[j]!;
  let halving = 0;
  let converged = false;
  let iterations = 0;
  let newLoglik = loglikNull;
  for (let iter = 1; iter <= maxIter; iter++) {
    iterations = iter;
    lik = coxPartialLikelihood(data, newBeta, ties, ws);
    newLoglik = lik.loglik;
    if (Math.abs(1 - loglik / newLoglik) <= eps && halving === 0) {
      converged = true;
      break;
    }
    if (iter === maxIter) break;
    if (!(newLoglik >= loglik)) {
      // Overshoot (or overflow to NaN): halve the step back towards the last accepted β.
      halving++;
      for (let j = 0; j < p; j++) newBeta[j] = (newBeta[j]! + beta[j]!) / 2;
    } else {
      halving = 0;
      loglik = newLoglik;
      chol = choleskyGeneralized(lik.imat, p, toler);
      step = choleskyGeneralizedSolve(chol, lik.u);
      beta = Float64Array.from(newBeta);
      newBeta = new Float64Array(p);
      for (let j = 0; j < p; j++) newBeta[j] = beta[j]! + step[j]!;
    }
  }
  if (!converged) {
    throw new StatsError('not_converged', `the Cox model did not converge in ${maxIter} iterations`, { details: { field: 'covariates' } });
  }
  beta = newBeta;
  loglik = newLoglik;
  chol = choleskyGeneralized(lik.imat, p, toler);
  if (strict) assertFullRank(chol.rank, chol.factor, p, names);
  // Like R: a zero pivot in the final factorization marks the column aliased (coefficient NA, zero variance).
  const aliased = Array.from({ length: p }, (_, j) => chol.factor[j * p + j] === 0);
  const scaledVar = choleskyGeneralizedInverse(chol);

  // Undo the scaling: β = β_s · s, V = S V_s S.
  const coefficients = new Float64Array(p);
  const naiveVariance = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    coefficients[i] = aliased[i] ? Number.NaN : beta[i]! * data.scale[i]!;
    for (let j = 0; j < p; j++) naiveVariance[i * p + j] = scaledVar[i * p + j]! * data.scale[i]! * data.scale[j]!;
  }

  const robust = options.robust === true || input.cluster !== undefined;
  const robustVariance = robust ? sandwichVariance(data, beta, ties, scaledVar, input.cluster) : null;
  const variance = robustVariance ?? naiveVariance;

  // Wald test on the estimable coefficients only (R's coxph.wtest on var[nabeta, nabeta]).
  const keep = aliased.flatMap((a, j) => (a ? [] : [j]));
  const q = keep.length;
  const subVar = new Float64Array(q * q);
  const subCoef = new Float64Array(q);
  keep.forEach((a, r) => {
    subCoef[r] = coefficients[a]!;
    keep.forEach((b, c) => (subVar[r * q + c] = variance[a * p + b]!));
  });
  const waldSol = choleskyGeneralizedSolve(choleskyGeneralized(subVar, q, toler), subCoef);
  let wald = 0;
  for (let j = 0; j < q; j++) wald += waldSol[j]! * subCoef[j]!;

  const linearPredictor = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += beta[j]! * data.x[k * p + j]!;
    linearPredictor[data.order[k]!] = s;
  }
  const lr = 2 * (loglik - loglikNull);
  return {
    names,
    ties,
    coefficients,
    naiveVariance,
    robustVariance,
    variance,
    loglikNull,
    loglik,
    lrTest: test(lr, q),
    waldTest: test(wald, q),
    scoreTest: test(score, q),
    iterations,
    n,
    events,
    linearPredictor,
    means: data.means,
    aliased,
  };
}

function assertFullRank(rank: number, factor: Float64Array, p: number, names: readonly string[]): void {
  if (rank >= p) return;
  const aliased: string[] = [];
  for (let j = 0; j < p; j++) if (factor[j * p + j] === 0) aliased.push(names[j] ?? `x${j + 1}`);
  throw new StatsError('singular', `the covariates are collinear; no unique estimate for: ${aliased.join(', ')}`, {
    details: { field: aliased.join(',') },
  });
}

/**
 * V (Σ_c g_c g_cᵀ) V with g_c the weighted score residuals summed over cluster c (one cluster per row without
 * `cluster`): R's `crossprod(residuals(fit, "dfbeta", weighted = TRUE, collapse = cluster))`.
 */
function sandwichVariance(
  data: CoxData,
  beta: Float64Array,
  ties: CoxTies,
  scaledVar: Float64Array,
  cluster: ArrayLike<number> | undefined,
): Float64Array {
  const { n, p } = data;
  const resid = coxScoreResiduals(data, beta, ties);
  let groups: Float64Array;
  let nGroups: number;
  if (cluster === undefined) {
    groups = resid;
    for (let k = 0; k < n; k++) for (let j = 0; j < p; j++) groups[k * p + j] = resid[k * p + j]! * data.weight[k]!;
    nGroups = n;
  } else {
    const codes = new Map<number, number>();
    const sortedCode = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const c = cluster[data.order[k]!]!;
      let code = codes.get(c);
      if (code === undefined) {
        code = codes.size;
        codes.set(c, code);
      }
      sortedCode[k] = code;
    }
    nGroups = codes.size;
    groups = new Float64Array(nGroups * p);
    for (let k = 0; k < n; k++) {
      const g = sortedCode[k]!;
      for (let j = 0; j < p; j++) groups[g * p + j] = groups[g * p + j]! + resid[k * p + j]! * data.weight[k]!;
    }
  }
  // As R: dfbeta rows d_c = g_c V first, then Σ d_c d_cᵀ. Forming V (Σ g gᵀ) V instead is the same in exact
  // arithmetic but can lose positive definiteness when V is huge (a coefficient running off to infinity).
  const out = new Float64Array(p * p);
  const dfbeta = new Float64Array(p);
  for (let g = 0; g < nGroups; g++) {
    let any = false;
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < p; k++) s += groups[g * p + k]! * scaledVar[k * p + j]!;
      dfbeta[j] = s * data.scale[j]!;
      if (s !== 0) any = true;
    }
    if (!any) continue;
    for (let i = 0; i < p; i++) {
      const di = dfbeta[i]!;
      for (let j = 0; j <= i; j++) out[i * p + j] = out[i * p + j]! + di * dfbeta[j]!;
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) out[j * p + i] = out[i * p + j]!;
  symmetrize(out, p);
  return out;
}

/**
 * The coefficient table of `summary(coxph)`: HR, SE (model-based), robust SE, z and p from the variance used for
 * inference, and the HR confidence interval.
 * @example coxTerms(fit, 0.95)[0] // { name: 'age', coef: 0.011, hr: 1.011, se: 0.0093, robustSe: null, z: 1.19, … }
 */
export function coxTerms(model: CoxModel, confLevel = 0.95): CoxTerm[] {
  const p = model.coefficients.length;
  const z975 = normalQuantileFor(confLevel);
  const out: CoxTerm[] = [];
  for (let j = 0; j < p; j++) {
    const coef = model.coefficients[j]!;
    const se = Math.sqrt(model.naiveVariance[j * p + j]!);
    const robustSe = model.robustVariance ? Math.sqrt(model.robustVariance[j * p + j]!) : null;
    const useSe = robustSe ?? se;
    const z = coef / useSe;
    const t = test(z * z, 1);
    out.push({
      name: model.names[j] ?? `x${j + 1}`,
      coef,
      hr: Math.exp(coef),
      se,
      robustSe,
      z,
      p: t.p,
      logP: t.logP,
      hrLower: Math.exp(coef - z975 * useSe),
      hrUpper: Math.exp(coef + z975 * useSe),
    });
  }
  return out;
}

function normalQuantileFor(confLevel: number): number {
  return normalQuantile((1 + confLevel) / 2);
}
