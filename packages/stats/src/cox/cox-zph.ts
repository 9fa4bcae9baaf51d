/**
 * Test of proportional hazards, as R's `cox.zph(fit, transform = "km")` in survival 3.x: a score test, at the fitted
 * β, of adding the interaction of each covariate with g(t), where g is the Kaplan–Meier transform of time
 * (1 − S(t−) over all rows of the fit, unweighted, ignoring strata) centred on its mean over the events. One test per
 * term (all its columns together) and a GLOBAL test of all of them. This is the 3.x refit-free score test, not the
 * 2.x approximation from scaled Schoenfeld residuals.
 */
import { chiSquareSf, logChiSquareSf } from '../distributions.js';
import { choleskyGeneralized, choleskyGeneralizedSolve } from '../linalg.js';
import { sortOrder } from '../sort-order.js';
import { type CoxInput, prepareCoxData } from './cox-data.js';
import type { CoxModel } from './cox-fit.js';

export interface ZphTerm {
  /** A term name, or `GLOBAL`. */
  readonly term: string;
  readonly chisq: number;
  readonly df: number;
  readonly p: number;
  readonly logP: number;
}

export interface CoxZphTerms {
  /** Term names, e.g. ['trt', 'celltype']. */
  readonly names: readonly string[];
  /** Column indices of each term in `model.coefficients` (a factor spans several dummies). */
  readonly columns: readonly (readonly number[])[];
}

/**
 * @example coxZph(input, fit) // [{ term: 'age', chisq: 0.188, df: 1, p: 0.665 }, …, { term: 'GLOBAL', … }]
 */
