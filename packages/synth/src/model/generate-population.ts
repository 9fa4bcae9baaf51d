import { generatePatientInContext } from './generate-patient.js';
import { BASELINES, COVARIATE_HRS, RECURRENCE_HRS, RECURRENCE_SHAPE, TREATMENT_HRS } from './oncology/hazard-model.js';
import { FUSION_PARTNERS } from './oncology/molecular-profile.js';
import { TUMOUR_PROFILES } from './oncology/tumour-profiles.js';
import { createPopulationContext } from './population-context.js';
import { type SiteModel } from './sites.js';
import { CANCER_TYPES, type SynthOptions, type SyntheticPatient, type SyntheticTruth } from './synthetic-patient.js';

export interface Population {
  readonly truth: SyntheticTruth;
  readonly sites: readonly SiteModel[];
  /** Patient counts per site, in site order (they sum to `options.patients`). */
  readonly counts: readonly number[];
  /** Streams every patient, site after site, generating each on demand (memory does not grow with the count). */
  patients(): Generator<SyntheticPatient>;
}

/** Largest-remainder split of n over shares. @example splitCounts(10, [0.5, 0.3, 0.2]) // [5, 3, 2] */
export function splitCounts(n: number, shares: readonly number[]): number[] {
  const raw = shares.map((s) => s * n);
  const counts = raw.map(Math.floor);
  let rest = n - counts.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (rest-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/**
 * A synthetic population: the sites, the truth a study should recover, and a lazy stream of patients. Each patient
 * depends only on (seed, sites, window, site, index within the site), so the output is identical byte for byte
 * for a seed and any prefix of the stream is the same whatever the total.
 * @example for (const p of generatePopulation({ patients: 1000, sites: 3, seed: 42 }).patients()) write(p);
 */
export function generatePopulation(options: SynthOptions): Population {
  if (!Number.isInteger(options.patients) || options.patients < 0) throw new RangeError('patients must be a non-negative integer');
  const ctx = createPopulationContext(options);
  const counts = splitCounts(options.patients, ctx.sites.map((s) => s.share));
  const hazardRatios: Record<string, { outcome: 'os' | 'pfs'; hr: number; description: string }> = {};
  for (const [name, v] of Object.entries(TREATMENT_HRS)) {
    if (v.os !== 1) hazardRatios[`${name}-os`] = { outcome: 'os', hr: v.os, description: v.description };
    if (v.pfs !== 1) hazardRatios[`${name}-pfs`] = { outcome: 'pfs', hr: v.pfs, description: `${v.description}; on the progression hazard (PFS approximately)` };
  }
  for (const [name, v] of Object.entries(RECURRENCE_HRS)) hazardRatios[`${name}-pfs`] = { outcome: 'pfs', hr: v.hr, description: v.description };
  for (const [name, v] of Object.entries(COVARIATE_HRS)) {
    hazardRatios[`advanced-${name}-os`] = { outcome: 'os', hr: v.os, description: `Advanced disease, all settings: ${name}` };
  }
  const rates: Record<string, number> = {};
  for (const t of CANCER_TYPES) rates[`share-${t}`] = TUMOUR_PROFILES[t].share;
  Object.assign(rates, {
    'nsclc-nonsquamous-egfr': 0.107,
    'nsclc-nonsquamous-alk': 0.044,
    'nsclc-nonsquamous-ros1': 0.02,
    'nsclc-tested-ros1-min': 0.01,
    'nsclc-tested-ros1-max': 0.03,
    'nsclc-nonsquamous-kras-g12c': 0.122,
    'nsclc-nonsquamous-braf-v600e': 0.02,
    'nsclc-nonsquamous-met-ex14': 0.031,
    'nsclc-nonsquamous-ret': 0.016,
    'nsclc-nonsquamous-ntrk': 0.003,
    'nsclc-advanced-testing-2010': 0.2,
    'nsclc-advanced-testing-2018-plus': 0.95,
    'ros1-partner-cd74': FUSION_PARTNERS.ROS1[0]?.[1] ?? 0,
    'breast-her2-positive': 0.15,
    'breast-triple-negative': 0.15,
    'breast-brca': 0.05,
    'ovary-hgsc-brca': 0.2,
    'slides-digitized-per-specimen-from-2022': 0.1,
  });
  const truth: SyntheticTruth = {
    seed: ctx.seed,
    patients: options.patients,
    sites: ctx.sites.map(({ siteId, name, finess, city, postcodePrefix }) => ({ siteId, name, finess, city, postcodePrefix })),
    hazardModel: {
      form: 'proportional hazards, Weibull baseline: S(t|x) = exp(-(t/scale)^shape * exp(x.beta)); t in days from the index (first-line start for advanced disease)',
      baselines: BASELINES,
      covariateHazardRatios: COVARIATE_HRS,
      treatmentHazardRatios: TREATMENT_HRS,
      recurrence: { shape: RECURRENCE_SHAPE, fiveYearRiskByStage: Object.fromEntries(CANCER_TYPES.map((t) => [t, TUMOUR_PROFILES[t].recurrence5y])), hazardRatios: RECURRENCE_HRS },
      ageReference: 65,
      calendarYearEffect: 'none (era acts through treatment only)',
    },
    hazardRatios,
    rates,
    ...(options.caseMix === undefined && options.driverEnrichment === undefined
      ? {}
      : { enrichment: { ...(options.caseMix === undefined ? {} : { caseMix: options.caseMix }), ...(options.driverEnrichment === undefined ? {} : { driverEnrichment: options.driverEnrichment }) } }),
  };
  return {
    truth,
    sites: ctx.sites,
    counts,
    *patients() {
      for (let s = 0; s < ctx.sites.length; s++) {
        const site = ctx.sites[s]!;
        const n = counts[s] ?? 0;
        for (let i = 0; i < n; i++) yield generatePatientInContext(ctx, site, i);
      }
    },
  };
}
