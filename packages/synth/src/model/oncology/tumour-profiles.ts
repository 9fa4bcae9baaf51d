import { type CancerType, type Sex } from '../synthetic-patient.js';

/**
 * Per cancer type: share in a French comprehensive cancer centre's new patients, sex and age at diagnosis, the
 * histological subtypes with their codes, stage distribution at diagnosis and 5-year recurrence risk after curative
 * treatment, and where metastases go. Sources and figures: packages/synth/README.md ("Model: case mix").
 */
export interface Subtype {
  readonly key: string;
  readonly weight: number;
  readonly icd10: string;
  /** The unspecified ICD-10 subcategory coded instead by less precise sites ('C34.9' for 'C34.1'). */
  readonly icd10Unspecified: string;
  readonly topography: string;
  readonly morphology: string;
  readonly histology: string;
}

export interface TumourProfile {
  readonly type: CancerType;
  /** Reference share of new patients (sums to 1 over types). */
  readonly share: number;
  readonly femaleShare: number;
  readonly ageMean: number;
  readonly ageSd: number;
  readonly ageMin: number;
  readonly ageMax: number;
  readonly subtypes: readonly Subtype[];
  /** Weights of stage I, II, III, IV at diagnosis before and from 2013 (earlier diagnosis, screening); null: not staged by TNM. */
  readonly stageWeights: { readonly early: readonly number[]; readonly recent: readonly number[] } | null;
  /** Probability of recurrence within 5 years after curative treatment, stages I, II, III. */
  readonly recurrence5y: readonly [number, number, number];
  /** Metastatic sites with their probability when the disease is metastatic. */
  readonly metastaticSites: readonly (readonly [site: string, probability: number])[];
}

const sub = (key: string, weight: number, icd10: string, topography: string, morphology: string, histology: string, icd10Unspecified?: string): Subtype => ({
  key,
  weight,
  icd10,
  icd10Unspecified: icd10Unspecified ?? (icd10.includes('.') ? `${icd10.slice(0, 3)}.9` : icd10),
  topography,
  morphology,
  histology,
});

