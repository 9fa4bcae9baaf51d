/**
 * From what a study run computed (`StudyAnalysis`, inside the secure workspace) to what may leave it
 * (`ReleasedStudy`): every count goes through one suppression engine (`suppressCells`) with the relations a reader
 * could use to recover it, and every other number that would betray a small group is withheld with it.
 *
 * Relations, by part of the study (`=` is a relation total = Σ parts; "internal" cells are never shown):
 *
 * - attrition: remaining[i − 1] = remaining[i] + excluded[i].
 * - Table 1: overall n = Σ arm n. Categorical row, per column: n = non-missing + missing, non-missing = Σ levels
 *   (non-missing is not printed, but the percents reveal it, so it is a count of its own: when it is hidden the
 *   column's percents go). Per level, per missing and per non-missing: overall = Σ arms. Continuous row: the same
 *   with non-missing internal; its summary is withheld where the column's n is hidden or fewer than k values exist.
 * - Kaplan–Meier, per curve, with a risk table at grid times t0 = 0 < t1 < …: at risk at 0 = n (one cell);
 *   beyond_j = those counted after row j (internal) with at risk_j = beyond_j + tied_j; beyond_j = beyond_{j+1} +
 *   events_{j+1} + censored_{j+1}; beyond_last = events after + censored after (internal); tied_0 = events_0 +
 *   censored_0; curve events = Σ interval events + events after. The tied (internal; known when 0, and then
 *   beyond_j is at risk_j itself) are computed from the table, so either reading of a row holds: the type's
 *   (t_{j−1}, t_j], where those whose time is exactly t_j are tied, or the runner's [t_{j−1}, t_j), where none are. Steps are cut before the first one with fewer than k at risk,
 *   survival at landmark times is withheld where fewer than k are at risk, and a curve of fewer than k patients keeps
 *   only its (suppressed) counts.
 * - Log-rank: observed per arm = that curve's events (one cell); total = Σ observed, a count of its own since the
 *   expected counts add up to it: when the engine hides the total (fewer than k events, or to protect another
 *   count — two tests whose totals differ by a small number), the test is withheld.
 * - Curve groups: when a group's curves add up to an arm (per-drug curves of one arm), n and events = Σ curves.
 * - Comparisons: n and events per arm are the arm's (one cell when the number is the same); when any is below k
 *   the estimates, weighting and balance are withheld. `weighting.trimmed` is a count.
 * - One number meant in several places is one cell; two values of one meaning are tied by their difference.
 *
 * When a count must be hidden to protect another, the engine picks the cheapest; the sizes of the population, the
 * arms and the curves cost the most, then the attrition flow and each curve's events (`hidingCost`), so that cells
 * inside Table 1 and the risk tables go first.
 *
 * @example
 * const { study, report } = releaseStudy(analysis, disclosurePolicy(10));
 * study.baseline.columns[1].n   // 48, or { suppressed: 'small' } when the arm had 7 patients
 * report.notes                  // ['arm Crizotinib: too few patients to report (fewer than 10)', …]
 */
import {
  type AttritionStep,
  type BaselineRow,
  type BaselineTable,
  type ComparisonResult,
  type CurveGroup,
  type CurveStep,
  DAYS_PER_MONTH,
  type HazardRatio,
  type HrMethod,
  type NotEstimable,
  type OutcomeResult,
  type ReleasedCount,
  type ReleasedStudy,
  type RiskTableRow,
  type StudyAnalysis,
  type SurvivalCurve,
  type AnalysisCurveStep,
} from '../results/study-results.js';
import { AppError } from '@parcours/core';
import { CellBook } from './cell-book.js';
import { type DisclosurePolicy, type DisclosureReport, disclosurePolicy } from './disclosure-policy.js';
import { type CellDecision, suppressCells } from './suppress-cells.js';

/** Why a comparison's estimates are missing from a release. */
export const ESTIMATE_WITHHELD: NotEstimable = { notEstimable: 'an arm or its events are below the minimum cell size' };

type AnalysisCurve = SurvivalCurve<number, AnalysisCurveStep>;

/**
 * Applies the disclosure policy to a study's results. Never throws for small numbers — an arm too small to report
 * is released as suppressed counts with a note saying so — only (`AppError('internal')`) when the analysis's own
 * counts do not add up, which is a bug of the runner.
 */
