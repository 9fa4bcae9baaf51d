import { AppError, isoDateToDayNumber } from '@parcours/core';
import type { QueryNode, StatementNode, Warehouse } from '@parcours/store';
import { endpointFactsQuery, FOLLOW_UP_ENDS, type EndpointFactsRow, type FollowUpEnd } from './endpoint-facts-query.js';
import { ENDPOINTS, type EndpointName, type EndpointOutcome } from './endpoint-outcome.js';
import { EndpointResultBuilder, type EndpointResult } from './endpoint-result.js';
import { cohortIndexQuery, indexListStatements, validateIndexPatients, type IndexSource } from './index-source.js';
import { overallSurvival } from './overall-survival.js';
import type { EndpointRules, PatientFacts } from './patient-facts.js';
import { progressionFreeSurvival } from './progression-free-survival.js';
import { timeToNextTreatment } from './time-to-next-treatment.js';
import { timeToTreatmentDiscontinuation } from './time-to-treatment-discontinuation.js';

export interface EndpointOptions {
  /**
   * Study data cut-off, 'YYYY-MM-DD'. Events after it are not events; patients known alive and followed at the
   * cut-off are censored there; patients indexed after it are left out. Default: none.
   */
  readonly dataCutOff?: string;
  /**
   * Leave out patients indexed less than this many days before the data cut-off (potential follow-up), so that
   * every patient could have been followed that long. Needs `dataCutOff`. Default 0.
   */
  readonly minimumFollowUpDays?: number;
  /** Where follow-up of an event-free patient ends: `last-activity` (default) or `observation-period` (its end). */
  readonly followUpEnd?: FollowUpEnd;
  /** TTNT: death is an event ("time to next treatment or death"), default true; false censors at the death. */
  readonly ttntDeathIsEvent?: boolean;
  /** rwPFS: progressions up to this many days after the index do not count. Default 0 (those after the index date do). */
  readonly progressionGraceDays?: number;
  /** TTD: days of follow-up without the line after its end that confirm a discontinuation. Default 120. */
  readonly discontinuationGapDays?: number;
  /** Rows per streamed batch (default 10,000). */
  readonly batchSize?: number;
  readonly signal?: AbortSignal;
}

/** The gap of the line-of-therapy rules (`DEFAULT_LINE_RULES.maxGapDays`): a line is over when its treatment stops that long. */
export const DEFAULT_DISCONTINUATION_GAP_DAYS = 120;

const RULE_OF: Readonly<Record<EndpointName, (facts: PatientFacts, rules: EndpointRules) => EndpointOutcome>> = {
  rwOS: overallSurvival,
  rwPFS: progressionFreeSurvival,
  TTNT: timeToNextTreatment,
  TTD: timeToTreatmentDiscontinuation,
};

/**
 * Real-world endpoints for a set of patients with an index date: one time-to-event record per patient and endpoint
 * (docs/endpoints.md). One query reads, for the whole set at once, each patient's death, last activity and —
 * when asked — first progression and lines; it runs in one transaction (one snapshot of the warehouse) and is read
 * as a stream. The time and event of each endpoint then come from pure rules (`overallSurvival`,
 * `progressionFreeSurvival`, `timeToNextTreatment`, `timeToTreatmentDiscontinuation`).
 *
 * @example
 * const { rwOS } = await computeEndpoints(warehouse, { cohortDefinitionId: 12 }, ['rwOS'], { dataCutOff: '2024-12-31' });
 * const curve = kaplanMeier(rwOS.time, rwOS.event); // @parcours/stats
 */
