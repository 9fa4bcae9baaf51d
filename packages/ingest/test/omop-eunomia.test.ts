import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Pseudonymizer } from '@parcours/pseudo';
import { as, col, count, eq, initWarehouse, innerJoin, notExists, param, select, star, table, type Warehouse } from '@parcours/store';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { cdmTableOfFileName, ingestOmop } from '../src/index.js';
import { ENGINES, reportSkips } from '../../store/test/engines.js';

reportSkips();

const EUNOMIA = path.resolve(import.meta.dirname, '../../../../shared/data/eunomia-synthea27nj');
const pseudonymizer = Pseudonymizer.fromKey(Buffer.alloc(32, 5));

/** A CSV file's records as objects, read with csv-parse directly (not with the code under test). */
function csvRecords(file: string): Record<string, string>[] {
  return parse(readFileSync(path.join(EUNOMIA, file)), { columns: (h: string[]) => h.map((c) => c.toLowerCase()), skip_empty_lines: true });
}

/** Data records per table, counted from the files. */
function fileCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const f of readdirSync(EUNOMIA).filter((n) => n.endsWith('.csv'))) counts.set(cdmTableOfFileName(f), csvRecords(f).length);
  return counts;
}

async function rowCount(wh: Warehouse, name: string): Promise<number> {
  const [r] = await wh.query<{ n: bigint }>(select([as(count(), 'n')], table(name)));
  return Number(r?.n ?? 0);
}

/**
 * A CONCEPT_ANCESTOR for the shard, which ships none: the transitive closure of its SNOMED "Is a" relationships,
 * and each RxNorm ingredient above the drugs whose name contains it (the shard has no ingredient relationships).
 */
function ancestorClosure(): Map<number, Map<number, number>> {
  const concepts = csvRecords('CONCEPT.csv');
  const parents = new Map<number, number[]>();
  for (const r of csvRecords('CONCEPT_RELATIONSHIP.filtered.csv')) {
    if (r['relationship_id'] !== 'Is a') continue;
    const child = Number(r['concept_id_1']);
    parents.set(child, [...(parents.get(child) ?? []), Number(r['concept_id_2'])]);
  }
  const closure = new Map<number, Map<number, number>>(); // ancestor → descendant → levels
  const add = (a: number, d: number, levels: number) => {
    const m = closure.get(a) ?? new Map<number, number>();
    closure.set(a, m);
    if (!m.has(d) || m.get(d)! > levels) m.set(d, levels);
  };
  for (const c of concepts) {
    const id = Number(c['concept_id']);
    add(id, id, 0);
    const walk = (at: number, levels: number) => {
      for (const p of parents.get(at) ?? []) {
        add(p, id, levels);
        walk(p, levels + 1);
      }
    };
    walk(id, 1);
  }
  const ingredients = concepts.filter((c) => c['vocabulary_id'] === 'RxNorm' && c['concept_class_id'] === 'Ingredient');
  for (const drug of concepts.filter((c) => c['vocabulary_id'] === 'RxNorm' && c['concept_class_id'] !== 'Ingredient')) {
    for (const i of ingredients) if (new RegExp(`\\b${i['concept_name']!.toLowerCase()}\\b`).test(drug['concept_name']!.toLowerCase())) add(Number(i['concept_id']), Number(drug['concept_id']), 1);
  }
  return closure;
}

