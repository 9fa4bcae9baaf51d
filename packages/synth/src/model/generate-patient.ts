import { dayNumberToIsoDate, daysFromCivil } from '@parcours/core';
import { type Rng } from '../random/rng.js';
import { createStreamRng } from '../random/stream-rng.js';
import { drawFirstName, drawLastName, generateIdentity, ippFor } from './identity.js';
import { BACKGROUND_MORTALITY, BASELINES, RECURRENCE_HRS, RECURRENCE_SHAPE, TREATMENT_HRS, type RecurrenceEffect, isMaintenanceEffect, linearPredictor, timeAfterHazardChange, weibullScale } from './oncology/hazard-model.js';
import { type AdministrationDraft, scheduleLine } from './oncology/line-schedule.js';
import { type MolecularProfile, drawMolecularProfile, driverDetectable, nsclcPanel, nsclcTestingRate } from './oncology/molecular-profile.js';
import { REGIMENS, type Regimen } from './oncology/regimens.js';
import { type ChoiceContext, type Setting, chooseFirstLine, chooseLaterLine } from './oncology/treatment-choice.js';
import { TUMOUR_PROFILES, type TumourProfile } from './oncology/tumour-profiles.js';
import { type PopulationContext, createPopulationContext } from './population-context.js';
import { type SiteModel } from './sites.js';
import {
  CANCER_TYPES,
  type BiomarkerResult,
  type CancerType,
  type DrugAdministration,
  type ImagingExam,
  type LabResult,
  type PatientTruth,
  type ProcedureRecord,
  type Sex,
  type SiteProfile,
  type SmokingStatus,
  type Stay,
  type SynthOptions,
  type SyntheticPatient,
} from './synthetic-patient.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type LineTruth = Mutable<PatientTruth['lines'][number]>;
type Modality = ImagingExam['modality'];

const DAY_2022 = daysFromCivil(2022, 1, 1);
const yearOfDay = (day: number): number => Number(dayNumberToIsoDate(day).slice(0, 4));

// Labs: [LOINC, name, unit, mean, sd, low, high] (reference ranges of an adult).
const CBC: readonly (readonly [string, string, string, number, number, number, number])[] = [
  ['718-7', 'Hemoglobin', 'g/dL', 12.8, 1.5, 12, 17],
  ['751-8', 'Neutrophils', '10*9/L', 4.2, 1.6, 1.8, 7.5],
  ['777-3', 'Platelets', '10*9/L', 260, 70, 150, 400],
  ['2160-0', 'Creatinine', 'umol/L', 78, 18, 45, 104],
];
const TUMOUR_MARKERS: Partial<Record<CancerType, readonly [string, string, string, number, number]>> = {
  breast: ['6875-9', 'Cancer Ag 15-3', 'U/mL', 22, 30],
  ovary: ['10334-1', 'Cancer Ag 125', 'U/mL', 35, 35],
  colorectal: ['2039-6', 'Carcinoembryonic Ag', 'ng/mL', 3, 5],
  lung: ['2039-6', 'Carcinoembryonic Ag', 'ng/mL', 3, 5],
  prostate: ['2857-1', 'Prostate specific Ag', 'ng/mL', 4, 4],
};

const STAGING_MODALITY: Record<CancerType, Modality> = {
  breast: 'MG', lung: 'CT', ovary: 'CT', 'other-gynaecological': 'MR', colorectal: 'CT', prostate: 'MR', melanoma: 'CT',
  'uveal-melanoma': 'US', sarcoma: 'MR', 'head-and-neck': 'CT', haematological: 'PT', paediatric: 'MR',
};
const BODY_SITE: Record<CancerType, string> = {
  breast: 'breast', lung: 'chest', ovary: 'abdomen-pelvis', 'other-gynaecological': 'pelvis', colorectal: 'abdomen', prostate: 'pelvis',
  melanoma: 'whole body', 'uveal-melanoma': 'eye', sarcoma: 'limb', 'head-and-neck': 'neck', haematological: 'whole body', paediatric: 'whole body',
};

const SPECIALTY: Record<CancerType, string> = {
  breast: 'oncologie médicale', lung: 'pneumologie', ovary: 'oncologie médicale', 'other-gynaecological': 'oncologie médicale', colorectal: 'gastro-entérologie',
  prostate: 'urologie', melanoma: 'dermatologie', 'uveal-melanoma': 'ophtalmologie', sarcoma: 'oncologie médicale', 'head-and-neck': 'ORL',
  haematological: 'hématologie', paediatric: 'pédiatrie',
};

function smokingFor(rng: Rng, type: CancerType, sex: Sex, age: number): SmokingStatus {
  if (type === 'paediatric' || age < 16) return 'never';
  if (rng.bernoulli(0.04)) return 'unknown';
  // Lung: ≈ 12 % never-smokers (25 % of women, 6 % of men); head and neck: ≈ 10 %; others: the general population.
  const never = type === 'lung' ? (sex === 'F' ? 0.25 : 0.06) : type === 'head-and-neck' ? 0.1 : 0.5;
  const current = type === 'lung' ? 0.45 : type === 'head-and-neck' ? 0.5 : 0.2;
  const u = rng.uniform();
  return u < never ? 'never' : u < never + current ? 'current' : 'former';
}

const LUNG_GROUPS = [['IA', 'IB'], ['IIA', 'IIB'], ['IIIA', 'IIIB', 'IIIC'], ['IVA', 'IVB']] as const;
const ROMAN = ['I', 'II', 'III', 'IV'] as const;

