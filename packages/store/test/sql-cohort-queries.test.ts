// The syntax-tree constructs cohort compilation needs, executed on every engine of ENGINES (DuckDB always,
// PostgreSQL when PARCOURS_TEST_PG is set) against one small OMOP data set: each expected result is written once,
// so both engines must return exactly the same rows, with the same JavaScript types.
import { AppError, CDM_V54_TABLES } from '@parcours/core';
import {
  DUCKDB_DIALECT,
  POSTGRES_DIALECT,
  addDays,
  and,
  as,
  asc,
  between,
  caseWhen,
  cast,
  col,
  compileQuery,
  count,
  createTableFromSpec,
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
  inList,
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
  rank,
  rowNumber,
  rowsBetween,
  select,
  table,
  union,
  unionAll,
  withQuery,
  type DropTableNode,
  type ExpressionNode,
  type QueryNode,
  type SelectNode,
  type SqlNode,
  type WindowOptions,
} from '@parcours/store';
import { describe, expect, it } from 'vitest';
import { ENGINES, reportSkips, type EngineUnderTest } from './engines.js';

reportSkips();

// Four people; person 4 has no drug exposure; persons 2 and 3 died. Exposures 6 and 7 start the same day.
const PERSON_COLUMNS = ['person_id', 'gender_concept_id', 'year_of_birth', 'month_of_birth', 'race_concept_id', 'ethnicity_concept_id', 'person_source_value'];
const PERSONS = [
  [1, 8532, 1950, 3, 0, 0, 'p1'],
  [2, 8507, 1962, null, 0, 0, 'p2'],
  [3, 8532, 1971, 11, 0, 0, 'p3'],
  [4, 8507, 1980, null, 0, 0, 'p4'],
];
const EXPOSURE_COLUMNS = ['drug_exposure_id', 'person_id', 'drug_concept_id', 'drug_exposure_start_date', 'drug_exposure_end_date', 'drug_type_concept_id'];
const EXPOSURES = [
  [1, 1, 1001, '2020-01-10', '2020-02-09', 32838],
  [2, 1, 1002, '2020-03-15', '2020-04-14', 32838],
  [3, 1, 1001, '2020-04-20', '2020-05-20', 32838],
  [4, 2, 1002, '2019-06-01', '2019-06-30', 32838],
  [5, 2, 1002, '2019-12-31', '2020-01-30', 32838],
  [6, 3, 1001, '2021-02-28', '2021-03-01', 32838],
  [7, 3, 1003, '2021-02-28', '2021-03-30', 32838],
];
const DEATHS = [
  [2, '2020-03-01'],
  [3, '2021-03-05'],
];

async function openWithData(engine: EngineUnderTest) {
  const wh = await engine.open();
  for (const name of ['person', 'drug_exposure', 'death', 'cohort']) {
    await wh.execute(createTableFromSpec(CDM_V54_TABLES.find((t) => t.name === name)!));
  }
  await wh.append('person', PERSONS, { columns: PERSON_COLUMNS });
  await wh.append('drug_exposure', EXPOSURES, { columns: EXPOSURE_COLUMNS });
  await wh.append('death', DEATHS, { columns: ['person_id', 'death_date'] });
  return wh;
}

const byPerson = (alias?: string) => [{ expression: col('person_id', alias) }];

/** Each person's exposures in time order (ties broken by id). */
const EXPOSURE_ORDER: WindowOptions = { partitionBy: [col('person_id')], orderBy: [col('drug_exposure_start_date'), col('drug_exposure_id')] };

/** Each person's first exposure: a CTE ranking exposures with row_number, read by name. */
const firstExposure: SelectNode = withQuery(
  [cte('ranked', select([col('person_id'), col('drug_concept_id'), col('drug_exposure_start_date'), as(over(rowNumber(), EXPOSURE_ORDER), 'rn')], table('drug_exposure')))],
  select([col('person_id'), col('drug_concept_id'), col('drug_exposure_start_date')], table('ranked'), eq(col('rn'), literal(1)), { orderBy: byPerson() }),
);

