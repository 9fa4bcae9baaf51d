import { dayNumberToIsoDate } from '@parcours/core';
import type { EndpointName, EndpointOutcome, EndpointReason, ExclusionReason } from './endpoint-outcome.js';

/** A patient of the index set left out of an endpoint, and why. */
export interface EndpointExclusion {
  readonly personId: number;
  readonly indexDate: string;
  readonly reason: ExclusionReason;
}

/**
 * One endpoint for an index set, in columns: entry k of every array is one patient, ordered by person_id. `time`
 * and `event` go straight into `@parcours/stats` (`kaplanMeier(r.time, r.event)`, `kaplanMeierByGroup`, Cox).
 * Times are whole days; divide by 30.4375 for months.
 */
export interface EndpointResult {
  readonly endpoint: EndpointName;
  readonly personId: Int32Array;
  /** 'YYYY-MM-DD'. */
  readonly indexDate: readonly string[];
  /** Days from the index date to `endDate` (≥ 0). */
  readonly time: Float64Array;
  /** 1 for an event, 0 for a censoring. */
  readonly event: Uint8Array;
  /** The date of the event (`event` = 1) or of the censoring (`event` = 0), 'YYYY-MM-DD'. */
  readonly endDate: readonly string[];
  readonly reason: readonly EndpointReason[];
  /** Patients of the index set without a time for this endpoint. */
  readonly excluded: readonly EndpointExclusion[];
}

/** One patient's time as a row (see `endpointRows`). */
export interface EndpointRow {
  readonly personId: number;
  readonly indexDate: string;
  readonly time: number;
  readonly event: 0 | 1;
  readonly eventDate?: string;
  readonly censorDate?: string;
  readonly reason: EndpointReason;
}

/**
 * The columns as rows, for display and tests.
 * @example endpointRows(result)[0] // { personId: 7, indexDate: '2021-03-04', time: 212, event: 1, eventDate: '2021-10-02', reason: 'death' }
 */
export function endpointRows(result: EndpointResult): EndpointRow[] {
  return Array.from(result.personId, (personId, k) => {
    const event = result.event[k] === 1 ? 1 : 0;
    const date = result.endDate[k]!;
    return {
      personId,
      indexDate: result.indexDate[k]!,
      time: result.time[k]!,
      event,
      ...(event === 1 ? { eventDate: date } : { censorDate: date }),
      reason: result.reason[k]!,
    };
  });
}

/** Collects outcomes patient by patient, then hands out typed arrays. */
export class EndpointResultBuilder {
  readonly endpoint: EndpointName;
  private readonly personIds: number[] = [];
  private readonly indexDates: string[] = [];
  private readonly times: number[] = [];
  private readonly events: number[] = [];
  private readonly endDates: string[] = [];
  private readonly reasons: EndpointReason[] = [];
  private readonly exclusions: EndpointExclusion[] = [];

  constructor(endpoint: EndpointName) {
    this.endpoint = endpoint;
  }

  add(personId: number, indexDate: string, index: number, outcome: EndpointOutcome): void {
    if ('excluded' in outcome) {
      this.exclusions.push({ personId, indexDate, reason: outcome.excluded });
      return;
    }
    this.personIds.push(personId);
    this.indexDates.push(indexDate);
    this.times.push(outcome.end - index);
    this.events.push(outcome.event ? 1 : 0);
    this.endDates.push(dayNumberToIsoDate(outcome.end));
    this.reasons.push(outcome.reason);
  }

  build(): EndpointResult {
    return {
      endpoint: this.endpoint,
      personId: Int32Array.from(this.personIds),
      indexDate: this.indexDates,
      time: Float64Array.from(this.times),
      event: Uint8Array.from(this.events),
      endDate: this.endDates,
      reason: this.reasons,
      excluded: this.exclusions,
    };
  }
}
