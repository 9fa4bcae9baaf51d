import { DUCKDB_DIALECT, POSTGRES_DIALECT, compileQuery, countRows, initWarehouse, select, sql, table, col, eq, param, type Warehouse } from '@parcours/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES, reportSkips } from '../../store/test/engines.js';
import {
  attritionQuery,
  cohortFolder,
  compileCohort,
  conceptSetMembersQuery,
  membersQuery,
  parseCohortDefinition,
  readCohortDefinition,
  resolveCohort,
  runCohort,
  vocabularyCheckQuery,
  type CompiledCohort,
} from '../src/index.js';

// The generated SQL, tested by its text (exact strings for small definitions), by both engines' planners (EXPLAIN
// through the store's `sql` template), and for injection: every string a definition supplies stays a bound value.

const compile = async (text: string, conceptSets?: ReadonlyMap<string, readonly number[]>): Promise<CompiledCohort> =>
  compileCohort(await resolveCohort(parseCohortDefinition(text)), conceptSets === undefined ? {} : { conceptSets });

const SMALL = `parcours: cohort/1
id: small
name: Small
entry:
  diagnosis: { codes: ICD10:C34 }
inclusion:
  - name: adult
    age: { min: 18 }
`;

const CONCEPT_SET =
  '"cs_1" as ((select "c"."concept_id" from "concept" as "c" where (("c"."vocabulary_id" = $1) and (("c"."concept_code" in ($2)) or ("c"."concept_code" like $3)))) ' +
  'union (select "ca"."descendant_concept_id" as "concept_id" from "concept_ancestor" as "ca" join "concept" as "c" on ("c"."concept_id" = "ca"."ancestor_concept_id") where (("c"."vocabulary_id" = $4) and ("c"."concept_code" in ($5)))))';
const INDEX_EVENT =
  '"index_event" as (select "e"."person_id", min("e"."index_date") as "index_date" from ' +
  '((select "co1"."person_id" as "person_id", "co1"."condition_start_date" as "index_date" from "condition_occurrence" as "co1" where ("co1"."condition_source_concept_id" in (select "concept_id" from "cs_1"))) ' +
  'union (select "co1"."person_id" as "person_id", "co1"."condition_start_date" as "index_date" from "condition_occurrence" as "co1" where ("co1"."condition_concept_id" in (select "concept_id" from "cs_1")))) as "e" group by "e"."person_id")';
const STAGE_1 =
  '"stage_1" as (select "ie"."person_id", "ie"."index_date" from "index_event" as "ie" join "person" as "p" on ("p"."person_id" = "ie"."person_id") where ' +
  '(((cast(extract(year from "ie"."index_date") as INTEGER) - "p"."year_of_birth") - (case when (((cast(extract(month from "ie"."index_date") as INTEGER) * 100) + cast(extract(day from "ie"."index_date") as INTEGER)) ' +
  '< ((coalesce("p"."month_of_birth", 1) * 100) + coalesce("p"."day_of_birth", 1))) then 1 else 0 end)) >= $6))';
const MEMBERS =
  '"members" as (select "ie"."person_id", "ie"."index_date", greatest("ie"."index_date", least("observation_end"."d", "death"."d")) as "end_date" from "stage_1" as "ie" ' +
  'left join (select "ie"."person_id", "ie"."index_date", max("op2"."observation_period_end_date") as "d" from "stage_1" as "ie" join "observation_period" as "op2" on ("op2"."person_id" = "ie"."person_id") where ("op2"."observation_period_start_date" <= "ie"."index_date") group by "ie"."person_id", "ie"."index_date") as "observation_end" on (("observation_end"."person_id" = "ie"."person_id") and ("observation_end"."index_date" = "ie"."index_date")) ' +
  'left join (select "ie"."person_id", "ie"."index_date", min("d3"."death_date") as "d" from "stage_1" as "ie" join "death" as "d3" on ("d3"."person_id" = "ie"."person_id") group by "ie"."person_id", "ie"."index_date") as "death" on (("death"."person_id" = "ie"."person_id") and ("death"."index_date" = "ie"."index_date")))';

