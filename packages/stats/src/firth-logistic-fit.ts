/**
 * Firth's bias-reduced logistic regression (Firth 1993, Biometrika 80:27; Heinze & Schemper 2002, Stat Med 21:2409),
 * the fitter behind `fitLogisticRegression(…, { penalty: 'firth' })`. The model, the weights and the starting point
 * are R's `logistf` (its C routine `logistffit`); the iteration converges further and faster:
 *
 * - maximise the penalized log-likelihood ℓ*(β) = Σ wᵢ [yᵢ ηᵢ − log(1 + e^ηᵢ)] + ½ log |Xᵀ W X|, W = diag(wᵢ πᵢ (1 − πᵢ));
 * - its gradient is the modified score U*(β) = Σ xᵢ [wᵢ (yᵢ − πᵢ) + hᵢ (½ − πᵢ)], hᵢ the diagonal of the hat matrix
 *   W^½ X (Xᵀ W X)⁻¹ Xᵀ W^½. hᵢ already carries the case weight wᵢ (through W), so — as in `logistf` — only the
 *   y − π term is multiplied by wᵢ. That is what makes an integer weight k the same as k copies of the row: the
 *   copies' hat values add up to the weighted row's;
 * - from β = 0, steps scaled down so that no coefficient moves by more than 5 (`logistf`'s `maxstep`) and halved
 *   while ℓ* decreases, as `logistf`, in `logistf`'s Fisher-scoring direction (Xᵀ W X)⁻¹ U* — until, within one
 *   standard deviation of the root, a step fails to cut the remaining distance tenfold; from then on the direction is
 *   Newton's, with the exact Hessian of ℓ* (where it is negative definite, as it is near the solution). Fisher scoring
 *   leaves out the penalty's own curvature: harmless when rows far outnumber coefficients (its rate is of order p/n),
 *   but with few rows per coefficient that curvature is as large as the likelihood's and scoring converges linearly,
 *   at rates up to 0.95 per step — hundreds of iterations on small random designs, where Newton needs about ten (and
 *   `logistf` stops wherever its loose tolerance is first met);
 * - stop when, at the current β, every component of the score and of the next step is below `tolerance` (1e-10) in
 *   its own standard-deviation units: |U*ⱼ| / √(Xᵀ W X)ⱼⱼ and |Δⱼ| / √((Xᵀ W X)⁻¹)ⱼⱼ. Both are free of the
 *   covariates' units, and rounding keeps them near 1e-15, so the criterion is reachable at any n. (`logistf` stops
 *   on absolute changes of 1e-5; its estimates differ from ours in the sixth or seventh digit.)
 *
 * The penalty is what keeps the estimates finite under separation: ½ log |Xᵀ W X| → −∞ as fitted probabilities go to
 * 0 or 1. Cost per step O(n p²) while scoring, O(n p³ / 6) with the Hessian (against O(n p²) for IRLS): on 100,000 rows
 * and 14 covariates, scoring alone, about 3× the time of the unpenalized fit.
 */
import { choleskyGeneralized, choleskyGeneralizedInverse, choleskyGeneralizedSolve, type GeneralizedCholesky } from './linalg.js';
import { StatsError } from './stats-error.js';

/** The model after the caller has dropped incomplete rows: row-major x (n × p), outcome in [0, 1], case weights. */
export interface FirthDesign {
  readonly x: Float64Array;
  readonly n: number;
  readonly p: number;
  readonly y: Float64Array;
  readonly prior: Float64Array;
  /** Column names, for the `singular` error. */
  readonly names: readonly string[];
}

export interface FirthFitOptions {
  readonly tolerance: number;
  readonly maxIterations: number;
  readonly singularOk: boolean;
}

/**
 * The state at the solution (`beta` 0 for aliased columns; the inverse of `chol`, rescaled, is the Wald covariance;
 * `penalizedLogLik` is ℓ*(β̂), `logistf`'s `loglik["full"]`) and the steps taken.
 */
export interface FirthFit extends FirthState {
  readonly iterations: number;
}

/** `logistf.control()$maxstep`. */
const MAX_STEP = 5;
/** Far more than `logistf`'s 5: a few extra halvings cost little and avoid a spurious stop. */
const MAX_HALVINGS = 30;
/** ℓ* evaluated twice at nearly the same β can differ by rounding; a decrease below this is not a decrease. */
const ROUNDING_SLACK = 1e-12;

/** Everything that depends on β alone. */
interface FirthState {
  readonly beta: Float64Array;
  readonly eta: Float64Array;
  readonly mu: Float64Array;
  /** L D Lᵀ of the equilibrated information S (Xᵀ W X) S, S = diag(scale). */
  readonly chol: GeneralizedCholesky;
  readonly scale: Float64Array;
  readonly penalizedLogLik: number;
}

