import { type CohortLibrary, type CohortRunResult, type EndpointOptions, type EndpointResult, computeEndpoints, runCohort } from '@parcours/cohort';
import { AppError } from '@parcours/core';
import { tableOne } from '@parcours/stats';
import { col, inList, select, table, type Warehouse } from '@parcours/store';
import { type CheckedProtocol } from '../protocol/parse-study-protocol.js';
import { type EndpointSettings, type ResolvedSettings, type StudyProtocol, resolveSettings } from '../protocol/study-protocol.js';
import {
  type ArmIdentity,
  type AttritionStep,
  type BaselineRow,
  type BaselineTable,
  type ComparisonResult,
  type CurveGroup,
  type AnalysisCurveStep,
  type OutcomeResult,
  type StudyAnalysis,
  type StudyOutcome,
} from '../results/study-results.js';
import { type BaselineRecord, readBaseline } from './baseline-covariates.js';
import { compareArms } from './compare-arms.js';
import { type StudyCovariate, studyCovariates, tableOneVariables } from './covariate-columns.js';
import { methodsText } from './methods-text.js';
import { type AnalysisCurve, logRankAcross, riskTableDays, survivalCurve } from './survival-curves.js';

export const OUTCOME_NAMES: Readonly<Record<StudyOutcome, string>> = {
  rwOS: 'Real-world overall survival',
  rwPFS: 'Real-world progression-free survival',
  TTNT: 'Time to next treatment or death',
  TTD: 'Time to treatment discontinuation',
};

export interface RunStudyOptions {
  /** Where the population's cohort (and the cohorts it combines) are defined. */
  readonly library: CohortLibrary;
  /** Called as the run goes ('cohort', 'baseline', 'endpoints', 'analyses'), with seconds since the start. */
  readonly onStep?: (step: { readonly name: string; readonly seconds: number }) => void;
}

/** The members of the study's cohort with what the analyses read. */
interface StudyData {
  readonly cohort: CohortRunResult;
  readonly baseline: readonly BaselineRecord[];
  /** Person id → row in `baseline`. */
  readonly rowOf: ReadonlyMap<number, number>;
  /** Arm id → rows in `baseline` of its members. */
  readonly armRows: ReadonlyMap<string, Uint8Array>;
  readonly armNames: ReadonlyMap<string, string>;
}

/**
 * Runs a protocol on a warehouse, inside the secure workspace: the cohort and its arms (written to OMOP's cohort
 * table), each member's baseline and endpoints, then every analysis of the protocol. The result holds exact
 * counts and full curves: pass it through `releaseStudy` before anything leaves the process.
 */
