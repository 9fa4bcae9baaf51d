/**
 * Code systems and identifier systems of Parcours' FHIR, by their canonical URIs (FHIR R4 terminology pages, ANS for
 * the French OIDs): one table for what the synthetic hospital writes and what ingestion reads.
 */
export const FHIR_SYSTEMS = {
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  icdO3: 'http://terminology.hl7.org/CodeSystem/icd-o-3',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  atc: 'http://www.whocc.no/atc',
  // The HGNC canonical of HL7's terminology registry (mCODE 4.0.0's examples write http://www.genenames.org).
  hgnc: 'http://www.genenames.org/geneId',
  hgncAlternative: 'http://www.genenames.org',
  ucum: 'http://unitsofmeasure.org',
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  dicomUid: 'urn:dicom:uid',
  /** AJCC's canonical, for TNM values written as the cancer centre records them ('cT2a'). */
  ajcc: 'http://cancerstaging.org',
  /** CCAM (Classification commune des actes médicaux), by its OID. */
  ccam: 'urn:oid:1.2.250.1.213.2.5',
  /** NIR: the French national health identifier (INS-NIR OID). */
  nir: 'urn:oid:1.2.250.1.213.1.4.8',
  /** FINESS, the French register of health establishments. */
  finess: 'urn:oid:1.2.250.1.71.4.2.2',
  /** ICD-10 by its HL7 OID, as some exports write it. */
  icd10Oid: 'urn:oid:2.16.840.1.113883.6.3',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionClinical: 'http://terminology.hl7.org/CodeSystem/condition-clinical',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  conditionCategory: 'http://terminology.hl7.org/CodeSystem/condition-category',
  actCode: 'http://terminology.hl7.org/CodeSystem/v3-ActCode',
  /** Sequence Ontology: the DNA change type of a genomic variant (LOINC 48019-4), as HL7 genomics reporting codes it. */
  sequenceOntology: 'http://www.sequenceontology.org',
} as const;

/**
 * The kind of alteration a genomic test looks for, as a Sequence Ontology term in the "DNA change type" component
 * (LOINC 48019-4): without it a negative result, or a mutation reported without its pHGVS, would not say whether the
 * test was for mutations, fusions or amplifications.
 */
export const DNA_CHANGE_TYPES = {
  mutation: { code: 'SO:0001060', display: 'sequence_variant' },
  fusion: { code: 'SO:0001565', display: 'gene_fusion' },
  amplification: { code: 'SO:0001880', display: 'feature_amplification' },
} as const;

const MCODE = 'http://hl7.org/fhir/us/mcode/StructureDefinition/';

/** mCODE STU 4 (4.0.0) profiles, checked against the hl7.fhir.us.mcode 4.0.0 package's StructureDefinitions. */
export const MCODE_PROFILES = {
  cancerPatient: `${MCODE}mcode-cancer-patient`,
  primaryCancerCondition: `${MCODE}mcode-primary-cancer-condition`,
  secondaryCancerCondition: `${MCODE}mcode-secondary-cancer-condition`,
  histologyMorphologyBehavior: `${MCODE}mcode-histology-morphology-behavior`,
  tnmPrimaryTumor: `${MCODE}mcode-tnm-primary-tumor-category`,
  tnmRegionalNodes: `${MCODE}mcode-tnm-regional-nodes-category`,
  tnmDistantMetastases: `${MCODE}mcode-tnm-distant-metastases-category`,
  tnmStageGroup: `${MCODE}mcode-tnm-stage-group`,
  ecog: `${MCODE}mcode-ecog-performance-status`,
  tumorMarkerTest: `${MCODE}mcode-tumor-marker-test`,
  cancerDiseaseStatus: `${MCODE}mcode-cancer-disease-status`,
  medicationAdministration: `${MCODE}mcode-cancer-related-medication-administration`,
  surgicalProcedure: `${MCODE}mcode-cancer-related-surgical-procedure`,
  radiotherapyCourseSummary: `${MCODE}mcode-radiotherapy-course-summary`,
  genomicVariant: `${MCODE}mcode-genomic-variant`,
  genomicsReport: `${MCODE}mcode-genomics-report`,
  humanSpecimen: `${MCODE}mcode-human-specimen`,
  /** HL7 Genomics Reporting IG variant profile, the base of mcode-genomic-variant. */
  variant: 'http://hl7.org/fhir/uv/genomics-reporting/StructureDefinition/variant',
} as const;
