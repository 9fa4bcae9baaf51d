import { bundledVocabulary } from './build-vocabulary-bundle.js';
import type { ConceptRow } from './vocabulary-rows.js';

let byCode: Map<string, ConceptRow> | undefined;
let byId: Map<number, ConceptRow> | undefined;

const key = (vocabularyId: string, code: string): string => `${vocabularyId}\u0000${code}`;

/** 'C341' → 'C34.1' for ICD-10 and ICD-O-3 topography codes written without the dot. */
function normaliseCode(vocabularyId: string, code: string): string {
  const trimmed = code.trim();
  if (vocabularyId === 'ICD10' || vocabularyId === 'ICDO3') {
    const undotted = /^([A-Za-z]\d{2})(\d)$/.exec(trimmed);
    if (undotted !== null) return `${(undotted[1] ?? '').toUpperCase()}.${undotted[2] ?? ''}`;
    return trimmed.toUpperCase();
  }
  return trimmed;
}

function codeIndex(): Map<string, ConceptRow> {
  if (byCode === undefined) {
    byCode = new Map();
    for (const c of bundledVocabulary().concept) byCode.set(key(c.vocabulary_id, c.concept_code), c);
  }
  return byCode;
}

/**
 * The concept of a code in the bundled vocabulary, or undefined.
 * @example conceptFor('ATC', 'L01ED01')?.concept_name → 'crizotinib'
 */
export function conceptFor(vocabularyId: string, code: string): ConceptRow | undefined {
  return codeIndex().get(key(vocabularyId, normaliseCode(vocabularyId, code)));
}

/**
 * The concept_id of a code in the bundled vocabulary, or undefined. ICD-10 and ICD-O-3 codes may be written with or
 * without the dot.
 * @example conceptIdFor('ICD10', 'C34.1') → 2_001_003_402; conceptIdFor('LOINC', '718-7') → 3000963
 */
export function conceptIdFor(vocabularyId: string, code: string): number | undefined {
  return conceptFor(vocabularyId, code)?.concept_id;
}

/** The bundled concept with this id, or undefined. */
export function conceptById(conceptId: number): ConceptRow | undefined {
  if (byId === undefined) {
    byId = new Map();
    for (const c of bundledVocabulary().concept) byId.set(c.concept_id, c);
  }
  return byId.get(conceptId);
}

/**
 * The concept and all its descendants in the bundled concept_ancestor, sorted by id.
 * @example descendantConceptIds(conceptIdFor('ATC', 'L01ED')!) includes crizotinib's RxNorm ingredient 40242675
 */
export function descendantConceptIds(ancestorConceptId: number): number[] {
  return bundledVocabulary()
    .concept_ancestor.filter((a) => a.ancestor_concept_id === ancestorConceptId)
    .map((a) => a.descendant_concept_id)
    .sort((x, y) => x - y);
}

/**
 * The standard ingredient concepts classified under an ATC code (any level), sorted by id: what a drug_exposure's
 * drug_concept_id should hold, since ATC concepts are classifications ('C'), not standard drugs.
 * @example atcIngredientConceptIds('L01ED01') → [40242675] (crizotinib, RxNorm)
 */
export function atcIngredientConceptIds(atcCode: string): number[] {
  const atc = conceptIdFor('ATC', atcCode);
  if (atc === undefined) return [];
  return descendantConceptIds(atc).filter((d) => conceptById(d)?.concept_class_id === 'Ingredient');
}
