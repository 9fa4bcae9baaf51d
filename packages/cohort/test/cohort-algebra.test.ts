import { WELL_KNOWN_CONCEPTS as C, conceptIdFor } from '@parcours/core';
import { asc, col, eq, initWarehouse, omopRowBuilder, param, select, table, type Warehouse } from '@parcours/store';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../store/test/engines.js';
import { parseCohortDefinition, runCohort, type CohortLibrary } from '../src/index.js';

// Property: combined cohorts are the set algebra of their operands' members, whatever the patients. Random
// patients with any of three cancers, three cohorts by diagnosis, and every operation checked against JavaScript sets.

const SITES = ['C34.1', 'C50.4', 'C61'] as const;
const COHORT_IDS = ['lung', 'breast', 'prostate'] as const;

/** The three operands by id, as a folder would hold them: any `CohortLibrary` will do. */
const library: CohortLibrary = {
  async load(id) {
    const site = SITES[COHORT_IDS.indexOf(id as (typeof COHORT_IDS)[number])];
    if (site === undefined) throw new Error(`no cohort ${id}`);
    return parseCohortDefinition(`parcours: cohort/1\nid: ${id}\nname: ${id}\nentry:\n  diagnosis: { codes: ICD10:${site} }\n`);
  },
};

describe('combined cohorts follow set algebra (DuckDB)', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await ENGINES[0]!.open();
    await initWarehouse(wh);
  }, 60_000);
  afterAll(async () => {
    await wh.close();
  });

  async function members(combine: string): Promise<number[]> {
    const result = await runCohort(wh, parseCohortDefinition(`parcours: cohort/1\nid: combined\nname: Combined\ncombine: ${combine}\n`), { library });
    const rows = await wh.query<{ subject_id: number }>(select([col('subject_id')], table('cohort'), eq(col('cohort_definition_id'), param(result.cohortDefinitionId, 'integer')), { orderBy: [asc(col('subject_id'))] }));
    return rows.map((r) => r.subject_id);
  }

  it('union, intersection, difference and a nested expression', async () => {
    const person = omopRowBuilder('person');
    const condition = omopRowBuilder('condition_occurrence');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.subarray([0, 1, 2]), { minLength: 1, maxLength: 12 }), async (patients) => {
        await wh.execute({ kind: 'delete', table: table('condition_occurrence') });
        await wh.execute({ kind: 'delete', table: table('person') });
        await wh.append('person', patients.map((_, i) => person({ person_id: i + 1, gender_concept_id: C.GENDER.female, year_of_birth: 1960, race_concept_id: 0, ethnicity_concept_id: 0 })));
        let n = 0;
        const rows = patients.flatMap((sites, i) => sites.map((s) => condition({ condition_occurrence_id: ++n, person_id: i + 1, condition_concept_id: 0, condition_start_date: '2020-01-01', condition_type_concept_id: C.TYPE_CONCEPT.ehr, condition_source_concept_id: conceptIdFor('ICD10', SITES[s]!)! })));
        if (rows.length > 0) await wh.append('condition_occurrence', rows);
        const has = (site: number): Set<number> => new Set(patients.flatMap((sites, i) => (sites.includes(site) ? [i + 1] : [])));
        const [lung, breast, prostate] = [has(0), has(1), has(2)];
        const sorted = (s: Iterable<number>): number[] => [...s].sort((a, b) => a - b);
        expect(await members('{ union: [lung, breast] }')).toEqual(sorted(new Set([...lung, ...breast])));
        expect(await members('{ intersection: [lung, breast, prostate] }')).toEqual(sorted([...lung].filter((p) => breast.has(p) && prostate.has(p))));
        expect(await members('{ difference: [lung, breast, prostate] }')).toEqual(sorted([...lung].filter((p) => !breast.has(p) && !prostate.has(p))));
        expect(await members('{ union: [prostate, { difference: [lung, { intersection: [breast, lung] }] }] }')).toEqual(sorted(new Set([...prostate, ...[...lung].filter((p) => !breast.has(p))])));
      }),
      { numRuns: 12 },
    );
  }, 120_000);
});
