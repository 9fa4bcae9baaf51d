/**
 * The row space of a sparse linear system in floating point, kept in reduced row echelon form as rows are added.
 *
 * The suppression engine uses it to ask "does what is released pin this hidden count (or this sum of hidden counts)
 * down?": a linear form over the hidden cells is determined by the released ones exactly when it lies in the row
 * space of the relations restricted to the hidden cells. The systems are small, with coefficients ±1, so partial
 * pivoting in doubles is exact enough; the independent auditor (`audit-release.ts`) redoes the check in exact
 * integer arithmetic.
 *
 * @example
 * const space = new FloatRowSpace();
 * space.add(new Map([[0, 1], [1, 1]]));   // a + b = (known)
 * space.add(new Map([[1, 1]]));           // b = (known)
 * space.determines(new Map([[0, 1]]));    // true: a = (a + b) − b
 */

/** Below this a coefficient is zero: entries start as ±1, and real pivots of such systems are far larger. */
const EPSILON = 1e-9;

export type SparseRow = ReadonlyMap<number, number>;

export class FloatRowSpace {
  /** Pivot column → its row, normalised so that the pivot is 1 and no other pivot column appears in it. */
  readonly #pivots = new Map<number, Map<number, number>>();

  /** Adds one equation (its coefficients; the right-hand side does not matter for what is determined). */
  add(row: SparseRow): void {
    const reduced = this.#reduce(row);
    if (reduced.size === 0) return;
    // Partial pivoting: the largest coefficient keeps the multipliers at most 1 in absolute value.
    let pivot = -1;
    let best = 0;
    for (const [column, value] of reduced) {
      if (Math.abs(value) > best) {
        best = Math.abs(value);
        pivot = column;
      }
    }
    const scale = reduced.get(pivot)!;
    for (const [column, value] of reduced) reduced.set(column, value / scale);
    reduced.set(pivot, 1);
    for (const other of this.#pivots.values()) {
      const factor = other.get(pivot);
      if (factor !== undefined) addScaled(other, reduced, -factor);
    }
    this.#pivots.set(pivot, reduced);
  }

  /** Whether the form's value follows from the equations added so far. */
  determines(form: SparseRow): boolean {
    return this.#reduce(form).size === 0;
  }

  /** The form minus its projection on the pivot rows: empty when the form is in the row space. */
  #reduce(row: SparseRow): Map<number, number> {
    const out = new Map<number, number>();
    for (const [column, value] of row) if (Math.abs(value) > EPSILON) out.set(column, value);
    // One pass suffices: pivot rows hold no other pivot column, so subtracting them only touches free columns.
    for (const column of [...out.keys()]) {
      const pivotRow = this.#pivots.get(column);
      const factor = out.get(column);
      if (pivotRow !== undefined && factor !== undefined) addScaled(out, pivotRow, -factor);
    }
    return out;
  }
}

/** target += factor · source, dropping what cancels. */
function addScaled(target: Map<number, number>, source: ReadonlyMap<number, number>, factor: number): void {
  for (const [column, value] of source) {
    const next = (target.get(column) ?? 0) + factor * value;
    if (Math.abs(next) > EPSILON) target.set(column, next);
    else target.delete(column);
  }
}
