/**
 * Harrell's concordance between a risk score and survival, as R 3.5-3 reports it for a Cox model
 * (`concordancefit(y, lp, strata, weights, reverse = TRUE, timewt = "n")`): over all comparable pairs — an event at
 * time t and a subject still under observation after t (a later time, or censored at t) — the share where the event
 * has the higher risk score, ties in the score counting ½; pairs of events at the same time are not comparable;
 * pairs are only formed within a stratum; each pair weighs wᵢ·wⱼ. O(n log n) with a Fenwick tree over score ranks.
 */
import { sortOrder } from './sort-order.js';

export interface ConcordanceOptions {
  readonly strata?: ArrayLike<number>;
  readonly weights?: ArrayLike<number>;
}

export interface ConcordanceResult {
  readonly concordance: number;
  /** Weighted pair counts: event had the higher score / the lower score / the same score; events tied in time. */
  readonly concordant: number;
  readonly discordant: number;
  readonly tiedRisk: number;
  readonly tiedTime: number;
}

/**
 * @example concordance(Float64Array.of(1, 2, 3), Uint8Array.of(1, 1, 0), Float64Array.of(3, 2, 1)).concordance // 1
 */
export function concordance(
  time: ArrayLike<number>,
  event: ArrayLike<number | boolean>,
  risk: ArrayLike<number>,
  options: ConcordanceOptions = {},
): ConcordanceResult {
  const n = time.length;
  const t = Float64Array.from(time);
  const r = Float64Array.from(risk);
  // Rank the scores (equal scores share a rank).
  const byRisk = sortOrder(r);
  const rank = new Int32Array(n);
  let nRanks = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0 && r[byRisk[k]!] !== r[byRisk[k - 1]!]) nRanks++;
    rank[byRisk[k]!] = nRanks;
  }
  nRanks++;
  let order = sortOrder(t);
  let strata: Float64Array | undefined;
  if (options.strata !== undefined) {
    strata = Float64Array.from(options.strata);
    order = sortOrder(strata, order);
  }
  const w = options.weights;
  const tree = new Float64Array(nRanks + 1);
  let concordant = 0;
  let discordant = 0;
  let tiedRisk = 0;
  let tiedTime = 0;
  const touched: number[] = [];

  const add = (rk: number, v: number): void => {
    for (let i = rk + 1; i <= nRanks; i += i & -i) tree[i] = tree[i]! + v;
  };
  const prefix = (rk: number): number => {
    // Sum of weights with rank < rk.
    let s = 0;
    for (let i = rk; i > 0; i -= i & -i) s += tree[i]!;
    return s;
  };

  let end = n; // process from the latest time backwards
  while (end > 0) {
    // Stratum block [sStart, end).
    let sStart = end - 1;
    if (strata) while (sStart > 0 && strata[order[sStart - 1]!] === strata[order[end - 1]!]) sStart--;
    else sStart = 0;
    let total = 0;
    let k = end - 1;
    while (k >= sStart) {
      const tk = t[order[k]!]!;
      let blockStart = k;
      while (blockStart > sStart && t[order[blockStart - 1]!] === tk) blockStart--;
      // Censored at this time are still under observation after it: they join the tree before the events look.
      for (let m = blockStart; m <= k; m++) {
        const i = order[m]!;
        if (!event[i]) {
          const wi = w === undefined ? 1 : w[i]!;
          add(rank[i]!, wi);
          touched.push(rank[i]!);
          total += wi;
        }
      }
      let deadW = 0;
      let deadW2 = 0;
      for (let m = blockStart; m <= k; m++) {
        const i = order[m]!;
        if (!event[i]) continue;
        const wi = w === undefined ? 1 : w[i]!;
        const below = prefix(rank[i]!);
        const same = prefix(rank[i]! + 1) - below;
        const above = total - below - same;
        concordant += wi * below;
        discordant += wi * above;
        tiedRisk += wi * same;
        deadW += wi;
        deadW2 += wi * wi;
      }
      tiedTime += (deadW * deadW - deadW2) / 2;
      for (let m = blockStart; m <= k; m++) {
        const i = order[m]!;
        if (event[i]) {
          const wi = w === undefined ? 1 : w[i]!;
          add(rank[i]!, wi);
          touched.push(rank[i]!);
          total += wi;
        }
      }
      k = blockStart - 1;
    }
    // Empty the tree for the next stratum (only the touched ranks).
    for (const rk of touched) for (let i = rk + 1; i <= nRanks; i += i & -i) tree[i] = 0;
    touched.length = 0;
    end = sStart;
  }
  const pairs = concordant + discordant + tiedRisk;
  return { concordance: (concordant + tiedRisk / 2) / pairs, concordant, discordant, tiedRisk, tiedTime };
}
