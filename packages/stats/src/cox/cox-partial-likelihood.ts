/**
 * Log partial likelihood, score vector and information matrix of the Cox model at one β, with Efron's or Breslow's
 * handling of tied event times: one backward pass over the sorted rows per stratum, O(n·p²). The same arithmetic as
 * survival's `coxfit6`, so that the Newton–Raphson path and the convergence point match R's.
 */
import type { CoxData, CoxTies } from './cox-data.js';

export interface CoxLikelihood {
  loglik: number;
  /** Score vector U(β), length p. */
  readonly u: Float64Array;
  /** Information matrix I(β), p × p row-major (full, symmetric). */
  readonly imat: Float64Array;
}

/** Scratch buffers reused across iterations, so that a fit allocates nothing per row. */
export interface CoxWorkspace {
  readonly eta: Float64Array;
  readonly a: Float64Array;
  readonly a2: Float64Array;
  readonly cmat: Float64Array;
  readonly cmat2: Float64Array;
  readonly result: CoxLikelihood;
}

export function createCoxWorkspace(n: number, p: number): CoxWorkspace {
  return {
    eta: new Float64Array(n),
    a: new Float64Array(p),
    a2: new Float64Array(p),
    cmat: new Float64Array(p * p),
    cmat2: new Float64Array(p * p),
    result: { loglik: 0, u: new Float64Array(p), imat: new Float64Array(p * p) },
  };
}

/** Fills and returns `ws.result` for coefficients `beta` (on the scaled covariates of `data`). */
export function coxPartialLikelihood(data: CoxData, beta: Float64Array, ties: CoxTies, ws: CoxWorkspace): CoxLikelihood {
  const { n, p, x, time, status, weight, stratumStart } = data;
  const { eta, a, a2, cmat, cmat2, result } = ws;
  const { u, imat } = result;
  const efron = ties === 'efron';
  for (let k = 0; k < n; k++) {
    let s = 0;
    const base = k * p;
    for (let j = 0; j < p; j++) s += beta[j]! * x[base + j]!;
    eta[k] = s;
  }
  u.fill(0);
  imat.fill(0);
  let loglik = 0;
  for (let s = 0; s + 1 < stratumStart.length; s++) {
    const lo = stratumStart[s]!;
    let k = stratumStart[s + 1]! - 1;
    let denom = 0;
    a.fill(0);
    cmat.fill(0);
    while (k >= lo) {
      const dtime = time[k]!;
      let ndead = 0;
      let deadwt = 0;
      let denom2 = 0;
      // Everyone at this time joins the risk set; the deaths are kept apart for Efron's correction.
      while (k >= lo && time[k] === dtime) {
        const w = weight[k]!;
        const risk = Math.exp(eta[k]!) * w;
        const base = k * p;
        if (status[k] === 0) {
          denom += risk;
          for (let i = 0; i < p; i++) {
            const xi = x[base + i]!;
            a[i] = a[i]! + risk * xi;
            const ri = risk * xi;
            for (let j = 0; j <= i; j++) cmat[i * p + j] = cmat[i * p + j]! + ri * x[base + j]!;
          }
        } else {
          if (ndead === 0) {
            a2.fill(0);
            cmat2.fill(0);
          }
          ndead++;
          deadwt += w;
          denom2 += risk;
          loglik += w * eta[k]!;
          for (let i = 0; i < p; i++) {
            const xi = x[base + i]!;
            u[i] = u[i]! + w * xi;
            a2[i] = a2[i]! + risk * xi;
            const ri = risk * xi;
            for (let j = 0; j <= i; j++) cmat2[i * p + j] = cmat2[i * p + j]! + ri * x[base + j]!;
          }
        }
        k--;
      }
      if (ndead === 0) continue;
      if (!efron || ndead === 1) {
        denom += denom2;
        loglik -= deadwt * Math.log(denom);
        for (let i = 0; i < p; i++) {
          a[i] = a[i]! + a2[i]!;
          for (let j = 0; j <= i; j++) cmat[i * p + j] = cmat[i * p + j]! + cmat2[i * p + j]!;
        }
        for (let i = 0; i < p; i++) {
          const mean = a[i]! / denom;
          u[i] = u[i]! - deadwt * mean;
          for (let j = 0; j <= i; j++) imat[i * p + j] = imat[i * p + j]! + (deadwt * (cmat[i * p + j]! - mean * a[j]!)) / denom;
        }
      } else {
        // Efron: the d tied deaths leave the risk set a fraction 1/d at a time. Sub-step k has denominator
        // D_k = D₀ + f_k·D_dead with f_k = (k+1)/d (R's order), and sums a₀ + f_k·a_dead, C₀ + f_k·C_dead; the p × p
        // update is linear in f_k, 1/D_k and 1/D_k², so five scalar sums over the sub-steps replace d p × p updates.
        const meanwt = deadwt / ndead;
        let s1 = 0;
        let sf = 0;
        let s11 = 0;
        let s1f = 0;
        let sff = 0;
        for (let step = 0; step < ndead; step++) {
          const f = (step + 1) / ndead;
          const d = denom + f * denom2;
          loglik -= meanwt * Math.log(d);
          const inv = 1 / d;
          const inv2 = inv * inv;
          s1 += inv;
          sf += f * inv;
          s11 += inv2;
          s1f += f * inv2;
          sff += f * f * inv2;
        }
        for (let i = 0; i < p; i++) {
          const ai = a[i]!;
          const a2i = a2[i]!;
          u[i] = u[i]! - meanwt * (ai * s1 + a2i * sf);
          for (let j = 0; j <= i; j++) {
            const aj = a[j]!;
            const a2j = a2[j]!;
            const ij = i * p + j;
            const second = cmat[ij]! * s1 + cmat2[ij]! * sf;
            const meanProduct = ai * aj * s11 + (ai * a2j + a2i * aj) * s1f + a2i * a2j * sff;
            imat[ij] = imat[ij]! + meanwt * (second - meanProduct);
          }
        }
        denom += denom2;
        for (let i = 0; i < p; i++) {
          a[i] = a[i]! + a2[i]!;
          for (let j = 0; j <= i; j++) cmat[i * p + j] = cmat[i * p + j]! + cmat2[i * p + j]!;
        }
      }
    }
  }
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) imat[j * p + i] = imat[i * p + j]!;
  result.loglik = loglik;
  return result;
}