export async function computeEndpoints<E extends EndpointName>(
  warehouse: Warehouse,
  source: IndexSource,
  endpoints: readonly E[],
  options: EndpointOptions = {},
): Promise<Record<E, EndpointResult>> {
  const wanted = [...new Set(endpoints)];
  for (const e of wanted) {
    if (!ENDPOINTS.includes(e)) throw new AppError('invalid_argument', 'unknown endpoint', { details: { field: 'endpoints', hint: `one of ${ENDPOINTS.join(', ')}` } });
  }
  const rules = resolveRules(options);
  const followUpEnd = options.followUpEnd ?? 'last-activity';
  if (!FOLLOW_UP_ENDS.includes(followUpEnd)) throw new AppError('invalid_argument', 'unknown follow-up end', { details: { field: 'followUpEnd', hint: FOLLOW_UP_ENDS.join(' or ') } });
  const progressionGraceDays = nonNegativeInteger(options.progressionGraceDays ?? 0, 'progressionGraceDays');
  const index = indexStatements(source);

  const builders = wanted.map((e) => ({ rule: RULE_OF[e], builder: new EndpointResultBuilder(e) }));
  const query = endpointFactsQuery(index.query, {
    followUpEnd,
    progression: wanted.some((e) => e === 'rwPFS'),
    progressionGraceDays,
    lines: wanted.some((e) => e === 'TTNT' || e === 'TTD'),
  });
  await warehouse.transaction(async (tx) => {
    for (const statement of index.setup) {
      options.signal?.throwIfAborted();
      await tx.execute(statement);
    }
    for await (const batch of tx.stream<EndpointFactsRow>(query, { batchSize: options.batchSize ?? 10_000, ...(options.signal === undefined ? {} : { signal: options.signal }) })) {
      for (const row of batch) {
        const facts = patientFacts(row);
        for (const { rule, builder } of builders) builder.add(facts.personId, row.index_date, facts.index, rule(facts, rules));
      }
    }
    // On failure the transaction's rollback removes the temporary table; here it is dropped so that the same
    // connection (DuckDB has one) can create it again.
    if (index.teardown !== null) await tx.execute(index.teardown);
  });
  return Object.fromEntries(builders.map(({ builder }) => [builder.endpoint, builder.build()])) as Record<E, EndpointResult>;
}

/**
 * One endpoint (see `computeEndpoints`).
 * @example const rwOS = await computeEndpoint(warehouse, { patients: [{ personId: 7, indexDate: '2021-03-04' }] }, 'rwOS');
 */
export async function computeEndpoint(warehouse: Warehouse, source: IndexSource, endpoint: EndpointName, options: EndpointOptions = {}): Promise<EndpointResult> {
  const results = await computeEndpoints(warehouse, source, [endpoint], options);
  return results[endpoint];
}

/** The statements that make the index set readable as a query: a temporary table for a list, none for a cohort. */
function indexStatements(source: IndexSource): { readonly setup: readonly StatementNode[]; readonly query: QueryNode; readonly teardown: StatementNode | null } {
  if ('cohortDefinitionId' in source) return { setup: [], query: cohortIndexQuery(source.cohortDefinitionId), teardown: null };
  validateIndexPatients(source.patients);
  return indexListStatements(source.patients);
}

/** The options the rules read, checked, with their defaults. */
export function resolveRules(options: EndpointOptions): EndpointRules {
  let cutOff: number | null = null;
  if (options.dataCutOff !== undefined) {
    try {
      cutOff = isoDateToDayNumber(options.dataCutOff);
    } catch {
      throw new AppError('invalid_argument', 'the data cut-off must be a calendar date YYYY-MM-DD', { details: { field: 'dataCutOff' } });
    }
  }
  const minimumFollowUpDays = nonNegativeInteger(options.minimumFollowUpDays ?? 0, 'minimumFollowUpDays');
  if (minimumFollowUpDays > 0 && cutOff === null) {
    throw new AppError('invalid_argument', 'a minimum follow-up needs a data cut-off', { details: { field: 'minimumFollowUpDays', hint: 'set dataCutOff: potential follow-up runs from the index to the cut-off' } });
  }
  return {
    cutOff,
    minimumFollowUpDays,
    ttntDeathIsEvent: options.ttntDeathIsEvent ?? true,
    discontinuationGapDays: nonNegativeInteger(options.discontinuationGapDays ?? DEFAULT_DISCONTINUATION_GAP_DAYS, 'discontinuationGapDays'),
  };
}

function nonNegativeInteger(value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new AppError('invalid_argument', `${field} must be a whole number of days, 0 or more`, { details: { field } });
  return value;
}

const day = (iso: string | null | undefined): number | null => (iso === null || iso === undefined ? null : isoDateToDayNumber(iso));

/** A row of the facts query as day numbers. */
function patientFacts(row: EndpointFactsRow): PatientFacts {
  return {
    personId: row.person_id,
    index: isoDateToDayNumber(row.index_date),
    knownPerson: row.known_person,
    death: day(row.death_date),
    lastActivity: day(row.last_activity_date),
    progression: day(row.progression_date),
    indexLine: row.has_index_line === 1 ? { end: day(row.index_line_end_date) } : null,
    nextLine: day(row.next_line_start_date),
  };
}
