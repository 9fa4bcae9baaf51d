/**
 * The auditor's reading of a released study: every count position as a quantity (known when released, hidden
 * otherwise), the quantities never printed that a reader could reason about (non-missing values, patients tied at a
 * grid time, events after the last grid time), and every equation a reader could write between them. Written from
 * the study's meaning, not from `releaseStudy`'s plan, so that a relation or a shared number the release forgot is
 * found here.
 *
 * A reader is given the benefit of every doubt: a number never printed that is 0 is assumed known (a reader may
 * guess that nobody was censored exactly at six months); two positions that mean the same number (an arm's n in
 * Table 1 and under its curve) are equal when their true values are, and differ by a count of patients when not.
 *
 * @example
 * const { model, leaks } = studyAuditModel(released, analysis, 10);
 * auditModel(model)  // what the equations give away
 */
import { AppError } from '@parcours/core';
import {
  type AnalysisCurveStep,
  type BaselineTable,
  type ComparisonResult,
  type CurveStep,
  DAYS_PER_MONTH,
  isSuppressed,
  type OutcomeResult,
  type ReleasedCount,
  type ReleasedStudy,
  type StudyAnalysis,
  type SurvivalCurve,
} from '../results/study-results.js';
import type { AuditEquation, AuditedQuantity, AuditModel, Leak } from './audit-release.js';

export function studyAuditModel(study: ReleasedStudy, analysis: StudyAnalysis, minCellSize: number): { model: AuditModel; leaks: Leak[] } {
  const reader = new ReaderModel(minCellSize);
  const arms = new Set(analysis.arms.map((a) => a.id));
  readAttrition(reader, study, analysis);
  readBaseline(reader, study.baseline, analysis.baseline);
  same(study.outcomes.length, analysis.outcomes.length, 'outcomes');
  const groups: GroupReading[] = [];
  study.outcomes.forEach((outcome, o) => groups.push(...readOutcome(reader, outcome, analysis.outcomes[o]!, `outcomes[${o}]`, arms)));
  same(study.comparisons.length, analysis.comparisons.length, 'comparisons');
  study.comparisons.forEach((comparison, c) => readComparison(reader, comparison, analysis.comparisons[c]!, `comparisons[${c}]`));
  for (const group of groups) readGroupSums(reader, group, arms);
  return reader.finish();
}

/** Quantities, equations and the leaks that are not about equations, plus which positions mean the same number. */
class ReaderModel {
  readonly k: number;
  readonly #quantities = new Map<string, AuditedQuantity>();
  readonly #truth = new Map<string, number>();
  readonly #equations: AuditEquation[] = [];
  readonly #leaks: Leak[] = [];
  /** Meaning → positions. */
  readonly #meanings = new Map<string, string[]>();

  constructor(k: number) {
    this.k = k;
  }

  /** A printed count: `truth` from the analysis, `shown` from the release. */
  position(path: string, meaning: string, truth: number, shown: ReleasedCount): string {
    this.#quantities.set(path, isSuppressed(shown) ? { status: 'hidden', label: shown.suppressed, value: truth } : { status: 'known', value: shown });
    this.#truth.set(path, truth);
    const list = this.#meanings.get(meaning) ?? [];
    list.push(path);
    this.#meanings.set(meaning, list);
    return path;
  }

  /** A number never printed; zero counts as known (see the file comment), and so does one the reader can compute. */
  unprinted(id: string, truth: number, knownToReader = false): string {
    this.#quantities.set(id, knownToReader || truth === 0 ? { status: 'known', value: truth } : { status: 'hidden', label: 'internal', value: truth });
    this.#truth.set(id, truth);
    return id;
  }

  equation(id: string, plus: readonly string[], minus: readonly string[]): void {
    this.#equations.push({ id, plus, minus });
  }

  leak(where: string, why: Leak['why']): void {
    this.#leaks.push({ where, why });
  }

