/**
 * The Cox model's working copy of the data: rows sorted by (stratum, time), covariates centred and scaled in one
 * row-major Float64Array, like survival's `coxfit6` does before Newton–Raphson. Centring and scaling do not change
 * the estimates; they keep exp() in range and make the rank tolerance of the Cholesky meaningful.
 */
import { sortOrder } from '../sort-order.js';
import { StatsError } from '../stats-error.js';

export const COX_TIES = ['efron', 'breslow'] as const;
export type CoxTies = (typeof COX_TIES)[number];

export interface CoxInput {
  readonly time: ArrayLike<number>;
  /** Truthy = event, falsy = censored. */
  readonly event: ArrayLike<number | boolean>;
  /** Covariate columns (already dummy-coded), each with one value per row. */
  readonly covariates: readonly ArrayLike<number>[];
  /** Covariate names, for messages and output; default x1, x2, … */
  readonly names?: readonly string[];
  /** Stratum code per row: separate baseline hazards (R's `strata()`). */
  readonly strata?: ArrayLike<number>;
  /** Case weights (> 0). */
  readonly weights?: ArrayLike<number>;
  /** Cluster code per row for the robust variance (R's `cluster()`); implies a robust variance. */
  readonly cluster?: ArrayLike<number>;
}

/** Sorted, centred, scaled design. All arrays are in sorted order; `order[k]` is the input row of sorted row k. */
export interface CoxData {
  readonly n: number;
  readonly p: number;
  readonly order: Uint32Array;
  readonly time: Float64Array;
  readonly status: Uint8Array;
  readonly weight: Float64Array;
  /** Row-major n × p, centred and scaled. */
  readonly x: Float64Array;
  /** Stratum boundaries: rows [stratumStart[s], stratumStart[s+1]). */
  readonly stratumStart: Int32Array;
  readonly means: Float64Array;
  readonly scale: Float64Array;
  readonly weighted: boolean;
}

/** R's `nocenter = c(-1, 0, 1)`: indicator-like columns are neither centred nor scaled. */
function isIndicatorLike(col: ArrayLike<number>): boolean {
  for (let i = 0; i < col.length; i++) {
    const v = col[i]!;
    if (v !== 0 && v !== 1 && v !== -1) return false;
  }
  return true;
}

export function prepareCoxData(input: CoxInput): CoxData {
  const n = input.time.length;
  const p = input.covariates.length;
  const names = input.names ?? input.covariates.map((_, j) => `x${j + 1}`);
  if (input.event.length !== n) throw new StatsError('invalid_input', 'time and event must have the same length', { details: { field: 'event' } });
  for (let j = 0; j < p; j++) {
    const col = input.covariates[j]!;
    if (col.length !== n) throw new StatsError('invalid_input', 'every covariate needs one value per row', { details: { field: names[j] } });
    for (let i = 0; i < n; i++) {
      if (!Number.isFinite(col[i]!)) throw new StatsError('invalid_input', 'covariates must be finite numbers', { details: { field: names[j], row: i } });
    }
  }
  const t = Float64Array.from(input.time);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(t[i]!)) throw new StatsError('invalid_input', 'survival times must be finite numbers', { details: { field: 'time', row: i } });
    if (input.weights !== undefined && !(input.weights[i]! > 0)) {
      throw new StatsError('invalid_input', 'Cox case weights must be positive', { details: { field: 'weights', row: i } });
    }
  }
  let order = sortOrder(t);
  let strataSorted: Float64Array | undefined;
  if (input.strata !== undefined) {
    const s = Float64Array.from(input.strata);
    order = sortOrder(s, order);
    strataSorted = new Float64Array(n);
    for (let k = 0; k < n; k++) strataSorted[k] = s[order[k]!]!;
  }
  const time = new Float64Array(n);
  const status = new Uint8Array(n);
  const weight = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    time[k] = t[i]!;
    status[k] = input.event[i] ? 1 : 0;
    weight[k] = input.weights === undefined ? 1 : input.weights[i]!;
  }
  const starts: number[] = [0];
  if (strataSorted) for (let k = 1; k < n; k++) if (strataSorted[k] !== strataSorted[k - 1]) starts.push(k);
  starts.push(n);

  let totalWeight = 0;
  for (let k = 0; k < n; k++) totalWeight += weight[k]!;
  const x = new Float64Array(n * p);
  const means = new Float64Array(p);
  const scale = new Float64Array(p).fill(1);
  // Mean and scale from the columns as given (order does not matter), then one sequential pass over the sorted rows
  // writing x row-major: the p reads of a row share one gather index.
  const cols: ArrayLike<number>[] = [];
  for (let j = 0; j < p; j++) {
    const col = input.covariates[j]!;
    cols.push(col);
    const centre = !isIndicatorLike(col);
    let mean = 0;
    let s = 1;
    if (centre) {
      for (let i = 0; i < n; i++) mean += (input.weights === undefined ? 1 : input.weights[i]!) * col[i]!;
      mean /= totalWeight;
      let absDev = 0;
      for (let i = 0; i < n; i++) absDev += (input.weights === undefined ? 1 : input.weights[i]!) * Math.abs(col[i]! - mean);
      s = absDev > 0 ? totalWeight / absDev : 1;
    }
    scale[j] = s;
    means[j] = mean;
  }
  // Blocked gather: a block of x stays in cache while each column is read at the block's (random) row indices.
  const BLOCK = 2048;
  for (let k0 = 0; k0 < n; k0 += BLOCK) {
    const k1 = Math.min(n, k0 + BLOCK);
    for (let j = 0; j < p; j++) {
      const col = cols[j]!;
      const m = means[j]!;
      const sc = scale[j]!;
      for (let k = k0; k < k1; k++) x[k * p + j] = (col[order[k]!]! - m) * sc;
    }
  }
  return {
    n,
    p,
    order,
    time,
    status,
    weight,
    x,
    stratumStart: Int32Array.from(starts),
    means,
    scale,
    weighted: input.weights !== undefined,
  };
}
