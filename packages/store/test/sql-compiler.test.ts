import { DuckDBInstance } from '@duckdb/node-api';
import { CDM_V54_TABLES } from '@parcours/core';
import {
  DUCKDB_DIALECT,
  POSTGRES_DIALECT,
  and,
  as,
  col,
  compileQuery,
  count,
  createTableFromSpec,
  eq,
  gte,
  inList,
  param,
  quoteIdentifier,
  select,
  sql,
  table,
} from '@parcours/store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const DIALECTS = [DUCKDB_DIALECT, POSTGRES_DIALECT];

describe('SQL compiler', () => {
  it('writes identifiers quoted and values as placeholders, in order', () => {
    const q = select([col('gender_concept_id'), as(count(), 'n')], table('person', 'p'), and(gte(col('year_of_birth', 'p'), param(1950)), inList(col('gender_concept_id'), [8507, 8532])), {
      groupBy: [col('gender_concept_id')],
      orderBy: [{ expression: col('gender_concept_id'), direction: 'desc' }],
      limit: 10,
    });
    for (const dialect of DIALECTS) {
      expect(compileQuery(q, dialect)).toEqual({
        sql: 'select "gender_concept_id", count(*) as "n" from "person" as "p" where (("p"."year_of_birth" >= $1) and ("gender_concept_id" in ($2, $3))) group by "gender_concept_id" order by "gender_concept_id" desc limit 10',
        parameters: [1950, 8507, 8532],
      });
    }
  });

  it('renders OMOP DDL per engine from the typed schema', () => {
    const death = CDM_V54_TABLES.find((t) => t.name === 'death')!;
    expect(compileQuery(createTableFromSpec(death), POSTGRES_DIALECT).sql).toBe(
      'CREATE TABLE "death" (\n  "person_id" INTEGER NOT NULL,\n  "death_date" DATE NOT NULL,\n  "death_datetime" TIMESTAMP,\n  "death_type_concept_id" INTEGER,\n  "cause_concept_id" INTEGER,\n  "cause_source_value" VARCHAR(50),\n  "cause_source_concept_id" INTEGER\n)',
    );
    expect(compileQuery(createTableFromSpec(death), DUCKDB_DIALECT).sql).toContain('"cause_source_value" VARCHAR,');
  });

  it('the sql template binds every interpolated value and compiles nested nodes', () => {
    const q = sql`select * from ${sql.id('person')} where person_source_value = ${"'; drop table person; --"} and person_id in (${select([col('person_id')], table('death'))})`;
    expect(compileQuery(q, POSTGRES_DIALECT)).toEqual({
      sql: 'select * from "person" where person_source_value = $1 and person_id in (select "person_id" from "death")',
      parameters: ["'; drop table person; --"],
    });
  });

  it('no value ever appears in the SQL text, and hostile identifiers stay one identifier (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((s) => !s.includes('\u0000')), fc.string(), (name, value) => {
        for (const dialect of DIALECTS) {
          const { sql: text, parameters } = compileQuery(select([col(name)], table(name), eq(col(name), param(value))), dialect);
          expect(parameters).toEqual([value]);
          const quoted = quoteIdentifier(name);
          // Removing every quoted identifier leaves only our own SQL: nothing from the user is left outside quotes.
          expect(text.split(quoted).join('')).toBe(`select  from  where ( = $1)`);
        }
      }),
    );
  });

  it('refuses what it cannot compile safely', () => {
    expect(() => compileQuery(select([col('x')], table('t'), undefined, { limit: -1 }), DUCKDB_DIALECT)).toThrow();
    expect(() => compileQuery({ kind: 'function', name: 'pg_sleep' as 'count', args: [] }, DUCKDB_DIALECT)).toThrow();
    expect(() => quoteIdentifier('a\u0000b')).toThrow();
  });

  it('DuckDB binds the generated SQL (EXPLAIN) and injection attempts are inert', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      for (const t of CDM_V54_TABLES) await connection.run(compileQuery(createTableFromSpec(t), DUCKDB_DIALECT).sql);
      const hostile = 'person"; drop table person; --';
      await connection.run(compileQuery({ kind: 'createTable', table: table(hostile), columns: [{ name: 'a"b', type: 'integer', notNull: false }] }, DUCKDB_DIALECT).sql);
      const q = compileQuery(
        select([col('person_id'), as(count(), 'n')], table('condition_occurrence'), and(eq(col('condition_source_value'), param("C34' or '1'='1")), gte(col('condition_start_date'), param('2020-01-01', 'date'))), { groupBy: [col('person_id')] }),
        DUCKDB_DIALECT,
      );
      const plan = await connection.runAndReadAll(`EXPLAIN ${q.sql}`, q.parameters as string[]);
      expect(plan.getRows().length).toBeGreaterThan(0);
      const tables = await connection.runAndReadAll("select table_name from information_schema.tables where table_name in ('person', 'person\"; drop table person; --')");
      expect(tables.getRows().map((r) => r[0]).sort()).toEqual(['person', hostile]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });
});
