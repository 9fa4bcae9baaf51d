/**
 * Rows of the VOCABULARY, DOMAIN, CONCEPT_CLASS and RELATIONSHIP tables for everything the bundle uses, each with the
 * local id of the metadata concept that represents it (OMOP requires vocabulary_concept_id, domain_concept_id,
 * concept_class_concept_id and relationship_concept_id to point at a CONCEPT row). No public source gave us the OMOP
 * ids of these metadata concepts, so all are local (block 2,010,000,000) and written out here; never renumber them.
 */

/** [vocabulary_id, vocabulary_name, vocabulary_reference, vocabulary_version, local concept id] */
export const VOCABULARIES: readonly (readonly [id: string, name: string, reference: string | null, version: string | null, conceptId: number])[] = [
  ['None', 'OMOP Standardized Vocabularies', 'OMOP generated', null, 2_010_000_001],
  ['Vocabulary', 'OMOP Vocabulary', 'OMOP generated', null, 2_010_000_002],
  ['Domain', 'OMOP Domain', 'OMOP generated', null, 2_010_000_003],
  ['Concept Class', 'OMOP Concept Class', 'OMOP generated', null, 2_010_000_004],
  ['Relationship', 'OMOP Relationship', 'OMOP generated', null, 2_010_000_005],
  ['ICD10', 'International Classification of Diseases, Tenth Revision (WHO)', 'https://icd.who.int/browse10/2019/en', '2019', 2_010_000_010],
  ['ICDO3', 'International Classification of Diseases for Oncology, Third Edition (WHO)', 'https://www.who.int/standards/classifications/other-classifications/international-classification-of-diseases-for-oncology', 'ICD-O-3.2', 2_010_000_011],
  ['ATC', 'WHO Anatomic Therapeutic Chemical Classification', 'https://atcddd.fhi.no/atc_ddd_index/', '2024', 2_010_000_012],
  ['RxNorm', 'RxNorm (NLM)', 'https://www.nlm.nih.gov/research/umls/rxnorm/', null, 2_010_000_013],
  ['LOINC', 'Logical Observation Identifiers Names and Codes (Regenstrief Institute)', 'https://loinc.org', null, 2_010_000_014],
  ['SNOMED', 'Systematic Nomenclature of Medicine - Clinical Terms (IHTSDO)', 'https://www.snomed.org', null, 2_010_000_015],
  ['UCUM', 'Unified Code for Units of Measure (Regenstrief Institute)', 'https://ucum.org', null, 2_010_000_016],
  ['HGNC', 'HUGO Gene Nomenclature Committee', 'https://www.genenames.org', null, 2_010_000_017],
  ['OMOP Genomic', 'OMOP Genomic vocabulary', 'OMOP generated', null, 2_010_000_018],
  ['Gender', 'OMOP Gender', 'OMOP generated', null, 2_010_000_019],
  ['Ethnicity', 'OMOP Ethnicity', 'OMOP generated', null, 2_010_000_020],
  ['Visit', 'OMOP Visit', 'OMOP generated', null, 2_010_000_021],
  ['Type Concept', 'OMOP Type Concept', 'OMOP generated', null, 2_010_000_022],
  ['Episode', 'OMOP Episode', 'OMOP generated', null, 2_010_000_023],
  ['Episode Type', 'OMOP Episode Type', 'OMOP generated', null, 2_010_000_024],
  ['CDM', 'OMOP Common Data Model', 'https://github.com/OHDSI/CommonDataModel', 'CDM v5.4', 2_010_000_025],
  ['Parcours', 'Parcours local concepts (TNM, biomarkers, unresolved ingredients)', 'packages/core/VOCABULARY.md', null, 2_010_000_030],
  ['DICOM', 'DICOM modalities (Parcours local)', 'https://dicom.nema.org/medical/dicom/current/output/chtml/part03/sect_C.7.3.html', null, 2_010_000_031],
];