describe('generated SQL, by its text', () => {
  it('a diagnosis entry and an age rule: concept set → index events → one stage per rule → members → attrition', async () => {
    const compiled = await compile(SMALL);
    const expected = {
      sql: `with ${CONCEPT_SET}, ${INDEX_EVENT}, ${STAGE_1}, ${MEMBERS} select (select count(distinct "person_id") from "index_event") as "entry", (select count(distinct "person_id") from "stage_1") as "rule_1"`,
      parameters: ['ICD10', 'C34', 'C34.%', 'ICD10', 'C34', 18],
    };
    // Nothing in this query differs between the engines.
    expect(compileQuery(attritionQuery(compiled), DUCKDB_DIALECT)).toEqual(expected);
    expect(compileQuery(attritionQuery(compiled), POSTGRES_DIALECT)).toEqual(expected);
    expect(compileQuery(membersQuery(compiled, 7, { materialized: true }), POSTGRES_DIALECT)).toEqual({
      sql: 'select cast($1 as INTEGER) as "cohort_definition_id", "m"."person_id" as "subject_id", "m"."index_date" as "cohort_start_date", "m"."end_date" as "cohort_end_date" from "members" as "m"',
      parameters: [7],
    });
  });

  it('a biomarker rule with resolved concept sets: bound ids, one join per concept column, the window', async () => {
    const compiled = await compile(
      'parcours: cohort/1\nid: b\nname: B\nentry:\n  line: { number: 1 }\ninclusion:\n  - name: ROS1\n    biomarker: { gene: ROS1, alteration: fusion }\n    window: { from: -30, to: 30 }\n',
      new Map([
        ['gene_1', [2007010261]],
        ['fusion_2', [19643910, 19644003]],
        ['fusion_3', [19643910, 19644003, 19644814]],
      ]),
    );
    expect(compiled.ctes.map((c) => c.name)).toEqual(['gene_1', 'fusion_2', 'fusion_3', 'entry_line', 'index_event', 'stage_1', 'members']);
    const stage = compiled.ctes.find((c) => c.name === 'stage_1')!;
    const branch = (concept: string): string =>
      `(select distinct "ie"."person_id", "ie"."index_date" from "index_event" as "ie" join "measurement" as "m2" on ("m2"."person_id" = "ie"."person_id") where ((((${concept} and ("m2"."value_source_value" = $P)) and ` +
      '((("m2"."measurement_concept_id" between $P and $P) and ("m2"."measurement_concept_id" in ($P, $P, $P))) or ("m2"."measurement_source_value" like $P))) ' +
      'and ("m2"."measurement_date" >= (cast("ie"."index_date" as DATE) + cast($P as INTEGER)))) and ("m2"."measurement_date" <= (cast("ie"."index_date" as DATE) + cast($P as INTEGER)))))';
    const { sql: text, parameters } = compileQuery(stage.query, DUCKDB_DIALECT);
    expect(text.replace(/\$\d+/g, '$P')).toBe(
      `${branch('("m2"."measurement_source_concept_id" in ($P))')} union ${branch('(("m2"."measurement_concept_id" between $P and $P) and ("m2"."measurement_concept_id" in ($P, $P)))')}`,
    );
    expect(parameters).toEqual([2007010261, 'positive', 19643910, 19644814, 19643910, 19644003, 19644814, '% fusion%', -30, 30, 19643910, 19644003, 19643910, 19644003, 'positive', 19643910, 19644814, 19643910, 19644003, 19644814, '% fusion%', -30, 30]);
  });
});

/** Every kind of string a definition can supply, each carrying an attempt to leave its literal. */
const ATTACK = "x'); drop table person; --";
const INJECTED = `parcours: cohort/1
id: injected
name: "${ATTACK}"
description: "${ATTACK}"
conceptSets:
  lung: ["ICD10:C34${ATTACK}"]
entry:
  line: { number: 1, regimen: "${ATTACK}", contains: [lung] }
inclusion:
  - name: "${ATTACK}"
    description: "${ATTACK}"
    biomarker: { gene: "ROS1${ATTACK}", variant: "V600E${ATTACK}", partner: "CD74${ATTACK}" }
  - name: second
    diagnosis: { codes: "ICDO3:8140/3${ATTACK}", histology: ["ICDO3:8140/3${ATTACK}"], topography: ["ICDO3:C34.1${ATTACK}"] }
arms:
  - id: arm
    name: "${ATTACK}"
    line: { regimen: "${ATTACK}", without: ["ATC:L01${ATTACK}"] }
`;

describe('injection: every user-supplied string stays a bound value', () => {
  it('compiles to SQL that holds none of them, on both dialects', async () => {
    const compiled = await compile(INJECTED);
    for (const dialect of [DUCKDB_DIALECT, POSTGRES_DIALECT]) {
      for (const query of [attritionQuery(compiled), membersQuery(compiled, 1), membersQuery(compiled, 2, { arm: compiled.arms[0]! }), vocabularyCheckQuery(compiled)!, conceptSetMembersQuery(compiled)!]) {
        const { sql: text, parameters } = compileQuery(query, dialect);
        expect(text).not.toContain('drop table');
        expect(text).not.toContain("x'");
        expect(parameters.some((p) => typeof p === 'string' && p.includes(ATTACK))).toBe(true);
      }
    }
  });
});

