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
 * true and moves it (in a two-way table, a cycle: the classic rectangle of four cells). Every released cell it moves
 * becomes complementary, so the engine looks for the cheapest one, by best-first search over partial perturbations
 * (`cheapestPerturbation`). What hiding a count costs (`hidingCosts`): an ordinary count inside a table is cheap,
 * a smaller one cheaper; a margin (the total of a relation) costs more, a zero much more, and a caller raises the
 * cost of what a report cannot do without (`cost`: the arm sizes, say), so that a solution inside the tables is
 * preferred whenever one exists. Should the search find nothing within its budget, a greedy walk relation by
 * relation, then hiding released cells near the exposed one cheapest first until the row space no longer pins it
 * down, take over. At the end, complementary cells that later ones made unnecessary are released again, the most
 * costly first. The independent check is `disclosureLeaks` (audit-release.ts).
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
  /**
   * How much a report needs this count, should the engine consider hiding it to protect another: a factor of its
   * hiding cost (default 1; an arm's size, say, 100). Primary suppression ignores it: a small count is hidden.
   */
  readonly cost?: number;
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
  giveBack(system, state);
  return decisions(system, state);
}

// ---------------------------------------------------------------------------------------------------------------
// The indexed system

interface System {
  readonly k: number;
  readonly ids: readonly string[];
  readonly values: readonly number[];
  readonly kinds: readonly CellKind[];
  /** What hiding each cell as complementary costs (`hidingCosts`). */
  readonly costs: readonly number[];
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
    if (cell.cost !== undefined && !(Number.isFinite(cell.cost) && cell.cost > 0)) {
      throw new AppError('internal', 'the cost of hiding a disclosure cell must be a positive number', { details: { field: cell.id } });
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
  return {
    k,
    ids: cells.map((c) => c.id),
    values,
    kinds: cells.map((c) => c.kind ?? 'count'),
    costs: hidingCosts(cells, values, indexed),
    relations: indexed,
    memberships,
  };
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
  // Plain loops: this runs once per protected exposure and once per cell given back.
  const known = new Uint8Array(state.hidden.length);
  for (let c = 0; c < known.length; c++) known[c] = state.hidden[c] === 1 ? 0 : 1;
  const unknownCount = new Int32Array(system.relations.length);
  const queue: number[] = [];
  for (let r = 0; r < system.relations.length; r++) {
    for (const c of system.relations[r]!.members) if (known[c] === 0) unknownCount[r]! += 1;
    if (unknownCount[r] === 1) queue.push(r);
  }
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
// What hiding a count costs

/**
 * The price of hiding a released count, in units of an ordinary count inside a table: the cell's own `cost` times
 * 1 + its share of the largest count it is related to (a small count loses less), + `margin` when it is the total
 * of a relation (a margin tells more than a cell: column and row totals, the remaining population of a step), and
 * `grandTotal` more when it is the part of none (the top of its tables: a whole population), + `zero` for a zero
 * (bounded by 0 on one side, it protects little; and a reader may well guess it).
 */
const HIDING_COST = { margin: 2, grandTotal: 2, zero: 8 } as const;

function hidingCosts(cells: readonly DisclosureCell[], values: readonly number[], relations: readonly IndexedRelation[]): number[] {
  const scale = values.map((v) => Math.max(v, 1));
  const isTotal = values.map(() => false);
  const isPart = values.map(() => false);
  for (const relation of relations) {
    const largest = relation.members.reduce((m, c) => Math.max(m, values[c]!), 1);
    for (const c of relation.members) scale[c] = Math.max(scale[c]!, largest);
    isTotal[relation.total] = true;
    for (const c of relation.parts) isPart[c] = true;
  }
  return cells.map((cell, c) => {
    const margin = isTotal[c] === true ? HIDING_COST.margin + (isPart[c] === true ? 0 : HIDING_COST.grandTotal) : 0;
    const structural = 1 + values[c]! / scale[c]! + margin + (values[c] === 0 ? HIDING_COST.zero : 0);
    return (cell.cost ?? 1) * structural;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Protecting it

function protect(system: System, state: State, violation: Violation): void {
  const seed = violation.kind === 'cell' ? violation.cell : violation.cells[0]!;
  // For a sum, the other hidden parts may not compensate the seed: the sum itself has to move.
  const excluded = new Set(violation.kind === 'sum' ? violation.cells : []);
  const newlyHidden = (perturbation: ReadonlyMap<number, number> | null): number[] =>
    perturbation === null ? [] : [...perturbation.keys()].filter((c) => state.hidden[c] === 0);
  let added = newlyHidden(cheapestPerturbation(system, state, seed, excluded));
  if (added.length === 0) added = newlyHidden(greedyPerturbation(system, state, seed, excluded));
  if (added.length === 0) added = growAndPrune(system, state, violation);
  if (added.length === 0) throw new AppError('internal', 'disclosure control made no progress protecting a small count', { details: { field: system.ids[seed] } });
  for (const c of added) {
    state.hidden[c] = 1;
    state.reasons[c] = 'complementary';
  }
}

/**
 * Complementary cells hidden for one exposure may have become unnecessary once later ones were hidden: each is
 * released again, the most costly first, when nothing can be recovered without it.
 */
function giveBack(system: System, state: State): void {
  const chosen = system.ids.flatMap((_, c) => (state.reasons[c] === 'complementary' ? [c] : []));
  chosen.sort((a, b) => system.costs[b]! - system.costs[a]! || a - b);
  for (const c of chosen) {
    state.hidden[c] = 0;
    state.reasons[c] = null;
    if ((findByPeeling(system, state) ?? findByRowSpace(system, state)) !== null) {
      state.hidden[c] = 1;
      state.reasons[c] = 'complementary';
    }
  }
}

/** Expanded states of one best-first search: enough for the cycles of a study's tables, few enough to stay fast. */
const SEARCH_BUDGET = 2000;
/** Moving a cell that is hidden already costs next to nothing; the little it costs keeps perturbations short. */
const HIDDEN_MOVE_COST = 1e-3;

/** A partial perturbation: the moves from the seed to here, one cell each (a persistent list, shared by siblings). */
interface SearchNode {
  readonly parent: SearchNode | null;
  readonly cell: number;
  readonly amount: number;
  readonly cost: number;
  /** Relations this perturbation leaves unbalanced. */
  readonly open: number;
  readonly depth: number;
  /** Creation order: the last tie-break, so that the search is deterministic. */
  readonly order: number;
}

const compareNodes = (a: SearchNode, b: SearchNode): number => a.cost - b.cost || a.open - b.open || a.depth - b.depth || a.order - b.order;

/**
 * The cheapest perturbation (δ(seed) = 1, every relation kept true, `excluded` and `known` cells unmoved) by
 * best-first search: a state is a partial perturbation, its cost the hiding cost of the released cells it moves;
 * it is extended by balancing the unbalanced relation with the fewest cells left to move, in every way. In a two-way
 * table this finds the cheapest cycle through the exposed cell — a rectangle of small interior cells rather than
 * a path through the margins. When the budget runs out, the cheapest complete perturbation seen, or null.
 */
function cheapestPerturbation(system: System, state: State, seed: number, excluded: ReadonlySet<number>): Map<number, number> | null {
  const heap = new MinHeap<SearchNode>(compareNodes);
  let order = 0;
  heap.push({ parent: null, cell: seed, amount: 1, cost: 0, open: system.memberships[seed]!.length, depth: 1, order: order++ });
  const seen = new Set<string>();
  let bestComplete: SearchNode | null = null;
  for (let expanded = 0; heap.size > 0 && expanded < SEARCH_BUDGET; ) {
    const node = heap.pop()!;
    const delta = deltaOf(node);
    const key = [...delta].sort((a, b) => a[0] - b[0]).join(';');
    if (seen.has(key)) continue;
    seen.add(key);
    expanded++;
    const imbalance = imbalanceOf(system, delta);
    if (imbalance.size === 0) return delta;
    // Branch where the fewest choices are left (fewest children; a relation with none is a dead end).
    let branch = -1;
    let candidates: number[] = [];
    for (const r of imbalance.keys()) {
      const movable = system.relations[r]!.members.filter((c) => !delta.has(c) && !excluded.has(c) && system.kinds[c] !== 'known');
      if (branch === -1 || movable.length < candidates.length || (movable.length === candidates.length && r < branch)) {
        branch = r;
        candidates = movable;
      }
      if (movable.length === 0) break;
    }
    const gap = imbalance.get(branch)!;
    const total = system.relations[branch]!.total;
    for (const cell of candidates) {
      const amount = cell === total ? -gap : gap;
      let open = imbalance.size;
      for (const m of system.memberships[cell]!) {
        const before = imbalance.get(m.relation) ?? 0;
        const after = before + m.coefficient * amount;
        if (before === 0 && after !== 0) open++;
        else if (before !== 0 && after === 0) open--;
      }
      const cost = node.cost + (state.hidden[cell] === 1 ? HIDDEN_MOVE_COST : system.costs[cell]!);
      const child: SearchNode = { parent: node, cell, amount, cost, open, depth: node.depth + 1, order: order++ };
      if (open === 0 && (bestComplete === null || compareNodes(child, bestComplete) < 0)) bestComplete = child;
      heap.push(child);
    }
  }
  return bestComplete === null ? null : deltaOf(bestComplete);
}

function deltaOf(node: SearchNode): Map<number, number> {
  const moves: SearchNode[] = [];
  for (let n: SearchNode | null = node; n !== null; n = n.parent) moves.push(n);
  return new Map(moves.reverse().map((n) => [n.cell, n.amount]));
}

/** Per relation, Σ coefficient · δ where it is not 0. */
function imbalanceOf(system: System, delta: ReadonlyMap<number, number>): Map<number, number> {
  const imbalance = new Map<number, number>();
  for (const [cell, amount] of delta) {
    for (const m of system.memberships[cell]!) {
      const next = (imbalance.get(m.relation) ?? 0) + m.coefficient * amount;
      if (next === 0) imbalance.delete(m.relation);
      else imbalance.set(m.relation, next);
    }
  }
  return imbalance;
}

/** Costs of the greedy walk (the fallback when the search finds nothing), in arbitrary units. */
const GREEDY_COST = {
  /** Times a cell's hiding cost: what the walk pays for a cell it newly hides. */
  newlyHidden: 100,
  /** A relation the move unbalances needs another move; one it balances needs none. */
  unbalance: 30,
} as const;

/**
 * A change δ of the cells, δ(seed) = 1, that keeps every relation true, moving only hidden cells and the released
 * cells it chooses to hide: greedily, the first unbalanced relation is balanced by the cheapest cell not yet moved.
 * Null when it gets stuck.
 */
function greedyPerturbation(system: System, state: State, seed: number, excluded: ReadonlySet<number>): Map<number, number> | null {
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
  for (let step = 0; imbalance.size > 0; step++) {
    if (step > system.ids.length) return null;
    const r = Math.min(...imbalance.keys());
    const gap = imbalance.get(r)!;
    const relation = system.relations[r]!;
    let best: { cell: number; amount: number; cost: number } | null = null;
    for (const cell of relation.members) {
      if (delta.has(cell) || excluded.has(cell) || system.kinds[cell] === 'known') continue;
      const amount = cell === relation.total ? -gap : gap;
      let cost = state.hidden[cell] === 0 ? GREEDY_COST.newlyHidden * system.costs[cell]! : 0;
      for (const m of system.memberships[cell]!) {
        if (m.relation === r) continue;
        const before = imbalance.get(m.relation) ?? 0;
        const after = before + m.coefficient * amount;
        if (before === 0 && after !== 0) cost += GREEDY_COST.unbalance;
        else if (before !== 0 && after === 0) cost -= GREEDY_COST.unbalance;
      }
      if (best === null || cost < best.cost) best = { cell, amount, cost };
    }
    if (best === null) return null;
    move(best.cell, best.amount);
  }
  return delta;
}

/**
 * When no perturbation is found: hide released counts near the exposed cell or sum, cheapest first, until the
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

/** Released counts by distance from the given relations (through hidden cells), cheapest to hide first at each distance. */
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
    level.sort((a, b) => system.costs[a]! - system.costs[b]! || a - b);
    out.push(...level);
    frontier = next;
  }
  return out;
}

/** A binary min-heap. */
class MinHeap<T> {
  readonly #items: T[] = [];
  readonly compare: (a: T, b: T) => number;

  constructor(compare: (a: T, b: T) => number) {
    this.compare = compare;
  }

  get size(): number {
    return this.#items.length;
  }

  push(item: T): void {
    const items = this.#items;
    items.push(item);
    for (let i = items.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if (this.compare(items[i]!, items[parent]!) >= 0) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): T | undefined {
    const items = this.#items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < items.length && this.compare(items[left]!, items[smallest]!) < 0) smallest = left;
        if (right < items.length && this.compare(items[right]!, items[smallest]!) < 0) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}
