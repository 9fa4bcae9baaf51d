/**
 * The independent auditor of disclosure control: given what was released, can a reader find a count from 1 to
 * k − 1, directly or by difference?
 *
 * It shares no logic with the suppression engine. It writes the relations as a linear system whose unknowns are the
 * hidden numbers (suppressed and internal), the released numbers being constants, solves it exactly
 * (`ExactLinearSystem`, BigInt), and reports
 *
 * - `released-small`: a released (or otherwise known) number from 1 to k − 1;
 * - `recoverable`: a hidden number the system determines, from 1 to k − 1;
 * - `recoverable-sum`: the sum of a relation's hidden parts that are not determined one by one, determined and from
 *   1 to k − 1 (two hidden cells of 2 and 3 beside a released total give away a 5) — also through nested relations
 *   (500 → [hidden] → 492 in an attrition chain gives away the 8 excluded by the two steps);
 * - `recoverable-by-bounds`: that sum determined at a value the labels make exact (cells shown "<10" are 1 to 9:
 *   two of them adding up to 18 are both 9);
 * - `inconsistent`: the released numbers contradict the relations (then nothing else can be trusted);
 *
 * and, for a whole study (`auditReleasedStudy`), what is not a count but betrays one: a survival step or estimate
 * where fewer than k are at risk, a median of fewer than k patients, a summary of fewer than k values, a percent of
 * a hidden count, an effect estimate of an arm (or its events) below k.
 *
 * A leak names where and why, and the recovered count when there is one — never anything else about a patient.
 *
 * @example
 * // 40 = a + b + c with a = 3 hidden and b, c released: a is recovered.
 * const shown = (value: number) => ({ status: 'released', value }) as const;
 * disclosureLeaks(
 *   [{ id: 'all', value: 40 }, { id: 'a', value: 3 }, { id: 'b', value: 17 }, { id: 'c', value: 20 }],
 *   [{ id: 'abc', total: 'all', parts: ['a', 'b', 'c'] }],
 *   new Map([['all', shown(40)], ['a', { status: 'suppressed', reason: 'small' }], ['b', shown(17)], ['c', shown(20)]]),
 *   10,
 * );
 * // → [{ where: 'a', why: 'recoverable', count: 3 }]
 */
import { AppError } from '@parcours/core';
import type { ReleasedStudy, StudyAnalysis } from '../results/study-results.js';
import { ExactLinearSystem } from './exact-linear-system.js';
import { studyAuditModel } from './study-audit-model.js';
import type { AdditiveRelation, CellDecision, DisclosureCell } from './suppress-cells.js';

export const LEAK_REASONS = [
  'released-small',
  'recoverable',
  'recoverable-sum',
  'recoverable-by-bounds',
  'inconsistent',
  'curve-step',
  'survival-estimate',
  'median',
  'summary',
  'percent',
  'estimate',
] as const;
export type LeakReason = (typeof LEAK_REASONS)[number];

export interface Leak {
  /** A cell or relation id, or a path in the released study (`outcomes[0].curveGroups[0].curves[1].steps[14]`). */
  readonly where: string;
  readonly why: LeakReason;
  /** The count a reader recovers, when there is one. */
  readonly count?: number;
}

/** What a reader sees of one number (`value` of a hidden one is its true value, for the auditor's eyes only). */
export type AuditedQuantity =
  | { readonly status: 'known'; readonly value: number }
  | { readonly status: 'hidden'; readonly label: 'small' | 'complementary' | 'internal'; readonly value: number };

/** `Σ plus − Σ minus = constant`, over quantity ids: the plus side is a total, the minus side its parts. */
export interface AuditEquation {
  readonly id: string;
  readonly plus: readonly string[];
  readonly minus: readonly string[];
  readonly constant?: number;
}

export interface AuditModel {
  readonly minCellSize: number;
  readonly quantities: ReadonlyMap<string, AuditedQuantity>;
  readonly equations: readonly AuditEquation[];
}

/**
 * Leaks of a generic release: cells, their additive relations and the engine's decisions.
 * A `released` decision counts with the value it releases (what a reader sees), whatever the cell's own value.
 */
export function disclosureLeaks(
  cells: readonly DisclosureCell[],
  relations: readonly AdditiveRelation[],
  decisions: ReadonlyMap<string, CellDecision>,
  minCellSize: number,
): Leak[] {
  const quantities = new Map<string, AuditedQuantity>();
  for (const cell of cells) {
    const decision = decisions.get(cell.id);
    if (decision === undefined) throw new AppError('internal', 'a cell has no disclosure decision', { details: { field: cell.id } });
    quantities.set(
      cell.id,
      decision.status === 'released'
        ? { status: 'known', value: decision.value }
        : { status: 'hidden', label: decision.status === 'internal' ? 'internal' : decision.reason, value: cell.value },
    );
  }
  const equations = relations.map((r): AuditEquation => ({ id: r.id, plus: [r.total], minus: r.parts }));
  return auditModel({ minCellSize, quantities, equations });
}

/**
 * Leaks of a released study, checked against the analysis it came from (the analysis gives the true values of what
 * was never shown: the non-missing counts, ties at grid times, the numbers at risk under the released steps).
 * The relations are rebuilt here from the study's meaning, independently of `releaseStudy`.
 */
