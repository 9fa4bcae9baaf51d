/**
 * The outcome model: proportional hazards with a Weibull baseline, S(t | x) = exp(-(t/scale)^shape · exp(x·β)),
 * for overall survival and progression from the start of first-line therapy for advanced (or, for haematological
 * and paediatric cancers, any) disease. Baselines are for the reference patient of each disease setting: aged 65,
 * ECOG 0, no brain metastasis, on the setting's reference first-line treatment. Calendar year has no direct effect:
 * era acts only through treatment, so a study adjusting for the covariates below recovers the hazard ratios.
 * Sources for every figure: packages/synth/README.md ("Model: outcomes").
 */

/** Weibull baseline: shape and median in days for overall survival and for progression. */
export interface Baseline {
  readonly osShape: number;
  readonly osMedianDays: number;
  readonly pfsShape: number;
  readonly pfsMedianDays: number;
}

const months = (m: number): number => Math.round(m * 30.44);
const b = (osMedianMonths: number, pfsMedianMonths: number, osShape = 1.1, pfsShape = 1.2): Baseline => ({
  osShape,
  osMedianDays: months(osMedianMonths),
  pfsShape,
  pfsMedianDays: months(pfsMedianMonths),
});

/** Baselines by disease setting (the reference first line is given in the comment). */
export const BASELINES = {
  nsclc: b(11, 5), // platinum doublet
  sclc: b(9, 5, 1.3, 1.4), // platinum-etoposide
  'breast-her2': b(40, 12.4), // docetaxel + trastuzumab (CLEOPATRA control arm)
  'breast-hr': b(51, 16), // letrozole alone (MONALEESA-2 control arm)
  'breast-tnbc': b(18, 6), // taxane-based chemotherapy
  ovary: b(45, 15, 1.0, 1.3), // carboplatin + paclitaxel, no maintenance
  colorectal: b(28, 10), // FOLFOX-based
  prostate: b(48, 20), // androgen deprivation alone
  melanoma: b(9, 3), // chemotherapy-era reference (no immunotherapy or BRAF targeting)
  'uveal-melanoma': b(12, 3),
  sarcoma: b(18, 5),
  'head-and-neck': b(10, 5), // cisplatin + 5-FU + cetuximab (EXTREME)
  haematological: b(96, 48, 0.8, 0.8), // treated at diagnosis
  paediatric: b(600, 300, 0.6, 0.6), // treated at diagnosis; 5-year survival ≈ 80 %
  'other-gynaecological': b(16, 6),
} as const satisfies Record<string, Baseline>;
export type DiseaseSetting = keyof typeof BASELINES;

/** Weibull scale from the median: S(median) = 1/2 ⇒ scale = median / ln(2)^(1/shape). */
export function weibullScale(medianDays: number, shape: number): number {
  return medianDays / Math.pow(Math.LN2, 1 / shape);
}

/** Covariate hazard ratios common to every setting (OS, PFS). */
export const COVARIATE_HRS = {
  agePer10Years: { os: 1.1, pfs: 1.03 },
  ecog1: { os: 1.35, pfs: 1.2 },
  ecog2: { os: 2.0, pfs: 1.5 },
  ecog3Plus: { os: 3.5, pfs: 2.2 },
  brainMetastasis: { os: 1.4, pfs: 1.3 },
  bestSupportiveCare: { os: 2.5, pfs: 2.0 },
  ovaryBrcaMutated: { os: 0.75, pfs: 0.8 },
} as const;

