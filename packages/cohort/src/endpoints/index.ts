// Real-world endpoints from an index date (docs/endpoints.md): rwOS, rwPFS, TTNT and TTD for a list of patients or
// the members of an OMOP cohort, one query for the whole set, time and event in the columns @parcours/stats reads.
export { computeEndpoint, computeEndpoints, DEFAULT_DISCONTINUATION_GAP_DAYS, resolveRules, type EndpointOptions } from './compute-endpoints.js';
export { ENDPOINTS, ENDPOINT_REASONS, EXCLUSION_REASONS, type EndpointName, type EndpointOutcome, type EndpointReason, type ExclusionReason } from './endpoint-outcome.js';
export { endpointRows, type EndpointExclusion, type EndpointResult, type EndpointRow } from './endpoint-result.js';
export { endpointFactsQuery, FOLLOW_UP_ENDS, type EndpointFactsQueryOptions, type FollowUpEnd } from './endpoint-facts-query.js';
export { INDEX_TABLE, type IndexPatient, type IndexSource } from './index-source.js';
export { LAST_ACTIVITY_SOURCES, type ActivitySource } from './last-activity-sources.js';
export type { EndpointRules, PatientFacts } from './patient-facts.js';
export { overallSurvival } from './overall-survival.js';
export { progressionFreeSurvival } from './progression-free-survival.js';
export { timeToNextTreatment } from './time-to-next-treatment.js';
export { timeToTreatmentDiscontinuation } from './time-to-treatment-discontinuation.js';
