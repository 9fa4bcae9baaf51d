import { StatsError } from './stats-error.js';
import { toTreatmentIndicator } from './treatment-indicator.js';

/**
 * 1:1 greedy nearest-neighbour matching on the logit of the propensity score, with a caliper (Austin 2011,
 * Pharm Stat 10:150, "Optimal caliper widths for propensity-score matching": 0.2 SD of the logit removes most bias
 * while keeping most treated units).
 *
 * Deterministic, so that a study re-run gives the same pairs:
 * - treated units are taken in the order of `order`: `'largest'` (default, as MatchIt's `m.order = "largest"`:
 *   descending propensity score, the hardest to match first), `'smallest'` (ascending) or `'data'` (row order); ties in
 *   the score go by row index;
 * - each takes the control with the smallest |logit difference|; equally distant controls go by lowest row index;
 * - a treated unit whose nearest available control is farther than the caliper stays unmatched (distance exactly at
 *   the caliper is accepted);
 * - without replacement a control is used at most once; with replacement a control may serve several treated units
 *   and its matching weight counts them.
 *
 * The caliper is `caliper` × the pooled SD of the logit, √((s²₁ + s²₀)/2) with the n − 1 variances of the two arms,
 * as in Austin (2011). (MatchIt's `std.caliper` uses the SD over all units instead; the two are close when the arms
 * are of similar size.)
 */

export interface NearestNeighbourMatchingOptions {
  /** Caliper width in SDs of the logit; default 0.2. `null` matches without a caliper. */
  readonly caliper?: number | null;
  /** Match with replacement; default false. */
  readonly replace?: boolean;
  /** Order in which treated units choose; default `'largest'`. */
  readonly order?: 'largest' | 'smallest' | 'data';
}

export interface MatchedPair {
  readonly treated: number;
  readonly control: number;
  /** |logit(e_treated) − logit(e_control)|. */
  readonly distance: number;
}

export interface NearestNeighbourMatching {
  /** Pairs in the order they were formed; row indices into the input. */
  readonly pairs: readonly MatchedPair[];
  /** Treated rows left without a match, ascending. */
  readonly unmatchedTreated: readonly number[];
  readonly counts: {
    readonly treated: number;
    readonly control: number;
    readonly treatedMatched: number;
    readonly treatedUnmatched: number;
    /** Distinct controls used. */
    readonly controlsUsed: number;
    readonly controlsUnused: number;
  };
  /** Pooled SD of the logit. */
  readonly logitSd: number;
  /** Caliper on the logit scale (`caliper` × `logitSd`); Infinity without a caliper. */
  readonly caliperWidth: number;
  /**
   * Matching weights for balance checks and outcome models: 1 for matched treated units, the number of times used
   * for controls, 0 for unmatched units.
   */
  readonly weights: Float64Array;
}

/**
 * @example
 * const m = matchNearestNeighbour([1, 1, 0, 0, 0], [0.7, 0.4, 0.65, 0.3, 0.45], { caliper: null });
 * m.pairs.map((p) => [p.treated, p.control]) // → [[0, 2], [1, 4]]   (row 0 has the larger score, chooses first)
 */
export function matchNearestNeighbour(
  treatment: ArrayLike<number | boolean>,
  propensityScore: ArrayLike<number>,
  options: NearestNeighbourMatchingOptions = {},
): NearestNeighbourMatching {
  const t = toTreatmentIndicator(treatment);
  const n = t.length;
  if (propensityScore.length !== n) {
    throw new StatsError('invalid_input', 'propensity scores and treatment must have the same length', { details: { field: 'propensityScore' } });
  }
  const logit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = propensityScore[i] as number;
    if (!(e > 0 && e < 1)) {
      throw new StatsError('invalid_input', 'matching on the logit needs propensity scores strictly between 0 and 1', {
        details: { field: 'propensityScore', row: i },
      });
    }
    logit[i] = Math.log(e / (1 - e));
  }
  const treatedRows: number[] = [];
  const controlRows: number[] = [];
  for (let i = 0; i < n; i++) (t[i] === 1 ? treatedRows : controlRows).push(i);
  if (treatedRows.length === 0 || controlRows.length === 0) {
    throw new StatsError('invalid_input', 'matching needs at least one treated and one control unit', { details: { field: 'treatment' } });
  }

  const caliper = options.caliper === undefined ? 0.2 : options.caliper;
  if (caliper !== null && !(caliper > 0)) {
    throw new StatsError('invalid_input', 'caliper must be a positive number of SDs or null', { details: { field: 'caliper' } });
  }
  const logitSd = Math.sqrt((variance(logit, treatedRows) + variance(logit, controlRows)) / 2);
  // One unit per arm has no variance; the caliper then cannot be scaled and only exact ties would match.
  const caliperWidth = caliper === null ? Number.POSITIVE_INFINITY : caliper * (Number.isFinite(logitSd) ? logitSd : 0);

  const order = options.order ?? 'largest';
  if (order !== 'data') {
    const sign = order === 'largest' ? -1 : 1;
    treatedRows.sort((a, b) => sign * ((logit[a] as number) - (logit[b] as number)) || a - b);
  }

  const pool = new ControlPool(logit, controlRows, !(options.replace ?? false));
  const pairs: MatchedPair[] = [];
  const unmatchedTreated: number[] = [];
  const weights = new Float64Array(n);
  for (const i of treatedRows) {
    const found = pool.nearest(logit[i] as number, caliperWidth);
    if (found === null) {
      unmatchedTreated.push(i);
      continue;
    }
    pairs.push({ treated: i, control: found.row, distance: found.distance });
    weights[i] = 1;
    weights[found.row] = (weights[found.row] as number) + 1;
  }
  unmatchedTreated.sort((a, b) => a - b);
  let controlsUsed = 0;
  for (const c of controlRows) if ((weights[c] as number) > 0) controlsUsed++;

  return {
    pairs,
    unmatchedTreated,
    counts: {
      treated: treatedRows.length,
      control: controlRows.length,
      treatedMatched: pairs.length,
      treatedUnmatched: unmatchedTreated.length,
      controlsUsed,
      controlsUnused: controlRows.length - controlsUsed,
    },
    logitSd,
    caliperWidth,
    weights,
  };
}

