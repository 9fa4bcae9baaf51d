/** The OMOP vocabulary tables, in load order, and the file name an OHDSI Athena download gives each. */
export const VOCABULARY_TABLES = [
  { table: 'vocabulary', file: 'VOCABULARY', required: true },
  { table: 'domain', file: 'DOMAIN', required: false },
  { table: 'concept_class', file: 'CONCEPT_CLASS', required: false },
  { table: 'relationship', file: 'RELATIONSHIP', required: false },
  { table: 'concept', file: 'CONCEPT', required: true },
  { table: 'concept_relationship', file: 'CONCEPT_RELATIONSHIP', required: false },
  { table: 'concept_synonym', file: 'CONCEPT_SYNONYM', required: false },
  { table: 'concept_ancestor', file: 'CONCEPT_ANCESTOR', required: false },
  { table: 'drug_strength', file: 'DRUG_STRENGTH', required: false },
] as const;

export type VocabularyTableName = (typeof VOCABULARY_TABLES)[number]['table'];