export async function runStudy(warehouse: Warehouse, checked: CheckedProtocol, options: RunStudyOptions): Promise<StudyAnalysis> {
  const started = performance.now();
  const step = (name: string): void => options.onStep?.({ name, seconds: (performance.now() - started) / 1000 });
  const { protocol } = checked.source;
  const settings = resolveSettings(protocol);

  const cohort = await runCohort(warehouse, checked.cohort, { library: options.library });
  step('cohort');
  const data = await readStudyData(warehouse, cohort, checked);
  step('baseline');

  const endpointCache = new Map<string, Promise<Record<StudyOutcome, EndpointResult>>>();
  const endpoints = (overrides: EndpointSettings = {}): Promise<Record<StudyOutcome, EndpointResult>> => {
    const merged = endpointOptions({ ...settings.endpoints, ...overrides });
    const key = JSON.stringify(merged);
    let result = endpointCache.get(key);
    if (result === undefined) {
      result = computeEndpoints(warehouse, { cohortDefinitionId: cohort.cohortDefinitionId }, protocol.outcomes, merged).then((r) => fromLandmark(r, protocol.landmark?.days ?? 0));
      endpointCache.set(key, result);
    }
    return result;
  };
  const primary = await endpoints();
  step('endpoints');

  const analysed = primaryArms(protocol, data);
  const covariates = studyCovariates(protocol.covariates, data.baseline, settings.calendarPeriods);
  const notes: string[] = [];
  const outcomes = protocol.outcomes.map((o) => outcomeResult(o, primary[o], data, analysed, protocol, settings, notes));
  const comparisons: ComparisonResult<number>[] = [];
  for (const o of protocol.outcomes) comparisons.push(...comparisonResults(o, primary[o], data, covariates, protocol, settings, null));
  for (const s of protocol.sensitivity ?? []) {
    const variant = await endpoints(s.endpoints);
    const sensitivityCovariates = s.covariates === undefined ? covariates : studyCovariates(s.covariates, data.baseline, settings.calendarPeriods);
    const within = (indexDate: string): boolean => (s.indexFrom === undefined || indexDate >= s.indexFrom) && (s.indexTo === undefined || indexDate <= s.indexTo);
    const iptw = { ...settings.iptw, ...s.iptw };
    for (const o of protocol.outcomes) comparisons.push(...comparisonResults(o, variant[o], data, sensitivityCovariates, protocol, { ...settings, iptw }, { id: s.id, within }));
  }
  step('analyses');

  const arms: ArmIdentity[] = protocol.arms.map((id) => ({ id, name: data.armNames.get(id) ?? id }));
  return {
    study: {
      id: protocol.id,
      name: protocol.name,
      description: protocol.description?.trim() ?? '',
      schema: protocol.parcours,
      version: protocol.version,
      protocolSha256: checked.source.sha256,
      cohort: { id: checked.cohort.definition.id, sha256: checked.cohortSha256 },
    },
    arms,
    attrition: attrition(cohort, analysed),
    baseline: baselineTable(covariates, analysed, arms),
    outcomes,
    comparisons,
    methods: methodsText(protocol, checked.cohort.definition, settings, data.armNames),
    notes,
  };
}

/**
 * Every outcome counted from the landmark: patients whose time ends before it (event or censoring) are left out,
 * as a landmark analysis does; the others' times are shortened by it.
 */
function fromLandmark(results: Record<StudyOutcome, EndpointResult>, days: number): Record<StudyOutcome, EndpointResult> {
  if (days === 0) return results;
  const out = {} as Record<StudyOutcome, EndpointResult>;
  for (const [outcome, r] of Object.entries(results) as [StudyOutcome, EndpointResult][]) {
    const keep: number[] = [];
    for (let k = 0; k < r.time.length; k++) if (r.time[k]! > days) keep.push(k);
    out[outcome] = {
      ...r,
      personId: Int32Array.from(keep, (k) => r.personId[k]!),
      indexDate: keep.map((k) => r.indexDate[k]!),
      time: Float64Array.from(keep, (k) => r.time[k]! - days),
      event: Uint8Array.from(keep, (k) => r.event[k]!),
      endDate: keep.map((k) => r.endDate[k]!),
      reason: keep.map((k) => r.reason[k]!),
    };
  }
  return out;
}

/** Endpoint settings of the protocol as @parcours/cohort options (absent fields stay absent). */
function endpointOptions(s: EndpointSettings): EndpointOptions {
  return {
    ...(s.dataCutOff === undefined ? {} : { dataCutOff: s.dataCutOff }),
    ...(s.followUpEnd === undefined ? {} : { followUpEnd: s.followUpEnd }),
    ...(s.minimumFollowUpDays === undefined ? {} : { minimumFollowUpDays: s.minimumFollowUpDays }),
    ...(s.progressionGraceDays === undefined ? {} : { progressionGraceDays: s.progressionGraceDays }),
  };
}

async function readStudyData(warehouse: Warehouse, cohort: CohortRunResult, checked: CheckedProtocol): Promise<StudyData> {
  const baseline = await readBaseline(warehouse, cohort.cohortDefinitionId);
  const rowOf = new Map<number, number>();
  baseline.forEach((b, i) => {
    if (rowOf.has(b.personId)) throw new AppError('conflict', 'a patient has two index dates in the study cohort', { details: { hint: 'a study cohort needs one index event per patient (for example the first line)' } });
    rowOf.set(b.personId, i);
  });
  const armIds = cohort.arms.map((a) => a.cohortDefinitionId);
  const members = armIds.length === 0 ? [] : await warehouse.query<{ cohort_definition_id: number; subject_id: number | bigint }>(
    select([col('cohort_definition_id'), col('subject_id')], table('cohort'), inList(col('cohort_definition_id'), armIds)),
  );
  const armOfDefinition = new Map(cohort.arms.map((a) => [a.cohortDefinitionId, a.id]));
  const armRows = new Map(cohort.arms.map((a) => [a.id, new Uint8Array(baseline.length)]));
  for (const m of members) {
    const row = rowOf.get(Number(m.subject_id));
    const arm = armOfDefinition.get(Number(m.cohort_definition_id));
    if (row !== undefined && arm !== undefined) armRows.get(arm)![row] = 1;
  }
  const armNames = new Map((checked.cohort.definition.arms ?? []).map((a) => [a.id, a.name ?? a.id]));
  return { cohort, baseline, rowOf, armRows, armNames };
}

