/**
 * Cell suppression: which counts of a set of additive tables may be released under a minimum cell size k, so that no
 * count from 1 to k − 1 is shown or can be recovered by subtraction.
 *
 * The input is a set of cells (counts) and additive relations between them (`total = part + part + …`): the margins
 * of a table, an attrition chain, a risk table where those at risk at one time are those at risk at the next plus the
 * events and censorings in between. A cell may sit in many relations. The engine
 *
 * 1. hides every count from 1 to k − 1 (`small`, the primary suppression); 0 and counts ≥ k are releasable;
 * 2. then, until nothing can be recovered, hides more cells (`complementary`) wherever the released cells pin down
 *    - a small hidden cell;
 *    - the sum of a relation's hidden parts at a value from 1 to k − 1 (2 and 3 hidden beside a released total give
 *      away 5), also through nested relations (500 = [497] + 3 and 497 = 492 + 5, with the 497 hidden, still give
 *      away 3 + 5 = 8);
 *    - or that sum at a value the published labels make exact (two cells shown "<10" adding up to 18 are both 9).
 *
 * Recovery is looked for twice: by peeling (a relation with one hidden cell gives it away, and what it gives away is
 * then known to the next relation), which finds most cases cheaply, then by the row space of the whole system
 * (`FloatRowSpace`), which also finds what only a combination of relations reveals.
 *
 * An exposed cell (or sum) is protected by a perturbation: a change of the hidden cells that keeps every relation
 * true and moves it, found greedily relation by relation (in a two-way table, the classic rectangle of four cells).
 * The walk prefers cells already hidden, then the smallest non-zero part of the relation at hand, and avoids totals
 * and zeros; every released cell it moves becomes complementary. When the walk gets stuck, released cells near the
 * exposed one are hidden cheapest first until the row space no longer pins it down, and those not needed are given
 * back. The independent check is `disclosureLeaks` (audit-release.ts).
 *
 * Cell kinds: `count` (default) is shown, released or suppressed here. `internal` is never shown and unknown to a
 * reader unless the relations give it away (the non-missing count of a covariate, n − missing): it is always hidden,
 * and a small internal cell is protected like a small count. `known` is never shown as such but a reader knows it by
 * other means (a log-rank test's expected counts add up to its observed ones): it is never suppressed and may not be
 * small (a caller must withhold whatever reveals it instead — `releaseStudy` models a log-rank total as a `count`
 * and withholds the test when the total is hidden).
 *
 * @example
 * // A 1-D table: 40 = 3 + 17 + 20. The 3 is small; hiding it alone gives it away (40 − 17 − 20), so the smallest
 * // other part, 17, is hidden too.
 * suppressCells(
 *   [{ id: 'all', value: 40 }, { id: 'a', value: 3 }, { id: 'b', value: 17 }, { id: 'c', value: 20 }],
 *   [{ id: 'abc', total: 'all', parts: ['a', 'b', 'c'] }],
 *   10,
 * );
 * // → all: released 40, a: small, b: complementary, c: released 20
 */
import { AppError } from '@parcours/core';
import { FloatRowSpace } from './float-row-space.js';

export const CELL_KINDS = ['count', 'internal', 'known'] as const;
export type CellKind = (typeof CELL_KINDS)[number];

export interface DisclosureCell {
  readonly id: string;
  /** A count: a whole number ≥ 0. */
  readonly value: number;
  /** Default `count`. */
  readonly kind?: CellKind;
}

/** `total = Σ parts`, true of the cells' values. */
export interface AdditiveRelation {
  /** Names the relation in errors and leak reports (never a value). */
  readonly id: string;
  readonly total: string;
  readonly parts: readonly string[];
}

export type CellDecision =
  | { readonly status: 'released'; readonly value: number }
  | { readonly status: 'suppressed'; readonly reason: 'small' | 'complementary' }
  | { readonly status: 'internal' };

/**
 * Decides, for every cell, whether it is released or suppressed. Deterministic: the same cells and relations in the
 * same order give the same decisions. Throws `AppError('internal')` when a relation does not add up or refers to a
 * cell that does not exist, or when a `known` cell is small (the caller must withhold what reveals it).
 */