/** A state with what the next step needs. */
interface ScoredState extends FirthState {
  /** U*(β). */
  readonly score: Float64Array;
  /** (S (Xᵀ W X) S)⁻¹, zero rows and columns for aliased terms. */
  readonly inverse: Float64Array;
  /** The step Δ in β (Newton's, or Fisher scoring's). */
  readonly step: Float64Array;
}

/** log(1 + eᵗ) without overflow. */
function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/** π(1 − π) = e^{−|η|} / (1 + e^{−|η|})², which keeps its precision where 1 − π would round to 0. */
function logisticVariance(eta: number): number {
  const e = Math.exp(-Math.abs(eta));
  return e / ((1 + e) * (1 + e));
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += (a[j] as number) * (b[j] as number);
  return s;
}

/** Solves (S M S) Δ = U given the factors of the equilibrated M: Δ = S (M̃⁻¹ (S U)). */
function solveEquilibrated(chol: GeneralizedCholesky, scale: Float64Array, u: Float64Array): Float64Array {
  const p = u.length;
  const scaled = new Float64Array(p);
  for (let j = 0; j < p; j++) scaled[j] = (u[j] as number) * (scale[j] as number);
  const solved = choleskyGeneralizedSolve(chol, scaled);
  for (let j = 0; j < p; j++) solved[j] = (solved[j] as number) * (scale[j] as number);
  return solved;
}

class FirthProblem {
  readonly design: FirthDesign;
  /** 1 for the columns fitted; 0 for those found aliased at the start, which stay at β = 0. */
  readonly keep: Uint8Array;
  readonly rank: number;
  private readonly xtwx: Float64Array;

  constructor(design: FirthDesign, keep: Uint8Array) {
    this.design = design;
    this.keep = keep;
    this.rank = keep.reduce((s, k) => s + k, 0);
    this.xtwx = new Float64Array(design.p * design.p);
  }

  /**
   * Xᵀ W X over the kept columns, equilibrated to unit diagonal (so that the rank test is relative to each column's
   * own weighted norm, as in the IRLS path), and its L D Lᵀ factorization; also log |Xᵀ W X| of the kept block.
   */
  fisher(eta: Float64Array): { chol: GeneralizedCholesky; scale: Float64Array; logDet: number } {
    const { x, n, p, prior } = this.design;
    const { xtwx, keep } = this;
    xtwx.fill(0);
    for (let r = 0; r < n; r++) {
      const w = prior[r] as number;
      if (!(w > 0)) continue;
      const v = w * logisticVariance(eta[r] as number);
      const base = r * p;
      for (let j = 0; j < p; j++) {
        if (keep[j] === 0) continue;
        const xj = (x[base + j] as number) * v;
        if (xj === 0) continue;
        for (let k = j; k < p; k++) {
          if (keep[k] === 1) xtwx[j * p + k] = (xtwx[j * p + k] as number) + xj * (x[base + k] as number);
        }
      }
    }
    const scale = new Float64Array(p);
    for (let j = 0; j < p; j++) {
      const d = xtwx[j * p + j] as number;
      scale[j] = d > 0 ? 1 / Math.sqrt(d) : 0;
    }
    for (let j = 0; j < p; j++) {
      for (let k = j; k < p; k++) xtwx[j * p + k] = (xtwx[j * p + k] as number) * (scale[j] as number) * (scale[k] as number);
    }
    const chol = choleskyGeneralized(xtwx, p);
    // |A| = |S A S| / Π sⱼ² for the equilibrated S A S = L D Lᵀ, whose determinant is Π Dⱼⱼ.
    let logDet = 0;
    for (let j = 0; j < p; j++) {
      const d = chol.factor[j * p + j] as number;
      if (d > 0) logDet += Math.log(d) - 2 * Math.log(scale[j] as number);
    }
    return { chol, scale, logDet };
  }

  /** η, π, the information and ℓ* at β. ℓ* is −∞ when the information has lost rank (π rounded to 0 or 1). */
  evaluate(beta: Float64Array): FirthState {
    const { x, n, p, y, prior } = this.design;
    const eta = new Float64Array(n);
    const mu = new Float64Array(n);
    let logLik = 0;
    for (let r = 0; r < n; r++) {
      let s = 0;
      const base = r * p;
      for (let j = 0; j < p; j++) s += (x[base + j] as number) * (beta[j] as number);
      eta[r] = s;
      mu[r] = 1 / (1 + Math.exp(-s));
      const w = prior[r] as number;
      if (w > 0) logLik += w * ((y[r] as number) * s - softplus(s));
    }
    const { chol, scale, logDet } = this.fisher(eta);
    const ok = chol.rank === this.rank && Number.isFinite(logDet) && Number.isFinite(logLik);
    return { beta, eta, mu, chol, scale, penalizedLogLik: ok ? logLik + 0.5 * logDet : Number.NEGATIVE_INFINITY };
  }