/** The analysed population: each member's first protocol arm (index into `protocol.arms`), −1 for none. */
interface AnalysedPopulation {
  readonly armOf: Int32Array;
  readonly count: number;
}

function primaryArms(protocol: StudyProtocol, data: StudyData): AnalysedPopulation {
  const armOf = new Int32Array(data.baseline.length).fill(-1);
  let count = 0;
  for (let i = 0; i < armOf.length; i++) {
    const k = protocol.arms.findIndex((a) => data.armRows.get(a)?.[i] === 1);
    armOf[i] = k;
    if (k >= 0) count++;
  }
  return { armOf, count };
}

function attrition(cohort: CohortRunResult, analysed: AnalysedPopulation): AttritionStep<number>[] {
  const steps: AttritionStep<number>[] = [];
  let previous: number | null = null;
  const push = (step: string, remaining: number, description?: string): void => {
    steps.push({ step, ...(description === undefined ? {} : { description }), remaining, excluded: previous === null ? null : previous - remaining });
    previous = remaining;
  };
  for (const row of cohort.attrition) push(row.rule === 'entry' ? 'index events' : row.rule, row.remaining, row.description);
  push('in a study arm', analysed.count, 'members of at least one of the study arms (the first listed when several)');
  return steps;
}

function baselineTable(covariates: readonly StudyCovariate[], analysed: AnalysedPopulation, arms: readonly ArmIdentity[]): BaselineTable<number> {
  const rows: number[] = [];
  for (let i = 0; i < analysed.armOf.length; i++) if (analysed.armOf[i]! >= 0) rows.push(i);
  const group = rows.map((i) => arms[analysed.armOf[i]!]!.id);
  const variables = tableOneVariables(covariates).map((v) => ({ ...v, values: rows.map((i) => v.values[i]!) })) as Parameters<typeof tableOne>[0];
  const t = tableOne(variables, { group, groupLevels: arms.map((a) => a.id), overall: 'first' });
  const nameOf = new Map(arms.map((a) => [a.id, a.name]));
  const columns = t.columns.map((c) => ({ arm: c.group, name: c.group === null ? 'Overall' : (nameOf.get(c.group) ?? c.group), n: c.n }));
  const out: BaselineRow<number>[] = t.rows.map((r) => {
    if (r.kind === 'continuous') {
      return {
        kind: 'continuous',
        covariate: r.name,
        label: r.label,
        cells: r.cells.map((c) => (c.n === 0 ? null : { mean: c.mean, sd: c.sd, median: c.median, q1: c.q1, q3: c.q3 })),
        missing: r.cells.map((c) => c.missing),
      };
    }
    return {
      kind: 'categorical',
      covariate: r.name,
      label: r.label,
      levels: r.levels.map((level, k) => ({ level, counts: r.cells.map((c) => c.levels[k]!.count), percents: r.cells.map((c) => (Number.isFinite(c.levels[k]!.percent) ? c.levels[k]!.percent : null)) })),
      missing: r.cells.map((c) => c.missing),
    };
  });
  return { columns, rows: out };
}