export function suppressCells(
  cells: readonly DisclosureCell[],
  relations: readonly AdditiveRelation[],
  minCellSize: number,
): ReadonlyMap<string, CellDecision> {
  const system = indexSystem(cells, relations, minCellSize);
  const state = primarySuppression(system);
  // Every round hides at least one more cell, so this ends. Once every count is hidden, only `known` cells can pin a
  // count down; then `protect` throws rather than leak (the caller modelled something it cannot withhold as known).
  for (;;) {
    const violation = findByPeeling(system, state) ?? findByRowSpace(system, state);
    if (violation === null) break;
    protect(system, state, violation);
  }
  return decisions(system, state);
}

// ---------------------------------------------------------------------------------------------------------------
// The indexed system

interface System {
  readonly k: number;
  readonly ids: readonly string[];
  readonly values: readonly number[];
  readonly kinds: readonly CellKind[];
  readonly relations: readonly IndexedRelation[];
  /** For each cell, the relations it is in, with its coefficient there (+1 total, −1 part). */
  readonly memberships: readonly (readonly Membership[])[];
}

interface IndexedRelation {
  readonly id: string;
  readonly total: number;
  readonly parts: readonly number[];
  /** Total first, then the parts. */
  readonly members: readonly number[];
}

interface Membership {
  readonly relation: number;
  readonly coefficient: 1 | -1;
}

interface State {
  readonly hidden: Uint8Array;
  readonly reasons: ('small' | 'complementary' | null)[];
}

const isSmall = (value: number, k: number): boolean => value >= 1 && value <= k - 1;

function indexSystem(cells: readonly DisclosureCell[], relations: readonly AdditiveRelation[], k: number): System {
  if (!Number.isSafeInteger(k) || k < 1) {
    throw new AppError('internal', 'the minimum cell size must be a whole number, 1 or more', { details: { field: 'minCellSize' } });
  }
  const index = new Map<string, number>();
  cells.forEach((cell, i) => {
    if (index.has(cell.id)) throw new AppError('internal', 'two disclosure cells have the same id', { details: { field: cell.id } });
    if (!Number.isSafeInteger(cell.value) || cell.value < 0) {
      throw new AppError('internal', 'a disclosure cell is not a count (a whole number, 0 or more)', { details: { field: cell.id } });
    }
    if ((cell.kind ?? 'count') === 'known' && isSmall(cell.value, k)) {
      throw new AppError('internal', 'a count that readers know by other means is below the minimum cell size', { details: { field: cell.id } });
    }
    index.set(cell.id, i);
  });
  const cellIndex = (id: string, relation: string): number => {
    const i = index.get(id);
    if (i === undefined) throw new AppError('internal', 'a disclosure relation names an unknown cell', { details: { field: relation } });
    return i;
  };
  const values = cells.map((c) => c.value);
  const memberships: Membership[][] = cells.map(() => []);
  const indexed = relations.map((relation, r): IndexedRelation => {
    const total = cellIndex(relation.total, relation.id);
    const parts = relation.parts.map((p) => cellIndex(p, relation.id));
    const members = [total, ...parts];
    if (new Set(members).size !== members.length) {
      throw new AppError('internal', 'a disclosure relation names a cell twice', { details: { field: relation.id } });
    }
    if (parts.reduce((sum, p) => sum + values[p]!, 0) !== values[total]) {
      throw new AppError('internal', 'a disclosure relation does not add up: the analysis is inconsistent', { details: { field: relation.id } });
    }
    memberships[total]!.push({ relation: r, coefficient: 1 });
    for (const p of parts) memberships[p]!.push({ relation: r, coefficient: -1 });
    return { id: relation.id, total, parts, members };
  });
  return { k, ids: cells.map((c) => c.id), values, kinds: cells.map((c) => c.kind ?? 'count'), relations: indexed, memberships };
}

function primarySuppression(system: System): State {
  const hidden = new Uint8Array(system.ids.length);
  const reasons: State['reasons'] = system.ids.map(() => null);
  system.kinds.forEach((kind, c) => {
    if (kind === 'internal') hidden[c] = 1;
    else if (kind === 'count' && isSmall(system.values[c]!, system.k)) {
      hidden[c] = 1;
      reasons[c] = 'small';
    }
  });
  return { hidden, reasons };
}