function tnmFor(rng: Rng, stage: number, type: CancerType): { t: string; n: string; m: string } {
  switch (stage) {
    case 0:
      return { t: rng.pick(['T1a', 'T1b', 'T1c']), n: 'N0', m: 'M0' };
    case 1:
      return rng.bernoulli(0.5) ? { t: 'T2', n: 'N0', m: 'M0' } : { t: 'T1c', n: 'N1', m: 'M0' };
    case 2:
      return { t: rng.pick(['T3', 'T4', 'T2']), n: rng.pick(['N1', 'N2', 'N2']), m: 'M0' };
    default:
      return { t: rng.pick(['T2', 'T3', 'T4']), n: rng.pick(['N0', 'N1', 'N2', 'N3']), m: type === 'lung' ? rng.pick(['M1a', 'M1b', 'M1c']) : 'M1' };
  }
}

function gompertzDays(rng: Rng, age: number): number {
  // Cumulative hazard H(t) = (h0/b)(e^{b t} − 1) with h0 the hazard at the current age (per year).
  const h0 = Math.exp(BACKGROUND_MORTALITY.a + BACKGROUND_MORTALITY.b * age);
  const years = Math.log(1 + (BACKGROUND_MORTALITY.b * rng.exponential()) / h0) / BACKGROUND_MORTALITY.b;
  return Math.round(years * 365.25);
}

function settingFor(type: CancerType, subtypeKey: string, profile: MolecularProfile): Setting {
  switch (type) {
    case 'lung':
      return subtypeKey === 'small-cell' ? 'sclc' : 'nsclc';
    case 'breast':
      return profile.her2 === true ? 'breast-her2' : profile.er === true ? 'breast-hr' : 'breast-tnbc';
    case 'ovary':
    case 'other-gynaecological':
    case 'colorectal':
    case 'prostate':
    case 'melanoma':
    case 'uveal-melanoma':
    case 'sarcoma':
    case 'head-and-neck':
    case 'haematological':
    case 'paediatric':
      return type;
  }
}

function drawMetastases(rng: Rng, tp: TumourProfile, profile: MolecularProfile, day: number): { site: string; day: number }[] {
  const out: { site: string; day: number }[] = [];
  const brainBoost = profile.driver === 'ALK' || profile.driver === 'ROS1' ? 1.5 : profile.her2 === true ? 2.5 : 1;
  for (const [site, p] of tp.metastaticSites) if (rng.bernoulli(site === 'brain' ? Math.min(0.9, p * brainBoost) : p)) out.push({ site, day });
  if (out.length === 0 && tp.metastaticSites.length > 0) out.push({ site: tp.metastaticSites[rng.categorical(tp.metastaticSites.map((m) => m[1]))]![0], day });
  return out;
}

/** A site's doctors (invented), deterministic per (seed, site). */
function siteDoctors(seed: number, site: SiteModel): { firstName: string; lastName: string; specialty: string }[] {
  const rng = createStreamRng([seed, site.siteNumber, 0x0d0c]);
  const specialties = [...new Set(Object.values(SPECIALTY)), 'chirurgie', 'radiologie', 'anatomie pathologique', 'radiothérapie'];
  const out: { firstName: string; lastName: string; specialty: string }[] = [];
  for (const specialty of specialties) {
    for (let i = 0; i < 4; i++) out.push({ firstName: drawFirstName(rng, rng.bernoulli(0.5) ? 'F' : 'M'), lastName: drawLastName(rng), specialty });
  }
  return out;
}

const contextCache = new Map<string, PopulationContext>();
const doctorCache = new Map<string, { firstName: string; lastName: string; specialty: string }[]>();

function contextFor(options: SynthOptions): PopulationContext {
  const key = JSON.stringify([options.seed, options.sites, options.firstYear, options.lastYear, options.caseMix, options.driverEnrichment]);
  let ctx = contextCache.get(key);
  if (ctx === undefined) {
    if (contextCache.size > 16) contextCache.clear();
    ctx = createPopulationContext(options);
    contextCache.set(key, ctx);
  }
  return ctx;
}

/**
 * One patient, pure and deterministic in (options.seed, options.sites, calendar window, site, index): the same
 * patient whatever the total count. `site` is a SiteProfile of the population or a 1-based site number.
 * @example generatePatient({ patients: 10, seed: 7 }, 1, 0).ipp // the same IPP on every run
 */
export function generatePatient(options: SynthOptions, site: SiteProfile | number, index: number): SyntheticPatient {
  const ctx = contextFor(options);
  const siteNumber = typeof site === 'number' ? site : ctx.sites.findIndex((s) => s.siteId === site.siteId) + 1;
  const model = ctx.sites[siteNumber - 1];
  if (model === undefined) throw new RangeError('unknown site');
  return generatePatientInContext(ctx, model, index);
}

