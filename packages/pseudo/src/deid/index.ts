// Public face of the free-text de-identification: deidentifyText, its types, NIR checks and the scoring function.
export { deidentifyText } from './deidentify-text.js';
export { IDENTIFIER_TYPES, type DeidOptions, type DeidResult, type DetectedSpan, type IdentifierType, type PatientIdentifiers } from './identifier-type.js';
export { isValidNir, nirKey } from './nir.js';
export { RECALL_COVERAGE, combineDeidScores, scoreDeidentification, type DeidScore, type DeidTypeScore, type TypedSpan } from './score.js';