/** First-line treatment effects relative to the setting's reference (named as studies name them). */
export const TREATMENT_HRS = {
  'nsclc-ros1-targeted-vs-chemotherapy': { os: 0.5, pfs: 0.35, description: 'ROS1-rearranged advanced NSCLC: first-line ROS1 TKI (crizotinib, entrectinib, repotrectinib) vs platinum doublet' },
  'nsclc-alk-targeted-vs-chemotherapy': { os: 0.6, pfs: 0.4, description: 'ALK-rearranged advanced NSCLC: first-line ALK TKI vs platinum doublet' },
  'nsclc-egfr-targeted-vs-chemotherapy': { os: 0.75, pfs: 0.45, description: 'EGFR-mutated advanced NSCLC: first-generation EGFR TKI (gefitinib, erlotinib, afatinib) vs platinum doublet' },
  'nsclc-egfr-osimertinib-vs-first-generation': { os: 0.8, pfs: 0.46, description: 'EGFR-mutated advanced NSCLC: osimertinib vs first-generation TKI (FLAURA)' },
  'nsclc-braf-targeted-vs-chemotherapy': { os: 0.7, pfs: 0.5, description: 'BRAF V600E advanced NSCLC: dabrafenib + trametinib vs platinum doublet' },
  'nsclc-pdl1-high-pembrolizumab-vs-chemotherapy': { os: 0.62, pfs: 0.5, description: 'PD-L1 TPS ≥ 50 % advanced NSCLC: pembrolizumab vs platinum doublet (KEYNOTE-024)' },
  'nsclc-chemo-immunotherapy-vs-chemotherapy': { os: 0.6, pfs: 0.55, description: 'Advanced NSCLC without driver: platinum doublet + pembrolizumab vs platinum doublet (KEYNOTE-189/407)' },
  'sclc-chemo-immunotherapy-vs-chemotherapy': { os: 0.7, pfs: 0.77, description: 'Extensive SCLC: carboplatin-etoposide + atezolizumab vs carboplatin-etoposide (IMpower133)' },
  'breast-her2-trastuzumab-pertuzumab-vs-trastuzumab': { os: 0.68, pfs: 0.62, description: 'HER2+ metastatic breast: docetaxel + trastuzumab + pertuzumab vs docetaxel + trastuzumab (CLEOPATRA)' },
  'breast-hr-cdk46-endocrine-vs-endocrine': { os: 0.76, pfs: 0.56, description: 'HR+/HER2− metastatic breast: aromatase inhibitor or fulvestrant + CDK4/6 inhibitor vs endocrine alone (MONALEESA-2)' },
  'breast-tnbc-chemotherapy-reference': { os: 1, pfs: 1, description: 'Triple-negative metastatic breast: taxane chemotherapy (reference)' },
  'ovary-brca-parp-maintenance-vs-none': { os: 0.55, pfs: 0.33, description: 'BRCA-mutated advanced ovarian cancer: olaparib maintenance after first-line platinum vs none (SOLO-1), acting from the start of the maintenance' },
  'ovary-nonbrca-parp-maintenance-vs-none': { os: 1, pfs: 0.66, description: 'BRCA wild-type advanced ovarian cancer: niraparib maintenance vs none (PRIMA), acting from the start of the maintenance' },
  'ovary-bevacizumab-vs-none': { os: 1, pfs: 0.87, description: 'Advanced ovarian cancer: bevacizumab added to carboplatin-paclitaxel (ICON7)' },
  'melanoma-immunotherapy-vs-chemotherapy': { os: 0.55, pfs: 0.55, description: 'Advanced melanoma: anti-PD-1 ± ipilimumab vs chemotherapy' },
  'melanoma-braf-targeted-vs-chemotherapy': { os: 0.65, pfs: 0.45, description: 'BRAF V600 advanced melanoma: dabrafenib + trametinib vs chemotherapy' },
  'prostate-abiraterone-enzalutamide-vs-adt': { os: 0.66, pfs: 0.47, description: 'Metastatic prostate: ADT + abiraterone or enzalutamide vs ADT alone (LATITUDE)' },
  'head-and-neck-pembrolizumab-vs-extreme': { os: 0.74, pfs: 1, description: 'Recurrent/metastatic head and neck SCC: pembrolizumab vs EXTREME (KEYNOTE-048)' },
  'colorectal-biologic-vs-chemotherapy': { os: 0.85, pfs: 0.8, description: 'Metastatic colorectal: bevacizumab or cetuximab added to doublet chemotherapy' },
} as const satisfies Record<string, { os: number; pfs: number; description: string }>;
export type TreatmentEffect = keyof typeof TREATMENT_HRS;

/**
 * Effects of a maintenance that starts after the first line's induction: they act from the maintenance's first day
 * on the patients who receive it, not from the index (a study must compare from a landmark to recover them).
 */