export const TUMOUR_PROFILES: Readonly<Record<CancerType, TumourProfile>> = {
  breast: {
    type: 'breast', share: 0.37, femaleShare: 0.99, ageMean: 58, ageSd: 13, ageMin: 22, ageMax: 95,
    subtypes: [
      sub('ductal-uoq', 0.34, 'C50.4', 'C50.4', '8500/3', 'invasive carcinoma of no special type'),
      sub('ductal-uiq', 0.14, 'C50.2', 'C50.2', '8500/3', 'invasive carcinoma of no special type'),
      sub('ductal-other', 0.28, 'C50.8', 'C50.8', '8500/3', 'invasive carcinoma of no special type'),
      sub('lobular', 0.13, 'C50.4', 'C50.4', '8520/3', 'invasive lobular carcinoma'),
      sub('mixed', 0.06, 'C50.1', 'C50.1', '8522/3', 'mixed ductal and lobular carcinoma'),
      sub('other', 0.05, 'C50.9', 'C50.9', '8010/3', 'carcinoma, other type'),
    ],
    stageWeights: { early: [0.38, 0.37, 0.16, 0.09], recent: [0.44, 0.34, 0.14, 0.08] },
    recurrence5y: [0.06, 0.14, 0.3],
    metastaticSites: [['bone', 0.6], ['liver', 0.3], ['lung', 0.25], ['lymph-node', 0.3], ['brain', 0.1], ['pleura', 0.1]],
  },
  lung: {
    type: 'lung', share: 0.12, femaleShare: 0.36, ageMean: 65, ageSd: 10, ageMin: 30, ageMax: 92,
    subtypes: [
      sub('adenocarcinoma', 0.55, 'C34.1', 'C34.1', '8140/3', 'adenocarcinoma'),
      sub('squamous', 0.22, 'C34.3', 'C34.3', '8070/3', 'squamous cell carcinoma'),
      sub('nsclc-nos', 0.07, 'C34.8', 'C34.8', '8046/3', 'non-small cell carcinoma, not otherwise specified'),
      sub('large-cell', 0.03, 'C34.1', 'C34.1', '8012/3', 'large cell carcinoma'),
      sub('small-cell', 0.13, 'C34.0', 'C34.0', '8041/3', 'small cell carcinoma'),
    ],
    stageWeights: { early: [0.18, 0.1, 0.24, 0.48], recent: [0.23, 0.1, 0.22, 0.45] },
    recurrence5y: [0.3, 0.45, 0.7],
    metastaticSites: [['bone', 0.35], ['brain', 0.25], ['liver', 0.15], ['adrenal', 0.15], ['pleura', 0.25], ['lung', 0.2]],
  },
  ovary: {
    type: 'ovary', share: 0.05, femaleShare: 1, ageMean: 62, ageSd: 12, ageMin: 20, ageMax: 92,
    subtypes: [
      sub('hgsc', 0.7, 'C56', 'C56.9', '8461/3', 'high-grade serous carcinoma'),
      sub('lgsc', 0.05, 'C56', 'C56.9', '8441/3', 'low-grade serous carcinoma'),
      sub('endometrioid', 0.1, 'C56', 'C56.9', '8380/3', 'endometrioid carcinoma'),
      sub('clear-cell', 0.1, 'C56', 'C56.9', '8310/3', 'clear cell carcinoma'),
      sub('mucinous', 0.05, 'C56', 'C56.9', '8480/3', 'mucinous carcinoma'),
    ],
    stageWeights: { early: [0.2, 0.08, 0.52, 0.2], recent: [0.2, 0.08, 0.52, 0.2] },
    recurrence5y: [0.15, 0.35, 0.7],
    metastaticSites: [['peritoneum', 0.85], ['liver', 0.15], ['pleura', 0.15], ['lymph-node', 0.3]],
  },
  'other-gynaecological': {
    type: 'other-gynaecological', share: 0.05, femaleShare: 1, ageMean: 61, ageSd: 13, ageMin: 25, ageMax: 95,
    subtypes: [
      sub('endometrium', 0.58, 'C54.1', 'C54.1', '8380/3', 'endometrioid carcinoma'),
      sub('cervix-squamous', 0.32, 'C53.9', 'C53.9', '8070/3', 'squamous cell carcinoma'),
      sub('cervix-adeno', 0.1, 'C53.9', 'C53.9', '8140/3', 'adenocarcinoma'),
    ],
    stageWeights: { early: [0.58, 0.14, 0.18, 0.1], recent: [0.6, 0.13, 0.18, 0.09] },
    recurrence5y: [0.08, 0.2, 0.45],
    metastaticSites: [['lung', 0.35], ['lymph-node', 0.5], ['peritoneum', 0.25], ['bone', 0.15], ['liver', 0.15]],
  },
  colorectal: {
    type: 'colorectal', share: 0.06, femaleShare: 0.45, ageMean: 67, ageSd: 12, ageMin: 25, ageMax: 95,
    subtypes: [
      sub('colon-sigmoid', 0.3, 'C18.7', 'C18.7', '8140/3', 'adenocarcinoma'),
      sub('colon-right', 0.25, 'C18.2', 'C18.2', '8140/3', 'adenocarcinoma'),
      sub('colon-other', 0.1, 'C18.4', 'C18.4', '8480/3', 'mucinous adenocarcinoma'),
      sub('rectosigmoid', 0.08, 'C19', 'C19.9', '8140/3', 'adenocarcinoma', 'C19'),
      sub('rectum', 0.27, 'C20', 'C20.9', '8140/3', 'adenocarcinoma', 'C20'),
    ],
    stageWeights: { early: [0.18, 0.27, 0.3, 0.25], recent: [0.2, 0.27, 0.3, 0.23] },
    recurrence5y: [0.06, 0.18, 0.35],
    metastaticSites: [['liver', 0.7], ['lung', 0.3], ['peritoneum', 0.15], ['lymph-node', 0.2]],
  },
  prostate: {
    type: 'prostate', share: 0.05, femaleShare: 0, ageMean: 68, ageSd: 8, ageMin: 42, ageMax: 95,
    subtypes: [
      sub('acinar', 0.95, 'C61', 'C61.9', '8550/3', 'acinar adenocarcinoma'),
      sub('adeno', 0.05, 'C61', 'C61.9', '8140/3', 'adenocarcinoma'),
    ],
    stageWeights: { early: [0.22, 0.4, 0.22, 0.16], recent: [0.25, 0.42, 0.2, 0.13] },
    recurrence5y: [0.08, 0.18, 0.35],
    metastaticSites: [['bone', 0.85], ['lymph-node', 0.35], ['liver', 0.08], ['lung', 0.08]],
  },
  melanoma: {
    type: 'melanoma', share: 0.04, femaleShare: 0.52, ageMean: 60, ageSd: 16, ageMin: 18, ageMax: 95,
    subtypes: [
      sub('trunk', 0.4, 'C43.5', 'C44.5', '8720/3', 'melanoma'),
      sub('lower-limb', 0.25, 'C43.7', 'C44.7', '8720/3', 'melanoma'),
      sub('upper-limb', 0.15, 'C43.6', 'C44.6', '8720/3', 'melanoma'),
      sub('head-neck', 0.2, 'C43.3', 'C44.3', '8720/3', 'melanoma'),
    ],
    stageWeights: { early: [0.42, 0.22, 0.22, 0.14], recent: [0.46, 0.22, 0.2, 0.12] },
    recurrence5y: [0.05, 0.2, 0.45],
    metastaticSites: [['lung', 0.4], ['liver', 0.3], ['brain', 0.2], ['lymph-node', 0.45], ['bone', 0.15]],
  },
  'uveal-melanoma': {
    type: 'uveal-melanoma', share: 0.01, femaleShare: 0.5, ageMean: 62, ageSd: 13, ageMin: 20, ageMax: 92,
    subtypes: [
      sub('choroid', 0.85, 'C69.3', 'C69.3', '8770/3', 'mixed epithelioid and spindle cell melanoma'),
      sub('ciliary-body', 0.15, 'C69.4', 'C69.4', '8772/3', 'spindle cell melanoma'),
    ],
    stageWeights: { early: [0.2, 0.5, 0.25, 0.05], recent: [0.2, 0.5, 0.25, 0.05] },
    recurrence5y: [0.1, 0.25, 0.5],
    metastaticSites: [['liver', 0.9], ['lung', 0.25], ['bone', 0.15]],
  },
  sarcoma: {
    type: 'sarcoma', share: 0.06, femaleShare: 0.45, ageMean: 55, ageSd: 18, ageMin: 18, ageMax: 92,
    subtypes: [
      sub('lower-limb-nos', 0.3, 'C49.2', 'C49.2', '8800/3', 'sarcoma, not otherwise specified'),
      sub('liposarcoma', 0.25, 'C48.0', 'C48.0', '8850/3', 'liposarcoma', 'C48.8'),
      sub('leiomyosarcoma', 0.25, 'C49.4', 'C49.4', '8890/3', 'leiomyosarcoma'),
      sub('osteosarcoma', 0.1, 'C40.2', 'C40.2', '9180/3', 'osteosarcoma'),
      sub('ewing', 0.1, 'C41.9', 'C41.9', '9260/3', 'Ewing sarcoma'),
    ],
    stageWeights: { early: [0.25, 0.25, 0.35, 0.15], recent: [0.25, 0.25, 0.35, 0.15] },
    recurrence5y: [0.15, 0.3, 0.5],
    metastaticSites: [['lung', 0.75], ['bone', 0.2], ['liver', 0.15]],
  },
  'head-and-neck': {
    type: 'head-and-neck', share: 0.07, femaleShare: 0.25, ageMean: 62, ageSd: 10, ageMin: 25, ageMax: 92,
    subtypes: [
      sub('oropharynx', 0.3, 'C10.9', 'C10.9', '8070/3', 'squamous cell carcinoma', 'C10.9'),
      sub('tonsil', 0.1, 'C09.9', 'C09.9', '8070/3', 'squamous cell carcinoma', 'C09.9'),
      sub('oral-tongue', 0.2, 'C02.9', 'C02.9', '8070/3', 'squamous cell carcinoma', 'C02.9'),
      sub('larynx', 0.25, 'C32.0', 'C32.0', '8070/3', 'squamous cell carcinoma'),
      sub('hypopharynx', 0.15, 'C13.9', 'C13.9', '8070/3', 'squamous cell carcinoma', 'C13.9'),
    ],
    stageWeights: { early: [0.12, 0.12, 0.2, 0.56], recent: [0.14, 0.13, 0.2, 0.53] },
    recurrence5y: [0.15, 0.25, 0.45],
    metastaticSites: [['lung', 0.65], ['bone', 0.2], ['liver', 0.15], ['lymph-node', 0.4]],
  },
  haematological: {
    type: 'haematological', share: 0.08, femaleShare: 0.45, ageMean: 62, ageSd: 16, ageMin: 18, ageMax: 95,
    subtypes: [
      sub('dlbcl', 0.35, 'C83.3', 'C77.9', '9680/3', 'diffuse large B-cell lymphoma', 'C85.9'),
      sub('hodgkin', 0.15, 'C81.9', 'C77.9', '9650/3', 'Hodgkin lymphoma', 'C81.9'),
      sub('myeloma', 0.2, 'C90.0', 'C42.1', '9732/3', 'multiple myeloma', 'C90.0'),
      sub('cll', 0.15, 'C91.1', 'C42.1', '9823/3', 'chronic lymphocytic leukaemia', 'C91.1'),
      sub('aml', 0.15, 'C92.0', 'C42.1', '9861/3', 'acute myeloid leukaemia', 'C92.0'),
    ],
    stageWeights: null,
    recurrence5y: [0, 0, 0],
    metastaticSites: [],
  },
  paediatric: {
    type: 'paediatric', share: 0.05, femaleShare: 0.45, ageMean: 7, ageSd: 5, ageMin: 0, ageMax: 17,
    subtypes: [
      sub('neuroblastoma', 0.18, 'C74.9', 'C74.9', '9500/3', 'neuroblastoma', 'C74.9'),
      sub('nephroblastoma', 0.14, 'C64', 'C64.9', '8960/3', 'nephroblastoma', 'C64'),
      sub('medulloblastoma', 0.14, 'C71.6', 'C71.6', '9470/3', 'medulloblastoma'),
      sub('glioma', 0.18, 'C71.9', 'C71.9', '9380/3', 'glioma, malignant', 'C71.9'),
      sub('osteosarcoma', 0.12, 'C40.2', 'C40.2', '9180/3', 'osteosarcoma'),
      sub('rhabdomyosarcoma', 0.12, 'C49.9', 'C49.9', '8910/3', 'embryonal rhabdomyosarcoma', 'C49.9'),
      sub('retinoblastoma', 0.12, 'C69.2', 'C69.2', '9510/3', 'retinoblastoma'),
    ],
    stageWeights: null,
    recurrence5y: [0, 0, 0],
    metastaticSites: [],
  },
};

/** Sex drawn for a type. */
export function sexFor(profile: TumourProfile, u: number): Sex {
  return u < profile.femaleShare ? 'F' : 'M';
}