function decisions(system: System, state: State): Map<string, CellDecision> {
  const out = new Map<string, CellDecision>();
  system.ids.forEach((id, c) => {
    const reason = state.reasons[c];
    if (system.kinds[c] === 'internal') out.set(id, { status: 'internal' });
    else if (state.hidden[c] === 1 && reason != null) out.set(id, { status: 'suppressed', reason });
    else out.set(id, { status: 'released', value: system.values[c]! });
  });
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Finding what the released cells give away

/**
 * What must be protected: a small hidden cell that can be recovered, or a relation whose undetermined hidden parts
 * have a sum that can be recovered and is small (or exact given the labels).
 */
type Violation =
  | { readonly kind: 'cell'; readonly cell: number }
  | { readonly kind: 'sum'; readonly relation: number; readonly cells: readonly number[] };

/**
 * Peeling: a relation with exactly one cell not known gives that cell away, which then counts as known everywhere.
 * Returns the first small cell given away, else the first exposed sum (see `findExposedSum`).
 */
function findByPeeling(system: System, state: State): Violation | null {
  const known = Uint8Array.from(state.hidden, (h) => 1 - h);
  const unknownCount = system.relations.map((r) => r.members.reduce((n, c) => n + (known[c] === 1 ? 0 : 1), 0));
  const queue = unknownCount.flatMap((n, r) => (n === 1 ? [r] : []));
  for (let head = 0; head < queue.length; head++) {
    const r = queue[head]!;
    if (unknownCount[r] !== 1) continue;
    const cell = system.relations[r]!.members.find((c) => known[c] === 0)!;
    known[cell] = 1;
    if (isSmall(system.values[cell]!, system.k)) return { kind: 'cell', cell };
    for (const m of system.memberships[cell]!) {
      unknownCount[m.relation]! -= 1;
      if (unknownCount[m.relation] === 1) queue.push(m.relation);
    }
  }
  return findExposedSum(system, state, (c) => known[c] === 0);
}

/** The same questions asked of the whole system: what combinations of relations pin down that peeling missed. */
function findByRowSpace(system: System, state: State): Violation | null {
  const space = new FloatRowSpace();
  for (const relation of system.relations) {
    const row = new Map<number, number>();
    for (const c of relation.members) if (state.hidden[c] === 1) row.set(c, c === relation.total ? 1 : -1);
    if (row.size > 0) space.add(row);
  }
  const determined = Array.from(system.ids, (_, c) => state.hidden[c] === 1 && space.determines(new Map([[c, 1]])));
  for (let c = 0; c < system.ids.length; c++) {
    if (determined[c] === true && isSmall(system.values[c]!, system.k)) return { kind: 'cell', cell: c };
  }
  const open = (c: number): boolean => state.hidden[c] === 1 && determined[c] !== true;
  // A relation whose total is itself open can still have its open parts' sum pinned down by other relations.
  for (const [r, relation] of system.relations.entries()) {
    const parts = relation.parts.filter(open);
    if (!open(relation.total) || parts.length < 2 || !sumIsExposed(system, state, parts)) continue;
    if (space.determines(new Map(parts.map((p) => [p, 1])))) return { kind: 'sum', relation: r, cells: parts };
  }
  return findExposedSum(system, state, open);
}

/**
 * A relation whose total is known fixes the sum of its open (hidden, not recoverable) parts — and, where an open
 * part is the total of another relation, the sum with that part replaced by its own open parts, and so on down
 * (500 = [497] + 3 and 497 = 492 + 5 with the 497 hidden still give away 3 + 5 = 8). Returns the first relation with
 * such a sum that is small, or (for its direct parts) exact given the labels, with the cells that make it up.
 */
function findExposedSum(system: System, state: State, open: (c: number) => boolean): Violation | null {
  const sums = sumsOfOpenParts(system, open);
  for (const [r, relation] of system.relations.entries()) {
    if (open(relation.total)) continue;
    const direct = relation.parts.filter(open);
    if (direct.length >= 2 && sumIsExposed(system, state, direct)) return { kind: 'sum', relation: r, cells: direct };
    for (const [sum, cells] of sums(r)) if (isSmall(sum, system.k)) return { kind: 'sum', relation: r, cells };
  }
  return null;
}

/** Reachable sums (capped at k: k stands for "k or more"), each with one set of cells that adds up to it. */
type Sums = ReadonlyMap<number, readonly number[]>;

/** For a relation: the sums its open parts can add up to, each part either kept or replaced by its own parts. */
function sumsOfOpenParts(system: System, open: (c: number) => boolean): (relation: number) => Sums {
  const k = system.k;
  const memo = new Map<number, Sums>();
  const inProgress = new Set<number>();
  const combine = (a: Sums, b: Sums): Sums => {
    const out = new Map<number, readonly number[]>();
    for (const [x, cx] of a) for (const [y, cy] of b) if (!out.has(Math.min(x + y, k))) out.set(Math.min(x + y, k), [...cx, ...cy]);
    return out;
  };
  const ofRelation = (r: number): Sums =>
    system.relations[r]!.parts.reduce<Sums>((acc, p) => (open(p) ? combine(acc, ofCell(p)) : acc), new Map([[0, []]]));
  const ofCell = (c: number): Sums => {
    const cached = memo.get(c);
    if (cached !== undefined) return cached;
    const out = new Map<number, readonly number[]>([[Math.min(system.values[c]!, k), [c]]]);
    // Relations are acyclic in practice (a total is never its own part, even indirectly); guard anyway.
    if (!inProgress.has(c)) {
      inProgress.add(c);
      for (const m of system.memberships[c]!) {
        if (m.coefficient !== 1) continue;
        for (const [sum, cells] of ofRelation(m.relation)) if (!out.has(sum)) out.set(sum, cells);
      }
      inProgress.delete(c);
    }
    memo.set(c, out);
    return out;
  };
  return ofRelation;
}

/**
 * Whether the sum of these hidden cells, if a reader could compute it, would expose something: a value from 1 to
 * k − 1, or a value that together with the labels fixes every cell (the lowest sum the `small` labels allow, each
 * being at least 1 — or, when all are labelled small, the highest, each being at most k − 1).
 */
function sumIsExposed(system: System, state: State, cells: readonly number[]): boolean {
  const sum = cells.reduce((s, c) => s + system.values[c]!, 0);
  if (isSmall(sum, system.k)) return true;
  const labelledSmall = cells.filter((c) => state.reasons[c] === 'small').length;
  if (labelledSmall > 0 && sum === labelledSmall) return true;
  return labelledSmall === cells.length && sum === (system.k - 1) * cells.length;
}

// ---------------------------------------------------------------------------------------------------------------
// Protecting it

/** Costs of the greedy perturbation search, in arbitrary units: a newly hidden cell is what we pay for. */
const COST = {
  newlyHidden: 100,
  /** Hiding a margin loses more than hiding a cell inside the table. */
  total: 40,
  /** A zero moved by a perturbation is bounded by 0 on one side, so it protects little. */
  zero: 300,
  /** Smaller counts are preferred, within a range that never outweighs the structure. */
  valueRange: 10,
  /** A relation the move unbalances needs another move; one it balances needs none. */
  unbalance: 30,
} as const;

function protect(system: System, state: State, violation: Violation): void {
  const seed = violation.kind === 'cell' ? violation.cell : violation.cells[0]!;
  // For a sum, the other hidden parts may not compensate the seed: the sum itself has to move.
  const excluded = new Set(violation.kind === 'sum' ? violation.cells : []);
  const perturbation = findPerturbation(system, state, seed, excluded);
  let added = perturbation === null ? [] : [...perturbation.keys()].filter((c) => state.hidden[c] === 0);
  if (added.length === 0) added = growAndPrune(system, state, violation);
  if (added.length === 0) throw new AppError('internal', 'disclosure control made no progress protecting a small count', { details: { field: system.ids[seed] } });
  for (const c of added) {
    state.hidden[c] = 1;
    state.reasons[c] = 'complementary';
  }
}

/**
 * When the greedy walk gets stuck: hide released counts near the exposed cell or sum, cheapest first, until the
 * row space no longer pins it down, then give back every one that turns out not to be needed.
 */
function growAndPrune(system: System, state: State, violation: Violation): number[] {
  const exposed = new Map<number, number>(violation.kind === 'cell' ? [[violation.cell, 1]] : violation.cells.map((c) => [c, 1]));
  const start = violation.kind === 'cell' ? system.memberships[violation.cell]!.map((m) => m.relation) : [violation.relation];
  const isProtected = (extra: ReadonlySet<number>): boolean => {
    const space = new FloatRowSpace();
    for (const relation of system.relations) {
      const row = new Map<number, number>();
      for (const c of relation.members) if (state.hidden[c] === 1 || extra.has(c)) row.set(c, c === relation.total ? 1 : -1);
      if (row.size > 0) space.add(row);
    }
    return !space.determines(exposed);
  };
  const added = new Set<number>();
  for (const candidate of releasedNear(system, state, start)) {
    added.add(candidate);
    if (!isProtected(added)) continue;
    for (const c of [...added].reverse()) {
      added.delete(c);
      if (!isProtected(added)) added.add(c);
    }
    return [...added];
  }
  throw new AppError('internal', 'disclosure control found no cell to hide to protect a small count', { details: { field: system.ids[violation.kind === 'cell' ? violation.cell : violation.cells[0]!] } });
}

/**
 * Released counts by distance from the given relations (through hidden cells), cheapest first at each distance:
 * non-zero cells that are the total of fewer relations, then smaller ones, zeros last.
 */
function releasedNear(system: System, state: State, start: readonly number[]): number[] {
  const seenRelations = new Set(start);
  const seenCells = new Set<number>();
  const out: number[] = [];
  let frontier = [...start];
  while (frontier.length > 0) {
    const level: number[] = [];
    const next: number[] = [];
    for (const r of frontier) {
      for (const cell of system.relations[r]!.members) {
        if (seenCells.has(cell)) continue;
        seenCells.add(cell);
        if (state.hidden[cell] === 0 && system.kinds[cell] === 'count') level.push(cell);
        // Walk on through every cell: hiding a released one links its relations too.
        for (const m of system.memberships[cell]!) {
          if (!seenRelations.has(m.relation)) {
            seenRelations.add(m.relation);
            next.push(m.relation);
          }
        }
      }
    }
    const totals = (c: number): number => system.memberships[c]!.filter((m) => m.coefficient === 1).length;
    level.sort((a, b) => compareRanks([system.values[a] === 0 ? 1 : 0, totals(a), system.values[a]!, a], [system.values[b] === 0 ? 1 : 0, totals(b), system.values[b]!, b]));
    out.push(...level);
    frontier = next;
  }
  return out;
}

/**
 * A change δ of the cells, δ(seed) = 1, that keeps every relation true, moving only hidden cells and the released
 * cells it chooses to hide: greedily, the first unbalanced relation is balanced by the cheapest cell not yet moved.
 * Null when it gets stuck.
 */
function findPerturbation(system: System, state: State, seed: number, excluded: ReadonlySet<number>): Map<number, number> | null {
  const delta = new Map<number, number>([[seed, 1]]);
  const imbalance = new Map<number, number>();
  const move = (cell: number, amount: number): void => {
    delta.set(cell, amount);
    for (const m of system.memberships[cell]!) {
      const next = (imbalance.get(m.relation) ?? 0) + m.coefficient * amount;
      if (next === 0) imbalance.delete(m.relation);
      else imbalance.set(m.relation, next);
    }
  };
  for (const m of system.memberships[seed]!) imbalance.set(m.relation, m.coefficient);
  const maxValue = system.values.reduce((m, v) => Math.max(m, v), 1);
  for (let step = 0; imbalance.size > 0; step++) {
    if (step > system.ids.length) return null;
    const r = Math.min(...imbalance.keys());
    const gap = imbalance.get(r)!;
    const relation = system.relations[r]!;
    let best: { cell: number; amount: number; cost: number } | null = null;
    for (const cell of relation.members) {
      if (delta.has(cell) || excluded.has(cell) || system.kinds[cell] === 'known') continue;
      const coefficient = cell === relation.total ? 1 : -1;
      const amount = -gap * coefficient;
      let cost = 0;
      if (state.hidden[cell] === 0) {
        cost += COST.newlyHidden + (cell === relation.total ? COST.total : 0) + (system.values[cell] === 0 ? COST.zero : 0);
        cost += (COST.valueRange * system.values[cell]!) / maxValue;
      }
      for (const m of system.memberships[cell]!) {
        if (m.relation === r) continue;
        const before = imbalance.get(m.relation) ?? 0;
        const after = before + m.coefficient * amount;
        if (before === 0 && after !== 0) cost += COST.unbalance;
        else if (before !== 0 && after === 0) cost -= COST.unbalance;
      }
      if (best === null || cost < best.cost) best = { cell, amount, cost };
    }
    if (best === null) return null;
    move(best.cell, best.amount);
  }
  return delta;
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}
