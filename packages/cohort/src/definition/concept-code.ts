/**
 * Codes of a cohort definition: `VOCABULARY:CODE`, the vocabulary spelled as OMOP's vocabulary_id ('ICD10:C34',
 * 'ATC:L01ED', 'ICDO3:8140/3', 'LOINC:89247-1', 'HGNC:HGNC:10261', 'OMOP Genomic:CD74::ROS1'). The vocabulary is
 * everything before the first ':'. Codes, not concept ids, so that one definition runs at every hospital: each is
 * resolved against the warehouse's own concept table when the cohort runs.
 */

/** The vocabularies a definition may name (OMOP vocabulary_id spellings); anything else is an unknown vocabulary. */
export const COHORT_VOCABULARIES = [
  'ATC',
  'Cancer Modifier',
  'CPT4',
  'HCPCS',
  'HemOnc',
  'HGNC',
  'ICD10',
  'ICD10CM',
  'ICDO3',
  'LOINC',
  'NAACCR',
  'OMOP Genomic',
  'Parcours',
  'RxNorm',
  'RxNorm Extension',
  'SNOMED',
] as const;
export type CohortVocabulary = (typeof COHORT_VOCABULARIES)[number];

export interface ConceptCode {
  readonly vocabulary: CohortVocabulary;
  /** As stored in concept.concept_code ('C34.1', not 'C341'). */
  readonly code: string;
}

const VOCABULARIES: ReadonlySet<string> = new Set(COHORT_VOCABULARIES);

/** concept.concept_code is varchar(50) in CDM v5.4: a longer code cannot match anything. */
const MAX_CODE_LENGTH = 50;

/** Why a code string is not a code, or null when it is one. */
export function conceptCodeProblem(text: string): string | null {
  const colon = text.indexOf(':');
  if (colon <= 0) return 'a code is written VOCABULARY:CODE, e.g. ICD10:C34';
  if (!VOCABULARIES.has(text.slice(0, colon))) return `unknown vocabulary (known: ${COHORT_VOCABULARIES.join(', ')})`;
  const code = text.slice(colon + 1).trim();
  if (code === '') return 'the code after the vocabulary is empty';
  if (code.length > MAX_CODE_LENGTH) return `a code has at most ${MAX_CODE_LENGTH} characters`;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f]/.test(code)) return 'a code cannot contain control characters';
  return null;
}

/**
 * Parses a code already checked by `conceptCodeProblem`. ICD-10 and ICD-O-3 topography codes written without their
 * dot are given it, as the vocabulary stores them.
 * @example parseConceptCode('ICD10:c341') // { vocabulary: 'ICD10', code: 'C34.1' }
 */
export function parseConceptCode(text: string): ConceptCode {
  const colon = text.indexOf(':');
  const vocabulary = text.slice(0, colon) as CohortVocabulary;
  let code = text.slice(colon + 1).trim();
  if (vocabulary === 'ICD10' || vocabulary === 'ICD10CM' || (vocabulary === 'ICDO3' && /^c\d/i.test(code))) {
    code = code.toUpperCase();
    const undotted = /^([A-Z]\d{2})(\d+)$/.exec(code);
    if (undotted !== null) code = `${undotted[1] ?? ''}.${undotted[2] ?? ''}`;
  }
  return { vocabulary, code };
}

/**
 * The pattern of the codes under an ICD-style category ('C34' → 'C34.%'), or null when the code is not one. Full
 * Athena vocabularies give ICD-10 no concept_ancestor rows (its concepts are non-standard), so the subcategories of
 * a category are also found by their code. Only codes of this closed shape get a pattern, so no user text ever
 * carries a LIKE wildcard.
 */
export function subcategoryPattern(code: ConceptCode): string | null {
  const icdStyle = code.vocabulary === 'ICD10' || code.vocabulary === 'ICD10CM' || code.vocabulary === 'ICDO3';
  if (!icdStyle || !/^[A-Z]\d{2}(\.\d{1,3})?$/.test(code.code)) return null;
  return code.code.includes('.') ? `${code.code}%` : `${code.code}.%`;
}
