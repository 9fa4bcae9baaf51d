/**
 * Code systems, identifier systems and profiles the FHIR mapping reads, by their canonical URIs (FHIR R4
 * terminology pages, mCODE STU 4 at https://hl7.org/fhir/us/mcode/STU4/, HL7 Genomics Reporting, ANS for the
 * French OIDs).
 */
export const SYSTEM = {
  icd10: 'http://hl7.org/fhir/sid/icd-10',
  icd10Oid: 'urn:oid:2.16.840.1.113883.6.3',
  icdO3: 'http://terminology.hl7.org/CodeSystem/icd-o-3',
  loinc: 'http://loinc.org',
  snomed: 'http://snomed.info/sct',
  atc: 'http://www.whocc.no/atc',
  rxnorm: 'http://www.nlm.nih.gov/research/umls/rxnorm',
  hgnc: 'http://www.genenames.org/geneId',
  hgncAlternative: 'http://www.genenames.org',
  ucum: 'http://unitsofmeasure.org',
  dicom: 'http://dicom.nema.org/resources/ontology/DCM',
  dicomUid: 'urn:dicom:uid',
  identifierType: 'http://terminology.hl7.org/CodeSystem/v2-0203',
  observationCategory: 'http://terminology.hl7.org/CodeSystem/observation-category',
  conditionVerification: 'http://terminology.hl7.org/CodeSystem/condition-ver-status',
  /** NIR (INS-NIR), the French national health identifier. */
  nir: 'urn:oid:1.2.250.1.213.1.4.8',
  /** FINESS, the French register of health establishments. */
  finess: 'urn:oid:1.2.250.1.71.4.2.2',
} as const;

const MCODE = 'http://hl7.org/fhir/us/mcode/StructureDefinition/';

export const PROFILE = {
  primaryCancerCondition: `${MCODE}mcode-primary-cancer-condition`,
  secondaryCancerCondition: `${MCODE}mcode-secondary-cancer-condition`,
  histologyMorphologyBehavior: `${MCODE}mcode-histology-morphology-behavior`,
  tnmPrimaryTumor: `${MCODE}mcode-tnm-primary-tumor-category`,
  tnmRegionalNodes: `${MCODE}mcode-tnm-regional-nodes-category`,
  tnmDistantMetastases: `${MCODE}mcode-tnm-distant-metastases-category`,
  tnmStageGroup: `${MCODE}mcode-tnm-stage-group`,
  tumorMarkerTest: `${MCODE}mcode-tumor-marker-test`,
  cancerDiseaseStatus: `${MCODE}mcode-cancer-disease-status`,
  genomicVariant: `${MCODE}mcode-genomic-variant`,
  surgicalProcedure: `${MCODE}mcode-cancer-related-surgical-procedure`,
  radiotherapyCourseSummary: `${MCODE}mcode-radiotherapy-course-summary`,
} as const;

/** LOINC codes the Observation mapping routes on. */
export const LOINC = {
  cancerDiseaseStatus: '97509-4',
  geneticVariantAssessment: '69548-6',
  geneStudied: '48018-6',
  aminoAcidChange: '48005-3',
  smokingStatus: '72166-2',
  ecog: '89247-1',
} as const;