function ancestorFolder(closure: Map<number, Map<number, number>>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'parcours-ancestor-'));
  const lines = ['ancestor_concept_id,descendant_concept_id,min_levels_of_separation,max_levels_of_separation'];
  for (const [a, ds] of closure) for (const [d, levels] of ds) lines.push(`${a},${d},${levels},${levels}`);
  writeFileSync(path.join(dir, 'CONCEPT_ANCESTOR.csv'), `${lines.join('\n')}\n`);
  return dir;
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`OMOP CSV ingestion of OHDSI Eunomia on ${engine.name}`, () => {
    it('loads every table with the files’ row counts, reconciled; a second load adds nothing', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      const report = await ingestOmop(wh, EUNOMIA, { pseudonymizer });
      console.log(`Eunomia → ${engine.name}: ${report.read} records in ${report.seconds.toFixed(2)} s`);
      const expected = fileCounts();
      const total = [...expected.values()].reduce((a, b) => a + b, 0);
      expect(report).toMatchObject({ reconciled: true, read: total, loaded: total - 1, quarantined: 0, excluded: 0, skipped: 1, skippedByReason: { 'cdm-source-of-input': 1 } });
      expect(report.warnings).toEqual([]);
      for (const [name, n] of expected) {
        // cdm_source keeps the warehouse's own row (it describes the warehouse); the input's row is skipped.
        expect(await rowCount(wh, name), name).toBe(name === 'cdm_source' ? 1 : n);
      }
      expect(await wh.query(select([col('cdm_source_name'), col('cdm_version')], table('cdm_source')))).toEqual([{ cdm_source_name: 'Parcours warehouse', cdm_version: '5.4' }]);

      const again = await ingestOmop(wh, EUNOMIA, { pseudonymizer });
      expect(again).toMatchObject({ loadId: null, read: 0, loaded: 0 });
      for (const [name, n] of expected) expect(await rowCount(wh, name), name).toBe(name === 'cdm_source' ? 1 : n);
    });

    it('keeps references consistent: every event points to a loaded person and visit; no source person id remains', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      await ingestOmop(wh, EUNOMIA, { pseudonymizer });
      const orphans = async (name: string, column: string, target: string, key: string) => {
        const rows = await wh.query<{ n: bigint }>(
          select([as(count(), 'n')], table(name, 'e'), notExists(select([star()], table(target, 't'), eq(col(key, 't'), col(column, 'e'))))),
        );
        return Number(rows[0]?.n);
      };
      for (const t of ['condition_occurrence', 'drug_exposure', 'measurement', 'observation', 'visit_occurrence', 'procedure_occurrence', 'death']) expect(await orphans(t, 'person_id', 'person', 'person_id'), t).toBe(0);
      expect(await orphans('visit_detail', 'visit_occurrence_id', 'visit_occurrence', 'visit_occurrence_id')).toBe(0);
      const sources = new Set(csvRecords('PERSON.csv').map((r) => r['person_source_value']));
      const stored = await wh.query<{ person_source_value: string }>(select([col('person_source_value')], table('person')));
      expect(stored).toHaveLength(sources.size);
      for (const r of stored) {
        expect(r.person_source_value).toMatch(/^[0-9a-f]{40}$/);
        expect(sources.has(r.person_source_value)).toBe(false);
      }
    });

    it('answers cohort counts over the loaded data as the files do: persons under a SNOMED concept, exposures per ingredient', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-01-01' });
      await ingestOmop(wh, EUNOMIA, { pseudonymizer });
      const closure = ancestorClosure();
      const vocabulary = await ingestOmop(wh, ancestorFolder(closure), { pseudonymizer });
      expect(vocabulary).toMatchObject({ reconciled: true, quarantined: 0 });

      // From the files: persons with a condition under each ancestor, drug exposures under each ingredient.
      const personsUnder = new Map<number, Set<string>>();
      const conditions = csvRecords('CONDITION_OCCURRENCE.csv');
      for (const [a, ds] of closure) {
        const persons = new Set(conditions.filter((c) => ds.has(Number(c['condition_concept_id']))).map((c) => c['person_id']!));
        if (persons.size > 0) personsUnder.set(a, persons);
      }
      const sinusitis = csvRecords('CONCEPT.csv').find((c) => c['concept_name'] === 'Sinusitis' && c['vocabulary_id'] === 'SNOMED');
      const sinusitisId = Number(sinusitis?.['concept_id']);
      expect(closure.get(sinusitisId)?.size).toBeGreaterThan(1); // a concept with descendants

      const co = 'co';
      const ca = 'ca';
      const personsByAncestor = await wh.query<{ ancestor: number; n: bigint }>(
        select([as(col('ancestor_concept_id', ca), 'ancestor'), as({ ...count(col('person_id', co)), distinct: true }, 'n')], table('condition_occurrence', co), undefined, {
          joins: [innerJoin(table('concept_ancestor', ca), eq(col('descendant_concept_id', ca), col('condition_concept_id', co)))],
          groupBy: [col('ancestor_concept_id', ca)],
        }),
      );
      const fromSql = new Map(personsByAncestor.map((r) => [r.ancestor, Number(r.n)]));
      expect(fromSql).toEqual(new Map([...personsUnder].map(([a, s]) => [a, s.size])));
      expect(fromSql.get(sinusitisId)).toBe(personsUnder.get(sinusitisId)?.size);
      expect(fromSql.get(sinusitisId)).toBeGreaterThan(0);

      const exposures = csvRecords('DRUG_EXPOSURE.csv');
      const ingredients = csvRecords('CONCEPT.csv').filter((c) => c['concept_class_id'] === 'Ingredient');
      const byIngredient = new Map<number, number>();
      for (const i of ingredients) {
        const id = Number(i['concept_id']);
        const n = exposures.filter((e) => closure.get(id)?.has(Number(e['drug_concept_id'])) === true).length;
        if (n > 0) byIngredient.set(id, n);
      }
      expect(byIngredient.size).toBeGreaterThan(2);
      const de = 'de';
      const c = 'c';
      const exposuresByIngredient = await wh.query<{ ingredient: number; n: bigint }>(
        select([as(col('concept_id', c), 'ingredient'), as(count(), 'n')], table('drug_exposure', de), eq(col('concept_class_id', c), param('Ingredient')), {
          joins: [
            innerJoin(table('concept_ancestor', ca), eq(col('descendant_concept_id', ca), col('drug_concept_id', de))),
            innerJoin(table('concept', c), eq(col('concept_id', c), col('ancestor_concept_id', ca))),
          ],
          groupBy: [col('concept_id', c)],
        }),
      );
      expect(new Map(exposuresByIngredient.map((r) => [r.ingredient, Number(r.n)]))).toEqual(byIngredient);
    });
  });
}