export function coxZph(input: CoxInput, model: CoxModel, terms?: CoxZphTerms): ZphTerm[] {
  const data = prepareCoxData(input);
  const { n, p, x, time, status, weight, stratumStart } = data;
  const termSpec = terms ?? { names: model.names, columns: model.names.map((_, j) => [j]) };
  // The interaction with g(t) of an aliased column is aliased too; only estimable columns enter the tests below.
  const beta = new Float64Array(p);
  for (let j = 0; j < p; j++) beta[j] = model.aliased?.[j] ? 0 : model.coefficients[j]! / data.scale[j]!;

  const g = kmTransform(input.time, input.event);
  // g in sorted order, centred on its mean over the events.
  let gMean = 0;
  let nEvents = 0;
  for (let i = 0; i < n; i++) {
    if (input.event[i]) {
      gMean += g[i]!;
      nEvents++;
    }
  }
  gMean /= nEvents;
  const gSorted = new Float64Array(n);
  for (let k = 0; k < n; k++) gSorted[k] = g[data.order[k]!]! - gMean;

  const q = 2 * p;
  const u2 = new Float64Array(p);
  const imat = new Float64Array(q * q);
  const efron = model.ties === 'efron';
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const cmat = new Float64Array(p * p);
  const cmat2 = new Float64Array(p * p);
  const mean = new Float64Array(p);
  for (let s = 0; s + 1 < stratumStart.length; s++) {
    const lo = stratumStart[s]!;
    let k = stratumStart[s + 1]! - 1;
    let denom = 0;
    a.fill(0);
    cmat.fill(0);
    while (k >= lo) {
      const dtime = time[k]!;
      const gt = gSorted[k]!;
      let ndead = 0;
      let deadwt = 0;
      let denom2 = 0;
      a2.fill(0);
      cmat2.fill(0);
      while (k >= lo && time[k] === dtime) {
        let eta = 0;
        for (let j = 0; j < p; j++) eta += beta[j]! * x[k * p + j]!;
        const w = weight[k]!;
        const risk = Math.exp(eta) * w;
        const dead = status[k] === 1;
        if (dead) {
          ndead++;
          deadwt += w;
          denom2 += risk;
          for (let j = 0; j < p; j++) u2[j] = u2[j]! + w * gt * x[k * p + j]!;
        } else denom += risk;
        const av = dead ? a2 : a;
        const cm = dead ? cmat2 : cmat;
        for (let i = 0; i < p; i++) {
          const ri = risk * x[k * p + i]!;
          av[i] = av[i]! + ri;
          for (let j = 0; j <= i; j++) cm[i * p + j] = cm[i * p + j]! + ri * x[k * p + j]!;
        }
        k--;
      }
      if (ndead === 0) continue;
      const steps = efron ? ndead : 1;
      const meanwt = deadwt / steps;
      for (let step = 0; step < steps; step++) {
        denom += denom2 / steps;
        for (let i = 0; i < p; i++) a[i] = a[i]! + a2[i]! / steps;
        for (let i = 0; i < p; i++) {
          mean[i] = a[i]! / denom;
          u2[i] = u2[i]! - meanwt * gt * mean[i]!;
        }
        for (let i = 0; i < p; i++) {
          for (let j = 0; j <= i; j++) {
            cmat[i * p + j] = cmat[i * p + j]! + cmat2[i * p + j]! / steps;
            const v = (meanwt * (cmat[i * p + j]! / denom - mean[i]! * mean[j]!));
            imat[i * q + j] = imat[i * q + j]! + v;
            imat[(i + p) * q + j] = imat[(i + p) * q + j]! + gt * v;
            imat[(i + p) * q + (j + p)] = imat[(i + p) * q + (j + p)]! + gt * gt * v;
            if (i !== j) imat[(j + p) * q + i] = imat[(j + p) * q + i]! + gt * v;
          }
        }
      }
    }
  }
  // Fill the upper triangle from the lower one.
  for (let i = 0; i < q; i++) for (let j = 0; j < i; j++) imat[j * q + i] = imat[i * q + j]!;

  const out: ZphTerm[] = [];
  // Aliased columns (NA coefficients) are left out of the model, as R's cox.zph does.
  const estimable = Array.from({ length: p }, (_, j) => j).filter((j) => !(model.aliased?.[j] ?? false));
  const scoreTest = (cols: readonly number[]): number => {
    const kk = [...estimable, ...cols.map((c) => c + p)];
    const m = kk.length;
    const sub = new Float64Array(m * m);
    const u = new Float64Array(m);
    for (let r = 0; r < m; r++) {
      if (r >= estimable.length) u[r] = u2[kk[r]! - p]!;
      for (let c = 0; c < m; c++) sub[r * m + c] = imat[kk[r]! * q + kk[c]!]!;
    }
    const sol = choleskyGeneralizedSolve(choleskyGeneralized(sub, m), u);
    let t = 0;
    for (let r = 0; r < m; r++) t += sol[r]! * u[r]!;
    return t;
  };
  termSpec.names.forEach((name, ti) => {
    const cols = termSpec.columns[ti]!.filter((j) => estimable.includes(j));
    if (cols.length === 0) return;
    const chisq = scoreTest(cols);
    out.push({ term: name, chisq, df: cols.length, p: chiSquareSf(chisq, cols.length), logP: logChiSquareSf(chisq, cols.length) });
  });
  const chisq = scoreTest(estimable);
  const df = estimable.length;
  out.push({ term: 'GLOBAL', chisq, df, p: chiSquareSf(chisq, df), logP: logChiSquareSf(chisq, df) });
  return out;
}

/** 1 − S(t−) of the pooled, unweighted Kaplan–Meier curve, per input row. */
function kmTransform(timeIn: ArrayLike<number>, event: ArrayLike<number | boolean>): Float64Array {
  const t = Float64Array.from(timeIn);
  const n = t.length;
  const order = sortOrder(t);
  const out = new Float64Array(n);
  let s = 1;
  let k = 0;
  while (k < n) {
    const tk = t[order[k]!]!;
    let end = k;
    let d = 0;
    while (end < n && t[order[end]!] === tk) {
      if (event[order[end]!]) d++;
      end++;
    }
    const atRisk = n - k;
    for (let m = k; m < end; m++) out[order[m]!] = 1 - s; // S just before this time
    s *= (atRisk - d) / atRisk;
    k = end;
  }
  return out;
}