const takes = (concept: number): SelectNode => select([col('person_id')], table('drug_exposure'), eq(col('drug_concept_id'), param(concept)));
const died = (alias: string): SelectNode => select([literal(1)], table('death', 'x'), eq(col('person_id', 'x'), col('person_id', alias)));
const exposed = (alias: string): SelectNode => select([literal(1)], table('drug_exposure', 'd'), eq(col('person_id', 'd'), col('person_id', alias)));
const personIds = async (wh: { query: (q: SqlNode) => Promise<Record<string, unknown>[]> }, where: ExpressionNode) =>
  (await wh.query(select([col('person_id', 'p')], table('person', 'p'), where, { orderBy: byPerson('p') }))).map((r) => r['person_id']);
/** The person ids a set operation returns, ordered through a derived table (a set operation has no order of its own). */
const setIds = async (wh: { query: (q: SqlNode) => Promise<Record<string, unknown>[]> }, q: QueryNode) =>
  (await wh.query(select([col('person_id')], derivedTable(q, 's'), undefined, { orderBy: byPerson() }))).map((r) => r['person_id']);

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`cohort SQL constructs on ${engine.name}`, () => {
    it("a CTE and row_number pick each person's first exposure (ties broken by id)", async () => {
      await using wh = await openWithData(engine);
      expect(await wh.query(firstExposure)).toEqual([
        { person_id: 1, drug_concept_id: 1001, drug_exposure_start_date: '2020-01-10' },
        { person_id: 2, drug_concept_id: 1002, drug_exposure_start_date: '2019-06-01' },
        { person_id: 3, drug_concept_id: 1001, drug_exposure_start_date: '2021-02-28' },
      ]);
    });

    it('window functions: lag gap in days, lead, first_value, running count over a frame, rank', async () => {
      await using wh = await openWithData(engine);
      const rows = await wh.query(
        select(
          [
            col('drug_exposure_id'),
            as(dateDiffDays(over(lag(col('drug_exposure_end_date')), EXPOSURE_ORDER), col('drug_exposure_start_date')), 'gap_days'),
            as(over(lead(col('drug_exposure_id')), EXPOSURE_ORDER), 'next_id'),
            as(over(firstValue(col('drug_concept_id')), EXPOSURE_ORDER), 'first_drug'),
            as(over(count(), { ...EXPOSURE_ORDER, frame: rowsBetween('unbounded preceding', 'current row') }), 'n_so_far'),
            as(over(rank(), { partitionBy: [col('person_id')], orderBy: [col('drug_exposure_start_date')] }), 'start_rank'),
            as(over(fn('max', col('drug_exposure_end_date')), { partitionBy: [col('person_id')] }), 'last_end'),
          ],
          table('drug_exposure'),
          undefined,
          { orderBy: [{ expression: col('drug_exposure_id') }] },
        ),
      );
      expect(rows).toEqual([
        { drug_exposure_id: 1, gap_days: null, next_id: 2, first_drug: 1001, n_so_far: 1n, start_rank: 1n, last_end: '2020-05-20' },
        { drug_exposure_id: 2, gap_days: 35, next_id: 3, first_drug: 1001, n_so_far: 2n, start_rank: 2n, last_end: '2020-05-20' },
        { drug_exposure_id: 3, gap_days: 6, next_id: null, first_drug: 1001, n_so_far: 3n, start_rank: 3n, last_end: '2020-05-20' },
        { drug_exposure_id: 4, gap_days: null, next_id: 5, first_drug: 1002, n_so_far: 1n, start_rank: 1n, last_end: '2020-01-30' },
        { drug_exposure_id: 5, gap_days: 184, next_id: null, first_drug: 1002, n_so_far: 2n, start_rank: 2n, last_end: '2020-01-30' },
        { drug_exposure_id: 6, gap_days: null, next_id: 7, first_drug: 1001, n_so_far: 1n, start_rank: 1n, last_end: '2021-03-30' },
        { drug_exposure_id: 7, gap_days: -1, next_id: null, first_drug: 1001, n_so_far: 2n, start_rank: 1n, last_end: '2021-03-30' },
      ]);
    });

    it('an explicit NULLS order sorts the same on both engines, in ORDER BY and in a window', async () => {
      await using wh = await openWithData(engine);
      const deathDate = col('death_date', 'x');
      const ordered = async (nulls: 'first' | 'last') => {
        const rows = await wh.query(
          select([col('person_id', 'p'), as(over(rowNumber(), { orderBy: [desc(deathDate, nulls), col('person_id', 'p')] }), 'rn')], table('person', 'p'), undefined, {
            joins: [leftJoin(table('death', 'x'), eq(col('person_id', 'x'), col('person_id', 'p')))],
            orderBy: [desc(deathDate, nulls), asc(col('person_id', 'p'))],
          }),
        );
        return rows.map((r) => [r['person_id'], r['rn']]);
      };
      expect(await ordered('last')).toEqual([[3, 1n], [2, 2n], [1, 3n], [4, 4n]]);
      expect(await ordered('first')).toEqual([[1, 1n], [4, 2n], [3, 3n], [2, 4n]]);
    });

    it('date arithmetic gives the same integers and dates: days between, add days, extract, make_date, greatest/least, between', async () => {
      await using wh = await openWithData(engine);
      const firsts = derivedTable(select([col('person_id'), as(fn('min', col('drug_exposure_start_date')), 'first_start')], table('drug_exposure'), undefined, { groupBy: [col('person_id')] }), 'f');
      const rows = await wh.query(
        select(
          [
            col('person_id', 'p'),
            as(dateDiffDays(col('first_start', 'f'), col('death_date', 'x')), 'days_to_death'),
            as(addDays(col('death_date', 'x'), 30), 'death_plus_30'),
            as(addDays(col('first_start', 'f'), literal(-1)), 'day_before'),
            as(extract('year', col('death_date', 'x')), 'death_year'),
            as(cast(extract('month', col('death_date', 'x')), 'varchar'), 'death_month'),
            as(makeDate(col('year_of_birth', 'p'), fn('coalesce', col('month_of_birth', 'p'), literal(7)), literal(1)), 'birth'),
            as(greatest(col('first_start', 'f'), param('2020-01-01', 'date')), 'latest'),
            as(least(col('death_date', 'x'), addDays(col('first_start', 'f'), 100)), 'earliest'),
          ],
          table('person', 'p'),
          between(col('death_date', 'x'), param('2020-01-01', 'date'), param('2021-12-31', 'date')),
          { joins: [innerJoin(firsts, eq(col('person_id', 'f'), col('person_id', 'p'))), innerJoin(table('death', 'x'), eq(col('person_id', 'x'), col('person_id', 'p')))], orderBy: byPerson('p') },
        ),
      );
      expect(rows).toEqual([
        { person_id: 2, days_to_death: 274, death_plus_30: '2020-03-31', day_before: '2019-05-31', death_year: 2020, death_month: '3', birth: '1962-07-01', latest: '2020-01-01', earliest: '2019-09-09' },
        { person_id: 3, days_to_death: 5, death_plus_30: '2021-04-04', day_before: '2021-02-27', death_year: 2021, death_month: '3', birth: '1971-11-01', latest: '2021-02-28', earliest: '2021-03-05' },
      ]);
      // Bound day counts and bound dates (string parameters cast by the compiler).
      expect(await wh.query(select([as(dateDiffDays(param('2020-02-28'), param('2020-03-01')), 'd'), as(addDays(param('2020-12-31'), -366), 'a')]))).toEqual([{ d: 2, a: '2019-12-31' }]);
    });

    it('exists, not exists, not in a sub-query, between / not between, case', async () => {
      await using wh = await openWithData(engine);
      expect(await personIds(wh, and(exists(exposed('p')), notExists(died('p'))))).toEqual([1]);
      expect(await personIds(wh, notExists(exposed('p')))).toEqual([4]);
      expect(await personIds(wh, notIn(col('person_id', 'p'), select([col('person_id')], table('death'))))).toEqual([1, 4]);
      expect(await personIds(wh, inList(col('person_id', 'p'), []))).toEqual([]);
      expect(await personIds(wh, notIn(col('person_id', 'p'), []))).toEqual([1, 2, 3, 4]);
      const inYear = between(col('drug_exposure_start_date'), param('2020-01-01', 'date'), param('2020-12-31', 'date'));
      const ids = async (where: ExpressionNode) => (await wh.query(select([col('drug_exposure_id')], table('drug_exposure'), where, { orderBy: [{ expression: col('drug_exposure_id') }] }))).map((r) => r['drug_exposure_id']);
      expect(await ids(inYear)).toEqual([1, 2, 3]);
      expect(await ids(notBetween(col('drug_exposure_start_date'), param('2020-01-01', 'date'), param('2020-12-31', 'date')))).toEqual([4, 5, 6, 7]);
      const status = await wh.query(select([col('person_id', 'p'), as(caseWhen([[exists(died('p')), param('deceased')]], param('alive')), 'status')], table('person', 'p'), undefined, { orderBy: byPerson('p') }));
      expect(status.map((r) => r['status'])).toEqual(['alive', 'deceased', 'deceased', 'alive']);
    });

    it('set operations: intersect, except, union, union all, nested, with a CTE', async () => {
      await using wh = await openWithData(engine);
      const dead = select([col('person_id')], table('death'));
      expect(await setIds(wh, intersect(takes(1001), takes(1002)))).toEqual([1]);
      expect(await setIds(wh, except(takes(1001), takes(1002)))).toEqual([3]);
      expect(await setIds(wh, union(takes(1001), dead))).toEqual([1, 2, 3]);
      expect(await setIds(wh, unionAll(takes(1001), takes(1002)))).toEqual([1, 1, 1, 2, 2, 3]);
      expect(await setIds(wh, withQuery([cte('dead', dead)], except(union(takes(1001), takes(1002)), select([col('person_id')], table('dead')))))).toEqual([1]);
      expect(await setIds(wh, intersect(union(takes(1001), takes(1003)), except(takes(1001), takes(1002))))).toEqual([3]);
    });

    it('derived tables joined inner, left, full and cross', async () => {
      await using wh = await openWithData(engine);
      const exposureCounts = derivedTable(select([col('person_id'), as(count(), 'n')], table('drug_exposure'), undefined, { groupBy: [col('person_id')] }), 'c');
      expect(
        await wh.query(select([col('person_id', 'p'), as(fn('coalesce', col('n', 'c'), literal(0)), 'n')], table('person', 'p'), undefined, { joins: [leftJoin(exposureCounts, eq(col('person_id', 'c'), col('person_id', 'p')))], orderBy: byPerson('p') })),
      ).toEqual([{ person_id: 1, n: 3n }, { person_id: 2, n: 2n }, { person_id: 3, n: 2n }, { person_id: 4, n: 0n }]);
      const takersOf1001 = derivedTable({ ...takes(1001), distinct: true }, 'a');
      const key = fn('coalesce', col('person_id', 'a'), col('person_id', 'x'));
      expect(
        await wh.query(select([as(key, 'person_id'), as(col('person_id', 'a'), 'took'), as(col('person_id', 'x'), 'died')], takersOf1001, undefined, { joins: [fullJoin(table('death', 'x'), eq(col('person_id', 'x'), col('person_id', 'a')))], orderBy: [{ expression: key }] })),
      ).toEqual([{ person_id: 1, took: 1, died: null }, { person_id: 2, took: null, died: 2 }, { person_id: 3, took: 3, died: 3 }]);
      expect(await wh.query(select([as(count(), 'n')], table('person', 'p'), undefined, { joins: [crossJoin(derivedTable(select([col('person_id')], table('death')), 'x', ['dead_id']))] }))).toEqual([{ n: 8n }]);
    });

    it('insert … select from a CTE, and a temporary table created and read in one session', async () => {
      await using wh = await openWithData(engine);
      const cohortRows = select([param(7), col('person_id'), col('drug_exposure_start_date'), addDays(col('drug_exposure_start_date'), 365)], derivedTable(firstExposure, 'f'));
      const inserted = await wh.execute(insertSelect(table('cohort'), ['cohort_definition_id', 'subject_id', 'cohort_start_date', 'cohort_end_date'], cohortRows));
      expect(inserted).toBe(3);
      expect(await wh.query(select([col('subject_id'), col('cohort_start_date'), col('cohort_end_date')], table('cohort'), eq(col('cohort_definition_id'), param(7)), { orderBy: [{ expression: col('subject_id') }] }))).toEqual([
        { subject_id: 1, cohort_start_date: '2020-01-10', cohort_end_date: '2021-01-09' },
        { subject_id: 2, cohort_start_date: '2019-06-01', cohort_end_date: '2020-05-31' },
        { subject_id: 3, cohort_start_date: '2021-02-28', cohort_end_date: '2022-02-28' },
      ]);
      // PostgreSQL keeps a temporary table on one pooled connection: create, read and drop it in one transaction.
      const rows = await wh.transaction(async (tx) => {
        await tx.execute(createTempTableAs('first_line', firstExposure));
        const read = await tx.query(select([col('person_id', 'f'), col('year_of_birth', 'p')], table('first_line', 'f'), undefined, { joins: [innerJoin(table('person', 'p'), eq(col('person_id', 'p'), col('person_id', 'f')))], orderBy: byPerson('f') }));
        await tx.execute({ kind: 'dropTable', table: table('first_line') } satisfies DropTableNode);
        return read;
      });
      expect(rows).toEqual([{ person_id: 1, year_of_birth: 1950 }, { person_id: 2, year_of_birth: 1962 }, { person_id: 3, year_of_birth: 1971 }]);
    });

    it("an injection attempt in every new construct stays a bound value: matched literally, or refused safely", async () => {
      await using wh = await openWithData(engine);
      const evil = "'); drop table person; --";
      const e = () => param(evil);
      const ev = () => param(evil, 'varchar');
      const psv = col('person_source_value');
      const named = select([col('person_id')], table('person'), eq(psv, e()));
      /** [construct, query, person ids it must return] */
      const cases: [string, QueryNode, number[]][] = [
        ['cte', withQuery([cte('c', named)], select([col('person_id')], table('c'))), []],
        ['derived table', select([col('person_id')], derivedTable(named, 'd')), []],
        ['join on', select([col('person_id', 'p')], table('person', 'p'), undefined, { joins: [innerJoin(derivedTable(named, 'd'), eq(col('person_id', 'd'), col('person_id', 'p')))] }), []],
        // The first row's lag is the bound default: the hostile text comes back as data, for person 1 only.
        ['window', select([col('person_id')], derivedTable(select([col('person_id'), as(over(lag(psv, 1, ev()), { partitionBy: [ev()], orderBy: [ev(), col('person_id')] }), 'l')], table('person')), 'w'), eq(col('l'), e())), [1]],
        ['exists', select([col('person_id')], table('person'), exists(named)), []],
        ['not exists', select([col('person_id')], table('person'), notExists(named)), [1, 2, 3, 4]],
        ['between', select([col('person_id')], table('person'), between(psv, e(), e())), []],
        ['not in values', select([col('person_id')], table('person'), notIn(psv, [evil])), [1, 2, 3, 4]],
        ['not in query', select([col('person_id')], table('person'), notIn(col('person_id'), named)), [1, 2, 3, 4]],
        ['intersect', intersect(select([col('person_id')], table('person')), named), []],
        ['except', except(named, select([col('person_id')], table('person'))), []],
        ['case', select([col('person_id')], table('person'), eq(caseWhen([[eq(psv, e()), ev()]], param('no')), e())), []],
        ['greatest', select([col('person_id')], table('person'), eq(greatest(psv, ev()), e())), []],
      ];
      for (const [construct, query, expected] of cases) {
        for (const dialect of [DUCKDB_DIALECT, POSTGRES_DIALECT]) {
          const compiled = compileQuery(query, dialect);
          expect(compiled.sql, construct).not.toContain('drop table');
          expect(compiled.parameters.filter((p) => p === evil).length, construct).toBeGreaterThan(0);
        }
        expect((await setIds(wh, query)), construct).toEqual(expected);
      }
      // Where the value must become a date or an integer, the engine refuses it, and the error does not repeat it.
      for (const expression of [dateDiffDays(e(), col('death_date')), addDays(col('death_date'), e()), extract('year', param(evil, 'date')), makeDate(e(), literal(1), literal(1))]) {
        const error = await wh.query(select([as(expression, 'v')], table('death'))).catch((x: unknown) => x);
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).code).toBe('invalid_input');
        expect((error as AppError).message).not.toContain('drop table');
      }
      expect(await wh.execute(insertSelect(table('cohort'), ['cohort_definition_id', 'subject_id', 'cohort_start_date', 'cohort_end_date'], select([literal(1), col('person_id'), param('2020-01-01', 'date'), param('2020-01-01', 'date')], table('person'), eq(psv, e()))))).toBe(0);
      const tempRows = await wh.transaction(async (tx) => {
        await tx.execute(createTempTableAs('hostile', named));
        const n = await tx.query(select([as(count(), 'n')], table('hostile')));
        await tx.execute({ kind: 'dropTable', table: table('hostile') } satisfies DropTableNode);
        return n;
      });
      expect(tempRows).toEqual([{ n: 0n }]);
      expect(await wh.listTables()).toContain('person');
      expect(await wh.query(select([as(count(), 'n')], table('person')))).toEqual([{ n: 4n }]);
    });
  });
}
