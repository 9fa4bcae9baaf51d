import { conceptRow as row, type ConceptRow } from '../vocabulary-rows.js';

/**
 * OMOP concepts used across the CDM (gender, visit, type, episode, ethnicity, units, language) and the SNOMED
 * oncology conditions found in the Eunomia shard, each with its real OMOP concept_id. The source of every group is
 * named above it; VOCABULARY.md lists them. Nothing here is a local id.
 */

export const OMOP_STANDARD_CONCEPTS: readonly ConceptRow[] = [
  // concept_id 0: OMOP's "no matching concept" (CDM conventions; used for unknown race, unmapped codes).
  row(0, 'No matching concept', 'Metadata', 'None', 'Undefined', null, 'No matching concept'),

  // Gender: 8507/8532 (many public ETLs, e.g. kids-first/kf-omop-imports constants.py, answerdigital mapper).
  // 8551 'UNKNOWN' appears in older ETLs; THEMIS asks for gender_concept_id 0 when the sex is unknown, so it is
  // kept non-standard here (see VOCABULARY.md: its status in current Athena is unverified).
  row(8507, 'MALE', 'Gender', 'Gender', 'Gender', 'S', 'M'),
  row(8532, 'FEMALE', 'Gender', 'Gender', 'Gender', 'S', 'F'),
  row(8551, 'UNKNOWN', 'Gender', 'Gender', 'Gender', null, 'U'),

  // Ethnicity (Eunomia CONCEPT.csv).
  row(38003563, 'Hispanic or Latino', 'Ethnicity', 'Ethnicity', 'Ethnicity', 'S', 'Hispanic'),
  row(38003564, 'Not Hispanic or Latino', 'Ethnicity', 'Ethnicity', 'Ethnicity', 'S', 'Not Hispanic'),

  // Visit: 9201/9202/9203 (Eunomia CONCEPT.csv); 262 (OMOP CDM v5.4 field-level spec, visit_concept_id conventions).
  row(9201, 'Inpatient Visit', 'Visit', 'Visit', 'Visit', 'S', 'IP'),
  row(9202, 'Outpatient Visit', 'Visit', 'Visit', 'Visit', 'S', 'OP'),
  row(9203, 'Emergency Room Visit', 'Visit', 'Visit', 'Visit', 'S', 'ER'),
  row(262, 'Emergency Room and Inpatient Visit', 'Visit', 'Visit', 'Visit', 'S', 'ERIP'),

  // Type concepts: 32817 EHR, 32818 EHR administration record, 32856 Lab, 32879 Registry, 32019/32020 EHR
  // billing/encounter diagnosis (public OMOP ETLs: OHDSI MIMIC-IV ETL for 32856, ETL-German/FhirToCdm for 32817,
  // several UK/NHS ETLs for 32818; see VOCABULARY.md). concept_code: OMOP4976890 (32817) and OMOP4976929 (32856) are
  // sourced; the others follow the same numbering and are marked unverified in VOCABULARY.md.
  row(32817, 'EHR', 'Type Concept', 'Type Concept', 'Type Concept', 'S', 'OMOP4976890'),
  row(32818, 'EHR administration record', 'Type Concept', 'Type Concept', 'Type Concept', 'S', 'OMOP4976891'),
  row(32856, 'Lab', 'Type Concept', 'Type Concept', 'Type Concept', 'S', 'OMOP4976929'),
  row(32879, 'Registry', 'Type Concept', 'Type Concept', 'Type Concept', 'S', 'OMOP4976952'),
  row(32019, 'EHR billing diagnosis', 'Type Concept', 'Type Concept', 'Type Concept', 'S', 'OMOP generated'),
  row(32020, 'EHR encounter diagnosis', 'Type Concept', 'Type Concept', 'Type Concept', 'S', 'OMOP generated'),
  // drug_type_concept_id of prescriptions (FHIR MedicationRequest) and of patient-reported drugs (MedicationStatement):
  // 32838 in a public OMOP ETL ("pl.lit(32838).alias('drug_type_concept_id')  # ehr prescription"), 32865 in public
  // OMOP code ("the OMOP 'Patient self-report' type concept (32865)"); concept_codes not verified.
  row(32838, 'EHR prescription', 'Type Concept', 'Type Concept', 'Type Concept', 'S', 'OMOP generated'),
  row(32865, 'Patient self-report', 'Type Concept', 'Type Concept', 'Type Concept', 'S', 'OMOP generated'),

  // Episode (oncology extension): 32531 (CDM v5.4 spec, episode_object_concept_id conventions), 32528 (OHDSI
  // OncologyWG NAACCR ETL SQL: "32528 -- Disease First Occurrence").
  row(32528, 'Disease First Occurrence', 'Episode', 'Episode', 'Disease Episode', 'S', 'OMOP generated'),
  row(32531, 'Treatment Regimen', 'Episode', 'Episode', 'Treatment Episode', 'S', 'OMOP4822256'),
  // Disease Dynamic episodes (OncologyWG convention: children of the disease episode, episode_concept_id from the
  // 'Disease Dynamic' class): 32949 progression, as listed by the HL7 Europe IDEA4RC IG's OMOP mapping ("Complete
  // Remission - 32946, Partial Remission - 32947, Stable Disease - 32948, Progression - 32949"); name and code not verified.
  row(32949, 'Disease Progression', 'Episode', 'Episode', 'Disease Dynamic', 'S', 'OMOP generated'),
  // CDM field concept for episode_event.episode_event_field_concept_id (OHDSI CDM documentation:
  // "modifier_of_field_concept_id = 1147127 (... field condition_occurrence.condition_occurrence_id)").
  row(1147127, 'condition_occurrence.condition_occurrence_id', 'Metadata', 'CDM', 'Field', null, 'CDM1147127'),
  // Episode types: OHDSI Vocabulary-v5.0 working script for OncologyWG issue 21 (AVOF-1481), verbatim attributes.
  row(32544, 'Episode defined in EHR', 'Type Concept', 'Episode Type', 'Episode Type', 'S', 'OMOP generated'),
  row(32545, 'Episode algorithmically derived from EHR', 'Type Concept', 'Episode Type', 'Episode Type', 'S', 'OMOP generated'),
  row(32546, 'Episode derived from registry', 'Type Concept', 'Episode Type', 'Episode Type', 'S', 'OMOP generated'),
  row(32547, 'Episode derived from claim', 'Type Concept', 'Episode Type', 'Episode Type', 'S', 'OMOP generated'),
  row(32548, 'Episode algorithmically derived from claim', 'Type Concept', 'Episode Type', 'Episode Type', 'S', 'OMOP generated'),

  // Language of synonyms: 4180186 (OHDSI Vocabulary-v5.0 scripts set concept_synonym.language_concept_id=4180186
  // "English language"); the SNOMED code is unverified.
  row(4180186, 'English language', 'Language', 'SNOMED', 'Qualifier Value', 'S', '297496006'),

  // UCUM units (Eunomia CONCEPT.csv).
  row(8576, 'milligram', 'Unit', 'UCUM', 'Unit', 'S', 'mg'),
  row(9563, 'milligram per square meter', 'Unit', 'UCUM', 'Unit', 'S', 'mg/m2'),
  row(9562, 'milligram per kilogram', 'Unit', 'UCUM', 'Unit', 'S', 'mg/kg'),
  row(9655, 'microgram', 'Unit', 'UCUM', 'Unit', 'S', 'ug'),
  row(8504, 'gram', 'Unit', 'UCUM', 'Unit', 'S', 'g'),
  row(8713, 'gram per deciliter', 'Unit', 'UCUM', 'Unit', 'S', 'g/dL'),
  row(8636, 'gram per liter', 'Unit', 'UCUM', 'Unit', 'S', 'g/L'),
  row(8840, 'milligram per deciliter', 'Unit', 'UCUM', 'Unit', 'S', 'mg/dL'),
  row(8749, 'micromole per liter', 'Unit', 'UCUM', 'Unit', 'S', 'umol/L'),
  row(8753, 'millimole per liter', 'Unit', 'UCUM', 'Unit', 'S', 'mmol/L'),
  row(9444, 'billion per liter', 'Unit', 'UCUM', 'Unit', 'S', '10*9/L'),
  row(8734, 'trillion per liter', 'Unit', 'UCUM', 'Unit', 'S', '10*12/L'),
  row(8848, 'thousand per microliter', 'Unit', 'UCUM', 'Unit', 'S', '10*3/uL'),
  row(8647, 'per microliter', 'Unit', 'UCUM', 'Unit', 'S', '/uL'),
  row(8842, 'nanogram per milliliter', 'Unit', 'UCUM', 'Unit', 'S', 'ng/mL'),
  row(8748, 'microgram per liter', 'Unit', 'UCUM', 'Unit', 'S', 'ug/L'),
  row(8923, 'international unit per liter', 'Unit', 'UCUM', 'Unit', 'S', '[iU]/L'),
  row(8554, 'percent', 'Unit', 'UCUM', 'Unit', 'S', '%'),
  row(9529, 'kilogram', 'Unit', 'UCUM', 'Unit', 'S', 'kg'),
  row(8582, 'centimeter', 'Unit', 'UCUM', 'Unit', 'S', 'cm'),
  row(8617, 'square meter', 'Unit', 'UCUM', 'Unit', 'S', 'm2'),
  row(8587, 'milliliter', 'Unit', 'UCUM', 'Unit', 'S', 'mL'),
  row(8795, 'milliliter per minute', 'Unit', 'UCUM', 'Unit', 'S', 'mL/min'),
  row(32912, 'Generic unit for indivisible thing', 'Unit', 'UCUM', 'Unit', 'S', '1'),
  row(8512, 'day', 'Unit', 'UCUM', 'Unit', 'S', 'd'),
  row(8511, 'week', 'Unit', 'UCUM', 'Unit', 'S', 'wk'),
  row(9580, 'month', 'Unit', 'UCUM', 'Unit', 'S', 'mo'),
  row(9448, 'year', 'Unit', 'UCUM', 'Unit', 'S', 'a'),

  // SNOMED oncology conditions present in Eunomia's shard (with their 'Is a' links below).
  row(4115276, 'Non-small cell lung cancer', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '254637007', '2002-01-31'),
  row(4310703, 'Non-small cell carcinoma of lung, TNM stage 1', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '424132000', '2007-01-31'),
  row(4314172, 'Non-small cell carcinoma of lung, TNM stage 2', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '425048006', '2007-01-31'),
  row(4311997, 'Non-small cell carcinoma of lung, TNM stage 3', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '422968005', '2007-01-31'),
  row(4308479, 'Non-small cell carcinoma of lung, TNM stage 4', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '423121009', '2007-01-31'),
  row(4110591, 'Small cell carcinoma of lung', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '254632001', '2002-01-31'),
  row(37395648, 'Primary small cell malignant neoplasm of lung, TNM stage 1', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '67811000119102', '2016-07-31'),
  row(37395649, 'Primary small cell malignant neoplasm of lung, TNM stage 2', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '67821000119109', '2016-07-31'),
  row(37395650, 'Primary small cell malignant neoplasm of lung, TNM stage 3', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '67831000119107', '2016-07-31'),
  row(37395651, 'Primary small cell malignant neoplasm of lung, TNM stage 4', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '67841000119103', '2016-07-31'),
  row(4112853, 'Malignant tumor of breast', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '254837009', '2002-01-31'),
  row(4180790, 'Malignant tumor of colon', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '363406005', '2002-01-31'),
  row(197500, 'Primary malignant neoplasm of colon', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '93761005', '2002-01-31'),
  row(4311765, 'Secondary malignant neoplasm of colon', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '94260004', '2002-01-31'),
  row(4129902, 'Neoplasm of prostate', 'Condition', 'SNOMED', 'Clinical Finding', 'S', '126906006', '2002-01-31'),
];

/** 'Is a' links between the concepts above, from Eunomia's CONCEPT_RELATIONSHIP (child, parent, valid_start_date). */
export const OMOP_STANDARD_IS_A: readonly (readonly [child: number, parent: number, validStart: string])[] = [
  [4310703, 4115276, '2011-07-31'],
  [4314172, 4115276, '2011-07-31'],
  [4311997, 4115276, '2011-07-31'],
  [4308479, 4115276, '2011-07-31'],
  [37395648, 4110591, '2016-07-31'],
  [37395649, 4110591, '2016-07-31'],
  [37395650, 4110591, '2016-07-31'],
  [37395651, 4110591, '2016-07-31'],
  [197500, 4180790, '2011-07-31'],
  [4311765, 4180790, '2011-07-31'],
];