export function releaseStudy(analysis: StudyAnalysis, policy: DisclosurePolicy): { study: ReleasedStudy; report: DisclosureReport } {
  const k = disclosurePolicy(policy.minCellSize).minCellSize;
  const book = new CellBook();
  const plan = planStudy(analysis, k, book);
  const decisions = suppressCells(
    book.cells.map((cell) => (cell.kind === 'count' ? { ...cell, cost: hidingCost(cell.id) } : cell)),
    book.relations,
    k,
  );
  const shown = new Map<string, CellDecision>();
  const release = (id: string): ReleasedCount => {
    const decision = decisions.get(id);
    if (decision === undefined) throw new AppError('internal', 'a released count has no disclosure decision', { details: { field: id } });
    shown.set(id, decision);
    return toReleasedCount(decision);
  };
  const isReleased = (id: string): boolean => decisions.get(id)?.status === 'released';

  const attrition = analysis.attrition.map((step, i): AttritionStep<ReleasedCount> => {
    const ids = plan.attrition[i]!;
    return { ...step, remaining: release(ids.remaining), excluded: ids.excluded === null ? null : release(ids.excluded) };
  });
  const baseline = releaseBaseline(analysis.baseline, plan.baseline, k, release, isReleased);
  const notes = [...plan.notes];
  const decisionOf = (id: string): CellDecision => decisions.get(id) ?? { status: 'internal' };
  const outcomes = analysis.outcomes.map((outcome, o) => releaseOutcome(outcome, plan.outcomes[o]!, k, release, decisionOf, notes));
  const comparisons = analysis.comparisons.map((comparison, c) => releaseComparison(comparison, plan.comparisons[c]!, release));

  const counted = [...shown.values()];
  const report: DisclosureReport = {
    minCellSize: k,
    released: counted.filter((d) => d.status === 'released').length,
    suppressedSmall: counted.filter((d) => d.status === 'suppressed' && d.reason === 'small').length,
    suppressedComplementary: counted.filter((d) => d.status === 'suppressed' && d.reason === 'complementary').length,
    curvesTruncated: outcomes.reduce((n, o) => n + o.curveGroups.reduce((m, g) => m + g.curves.filter((c) => c.truncatedAtDays !== null).length, 0), 0),
    estimatesWithheld: plan.comparisons.filter((c) => c.withheld).length,
    notes,
  };
  const study: ReleasedStudy = {
    study: analysis.study,
    arms: analysis.arms,
    attrition,
    baseline,
    outcomes,
    comparisons,
    methods: analysis.methods,
    notes: [...analysis.notes, ...notes],
  };
  return { study, report };
}

/**
 * How much the report needs a count, for the engine's choice of complementary cells (`DisclosureCell.cost`): the
 * size of the analysed population and of each arm or curve (in Table 1, under the curves, beside the hazard ratios)
 * is what a reader looks for first; then the events behind each estimate, and the attrition flow. Everything else
 * (Table 1 cells, risk tables) costs what its place in the tables says.
 */
const HIDING_COST = { size: 100, attrition: 30, events: 10 } as const;

