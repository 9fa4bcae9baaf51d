import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppError, WAREHOUSE_TABLES, isoDateToDayNumber } from '@parcours/core';
import {
  LATEST_MIGRATION,
  as,
  col,
  count,
  describeWarehouse,
  eq,
  initWarehouse,
  loadVocabularyFiles,
  migrate,
  param,
  schemaVersion,
  select,
  sql,
  table,
} from '@parcours/store';
import { describe, expect, it } from 'vitest';
import { ENGINES, reportSkips } from './engines.js';

reportSkips();

const EUNOMIA = path.resolve(import.meta.dirname, '../../../../shared/data/eunomia-synthea27nj');

/** information_schema data_type each engine reports for an OMOP logical type. */
const EXPECTED_TYPE = {
  duckdb: { integer: 'INTEGER', bigint: 'BIGINT', float: 'DOUBLE', date: 'DATE', datetime: 'TIMESTAMP', varchar: 'VARCHAR', text: 'VARCHAR' },
  postgres: { integer: 'integer', bigint: 'bigint', float: 'double precision', date: 'date', datetime: 'timestamp without time zone', varchar: 'character varying', text: 'text' },
} as const;

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`warehouse on ${engine.name}`, () => {
    it('init creates every OMOP CDM v5.4 and imaging table with OMOP column names, order, types and nullability', async () => {
      await using wh = await engine.open();
      const report = await initWarehouse(wh, { today: '2026-01-01' });
      expect(report.migrations.current).toBe(LATEST_MIGRATION);
      const rows = await wh.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string; character_maximum_length: number | bigint | null }>(
        sql`select table_name, column_name, data_type, is_nullable, character_maximum_length from information_schema.columns where table_schema = ${wh.engine === 'duckdb' ? 'main' : wh.namespace} order by table_name, ordinal_position`,
      );
      for (const spec of WAREHOUSE_TABLES) {
        const actual = rows.filter((r) => r.table_name === spec.name);
        expect(actual.map((r) => r.column_name), spec.name).toEqual(spec.columns.map((c) => c.name));
        spec.columns.forEach((c, i) => {
          const a = actual[i]!;
          expect(a.data_type, `${spec.name}.${c.name}`).toBe(EXPECTED_TYPE[engine.name][c.type]);
          expect(a.is_nullable, `${spec.name}.${c.name}`).toBe(c.required ? 'NO' : 'YES');
          if (engine.name === 'postgres' && c.type === 'varchar') expect(Number(a.character_maximum_length)).toBe(c.length);
        });
      }
      expect(WAREHOUSE_TABLES.map((t) => t.name)).toEqual(
        expect.arrayContaining(['person', 'episode', 'episode_event', 'image_occurrence', 'concept_ancestor', 'cohort', 'cohort_definition', 'note_nlp']),
      );
    });

    it('init is idempotent and records its migrations', async () => {
      await using wh = await engine.open();
      const first = await initWarehouse(wh, { today: '2026-01-01' });
      const second = await initWarehouse(wh, { today: '2026-01-02' });
      expect(first.migrations.applied.length).toBe(LATEST_MIGRATION);
      expect(second.migrations.applied).toEqual([]);
      expect(second.cdmSourceCreated).toBe(false);
      expect(await schemaVersion(wh)).toBe(LATEST_MIGRATION);
      const source = await wh.query(sql`select cdm_version, cdm_version_concept_id, cdm_release_date from ${sql.id('cdm_source')}`);
      expect(source).toEqual([{ cdm_version: '5.4', cdm_version_concept_id: 756265, cdm_release_date: '2026-01-01' }]);
    });

    it("names note_nlp's reserved-word column offset, and renames the quoted name older warehouses had", async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const offsetColumns = () =>
        wh.query<{ column_name: string }>(
          sql`select column_name from information_schema.columns where table_schema = ${wh.namespace} and table_name = ${'note_nlp'} and column_name like ${'%offset%'}`,
        );
      expect(await offsetColumns()).toEqual([{ column_name: 'offset' }]);
      // A warehouse made before migration 5: the column was called "offset", quotes included.
      await wh.execute({ kind: 'renameColumn', table: table('note_nlp'), from: 'offset', to: '"offset"' });
      await wh.execute(sql`delete from ${sql.id('parcours_migration')} where migration_id = ${5}`);
      const report = await migrate(wh);
      expect(report.applied).toEqual([{ id: 5, name: 'note-nlp-offset-column-name' }]);
      expect(await offsetColumns()).toEqual([{ column_name: 'offset' }]);
      await wh.append('note_nlp', [[1, 1, null, 'snippet', '12', 'tumour', null, null, null, '2024-01-01', null, null, null, null]]);
      expect(await wh.query(sql`select ${sql.id('offset')} as o from ${sql.id('note_nlp')}`)).toEqual([{ o: '12' }]);
    });

    it('appends and reads back every column type the same way on each engine', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const awkward = 'tab\there\nnew line \\ back "quote" \'single\' é 漢字 \r';
      const n = await wh.append('measurement', [
        [1, 10, 3025315, '2013-05-17', '2013-05-17 08:30:00', null, 32817, null, 48.125, null, 9529, null, null, null, null, null, awkward, 0, 'kg', null, '48.1', 2_147_483_647, null],
        [2, 10, 3025315, isoDateToDayNumber('1999-12-31'), null, '12:00', 32817, 0, -0.5, 0, 0, 1.5, 2.5, null, null, null, null, null, null, null, null, null, null],
      ], {});
      expect(n).toBe(2);
      const rows = await wh.query(select(['measurement_id', 'measurement_date', 'measurement_datetime', 'value_as_number', 'measurement_source_value', 'measurement_event_id', 'range_low'].map((c) => col(c)), table('measurement'), undefined, { orderBy: [{ expression: col('measurement_id') }] }));
      expect(rows).toEqual([
        { measurement_id: 1, measurement_date: '2013-05-17', measurement_datetime: '2013-05-17T08:30:00', value_as_number: 48.125, measurement_source_value: awkward, measurement_event_id: 2_147_483_647, range_low: null },
        { measurement_id: 2, measurement_date: '1999-12-31', measurement_datetime: null, value_as_number: -0.5, measurement_source_value: null, measurement_event_id: null, range_low: 1.5 },
      ]);
      // An integer column refuses what does not fit in 32 bits instead of wrapping it.
      await expect(wh.append('measurement', [[3, 10, 1, '2020-01-01', null, null, 1, null, null, null, null, null, null, null, null, null, null, null, null, null, null, 2_147_483_648, null]])).rejects.toMatchObject({ code: 'invalid_input' });
      // BIGINT values come back as bigint, exactly, beyond 2^53.
      await wh.execute({ kind: 'createTable', table: table('wide'), columns: [{ name: 'k', type: 'bigint', notNull: true }] });
      await wh.append('wide', [[9_007_199_254_740_993n], ['-9007199254740993']]);
      expect(await wh.query(sql`select k from ${sql.id('wide')} order by k`)).toEqual([{ k: -9_007_199_254_740_993n }, { k: 9_007_199_254_740_993n }]);
      const counted = await wh.query(select([as(count(), 'n')], table('measurement')));
      expect(counted).toEqual([{ n: 2n }]);
    });

    it('refuses a string longer than its VARCHAR(n) on every engine, leaving nothing behind', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const ok = ['x', 'X', 'h', null, null, null, '2026-01-01', '2026-01-01', '5.4', 756265, 'v'.repeat(20)];
      const tooLong = ['y', 'Y', 'h', null, null, null, '2026-01-01', '2026-01-01', '5.4', 756265, 'v'.repeat(21)];
      const error = await wh.append('cdm_source', [ok, tooLong]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_input');
      // init wrote one row; the failed append left neither of its two.
      expect(await wh.query(sql`select count(*) as n from ${sql.id('cdm_source')}`)).toEqual([{ n: 1n }]);
      expect(await wh.append('cdm_source', [ok])).toBe(1);
    });

    it('appends a subset of columns, in any order', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      await wh.append('death', [[2, '2020-02-29'], [1, '2021-01-01']], { columns: ['person_id', 'death_date'] });
      const rows = await wh.query(sql`select person_id, death_date, cause_concept_id from ${sql.id('death')} order by person_id`);
      expect(rows).toEqual([
        { person_id: 1, death_date: '2021-01-01', cause_concept_id: null },
        { person_id: 2, death_date: '2020-02-29', cause_concept_id: null },
      ]);
      await expect(wh.append('death', [[1]], { columns: ['no_such_column'] })).rejects.toMatchObject({ code: 'invalid_argument' });
    });

    it('binds values: an injection attempt is stored and matched literally', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const evil = "x'); drop table person; --";
      await wh.execute({ kind: 'insert', table: table('location'), columns: ['location_id', 'city'], rows: [[param(1), param(evil)]] });
      const found = await wh.query(select([col('location_id')], table('location'), eq(col('city'), param(evil))));
      expect(found).toEqual([{ location_id: 1 }]);
      expect(await wh.listTables()).toContain('person');
    });

    it('an engine error never repeats the value that caused it', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const error = await wh.query(sql`select cast(${'Dupont-Secret'} as integer) as x`).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_input');
      expect((error as AppError).message).not.toContain('Dupont');
      const missing = await wh.query(sql`select * from ${sql.id('no_such_table')}`).catch((e: unknown) => e);
      expect((missing as AppError).code).toBe('not_found');
    });

    it('rolls a failed transaction back completely, commits a good one', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      await expect(
        wh.transaction(async (tx) => {
          await tx.append('person', [[1, 8507, 1950, null, null, null, 0, 0, null, null, null, 'a', null, null, null, null, null, null]]);
          await tx.append('person', [[2, 8532, 'not a year', null, null, null, 0, 0, null, null, null, 'b', null, null, null, null, null, null]]);
        }),
      ).rejects.toBeInstanceOf(AppError);
      expect(await wh.query(sql`select count(*) as n from ${sql.id('person')}`)).toEqual([{ n: 0n }]);
      await wh.transaction((tx) => tx.append('person', [[3, 8507, 1960, null, null, null, 0, 0, null, null, null, 'c', null, null, null, null, null, null]]));
      expect(await wh.query(sql`select count(*) as n from ${sql.id('person')}`)).toEqual([{ n: 1n }]);
    });

    it('streams a large result in bounded batches', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      async function* batches() {
        for (let b = 0; b < 5; b++) yield Array.from({ length: 5000 }, (_, i) => [b * 5000 + i + 1, 8532, 1900 + (i % 100), null, null, null, 0, 0, null, null, null, null, null, null, null, null, null, null]);
      }
      expect(await wh.append('person', batches())).toBe(25_000);
      let total = 0;
      let largest = 0;
      let sum = 0;
      for await (const batch of wh.stream<{ person_id: number }>(sql`select person_id from ${sql.id('person')}`, { batchSize: 4096 })) {
        total += batch.length;
        largest = Math.max(largest, batch.length);
        for (const r of batch) sum += r.person_id;
      }
      expect(total).toBe(25_000);
      expect(largest).toBeLessThanOrEqual(4096);
      expect(sum).toBe((25_000 * 25_001) / 2);
    });

    it('loads the bundled oncology vocabulary with its hierarchies', async () => {
      await using wh = await engine.open();
      const report = await initWarehouse(wh);
      expect(report.vocabularyConcepts).toBeGreaterThan(1000);
      const descendantsOf = async (vocabulary: string, code: string) =>
        (
          await wh.query<{ vocabulary_id: string; concept_code: string }>(sql`
            select d.vocabulary_id, d.concept_code
            from ${sql.id('concept')} a
            join ${sql.id('concept_ancestor')} ca on ca.ancestor_concept_id = a.concept_id
            join ${sql.id('concept')} d on d.concept_id = ca.descendant_concept_id
            where a.vocabulary_id = ${vocabulary} and a.concept_code = ${code}`)
        ).map((r) => `${r.vocabulary_id}:${r.concept_code}`);
      expect(await descendantsOf('ICD10', 'C34')).toEqual(expect.arrayContaining(['ICD10:C34', 'ICD10:C34.1', 'ICD10:C34.9']));
      expect(await descendantsOf('ICD10', 'C34')).not.toContain('ICD10:C50.9');
      const l01ed = await descendantsOf('ATC', 'L01ED');
      expect(l01ed).toEqual(expect.arrayContaining(['ATC:L01ED01']));
      expect(l01ed.some((c) => c.startsWith('RxNorm:'))).toBe(true);
    });

    it('loads the OHDSI Eunomia vocabulary with row counts equal to the files, atomically', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false });
      const report = await loadVocabularyFiles(wh, EUNOMIA);
      const lines = (f: string) => readFileSync(path.join(EUNOMIA, f), 'utf8').split('\n').filter((l) => l.length > 0).length - 1;
      const byTable = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
      expect(byTable['concept']).toBe(lines('CONCEPT.csv'));
      expect(byTable['concept_relationship']).toBe(lines('CONCEPT_RELATIONSHIP.filtered.csv'));
      expect(byTable['vocabulary']).toBe(lines('VOCABULARY.csv'));
      const stored = await wh.query(sql`select count(*) as n from ${sql.id('concept')}`);
      expect(stored).toEqual([{ n: BigInt(lines('CONCEPT.csv')) }]);
    });

    it('loads an Athena-style tab-separated download; a bad line names file:line and column and changes nothing', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh);
      const before = await wh.query(sql`select count(*) as n from ${sql.id('concept')}`);
      const dir = mkdtempSync(path.join(tmpdir(), 'athena-'));
      writeFileSync(path.join(dir, 'VOCABULARY.csv'), 'vocabulary_id\tvocabulary_name\tvocabulary_reference\tvocabulary_version\tvocabulary_concept_id\nNone\tOMOP Standardized Vocabularies\tOMOP generated\tv5.0 31-AUG-26\t44819096\n');
      const concept = 'concept_id\tconcept_name\tdomain_id\tvocabulary_id\tconcept_class_id\tstandard_concept\tconcept_code\tvalid_start_date\tvalid_end_date\tinvalid_reason\n';
      writeFileSync(path.join(dir, 'CONCEPT.csv'), `${concept}1\t5" tube "quoted\tDevice\tSNOMED\tPhysical Object\tS\t123\t19700101\t20991231\t\n2\tTwo\tCondition\tICD10\t3-char nonbill code\t\tC34\t19700101\t20991231\t\n`);
      const ok = await loadVocabularyFiles(wh, dir);
      expect(ok.tables.find((t) => t.table === 'concept')?.rows).toBe(2);
      expect(await wh.query(sql`select concept_name, valid_start_date from ${sql.id('concept')} where concept_id = ${1}`)).toEqual([{ concept_name: '5" tube "quoted', valid_start_date: '1970-01-01' }]);

      writeFileSync(path.join(dir, 'CONCEPT.csv'), `${concept}1\tOne\tDevice\tSNOMED\tPhysical Object\tS\t123\t19700101\t20991231\t\n2\tTwo\tCondition\tICD10\tX\t\tC34\t2024-13-45\t20991231\t\n`);
      const error = await loadVocabularyFiles(wh, dir).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).details).toMatchObject({ file: 'CONCEPT.csv', line: 3, column: 'valid_start_date' });
      const after = await wh.query(sql`select count(*) as n from ${sql.id('concept')}`);
      expect(after).toEqual([{ n: 2n }]);
      expect(before).not.toEqual(after);
    });

    it('describes itself: row counts, cdm_source, vocabulary versions, size', async () => {
      await using wh = await engine.open();
      await initWarehouse(wh, { vocabulary: false, today: '2026-03-04' });
      await wh.append('person', [[1, 8507, 1950, null, null, null, 0, 0, null, null, null, null, null, null, null, null, null, null]]);
      const info = await describeWarehouse(wh);
      expect(info.engine).toBe(engine.name);
      expect(info.tables.find((t) => t.table === 'person')?.rows).toBe(1);
      expect(info.tables.find((t) => t.table === 'measurement')?.rows).toBe(0);
      expect(info.tables.length).toBe(WAREHOUSE_TABLES.length);
      expect(info.cdmSource?.['cdm_version']).toBe('5.4');
      expect(info.sizeBytes).toBeGreaterThan(0);
    });
  });
}