  /** The scaled row S xᵢ (zero in aliased columns, whose scale is 0). */
  private scaledRow(state: FirthState, r: number, out: Float64Array): void {
    const { x, p } = this.design;
    for (let j = 0; j < p; j++) out[j] = (x[r * p + j] as number) * (state.scale[j] as number);
  }

  /** hᵢ = wᵢ πᵢ (1 − πᵢ) · xᵢᵀ A⁻¹ xᵢ = wᵢ πᵢ (1 − πᵢ) · (S xᵢ)ᵀ (S A S)⁻¹ (S xᵢ); 0 for rows of weight 0. */
  hatDiagonal(state: FirthState, inverse: Float64Array): Float64Array {
    const { n, p, prior } = this.design;
    const hat = new Float64Array(n);
    const sx = new Float64Array(p);
    for (let r = 0; r < n; r++) {
      const w = prior[r] as number;
      if (!(w > 0)) continue;
      this.scaledRow(state, r, sx);
      let q = 0;
      for (let j = 0; j < p; j++) {
        const sj = sx[j] as number;
        if (sj === 0) continue;
        let t = 0;
        for (let k = 0; k < p; k++) t += (inverse[j * p + k] as number) * (sx[k] as number);
        q += sj * t;
      }
      hat[r] = w * logisticVariance(state.eta[r] as number) * q;
    }
    return hat;
  }

  /** U* = Σ xᵢ [wᵢ (yᵢ − πᵢ) + hᵢ (½ − πᵢ)]. */
  modifiedScore(state: FirthState, hat: Float64Array): Float64Array {
    const { x, n, p, y, prior } = this.design;
    const score = new Float64Array(p);
    for (let r = 0; r < n; r++) {
      const w = prior[r] as number;
      if (!(w > 0)) continue;
      const m = state.mu[r] as number;
      const u = w * ((y[r] as number) - m) + (hat[r] as number) * (0.5 - m);
      for (let j = 0; j < p; j++) score[j] = (score[j] as number) + (x[r * p + j] as number) * u;
    }
    return score;
  }

