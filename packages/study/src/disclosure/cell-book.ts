/**
 * The cells and relations of one release, collected while walking a study: one cell per number *meant*, so that the
 * same number printed in two places (an arm's n in Table 1, under its Kaplan–Meier curve and beside its hazard
 * ratio) is released or hidden everywhere at once — hiding it in one place and printing it in another would leak it.
 *
 * A cell is keyed by its meaning (`arm:ros1-tki:n`) and its value. Two different values of one meaning (the arm's n
 * in Table 1, and in the rwPFS curve after patients without follow-up were left out) are two cells, tied by their
 * difference: that difference is a count of patients too, and must not be small and recoverable either.
 *
 * @example
 * const book = new CellBook();
 * book.count('arm:a:n', 50);   // 'arm:a:n'
 * book.count('arm:a:n', 50);   // 'arm:a:n' again: the same cell
 * book.count('arm:a:n', 48);   // 'arm:a:n#2', and the relation arm:a:n = arm:a:n#2 + (internal difference 2)
 */
import type { AdditiveRelation, DisclosureCell } from './suppress-cells.js';

export class CellBook {
  readonly cells: DisclosureCell[] = [];
  readonly relations: AdditiveRelation[] = [];
  readonly #byMeaning = new Map<string, { readonly id: string; readonly value: number }[]>();
  readonly #values = new Map<string, number>();

  /** A count that the release shows (directly, or through percents of it): one cell per meaning and value. */
  count(meaning: string, value: number): string {
    const same = this.#byMeaning.get(meaning) ?? [];
    const found = same.find((c) => c.value === value);
    if (found !== undefined) return found.id;
    const id = same.length === 0 ? meaning : `${meaning}#${same.length + 1}`;
    this.#add({ id, value, kind: 'count' });
    for (const other of same) {
      const [large, small] = other.value > value ? [other, { id, value }] : [{ id, value }, other];
      const difference = this.internal(`${large.id}−${small.id}`, large.value - small.value);
      this.relate(`${meaning}:difference`, large.id, [small.id, difference]);
    }
    same.push({ id, value });
    this.#byMeaning.set(meaning, same);
    return id;
  }

  /**
   * A count never shown (non-missing values of a covariate, patients tied at a grid time). Unknown to a reader unless
   * derivable — except zero, which a reader may well guess (no one tied exactly at six months), so it counts as known.
   */
  internal(id: string, value: number): string {
    return this.#unique(id, value, value === 0 ? 'known' : 'internal');
  }

  /** A count a reader knows by other means (the total of a log-rank test's expected counts): never suppressed. */
  known(id: string, value: number): string {
    return this.#unique(id, value, 'known');
  }

  /** `total = Σ parts`. A relation whose total is among its parts says nothing and is skipped. */
  relate(id: string, total: string, parts: readonly string[]): void {
    if (parts.includes(total)) return;
    this.relations.push({ id, total, parts });
  }

  /** The values registered for one meaning (to recognise a group of curves that adds up to an arm). */
  valuesOf(meaning: string): readonly { readonly id: string; readonly value: number }[] {
    return this.#byMeaning.get(meaning) ?? [];
  }

  #unique(id: string, value: number, kind: 'internal' | 'known'): string {
    const existing = this.#values.get(id);
    if (existing === value) return id;
    let unique = id;
    for (let i = 2; this.#values.has(unique); i++) unique = `${id}#${i}`;
    this.#add({ id: unique, value, kind });
    return unique;
  }

  #add(cell: DisclosureCell): void {
    this.cells.push(cell);
    this.#values.set(cell.id, cell.value);
  }
}