/** Time and event of the patients `include` selects (by baseline row), in endpoint order. */
function selectTimes(endpoint: EndpointResult, data: StudyData, include: (row: number) => boolean): { time: Float64Array; event: Uint8Array; rows: Int32Array } {
  const picked: number[] = [];
  for (let k = 0; k < endpoint.personId.length; k++) {
    const row = data.rowOf.get(endpoint.personId[k]!);
    if (row !== undefined && include(row)) picked.push(k);
  }
  return {
    time: Float64Array.from(picked, (k) => endpoint.time[k]!),
    event: Uint8Array.from(picked, (k) => endpoint.event[k]!),
    rows: Int32Array.from(picked, (k) => data.rowOf.get(endpoint.personId[k]!)!),
  };
}

function outcomeResult(outcome: StudyOutcome, endpoint: EndpointResult, data: StudyData, analysed: AnalysedPopulation, protocol: StudyProtocol, settings: ResolvedSettings, notes: string[]): OutcomeResult<number, AnalysisCurveStep> {
  let maxDays = 0;
  for (const t of endpoint.time) maxDays = Math.max(maxDays, t);
  const curveOptions = { survivalAtMonths: settings.survivalAtMonths, riskTableDays: riskTableDays(maxDays, settings.riskTableEveryMonths) };
  if (endpoint.excluded.length > 0) notes.push(`${OUTCOME_NAMES[outcome]}: members without a time for this outcome (${[...new Set(endpoint.excluded.map((e) => e.reason))].join(', ')}) are left out of its analyses.`);

  const group = (id: string, name: string, arms: readonly string[], include: (arm: string, row: number) => boolean, exclusive: boolean): CurveGroup<number, AnalysisCurveStep> => {
    const samples = arms.map((arm) => ({ arm, ...selectTimes(endpoint, data, (row) => include(arm, row)) }));
    const curves: AnalysisCurve[] = samples.map((s) => survivalCurve(s.arm, data.armNames.get(s.arm) ?? s.arm, s.time, s.event, curveOptions));
    return { id, name, curves, logRank: exclusive ? logRankAcross(samples) : null };
  };
  const byArm = group('arms', 'By study arm', protocol.arms, (arm, row) => protocol.arms[analysed.armOf[row]!] === arm, true);
  const extra = (protocol.curves ?? []).map((c) => {
    const disjoint = c.arms.every((a, i) => c.arms.every((b, j) => j <= i || !overlaps(data.armRows.get(a)!, data.armRows.get(b)!)));
    return group(c.id, c.name ?? c.id, c.arms, (arm, row) => data.armRows.get(arm)![row] === 1, disjoint);
  });
  return { outcome, name: OUTCOME_NAMES[outcome], curveGroups: [byArm, ...extra] };
}

function overlaps(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] === 1 && b[i] === 1) return true;
  return false;
}

function comparisonResults(
  outcome: StudyOutcome,
  endpoint: EndpointResult,
  data: StudyData,
  covariates: readonly StudyCovariate[],
  protocol: StudyProtocol,
  settings: ResolvedSettings,
  sensitivity: { readonly id: string; readonly within: (indexDate: string) => boolean } | null,
): ComparisonResult<number>[] {
  return protocol.comparisons.map((c) => {
    const treated = data.armRows.get(c.treatment)!;
    const reference = data.armRows.get(c.reference)!;
    // A patient in both arms belongs to neither comparison group.
    const sample = selectTimes(endpoint, data, (row) => treated[row] !== reference[row] && (sensitivity === null || sensitivity.within(data.baseline[row]!.indexDate)));
    const treatment = Uint8Array.from(sample.rows, (row) => treated[row]!);
    const count = (arm: 0 | 1, what: 'n' | 'events'): number => {
      let n = 0;
      for (let i = 0; i < treatment.length; i++) if (treatment[i] === arm) n += what === 'n' ? 1 : sample.event[i]!;
      return n;
    };
    const estimates = compareArms({ ...sample, treatment }, covariates, settings.iptw, { balance: sensitivity === null });
    return {
      comparison: c.id,
      name: c.name ?? `${data.armNames.get(c.treatment) ?? c.treatment} vs ${data.armNames.get(c.reference) ?? c.reference}`,
      treatment: c.treatment,
      reference: c.reference,
      outcome,
      sensitivity: sensitivity?.id ?? null,
      n: { treatment: count(1, 'n'), reference: count(0, 'n') },
      events: { treatment: count(1, 'events'), reference: count(0, 'events') },
      ...estimates,
    };
  });
}
