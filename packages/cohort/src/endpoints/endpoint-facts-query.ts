import { WELL_KNOWN_CONCEPTS } from '@parcours/core';
import {
  addDays,
  and,
  as,
  asc,
  caseWhen,
  col,
  cte,
  derivedTable,
  eq,
  exists,
  fn,
  greatest,
  gt,
  inQuery,
  innerJoin,
  leftJoin,
  literal,
  param,
  select,
  table,
  unionAll,
  type CteNode,
  type ExpressionNode,
  type JoinNode,
  type QueryNode,
  type SelectItem,
  type SelectNode,
  type WarehouseValue,
} from '@parcours/store';
import { LAST_ACTIVITY_SOURCES } from './last-activity-sources.js';

/** Where follow-up of an event-free patient ends: the last clinical activity, or the end of the observation period. */
export const FOLLOW_UP_ENDS = ['last-activity', 'observation-period'] as const;
export type FollowUpEnd = (typeof FOLLOW_UP_ENDS)[number];

export interface EndpointFactsQueryOptions {
  readonly followUpEnd: FollowUpEnd;
  /** Read the first progression after the index (rwPFS). */
  readonly progression: boolean;
  /** Progressions up to this many days after the index are not read (0: only those after the index date). */
  readonly progressionGraceDays: number;
  /** Read the index line and the next line (TTNT, TTD). */
  readonly lines: boolean;
}

/** The CTE names the query defines (prefixed so that they never shadow an OMOP table). */
const INDEX = 'endpoint_index';
const DEATH = 'endpoint_death';
const FOLLOW_UP = 'endpoint_follow_up';
const PROGRESSION = 'endpoint_progression';
const LINES = 'endpoint_lines';

/**
 * One row of `endpointFactsQuery`, as the warehouse returns it (dates 'YYYY-MM-DD'). The progression and line
 * columns are there only when asked for (absent otherwise).
 */
export interface EndpointFactsRow {
  readonly person_id: number;
  readonly index_date: string;
  readonly known_person: boolean;
  readonly death_date: string | null;
  readonly last_activity_date: string | null;
  readonly progression_date: string | null;
  readonly has_index_line: number | null;
  readonly index_line_end_date: string | null;
  readonly next_line_start_date: string | null;
  readonly [column: string]: WarehouseValue;
}

/**
 * The facts every endpoint needs, for a whole index set in one query: `index` is any query of (person_id,
 * index_date) with one row per person. The CTEs read each clinical table once, restricted to the index set's
 * persons, and the result has one row per index row, ordered by person_id:
 *
 * ```sql
 * with endpoint_index as (…),
 *   endpoint_death as (select person_id, min(death_date) … from death where person_id in (select person_id from endpoint_index) group by person_id),
 *   endpoint_follow_up as (select person_id, max(last_date) as last_activity_date
 *     from ((select person_id, greatest(max(visit_start_date), max(visit_end_date)) as last_date from visit_occurrence where … group by person_id)
 *           union all (select person_id, max(condition_start_date) …) …) group by person_id),
 *   endpoint_progression as (select e.person_id, min(e.episode_start_date) from episode e join endpoint_index i …
 *     where e.episode_concept_id = $1 and e.episode_start_date > i.index_date group by e.person_id),
 *   endpoint_lines as (select l.person_id, max(case when l.episode_start_date = i.index_date then 1 else 0 end) as has_index_line,
 *     max(case when … = i.index_date then l.episode_end_date end) as index_line_end_date,
 *     min(case when l.episode_start_date > i.index_date then l.episode_start_date end) as next_line_start_date …)
 * select i.person_id, i.index_date, exists(select 1 from person …) as known_person, d.death_date, a.last_activity_date, …
 * from endpoint_index i left join endpoint_death d … order by i.person_id, i.index_date
 * ```
 */