  /**
   * −∂²ℓ* / ∂β̃ ∂β̃ᵀ in the equilibrated coordinates β̃ = S⁻¹ β (design X̃ = X S, information Ĩ = S A S). With
   * qᵢ = πᵢ (1 − πᵢ), differentiating ½ log |Ĩ| twice gives ½ tr(Ĩ⁻¹ ∂²Ĩ) − ½ tr(Ĩ⁻¹ ∂Ĩ Ĩ⁻¹ ∂Ĩ), so
   *   −H = Ĩ − ½ X̃ᵀ diag((1 − 6q) h) X̃ + ½ T,  Tⱼₖ = tr(Ĩ⁻¹ Ĩⱼ Ĩ⁻¹ Ĩₖ),  Ĩⱼ = ∂Ĩ/∂β̃ⱼ = X̃ᵀ diag(w q (1 − 2π) x̃ⱼ) X̃.
   * (Ĩⱼ)ₐᵦ = Σᵢ cᵢ x̃ᵢⱼ x̃ᵢₐ x̃ᵢᵦ is symmetric in (j, a, b), so only j ≤ a ≤ b is summed: O(n p³ / 6); T is then O(p⁴).
   */
  negativeHessian(state: FirthState, inverse: Float64Array, hat: Float64Array): Float64Array {
    const { n, p, prior } = this.design;
    const g = new Float64Array(p * p);
    const third = new Float64Array(p * p * p);
    const sx = new Float64Array(p);
    for (let r = 0; r < n; r++) {
      const w = prior[r] as number;
      if (!(w > 0)) continue;
      this.scaledRow(state, r, sx);
      const q = logisticVariance(state.eta[r] as number);
      const information = w * q - 0.5 * (1 - 6 * q) * (hat[r] as number);
      const slope = w * q * (1 - 2 * (state.mu[r] as number));
      for (let j = 0; j < p; j++) {
        const xj = sx[j] as number;
        if (xj === 0) continue;
        const gj = information * xj;
        for (let b = j; b < p; b++) g[j * p + b] = (g[j * p + b] as number) + gj * (sx[b] as number);
        const cj = slope * xj;
        for (let a = j; a < p; a++) {
          const cja = cj * (sx[a] as number);
          if (cja === 0) continue;
          const base = (j * p + a) * p;
          for (let b = a; b < p; b++) third[base + b] = (third[base + b] as number) + cja * (sx[b] as number);
        }
      }
    }
    for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) g[a * p + b] = g[b * p + a] as number;
    const derivatives = Array.from({ length: p }, (_, j) => {
      const d = new Float64Array(p * p);
      for (let a = 0; a < p; a++) {
        for (let b = 0; b < p; b++) {
          const [i0, i1, i2] = [j, a, b].sort((u, v) => u - v) as [number, number, number];
          d[a * p + b] = third[(i0 * p + i1) * p + i2] as number;
        }
      }
      return d;
    });
    // Bⱼ = Ĩ⁻¹ Ĩⱼ; Tⱼₖ = tr(Bⱼ Bₖ).
    const products = derivatives.map((d) => {
      const bj = new Float64Array(p * p);
      for (let a = 0; a < p; a++) {
        for (let c = 0; c < p; c++) {
          const ia = inverse[a * p + c] as number;
          if (ia === 0) continue;
          for (let b = 0; b < p; b++) bj[a * p + b] = (bj[a * p + b] as number) + ia * (d[c * p + b] as number);
        }
      }
      return bj;
    });
    for (let j = 0; j < p; j++) {
      for (let k = j; k < p; k++) {
        const bj = products[j] as Float64Array;
        const bk = products[k] as Float64Array;
        let trace = 0;
        for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) trace += (bj[a * p + b] as number) * (bk[b * p + a] as number);
        g[j * p + k] = (g[j * p + k] as number) + 0.5 * trace;
        if (k !== j) g[k * p + j] = g[j * p + k] as number;
      }
    }
    return g;
  }

  /**
   * The score and the next step: Fisher scoring's, (Xᵀ W X)⁻¹ U* (always an ascent direction, since Xᵀ W X is
   * positive definite), or with `newton` Newton's, −H⁻¹ U*, where −H is positive definite on the kept columns.
   */
  scored(state: FirthState, newton: boolean): ScoredState {
    const inverse = choleskyGeneralizedInverse(state.chol);
    const hat = this.hatDiagonal(state, inverse);
    const score = this.modifiedScore(state, hat);
    let direction = state.chol;
    if (newton) {
      const hessian = choleskyGeneralized(this.negativeHessian(state, inverse, hat), this.design.p);
      if (hessian.rank === this.rank && hessian.nonNegative) direction = hessian;
    }
    return { ...state, score, inverse, step: solveEquilibrated(direction, state.scale, score) };
  }
}

/**
 * The largest component of the score and of the step, each in its own standard-deviation units: |U*ⱼ| / √Aⱼⱼ and
 * |Δⱼ| / √(A⁻¹)ⱼⱼ with A = Xᵀ W X, i.e. U*ⱼ sⱼ and Δⱼ / (sⱼ √((S A S)⁻¹)ⱼⱼ). Aliased columns are not estimated.
 */
function distanceToRoot(state: ScoredState): number {
  const { score, step, inverse, scale, chol } = state;
  const p = score.length;
  let largest = 0;
  for (let j = 0; j < p; j++) {
    const s = scale[j] as number;
    if (s === 0 || chol.factor[j * p + j] === 0) continue;
    const zScore = Math.abs((score[j] as number) * s);
    const zStep = Math.abs(step[j] as number) / (s * Math.sqrt(inverse[j * p + j] as number));
    largest = Math.max(largest, zScore, zStep);
    if (Number.isNaN(zScore) || Number.isNaN(zStep)) return Number.NaN;
  }
  return largest;
}

/**
 * The next iterate along Δ: scaled down to `MAX_STEP` and halved while ℓ* decreases, as `logistf` does, and then
 * adjusted with the slope of ℓ* along Δ (the score at the trial point, which unlike ℓ* keeps its precision near the
 * solution). If the slope has turned negative, the step overshot the maximum along the line (Fisher scoring does, by
 * up to a factor 2, where the penalty's curvature is as large as the likelihood's): the secant between the two slopes
 * finds it. If the slope has hardly fallen, the step was far too short (Fisher scoring creeps along the ridges of a
 * non-concave ℓ*): the step is doubled while ℓ* keeps increasing. Near the solution a Newton step lands where the
 * slope is ≈ 0 and neither applies.
 */
