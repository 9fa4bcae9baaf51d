import type { TableSpec } from './table-spec.js';

/**
 * OHDSI Medical Imaging CDM extension (MI-CDM, OHDSI Medical Imaging Working Group; Park et al., J Imaging Inform
 * Med 2024): one row per imaging series in `image_occurrence`, linked to the PROCEDURE_OCCURRENCE of the exam, and
 * derived features in `image_feature`. Parcours stores radiology exams and digitized pathology slides here; the
 * modality is a DICOM modality concept (CT, MR, PT, MG, CR, US, and SM for slide microscopy).
 *
 * `image_study_uid` and `image_series_uid` are DICOM UIDs, which identify the exam outside the warehouse: they are
 * stored only as keyed pseudonyms (see @parcours/pseudo), never as received.
 */
export const MEDICAL_IMAGING_TABLES = [
  {
    name: 'image_occurrence',
    group: 'extension',
    columns: [
      { name: 'image_occurrence_id', type: 'integer', required: true, primaryKey: true },
      { name: 'person_id', type: 'integer', required: true, references: { table: 'person', column: 'person_id' } },
      { name: 'procedure_occurrence_id', type: 'integer', required: true, references: { table: 'procedure_occurrence', column: 'procedure_occurrence_id' } },
      { name: 'visit_occurrence_id', type: 'integer', required: false, references: { table: 'visit_occurrence', column: 'visit_occurrence_id' } },
      { name: 'anatomic_site_concept_id', type: 'integer', required: false, references: { table: 'concept', column: 'concept_id' } },
      { name: 'wadors_uri', type: 'varchar', length: 1024, required: false },
      { name: 'local_path', type: 'varchar', length: 1024, required: false },
      { name: 'image_occurrence_date', type: 'date', required: true },
      { name: 'image_study_uid', type: 'varchar', length: 250, required: true },
      { name: 'image_series_uid', type: 'varchar', length: 250, required: true },
      { name: 'modality_concept_id', type: 'integer', required: true, references: { table: 'concept', column: 'concept_id' } },
    ],
  },
  {
    name: 'image_feature',
    group: 'extension',
    columns: [
      { name: 'image_feature_id', type: 'integer', required: true, primaryKey: true },
      { name: 'person_id', type: 'integer', required: true, references: { table: 'person', column: 'person_id' } },
      { name: 'image_occurrence_id', type: 'integer', required: true, references: { table: 'image_occurrence', column: 'image_occurrence_id' } },
      { name: 'image_feature_event_field_concept_id', type: 'integer', required: false, references: { table: 'concept', column: 'concept_id' } },
      { name: 'image_feature_event_id', type: 'integer', required: false },
      { name: 'image_feature_concept_id', type: 'integer', required: true, references: { table: 'concept', column: 'concept_id' } },
      { name: 'image_feature_type_concept_id', type: 'integer', required: true, references: { table: 'concept', column: 'concept_id' } },
      { name: 'image_finding_concept_id', type: 'integer', required: false, references: { table: 'concept', column: 'concept_id' } },
      { name: 'image_finding_id', type: 'integer', required: false },
      { name: 'anatomic_site_concept_id', type: 'integer', required: false, references: { table: 'concept', column: 'concept_id' } },
      { name: 'alg_system', type: 'varchar', length: 1024, required: false },
      { name: 'alg_datetime', type: 'datetime', required: false },
    ],
  },
] as const satisfies readonly TableSpec[];
