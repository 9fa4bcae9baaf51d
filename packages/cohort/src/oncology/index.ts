// Oncology derivations of @parcours/cohort: drug classes, lines of therapy and their OMOP episodes
// (docs/lines-of-therapy.md).
export { DRUG_CLASSES, classifyAntineoplastic, type DrugClass } from './drug-class.js';
export { DEFAULT_LINE_RULES, type LineRules } from './line-rules.js';
export {
  deriveLinesOfTherapy,
  type DrugExposureEvent,
  type LineAnchors,
  type LineEndReason,
  type LineMaintenance,
  type LineOfTherapy,
} from './lines-of-therapy.js';
export {
  DRUG_EXPOSURE_ID_FIELD_CONCEPT_ID,
  lineEpisodeRows,
  type LineEpisodeEventRow,
  type LineEpisodeOptions,
  type LineEpisodeRow,
} from './line-episode-rows.js';