export function auditReleasedStudy(study: ReleasedStudy, analysis: StudyAnalysis, minCellSize: number): Leak[] {
  const { model, leaks } = studyAuditModel(study, analysis, minCellSize);
  return [...leaks, ...auditModel(model)];
}

/** Solves the model and lists what a reader can recover. */
export function auditModel(model: AuditModel): Leak[] {
  const k = model.minCellSize;
  const small = (v: number): boolean => v >= 1 && v <= k - 1;
  const leaks: Leak[] = [];
  const unknowns = new Map<string, number>();
  for (const [id, q] of model.quantities) {
    if (q.status === 'known' && small(q.value)) leaks.push({ where: id, why: 'released-small', count: q.value });
    if (q.status === 'hidden') unknowns.set(id, unknowns.size);
  }
  const system = new ExactLinearSystem();
  for (const equation of model.equations) {
    const coefficients = new Map<number, bigint>();
    let rhs = BigInt(equation.constant ?? 0);
    const term = (id: string, sign: 1n | -1n): void => {
      const q = model.quantities.get(id);
      if (q === undefined) throw new AppError('internal', 'an audited equation names an unknown quantity', { details: { field: equation.id } });
      if (q.status === 'known') rhs -= sign * BigInt(q.value);
      else {
        const column = unknowns.get(id)!;
        coefficients.set(column, (coefficients.get(column) ?? 0n) + sign);
      }
    };
    equation.plus.forEach((id) => term(id, 1n));
    equation.minus.forEach((id) => term(id, -1n));
    system.add(coefficients, rhs);
  }
  if (!system.consistent) return [...leaks, { where: 'relations', why: 'inconsistent' }];

  const determined = new Map<string, number>();
  for (const [id, column] of unknowns) {
    const value = system.valueOf(new Map([[column, 1n]]));
    if (value === null) continue;
    const count = Number(value.numerator);
    if (value.denominator !== 1n || count !== model.quantities.get(id)!.value) return [...leaks, { where: id, why: 'inconsistent' }];
    determined.set(id, count);
    if (small(count)) leaks.push({ where: id, why: 'recoverable', count });
  }
  const open = (id: string): boolean => unknowns.has(id) && !determined.has(id);
  for (const equation of model.equations) {
    const parts = [...new Set(equation.minus)].filter(open);
    if (parts.length < 2) continue;
    const value = system.valueOf(new Map(parts.map((id) => [unknowns.get(id)!, 1n])));
    if (value === null) continue;
    const sum = Number(value.numerator) / Number(value.denominator);
    const labelledSmall = parts.filter((id) => labelOf(model, id) === 'small').length;
    if (small(sum)) leaks.push({ where: equation.id, why: 'recoverable-sum', count: sum });
    else if ((labelledSmall > 0 && sum === labelledSmall) || (labelledSmall === parts.length && sum === (k - 1) * parts.length)) {
      leaks.push({ where: equation.id, why: 'recoverable-by-bounds' });
    }
  }
  leaks.push(...nestedSumLeaks(model, open));
  return leaks;
}

/**
 * Sums through nested relations. When an equation's total side is known, its open parts add up to a known value;
 * an open part that is the only open total of another equation may be replaced by that equation's open parts, and
 * the new sum is known too (the two equations subtracted). Every such sum, at any depth, must not be small: with
 * 500 → [hidden] → 492 in an attrition chain, the two exclusions add up to 8 whatever the hidden middle.
 * The values are the true ones (these sums are determined by construction, so they are what a reader computes).
 */
function nestedSumLeaks(model: AuditModel, open: (id: string) => boolean): Leak[] {
  const k = model.minCellSize;
  const valueOf = (id: string): number => model.quantities.get(id)!.value;
  const definitions = new Map<string, AuditEquation[]>();
  const roots: AuditEquation[] = [];
  for (const equation of model.equations) {
    const openTotals = [...new Set(equation.plus)].filter(open);
    if (openTotals.length === 0) roots.push(equation);
    else if (openTotals.length === 1) definitions.set(openTotals[0]!, [...(definitions.get(openTotals[0]!) ?? []), equation]);
  }
  // Reachable sums as sets of numbers, those of k or more folded into k.
  const memo = new Map<string, Set<number>>();
  const sumset = (a: ReadonlySet<number>, b: ReadonlySet<number>): Set<number> => new Set([...a].flatMap((x) => [...b].map((y) => Math.min(x + y, k))));
  const ofParts = (equation: AuditEquation): Set<number> =>
    [...new Set(equation.minus)].filter(open).reduce((acc, id) => sumset(acc, ofQuantity(id)), new Set([0]));
  const ofQuantity = (id: string): Set<number> => {
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    const reachable = new Set([Math.min(valueOf(id), k)]);
    memo.set(id, reachable); // a cycle, should one exist, stops here
    for (const equation of definitions.get(id) ?? []) for (const sum of ofParts(equation)) reachable.add(sum);
    return reachable;
  };
  const leaks: Leak[] = [];
  for (const root of roots) {
    const smallest = [...ofParts(root)].filter((sum) => sum >= 1 && sum <= k - 1).sort((a, b) => a - b)[0];
    if (smallest !== undefined) leaks.push({ where: root.id, why: 'recoverable-sum', count: smallest });
  }
  return leaks;
}

function labelOf(model: AuditModel, id: string): string | undefined {
  const q = model.quantities.get(id);
  return q?.status === 'hidden' ? q.label : undefined;
}
