export type {
  ConceptAncestorRow,
  ConceptClassRow,
  ConceptRelationshipRow,
  ConceptRow,
  ConceptSynonymRow,
  DomainRow,
  RelationshipRow,
  StandardConcept,
  VocabularyBundle,
  VocabularyRow,
  VocabularyTableName,
} from './vocabulary-rows.js';
export { VOCABULARY_TABLE_NAMES } from './vocabulary-rows.js';
export { BUNDLED_VOCABULARY_VERSION, buildVocabularyBundle, bundledVocabulary } from './build-vocabulary-bundle.js';
export { atcIngredientConceptIds, conceptById, conceptFor, conceptIdFor, descendantConceptIds } from './concept-lookup.js';
export { LOCAL_CONCEPT_ID_MIN, isLocalConceptId } from './local-concept-ids.js';
export { WELL_KNOWN_CONCEPTS } from './well-known-concepts.js';
export type { WellKnownConcepts } from './well-known-concepts.js';
export {
  biomarkerConcepts,
  cachedConceptId,
  episodeObjectConceptId,
  fusionConceptId,
  hgncGene,
  hgncGeneById,
  ingredientConceptIdOfAtc,
  metastasisIcd10,
  receptorOfLoinc,
  stageConceptId,
  standardConceptId,
  tnmConceptId,
  ucumCode,
  unitConceptId,
} from './concept-mapping.js';
export type { BiomarkerConcepts, BiomarkerTest } from './concept-mapping.js';
