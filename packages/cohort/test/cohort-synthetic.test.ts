import { and, asc, col, eq, initWarehouse, literal, param, select, table, type Warehouse } from '@parcours/store';
import { generatePopulation, writeToWarehouse, type SyntheticPatient } from '@parcours/synth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, reportSkips } from '../../store/test/engines.js';
import { cohortFolder, deriveAndWriteLines, readCohortDefinition, runCohort, type CohortRunResult, type DeriveLinesReport } from '../src/index.js';

// The shipped definitions on a synthetic hospital (packages/synth), on every engine: the same lines of therapy are
// derived into the warehouse, and every cohort has the same members, end dates, attrition and arms on DuckDB and
// PostgreSQL. The ROS1 cohort is checked against the generator's own truth.

const PATIENTS = 20_000;
const SEED = 2024;
const COHORTS = ['ros1-nsclc-advanced', 'brca-ovarian-advanced', 'her2-breast-metastatic'] as const;

interface MemberRow {
  readonly cohort_definition_id: number;
  readonly subject_id: number;
  readonly cohort_start_date: string;
  readonly cohort_end_date: string;
}

interface EngineRun {
  readonly lines: DeriveLinesReport;
  readonly episodes: readonly string[];
  readonly results: ReadonlyMap<string, CohortRunResult>;
  /** Members of each cohort and arm, by cohort_definition name ('ros1-nsclc-advanced/crizotinib'). */
  readonly members: ReadonlyMap<string, readonly string[]>;
}

const AVAILABLE = ENGINES.filter((e) => e.available);
reportSkips();
const runs = new Map<string, EngineRun>();
const warehouses: Warehouse[] = [];

async function membersOf(wh: Warehouse, id: number): Promise<string[]> {
  const rows = await wh.query<MemberRow & Record<string, string | number>>(
    select([col('subject_id'), col('cohort_start_date'), col('cohort_end_date')], table('cohort'), eq(col('cohort_definition_id'), param(id, 'integer')), { orderBy: [asc(col('subject_id')), asc(col('cohort_start_date'))] }),
  );
  return rows.map((r) => `${r.subject_id} ${r.cohort_start_date} ${r.cohort_end_date}`);
}

beforeAll(async () => {
  for (const engine of AVAILABLE) {
    const wh = await engine.open();
    warehouses.push(wh);
    await initWarehouse(wh);
    await writeToWarehouse(wh, generatePopulation({ patients: PATIENTS, seed: SEED }));
    const lines = await deriveAndWriteLines(wh);
    const episodes = (
      await wh.query<{ person_id: number; episode_number: number; episode_start_date: string; episode_end_date: string; episode_source_value: string }>(
        select([col('person_id'), col('episode_number'), col('episode_start_date'), col('episode_end_date'), col('episode_source_value')], table('episode'), eq(col('episode_concept_id'), literal(32531)), {
          orderBy: [asc(col('person_id')), asc(col('episode_number'))],
        }),
      )
    ).map((e) => `${e.person_id} ${e.episode_number} ${e.episode_start_date} ${e.episode_end_date} ${e.episode_source_value}`);
    const results = new Map<string, CohortRunResult>();
    const members = new Map<string, string[]>();
    for (const id of COHORTS) {
      const result = await runCohort(wh, await readCohortDefinition(`cohorts/${id}.yaml`), { library: cohortFolder('cohorts') });
      results.set(id, result);
      members.set(id, await membersOf(wh, result.cohortDefinitionId));
      for (const arm of result.arms) members.set(`${id}/${arm.id}`, await membersOf(wh, arm.cohortDefinitionId));
    }
    runs.set(engine.name, { lines, episodes, results, members });
  }
}, 900_000);

afterAll(async () => {
  for (const wh of warehouses) await wh.close();
});