  /** The positions of one meaning with their true values. */
  positionsOf(meaning: string): readonly { readonly path: string; readonly truth: number }[] {
    return (this.#meanings.get(meaning) ?? []).map((path) => ({ path, truth: this.#truth.get(path)! }));
  }

  isShown(path: string): boolean {
    return this.#quantities.get(path)?.status === 'known';
  }

  finish(): { model: AuditModel; leaks: Leak[] } {
    for (const [meaning, paths] of this.#meanings) {
      const byTruth = new Map<number, string[]>();
      for (const p of paths) byTruth.set(this.#truth.get(p)!, [...(byTruth.get(this.#truth.get(p)!) ?? []), p]);
      for (const group of byTruth.values()) for (const p of group.slice(1)) this.equation(`same ${meaning}`, [group[0]!], [p]);
      const representatives = [...byTruth.entries()].sort((a, b) => a[0] - b[0]);
      representatives.forEach(([low, [lowPath]], i) => {
        for (const [high, [highPath]] of representatives.slice(i + 1)) {
          const difference = this.unprinted(`${highPath!} − ${lowPath!}`, high - low);
          this.equation(`difference of ${meaning}`, [highPath!], [lowPath!, difference]);
        }
      });
    }
    return { model: { minCellSize: this.k, quantities: this.#quantities, equations: this.#equations }, leaks: this.#leaks };
  }
}

function same(a: number, b: number, what: string): void {
  if (a !== b) throw new AppError('invalid_argument', 'the released study does not have the shape of the analysis', { details: { field: what } });
}

function readAttrition(reader: ReaderModel, study: ReleasedStudy, analysis: StudyAnalysis): void {
  same(study.attrition.length, analysis.attrition.length, 'attrition');
  const last = study.attrition.length - 1;
  const remaining = study.attrition.map((step, i) =>
    reader.position(`attrition[${i}].remaining`, i === last ? 'analysed population' : `attrition[${i}].remaining`, analysis.attrition[i]!.remaining, step.remaining),
  );
  study.attrition.forEach((step, i) => {
    const truth = analysis.attrition[i]!.excluded;
    if (step.excluded === null || truth === null || i === 0) return;
    const excluded = reader.position(`attrition[${i}].excluded`, `attrition[${i}].excluded`, truth, step.excluded);
    reader.equation(`attrition[${i}]`, [remaining[i - 1]!], [remaining[i]!, excluded]);
  });
}

function readBaseline(reader: ReaderModel, table: BaselineTable<ReleasedCount>, truth: BaselineTable<number>): void {
  same(table.columns.length, truth.columns.length, 'baseline.columns');
  same(table.rows.length, truth.rows.length, 'baseline.rows');
  const overall = table.columns.findIndex((c) => c.arm === null);
  const armColumns = table.columns.flatMap((c, i) => (c.arm === null ? [] : [i]));
  const overallIsSum = (id: string, quantities: readonly string[]): void => {
    if (overall >= 0 && armColumns.length > 0) reader.equation(id, [quantities[overall]!], armColumns.map((i) => quantities[i]!));
  };
  const n = table.columns.map((c, i) =>
    reader.position(`baseline.columns[${i}].n`, c.arm === null ? 'analysed population' : `n of arm ${c.arm}`, truth.columns[i]!.n, c.n),
  );
  overallIsSum('baseline.columns[*].n', n);
  table.rows.forEach((row, r) => {
    const trueRow = truth.rows[r]!;
    const at = `baseline.rows[${r}]`;
    const missing = row.missing.map((m, c) => reader.position(`${at}.missing[${c}]`, `${at}.missing[${c}]`, trueRow.missing[c]!, m));
    overallIsSum(`${at}.missing`, missing);
    if (row.kind === 'continuous' && trueRow.kind === 'continuous') {
      const values = table.columns.map((_, c) => truth.columns[c]!.n - trueRow.missing[c]!);
      const nonMissing = values.map((v, c) => reader.unprinted(`${at}.nonMissing[${c}]`, v));
      nonMissing.forEach((id, c) => reader.equation(`${at}[${c}]`, [n[c]!], [id, missing[c]!]));
      overallIsSum(`${at}.nonMissing`, nonMissing);
      row.cells.forEach((cell, c) => {
        if (cell !== null && (values[c]! < reader.k || !reader.isShown(n[c]!))) reader.leak(`${at}.cells[${c}]`, 'summary');
      });
      return;
    }
    if (row.kind !== 'categorical' || trueRow.kind !== 'categorical') throw new AppError('invalid_argument', 'the released study does not have the shape of the analysis', { details: { field: at } });
    const counts = row.levels.map((level, l) =>
      level.counts.map((count, c) => reader.position(`${at}.levels[${l}].counts[${c}]`, `${at}.levels[${l}].counts[${c}]`, trueRow.levels[l]!.counts[c]!, count)),
    );
    counts.forEach((ids, l) => overallIsSum(`${at}.levels[${l}]`, ids));
    const nonMissing = table.columns.map((_, c) => {
      // A percent of a printed non-zero count gives its denominator away: count / percent.
      const revealed = row.levels.some((level) => {
        const count = level.counts[c]!;
        return level.percents[c] !== null && !isSuppressed(count) && count > 0;
      });
      return reader.unprinted(`${at}.nonMissing[${c}]`, trueRow.levels.reduce((s, level) => s + level.counts[c]!, 0), revealed);
    });
    nonMissing.forEach((id, c) => {
      reader.equation(`${at}[${c}]`, [n[c]!], [id, missing[c]!]);
      reader.equation(`${at}[${c}].levels`, [id], counts.map((ids) => ids[c]!));
    });
    overallIsSum(`${at}.nonMissing`, nonMissing);
    row.levels.forEach((level, l) =>
      level.percents.forEach((p, c) => {
        if (p !== null && isSuppressed(level.counts[c]!)) reader.leak(`${at}.levels[${l}].percents[${c}]`, 'percent');
      }),
    );
  });
}

interface GroupReading {
  readonly outcome: string;
  readonly path: string;
  readonly curves: readonly { readonly arm: string; readonly n: string; readonly events: string; readonly truth: SurvivalCurve<number, AnalysisCurveStep> }[];
}

function readOutcome(
  reader: ReaderModel,
  outcome: OutcomeResult<ReleasedCount, CurveStep>,
  truth: OutcomeResult<number, AnalysisCurveStep>,
  at: string,
  arms: ReadonlySet<string>,
): GroupReading[] {
  same(outcome.curveGroups.length, truth.curveGroups.length, `${at}.curveGroups`);
  return outcome.curveGroups.map((group, g) => {
    const trueGroup = truth.curveGroups[g]!;
    same(group.curves.length, trueGroup.curves.length, `${at}.curveGroups[${g}].curves`);
    const who = (arm: string): string => (arms.has(arm) ? `arm ${arm}` : `curve ${arm} of group ${group.id}`);
    const curves = group.curves.map((curve, c) => {
      const path = `${at}.curveGroups[${g}].curves[${c}]`;
      const trueCurve = trueGroup.curves[c]!;
      const n = reader.position(`${path}.n`, arms.has(curve.arm) ? `n of arm ${curve.arm}` : `n of ${who(curve.arm)} for ${outcome.outcome}`, trueCurve.n, curve.n);
      const events = reader.position(`${path}.events`, `events of ${who(curve.arm)} for ${outcome.outcome}`, trueCurve.events, curve.events);
      readRiskTable(reader, curve, trueCurve, path, `${who(curve.arm)} for ${outcome.outcome}`, n, events);
      readCurveShape(reader, curve, trueCurve, path);
      return { arm: curve.arm, n, events, truth: trueCurve };
    });
    if (group.logRank !== null) {
      const observed = group.logRank.arms.map((a, i) => {
        const trueObserved = trueGroup.logRank?.arms[i]?.observed;
        if (trueObserved === undefined) throw new AppError('invalid_argument', 'the released study does not have the shape of the analysis', { details: { field: `${at}.curveGroups[${g}].logRank` } });
        return reader.position(`${at}.curveGroups[${g}].logRank.arms[${i}].observed`, `events of ${who(a.arm)} for ${outcome.outcome}`, trueObserved, a.observed);
      });
      // Under the null hypothesis the expected counts add up to the observed ones: their total is printed.
      const expected = Math.round(group.logRank.arms.reduce((s, a) => s + a.expected, 0));
      const total = reader.unprinted(`${at}.curveGroups[${g}].logRank (Σ expected)`, expected, true);
      reader.equation(`${at}.curveGroups[${g}].logRank`, [total], observed);
    }
    return { outcome: outcome.outcome, path: `${at}.curveGroups[${g}]`, curves };
  });
}

/**
 * The risk table as a reader sees it. Two readings of a row are in use, and the analysis's own numbers say which:
 *
 * - `[t_{j−1}, t_j)` (the runner's): those at risk at t_{j−1} are those at risk at t_j plus the row's events and
 *   censorings, exactly; row 0 is empty.
 * - `(t_{j−1}, t_j]` (the type's doc comment; row 0 = events and censorings at day 0): those whose time is exactly
 *   a grid time (tied) break that identity, so at risk at t_j = tied at t_j + those beyond t_j, and those beyond t_j
 *   are those beyond t_{j+1} plus the events and censorings in (t_j, t_{j+1}]. The tied are counted from the
 *   analysis's steps (the release counts them from the table: two derivations that must agree).
 */
function readRiskTable(
  reader: ReaderModel,
  curve: SurvivalCurve<ReleasedCount, CurveStep>,
  truth: SurvivalCurve<number, AnalysisCurveStep>,
  path: string,
  who: string,
  n: string,
  events: string,
): void {
  same(curve.riskTable.length, truth.riskTable.length, `${path}.riskTable`);
  const table = truth.riskTable;
  const untilGridTime =
    table.length > 0 && table[0]!.events === 0 && table[0]!.censored === 0 && table.slice(1).every((r, i) => table[i]!.atRisk === r.atRisk + r.events + r.censored);
  const rows = curve.riskTable.map((row, j) => {
    const t = table[j]!;
    const at = `${path}.riskTable[${j}]`;
    const tied = untilGridTime ? 0 : truth.steps.filter((s) => s.days === t.days).reduce((s, step) => s + step.events + step.censored, 0);
    return {
      days: t.days,
      atRisk: reader.position(`${at}.atRisk`, `at risk at ${t.days} of ${who}`, t.atRisk, row.atRisk),
      events: reader.position(`${at}.events`, `events to ${t.days} of ${who}`, t.events, row.events),
      censored: reader.position(`${at}.censored`, `censored to ${t.days} of ${who}`, t.censored, row.censored),
      tied: reader.unprinted(`${at} (tied)`, tied),
    };
  });
  const first = rows[0];
  const last = rows[rows.length - 1];
  if (first === undefined || last === undefined) return;
  if (first.days === 0) {
    reader.equation(`${path}.riskTable[0] (everyone at 0)`, [first.atRisk], [n]);
    reader.equation(`${path}.riskTable[0] (tied at 0)`, [first.tied], [first.events, first.censored]);
  }
  rows.slice(1).forEach((row, i) => {
    const before = rows[i]!;
    reader.equation(`${path}.riskTable[${i + 1}]`, [before.atRisk, row.tied], [before.tied, row.atRisk, row.events, row.censored]);
  });
  const eventsAfter = reader.unprinted(`${path} (events after the table)`, truth.events - table.reduce((s, r) => s + r.events, 0));
  const censoredAfter = reader.unprinted(`${path} (censored after the table)`, truth.n - truth.events - table.reduce((s, r) => s + r.censored, 0));
  reader.equation(`${path} (after the table)`, [last.atRisk], [last.tied, eventsAfter, censoredAfter]);
  reader.equation(`${path}.events`, [events], [...rows.map((r) => r.events), eventsAfter]);
}

/** Steps, landmark estimates and the median only where enough patients stand behind them. */
function readCurveShape(reader: ReaderModel, curve: SurvivalCurve<ReleasedCount, CurveStep>, truth: SurvivalCurve<number, AnalysisCurveStep>, path: string): void {
  const k = reader.k;
  const firstThin = truth.steps.findIndex((s) => s.atRisk < k);
  curve.steps.forEach((step, i) => {
    const index = truth.steps.findIndex((s) => s.days === step.days);
    if (index === -1 || (firstThin !== -1 && index >= firstThin)) reader.leak(`${path}.steps[${i}]`, 'curve-step');
  });
  curve.at.forEach((estimate, i) => {
    const days = estimate.months * DAYS_PER_MONTH;
    const atRisk = truth.steps.find((s) => s.days >= days - 1e-9)?.atRisk ?? 0;
    if (atRisk < k && (estimate.survival !== null || estimate.lower !== null || estimate.upper !== null)) reader.leak(`${path}.at[${i}]`, 'survival-estimate');
  });
  const { days, lowerDays, upperDays } = curve.median;
  if (truth.n < k && (days !== null || lowerDays !== null || upperDays !== null)) reader.leak(`${path}.median`, 'median');
}

function readComparison(reader: ReaderModel, comparison: ComparisonResult<ReleasedCount>, truth: ComparisonResult<number>, at: string): void {
  const k = reader.k;
  reader.position(`${at}.n.treatment`, `n of arm ${truth.treatment}`, truth.n.treatment, comparison.n.treatment);
  reader.position(`${at}.n.reference`, `n of arm ${truth.reference}`, truth.n.reference, comparison.n.reference);
  reader.position(`${at}.events.treatment`, `events of arm ${truth.treatment} for ${truth.outcome}`, truth.events.treatment, comparison.events.treatment);
  reader.position(`${at}.events.reference`, `events of arm ${truth.reference} for ${truth.outcome}`, truth.events.reference, comparison.events.reference);
  if (comparison.weighting !== null && truth.weighting !== null) {
    reader.position(`${at}.weighting.trimmed`, `${at}.weighting.trimmed`, truth.weighting.trimmed, comparison.weighting.trimmed);
  }
  const thin = [truth.n.treatment, truth.n.reference, truth.events.treatment, truth.events.reference].some((v) => v < k);
  if (!thin) return;
  if (Object.values(comparison.estimates).some((e) => 'hr' in e)) reader.leak(`${at}.estimates`, 'estimate');
  if (comparison.weighting !== null) reader.leak(`${at}.weighting`, 'estimate');
  if (comparison.balance.length > 0) reader.leak(`${at}.balance`, 'estimate');
}

/**
 * Curves of a group that are not the arms themselves (per-drug curves, say) and whose sizes add up to an arm's (or
 * the analysed population's) let a reader subtract: n (and events) of that arm = Σ the curves'.
 */
function readGroupSums(reader: ReaderModel, group: GroupReading, arms: ReadonlySet<string>): void {
  if (group.curves.length < 2 || group.curves.every((c) => arms.has(c.arm))) return;
  const n = group.curves.reduce((s, c) => s + c.truth.n, 0);
  const events = group.curves.reduce((s, c) => s + c.truth.events, 0);
  const sizes = [...[...arms].map((a) => `n of arm ${a}`), 'analysed population'].flatMap((m) => reader.positionsOf(m)).filter((p) => p.truth === n);
  const eventTotals = [...arms].flatMap((a) => reader.positionsOf(`events of arm ${a} for ${group.outcome}`)).filter((p) => p.truth === events);
  for (const total of sizes) reader.equation(`${group.path} (curves add up to n)`, [total.path], group.curves.map((c) => c.n));
  for (const total of eventTotals) reader.equation(`${group.path} (curves add up to events)`, [total.path], group.curves.map((c) => c.events));
}
