/**
 * Score residuals of a Cox model (R's `residuals(fit, type = "score")`), the building block of the robust sandwich
 * variance: row i's contribution to U(β), so that Σ wᵢ rᵢ = U. With Efron ties the tied deaths leave the risk set in
 * d sub-steps, each with its own denominator and mean, and a death takes part in sub-step j with weight 1 − j/d.
 * O(n·p): hazard increments and hazard-weighted means are accumulated per time and read back by a forward pass.
 */
import type { CoxData, CoxTies } from './cox-data.js';

/** Row-major n × p, in the sorted order of `data`, on the scaled covariates. */
export function coxScoreResiduals(data: CoxData, beta: Float64Array, ties: CoxTies): Float64Array {
  const { n, p, x, time, status, weight, stratumStart } = data;
  const efron = ties === 'efron';
  const risk = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let j = 0; j < p; j++) s += beta[j]! * x[k * p + j]!;
    risk[k] = Math.exp(s);
  }
  const resid = new Float64Array(n * p);
  // Per sorted row at the start of each distinct-time block: the time's hazard sums (filled in the backward pass).
  const blockH = new Float64Array(n); // Σ_j haz_j, for rows at risk but not dying here
  const blockB = new Float64Array(n * p); // Σ_j haz_j · mean_j
  const blockHd = new Float64Array(n); // Σ_j haz_j (1 − j/d), for the deaths
  const blockBd = new Float64Array(n * p); // Σ_j haz_j (1 − j/d) mean_j
  const blockM = new Float64Array(n * p); // (1/d) Σ_j mean_j, the deaths' expected covariate
  const a = new Float64Array(p);
  const a2 = new Float64Array(p);
  const mean = new Float64Array(p);

  for (let s = 0; s + 1 < stratumStart.length; s++) {
    const lo = stratumStart[s]!;
    const hi = stratumStart[s + 1]!;
    let denom = 0;
    a.fill(0);
    let k = hi - 1;
    while (k >= lo) {
      const dtime = time[k]!;
      let ndead = 0;
      let deadwt = 0;
      let denom2 = 0;
      a2.fill(0);
      while (k >= lo && time[k] === dtime) {
        const r = risk[k]! * weight[k]!;
        if (status[k] === 0) {
          denom += r;
          for (let j = 0; j < p; j++) a[j] = a[j]! + r * x[k * p + j]!;
        } else {
          ndead++;
          deadwt += weight[k]!;
          denom2 += r;
          for (let j = 0; j < p; j++) a2[j] = a2[j]! + r * x[k * p + j]!;
        }
        k--;
      }
      const first = k + 1; // first sorted row of this time block
      if (ndead === 0) continue;
      const steps = efron ? ndead : 1;
      const meanwt = deadwt / steps;
      let h = 0;
      let hd = 0;
      for (let step = 0; step < steps; step++) {
        const frac = efron ? step / ndead : 0;
        const d = denom + (1 - frac) * denom2;
        const haz = meanwt / d;
        h += haz;
        hd += haz * (1 - frac);
        for (let j = 0; j < p; j++) {
          const m = (a[j]! + (1 - frac) * a2[j]!) / d;
          mean[j] = m;
          blockB[first * p + j] = blockB[first * p + j]! + haz * m;
          blockBd[first * p + j] = blockBd[first * p + j]! + haz * (1 - frac) * m;
          blockM[first * p + j] = blockM[first * p + j]! + m / steps;
        }
      }
      blockH[first] = h;
      blockHd[first] = hd;
      denom += denom2;
      for (let j = 0; j < p; j++) a[j] = a[j]! + a2[j]!;
    }
    // Forward pass: cumulative hazard and hazard-weighted mean up to each time.
    let cumH = 0;
    const cumB = new Float64Array(p);
    let k2 = lo;
    while (k2 < hi) {
      const first = k2;
      const dtime = time[k2]!;
      let end = k2;
      while (end < hi && time[end] === dtime) end++;
      const prevH = cumH;
      for (let r = first; r < end; r++) {
        const dies = status[r] === 1;
        const hHere = dies ? blockHd[first]! : blockH[first]!;
        const H = prevH + hHere;
        for (let j = 0; j < p; j++) {
          const bHere = dies ? blockBd[first * p + j]! : blockB[first * p + j]!;
          const B = cumB[j]! + bHere;
          const xv = x[r * p + j]!;
          let v = -risk[r]! * (xv * H - B);
          if (dies) v += xv - blockM[first * p + j]!;
          resid[r * p + j] = v;
        }
      }
      cumH += blockH[first]!;
      for (let j = 0; j < p; j++) cumB[j] = cumB[j]! + blockB[first * p + j]!;
      k2 = end;
    }
  }
  return resid;
}