/** By the cell's meaning (see `planStudy`): `analysed:n`, `arm:…:n`, `outcome:…:curve:…:n`; `…:events` of a curve. */
function hidingCost(id: string): number {
  const meaning = id.replace(/#\d+$/, '');
  if (meaning.endsWith(':n')) return HIDING_COST.size;
  if (/^attrition:\d+:remaining$/.test(meaning)) return HIDING_COST.attrition;
  if (meaning.startsWith('outcome:') && meaning.endsWith(':events') && !/:risk:[^:]+:events$/.test(meaning)) return HIDING_COST.events;
  return 1;
}

function toReleasedCount(decision: CellDecision): ReleasedCount {
  switch (decision.status) {
    case 'released':
      return decision.value;
    case 'suppressed':
      return { suppressed: decision.reason };
    case 'internal':
      // Internal cells are never placed in a release; reaching one is a bug of the plan.
      throw new AppError('internal', 'an internal disclosure cell was about to be released');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Planning: every count of the analysis becomes a cell, with its relations

interface StudyPlan {
  readonly attrition: readonly { readonly remaining: string; readonly excluded: string | null }[];
  readonly baseline: BaselinePlan;
  readonly outcomes: readonly OutcomePlan[];
  readonly comparisons: readonly ComparisonPlan[];
  readonly notes: readonly string[];
}

interface BaselinePlan {
  readonly n: readonly string[];
  readonly rows: readonly RowPlan[];
}

type RowPlan =
  | { readonly kind: 'categorical'; readonly levels: readonly (readonly string[])[]; readonly missing: readonly string[]; readonly nonMissing: readonly string[] }
  | { readonly kind: 'continuous'; readonly missing: readonly string[]; readonly nonMissing: readonly number[] };

interface CurvePlan {
  readonly n: string;
  readonly events: string;
  readonly riskTable: readonly { readonly atRisk: string; readonly events: string; readonly censored: string }[];
}

interface GroupPlan {
  readonly curves: readonly CurvePlan[];
  /** The test's total (not printed, but given away by its expected counts) and its observed counts per arm. */
  readonly logRank: { readonly total: string; readonly observed: readonly string[] } | null;
}

interface OutcomePlan {
  readonly groups: readonly GroupPlan[];
}

interface ComparisonPlan {
  readonly withheld: boolean;
  readonly n: { readonly treatment: string; readonly reference: string };
  readonly events: { readonly treatment: string; readonly reference: string };
  readonly trimmed: string | null;
}

const isSmallOrEmpty = (value: number, k: number): boolean => value < k;

function planStudy(analysis: StudyAnalysis, k: number, book: CellBook): StudyPlan {
  const notes: string[] = [];
  const armIds = new Set(analysis.arms.map((a) => a.id));
  const attrition = planAttrition(analysis.attrition, book);
  const baseline = planBaseline(analysis.baseline, book);
  for (const arm of analysis.arms) {
    const column = analysis.baseline.columns.find((c) => c.arm === arm.id);
    if (column !== undefined && isSmallOrEmpty(column.n, k)) notes.push(`arm ${arm.name}: too few patients to report (fewer than ${k})`);
  }
  const outcomes = analysis.outcomes.map((outcome) => ({
    groups: outcome.curveGroups.map((group) => planCurveGroup(outcome, group, armIds, book)),
  }));
  const comparisons = analysis.comparisons.map((comparison, c) => {
    const plan = planComparison(comparison, c, k, book);
    if (plan.withheld) {
      const variant = comparison.sensitivity === null ? '' : ` (${comparison.sensitivity})`;
      notes.push(`${comparison.name}${variant}, ${comparison.outcome}: estimates withheld — an arm or its events are below the minimum cell size (${k})`);
    }
    return plan;
  });
  // Last, when every arm's numbers are in the book, whatever order the groups came in.
  analysis.outcomes.forEach((outcome, o) =>
    outcome.curveGroups.forEach((group, g) => planGroupSums(outcome, group, outcomes[o]!.groups[g]!.curves, [...armIds], book)),
  );
  return { attrition, baseline, outcomes, comparisons, notes };
}

function planAttrition(steps: readonly AttritionStep<number>[], book: CellBook): StudyPlan['attrition'] {
  const plan = steps.map((step, i) => ({
    // The last step's population is the analysed one: the same number as Table 1's overall n when they agree.
    remaining: book.count(i === steps.length - 1 ? 'analysed:n' : `attrition:${i}:remaining`, step.remaining),
    excluded: step.excluded === null ? null : book.count(`attrition:${i}:excluded`, step.excluded),
  }));
  plan.forEach((ids, i) => {
    const before = plan[i - 1];
    if (before !== undefined && ids.excluded !== null) book.relate(`attrition:${i}`, before.remaining, [ids.remaining, ids.excluded]);
  });
  return plan;
}

function planBaseline(table: BaselineTable<number>, book: CellBook): BaselinePlan {
  const keys = table.columns.map((c) => (c.arm === null ? 'overall' : `arm:${c.arm}`));
  const overall = table.columns.findIndex((c) => c.arm === null);
  const arms = table.columns.flatMap((c, i) => (c.arm === null ? [] : [i]));
  /** overall = Σ arms, for one quantity measured in every column. */
  const acrossColumns = (id: string, ids: readonly string[]): void => {
    if (overall >= 0 && arms.length > 0) book.relate(id, ids[overall]!, arms.map((i) => ids[i]!));
  };
  const n = table.columns.map((c) => book.count(c.arm === null ? 'analysed:n' : `arm:${c.arm}:n`, c.n));
  acrossColumns('baseline:n', n);
  const rows = table.rows.map((row, r): RowPlan => {
    const where = `baseline:${r}:${row.covariate}`;
    const missing = row.missing.map((m, c) => book.count(`${where}:missing:${keys[c]}`, m));
    acrossColumns(`${where}:missing`, missing);
    if (row.kind === 'continuous') {
      const values = table.columns.map((c, i) => c.n - row.missing[i]!);
      const nonMissing = values.map((v, c) => book.internal(`${where}:non-missing:${keys[c]}`, v));
      nonMissing.forEach((id, c) => book.relate(`${where}:${keys[c]}`, n[c]!, [id, missing[c]!]));
      acrossColumns(`${where}:non-missing`, nonMissing);
      return { kind: 'continuous', missing, nonMissing: values };
    }
    const levels = row.levels.map((level, l) => level.counts.map((count, c) => book.count(`${where}:level:${l}:${keys[c]}`, count)));
    levels.forEach((ids, l) => acrossColumns(`${where}:level:${l}`, ids));
    const nonMissing = table.columns.map((_, c) =>
      book.count(`${where}:non-missing:${keys[c]}`, row.levels.reduce((s, level) => s + level.counts[c]!, 0)),
    );
    nonMissing.forEach((id, c) => {
      book.relate(`${where}:${keys[c]}`, n[c]!, [id, missing[c]!]);
      book.relate(`${where}:${keys[c]}:levels`, id, levels.map((ids) => ids[c]!));
    });
    acrossColumns(`${where}:non-missing`, nonMissing);
    return { kind: 'categorical', levels, missing, nonMissing };
  });
  return { n, rows };
}

function planCurveGroup(
  outcome: OutcomeResult<number, AnalysisCurveStep>,
  group: CurveGroup<number, AnalysisCurveStep>,
  armIds: ReadonlySet<string>,
  book: CellBook,
): GroupPlan {
  const keyOf = (arm: string): string => (armIds.has(arm) ? `outcome:${outcome.outcome}:arm:${arm}` : `outcome:${outcome.outcome}:group:${group.id}:curve:${arm}`);
  const curves = group.curves.map((curve) => planCurve(curve, keyOf(curve.arm), armIds.has(curve.arm) ? `arm:${curve.arm}:n` : `${keyOf(curve.arm)}:n`, book));
  if (group.logRank === null) return { curves, logRank: null };
  // The expected counts add up to the observed ones, so a printed test prints their total: a count of its own.
  // When the engine hides it (small, or to protect another count) the test is withheld.
  const where = `outcome:${outcome.outcome}:group:${group.id}:log-rank`;
  const total = book.count(`${where}:total`, group.logRank.arms.reduce((s, a) => s + a.observed, 0));
  const observed = group.logRank.arms.map((a) => book.count(`${keyOf(a.arm)}:events`, a.observed));
  book.relate(where, total, observed);
  return { curves, logRank: { total, observed } };
}

/** Curves that add up to an arm (per-drug curves of one arm, say) let a reader subtract one from the arm. */
function planGroupSums(
  outcome: OutcomeResult<number, AnalysisCurveStep>,
  group: CurveGroup<number, AnalysisCurveStep>,
  curves: readonly CurvePlan[],
  arms: readonly string[],
  book: CellBook,
): void {
  // A group of the arms themselves adds up to the analysed population, which Table 1 already relates to them.
  if (curves.length < 2 || group.curves.every((c) => arms.includes(c.arm))) return;
  if (new Set(curves.map((c) => c.n)).size < curves.length) return;
  const n = group.curves.reduce((s, c) => s + c.n, 0);
  const events = group.curves.reduce((s, c) => s + c.events, 0);
  const totals = [...arms.map((a) => `arm:${a}:n`), 'analysed:n'].flatMap((meaning) => book.valuesOf(meaning).filter((c) => c.value === n));
  for (const total of totals) book.relate(`outcome:${outcome.outcome}:group:${group.id}:n`, total.id, curves.map((c) => c.n));
  const eventTotals = arms.flatMap((a) => book.valuesOf(`outcome:${outcome.outcome}:arm:${a}:events`).filter((c) => c.value === events));
  for (const total of eventTotals) book.relate(`outcome:${outcome.outcome}:group:${group.id}:events`, total.id, curves.map((c) => c.events));
}

function planCurve(curve: AnalysisCurve, key: string, nMeaning: string, book: CellBook): CurvePlan {
  const n = book.count(nMeaning, curve.n);
  const events = book.count(`${key}:events`, curve.events);
  const rows = curve.riskTable;
  if (rows.length === 0) return { n, events, riskTable: [] };
  if (rows[0]!.days !== 0) throw new AppError('internal', 'a risk table must start at day 0', { details: { field: key } });
  const riskTable = rows.map((row, j) => ({
    // Everyone is at risk at day 0: that number is n.
    atRisk: j === 0 ? (row.atRisk === curve.n ? n : book.count(`${key}:risk:0:atRisk`, row.atRisk)) : book.count(`${key}:risk:${row.days}:atRisk`, row.atRisk),
    events: book.count(`${key}:risk:${row.days}:events`, row.events),
    censored: book.count(`${key}:risk:${row.days}:censored`, row.censored),
  }));
  // Those still followed after the last grid time, then after each earlier one, from the counts themselves.
  const eventsAfter = curve.events - rows.reduce((s, r) => s + r.events, 0);
  const censoredAfter = curve.n - curve.events - rows.reduce((s, r) => s + r.censored, 0);
  const beyond: number[] = new Array<number>(rows.length);
  beyond[rows.length - 1] = eventsAfter + censoredAfter;
  for (let j = rows.length - 2; j >= 0; j--) beyond[j] = beyond[j + 1]! + rows[j + 1]!.events + rows[j + 1]!.censored;
  if (eventsAfter < 0 || censoredAfter < 0 || rows.some((r, j) => r.atRisk < beyond[j]!)) {
    throw new AppError('internal', 'a risk table does not add up to its curve: the analysis is inconsistent', { details: { field: key } });
  }
  const beyondIds = rows.map((row, j) => {
    const tied = book.internal(`${key}:risk:${row.days}:tied`, row.atRisk - beyond[j]!);
    // At day 0 the tied are the events and censorings at 0 — zero ones included, which a reader then knows are 0.
    if (j === 0) book.relate(`${key}:risk:0:tied`, tied, [riskTable[0]!.events, riskTable[0]!.censored]);
    if (row.atRisk === beyond[j]) return riskTable[j]!.atRisk;
    const id = book.internal(`${key}:risk:${row.days}:beyond`, beyond[j]!);
    book.relate(`${key}:risk:${row.days}:beyond`, riskTable[j]!.atRisk, [id, tied]);
    return id;
  });
  if (riskTable[0]!.atRisk !== n) book.relate(`${key}:risk:0`, n, [riskTable[0]!.atRisk]);
  for (let j = 0; j + 1 < rows.length; j++) {
    const next = rows[j + 1]!;
    book.relate(`${key}:risk:${next.days}`, beyondIds[j]!, [beyondIds[j + 1]!, riskTable[j + 1]!.events, riskTable[j + 1]!.censored]);
  }
  const after = [book.internal(`${key}:events-after`, eventsAfter), book.internal(`${key}:censored-after`, censoredAfter)] as const;
  book.relate(`${key}:after`, beyondIds[rows.length - 1]!, [...after]);
  book.relate(`${key}:events`, events, [...riskTable.map((r) => r.events), after[0]]);
  return { n, events, riskTable };
}

function planComparison(comparison: ComparisonResult<number>, index: number, k: number, book: CellBook): ComparisonPlan {
  const events = (arm: string, value: number): string => book.count(`outcome:${comparison.outcome}:arm:${arm}:events`, value);
  const withheld = [comparison.n.treatment, comparison.n.reference, comparison.events.treatment, comparison.events.reference].some((v) => isSmallOrEmpty(v, k));
  return {
    withheld,
    n: { treatment: book.count(`arm:${comparison.treatment}:n`, comparison.n.treatment), reference: book.count(`arm:${comparison.reference}:n`, comparison.n.reference) },
    events: { treatment: events(comparison.treatment, comparison.events.treatment), reference: events(comparison.reference, comparison.events.reference) },
    trimmed: withheld || comparison.weighting === null ? null : book.count(`comparison:${index}:trimmed`, comparison.weighting.trimmed),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Releasing: the analysis with every count replaced by its decision

type Release = (id: string) => ReleasedCount;

function releaseBaseline(
  table: BaselineTable<number>,
  plan: BaselinePlan,
  k: number,
  release: Release,
  isReleased: (id: string) => boolean,
): BaselineTable<ReleasedCount> {
  const columns = table.columns.map((c, i) => ({ ...c, n: release(plan.n[i]!) }));
  const rows = table.rows.map((row, r): BaselineRow<ReleasedCount> => {
    const rowPlan = plan.rows[r]!;
    const missing = rowPlan.missing.map(release);
    if (row.kind === 'continuous' && rowPlan.kind === 'continuous') {
      // A mean of a handful of values, or of a column whose size is hidden, says too much about those patients.
      const cells = row.cells.map((cell, c) => (isReleased(plan.n[c]!) && rowPlan.nonMissing[c]! >= k ? cell : null));
      return { ...row, cells, missing };
    }
    if (row.kind === 'categorical' && rowPlan.kind === 'categorical') {
      const levels = row.levels.map((level, l) => ({
        ...level,
        counts: rowPlan.levels[l]!.map(release),
        // A percent and its count give the column's non-missing total: both must be releasable.
        percents: level.percents.map((p, c) => (isReleased(rowPlan.levels[l]![c]!) && isReleased(rowPlan.nonMissing[c]!) ? p : null)),
      }));
      return { ...row, levels, missing };
    }
    throw new AppError('internal', 'a Table 1 row changed kind between planning and release');
  });
  return { columns, rows };
}

function releaseOutcome(
  outcome: OutcomeResult<number, AnalysisCurveStep>,
  plan: OutcomePlan,
  k: number,
  release: Release,
  decisionOf: (id: string) => CellDecision,
  notes: string[],
): OutcomeResult<ReleasedCount, CurveStep> {
  const curveGroups = outcome.curveGroups.map((group, g) => {
    const groupPlan = plan.groups[g]!;
    const curves = group.curves.map((curve, c) => releaseCurve(curve, groupPlan.curves[c]!, k, release));
    const test = groupPlan.logRank;
    if (group.logRank === null || test === null) return { ...group, curves, logRank: null };
    const total = decisionOf(test.total);
    if (total.status !== 'released') {
      const why = total.status === 'suppressed' && total.reason === 'small' ? `fewer than ${k} events in all` : `it would give away a count below ${k}`;
      notes.push(`${outcome.name}, ${group.name}: log-rank test withheld — ${why}`);
      return { ...group, curves, logRank: null };
    }
    const logRank = { ...group.logRank, arms: group.logRank.arms.map((a, i) => ({ ...a, observed: release(test.observed[i]!) })) };
    return { ...group, curves, logRank };
  });
  return { ...outcome, curveGroups };
}

function releaseCurve(curve: AnalysisCurve, plan: CurvePlan, k: number, release: Release): SurvivalCurve<ReleasedCount, CurveStep> {
  const cut = curve.steps.findIndex((s) => s.atRisk < k);
  const steps = (cut === -1 ? curve.steps : curve.steps.slice(0, cut)).map(({ days, survival, lower, upper }): CurveStep => ({ days, survival, lower, upper }));
  const tooSmall = curve.n < k;
  const at = curve.at.map((estimate) =>
    !tooSmall && atRiskAt(curve.steps, estimate.months * DAYS_PER_MONTH) >= k ? estimate : { ...estimate, survival: null, lower: null, upper: null },
  );
  const riskTable = curve.riskTable.map(
    (row, j): RiskTableRow<ReleasedCount> => ({
      days: row.days,
      atRisk: release(plan.riskTable[j]!.atRisk),
      events: release(plan.riskTable[j]!.events),
      censored: release(plan.riskTable[j]!.censored),
    }),
  );
  return {
    arm: curve.arm,
    name: curve.name,
    n: release(plan.n),
    events: release(plan.events),
    median: tooSmall ? { days: null, lowerDays: null, upperDays: null } : curve.median,
    at,
    steps,
    riskTable,
    truncatedAtDays: cut === -1 ? null : curve.steps[cut]!.days,
  };
}

/** Number at risk at a time: those whose time is at or after it, i.e. the at-risk count of the first step there. */
function atRiskAt(steps: readonly AnalysisCurveStep[], days: number): number {
  return steps.find((s) => s.days >= days - 1e-9)?.atRisk ?? 0;
}

function releaseComparison(comparison: ComparisonResult<number>, plan: ComparisonPlan, release: Release): ComparisonResult<ReleasedCount> {
  const n = { treatment: release(plan.n.treatment), reference: release(plan.n.reference) };
  const events = { treatment: release(plan.events.treatment), reference: release(plan.events.reference) };
  if (plan.withheld) {
    const estimates: Record<HrMethod, HazardRatio | NotEstimable> = { unadjusted: ESTIMATE_WITHHELD, adjusted: ESTIMATE_WITHHELD, iptw: ESTIMATE_WITHHELD };
    return { ...comparison, n, events, estimates, weighting: null, balance: [] };
  }
  const weighting = comparison.weighting === null || plan.trimmed === null ? null : { ...comparison.weighting, trimmed: release(plan.trimmed) };
  return { ...comparison, n, events, weighting };
}