export function generatePatientInContext(ctx: PopulationContext, site: SiteModel, index: number): SyntheticPatient {
  const rng = createStreamRng([ctx.seed, site.siteNumber, index]);
  const pid = `${site.siteId}-${index}`;
  const type = CANCER_TYPES[rng.categorical(ctx.typeWeights[site.siteNumber - 1] ?? [])] ?? 'breast';
  const tp = TUMOUR_PROFILES[type];
  const dxYear = ctx.firstYear + rng.categorical(ctx.yearWeights);
  const dxDay = Math.min(ctx.windowEnd, daysFromCivil(dxYear, 1, 1) + rng.int(0, 364));
  const sex: Sex = rng.uniform() < tp.femaleShare ? 'F' : 'M';
  const age = type === 'paediatric' ? Math.floor(Math.pow(rng.uniform(), 1.4) * 18) : Math.round(rng.clampedNormal(tp.ageMean, tp.ageSd, tp.ageMin, tp.ageMax));
  const birthDay = Math.min(dxDay - 30, dxDay - Math.floor(age * 365.25) - rng.int(0, 364));
  const smoking = smokingFor(rng, type, sex, age);
  let subtype = tp.subtypes[rng.categorical(tp.subtypes.map((s) => s.weight))] ?? tp.subtypes[0]!;
  if (type === 'lung' && smoking === 'never' && (subtype.key === 'squamous' || subtype.key === 'small-cell') && rng.bernoulli(0.8)) subtype = tp.subtypes[0]!;
  const profile = drawMolecularProfile(rng, type, subtype.key, smoking, age, ctx.driverEnrichment);
  const squamous = subtype.key === 'squamous';

  // Stage at diagnosis (I..IV as 0..3); SCLC is limited (III) or extensive (IV).
  let stage = -1;
  if (tp.stageWeights !== null) stage = rng.categorical(dxYear >= 2013 ? tp.stageWeights.recent : tp.stageWeights.early);
  if (subtype.key === 'small-cell') stage = rng.bernoulli(0.3) ? 2 : 3;
  const stageGroup = stage < 0 ? null : type === 'lung' ? rng.pick(LUNG_GROUPS[stage]!) : ROMAN[stage]!;
  const tnm = stage < 0 ? null : tnmFor(rng, stage, type);

  // Follow-up: loss to follow-up and administrative end of the window; death from other causes competes before index.
  const ltfuDay = dxDay + Math.ceil(rng.exponential(site.lossToFollowUpPerYear) * 365.25);
  const censorDay = Math.min(ctx.windowEnd, ltfuDay);
  const otherDeathDay = dxDay + 1 + gompertzDays(rng, age);

  const doctorsKey = `${ctx.seed}/${site.siteNumber}`;
  let pool = doctorCache.get(doctorsKey);
  if (pool === undefined) {
    if (doctorCache.size > 64) doctorCache.clear();
    pool = siteDoctors(ctx.seed, site);
    doctorCache.set(doctorsKey, pool);
  }
  const bySpecialty = (s: string): { firstName: string; lastName: string; specialty: string } => {
    const list = pool.filter((d) => d.specialty === s);
    return list[rng.int(0, list.length - 1)] ?? pool[0]!;
  };
  const doctors = [bySpecialty(SPECIALTY[type]), bySpecialty('chirurgie'), bySpecialty('radiologie'), bySpecialty('anatomie pathologique')];

  // Accumulators in day numbers.
  const stayDays = new Map<number, Stay['kind']>();
  const inpatient: { start: number; end: number }[] = [];
  const admins: AdministrationDraft[] = [];
  const procedures: { day: number; kind: ProcedureRecord['kind']; code: string; description: string; bodySite: string }[] = [];
  const imaging: { day: number; modality: Modality; bodySite: string; description: string }[] = [];
  const progressions: number[] = [];
  const labs: { day: number; lab: readonly [string, string, string, number, number, number?, number?] }[] = [];
  const specimens: { id: string; day: number; type: 'biopsy' | 'resection' | 'blood' | 'cytology'; bodySite: string }[] = [];
  const biomarkers: (Omit<BiomarkerResult, 'id' | 'date'> & { day: number })[] = [];
  const ecog: { day: number; value: 0 | 1 | 2 | 3 | 4 }[] = [];
  const lines: LineTruth[] = [];
  const metastases: { site: string; day: number }[] = [];
  const qol: { day: number }[] = [];
  const visit = (day: number, kind: Stay['kind'] = 'outpatient'): void => {
    const k = stayDays.get(day);
    if (k === undefined || (k === 'outpatient' && kind === 'day-hospital')) stayDays.set(day, kind);
  };
  const drawEcog = (advanced: boolean): 0 | 1 | 2 | 3 | 4 => {
    const w = advanced ? [0.28, 0.44, 0.18, 0.08, 0.02] : [0.6, 0.33, 0.06, 0.01, 0];
    let v = rng.categorical(w);
    if (age > 70 && v < 4 && rng.bernoulli((age - 70) / 60)) v++;
    return v as 0 | 1 | 2 | 3 | 4;
  };
  const addLabs = (day: number, withMarker: boolean): void => {
    for (const l of CBC) labs.push({ day, lab: l });
    const m = TUMOUR_MARKERS[type];
    if (withMarker && m !== undefined) labs.push({ day, lab: m });
  };
  const specimen = (day: number, kind: 'biopsy' | 'resection' | 'blood' | 'cytology'): string => {
    const id = `${pid}-s${specimens.length + 1}`;
    specimens.push({ id, day, type: kind, bodySite: BODY_SITE[type] });
    return id;
  };

  // Diagnosis: staging imaging, biopsy, first consultation, baseline labs with weight and height.
  const stagingDay = Math.max(ctx.windowStart, birthDay, dxDay - rng.int(5, 25));
  imaging.push({ day: stagingDay, modality: STAGING_MODALITY[type], bodySite: BODY_SITE[type], description: 'bilan initial' });
  visit(stagingDay);
  const biopsyId = specimen(dxDay, type === 'haematological' ? 'blood' : 'biopsy');
  procedures.push({ day: dxDay, kind: 'biopsy', code: 'biopsy', description: `biopsie ${BODY_SITE[type]}`, bodySite: BODY_SITE[type] });
  visit(dxDay);
  ecog.push({ day: dxDay, value: drawEcog(stage === 3) });
  addLabs(dxDay, true);
  const heightCm = type === 'paediatric' ? 60 + age * 6 : rng.clampedNormal(sex === 'F' ? 162 : 175, 7, 140, 200);
  const weightKg = type === 'paediatric' ? 6 + age * 3 : rng.clampedNormal(sex === 'F' ? 66 : 78, 13, 38, 150);
  labs.push({ day: dxDay, lab: ['29463-7', 'Body weight', 'kg', Math.round(weightKg * 10) / 10, 0] });
  labs.push({ day: dxDay, lab: ['8302-2', 'Body height', 'cm', Math.round(heightCm), 0] });

  // Molecular tests at diagnosis (breast receptors always; the rest by type, era and site).
  const testDay = dxDay + rng.int(10, 25);
  const testFactor = (p: number): number => Math.min(0.97, p * site.testingFactor);
  const biomarkerAt = (day: number, specimenId: string | null, drafts: readonly Omit<BiomarkerResult, 'id' | 'date' | 'specimenId'>[]): void => {
    for (const d of drafts) biomarkers.push({ ...d, specimenId, day });
  };
  let nsclcTestYear: number | null = null;
  let nsclcFailed = false;
  const testNsclc = (day: number, advanced: boolean): void => {
    if (nsclcTestYear !== null || type !== 'lung' || subtype.key === 'small-cell') return;
    const y = yearOfDay(day);
    const p = testFactor(nsclcTestingRate(y)) * (squamous ? 0.5 : 1) * (advanced ? 1 : y >= 2020 ? 0.8 : 0.4);
    if (!rng.bernoulli(p)) return;
    const panel = nsclcPanel(rng, profile, y);
    nsclcTestYear = y;
    nsclcFailed = panel.length === 1 && panel[0]?.result === 'failed';
    biomarkerAt(day, biopsyId, panel);
  };
  const dxTestYear = yearOfDay(testDay);
  switch (type) {
    case 'lung':
      testNsclc(testDay, stage === 3);
      break;
    case 'breast': {
      const status = (gene: string, on: boolean | null): Omit<BiomarkerResult, 'id' | 'date' | 'specimenId'> => ({ gene, alteration: 'status', result: on === true ? 'positive' : 'negative', method: 'IHC' });
      biomarkerAt(testDay, biopsyId, [status('ER', profile.er), status('PR', profile.pr), status('HER2', profile.her2)]);
      const pBrca = (dxTestYear < 2005 ? 0.03 : Math.min(0.35, 0.03 + (dxTestYear - 2005) * 0.02)) * (profile.er === false && profile.her2 === false ? 2.5 : age < 40 ? 2.5 : 1);
      if (rng.bernoulli(Math.min(0.9, pBrca))) {
        biomarkerAt(testDay + 30, specimen(testDay, 'blood'), [
          { gene: 'BRCA1', alteration: 'mutation', result: profile.brca === 'BRCA1' ? 'positive' : 'negative', method: 'NGS' },
          { gene: 'BRCA2', alteration: 'mutation', result: profile.brca === 'BRCA2' ? 'positive' : 'negative', method: 'NGS' },
        ]);
      }
      break;
    }
    case 'ovary':
      break;
    case 'colorectal':
      if (stage === 3 && dxTestYear >= 2008 && rng.bernoulli(testFactor(0.85))) {
        biomarkerAt(testDay, biopsyId, [
          { gene: 'KRAS', alteration: 'mutation', result: profile.rasMutated === true ? 'positive' : 'negative', method: dxTestYear >= 2016 ? 'NGS' : 'PCR' },
          ...(dxTestYear >= 2012 ? [{ gene: 'BRAF', alteration: 'mutation' as const, variant: 'V600E', result: profile.brafV600 === true ? ('positive' as const) : ('negative' as const), method: 'PCR' as const }] : []),
        ]);
      }
      break;
    case 'melanoma':
      if (stage >= 2 && dxTestYear >= 2011 && rng.bernoulli(testFactor(0.9))) {
        biomarkerAt(testDay, biopsyId, [{ gene: 'BRAF', alteration: 'mutation', variant: 'V600E', result: profile.brafV600 === true ? 'positive' : 'negative', method: dxTestYear >= 2016 ? 'NGS' : 'PCR' }]);
      }
      break;
    case 'other-gynaecological':
      if (subtype.key === 'endometrium' && dxTestYear >= 2015 && rng.bernoulli(testFactor(0.8))) {
        biomarkerAt(testDay, biopsyId, [{ gene: 'MSI', alteration: 'status', result: profile.msiHigh === true ? 'positive' : 'negative', method: 'PCR' }]);
      }
      break;
    case 'sarcoma':
      if (subtype.key === 'liposarcoma' && dxTestYear >= 2008 && rng.bernoulli(0.8)) biomarkerAt(testDay, biopsyId, [{ gene: 'MDM2', alteration: 'amplification', result: rng.bernoulli(0.8) ? 'positive' : 'negative', method: 'FISH' }]);
      if (subtype.key === 'ewing' && dxTestYear >= 2005 && rng.bernoulli(0.9)) biomarkerAt(testDay, biopsyId, [{ gene: 'EWSR1', alteration: 'fusion', partner: 'FLI1', result: 'positive', method: 'FISH' }]);
      break;
    case 'head-and-neck':
      if ((subtype.key === 'oropharynx' || subtype.key === 'tonsil') && dxTestYear >= 2010 && rng.bernoulli(0.6)) biomarkerAt(testDay, biopsyId, [{ gene: 'HPV', alteration: 'status', result: rng.bernoulli(0.45) ? 'positive' : 'negative', method: 'PCR' }]);
      break;
    case 'haematological':
      if (dxTestYear >= 2010 && rng.bernoulli(testFactor(0.6))) {
        const gene = subtype.key === 'aml' ? 'FLT3' : subtype.key === 'dlbcl' ? 'MYC' : 'TP53';
        biomarkerAt(testDay, biopsyId, [{ gene, alteration: gene === 'MYC' ? 'fusion' : 'mutation', result: rng.bernoulli(0.2) ? 'positive' : 'negative', method: gene === 'MYC' ? 'FISH' : 'NGS' }]);
      }
      break;
    case 'paediatric':
      if (dxTestYear >= 2014 && rng.bernoulli(testFactor(0.7))) biomarkerAt(testDay, biopsyId, [{ gene: subtype.key === 'neuroblastoma' ? 'MYCN' : 'TP53', alteration: subtype.key === 'neuroblastoma' ? 'amplification' : 'mutation', result: rng.bernoulli(0.2) ? 'positive' : 'negative', method: 'NGS' }]);
      break;
    case 'prostate':
    case 'uveal-melanoma':
      break;
  }
  let brcaKnown = false;
  const testOvary = (day: number): void => {
    const y = yearOfDay(day);
    const p = y < 2012 ? 0.05 : Math.min(0.9, 0.3 + (y - 2012) * 0.15);
    if (type !== 'ovary' || brcaKnown || !rng.bernoulli(testFactor(p))) return;
    brcaKnown = true;
    biomarkerAt(day, biopsyId, [
      { gene: 'BRCA1', alteration: 'mutation', result: profile.brca === 'BRCA1' ? 'positive' : 'negative', method: 'NGS' },
      { gene: 'BRCA2', alteration: 'mutation', result: profile.brca === 'BRCA2' ? 'positive' : 'negative', method: 'NGS' },
      ...(y >= 2020 && subtype.key === 'hgsc' && profile.hrdScore !== null
        ? [{ gene: 'HRD', alteration: 'status' as const, value: profile.hrdScore, unit: 'score', result: profile.hrdScore >= 42 ? ('positive' as const) : ('negative' as const), method: 'NGS' as const }]
        : []),
    ]);
  };
  testOvary(testDay);

  const runLine = (line: number, regimen: Regimen, start: number, stop: number, stopReason: 'progression' | 'death' | 'censored', nameSuffix = ''): { endDay: number; endReason: LineTruth['endReason'] } => {
    const s = scheduleLine(rng, regimen, start, stop, stopReason);
    for (const a of s.administrations) admins.push(a);
    if (s.administrations.length > 0) {
      lines.push({ line, regimen: regimen.name + nameSuffix, regimenClass: regimen.regimenClass, start: dayNumberToIsoDate(s.administrations[0]!.day), end: dayNumberToIsoDate(s.endDay), endReason: s.endReason });
      // Labs before the first cycle and every third infusion day.
      let k = 0;
      let lastLab = -1;
      for (const a of s.administrations) {
        if (a.spec.route !== 'oral' && a.day !== lastLab && k++ % 3 === 0) {
          addLabs(a.day, false);
          lastLab = a.day;
        }
      }
    }
    return { endDay: s.endDay, endReason: s.endReason };
  };

  // Curative pathway or advanced disease at diagnosis.
  const advancedAtDx = stage === 3 || stage < 0 || (type === 'ovary' && stage === 2);
  let advancedDay: number | null = advancedAtDx ? dxDay : null;
  if (stage === 3) for (const m of drawMetastases(rng, tp, profile, dxDay)) metastases.push(m);
  let surgeryDay: number | null = null;
  if (stage !== 3 && stage >= 0 && !(type === 'lung' && stage === 2 && rng.bernoulli(0.6)) && !(type === 'head-and-neck' && stage === 2 && rng.bernoulli(0.5))) {
    surgeryDay = dxDay + rng.int(14, 45);
    procedures.push({ day: surgeryDay, kind: 'surgery', code: 'resection', description: `exérèse ${BODY_SITE[type]}`, bodySite: BODY_SITE[type] });
    inpatient.push({ start: surgeryDay, end: surgeryDay + rng.int(1, 9) });
    specimen(surgeryDay, 'resection');
  }
  if (!advancedAtDx) {
    // Curative intent: (neo)adjuvant treatment as line 0, then a recurrence hazard.
    const refDay = surgeryDay ?? dxDay + rng.int(14, 35);
    const recurrenceEffects: RecurrenceEffect[] = [];
    const curative: Regimen[] = [];
    let radiotherapy = false;
    switch (type) {
      case 'breast': {
        const triple = profile.er === false && profile.her2 === false;
        if ((stage >= 1 || triple || profile.her2 === true) && age < 75 && rng.bernoulli(0.85)) curative.push(REGIMENS.ecDocetaxel);
        if (profile.her2 === true && dxYear >= 2006 && rng.bernoulli(0.95)) {
          curative.push(REGIMENS.adjuvantTrastuzumab);
          recurrenceEffects.push('breast-her2-adjuvant-trastuzumab-vs-none');
        }
        if (profile.er === true && rng.bernoulli(0.9)) {
          curative.push(age < 50 ? REGIMENS.tamoxifen : rng.bernoulli(0.6) ? REGIMENS.letrozole : REGIMENS.anastrozole);
          recurrenceEffects.push('breast-hr-adjuvant-endocrine-vs-none');
        }
        radiotherapy = rng.bernoulli(0.8);
        break;
      }
      case 'lung':
        if (surgeryDay === null) {
          curative.push(rng.bernoulli(1 - site.carboplatinShare) ? REGIMENS.chemoradiotherapyCisVinorelbine : REGIMENS.chemoradiotherapyCarboPaclitaxel);
          radiotherapy = true;
          if (dxYear >= 2019 && subtype.key !== 'small-cell' && rng.bernoulli(site.immunotherapyUptake * 0.8)) {
            curative.push(REGIMENS.durvalumabConsolidation);
            recurrenceEffects.push('nsclc-stage3-durvalumab-consolidation-vs-none');
          }
        } else if (stage >= 1 && age < 75 && rng.bernoulli(0.6)) curative.push(REGIMENS.adjuvantCisVinorelbine);
        break;
      case 'colorectal':
        if (stage === 2 || (stage === 1 && rng.bernoulli(0.2))) curative.push(REGIMENS.adjuvantFolfox);
        break;
      case 'ovary':
        if (stage === 1 || rng.bernoulli(0.4)) curative.push(REGIMENS.carboPaclitaxel6);
        break;
      case 'head-and-neck':
      case 'other-gynaecological':
        if (stage >= 1) {
          curative.push(REGIMENS.cisplatinRadiotherapy);
          radiotherapy = true;
        }
        break;
      case 'prostate':
        radiotherapy = surgeryDay === null || rng.bernoulli(0.2);
        break;
      case 'sarcoma':
        radiotherapy = rng.bernoulli(0.6);
        break;
      case 'melanoma':
      case 'uveal-melanoma':
        radiotherapy = type === 'uveal-melanoma';
        break;
      case 'haematological':
      case 'paediatric':
        break;
    }
    let lhr = 0;
    for (const e of recurrenceEffects) lhr += Math.log(RECURRENCE_HRS[e].hr);
    const p5 = tp.recurrence5y[Math.min(2, Math.max(0, stage))] ?? 0.2;
    const recurrenceDay = refDay + Math.max(30, Math.round(rng.weibull(RECURRENCE_SHAPE, 1826 / Math.pow(-Math.log(1 - p5), 1 / RECURRENCE_SHAPE), lhr)));
    const stopAll = Math.min(recurrenceDay, otherDeathDay, censorDay + 1);
    const stopReason = stopAll === censorDay + 1 ? 'censored' : stopAll === recurrenceDay ? 'progression' : 'death';
    let start = refDay + rng.int(21, 42);
    for (const regimen of curative) {
      if (start >= stopAll) break;
      const r = runLine(0, regimen, start, stopAll, stopReason);
      if (r.endReason !== 'completed' && r.endReason !== 'toxicity') break;
      start = r.endDay + rng.int(14, 35);
    }
    if (radiotherapy) {
      const rtDay = Math.min(start, refDay + rng.int(30, 120));
      if (rtDay < stopAll) procedures.push({ day: rtDay, kind: 'radiotherapy', code: 'external-beam', description: 'radiothérapie externe', bodySite: BODY_SITE[type] });
    }
    // Surveillance imaging in the first two years.
    for (const y of [1, 2]) {
      const d = dxDay + y * 365 + rng.int(-30, 30);
      if (d < stopAll) {
        imaging.push({ day: d, modality: type === 'breast' ? 'MG' : 'CT', bodySite: BODY_SITE[type], description: 'surveillance' });
        visit(d);
      }
    }
    if (recurrenceDay < Math.min(otherDeathDay, censorDay + 1)) {
      advancedDay = recurrenceDay;
      progressions.push(recurrenceDay);
      imaging.push({ day: recurrenceDay, modality: 'CT', bodySite: BODY_SITE[type], description: 'récidive' });
      for (const m of drawMetastases(rng, tp, profile, recurrenceDay)) metastases.push(m);
    }
  }

  let deathDay: number | null = otherDeathDay <= censorDay ? otherDeathDay : null;
  let latentDeathDays: number | null = null;
  let latentProgressionDays: number | null = null;
  let truthIndex: PatientTruth['index'];
  if (advancedDay !== null) {
    const indexDay = advancedDay + rng.int(stage < 0 ? 5 : 21, stage < 0 ? 20 : 45);
    if (type === 'ovary' && advancedDay === dxDay && surgeryDay === null) {
      // Primary debulking surgery before first-line chemotherapy.
      const s = dxDay + rng.int(10, 20);
      procedures.push({ day: s, kind: 'surgery', code: 'debulking', description: 'chirurgie de cytoréduction', bodySite: 'abdomen-pelvis' });
      inpatient.push({ start: s, end: s + rng.int(5, 12) });
      specimen(s, 'resection');
    }
    if (indexDay < Math.min(otherDeathDay, censorDay + 1)) {
      deathDay = null;
      testNsclc(advancedDay + rng.int(7, 15), true);
      testOvary(advancedDay + rng.int(7, 15));
      const indexEcog = drawEcog(true);
      ecog.push({ day: indexDay, value: indexEcog });
      visit(indexDay);
      const setting = settingFor(type, subtype.key, profile);
      const knownDriver = nsclcTestYear !== null && !nsclcFailed && driverDetectable(profile.driver, nsclcTestYear) ? profile.driver : null;
      const choice: ChoiceContext = {
        rng,
        site,
        year: yearOfDay(indexDay),
        ecog: indexEcog,
        age: age + (indexDay - dxDay) / 365.25,
        squamous,
        subtypeKey: subtype.key,
        profile,
        knownDriver,
        knownPdl1: nsclcTestYear !== null && nsclcTestYear >= 2016 && !nsclcFailed ? profile.pdl1Tps : null,
        brcaKnown,
      };
      const first = chooseFirstLine(setting, choice);
      const brain = metastases.some((m) => m.site === 'brain');
      const bsc = first.regimen === null;
      const ageAtIndex = age + (indexDay - dxDay) / 365.25;
      const ovaryBrca = type === 'ovary' && profile.brca !== null;
      // A maintenance effect acts only once the maintenance starts (below), never on patients who do not get it.
      const maintenanceEffect = first.effects.find(isMaintenanceEffect);
      const lp = linearPredictor({ age: ageAtIndex, ecog: indexEcog, brainMetastasis: brain, bestSupportiveCare: bsc, ovaryBrcaMutated: ovaryBrca, effects: first.effects.filter((e) => !isMaintenanceEffect(e)) });
      const baseline = BASELINES[setting];
      latentDeathDays = Math.max(1, Math.round(rng.weibull(baseline.osShape, weibullScale(baseline.osMedianDays, baseline.osShape), lp.os)));
      latentProgressionDays = Math.max(1, Math.round(rng.weibull(baseline.pfsShape, weibullScale(baseline.pfsMedianDays, baseline.pfsShape), lp.pfs)));
      const covariates: Record<string, number> = { age: Math.round(ageAtIndex * 10) / 10, ecog: indexEcog, brainMetastasis: brain ? 1 : 0, bestSupportiveCare: bsc ? 1 : 0, ovaryBrcaMutated: ovaryBrca ? 1 : 0 };
      for (const e of first.effects) if (!isMaintenanceEffect(e)) covariates[e] = 1;
      truthIndex = { date: dayNumberToIsoDate(indexDay), setting, covariates };
      let dDay = indexDay + latentDeathDays;
      deathDay = dDay <= censorDay ? dDay : null;
      let endOfLife = Math.min(dDay, censorDay + 1);
      let progDay = indexDay + latentProgressionDays;
      let lineNo = 1;
      let start = indexDay;
      let regimen: Regimen | null = first.regimen;
      const previous: Regimen[] = [];
      while (regimen !== null && start < endOfLife && lineNo <= 5) {
        let stop = Math.min(progDay, endOfLife);
        let reason: 'progression' | 'death' | 'censored' = stop === progDay && progDay < endOfLife ? 'progression' : stop === dDay ? 'death' : 'censored';
        const r = runLine(lineNo, regimen, start, stop, reason);
        if (lineNo === 1 && first.maintenance !== null && r.endReason === 'completed') {
          const mStart = r.endDay + rng.int(21, 49);
          if (mStart < stop && maintenanceEffect !== undefined) {
            // From its first day the maintenance multiplies the death and progression hazards by its ratios: the
            // latent times still ahead stretch accordingly (same draw, proportional hazards from mStart on).
            const hr = TREATMENT_HRS[maintenanceEffect];
            latentDeathDays = Math.round(timeAfterHazardChange(latentDeathDays, mStart - indexDay, baseline.osShape, hr.os));
            latentProgressionDays = Math.round(timeAfterHazardChange(latentProgressionDays, mStart - indexDay, baseline.pfsShape, hr.pfs));
            covariates[maintenanceEffect] = 1;
            dDay = indexDay + latentDeathDays;
            deathDay = dDay <= censorDay ? dDay : null;
            endOfLife = Math.min(dDay, censorDay + 1);
            progDay = indexDay + latentProgressionDays;
            stop = Math.min(progDay, endOfLife);
            reason = stop === progDay && progDay < endOfLife ? 'progression' : stop === dDay ? 'death' : 'censored';
          }
          if (mStart < stop) {
            const m = scheduleLine(rng, first.maintenance, mStart, stop, reason);
            for (const a of m.administrations) admins.push(a);
            const l = lines[lines.length - 1];
            if (l !== undefined && m.administrations.length > 0) {
              l.regimen = `${regimen.name} then ${first.maintenance.name}`;
              l.end = dayNumberToIsoDate(m.endDay);
              l.endReason = m.endReason;
            }
          }
        }
        // Response assessment imaging every ~3 months on treatment.
        for (let d = start + rng.int(70, 95), n = 0; d < Math.min(stop, r.endDay) && n < 3; d += rng.int(80, 100), n++) {
          imaging.push({ day: d, modality: 'CT', bodySite: BODY_SITE[type], description: 'évaluation' });
          visit(d);
        }
        previous.push(regimen);
        if (!(progDay < endOfLife)) break;
        progressions.push(progDay);
        imaging.push({ day: progDay, modality: brain && rng.bernoulli(0.3) ? 'MR' : 'CT', bodySite: BODY_SITE[type], description: 'progression' });
        addLabs(progDay, true);
        lineNo++;
        start = progDay + rng.int(14, 35);
        if (!rng.bernoulli(0.75 - 0.1 * lineNo)) break;
        regimen = chooseLaterLine(setting, lineNo, previous, { ...choice, year: yearOfDay(start) });
        if (regimen !== null && start < endOfLife) ecog.push({ day: start, value: Math.min(4, indexEcog + (rng.bernoulli(0.3) ? 1 : 0)) as 0 | 1 | 2 | 3 | 4 });
        progDay = start + Math.max(14, Math.round(rng.weibull(1.2, weibullScale(120 / (lineNo - 1), 1.2))));
      }
      if (yearOfDay(indexDay) >= 2018 && rng.bernoulli(0.3)) for (let d = indexDay, n = 0; d < endOfLife && n < 4; d += rng.int(80, 100), n++) qol.push({ day: d });
    } else if (otherDeathDay <= censorDay) deathDay = otherDeathDay;
  }

  const lastContactDay = deathDay ?? censorDay;
  const lost = deathDay === null && ltfuDay < ctx.windowEnd;
  if (deathDay === null) visit(lastContactDay);
  const within = (day: number): boolean => day >= birthDay && day <= lastContactDay && day >= ctx.windowStart - 60;

  // Stays: one per calendar day of care (day hospital for infusions), inpatient stays for surgery; NDA numbers unique in the site.
  for (const a of admins) if (within(a.day)) visit(a.day, a.spec.route === 'oral' ? 'outpatient' : 'day-hospital');
  for (const p of procedures) if (p.kind !== 'surgery') visit(p.day);
  const stays: Stay[] = [];
  const ndaByDay = new Map<number, string>();
  const ndaPrefix = `${String(site.siteNumber).padStart(2, '0')}${String(index).padStart(8, '0')}`;
  let stayNo = 0;
  const nda = (day: number): string => `${String(yearOfDay(day)).slice(2)}${ndaPrefix}${String(++stayNo).padStart(3, '0')}`;
  for (const s of inpatient) {
    if (!within(s.start)) continue;
    const end = Math.min(s.end, lastContactDay);
    const n = nda(s.start);
    stays.push({ nda: n, kind: 'inpatient', start: dayNumberToIsoDate(s.start), end: dayNumberToIsoDate(end) });
    for (let d = s.start; d <= end; d++) ndaByDay.set(d, n);
  }
  for (const [day, kind] of [...stayDays].sort((a, b) => a[0] - b[0])) {
    if (!within(day) || ndaByDay.has(day)) continue;
    const n = nda(day);
    stays.push({ nda: n, kind, start: dayNumberToIsoDate(day), end: dayNumberToIsoDate(day) });
    ndaByDay.set(day, n);
  }

  const administrations: DrugAdministration[] = [];
  for (const a of admins) {
    if (!within(a.day)) continue;
    administrations.push({ date: dayNumberToIsoDate(a.day), atc: a.spec.atc, drug: a.spec.drug, dose: a.dose, unit: a.spec.unit, route: a.spec.route, cycle: a.cycle, daysSupply: a.daysSupply, nda: ndaByDay.get(a.day) ?? null });
  }
  administrations.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));

  const uidRoot = `1.2.250.1.999.${site.siteNumber}.${index}`;
  const imagingRecords: ImagingExam[] = [];
  const progressionUid = new Map<number, string>();
  for (const im of imaging.sort((a, b) => a.day - b.day)) {
    if (!within(im.day)) continue;
    const k = imagingRecords.length + 1;
    const studyUid = `${uidRoot}.${k}`;
    const series = im.modality === 'PT' ? 2 : im.modality === 'MG' ? 4 : im.modality === 'US' ? 1 : rng.int(1, 3);
    imagingRecords.push({
      date: dayNumberToIsoDate(im.day),
      modality: im.modality,
      bodySite: im.bodySite,
      description: im.description,
      studyUid,
      seriesUids: Array.from({ length: series }, (_, j) => `${studyUid}.${j + 1}`),
      accessionNumber: `A${String(site.siteNumber).padStart(2, '0')}${String(index).padStart(8, '0')}${String(k).padStart(2, '0')}`,
      nda: ndaByDay.get(im.day) ?? null,
    });
    if (im.description === 'progression' || im.description === 'récidive') progressionUid.set(im.day, studyUid);
  }

  const labRecords: LabResult[] = [];
  for (const { day, lab } of labs) {
    if (!within(day)) continue;
    const [loinc, name, unit, mean, sd, low, high] = lab;
    const value = sd === 0 ? mean : Math.max(0.1, Math.round(rng.normal(mean, sd) * 10) / 10);
    labRecords.push({ date: dayNumberToIsoDate(day), loinc, name, value, unit, ...(low === undefined ? {} : { low }), ...(high === undefined ? {} : { high }) });
  }

  const slides: SyntheticPatient['slides'][number][] = [];
  const specimenRecords = specimens.filter((s) => within(s.day)).map((s) => {
    if (s.day >= DAY_2022 && s.type !== 'blood' && rng.bernoulli(0.1)) {
      for (let j = 0; j < rng.int(1, 2); j++) {
        const studyUid = `${uidRoot}.9${slides.length + 1}`;
        slides.push({ id: `${s.id}-wsi${j + 1}`, specimenId: s.id, date: dayNumberToIsoDate(s.day + rng.int(2, 7)), stain: j === 0 ? 'HE' : 'IHC', studyUid, seriesUid: `${studyUid}.1` });
      }
    }
    return { id: s.id, date: dayNumberToIsoDate(s.day), type: s.type, bodySite: s.bodySite };
  });

  const specimenIds = new Set(specimenRecords.map((s) => s.id));
  const identity = generateIdentity(rng, site, sex, birthDay);
  return {
    site: site.siteId,
    ipp: ippFor(site, index),
    identity,
    smoking,
    deathDate: deathDay === null ? null : dayNumberToIsoDate(deathDay),
    lastContactDate: dayNumberToIsoDate(lastContactDay),
    lostToFollowUp: lost,
    stays,
    cancers: [
      {
        id: `${pid}-c1`,
        cancerType: type,
        icd10: rng.bernoulli(site.unspecifiedIcd10Share) ? subtype.icd10Unspecified : subtype.icd10,
        topography: subtype.topography,
        morphology: subtype.morphology,
        histology: subtype.histology,
        diagnosisDate: dayNumberToIsoDate(dxDay),
        tnm,
        stageGroup,
        metastases: metastases.filter((m) => within(m.day)).map((m) => ({ site: m.site, date: dayNumberToIsoDate(m.day) })),
      },
    ],
    ecog: ecog.filter((e) => within(e.day)).map((e) => ({ date: dayNumberToIsoDate(e.day), value: e.value })),
    biomarkers: biomarkers.filter((b) => within(b.day)).map((b, i) => {
      const { day, ...rest } = b;
      return { ...rest, id: `${pid}-b${i + 1}`, date: dayNumberToIsoDate(day), specimenId: b.specimenId !== null && specimenIds.has(b.specimenId) ? b.specimenId : null };
    }),
    administrations,
    procedures: procedures.filter((p) => within(p.day)).map((p) => ({ date: dayNumberToIsoDate(p.day), kind: p.kind, code: p.code, description: p.description, bodySite: p.bodySite, nda: ndaByDay.get(p.day) ?? null })),
    progressions: progressions.filter(within).map((d) => ({ date: dayNumberToIsoDate(d), method: 'imaging' as const, imagingStudyUid: progressionUid.get(d) ?? null })),
    labs: labRecords,
    imaging: imagingRecords,
    specimens: specimenRecords,
    slides: slides.filter((s) => s.date <= dayNumberToIsoDate(lastContactDay)),
    qualityOfLife: qol.filter((q) => within(q.day)).map((q) => {
      const g = Math.round(rng.clampedNormal(62, 20, 0, 100));
      return { date: dayNumberToIsoDate(q.day), globalHealth: g, physicalFunctioning: Math.round(rng.clampedNormal(75, 20, 0, 100)), fatigue: Math.round(rng.clampedNormal(35, 22, 0, 100)), pain: Math.round(rng.clampedNormal(25, 25, 0, 100)) };
    }),
    doctors,
    truth: { lines, latentProgressionDays, latentDeathDays, ...(truthIndex === undefined ? {} : { index: truthIndex }) },
  };
}
