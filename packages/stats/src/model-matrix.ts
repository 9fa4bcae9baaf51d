import { StatsError } from './stats-error.js';

/**
 * A covariate for a regression model: a numeric column, or a factor (categorical) column that becomes dummy columns.
 * Missing values (`null`, NaN) drop the row from the model, as R's default `na.action = na.omit` does.
 */
export type CovariateColumn =
  | { readonly name: string; readonly kind?: 'numeric'; readonly values: ArrayLike<number | null> }
  | {
      readonly name: string;
      readonly kind: 'factor';
      readonly values: ArrayLike<string | null>;
      /** Level order, first = reference. Default: the observed values sorted as strings. */
      readonly levels?: readonly string[];
    };

export interface ModelMatrixTerm {
  /** Column name as R's `model.matrix` spells it: `(Intercept)`, the covariate name, or covariate + level. */
  readonly name: string;
  /** The covariate it comes from; null for the intercept. */
  readonly covariate: string | null;
  /** The factor level it indicates; null for the intercept and numeric covariates. */
  readonly level: string | null;
}

export interface ModelMatrix {
  readonly terms: readonly ModelMatrixTerm[];
  /** Rows kept (complete cases). */
  readonly nRows: number;
  readonly nCols: number;
  /** Row-major nRows × nCols. */
  readonly x: Float64Array;
  /** Input row index of each kept row, ascending. */
  readonly rows: Int32Array;
}

export interface ModelMatrixOptions {
  /** Add an intercept column (default true). */
  readonly intercept?: boolean;
  /** Number of input rows (needed when there is no covariate). */
  readonly nRows: number;
  /** Rows to consider at all (e.g. those with a non-missing outcome); default every row. */
  readonly include?: (row: number) => boolean;
}

/**
 * The design matrix of a main-effects model, coded like R's `model.matrix` with treatment contrasts, so that
 * coefficient names and values agree with R:
 * - levels of a factor are its values sorted as strings (code-unit order, which is R's order in the C locale)
 *   unless given; levels that no kept row uses are dropped (R's `drop.unused.levels = TRUE` in `glm`);
 * - the first level is the reference; level L of factor c becomes the 0/1 column `cL` (e.g. `stageIII`);
 * - without an intercept the first factor gets a column for every level, as in R.
 *
 * @example
 * const m = createModelMatrix(
 *   [{ name: 'age', values: [50, 60, 70] }, { name: 'stage', kind: 'factor', values: ['II', 'I', 'III'] }],
 *   { nRows: 3 },
 * );
 * m.terms.map((t) => t.name) // → ['(Intercept)', 'age', 'stageII', 'stageIII']
 * m.x                        // → [1, 50, 1, 0,   1, 60, 0, 0,   1, 70, 0, 1]
 */
export function createModelMatrix(columns: readonly CovariateColumn[], options: ModelMatrixOptions): ModelMatrix {
  const n = options.nRows;
  const intercept = options.intercept ?? true;
  const names = new Set<string>();
  for (const c of columns) {
    if (c.values.length !== n) {
      throw new StatsError('invalid_input', 'every covariate must have one value per row', { details: { field: c.name } });
    }
    if (names.has(c.name)) throw new StatsError('invalid_input', 'covariate names must be unique', { details: { field: c.name } });
    names.add(c.name);
  }

  const keptRows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (options.include !== undefined && !options.include(i)) continue;
    let complete = true;
    for (const c of columns) {
      const v = c.values[i];
      if (c.kind === 'factor' ? v === null || v === undefined : typeof v !== 'number' || !Number.isFinite(v)) {
        complete = false;
        break;
      }
    }
    if (complete) keptRows.push(i);
  }

  const terms: ModelMatrixTerm[] = [];
  if (intercept) terms.push({ name: '(Intercept)', covariate: null, level: null });
  // For each covariate: where its columns start, and for factors the level → column offset map.
  const coding: { start: number; levelIndex: Map<string, number> | null; firstColumnLevel: number }[] = [];
  let fullDummyUsed = intercept;
  for (const c of columns) {
    const start = terms.length;
    if (c.kind !== 'factor') {
      terms.push({ name: c.name, covariate: c.name, level: null });
      coding.push({ start, levelIndex: null, firstColumnLevel: 0 });
      continue;
    }
    const present = new Set<string>();
    for (const i of keptRows) present.add(c.values[i] as string);
    if (c.levels !== undefined) {
      const allowed = new Set(c.levels);
      for (const v of present) {
        if (!allowed.has(v)) {
          throw new StatsError('invalid_input', 'a factor value is not among the given levels', { details: { field: c.name } });
        }
      }
    }
    const levels = (c.levels ?? [...present].sort()).filter((l) => present.has(l));
    if (levels.length < 2) {
      throw new StatsError('invalid_input', 'a factor needs at least two levels among the complete rows', { details: { field: c.name } });
    }
    // Treatment contrasts drop the first level, except for the first factor of a model without intercept.
    const firstColumnLevel = fullDummyUsed ? 1 : 0;
    fullDummyUsed = true;
    const levelIndex = new Map<string, number>(levels.map((l, k) => [l, k]));
    for (let k = firstColumnLevel; k < levels.length; k++) {
      const level = levels[k] as string;
      terms.push({ name: c.name + level, covariate: c.name, level });
    }
    coding.push({ start, levelIndex, firstColumnLevel });
  }

  const p = terms.length;
  const x = new Float64Array(keptRows.length * p);
  keptRows.forEach((row, r) => {
    const base = r * p;
    if (intercept) x[base] = 1;
    columns.forEach((c, j) => {
      const code = coding[j];
      if (code === undefined) return;
      if (code.levelIndex === null) {
        x[base + code.start] = c.values[row] as number;
        return;
      }
      const k = code.levelIndex.get(c.values[row] as string) ?? -1;
      if (k >= code.firstColumnLevel) x[base + code.start + k - code.firstColumnLevel] = 1;
    });
  });

  return { terms, nRows: keptRows.length, nCols: p, x, rows: Int32Array.from(keptRows) };
}
