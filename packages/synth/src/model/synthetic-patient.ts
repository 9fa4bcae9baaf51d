/**
 * A synthetic patient as a hospital information system would export it: identified (names, NIR, address, IPP,
 * stays), with the oncology history a cancer centre records. Everything is invented; the generator's parameters
 * (and the truth a study should recover) are in `SyntheticTruth`.
 *
 * Dates are ISO 'YYYY-MM-DD' strings (calendar days, no time zone). Codes carry their system so that writers can
 * map them: ICD-10 with the dot ('C34.1'), ICD-O-3 topography ('C34.1') and morphology ('8140/3'), ATC ('L01ED01'),
 * LOINC ('718-7'), HGNC symbols ('ROS1'), DICOM modalities ('CT').
 */
export type IsoDate = string;

export type Sex = 'F' | 'M';

/** Cancer families in the case mix of a French comprehensive cancer centre (see packages/synth/README.md). */
export const CANCER_TYPES = [
  'breast',
  'lung',
  'ovary',
  'other-gynaecological',
  'colorectal',
  'prostate',
  'melanoma',
  'uveal-melanoma',
  'sarcoma',
  'head-and-neck',
  'haematological',
  'paediatric',
] as const;
export type CancerType = (typeof CANCER_TYPES)[number];

export interface SiteProfile {
  /** 'site-01' ... */
  readonly siteId: string;
  readonly name: string;
  /** FINESS-like establishment number (invented). */
  readonly finess: string;
  readonly city: string;
  readonly postcodePrefix: string;
}

export interface Address {
  readonly line: string;
  readonly postcode: string;
  readonly city: string;
}

export interface Identity {
  readonly firstName: string;
  readonly lastName: string;
  /** Birth name when different (married name in lastName). */
  readonly birthName?: string;
  readonly sex: Sex;
  readonly birthDate: IsoDate;
  /** French social-security number: 13 digits + 2-digit key (97 − n mod 97), valid by construction. */
  readonly nir: string;
  readonly address: Address;
  readonly phone: string;
  readonly email: string;
}

export interface Stay {
  /** Stay number (NDA), unique in the site. */
  readonly nda: string;
  readonly kind: 'inpatient' | 'outpatient' | 'day-hospital' | 'emergency';
  readonly start: IsoDate;
  readonly end: IsoDate;
}

export interface Tnm {
  readonly t: string; // 'T2a'
  readonly n: string; // 'N1'
  readonly m: string; // 'M1b'
}

export interface Metastasis {
  /** 'brain' | 'bone' | 'liver' | 'lung' | 'adrenal' | 'pleura' | 'lymph-node' | 'peritoneum' | ... */
  readonly site: string;
  readonly date: IsoDate;
}

export interface PrimaryCancer {
  readonly id: string;
  readonly cancerType: CancerType;
  readonly icd10: string;
  readonly topography: string;
  readonly morphology: string;
  readonly histology: string; // human-readable, e.g. 'adenocarcinoma'
  readonly diagnosisDate: IsoDate;
  readonly tnm: Tnm | null;
  readonly stageGroup: string | null; // 'IIIB', 'IV' ...
  /** Metastatic at diagnosis or later (dates on the timeline). */
  readonly metastases: readonly Metastasis[];
}

export interface BiomarkerResult {
  readonly id: string;
  readonly date: IsoDate;
  readonly specimenId: string | null;
  /** HGNC symbol ('ROS1') or a marker name ('PD-L1', 'ER', 'PR', 'HRD'). */
  readonly gene: string;
  readonly alteration: 'mutation' | 'fusion' | 'amplification' | 'expression' | 'status';
  /** 'G12C', 'V600E', 'exon 19 deletion', 'exon 14 skipping' ... */
  readonly variant?: string;
  /** Fusion partner gene ('CD74'). */
  readonly partner?: string;
  /** Numeric value where the test gives one (PD-L1 TPS %, HRD score). */
  readonly value?: number;
  readonly unit?: string;
  readonly result: 'positive' | 'negative' | 'equivocal' | 'failed';
  readonly method: 'NGS' | 'IHC' | 'FISH' | 'PCR';
}

