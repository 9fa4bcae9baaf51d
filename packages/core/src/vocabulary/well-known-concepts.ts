/**
 * The OMOP concept_ids Parcours code refers to by name. Every id here is in the bundled vocabulary (a test checks
 * it); ids below 2,000,000,000 are real OMOP concept_ids with a public source (VOCABULARY.md), the others are the
 * bundle's local ids. Use these constants instead of literal numbers.
 *
 * @example
 * person.gender_concept_id = sex === 'F' ? WELL_KNOWN_CONCEPTS.GENDER.female : WELL_KNOWN_CONCEPTS.GENDER.male;
 */
export const WELL_KNOWN_CONCEPTS = {
  /** OMOP's "No matching concept": unknown race, unmapped codes, unknown gender (THEMIS). */
  NO_MATCHING_CONCEPT: 0,
  GENDER: { male: 8507, female: 8532, unknown: 0 },
  /** Race is not recorded in European sources: always 0 (CDM v5.4 convention). */
  RACE: { unknown: 0 },
  ETHNICITY: { hispanicOrLatino: 38003563, notHispanicOrLatino: 38003564, unknown: 0 },
  VISIT: { inpatient: 9201, outpatient: 9202, emergency: 9203, emergencyAndInpatient: 262 },
  TYPE_CONCEPT: {
    ehr: 32817,
    ehrAdministrationRecord: 32818,
    ehrBillingDiagnosis: 32019,
    ehrEncounterDiagnosis: 32020,
    lab: 32856,
    registry: 32879,
    ehrPrescription: 32838,
    patientSelfReport: 32865,
  },
  /** death_type_concept_id: the source of the death record. */
  DEATH_TYPE: { ehr: 32817, registry: 32879 },
  /** episode_concept_id: the disease episode (parent) and its Disease Dynamic children, and treatment episodes. */
  EPISODE: { diseaseFirstOccurrence: 32528, treatmentRegimen: 32531, diseaseProgression: 32949 },
  /** episode_event_field_concept_id (and *_event_field_concept_id): which table and key an event id refers to. */
  CDM_FIELD: { conditionOccurrenceId: 1147127 },
  EPISODE_TYPE: {
    definedInEhr: 32544,
    algorithmicallyDerivedFromEhr: 32545,
    derivedFromRegistry: 32546,
    derivedFromClaim: 32547,
    algorithmicallyDerivedFromClaim: 32548,
  },
  LANGUAGE: { english: 4180186 },
  MEASUREMENT: {
    hemoglobin: 3000963,
    leukocytes: 3010813,
    neutrophils: 3013650,
    lymphocytes: 3004327,
    platelets: 3024929,
    creatinine: 3016723,
    alt: 3006923,
    ast: 3013721,
    bilirubinTotal: 3024128,
    albumin: 3024561,
    ldh: 3016436,
    psa: 3013603,
    cea: 2_006_020_396,
    ca153: 2_006_068_759,
    ca125: 2_006_103_341,
    ca199: 2_006_241_083,
    afp: 2_006_018_341,
    betaHcg: 2_006_211_987,
    ecog: 36305384,
    bodyWeight: 3025315,
    bodyHeight: 3036277,
    bmi: 3038553,
    pdl1Tps: 2_008_200_001,
    tumourMutationalBurden: 2_008_200_003,
  },
  OBSERVATION: { smokingStatus: 43054909, responseToCancerTreatment: 36305408 },
  /** LOINC TNM items: the measurement_concept_id of a staging record; the value is a TNM concept below. */
  TNM_ITEM: {
    clinicalT: 3008841,
    clinicalN: 3007727,
    clinicalM: 3006575,
    clinicalStageGroup: 3022698,
    pathologicalT: 2_006_218_990,
    pathologicalN: 2_006_219_006,
    pathologicalM: 2_006_219_014,
    pathologicalStageGroup: 2_006_219_022,
  },
  UNIT: {
    mg: 8576,
    mgPerM2: 9563,
    mgPerKg: 9562,
    gPerDl: 8713,
    gPerL: 8636,
    mgPerDl: 8840,
    umolPerL: 8749,
    billionPerL: 9444,
    unitsPerMl: 2_011_000_001,
    unitsPerL: 2_011_000_002,
    ngPerMl: 8842,
    internationalUnitsPerL: 8923,
    kg: 9529,
    cm: 8582,
    percent: 8554,
    score: 2_011_000_003,
  },
  IMAGING_MODALITY: { CT: 2_009_000_001, MR: 2_009_000_002, PT: 2_009_000_003, MG: 2_009_000_004, CR: 2_009_000_005, US: 2_009_000_006, SM: 2_009_000_007, DX: 2_009_000_008, NM: 2_009_000_009 },
} as const;

export type WellKnownConcepts = typeof WELL_KNOWN_CONCEPTS;