const AVAILABLE = ENGINES.filter((e) => e.available);
reportSkips();

describe.each(AVAILABLE.map((e) => [e.name, e] as const))('on %s', (_name, engine) => {
  let wh: Warehouse & { readonly url: string };
  beforeAll(async () => {
    wh = await engine.open();
    await initWarehouse(wh);
  }, 120_000);
  afterAll(async () => {
    await wh.close();
  });

  it("the engine's planner accepts every query of the shipped definitions (EXPLAIN), and they run", async () => {
    for (const id of ['ros1-nsclc-advanced', 'brca-ovarian-advanced', 'her2-breast-metastatic']) {
      const compiled = compileCohort(await resolveCohort(await readCohortDefinition(`cohorts/${id}.yaml`), cohortFolder('cohorts')));
      for (const query of [attritionQuery(compiled), membersQuery(compiled, 1), membersQuery(compiled, 2, { arm: compiled.arms[0]! }), vocabularyCheckQuery(compiled)!, conceptSetMembersQuery(compiled)!]) {
        const plan = await wh.query(sql`explain ${query}`);
        expect(plan.length).toBeGreaterThan(0);
      }
      // An empty warehouse: every count is 0, with the same types on both engines.
      const [counts] = await wh.query(attritionQuery(compiled));
      expect(Object.values(counts!).every((n) => n === 0n)).toBe(true);
    }
  });

  it('the injected definition runs as data: an error at the first unknown code, and the person table is still there', async () => {
    await wh.execute(sql`insert into ${sql.id('person')} (${sql.id('person_id')}, ${sql.id('gender_concept_id')}, ${sql.id('year_of_birth')}, ${sql.id('race_concept_id')}, ${sql.id('ethnicity_concept_id')}) values (${1}, ${8532}, ${1960}, ${0}, ${0})`);
    const error = await runCohort(wh, parseCohortDefinition(INJECTED, { file: 'injected.yaml' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'invalid_input', details: { path: 'conceptSets.lung[0]', file: 'injected.yaml', line: 6 } });
    expect(String((error as Error).message)).not.toContain(ATTACK);
    expect(await countRows(wh, 'person')).toBe(1);
  });

  it('names, descriptions, regimen, variant and partner run bound (valid codes): no member, the names stored as given', async () => {
    const valid = INJECTED.replaceAll(`ICD10:C34${ATTACK}`, 'ICD10:C34')
      .replaceAll(`ICDO3:8140/3${ATTACK}`, 'ICDO3:8140/3')
      .replaceAll(`ICDO3:C34.1${ATTACK}`, 'ICDO3:C34.1')
      .replaceAll(`ATC:L01${ATTACK}`, 'ATC:L01')
      .replace(`gene: "ROS1${ATTACK}"`, 'gene: ROS1');
    // A line entry needs lines in the warehouse: an error saying what to do, then one line episode written by hand.
    await expect(runCohort(wh, parseCohortDefinition(valid))).rejects.toMatchObject({ code: 'conflict', details: { hint: expect.stringMatching(/parcours lines/) } });
    await wh.append('episode', [[1, 1, 32531, '2020-01-01', null, '2020-03-01', null, null, 1, 0, 32545, 'carboplatin', 0]]);
    const result = await runCohort(wh, parseCohortDefinition(valid));
    expect(result.count).toBe(0);
    expect(result.attrition.map((a) => a.rule)).toEqual(['entry', ATTACK, 'second']);
    const [row] = await wh.query<{ cohort_definition_description: string }>(select([col('cohort_definition_description')], table('cohort_definition'), eq(col('cohort_definition_id'), param(result.cohortDefinitionId, 'integer'))));
    expect(row?.cohort_definition_description).toBe(`${ATTACK}\n\n${ATTACK}`);
    const gene = await runCohort(wh, parseCohortDefinition(INJECTED.replaceAll(`ICD10:C34${ATTACK}`, 'ICD10:C34').replaceAll(`ICDO3:8140/3${ATTACK}`, 'ICDO3:8140/3').replaceAll(`ICDO3:C34.1${ATTACK}`, 'ICDO3:C34.1').replaceAll(`ATC:L01${ATTACK}`, 'ATC:L01'))).catch((e: unknown) => e);
    expect(gene).toMatchObject({ code: 'invalid_input', details: { path: 'inclusion[0].biomarker.gene' } });
    expect(await countRows(wh, 'person')).toBe(1);
  });
});
