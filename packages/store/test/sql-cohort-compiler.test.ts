// The SQL text of the constructs cohort compilation needs (CTEs, derived tables, joins, windows, exists/between,
// set operations, portable date arithmetic, insert … select, create table as), per dialect. The same trees run on
// both engines in sql-cohort-queries.test.ts.
import {
  DUCKDB_DIALECT,
  POSTGRES_DIALECT,
  addDays,
  and,
  as,
  between,
  caseWhen,
  col,
  compileQuery,
  count,
  createTableAs,
  createTempTableAs,
  crossJoin,
  cte,
  dateDiffDays,
  derivedTable,
  desc,
  eq,
  except,
  exists,
  extract,
  firstValue,
  fn,
  fullJoin,
  greatest,
  gte,
  inList,
  inQuery,
  innerJoin,
  insertSelect,
  intersect,
  lag,
  lead,
  least,
  leftJoin,
  literal,
  makeDate,
  notBetween,
  notExists,
  notIn,
  over,
  param,
  rowNumber,
  rowsBetween,
  select,
  star,
  table,
  union,
  unionAll,
  withQuery,
  type ExpressionNode,
  type SqlNode,
} from '@parcours/store';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const DIALECTS = [DUCKDB_DIALECT, POSTGRES_DIALECT];

/** Same text on both engines. */
function expectBoth(node: SqlNode, sql: string, parameters: readonly unknown[] = []): void {
  for (const dialect of DIALECTS) expect(compileQuery(node, dialect), dialect.name).toEqual({ sql, parameters });
}

const firstExposure = withQuery(
  [
    cte(
      'ranked',
      select(
        [col('person_id'), col('drug_concept_id'), col('drug_exposure_start_date'), as(over(rowNumber(), { partitionBy: [col('person_id')], orderBy: [col('drug_exposure_start_date'), col('drug_exposure_id')] }), 'rn')],
        table('drug_exposure'),
        gte(col('drug_exposure_start_date'), param('2019-01-01', 'date')),
      ),
    ),
  ],
  select([col('person_id'), col('drug_concept_id'), col('drug_exposure_start_date')], table('ranked'), eq(col('rn'), literal(1)), { orderBy: [{ expression: col('person_id') }] }),
);