export interface DrugAdministration {
  readonly date: IsoDate;
  readonly atc: string;
  readonly drug: string; // INN, lower case: 'carboplatin'
  readonly dose: number;
  readonly unit: 'mg' | 'mg/m2' | 'mg/kg' | 'AUC';
  readonly route: 'intravenous' | 'oral' | 'subcutaneous' | 'intramuscular';
  /** Cycle number within the administering regimen, 1-based (oral drugs: one administration per dispensing). */
  readonly cycle: number;
  /** For oral drugs, the number of days this dispensing covers; 1 for infusions. */
  readonly daysSupply: number;
  readonly nda: string | null;
}

export interface ProcedureRecord {
  readonly date: IsoDate;
  readonly kind: 'surgery' | 'radiotherapy' | 'biopsy';
  /** CCAM-like or descriptive code; writers map what they can. */
  readonly code: string;
  readonly description: string;
  readonly bodySite: string;
  readonly nda: string | null;
}

export interface ProgressionEvent {
  readonly date: IsoDate;
  readonly method: 'imaging';
  readonly imagingStudyUid: string | null;
}

export interface LabResult {
  readonly date: IsoDate;
  readonly loinc: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly low?: number;
  readonly high?: number;
}

export interface ImagingExam {
  readonly date: IsoDate;
  readonly modality: 'CT' | 'MR' | 'PT' | 'MG' | 'CR' | 'US';
  readonly bodySite: string;
  readonly description: string;
  /** DICOM-like UIDs (identifying outside the warehouse: pseudonymized at ingestion). */
  readonly studyUid: string;
  readonly seriesUids: readonly string[];
  readonly accessionNumber: string;
  readonly nda: string | null;
}

export interface Specimen {
  readonly id: string;
  readonly date: IsoDate;
  readonly type: 'biopsy' | 'resection' | 'blood' | 'cytology';
  readonly bodySite: string;
}

/** A digitized slide (whole-slide image, DICOM modality SM), from 2022 on, linked to its specimen. */
export interface Slide {
  readonly id: string;
  readonly specimenId: string;
  readonly date: IsoDate;
  readonly stain: 'HE' | 'IHC';
  readonly studyUid: string;
  readonly seriesUid: string;
}

/** EORTC QLQ-C30 summary scales (0–100). */
export interface QualityOfLife {
  readonly date: IsoDate;
  readonly globalHealth: number;
  readonly physicalFunctioning: number;
  readonly fatigue: number;
  readonly pain: number;
}

export interface EcogAssessment {
  readonly date: IsoDate;
  readonly value: 0 | 1 | 2 | 3 | 4;
}

export type SmokingStatus = 'never' | 'former' | 'current' | 'unknown';

/**
 * The hidden part of a patient's story, for tests and for checking derived endpoints: the lines of therapy the
 * generator intended (so that line-of-therapy derivation can be scored) and the latent event times.
 */
export interface PatientTruth {
  readonly lines: readonly {
    readonly line: number;
    readonly regimen: string; // 'carboplatin + pemetrexed'
    readonly regimenClass: 'targeted' | 'chemotherapy' | 'immunotherapy' | 'chemo-immunotherapy' | 'endocrine' | 'parp-inhibitor' | 'anti-her2' | 'other';
    readonly start: IsoDate;
    readonly end: IsoDate;
    readonly endReason: 'progression' | 'toxicity' | 'death' | 'completed' | 'censored';
  }[];
  /**
   * The index of the outcome model (start of first-line therapy, or decision of best supportive care, for advanced
   * disease), its disease setting and the covariates of the linear predictor (added by the population model).
   */
  readonly index?: { readonly date: IsoDate; readonly setting: string; readonly covariates: Readonly<Record<string, number>> };
  /** Latent times in days from index (the start of first-line therapy for advanced disease), before censoring. */
  readonly latentProgressionDays: number | null;
  readonly latentDeathDays: number | null;
}