/**
 * Controls grouped by identical logit into sorted buckets; each bucket hands out its rows lowest index first.
 * Emptied buckets are skipped with two union-find "next non-empty bucket" structures (left and right, path-halving),
 * so that matching without replacement stays O(n log n) instead of rescanning used controls.
 */
class ControlPool {
  private readonly values: Float64Array;
  private readonly rows: number[][];
  private readonly head: Int32Array;
  private readonly left: Int32Array;
  private readonly right: Int32Array;
  private readonly consume: boolean;

  constructor(logit: Float64Array, controlRows: readonly number[], consume: boolean) {
    this.consume = consume;
    const sorted = [...controlRows].sort((a, b) => (logit[a] as number) - (logit[b] as number) || a - b);
    const values: number[] = [];
    this.rows = [];
    for (const r of sorted) {
      const v = logit[r] as number;
      if (values.length > 0 && values[values.length - 1] === v) this.rows[this.rows.length - 1]?.push(r);
      else {
        values.push(v);
        this.rows.push([r]);
      }
    }
    const m = values.length;
    this.values = Float64Array.from(values);
    this.head = new Int32Array(m);
    // Union-find parents: every bucket starts non-empty, i.e. its own root.
    this.left = Int32Array.from({ length: m + 1 }, (_, k) => k);
    this.right = Int32Array.from({ length: m + 1 }, (_, k) => k);
  }

  nearest(x: number, caliperWidth: number): { row: number; distance: number } | null {
    const m = this.values.length;
    // First bucket with value ≥ x.
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.values[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    const r = this.findRight(lo);
    const l = this.findLeft(lo - 1);
    const dr = r < m ? (this.values[r] as number) - x : Number.POSITIVE_INFINITY;
    const dl = l >= 0 ? x - (this.values[l] as number) : Number.POSITIVE_INFINITY;
    let bucket: number;
    if (dl < dr) bucket = l;
    else if (dr < dl) bucket = r;
    else if (l < 0 && r >= m) return null;
    else bucket = this.headRow(l) < this.headRow(r) ? l : r;
    const distance = Math.min(dl, dr);
    if (!(distance <= caliperWidth)) return null;
    const row = this.headRow(bucket);
    if (this.consume) this.take(bucket);
    return { row, distance };
  }

  private headRow(bucket: number): number {
    return this.rows[bucket]?.[this.head[bucket] as number] ?? Number.POSITIVE_INFINITY;
  }

  private take(bucket: number): void {
    const h = (this.head[bucket] as number) + 1;
    this.head[bucket] = h;
    if (h >= (this.rows[bucket]?.length ?? 0)) {
      // An emptied bucket points at its neighbour; live buckets (and the sentinels) point at themselves.
      this.left[bucket + 1] = bucket;
      this.right[bucket] = bucket + 1;
    }
  }

  /** Nearest non-empty bucket ≤ k, or −1. `left` is shifted by one so that slot 0 is the "none" sentinel. */
  private findLeft(k: number): number {
    return findRoot(this.left, k + 1) - 1;
  }

  /** Nearest non-empty bucket ≥ k, or m (the "none" sentinel). */
  private findRight(k: number): number {
    return findRoot(this.right, k);
  }
}

function findRoot(parent: Int32Array, start: number): number {
  let i = start;
  while ((parent[i] as number) !== i) {
    const up = parent[i] as number;
    parent[i] = parent[up] as number; // path halving
    i = parent[i] as number;
  }
  return i;
}

function variance(x: Float64Array, rows: readonly number[]): number {
  const n = rows.length;
  if (n < 2) return Number.NaN;
  let mean = 0;
  for (const r of rows) mean += x[r] as number;
  mean /= n;
  let ss = 0;
  for (const r of rows) ss += ((x[r] as number) - mean) ** 2;
  return ss / (n - 1);
}