/** [domain_id, domain_name, local concept id] */
export const DOMAINS: readonly (readonly [id: string, name: string, conceptId: number])[] = [
  ['Metadata', 'Metadata', 2_010_001_001],
  ['Condition', 'Condition', 2_010_001_002],
  ['Drug', 'Drug', 2_010_001_003],
  ['Measurement', 'Measurement', 2_010_001_004],
  ['Observation', 'Observation', 2_010_001_005],
  ['Procedure', 'Procedure', 2_010_001_006],
  ['Gender', 'Gender', 2_010_001_007],
  ['Ethnicity', 'Ethnicity', 2_010_001_008],
  ['Visit', 'Visit', 2_010_001_009],
  ['Type Concept', 'Type Concept', 2_010_001_010],
  ['Episode', 'Episode', 2_010_001_011],
  ['Unit', 'Unit', 2_010_001_012],
  ['Spec Anatomic Site', 'Specimen Anatomical Site', 2_010_001_013],
  ['Language', 'Language', 2_010_001_014],
];

/** [concept_class_id, concept_class_name, local concept id] */
export const CONCEPT_CLASSES: readonly (readonly [id: string, name: string, conceptId: number])[] = [
  ['Undefined', 'Undefined', 2_010_002_001],
  ['Vocabulary', 'Vocabulary', 2_010_002_002],
  ['Domain', 'Domain', 2_010_002_003],
  ['Concept Class', 'Concept Class', 2_010_002_004],
  ['Relationship', 'Relationship', 2_010_002_005],
  ['Gender', 'Gender', 2_010_002_010],
  ['Ethnicity', 'Ethnicity', 2_010_002_011],
  ['Visit', 'Visit', 2_010_002_012],
  ['Type Concept', 'Type Concept', 2_010_002_013],
  ['Episode Type', 'Episode Type', 2_010_002_014],
  ['Disease Episode', 'Disease Episode', 2_010_002_015],
  ['Treatment Episode', 'Treatment Episode', 2_010_002_016],
  ['Qualifier Value', 'Qualifier Value', 2_010_002_017],
  ['Unit', 'Unit', 2_010_002_018],
  ['Clinical Finding', 'Clinical Finding', 2_010_002_019],
  ['ICD10 Chapter', 'ICD10 Chapter', 2_010_002_020],
  ['ICD10 SubChapter', 'ICD10 SubChapter', 2_010_002_021],
  ['ICD10 Hierarchy', 'ICD10 Hierarchy', 2_010_002_022],
  ['ICD10 code', 'ICD10 code', 2_010_002_023],
  ['ICDO Topography', 'ICDO Topography', 2_010_002_024],
  ['ICDO Histology', 'ICDO Histology', 2_010_002_025],
  ['ATC 1st', 'ATC 1st', 2_010_002_026],
  ['ATC 2nd', 'ATC 2nd', 2_010_002_027],
  ['ATC 3rd', 'ATC 3rd', 2_010_002_028],
  ['ATC 4th', 'ATC 4th', 2_010_002_029],
  ['ATC 5th', 'ATC 5th', 2_010_002_030],
  ['Ingredient', 'Ingredient', 2_010_002_031],
  ['Lab Test', 'Lab Test', 2_010_002_032],
  ['Clinical Observation', 'Clinical Observation', 2_010_002_033],
  ['Gene', 'Gene', 2_010_002_034],
  ['Genomic Variant', 'Genomic Variant', 2_010_002_035],
  ['Staging/Grading', 'Staging/Grading', 2_010_002_036],
  ['DICOM Modality', 'DICOM Modality', 2_010_002_037],
  ['Disease Dynamic', 'Disease Dynamic', 2_010_002_038],
  ['Field', 'Field', 2_010_002_039],
];

/** [relationship_id, name, is_hierarchical, defines_ancestry, reverse_relationship_id, local concept id] */
export const RELATIONSHIPS: readonly (readonly [id: string, name: string, hierarchical: '0' | '1', definesAncestry: '0' | '1', reverse: string, conceptId: number])[] = [
  ['Is a', 'Is a', '0', '0', 'Subsumes', 2_010_003_001],
  ['Subsumes', 'Subsumes', '1', '1', 'Is a', 2_010_003_002],
  ['Maps to', 'Non-standard to Standard map (OMOP)', '0', '0', 'Mapped from', 2_010_003_003],
  ['Mapped from', 'Standard to Non-standard map (OMOP)', '0', '0', 'Maps to', 2_010_003_004],
  ['ATC - RxNorm', 'ATC to RxNorm', '1', '1', 'RxNorm - ATC', 2_010_003_005],
  ['RxNorm - ATC', 'RxNorm to ATC', '0', '0', 'ATC - RxNorm', 2_010_003_006],
];
