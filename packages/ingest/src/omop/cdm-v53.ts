/**
 * What changed between OMOP CDM 5.3 and 5.4 that a 5.3 export needs to load as 5.4 (OHDSI CommonDataModel,
 * "Changes from CDM v5.3 to v5.4"). Columns 5.4 added as optional (procedure_end_date, production_id,
 * unit_source_concept_id, *_event_id…) are simply absent from a 5.3 file and load as null.
 */

/** 5.3 column name → 5.4 column name, per table; applied only when the header lacks the 5.4 name. */
export const CDM_V53_COLUMN_RENAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  visit_occurrence: {
    admitting_source_concept_id: 'admitted_from_concept_id',
    admitting_source_value: 'admitted_from_source_value',
    discharge_to_concept_id: 'discharged_to_concept_id',
    discharge_to_source_value: 'discharged_to_source_value',
  },
  visit_detail: {
    admitting_source_concept_id: 'admitted_from_concept_id',
    admitting_source_value: 'admitted_from_source_value',
    discharge_to_concept_id: 'discharged_to_concept_id',
    discharge_to_source_value: 'discharged_to_source_value',
    visit_detail_parent_id: 'parent_visit_detail_id',
  },
};

/**
 * Columns 5.4 requires that a 5.3 file does not have, and how they are filled:
 * - metadata.metadata_id (new primary key in 5.4): a new id per row, after the warehouse's highest.
 * - cdm_source.cdm_version_concept_id: never needed, the input's cdm_source row is not loaded (see ingest-omop.ts).
 */
export const CDM_V53_GENERATED_KEYS: Readonly<Record<string, string>> = { metadata: 'metadata_id' };

/** Tables of CDM 5.3 that 5.4 removed: their rows are read, counted and skipped with a reason. */
export const CDM_V53_ONLY_TABLES: readonly string[] = ['attribute_definition', 'cohort_attribute'];
