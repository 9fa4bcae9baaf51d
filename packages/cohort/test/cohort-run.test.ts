import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WELL_KNOWN_CONCEPTS as C, atcIngredientConceptIds, conceptIdFor, hgncGene, stageConceptId } from '@parcours/core';
import { asc, col, eq, initWarehouse, omopRowBuilder, param, select, table, type AppendValue, type Warehouse } from '@parcours/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, reportSkips } from '../../store/test/engines.js';
import { cohortFolder, countLines, deriveAndWriteLines, parseCohortDefinition, readCohortDefinition, readPatientLines, runCohort } from '../src/index.js';

// What each construct of the language means, on a hand-made warehouse small enough to know every answer, run on
// every engine: windows, counts, negation, demographics, stage at index, ECOG, observation, exits, arms,
// combinations, and the errors a warehouse vocabulary can give.

const id = (vocabulary: string, code: string): number => {
  const found = conceptIdFor(vocabulary, code);
  if (found === undefined) throw new Error(`${vocabulary} ${code} is not in the bundle`);
  return found;
};

/** Rows of the hand-made warehouse: four patients. */
function rows(): Record<string, AppendValue[][]> {
  const person = omopRowBuilder('person');
  const condition = omopRowBuilder('condition_occurrence');
  const observation = omopRowBuilder('observation');
  const measurement = omopRowBuilder('measurement');
  const drug = omopRowBuilder('drug_exposure');
  const period = omopRowBuilder('observation_period');
  const death = omopRowBuilder('death');
  let n = 0;
  const dx = (personId: number, icd10: string, date: string, status: string) =>
    condition({ condition_occurrence_id: ++n, person_id: personId, condition_concept_id: 0, condition_start_date: date, condition_type_concept_id: C.TYPE_CONCEPT.ehr, condition_source_value: icd10, condition_source_concept_id: id('ICD10', icd10), condition_status_source_value: status });
  const m = (personId: number, date: string, values: Parameters<typeof measurement>[0]) => measurement({ measurement_id: ++n, person_id: personId, measurement_date: date, measurement_type_concept_id: C.TYPE_CONCEPT.ehr, measurement_concept_id: 0, ...values });
  const stage = (personId: number, date: string, group: string, item: number = C.TNM_ITEM.clinicalStageGroup) => m(personId, date, { measurement_concept_id: item, value_as_concept_id: stageConceptId(group), value_source_value: group });
  const ecog = (personId: number, date: string, value: number) => m(personId, date, { measurement_concept_id: C.MEASUREMENT.ecog, value_as_number: value });
  const biomarker = (personId: number, date: string, gene: string, label: string, result: string, concept = 0) => m(personId, date, { measurement_concept_id: concept, measurement_source_concept_id: hgncGene(gene)!.conceptId, measurement_source_value: label, value_source_value: result });
  const histology = (personId: number, date: string, morphology: string, topography: string) =>
    observation({ observation_id: ++n, person_id: personId, observation_concept_id: 0, observation_date: date, observation_type_concept_id: C.TYPE_CONCEPT.ehr, value_as_string: topography, observation_source_value: morphology, observation_source_concept_id: id('ICDO3', morphology) });
  const exposure = (exposureId: number, personId: number, atc: string, date: string) =>
    drug({ drug_exposure_id: exposureId, person_id: personId, drug_concept_id: atcIngredientConceptIds(atc)[0]!, drug_exposure_start_date: date, drug_exposure_end_date: date, drug_type_concept_id: C.TYPE_CONCEPT.ehr, drug_source_value: atc, drug_source_concept_id: id('ATC', atc) });
  return {
    person: [
      person({ person_id: 1, gender_concept_id: C.GENDER.female, year_of_birth: 1960, month_of_birth: 6, day_of_birth: 15, race_concept_id: 0, ethnicity_concept_id: 0 }),
      person({ person_id: 2, gender_concept_id: C.GENDER.male, year_of_birth: 1960, month_of_birth: 6, day_of_birth: 15, race_concept_id: 0, ethnicity_concept_id: 0 }),
      person({ person_id: 3, gender_concept_id: C.GENDER.female, year_of_birth: 2000, month_of_birth: 1, day_of_birth: 1, race_concept_id: 0, ethnicity_concept_id: 0 }),
      person({ person_id: 4, gender_concept_id: C.GENDER.female, year_of_birth: 1950, race_concept_id: 0, ethnicity_concept_id: 0 }),
    ],
    condition_occurrence: [
      dx(1, 'C34.1', '2015-01-10', 'primary'),
      dx(1, 'C78.0', '2015-06-01', 'secondary: lung'),
      dx(2, 'C34.9', '2015-02-01', 'primary'),
      dx(3, 'C50.4', '2016-01-01', 'primary'),
      dx(4, 'C34.1', '2014-03-01', 'primary'),
      dx(4, 'C34.1', '2016-05-05', 'primary'),
    ],
    observation: [histology(1, '2015-01-10', '8140/3', 'C34.1'), histology(2, '2015-02-01', '8041/3', 'C34.9'), histology(4, '2014-03-01', '8140/3', 'C34.1')],
    measurement: [
      ecog(1, '2015-01-01', 1),
      ecog(2, '2015-01-20', 3),
      stage(1, '2015-01-10', 'IIIA'),
      stage(1, '2015-02-01', 'IV', C.TNM_ITEM.pathologicalStageGroup),
      stage(2, '2015-02-01', 'IVB'),
      stage(4, '2014-03-01', 'IB'),
      biomarker(1, '2015-02-05', 'ROS1', 'CD74::ROS1', 'positive', id('OMOP Genomic', 'CD74::ROS1')),
      biomarker(2, '2015-01-15', 'KRAS', 'KRAS mutation G12C NGS', 'positive'),
      biomarker(4, '2014-03-20', 'ROS1', 'ROS1 fusion FISH', 'negative'),
    ],
    drug_exposure: [
      exposure(101, 1, 'L01XA02', '2014-06-01'), // carboplatin, before the advanced-disease date: no line
      exposure(102, 1, 'L01XA02', '2014-06-22'),
      exposure(103, 1, 'L01ED01', '2015-03-01'), // crizotinib: line 1 (stage IV from 2015-02-01)
      exposure(104, 1, 'L01ED01', '2015-03-29'),
      exposure(105, 1, 'L01XA02', '2015-10-01'), // carboplatin + pemetrexed: line 2
      exposure(106, 1, 'L01BA04', '2015-10-01'),
    ],
    observation_period: [
      period({ observation_period_id: 1, person_id: 1, observation_period_start_date: '2014-01-01', observation_period_end_date: '2016-12-31', period_type_concept_id: C.TYPE_CONCEPT.ehr }),
      period({ observation_period_id: 2, person_id: 2, observation_period_start_date: '2015-01-01', observation_period_end_date: '2015-12-31', period_type_concept_id: C.TYPE_CONCEPT.ehr }),
      period({ observation_period_id: 4, person_id: 4, observation_period_start_date: '2014-01-01', observation_period_end_date: '2017-01-01', period_type_concept_id: C.TYPE_CONCEPT.ehr }),
    ],
    death: [death({ person_id: 2, death_date: '2015-09-01', death_type_concept_id: C.DEATH_TYPE.ehr })],
  };
}