describe('the shipped cohorts on a synthetic hospital', () => {
  it('lines of therapy are derived for the advanced-disease patients, identically on every engine', () => {
    const [first, ...others] = [...runs.values()];
    expect(first!.lines.personsWithLines).toBeGreaterThan(6_000);
    expect(first!.lines.lines).toBeGreaterThan(first!.lines.personsWithLines);
    for (const other of others) {
      expect(other.lines).toMatchObject({ treatedPersons: first!.lines.treatedPersons, exposures: first!.lines.exposures, lines: first!.lines.lines, episodeEvents: first!.lines.episodeEvents });
      expect(other.episodes).toEqual(first!.episodes);
    }
  });

  it("every patient's first line starts on the generator's line-1 date, and only patients with one have lines", () => {
    // truth.lines: line 0 curative intent, 1..n advanced disease. The anchors read from the warehouse (stage IV or
    // FIGO III-IV ovary at diagnosis, metastasis, progression, unstaged cancers) separate them exactly here.
    const firstLines = new Map<number, string>();
    for (const e of [...runs.values()][0]!.episodes) {
      const [person, number, start] = e.split(' ');
      if (number === '1') firstLines.set(Number(person), start!);
    }
    const expected = new Map<number, string>();
    let personId = 0;
    for (const patient of generatePopulation({ patients: PATIENTS, seed: SEED }).patients()) {
      personId++;
      const first = patient.truth.lines.find((l) => l.line === 1);
      if (first !== undefined) expected.set(personId, first.start);
    }
    expect(firstLines.size).toBe(expected.size);
    expect([...firstLines].filter(([p, start]) => expected.get(p) !== start)).toEqual([]);
  });

  it.each(COHORTS)('%s has members and arms, the same on every engine', (id) => {
    const [first, ...others] = [...runs.values()];
    const result = first!.results.get(id)!;
    expect(result.count).toBeGreaterThanOrEqual(8);
    expect(result.arms.filter((a) => a.count > 0).length).toBeGreaterThanOrEqual(2);
    expect(result.attrition[0]!.rule).toBe('entry');
    // Attrition never grows, and its last row is the cohort.
    result.attrition.forEach((a, k) => k > 0 && expect(a.remaining).toBeLessThanOrEqual(result.attrition[k - 1]!.remaining));
    expect(first!.members.get(id)!.length).toBe(result.count);
    for (const other of others) {
      const theirs = other.results.get(id)!;
      expect(theirs.attrition).toEqual(result.attrition);
      expect(theirs.arms.map((a) => [a.id, a.count])).toEqual(result.arms.map((a) => [a.id, a.count]));
      for (const [name, rows] of first!.members) if (name === id || name.startsWith(`${id}/`)) expect(other.members.get(name), name).toEqual(rows);
    }
  });

  it('the ROS1 cohort is the patients the generator made ROS1-positive advanced NSCLC with a first line in 2012–2025', () => {
    // Known truth, computed from the generated patients (person_id = position + 1 on one site): non-small-cell lung
    // cancer, a positive ROS1 fusion result up to 30 days after the first line's start, and that first line (the
    // generator's line 1, for advanced disease) starting in the period. Adult and advanced are true by construction.
    const expected = new Map<number, string>();
    let personId = 0;
    for (const patient of generatePopulation({ patients: PATIENTS, seed: SEED }).patients()) {
      personId++;
      const index = ros1Index(patient);
      if (index !== undefined) expected.set(personId, index);
    }
    const members = (runs.get('duckdb') ?? [...runs.values()][0]!).members.get('ros1-nsclc-advanced')!.map((m) => m.split(' '));
    const got = new Map(members.map(([subject, start]) => [Number(subject), start!]));
    expect(expected.size).toBeGreaterThanOrEqual(8);
    // No exception is measured on this population: members and index dates are exactly the expected ones.
    expect([...got].sort()).toEqual([...expected].sort());
  });

  it('the arms split the ROS1 cohort by first-line regimen as the generator chose it', () => {
    const run = runs.get('duckdb') ?? [...runs.values()][0]!;
    const members = (name: string): Set<number> => new Set(run.members.get(name)!.map((m) => Number(m.split(' ')[0])));
    const all = members('ros1-nsclc-advanced');
    const tki = members('ros1-nsclc-advanced/ros1-tki');
    const chemo = members('ros1-nsclc-advanced/chemotherapy-alone');
    // ROS1 known before the first line: a TKI from 2016, chemotherapy before (or while results are awaited).
    expect(tki.size + chemo.size).toBe(all.size);
    expect([...tki].every((p) => all.has(p) && !chemo.has(p))).toBe(true);
    const byDrug = ['crizotinib', 'entrectinib', 'lorlatinib', 'repotrectinib'].reduce((n, d) => n + members(`ros1-nsclc-advanced/${d}`).size, 0);
    expect(byDrug).toBe(tki.size);
  });

  it('running a cohort again replaces its rows and keeps its cohort_definition_id', async () => {
    const wh = warehouses[0]!;
    const before = [...runs.values()][0]!.results.get('her2-breast-metastatic')!;
    const again = await runCohort(wh, await readCohortDefinition('cohorts/her2-breast-metastatic.yaml'));
    expect(again.cohortDefinitionId).toBe(before.cohortDefinitionId);
    expect(again.arms.map((a) => a.cohortDefinitionId)).toEqual(before.arms.map((a) => a.cohortDefinitionId));
    expect(await membersOf(wh, again.cohortDefinitionId)).toHaveLength(before.count);
    const definitions = await wh.query(select([col('cohort_definition_id')], table('cohort_definition'), and(eq(col('cohort_definition_name'), param('her2-breast-metastatic')))));
    expect(definitions).toHaveLength(1);
  });
});

/** The first line's start date of a ROS1-positive advanced NSCLC patient with a first line in 2012–2025, or undefined. */
function ros1Index(patient: SyntheticPatient): string | undefined {
  const cancer = patient.cancers[0]!;
  const nonSmallCell = ['8046/3', '8140/3', '8070/3', '8012/3', '8260/3', '8480/3', '8560/3'].includes(cancer.morphology);
  if (cancer.cancerType !== 'lung' || !nonSmallCell) return undefined;
  const first = patient.truth.lines.find((l) => l.line === 1);
  if (first === undefined || first.start < '2012-01-01' || first.start > '2025-12-31') return undefined;
  const until = new Date(Date.parse(`${first.start}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  const positive = patient.biomarkers.some((b) => b.gene === 'ROS1' && b.alteration === 'fusion' && b.result === 'positive' && b.date <= until);
  return positive ? first.start : undefined;
}
