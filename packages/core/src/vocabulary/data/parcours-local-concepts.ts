import type { ConceptRow } from '../vocabulary-rows.js';

const local = (
  concept_id: number,
  concept_name: string,
  domain_id: string,
  vocabulary_id: string,
  concept_class_id: string,
  concept_code: string,
): ConceptRow => ({
  concept_id,
  concept_name,
  domain_id,
  vocabulary_id,
  concept_class_id,
  standard_concept: 'S',
  concept_code,
  valid_start_date: '1970-01-01',
  valid_end_date: '2099-12-31',
  invalid_reason: null,
});

/**
 * Local concepts with no public OMOP id: DICOM modalities (DICOM PS3.3 C.7.3.1.1.1 defined terms), units missing
 * from the sources we had, and Parcours' own measurements. Ids are written out and never reused.
 */
export const PARCOURS_LOCAL_CONCEPTS: readonly ConceptRow[] = [
  local(2_009_000_001, 'Computed Tomography', 'Procedure', 'DICOM', 'DICOM Modality', 'CT'),
  local(2_009_000_002, 'Magnetic Resonance', 'Procedure', 'DICOM', 'DICOM Modality', 'MR'),
  local(2_009_000_003, 'Positron emission tomography (PET)', 'Procedure', 'DICOM', 'DICOM Modality', 'PT'),
  local(2_009_000_004, 'Mammography', 'Procedure', 'DICOM', 'DICOM Modality', 'MG'),
  local(2_009_000_005, 'Computed Radiography', 'Procedure', 'DICOM', 'DICOM Modality', 'CR'),
  local(2_009_000_006, 'Ultrasound', 'Procedure', 'DICOM', 'DICOM Modality', 'US'),
  local(2_009_000_007, 'Slide Microscopy', 'Procedure', 'DICOM', 'DICOM Modality', 'SM'),
  local(2_009_000_008, 'Digital Radiography', 'Procedure', 'DICOM', 'DICOM Modality', 'DX'),
  local(2_009_000_009, 'Nuclear Medicine', 'Procedure', 'DICOM', 'DICOM Modality', 'NM'),
  local(2_011_000_001, 'unit per milliliter', 'Unit', 'UCUM', 'Unit', 'U/mL'),
  local(2_011_000_002, 'unit per liter', 'Unit', 'UCUM', 'Unit', 'U/L'),
  local(2_011_000_003, 'score', 'Unit', 'UCUM', 'Unit', '{score}'),
  local(2_008_200_001, 'PD-L1 tumour proportion score (TPS) by immunohistochemistry', 'Measurement', 'Parcours', 'Lab Test', 'PDL1-TPS'),
  local(2_008_200_002, 'PD-L1 combined positive score (CPS) by immunohistochemistry', 'Measurement', 'Parcours', 'Lab Test', 'PDL1-CPS'),
  local(2_008_200_003, 'Tumour mutational burden', 'Measurement', 'Parcours', 'Lab Test', 'TMB'),
];
