import { quantileSorted, sortedFinite } from './quantile.js';
import { StatsError } from './stats-error.js';

/**
 * "Table 1" of an observational study: baseline characteristics by group (e.g. treatment arm), with an overall
 * column. The output is numbers in a typed structure; rendering (HTML, SVG, CSV) happens elsewhere, with the cell
 * formatters of `format-table-one-cell.ts`.
 *
 * Conventions, chosen to match what a reader expects from R's `tableone`/`gtsummary`:
 * - continuous: n non-missing, mean and SD (n − 1 denominator), median and IQR by quantile type 7 (R's default),
 *   min, max, missing count; a statistic that needs more values than there are is NaN (SD of one value, etc.);
 * - categorical: count and percentage of the non-missing values per level, missing count apart; levels sorted as
 *   strings (code-unit order, like R in the C locale) unless given, and every column lists every level (zero counts
 *   included) so that columns line up;
 * - rows whose group is missing are left out of every column (counted in `excludedMissingGroup`), so that the group
 *   columns add up to the overall column.
 */

export type TableOneVariable =
  | {
      readonly name: string;
      readonly label?: string;
      readonly kind: 'continuous';
      /** `null`, NaN and ±Infinity are missing. */
      readonly values: ArrayLike<number | null>;
    }
  | {
      readonly name: string;
      readonly label?: string;
      readonly kind: 'categorical';
      /** `null` is missing. */
      readonly values: ArrayLike<string | null>;
      /** Display order of the levels; every non-missing value must be one of them. Default: sorted as strings. */
      readonly levels?: readonly string[];
    };

export interface TableOneOptions {
  /** Group of each row (same length as every variable); omitted = one overall column only. */
  readonly group?: ArrayLike<string | null>;
  /** Column order of the groups. Default: sorted as strings. */
  readonly groupLevels?: readonly string[];
  /** Where the overall column goes; default `'first'` (as in R's `tableone`). Ignored without `group`. */
  readonly overall?: 'first' | 'last' | 'none';
}

export interface TableOneColumn {
  /** The group value, or `null` for the overall column. */
  readonly group: string | null;
  /** Rows in this column. */
  readonly n: number;
}

export interface ContinuousSummary {
  readonly kind: 'continuous';
  readonly n: number;
  readonly missing: number;
  readonly mean: number;
  readonly sd: number;
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
}

export interface LevelCount {
  readonly level: string;
  readonly count: number;
  /** 100 · count / non-missing; NaN when nothing is non-missing. */
  readonly percent: number;
}

export interface CategoricalSummary {
  readonly kind: 'categorical';
  /** Non-missing values. */
  readonly n: number;
  readonly missing: number;
  readonly levels: readonly LevelCount[];
}

export type TableOneRow =
  | { readonly kind: 'continuous'; readonly name: string; readonly label: string; readonly cells: readonly ContinuousSummary[] }
  | {
      readonly kind: 'categorical';
      readonly name: string;
      readonly label: string;
      readonly levels: readonly string[];
      readonly cells: readonly CategoricalSummary[];
    };

export interface TableOne {
  /** Columns in display order; `rows[i].cells[j]` belongs to `columns[j]`. */
  readonly columns: readonly TableOneColumn[];
  readonly rows: readonly TableOneRow[];
  /** Rows left out because their group was missing. */
  readonly excludedMissingGroup: number;
}

/**
 * Summarise `variables` by `options.group`.
 *
 * @example
 * const t = tableOne(
 *   [{ name: 'age', kind: 'continuous', values: [50, 60, 70, 80] },
 *    { name: 'sex', kind: 'categorical', values: ['F', 'M', 'F', null] }],
 *   { group: ['A', 'A', 'B', 'B'] },
 * );
 * t.columns.map((c) => c.group) // → [null, 'A', 'B']   (overall first)
 * t.rows[0].cells[1]            // → { kind: 'continuous', n: 2, mean: 55, median: 55, q1: 52.5, q3: 57.5, ... }
 * t.rows[1].cells[2]            // → { kind: 'categorical', n: 1, missing: 1, levels: [{ level: 'F', count: 1, percent: 100 }, { level: 'M', count: 0, percent: 0 }] }
 */