describe('SQL compiler: constructs for cohorts', () => {
  it('a CTE read by name, with row_number over a partition', () => {
    expectBoth(
      firstExposure,
      'with "ranked" as (select "person_id", "drug_concept_id", "drug_exposure_start_date", row_number() over (partition by "person_id" order by "drug_exposure_start_date", "drug_exposure_id") as "rn" from "drug_exposure" where ("drug_exposure_start_date" >= cast($1 as DATE))) ' +
        'select "person_id", "drug_concept_id", "drug_exposure_start_date" from "ranked" where ("rn" = 1) order by "person_id"',
      ['2019-01-01'],
    );
  });

  it('several CTEs with named columns; withQuery appends to an existing with', () => {
    const q = withQuery([cte('b', select([col('x')], table('a')))], withQuery([cte('a', select([literal(1)]), ['x'])], select([count()], table('b'))));
    expectBoth(q, 'with "a" ("x") as (select 1), "b" as (select "x" from "a") select count(*) from "b"');
  });

  it('window functions: lag/lead with offsets and defaults, first_value, aggregates over frames, NULLS order', () => {
    const w = { partitionBy: [col('person_id')], orderBy: [col('drug_exposure_start_date'), desc(col('drug_exposure_end_date'), 'last')] };
    const q = select(
      [
        as(over(lag(col('drug_exposure_end_date')), w), 'previous_end'),
        as(over(lead(col('drug_exposure_start_date'), 2, param('2099-12-31', 'date')), w), 'next_start'),
        as(over(firstValue(col('drug_concept_id')), w), 'first_drug'),
        as(over(count(), { ...w, frame: rowsBetween('unbounded preceding', 'current row') }), 'n_so_far'),
        as(over(fn('sum', col('quantity')), { partitionBy: [col('person_id')], frame: rowsBetween({ preceding: 1 }, { following: 0 }) }), 'pair_sum'),
        as(over(fn('max', col('drug_exposure_end_date'))), 'latest_end'),
      ],
      table('drug_exposure'),
    );
    const window = 'over (partition by "person_id" order by "drug_exposure_start_date", "drug_exposure_end_date" desc nulls last';
    expectBoth(
      q,
      `select lag("drug_exposure_end_date", 1) ${window}) as "previous_end", lead("drug_exposure_start_date", 2, cast($1 as DATE)) ${window}) as "next_start", ` +
        `first_value("drug_concept_id") ${window}) as "first_drug", count(*) ${window} rows between unbounded preceding and current row) as "n_so_far", ` +
        'sum("quantity") over (partition by "person_id" rows between 1 preceding and 0 following) as "pair_sum", max("drug_exposure_end_date") over () as "latest_end" from "drug_exposure"',
      ['2099-12-31'],
    );
  });

  it('portable date arithmetic: the one place the dialects write different SQL', () => {
    const q = select(
      [
        as(dateDiffDays(col('drug_exposure_start_date', 'd'), col('death_date', 'x')), 'days_to_death'),
        as(dateDiffDays(param('2020-01-01', 'date'), col('drug_exposure_start_date', 'd')), 'days_since'),
        as(addDays(col('drug_exposure_end_date', 'd'), 30), 'grace_end'),
        as(addDays(col('drug_exposure_end_date', 'd'), literal(-1)), 'day_before'),
        as(extract('year', col('death_date', 'x')), 'death_year'),
        as(makeDate(col('year_of_birth'), param(7), literal(1)), 'birth'),
        as(greatest(col('a'), col('b')), 'g'),
        as(least(col('a'), col('b')), 'l'),
      ],
      table('drug_exposure', 'd'),
    );
    const common = '(cast("d"."drug_exposure_end_date" as DATE) + cast($2 as INTEGER)) as "grace_end", (cast("d"."drug_exposure_end_date" as DATE) + -1) as "day_before", cast(extract(year from "x"."death_date") as INTEGER) as "death_year", make_date("year_of_birth", $3, 1) as "birth", greatest("a", "b") as "g", least("a", "b") as "l" from "drug_exposure" as "d"';
    expect(compileQuery(q, DUCKDB_DIALECT)).toEqual({
      sql: `select cast(date_diff('day', cast("d"."drug_exposure_start_date" as DATE), cast("x"."death_date" as DATE)) as INTEGER) as "days_to_death", cast(date_diff('day', cast($1 as DATE), cast("d"."drug_exposure_start_date" as DATE)) as INTEGER) as "days_since", ${common}`,
      parameters: ['2020-01-01', 30, 7],
    });
    expect(compileQuery(q, POSTGRES_DIALECT)).toEqual({
      sql: `select (cast("x"."death_date" as DATE) - cast("d"."drug_exposure_start_date" as DATE)) as "days_to_death", (cast("d"."drug_exposure_start_date" as DATE) - cast($1 as DATE)) as "days_since", ${common}`,
      parameters: ['2020-01-01', 30, 7],
    });
  });

  it('derived tables in FROM and JOIN, and every join type', () => {
    const firsts = derivedTable(select([col('person_id'), as(fn('min', col('drug_exposure_start_date')), 'first_start')], table('drug_exposure'), undefined, { groupBy: [col('person_id')] }), 'f');
    const q = select([col('person_id', 'p'), col('first_start', 'f'), col('n', 'c')], table('person', 'p'), undefined, {
      joins: [
        innerJoin(firsts, eq(col('person_id', 'f'), col('person_id', 'p'))),
        leftJoin(table('death', 'x'), eq(col('person_id', 'x'), col('person_id', 'p'))),
        fullJoin(table('observation_period', 'o'), eq(col('person_id', 'o'), col('person_id', 'p'))),
        crossJoin(derivedTable(select([count()], table('person')), 'c', ['n'])),
      ],
    });
    expectBoth(
      q,
      'select "p"."person_id", "f"."first_start", "c"."n" from "person" as "p" ' +
        'join (select "person_id", min("drug_exposure_start_date") as "first_start" from "drug_exposure" group by "person_id") as "f" on ("f"."person_id" = "p"."person_id") ' +
        'left join "death" as "x" on ("x"."person_id" = "p"."person_id") full join "observation_period" as "o" on ("o"."person_id" = "p"."person_id") ' +
        'cross join (select count(*) from "person") as "c" ("n")',
    );
    expectBoth(select([star()], derivedTable(select([col('a')], table('t')), 's')), 'select * from (select "a" from "t") as "s"');
  });

  it('exists, not exists, between, in and not in a sub-query, case', () => {
    const died = (alias: string) => select([literal(1)], table('death', 'x'), eq(col('person_id', 'x'), col('person_id', alias)));
    const q = select([col('person_id'), as(caseWhen([[exists(died('p')), param('deceased')]], param('alive')), 'status')], table('person', 'p'), and(
      notExists(died('p')),
      between(col('year_of_birth'), param(1940), param(1960)),
      notBetween(col('month_of_birth'), literal(6), literal(8)),
      inQuery(col('person_id'), select([col('person_id')], table('drug_exposure'))),
      notIn(col('person_id'), select([col('person_id')], table('episode'))),
      notIn(col('gender_concept_id'), [0]),
    ));
    expectBoth(
      q,
      'select "person_id", (case when (exists (select 1 from "death" as "x" where ("x"."person_id" = "p"."person_id"))) then $1 else $2 end) as "status" from "person" as "p" where ((((((not exists (select 1 from "death" as "x" where ("x"."person_id" = "p"."person_id")))' +
        ' and ("year_of_birth" between $3 and $4)) and ("month_of_birth" not between 6 and 8)) and ("person_id" in (select "person_id" from "drug_exposure"))) and ("person_id" not in (select "person_id" from "episode"))) and ("gender_concept_id" not in ($5)))',
      ['deceased', 'alive', 1940, 1960, 0],
    );
  });

  it('an empty value list is false for in and true for not in (in () is a syntax error on both engines)', () => {
    expectBoth(select([col('x')], table('t'), and(inList(col('x'), []), notIn(col('y'), []))), 'select "x" from "t" where (false and true)');
  });

  it('union, intersect and except, nested and with a CTE', () => {
    const takes = (concept: number) => select([col('person_id')], table('drug_exposure'), eq(col('drug_concept_id'), param(concept)));
    expectBoth(intersect(takes(1), takes(2)), '(select "person_id" from "drug_exposure" where ("drug_concept_id" = $1)) intersect (select "person_id" from "drug_exposure" where ("drug_concept_id" = $2))', [1, 2]);
    expectBoth(
      withQuery([cte('dead', select([col('person_id')], table('death')))], except(union(takes(1), takes(2)), select([col('person_id')], table('dead')))),
      'with "dead" as (select "person_id" from "death") ((select "person_id" from "drug_exposure" where ("drug_concept_id" = $1)) union (select "person_id" from "drug_exposure" where ("drug_concept_id" = $2))) except (select "person_id" from "dead")',
      [1, 2],
    );
    expectBoth(unionAll(takes(1), takes(2), takes(3)), '(select "person_id" from "drug_exposure" where ("drug_concept_id" = $1)) union all (select "person_id" from "drug_exposure" where ("drug_concept_id" = $2)) union all (select "person_id" from "drug_exposure" where ("drug_concept_id" = $3))', [1, 2, 3]);
    // The UnionNode written before `operator` existed is still a union.
    expectBoth({ kind: 'union', all: false, queries: [takes(1), takes(2)] }, '(select "person_id" from "drug_exposure" where ("drug_concept_id" = $1)) union (select "person_id" from "drug_exposure" where ("drug_concept_id" = $2))', [1, 2]);
  });

  it('insert … select (with a CTE) and create [temporary] table … as select', () => {
    expectBoth(
      insertSelect(table('cohort'), ['cohort_definition_id', 'subject_id', 'cohort_start_date', 'cohort_end_date'], withQuery([cte('f', select([col('person_id'), col('d')], table('firsts')))], select([param(7), col('person_id'), col('d'), addDays(col('d'), literal(365))], table('f')))),
      'insert into "cohort" ("cohort_definition_id", "subject_id", "cohort_start_date", "cohort_end_date") with "f" as (select "person_id", "d" from "firsts") select $1, "person_id", "d", (cast("d" as DATE) + 365) from "f"',
      [7],
    );
    expectBoth(createTempTableAs('first_line', select([col('person_id')], table('drug_exposure'))), 'CREATE TEMPORARY TABLE "first_line" AS select "person_id" from "drug_exposure"');
    expectBoth(createTableAs(table('snapshot', undefined, 'results'), intersect(select([col('a')], table('x')), select([col('a')], table('y')))), 'CREATE TABLE "results"."snapshot" AS (select "a" from "x") intersect (select "a" from "y")');
  });

  it('refuses what it cannot compile portably or safely', () => {
    const t = table('t');
    const refuse = (node: SqlNode) => DIALECTS.forEach((d) => expect(() => compileQuery(node, d)).toThrow(TypeError));
    refuse(select([rowNumber()], t)); // a window function without over
    refuse(select([lag(col('x'))], t));
    refuse(select([over({ ...count(col('x')), distinct: true })], t)); // PostgreSQL has no distinct window aggregate
    refuse(select([over(fn('lower', col('x')))], t));
    refuse(select([over(rowNumber(), { frame: { unit: 'rows', start: { preceding: -1 } } })], t));
    refuse(select([over(rowNumber(), { frame: { unit: 'rows', start: 'unbounded preceding; drop table t' as 'current row' } })], t));
    refuse(select([over(rowNumber(), { frame: { unit: 'groups' as 'rows', start: 'current row' } })], t));
    refuse(select([over(rowNumber(), { orderBy: [{ expression: col('x'), nulls: 'first, 1' as 'first' }] })], t));
    refuse(select([col('x')], t, undefined, { joins: [{ kind: 'join', type: 'cross', table: t, on: literal(true) }] }));
    refuse(select([col('x')], t, undefined, { joins: [{ kind: 'join', type: 'left', table: t }] }));
    refuse(select([col('x')], t, undefined, { joins: [{ kind: 'join', type: 'natural' as 'left', table: t, on: literal(true) }] }));
    refuse({ kind: 'insert', table: t, columns: ['x'], rows: [[param(1)]], query: select([literal(1)]) });
    refuse({ kind: 'insert', table: t, columns: ['x'] });
    refuse(createTableAs(table('tmp', undefined, 'main'), select([literal(1)]), { temporary: true }));
    refuse({ ...intersect(select([literal(1)]), select([literal(2)])), operator: 'minus' as 'except' });
    refuse(select([extract('epoch' as 'year', col('d'))]));
    expect(() => lag(col('x'), -1)).toThrow(TypeError);
    expect(() => lead(col('x'), 1.5)).toThrow(TypeError);
    expect(() => union(select([literal(1)]))).toThrow(TypeError);
    expect(() => literal(Number.NaN)).toThrow(TypeError);
  });

  it('the SQL text never depends on a bound value, in any new construct (property)', () => {
    const tree = (v: string): SqlNode => {
      const p = (): ExpressionNode => param(v);
      const inner = select([col('person_id')], table('person'), eq(col('person_source_value'), p()));
      return insertSelect(table('cohort'), ['subject_id'], withQuery([cte('c', inner)], select(
        [col('person_id', 'c'), over(lag(col('person_id'), 1, p()), { partitionBy: [p()], orderBy: [p()] }), caseWhen([[eq(p(), p()), p()]], p()), greatest(p(), p()), dateDiffDays(p(), p()), addDays(p(), p()), extract('month', p()), makeDate(p(), p(), p())],
        derivedTable(except(inner, intersect(inner, inner)), 'c'),
        and(exists(inner), notExists(inner), between(p(), p(), p()), notIn(p(), inner), notIn(p(), [v, v]), inQuery(p(), union(inner, inner))),
        { joins: [leftJoin(derivedTable(inner, 'l'), eq(col('person_id', 'l'), p())), crossJoin(table('death'))] },
      )));
    };
    const reference = DIALECTS.map((d) => compileQuery(tree('x'), d).sql);
    const placeholders = (reference[0]!.match(/\$\d+/g) ?? []).length;
    expect(placeholders).toBeGreaterThan(30);
    fc.assert(
      fc.property(fc.string(), (value) => {
        DIALECTS.forEach((dialect, i) => {
          const { sql, parameters } = compileQuery(tree(value), dialect);
          expect(sql).toBe(reference[i]);
          expect(parameters.length).toBe(placeholders);
          expect(parameters.every((p) => p === value)).toBe(true);
        });
      }),
    );
  });
});