function takeStep(problem: FirthProblem, current: ScoredState, newton: boolean): ScoredState {
  const { step } = current;
  const at = (t: number): FirthState => {
    const beta = new Float64Array(step.length);
    for (let j = 0; j < step.length; j++) beta[j] = (current.beta[j] as number) + t * (step[j] as number);
    return problem.evaluate(beta);
  };
  let largest = 0;
  for (const d of step) largest = Math.max(largest, Math.abs(d));
  const longest = MAX_STEP / largest;
  const slack = ROUNDING_SLACK * (1 + Math.abs(current.penalizedLogLik));
  const slope0 = dot(current.score, step);

  let t = Math.min(1, longest);
  let trial = at(t);
  for (let halving = 0; trial.penalizedLogLik < current.penalizedLogLik - slack; halving++) {
    if (halving === MAX_HALVINGS) {
      throw new StatsError('not_converged', 'Firth-penalized logistic regression: step-halving could not increase the penalized likelihood', {
        details: { field: 'covariates' },
      });
    }
    t /= 2;
    trial = at(t);
  }
  let best = problem.scored(trial, newton);
  let slope = dot(best.score, step);
  // The last point known to lie before the maximum along the line, and the slope there.
  let [tBefore, slopeBefore] = [0, slope0];
  while (slope0 > 0 && slope > 0.5 * slope0 && 2 * t <= longest) {
    const further = at(2 * t);
    if (!(further.penalizedLogLik > best.penalizedLogLik)) break;
    [tBefore, slopeBefore] = [t, slope];
    t *= 2;
    best = problem.scored(further, newton);
    slope = dot(best.score, step);
  }
  if (slopeBefore > 0 && slope < 0) {
    const refined = at(tBefore + ((t - tBefore) * slopeBefore) / (slopeBefore - slope));
    if (refined.penalizedLogLik >= best.penalizedLogLik - slack) return problem.scored(refined, newton);
  }
  return best;
}

/**
 * @example
 * // One binary covariate: Firth adds ½ to every cell of the 2×2 table (here events 3/3 exposed, 1/4 unexposed).
 * fitFirthLogistic({ x: Float64Array.of(1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 1, 0), n: 7, p: 2,
 *   y: Float64Array.of(1, 1, 1, 1, 0, 0, 0), prior: new Float64Array(7).fill(1), names: ['(Intercept)', 'x'] },
 *   { tolerance: 1e-10, maxIterations: 100, singularOk: true }).beta
 * // → [log(1.5 / 3.5), log(3.5·3.5 / (0.5·1.5))] = [−0.847…, 2.793…]
 */
export function fitFirthLogistic(design: FirthDesign, options: FirthFitOptions): FirthFit {
  const { p } = design;
  // Aliasing is a property of X and of which rows have weight > 0, not of β: decide it once, at β = 0 (W = w/4), and
  // fit the other columns. (Redeciding at every β could change the penalty's dimension between two steps.)
  const start = new FirthProblem(design, new Uint8Array(p).fill(1)).fisher(new Float64Array(design.n)).chol;
  const keep = new Uint8Array(p);
  for (let j = 0; j < p; j++) keep[j] = start.factor[j * p + j] === 0 ? 0 : 1;
  if (start.rank < p && !options.singularOk) {
    const first = keep.indexOf(0);
    throw new StatsError('singular', 'the design is collinear: a term is a linear combination of the others', {
      details: { field: design.names[first] ?? 'covariates' },
    });
  }
  const problem = new FirthProblem(design, keep);
  // Fisher scoring while it converges fast — each step cutting the distance to the root at least tenfold, as it does
  // when rows far outnumber coefficients (its rate is of order p/n) — and Newton's method from the first step that
  // does not, for good: the Hessian costs O(n p³) per step, where scoring costs O(n p²).
  let newton = false;
  let current = problem.scored(problem.evaluate(new Float64Array(p)), newton);
  let distance = distanceToRoot(current);
  for (let iteration = 0; ; iteration++) {
    if (distance <= options.tolerance) {
      const { beta, eta, mu, chol, scale, penalizedLogLik } = current;
      return { beta, eta, mu, chol, scale, penalizedLogLik, iterations: iteration };
    }
    if (iteration >= options.maxIterations) {
      throw new StatsError('not_converged', 'Firth-penalized logistic regression did not converge within the iteration limit', {
        details: { field: 'covariates', iterations: iteration },
      });
    }
    current = takeStep(problem, current, newton);
    const next = distanceToRoot(current);
    if (!newton && distance < 1 && !(next <= 0.1 * distance)) {
      newton = true;
      current = problem.scored(current, newton);
    }
    distance = distanceToRoot(current);
  }
}