export function tableOne(variables: readonly TableOneVariable[], options: TableOneOptions = {}): TableOne {
  const nRows = variables[0]?.values.length ?? options.group?.length ?? 0;
  for (const v of variables) {
    if (v.values.length !== nRows) {
      throw new StatsError('invalid_input', 'every Table 1 variable must have one value per row', { details: { field: v.name } });
    }
  }
  const group = options.group;
  if (group !== undefined && group.length !== nRows) {
    throw new StatsError('invalid_input', 'group must have one value per row', { details: { field: 'group' } });
  }

  // Column membership: one index list per column, in display order.
  const members: number[][] = [];
  const columns: TableOneColumn[] = [];
  let excludedMissingGroup = 0;
  if (group === undefined) {
    members.push(range(nRows));
    columns.push({ group: null, n: nRows });
  } else {
    const observed = new Set<string>();
    for (let i = 0; i < nRows; i++) {
      const g = group[i];
      if (g === null || g === undefined) excludedMissingGroup++;
      else observed.add(g);
    }
    const groupLevels = options.groupLevels ?? [...observed].sort();
    checkLevels(observed, groupLevels, 'group');
    const byGroup = new Map<string, number[]>(groupLevels.map((g) => [g, []]));
    const all: number[] = [];
    for (let i = 0; i < nRows; i++) {
      const g = group[i];
      if (g === null || g === undefined) continue;
      byGroup.get(g)?.push(i);
      all.push(i);
    }
    const placement = options.overall ?? 'first';
    if (placement === 'first') {
      members.push(all);
      columns.push({ group: null, n: all.length });
    }
    for (const g of groupLevels) {
      const rows = byGroup.get(g) ?? [];
      members.push(rows);
      columns.push({ group: g, n: rows.length });
    }
    if (placement === 'last') {
      members.push(all);
      columns.push({ group: null, n: all.length });
    }
  }

  const rows = variables.map((v): TableOneRow => {
    const label = v.label ?? v.name;
    if (v.kind === 'continuous') {
      return { kind: 'continuous', name: v.name, label, cells: members.map((rowsOf) => summariseContinuous(v.values, rowsOf)) };
    }
    const observed = new Set<string>();
    for (let i = 0; i < nRows; i++) {
      const x = v.values[i];
      if (x !== null && x !== undefined) observed.add(x);
    }
    const levels = v.levels ?? [...observed].sort();
    checkLevels(observed, levels, v.name);
    return {
      kind: 'categorical',
      name: v.name,
      label,
      levels,
      cells: members.map((rowsOf) => summariseCategorical(v.values, rowsOf, levels)),
    };
  });

  return { columns, rows, excludedMissingGroup };
}

function summariseContinuous(values: ArrayLike<number | null>, rows: readonly number[]): ContinuousSummary {
  const picked = new Float64Array(rows.length);
  let k = 0;
  let missing = 0;
  for (const i of rows) {
    const x = values[i];
    if (typeof x === 'number' && Number.isFinite(x)) picked[k++] = x;
    else missing++;
  }
  const sorted = sortedFinite(picked.subarray(0, k));
  const n = sorted.length;
  let sum = 0;
  for (const x of sorted) sum += x;
  const mean = n > 0 ? sum / n : Number.NaN;
  // Two-pass variance: the textbook one-pass formula loses digits on values like ages in days.
  let ss = 0;
  for (const x of sorted) ss += (x - mean) * (x - mean);
  return {
    kind: 'continuous',
    n,
    missing,
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN,
    median: quantileSorted(sorted, 0.5),
    q1: quantileSorted(sorted, 0.25),
    q3: quantileSorted(sorted, 0.75),
    min: n > 0 ? (sorted[0] as number) : Number.NaN,
    max: n > 0 ? (sorted[n - 1] as number) : Number.NaN,
  };
}

function summariseCategorical(
  values: ArrayLike<string | null>,
  rows: readonly number[],
  levels: readonly string[],
): CategoricalSummary {
  const counts = new Map<string, number>(levels.map((l) => [l, 0]));
  let missing = 0;
  for (const i of rows) {
    const x = values[i];
    if (x === null || x === undefined) missing++;
    else counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  const n = rows.length - missing;
  return {
    kind: 'categorical',
    n,
    missing,
    levels: levels.map((level) => {
      const count = counts.get(level) ?? 0;
      return { level, count, percent: n > 0 ? (100 * count) / n : Number.NaN };
    }),
  };
}

function checkLevels(observed: ReadonlySet<string>, levels: readonly string[], field: string): void {
  const allowed = new Set(levels);
  if (allowed.size !== levels.length) {
    throw new StatsError('invalid_input', 'levels must not repeat', { details: { field } });
  }
  for (const x of observed) {
    if (!allowed.has(x)) {
      // The offending value is not in the message: it may be a patient value.
      throw new StatsError('invalid_input', 'a value is not among the given levels', { details: { field } });
    }
  }
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
