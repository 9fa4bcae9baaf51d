/**
 * What the warehouse records about one patient of the index set, as day numbers (days since 1970-01-01): the input
 * of the endpoint rules. The query (`endpointFactsQuery`) reads every date without regard to the data cut-off; the
 * rules apply it, so that each endpoint's cut-off convention is written once, in plain code.
 */
export interface PatientFacts {
  readonly personId: number;
  readonly index: number;
  /** False when no person row has this person_id. */
  readonly knownPerson: boolean;
  /** Earliest death_date of the patient, if any. */
  readonly death: number | null;
  /**
   * The latest date the record shows the patient in care: the latest clinical fact of any kind (see
   * `LAST_ACTIVITY_SOURCES`), or the latest observation_period_end_date when follow-up ends there. It may precede the
   * index (nothing after it), and it is read without regard to the cut-off.
   */
  readonly lastActivity: number | null;
  /** rwPFS: the first disease progression after the index (and after the grace days, if any); null otherwise. */
  readonly progression: number | null;
  /** TTNT, TTD: the line of therapy starting on the index date, with its end date (null: not recorded); null when none. */
  readonly indexLine: { readonly end: number | null } | null;
  /** TTNT, TTD: the start of the first line starting after the index date. */
  readonly nextLine: number | null;
}

/**
 * The options of `computeEndpoints` as the rules use them: dates as day numbers, defaults applied.
 * `progressionGraceDays` and `followUpEnd` act in the query, the others in the rules.
 */
export interface EndpointRules {
  /** Data cut-off, or null for none. */
  readonly cutOff: number | null;
  readonly minimumFollowUpDays: number;
  readonly ttntDeathIsEvent: boolean;
  readonly discontinuationGapDays: number;
}
