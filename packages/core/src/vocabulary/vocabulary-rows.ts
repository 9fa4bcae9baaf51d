/**
 * Rows of the eight OMOP CDM v5.4 vocabulary tables, keyed by the specification's own column names.
 *
 * Dates are `YYYY-MM-DD` strings and ids are numbers, so a row can be written to CSV or bound to a parameter as is.
 * Columns and nullability follow `OMOP_CDMv5.4_Field_Level.csv`
 * (https://ohdsi.github.io/CommonDataModel/cdm54.html#vocabulary-tables).
 */

/** `standard_concept`: 'S' standard, 'C' classification, null non-standard. */
export type StandardConcept = 'S' | 'C' | null;

export interface ConceptRow {
  readonly concept_id: number;
  readonly concept_name: string;
  readonly domain_id: string;
  readonly vocabulary_id: string;
  readonly concept_class_id: string;
  readonly standard_concept: StandardConcept;
  readonly concept_code: string;
  readonly valid_start_date: string;
  readonly valid_end_date: string;
  /** 'D' deleted, 'U' updated, null valid. */
  readonly invalid_reason: string | null;
}

export interface VocabularyRow {
  readonly vocabulary_id: string;
  readonly vocabulary_name: string;
  readonly vocabulary_reference: string | null;
  readonly vocabulary_version: string | null;
  readonly vocabulary_concept_id: number;
}

export interface DomainRow {
  readonly domain_id: string;
  readonly domain_name: string;
  readonly domain_concept_id: number;
}

export interface ConceptClassRow {
  readonly concept_class_id: string;
  readonly concept_class_name: string;
  readonly concept_class_concept_id: number;
}

export interface RelationshipRow {
  readonly relationship_id: string;
  readonly relationship_name: string;
  /** '1' or '0'. */
  readonly is_hierarchical: string;
  /** '1' or '0'. */
  readonly defines_ancestry: string;
  readonly reverse_relationship_id: string;
  readonly relationship_concept_id: number;
}

export interface ConceptRelationshipRow {
  readonly concept_id_1: number;
  readonly concept_id_2: number;
  readonly relationship_id: string;
  readonly valid_start_date: string;
  readonly valid_end_date: string;
  readonly invalid_reason: string | null;
}

export interface ConceptSynonymRow {
  readonly concept_id: number;
  readonly concept_synonym_name: string;
  readonly language_concept_id: number;
}

export interface ConceptAncestorRow {
  readonly ancestor_concept_id: number;
  readonly descendant_concept_id: number;
  readonly min_levels_of_separation: number;
  readonly max_levels_of_separation: number;
}

/** The whole vocabulary subset, one array per OMOP table, in a deterministic order. */
export interface VocabularyBundle {
  /** Version of the bundled content; changes whenever a row changes. */
  readonly version: string;
  readonly vocabulary: readonly VocabularyRow[];
  readonly domain: readonly DomainRow[];
  readonly concept_class: readonly ConceptClassRow[];
  readonly relationship: readonly RelationshipRow[];
  readonly concept: readonly ConceptRow[];
  readonly concept_relationship: readonly ConceptRelationshipRow[];
  readonly concept_synonym: readonly ConceptSynonymRow[];
  readonly concept_ancestor: readonly ConceptAncestorRow[];
}

/** The OMOP vocabulary table names, in the order a loader should fill them. */
export const VOCABULARY_TABLE_NAMES = [
  'vocabulary',
  'domain',
  'concept_class',
  'relationship',
  'concept',
  'concept_relationship',
  'concept_synonym',
  'concept_ancestor',
] as const;
export type VocabularyTableName = (typeof VOCABULARY_TABLE_NAMES)[number];

/**
 * One CONCEPT row: valid from `valid_start_date` (default 1970-01-01) to 2099-12-31, or ended at 1970-01-01 when an
 * `invalid_reason` is given.
 */
export function conceptRow(
  concept_id: number,
  concept_name: string,
  domain_id: string,
  vocabulary_id: string,
  concept_class_id: string,
  standard_concept: StandardConcept,
  concept_code: string,
  valid_start_date = '1970-01-01',
  invalid_reason: string | null = null,
): ConceptRow {
  return {
    concept_id,
    concept_name,
    domain_id,
    vocabulary_id,
    concept_class_id,
    standard_concept,
    concept_code,
    valid_start_date,
    valid_end_date: invalid_reason === null ? '2099-12-31' : '1970-01-01',
    invalid_reason,
  };
}
