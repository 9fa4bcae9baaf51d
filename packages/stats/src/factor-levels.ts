/**
 * Turning a column into factor levels and integer codes, the way the survival reference data behaves:
 * numeric columns order their levels numerically (R's `factor()` of a number); text columns keep the order in which
 * the levels first appear in the file by default — R data sets carry their factor level order in the data, and
 * files written from them list rows in that order (e.g. `veteran$celltype`: squamous, smallcell, adeno, large) —
 * or sort as strings on request.
 */

/** A data column: numbers with NaN for missing, or strings with null for missing. */
export type DataColumn = Float64Array | readonly (string | null)[];

export const LEVEL_ORDERS = ['appearance', 'sorted'] as const;
export type LevelOrder = (typeof LEVEL_ORDERS)[number];

export interface FactorCoding {
  /** Level labels in level order (numbers printed as R prints them). */
  readonly levels: readonly string[];
  /** Level index per row, −1 where missing. */
  readonly codes: Int32Array;
}

export function isMissing(column: DataColumn, i: number): boolean {
  const v = column[i];
  return v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v));
}

/** Number as R's `as.character` shows it for the usual data values (integers without a decimal point). */
export function formatLevel(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(15)));
}

/**
 * @example factorLevels(['b', 'a', null, 'b']) // { levels: ['b', 'a'], codes: Int32Array [0, 1, -1, 0] }
 * @example factorLevels(Float64Array.of(2, 1, NaN)) // { levels: ['1', '2'], codes: Int32Array [1, 0, -1] }
 */
export function factorLevels(column: DataColumn, order: LevelOrder = 'appearance'): FactorCoding {
  const n = column.length;
  const codes = new Int32Array(n).fill(-1);
  if (column instanceof Float64Array) {
    const distinct = [...new Set(Array.from(column).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
    const index = new Map(distinct.map((v, k) => [v, k]));
    for (let i = 0; i < n; i++) {
      const v = column[i]!;
      if (!Number.isNaN(v)) codes[i] = index.get(v)!;
    }
    return { levels: distinct.map(formatLevel), codes };
  }
  const seen: string[] = [];
  const found = new Set<string>();
  for (const v of column) {
    if (v !== null && !found.has(v)) {
      found.add(v);
      seen.push(v);
    }
  }
  const levels = order === 'sorted' ? [...seen].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)) : seen;
  const index = new Map(levels.map((v, k) => [v, k]));
  for (let i = 0; i < n; i++) {
    const v = column[i];
    if (v !== null && v !== undefined) codes[i] = index.get(v)!;
  }
  return { levels, codes };
}
