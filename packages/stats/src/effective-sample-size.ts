/**
 * Kish's effective sample size of a weighted sample, (Σw)² / Σw² (Kish 1965, "Survey Sampling"): the number of
 * equally weighted units that would give the same variance of a mean. Equals n with equal weights and shrinks as the
 * weights spread out, which is why IPTW reports it next to the weights. Optionally restricted to some rows.
 *
 * @example
 * effectiveSampleSize([1, 1, 1, 1])   // → 4
 * effectiveSampleSize([1, 1, 1, 5])   // → 64 / 28 ≈ 2.29
 */
export function effectiveSampleSize(weights: ArrayLike<number>, include?: (row: number) => boolean): number {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < weights.length; i++) {
    if (include !== undefined && !include(i)) continue;
    const w = weights[i] as number;
    sum += w;
    sumSq += w * w;
  }
  return sumSq > 0 ? (sum * sum) / sumSq : 0;
}
