/**
 * A linear system over the integers, solved exactly (BigInt, fraction-free Gaussian elimination), answering one
 * question: is the value of this linear combination of unknowns fixed by the equations, and if so what is it?
 *
 * This is the auditor's arithmetic, written apart from the suppression engine's on purpose (the engine reasons in
 * doubles over hidden cells only; this solves for actual values), so that a mistake in one is caught by the other.
 *
 * Rows are kept in reduced echelon form with integer pivots: each pivot column appears in its own row only, and
 * every row is divided by the gcd of its entries so that numbers stay small.
 *
 * @example
 * const s = new ExactLinearSystem();
 * s.add(new Map([[0, 1n], [1, 1n]]), 12n);  // x0 + x1 = 12
 * s.add(new Map([[1, 1n], [2, -1n]]), 3n);  // x1 − x2 = 3
 * s.valueOf(new Map([[0, 1n], [2, 1n]]));   // { numerator: 9n, denominator: 1n }: x0 + x2 = 12 − 3
 * s.valueOf(new Map([[0, 1n]]));            // null: x0 is not determined
 */

export type Combination = ReadonlyMap<number, bigint>;

export interface ExactValue {
  readonly numerator: bigint;
  /** Positive. */
  readonly denominator: bigint;
}

interface PivotRow {
  readonly coefficients: Map<number, bigint>;
  rhs: bigint;
}

export class ExactLinearSystem {
  readonly #rows = new Map<number, PivotRow>();
  #consistent = true;

  /** False once an added equation contradicted the earlier ones (the inputs do not describe one set of counts). */
  get consistent(): boolean {
    return this.#consistent;
  }

  /** Adds `Σ coefficients · x = rhs`. */
  add(coefficients: Combination, rhs: bigint): void {
    const row: PivotRow = { coefficients: new Map([...coefficients].filter(([, a]) => a !== 0n)), rhs };
    this.#eliminateInto(row);
    if (row.coefficients.size === 0) {
      if (row.rhs !== 0n) this.#consistent = false;
      return;
    }
    const pivot = choosePivot(row.coefficients);
    for (const other of this.#rows.values()) {
      const factor = other.coefficients.get(pivot);
      if (factor !== undefined) combine(other, row, pivot, factor);
    }
    this.#rows.set(pivot, row);
  }

  /** The value of `Σ combination · x` when the equations fix it, else null. */
  valueOf(combination: Combination): ExactValue | null {
    // Invariant: scale · (combination · x) = constant + rest · x.
    const rest: PivotRow = { coefficients: new Map([...combination].filter(([, a]) => a !== 0n)), rhs: 0n };
    let scale = 1n;
    for (const column of [...rest.coefficients.keys()]) {
      const pivotRow = this.#rows.get(column);
      const a = rest.coefficients.get(column);
      if (pivotRow === undefined || a === undefined) continue;
      const p = pivotRow.coefficients.get(column)!;
      // p · (scale · f) = p · constant + (p · rest − a · pivotRow) · x + a · rhs
      for (const [c, v] of [...rest.coefficients]) rest.coefficients.set(c, p * v);
      rest.rhs = p * rest.rhs;
      for (const [c, v] of pivotRow.coefficients) setOrDelete(rest.coefficients, c, (rest.coefficients.get(c) ?? 0n) - a * v);
      rest.rhs += a * pivotRow.rhs;
      scale *= p;
    }
    if (rest.coefficients.size > 0) return null;
    const g = gcd(rest.rhs, scale);
    const sign = scale < 0n ? -1n : 1n;
    return { numerator: (sign * rest.rhs) / g, denominator: (sign * scale) / g };
  }

  /** Subtracts the pivot rows from `row` until no pivot column is left in it. */
  #eliminateInto(row: PivotRow): void {
    for (const column of [...row.coefficients.keys()]) {
      const pivotRow = this.#rows.get(column);
      const a = row.coefficients.get(column);
      if (pivotRow !== undefined && a !== undefined) combine(row, pivotRow, column, a);
    }
  }
}

/** target := p · target − a · source, where p is source's coefficient at `column` and a is target's; then reduced. */
function combine(target: PivotRow, source: PivotRow, column: number, a: bigint): void {
  const p = source.coefficients.get(column)!;
  for (const [c, v] of [...target.coefficients]) target.coefficients.set(c, p * v);
  target.rhs *= p;
  for (const [c, v] of source.coefficients) setOrDelete(target.coefficients, c, (target.coefficients.get(c) ?? 0n) - a * v);
  target.rhs -= a * source.rhs;
  target.coefficients.delete(column);
  reduceByGcd(target);
}

function reduceByGcd(row: PivotRow): void {
  let g = row.rhs < 0n ? -row.rhs : row.rhs;
  for (const v of row.coefficients.values()) g = gcd(g, v);
  if (g > 1n) {
    for (const [c, v] of row.coefficients) row.coefficients.set(c, v / g);
    row.rhs /= g;
  }
}

/** The column with the smallest coefficient in absolute value (±1 keeps the numbers small), lowest index first. */
function choosePivot(coefficients: ReadonlyMap<number, bigint>): number {
  let best = -1;
  let bestAbs = 0n;
  for (const [c, v] of coefficients) {
    const abs = v < 0n ? -v : v;
    if (best === -1 || abs < bestAbs || (abs === bestAbs && c < best)) {
      best = c;
      bestAbs = abs;
    }
  }
  return best;
}

function setOrDelete(map: Map<number, bigint>, key: number, value: bigint): void {
  if (value === 0n) map.delete(key);
  else map.set(key, value);
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}
