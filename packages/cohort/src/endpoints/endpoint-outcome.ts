/** The real-world endpoints this module computes (docs/endpoints.md). */
export const ENDPOINTS = ['rwOS', 'rwPFS', 'TTNT', 'TTD'] as const;
export type EndpointName = (typeof ENDPOINTS)[number];

/**
 * Why a patient's time ends: the event that ended it (`event` = 1) or the reason of the censoring (`event` = 0).
 *
 * - `death`: death (an event of rwOS and rwPFS, of TTNT unless `ttntDeathIsEvent` is false — then a censoring —, and
 *   the confirmation of a TTD discontinuation).
 * - `progression`: the first disease progression after the index (rwPFS).
 * - `next-line`: the start of the next line (TTNT), or the confirmation of a TTD discontinuation.
 * - `treatment-gap`: a TTD discontinuation confirmed by `discontinuationGapDays` of follow-up without the line.
 * - `last-activity`: censored at the patient's last activity (or observation period end) after the index.
 * - `data-cut-off`: censored at the data cut-off, the patient being known alive and followed then.
 * - `on-treatment`: TTD censored at the last exposure of a line that may still be going on.
 * - `no-follow-up`: nothing recorded after the index date: censored at the index (time 0).
 */
export const ENDPOINT_REASONS = ['death', 'progression', 'next-line', 'treatment-gap', 'last-activity', 'data-cut-off', 'on-treatment', 'no-follow-up'] as const;
export type EndpointReason = (typeof ENDPOINT_REASONS)[number];

/**
 * Why a patient of the index set has no record for an endpoint.
 *
 * - `unknown-person`: no person row with this person_id.
 * - `index-after-cut-off`: the index date is after the data cut-off.
 * - `insufficient-follow-up`: less than `minimumFollowUpDays` between the index and the data cut-off.
 * - `death-before-index`: the recorded death precedes the index date (an inconsistent record or index).
 * - `no-index-line`: TTNT and TTD only: no line of therapy starts on the index date.
 */
export const EXCLUSION_REASONS = ['unknown-person', 'index-after-cut-off', 'insufficient-follow-up', 'death-before-index', 'no-index-line'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/**
 * The end of one patient's time for one endpoint, as day numbers (days since 1970-01-01): its date, whether it is
 * an event, and why; or the reason the patient is left out.
 */
export type EndpointOutcome =
  | { readonly end: number; readonly event: boolean; readonly reason: EndpointReason }
  | { readonly excluded: ExclusionReason };
