// Code systems and mCODE profiles, by their canonical URIs: @parcours/core's tables, shared with the synthetic
// hospital's FHIR writer.
export { FHIR_SYSTEMS as SYSTEM, MCODE_PROFILES as PROFILE } from '@parcours/core';

/** LOINC codes the Observation mapping routes on. */
export const LOINC = {
  cancerDiseaseStatus: '97509-4',
  geneticVariantAssessment: '69548-6',
  geneStudied: '48018-6',
  aminoAcidChange: '48005-3',
  dnaChangeType: '48019-4',
  smokingStatus: '72166-2',
  ecog: '89247-1',
} as const;