export interface SyntheticPatient {
  readonly site: string;
  /** Hospital patient id (IPP), unique in the site. */
  readonly ipp: string;
  readonly identity: Identity;
  readonly smoking: SmokingStatus;
  readonly deathDate: IsoDate | null;
  /** Last contact with the hospital (censoring date for the living). */
  readonly lastContactDate: IsoDate;
  readonly lostToFollowUp: boolean;
  readonly stays: readonly Stay[];
  readonly cancers: readonly PrimaryCancer[];
  readonly ecog: readonly EcogAssessment[];
  readonly biomarkers: readonly BiomarkerResult[];
  readonly administrations: readonly DrugAdministration[];
  readonly procedures: readonly ProcedureRecord[];
  readonly progressions: readonly ProgressionEvent[];
  readonly labs: readonly LabResult[];
  readonly imaging: readonly ImagingExam[];
  readonly specimens: readonly Specimen[];
  readonly slides: readonly Slide[];
  readonly qualityOfLife: readonly QualityOfLife[];
  /** Treating doctors (invented), referenced by notes. */
  readonly doctors: readonly { readonly firstName: string; readonly lastName: string; readonly specialty: string }[];
  readonly truth: PatientTruth;
}

/** The generator's parameters that a study should recover, written to truth.json beside the output. */
export interface SyntheticTruth {
  readonly seed: number;
  readonly patients: number;
  readonly sites: readonly SiteProfile[];
  /** Log-hazard-ratio model for death and progression, by covariate; baseline hazards per cancer type. */
  readonly hazardModel: Record<string, unknown>;
  /** Named hazard ratios a study should recover, e.g. 'nsclc-ros1-targeted-vs-chemotherapy-os'. */
  readonly hazardRatios: Record<string, { readonly outcome: 'os' | 'pfs'; readonly hr: number; readonly description: string }>;
  /** Documented rates the plausibility tests check (cancer-type shares, ROS1 among tested NSCLC...). */
  readonly rates: Record<string, number>;
  /** The case-mix and driver multipliers of the run, when any: `rates` are the reference rates before them. */
  readonly enrichment?: { readonly caseMix?: Readonly<Partial<Record<CancerType, number>>>; readonly driverEnrichment?: Readonly<Partial<Record<string, number>>> };
}

/** A span of identifying text in a note: the ground truth for measuring de-identification. */
export interface IdentifierSpan {
  readonly start: number; // UTF-16 offset, inclusive
  readonly end: number; // exclusive
  readonly type: 'PATIENT_NAME' | 'DOCTOR_NAME' | 'BIRTH_DATE' | 'DATE' | 'NIR' | 'PHONE' | 'EMAIL' | 'ADDRESS' | 'POSTCODE' | 'CITY' | 'IPP' | 'NDA' | 'HOSPITAL' | 'URL';
}

export interface ClinicalNote {
  readonly id: string;
  readonly date: IsoDate;
  readonly kind: 'consultation' | 'pathology-report' | 'imaging-report' | 'mdt-summary' | 'molecular-report';
  readonly title: string;
  readonly language: 'fr';
  readonly text: string;
  readonly spans: readonly IdentifierSpan[];
}

export interface SynthOptions {
  /** Total patients over all sites. */
  readonly patients: number;
  /** Number of hospitals (default 1). */
  readonly sites?: number;
  readonly seed?: number;
  /** Calendar window of diagnoses (default 2001–2025: 25 years). */
  readonly firstYear?: number;
  readonly lastYear?: number;
  /**
   * Multipliers of the reference share of each cancer type (0 leaves a type out): a referral centre's case mix,
   * or a demo dense in the cancers its studies need. Default: the national mix (all 1).
   */
  readonly caseMix?: Readonly<Partial<Record<CancerType, number>>>;
  /**
   * Multipliers of the prevalence of NSCLC drivers ('ROS1': 10 makes ROS1 fusions ten times as common, taken from
   * tumours without a driver). Outcome and treatment models are unchanged, so hazard ratios stay the truth.
   */
  readonly driverEnrichment?: Readonly<Partial<Record<string, number>>>;
}