const HEAD = 'parcours: cohort/1\nid: test\nname: Test\nentry:\n  diagnosis: { codes: ICD10:C34 }\n';

const AVAILABLE = ENGINES.filter((e) => e.available);
reportSkips();

describe.each(AVAILABLE.map((e) => [e.name, e] as const))('on %s', (_name, engine) => {
  let wh: Warehouse & { readonly url: string };
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-cohort-run-'));

  beforeAll(async () => {
    wh = await engine.open();
    await initWarehouse(wh);
    for (const [name, list] of Object.entries(rows())) await wh.append(name, list);
    await deriveAndWriteLines(wh);
  }, 120_000);
  afterAll(async () => {
    await wh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs HEAD + body; returns the attrition counts and the members as 'person start end'. */
  async function run(body: string, head = HEAD): Promise<{ attrition: number[]; members: string[]; arms: Record<string, string[]> }> {
    const result = await runCohort(wh, parseCohortDefinition(head + body));
    const membersOf = async (cohortId: number) =>
      (await wh.query<{ subject_id: number; cohort_start_date: string; cohort_end_date: string }>(
        select([col('subject_id'), col('cohort_start_date'), col('cohort_end_date')], table('cohort'), eq(col('cohort_definition_id'), param(cohortId, 'integer')), { orderBy: [asc(col('subject_id')), asc(col('cohort_start_date'))] }),
      )).map((r) => `${r.subject_id} ${r.cohort_start_date} ${r.cohort_end_date}`);
    const arms: Record<string, string[]> = {};
    for (const arm of result.arms) arms[arm.id] = await membersOf(arm.cohortDefinitionId);
    return { attrition: result.attrition.map((a) => a.remaining), members: await membersOf(result.cohortDefinitionId), arms };
  }
  const subjects = (members: readonly string[]): number[] => members.map((m) => Number(m.split(' ')[0]));

  it('lines of therapy start after the advanced-disease date (diagnosis: stage IV recorded in its work-up)', async () => {
    expect(await countLines(wh)).toBe(2);
    expect((await readPatientLines(wh, 1)).map((l) => [l.lineNumber, l.regimen, l.start])).toEqual([
      [1, 'crizotinib', '2015-03-01'],
      [2, 'carboplatin + pemetrexed', '2015-10-01'],
    ]);
    // A second derivation replaces the first.
    const again = await deriveAndWriteLines(wh);
    expect(again).toMatchObject({ treatedPersons: 1, exposures: 6, personsWithLines: 1, lines: 2, episodeEvents: 4, replaced: 2 });
    expect(await countLines(wh)).toBe(2);
  });

  it('first diagnosis as index; end at the end of observation or death', async () => {
    const r = await run('');
    expect(r.attrition).toEqual([3]);
    expect(r.members).toEqual(['1 2015-01-10 2016-12-31', '2 2015-02-01 2015-09-01', '4 2014-03-01 2017-01-01']);
  });

  it('age at index in whole years (birthday not reached), sex', async () => {
    expect(subjects((await run('inclusion:\n  - name: a\n    age: { min: 55 }\n')).members)).toEqual([4]);
    expect(subjects((await run('inclusion:\n  - name: a\n    age: { max: 54 }\n')).members)).toEqual([1, 2]);
    expect(subjects((await run('inclusion:\n  - name: a\n    sex: female\n')).members)).toEqual([1, 4]);
  });

  it('windows: up to the index date by default, open ends, days after', async () => {
    const ros1 = (window: string) => run(`inclusion:\n  - name: ROS1\n    biomarker: { gene: ROS1, alteration: fusion, partner: CD74 }\n${window}`);
    expect(subjects((await ros1('')).members)).toEqual([]);
    expect(subjects((await ros1('    window: { to: 30 }\n')).members)).toEqual([1]);
    expect(subjects((await ros1('    window: { from: 26, to: 26 }\n')).members)).toEqual([1]);
    expect(subjects((await ros1('    window: { from: 27, to: null }\n')).members)).toEqual([]);
    // A negative result is not a positive one; asked for, it is found.
    expect(subjects((await run('inclusion:\n  - name: a\n    biomarker: { gene: ROS1, result: negative }\n    window: { to: null }\n')).members)).toEqual([4]);
    expect(subjects((await run('inclusion:\n  - name: a\n    biomarker: { gene: KRAS, alteration: mutation, variant: G12C }\n    window: { to: null }\n')).members)).toEqual([2]);
    expect(subjects((await run('inclusion:\n  - name: a\n    biomarker: { gene: KRAS, variant: G12D }\n    window: { to: null }\n')).members)).toEqual([]);
  });

  it('histology and topography of the diagnosis; counts; exclusion', async () => {
    expect(subjects((await run('inclusion:\n  - name: a\n    diagnosis: { codes: ICD10:C34, histology: [ICDO3:8140/3], topography: [ICDO3:C34.1] }\n')).members)).toEqual([1, 4]);
    expect(subjects((await run('inclusion:\n  - name: a\n    diagnosis: { codes: ICD10:C34, histology: [ICDO3:8041/3] }\n')).members)).toEqual([2]);
    const carboplatin = (count: string) => run(`inclusion:\n  - name: a\n    drug: { codes: ATC:L01XA02 }\n    window: { to: 60 }\n    count: ${count}\n`);
    expect(subjects((await carboplatin('{ atLeast: 2 }')).members)).toEqual([1]);
    expect(subjects((await carboplatin('{ atLeast: 3 }')).members)).toEqual([]);
    expect(subjects((await carboplatin('{ atMost: 1 }')).members)).toEqual([2, 4]);
    expect(subjects((await run('inclusion:\n  - name: alive\n    death: {}\n    window: { to: null }\n    exclude: true\n')).members)).toEqual([1, 4]);
  });

  it('stage at index is the latest stage recorded by then; anyOf and allOf', async () => {
    expect(subjects((await run('inclusion:\n  - name: a\n    stage: IIIB-IV\n')).members)).toEqual([2]);
    expect(subjects((await run('inclusion:\n  - name: a\n    stage: IIIB-IV\n    window: { to: 30 }\n')).members)).toEqual([1, 2]);
    expect(subjects((await run('inclusion:\n  - name: a\n    stage: [IIIA, I]\n')).members)).toEqual([1, 4]);
    const advanced = 'inclusion:\n  - name: a\n    anyOf:\n      - stage: IIIB-IV\n      - diagnosis: { codes: [ICD10:C77, ICD10:C78, ICD10:C79] }\n        window: { to: 200 }\n';
    expect(subjects((await run(advanced)).members)).toEqual([1, 2]);
    expect(subjects((await run('inclusion:\n  - name: a\n    allOf:\n      - sex: female\n      - stage: I-IIIA\n')).members)).toEqual([1, 4]);
  });

  it('ECOG in the 30 days before; observation before the index date; calendar period', async () => {
    expect(subjects((await run('inclusion:\n  - name: a\n    ecog: { max: 2 }\n    window: { from: -30 }\n')).members)).toEqual([1]);
    expect(subjects((await run('inclusion:\n  - name: a\n    observation: { priorDays: 365 }\n')).members)).toEqual([1]);
    expect(subjects((await run('inclusion:\n  - name: a\n    period: { from: 2015-01-01, to: 2015-12-31 }\n')).members)).toEqual([1, 2]);
  });

  it('the first event must fall in the entry period; with occurrence: all, every event in it is an index', async () => {
    const head = (occurrence: string) => `parcours: cohort/1\nid: test\nname: Test\nentry:\n  diagnosis: { codes: ICD10:C34 }\n  period: { from: 2015-01-01 }\n${occurrence}`;
    expect((await run('', head(''))).members.map((m) => m.split(' ').slice(0, 2).join(' '))).toEqual(['1 2015-01-10', '2 2015-02-01']);
    expect((await run('', head('  occurrence: all\n'))).members.map((m) => m.split(' ').slice(0, 2).join(' '))).toEqual(['1 2015-01-10', '2 2015-02-01', '4 2016-05-05']);
  });

  it('exit: a fixed duration, the next line', async () => {
    expect((await run('exit: { days: 100 }\n')).members).toEqual(['1 2015-01-10 2015-04-20', '2 2015-02-01 2015-05-12', '4 2014-03-01 2014-06-09']);
    expect((await run('exit: { nextLine: true }\n')).members).toEqual(['1 2015-01-10 2015-02-28', '2 2015-02-01 2015-09-01', '4 2014-03-01 2017-01-01']);
  });

  it('a line entry, attrition, and arms by drug and regimen class', async () => {
    const head = 'parcours: cohort/1\nid: lines\nname: Lines\nentry:\n  line: { number: 1 }\n';
    const r = await run(
      [
        'inclusion:',
        '  - name: lung',
        '    diagnosis: { codes: ICD10:C34 }',
        'exit: { nextLine: true }',
        'arms:',
        '  - id: crizotinib',
        '    line: { number: 1, contains: [ATC:L01ED01] }',
        '    window: { from: 0, to: 0 }',
        '  - id: targeted',
        '    line: { regimenClass: targeted }',
        '    window: { from: 0, to: 0 }',
        '  - id: chemotherapy',
        '    line: { regimenClass: chemotherapy-alone }',
        '    window: { from: 0, to: 0 }',
        '  - id: later-chemotherapy',
        '    line: { number: 2, regimen: carboplatin + pemetrexed, without: [ATC:L01ED] }',
        '    window: { from: 1, to: null }',
        '',
      ].join('\n'),
      head,
    );
    expect(r.attrition).toEqual([1, 1]);
    expect(r.members).toEqual(['1 2015-03-01 2015-09-30']);
    expect(r.arms).toEqual({ crizotinib: ['1 2015-03-01 2015-09-30'], targeted: ['1 2015-03-01 2015-09-30'], chemotherapy: [], 'later-chemotherapy': ['1 2015-03-01 2015-09-30'] });
  });

  it('codes the warehouse vocabulary does not know, or sets their exclusions empty, are errors at their path', async () => {
    const file = path.join(dir, 'bad.yaml');
    writeFileSync(file, `${HEAD}inclusion:\n  - name: a\n    diagnosis:\n      codes: [ICD10:C34, ICD10:C99]\n`);
    await expect(runCohort(wh, await readCohortDefinition(file))).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'invalid cohort definition: no concept has this code in the warehouse vocabulary',
      details: { path: 'inclusion[0].diagnosis.codes[1]', file, line: 9 },
    });
    await expect(run('conceptSets:\n  none:\n    include: [ICD10:C34]\n    exclude: [ICD10:C34]\ninclusion:\n  - name: a\n    diagnosis: { codes: none }\n')).rejects.toMatchObject({ details: { path: 'conceptSets.none' } });
    await expect(run('inclusion:\n  - name: a\n    biomarker: { gene: [ROS1, NOTAGENE] }\n')).rejects.toMatchObject({ details: { path: 'inclusion[0].biomarker.gene[1]' } });
  });

  it('cohorts combined by union, intersection and difference (dates from the cohorts that count)', async () => {
    const write = (name: string, body: string) => writeFileSync(path.join(dir, `${name}.yaml`), `parcours: cohort/1\nid: ${name}\nname: ${name}\n${body}`);
    write('lung', 'entry:\n  diagnosis: { codes: ICD10:C34 }\n');
    write('women', 'entry:\n  diagnosis: { codes: [ICD10:C34, ICD10:C50] }\ninclusion:\n  - name: female\n    sex: female\n');
    write('union', 'combine: { union: [lung, women] }\n');
    write('both', 'combine: { intersection: [lung, women] }\n');
    write('lung-men', 'combine: { difference: [lung, women] }\n');
    write('nested', 'combine: { union: [lung-men, { intersection: [women, both] }] }\n');
    const members = async (name: string) => {
      const result = await runCohort(wh, await readCohortDefinition(path.join(dir, `${name}.yaml`)), { library: cohortFolder(dir) });
      const rows = await wh.query<{ subject_id: number; cohort_start_date: string }>(
        select([col('subject_id'), col('cohort_start_date')], table('cohort'), eq(col('cohort_definition_id'), param(result.cohortDefinitionId, 'integer')), { orderBy: [asc(col('subject_id'))] }),
      );
      expect(result.attrition).toEqual([{ rule: 'entry', description: expect.stringMatching(/ of /), remaining: rows.length }]);
      return rows.map((r) => `${r.subject_id} ${r.cohort_start_date}`);
    };
    expect(await members('union')).toEqual(['1 2015-01-10', '2 2015-02-01', '3 2016-01-01', '4 2014-03-01']);
    expect(await members('both')).toEqual(['1 2015-01-10', '4 2014-03-01']);
    expect(await members('lung-men')).toEqual(['2 2015-02-01']);
    expect(await members('nested')).toEqual(['1 2015-01-10', '2 2015-02-01', '4 2014-03-01']);
  });

  it('cohort_definition rows: the cohort and one per arm, kept across runs', async () => {
    const body = 'arms:\n  - id: women\n    sex: female\n';
    const first = await runCohort(wh, parseCohortDefinition(`${HEAD}${body}`));
    const second = await runCohort(wh, parseCohortDefinition(`${HEAD}${body}`));
    expect(second.cohortDefinitionId).toBe(first.cohortDefinitionId);
    expect(second.arms[0]).toMatchObject({ id: 'women', cohortDefinitionId: first.arms[0]!.cohortDefinitionId, count: 2 });
    const definitions = await wh.query<{ cohort_definition_name: string; cohort_definition_syntax: string }>(
      select([col('cohort_definition_name'), col('cohort_definition_syntax')], table('cohort_definition'), undefined, { orderBy: [asc(col('cohort_definition_id'))] }),
    );
    const names = definitions.map((d) => d.cohort_definition_name);
    expect(names.filter((n) => n === 'test' || n === 'test/women')).toEqual(['test', 'test/women']);
    expect(JSON.parse(definitions.find((d) => d.cohort_definition_name === 'test/women')!.cohort_definition_syntax)).toEqual({ parcours: 'cohort/1', cohort: 'test', arm: { id: 'women', sex: 'female' } });
  });
});