export function endpointFactsQuery(index: QueryNode, options: EndpointFactsQueryOptions): SelectNode {
  const ctes: CteNode[] = [cte(INDEX, index), cte(DEATH, deathsQuery()), cte(FOLLOW_UP, options.followUpEnd === 'last-activity' ? lastActivityQuery() : observationPeriodEndQuery())];
  const columns: SelectItem[] = [
    as(col('person_id', 'i'), 'person_id'),
    as(col('index_date', 'i'), 'index_date'),
    as(caseWhen([[exists(select([literal(1)], table('person', 'p'), eq(col('person_id', 'p'), col('person_id', 'i')))), literal(true)]], literal(false)), 'known_person'),
    as(col('death_date', 'd'), 'death_date'),
    as(col('last_activity_date', 'a'), 'last_activity_date'),
  ];
  const joins: JoinNode[] = [leftJoin(table(DEATH, 'd'), samePerson('d')), leftJoin(table(FOLLOW_UP, 'a'), samePerson('a'))];
  if (options.progression) {
    ctes.push(cte(PROGRESSION, progressionQuery(options.progressionGraceDays)));
    columns.push(as(col('progression_date', 'g'), 'progression_date'));
    joins.push(leftJoin(table(PROGRESSION, 'g'), samePerson('g')));
  }
  if (options.lines) {
    ctes.push(cte(LINES, linesQuery()));
    columns.push(as(col('has_index_line', 'l'), 'has_index_line'), as(col('index_line_end_date', 'l'), 'index_line_end_date'), as(col('next_line_start_date', 'l'), 'next_line_start_date'));
    joins.push(leftJoin(table(LINES, 'l'), samePerson('l')));
  }
  return select(columns, table(INDEX, 'i'), undefined, { with: ctes, joins, orderBy: [asc(col('person_id', 'i')), asc(col('index_date', 'i'))] });
}

const samePerson = (alias: string): ExpressionNode => eq(col('person_id', alias), col('person_id', 'i'));

/** `person_id in (select person_id from endpoint_index)`: every clinical table is read for the index set only. */
const inIndexSet = (): ExpressionNode => inQuery(col('person_id'), select([col('person_id')], table(INDEX)));

/** Several death rows for one person (sources disagreeing) count as the earliest. */
function deathsQuery(): SelectNode {
  return select([col('person_id'), as(fn('min', col('death_date')), 'death_date')], table('death'), inIndexSet(), { groupBy: [col('person_id')] });
}

/** The latest contact date per person: one aggregate per clinical table, then the latest of those. */
function lastActivityQuery(): SelectNode {
  const perTable = LAST_ACTIVITY_SOURCES.map(({ table: name, dates }) => {
    const latest = dates.map((d) => fn('max', col(d)));
    return select([col('person_id'), as(latest.length === 1 ? latest[0]! : greatest(...latest), 'last_date')], table(name), inIndexSet(), { groupBy: [col('person_id')] });
  });
  return select([col('person_id'), as(fn('max', col('last_date')), 'last_activity_date')], derivedTable(unionAll(...perTable), 'per_table'), undefined, { groupBy: [col('person_id')] });
}

function observationPeriodEndQuery(): SelectNode {
  return select([col('person_id'), as(fn('max', col('observation_period_end_date')), 'last_activity_date')], table('observation_period'), inIndexSet(), { groupBy: [col('person_id')] });
}

/** The first Disease Progression episode after the index date plus the grace days (a progression on the index date never counts). */
function progressionQuery(graceDays: number): SelectNode {
  const after = graceDays === 0 ? col('index_date', 'i') : addDays(col('index_date', 'i'), graceDays);
  return select(
    [as(col('person_id', 'e'), 'person_id'), as(fn('min', col('episode_start_date', 'e')), 'progression_date')],
    table('episode', 'e'),
    // Disease Dynamic episodes of the OMOP oncology extension: the kind of episode is its episode_concept_id.
    and(eq(col('episode_concept_id', 'e'), param(WELL_KNOWN_CONCEPTS.EPISODE.diseaseProgression)), gt(col('episode_start_date', 'e'), after)),
    { joins: [innerJoin(table(INDEX, 'i'), eq(col('person_id', 'i'), col('person_id', 'e')))], groupBy: [col('person_id', 'e')] },
  );
}

/**
 * Per person: whether a line (Treatment Regimen episode) starts on the index date, the end of that line (the latest,
 * should two start that day), and the first line starting after the index date.
 */
function linesQuery(): SelectNode {
  const start = col('episode_start_date', 'l');
  const onIndex = eq(start, col('index_date', 'i'));
  return select(
    [
      as(col('person_id', 'l'), 'person_id'),
      as(fn('max', caseWhen([[onIndex, literal(1)]], literal(0))), 'has_index_line'),
      as(fn('max', caseWhen([[onIndex, col('episode_end_date', 'l')]])), 'index_line_end_date'),
      as(fn('min', caseWhen([[gt(start, col('index_date', 'i')), start]])), 'next_line_start_date'),
    ],
    table('episode', 'l'),
    eq(col('episode_concept_id', 'l'), param(WELL_KNOWN_CONCEPTS.EPISODE.treatmentRegimen)),
    { joins: [innerJoin(table(INDEX, 'i'), eq(col('person_id', 'i'), col('person_id', 'l')))], groupBy: [col('person_id', 'l')] },
  );
}