const MAINTENANCE_EFFECTS: ReadonlySet<TreatmentEffect> = new Set(['ovary-brca-parp-maintenance-vs-none', 'ovary-nonbrca-parp-maintenance-vs-none']);
export const isMaintenanceEffect = (e: TreatmentEffect): boolean => MAINTENANCE_EFFECTS.has(e);

/**
 * A Weibull latent time `t0` (days from the index) drawn without an effect, when a hazard ratio `hr` starts to act at
 * day `from`: the same uniform draw gives t with t^k = from^k + (t0^k − from^k) / hr (the cumulative hazards
 * before and after agree; the Weibull scale cancels). Times before `from` are unchanged.
 * @example timeAfterHazardChange(300, 100, 1, 0.5) // 100 + 200 / 0.5 = 500
 */
export function timeAfterHazardChange(t0: number, from: number, shape: number, hr: number): number {
  if (t0 <= from) return t0;
  return Math.pow(Math.pow(from, shape) + (Math.pow(t0, shape) - Math.pow(from, shape)) / hr, 1 / shape);
}

/** Effects on the recurrence hazard after curative treatment (PFS-type outcome). */
export const RECURRENCE_HRS = {
  'nsclc-stage3-durvalumab-consolidation-vs-none': { hr: 0.55, description: 'Unresectable stage III NSCLC: durvalumab consolidation after chemoradiotherapy vs none, on recurrence (PACIFIC)' },
  'breast-her2-adjuvant-trastuzumab-vs-none': { hr: 0.6, description: 'HER2+ early breast: one year of adjuvant trastuzumab vs none, on recurrence (HERA, NSABP B-31/NCCTG N9831)' },
  'breast-hr-adjuvant-endocrine-vs-none': { hr: 0.6, description: 'HR+ early breast: five years of endocrine therapy vs none, on recurrence (EBCTCG)' },
} as const;
export type RecurrenceEffect = keyof typeof RECURRENCE_HRS;

/** Recurrence after curative treatment: Weibull shape below 1 (hazard falling with time since treatment). */
export const RECURRENCE_SHAPE = 0.9;

/** The covariates of a patient at the index date. */
export interface OutcomeCovariates {
  readonly age: number;
  readonly ecog: number;
  readonly brainMetastasis: boolean;
  readonly bestSupportiveCare: boolean;
  readonly ovaryBrcaMutated: boolean;
  /** Treatment effects that apply (several may combine, e.g. EGFR targeted × osimertinib). */
  readonly effects: readonly TreatmentEffect[];
}

/**
 * Linear predictors (log hazard ratios) for OS and PFS.
 * @example linearPredictor({ age: 65, ecog: 0, brainMetastasis: false, bestSupportiveCare: false, ovaryBrcaMutated: false, effects: ['nsclc-ros1-targeted-vs-chemotherapy'] }).os // ln 0.5
 */
export function linearPredictor(x: OutcomeCovariates): { os: number; pfs: number } {
  let os = 0;
  let pfs = 0;
  const add = (hr: { readonly os: number; readonly pfs: number }, times = 1): void => {
    os += times * Math.log(hr.os);
    pfs += times * Math.log(hr.pfs);
  };
  add(COVARIATE_HRS.agePer10Years, (x.age - 65) / 10);
  if (x.ecog === 1) add(COVARIATE_HRS.ecog1);
  else if (x.ecog === 2) add(COVARIATE_HRS.ecog2);
  else if (x.ecog >= 3) add(COVARIATE_HRS.ecog3Plus);
  if (x.brainMetastasis) add(COVARIATE_HRS.brainMetastasis);
  if (x.bestSupportiveCare) add(COVARIATE_HRS.bestSupportiveCare);
  if (x.ovaryBrcaMutated) add(COVARIATE_HRS.ovaryBrcaMutated);
  for (const e of x.effects) add(TREATMENT_HRS[e]);
  return { os, pfs };
}

/** Yearly background (non-cancer) mortality: Gompertz hazard exp(a + b·age) per year, close to French life tables. */
export const BACKGROUND_MORTALITY = { a: -10.3, b: 0.088 } as const;
