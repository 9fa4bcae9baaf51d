import { type Rng } from '../../random/rng.js';
import { type SiteModel } from '../sites.js';
import { type TreatmentEffect } from './hazard-model.js';
import { type MolecularProfile, type NsclcDriver } from './molecular-profile.js';
import { REGIMENS, type Regimen } from './regimens.js';

/** The disease settings with their own first-line logic and outcome baseline. */
export type Setting =
  | 'nsclc'
  | 'sclc'
  | 'breast-her2'
  | 'breast-hr'
  | 'breast-tnbc'
  | 'ovary'
  | 'colorectal'
  | 'prostate'
  | 'melanoma'
  | 'uveal-melanoma'
  | 'sarcoma'
  | 'head-and-neck'
  | 'haematological'
  | 'paediatric'
  | 'other-gynaecological';

export interface ChoiceContext {
  readonly rng: Rng;
  readonly site: SiteModel;
  readonly year: number;
  readonly ecog: number;
  readonly age: number;
  readonly squamous: boolean;
  readonly subtypeKey: string;
  readonly profile: MolecularProfile;
  /** The driver the clinicians know of (tested and detectable at the time), or null. */
  readonly knownDriver: NsclcDriver | null;
  /** PD-L1 TPS known at the time, or null. */
  readonly knownPdl1: number | null;
  readonly brcaKnown: boolean;
}

export interface FirstLine {
  readonly regimen: Regimen | null;
  /** Maintenance that starts after the first line's induction (PARP inhibitors in ovarian cancer). */
  readonly maintenance: Regimen | null;
  readonly effects: TreatmentEffect[];
}

const carbo = (c: ChoiceContext): boolean => c.age >= 70 || c.ecog >= 2 || c.rng.bernoulli(c.site.carboplatinShare);

function nsclcChemo(c: ChoiceContext): Regimen {
  if (!c.squamous && c.year >= 2009) return REGIMENS.platinumPemetrexed(carbo(c), c.year >= 2010 && c.ecog <= 1 && c.rng.bernoulli(0.5));
  const k = c.rng.int(0, 2);
  return k === 0 ? REGIMENS.platinumGemcitabine(carbo(c)) : k === 1 ? REGIMENS.platinumVinorelbine(carbo(c)) : REGIMENS.carboPaclitaxel;
}

/**
 * First-line treatment of advanced disease by guideline and era (README "Model: treatment"); null regimen: best
 * supportive care. `effects` lists the hazard-model terms this choice switches on.
 */
export function chooseFirstLine(setting: Setting, c: ChoiceContext): FirstLine {
  const { rng, year } = c;
  const bscRisk = c.ecog >= 3 ? 0.6 : c.ecog === 2 ? 0.12 : 0.02;
  if (setting !== 'haematological' && setting !== 'paediatric' && rng.bernoulli(bscRisk)) return { regimen: null, maintenance: null, effects: [] };
  const io = (from: number): boolean => year >= from && rng.bernoulli(c.site.immunotherapyUptake);
  const none: TreatmentEffect[] = [];
  switch (setting) {
    case 'nsclc': {
      // Some patients start chemotherapy before results come back, even when a targeted drug exists.
      const waits = rng.bernoulli(0.9);
      switch (c.knownDriver) {
        case 'ROS1':
          if (year >= 2016 && waits) {
            const regimen = year >= 2024 && rng.bernoulli(0.3) ? REGIMENS.repotrectinib : year >= 2020 && rng.bernoulli(0.4) ? REGIMENS.entrectinib : REGIMENS.crizotinib;
            return { regimen, maintenance: null, effects: ['nsclc-ros1-targeted-vs-chemotherapy'] };
          }
          break;
        case 'ALK':
          if (year >= 2012 && waits) {
            const regimen = year >= 2022 && rng.bernoulli(0.15) ? REGIMENS.lorlatinib : year >= 2019 && rng.bernoulli(0.15) ? REGIMENS.brigatinib : year >= 2018 ? REGIMENS.alectinib : REGIMENS.crizotinib;
            return { regimen, maintenance: null, effects: ['nsclc-alk-targeted-vs-chemotherapy'] };
          }
          break;
        case 'EGFR':
          if (year >= 2009 && waits) {
            if (year >= 2019) return { regimen: REGIMENS.osimertinib, maintenance: null, effects: ['nsclc-egfr-targeted-vs-chemotherapy', 'nsclc-egfr-osimertinib-vs-first-generation'] };
            const regimen = year >= 2014 && rng.bernoulli(0.3) ? REGIMENS.afatinib : rng.bernoulli(0.5) ? REGIMENS.gefitinib : REGIMENS.erlotinib;
            return { regimen, maintenance: null, effects: ['nsclc-egfr-targeted-vs-chemotherapy'] };
          }
          break;
        case 'BRAF-V600E':
          if (year >= 2018 && waits) return { regimen: REGIMENS.dabrafenibTrametinib, maintenance: null, effects: ['nsclc-braf-targeted-vs-chemotherapy'] };
          break;
        case null:
        case 'KRAS-G12C':
        case 'KRAS-other':
        case 'MET-ex14':
        case 'RET':
        case 'NTRK':
        case 'none':
          break;
      }
      const oncogeneAddicted = c.knownDriver === 'EGFR' || c.knownDriver === 'ALK' || c.knownDriver === 'ROS1';
      if (!oncogeneAddicted && c.ecog <= 2) {
        if (c.knownPdl1 !== null && c.knownPdl1 >= 50 && io(2017) && !(year >= 2019 && rng.bernoulli(0.3))) {
          return { regimen: REGIMENS.pembrolizumab, maintenance: null, effects: ['nsclc-pdl1-high-pembrolizumab-vs-chemotherapy'] };
        }
        if (c.ecog <= 1 && io(2019)) {
          const regimen = c.squamous ? REGIMENS.carboPaclitaxelPembrolizumab : REGIMENS.platinumPemetrexedPembrolizumab(carbo(c));
          return { regimen, maintenance: null, effects: ['nsclc-chemo-immunotherapy-vs-chemotherapy'] };
        }
      }
      return { regimen: nsclcChemo(c), maintenance: null, effects: none };
    }
    case 'sclc':
      if (c.ecog <= 1 && io(2020)) return { regimen: REGIMENS.carboEtoposideAtezolizumab, maintenance: null, effects: ['sclc-chemo-immunotherapy-vs-chemotherapy'] };
      return { regimen: REGIMENS.platinumEtoposide(carbo(c)), maintenance: null, effects: none };
    case 'breast-her2':
      if (year >= 2013 && rng.bernoulli(0.9)) return { regimen: REGIMENS.docetaxelTrastuzumabPertuzumab, maintenance: null, effects: ['breast-her2-trastuzumab-pertuzumab-vs-trastuzumab'] };
      return { regimen: REGIMENS.docetaxelTrastuzumab, maintenance: null, effects: none };
    case 'breast-hr':
      if (year >= 2017 && rng.bernoulli(0.85)) {
        const k = rng.categorical([0.5, 0.35, 0.15]);
        return { regimen: k === 0 ? REGIMENS.letrozolePalbociclib : k === 1 ? REGIMENS.letrozoleRibociclib : REGIMENS.fulvestrantAbemaciclib, maintenance: null, effects: ['breast-hr-cdk46-endocrine-vs-endocrine'] };
      }
      return { regimen: rng.bernoulli(0.8) ? REGIMENS.letrozoleMetastatic : REGIMENS.fulvestrant, maintenance: null, effects: none };
    case 'breast-tnbc':
      return { regimen: year >= 2008 && rng.bernoulli(0.4) ? REGIMENS.paclitaxelBevacizumab : REGIMENS.paclitaxelWeekly, maintenance: null, effects: none };
    case 'ovary': {
      const bev = year >= 2012 && rng.bernoulli(0.4);
      const regimen = bev ? REGIMENS.carboPaclitaxelBevacizumab : REGIMENS.carboPaclitaxel6;
      const effects: TreatmentEffect[] = bev ? ['ovary-bevacizumab-vs-none'] : [];
      if (c.brcaKnown && c.profile.brca !== null && year >= 2019 && rng.bernoulli(0.9)) {
        return { regimen, maintenance: REGIMENS.olaparibMaintenance, effects: [...effects, 'ovary-brca-parp-maintenance-vs-none'] };
      }
      if (c.profile.brca === null && c.subtypeKey === 'hgsc' && year >= 2021 && rng.bernoulli(0.5)) {
        return { regimen, maintenance: REGIMENS.niraparibMaintenance, effects: [...effects, 'ovary-nonbrca-parp-maintenance-vs-none'] };
      }
      return { regimen, maintenance: null, effects };
    }
    case 'colorectal': {
      if (year >= 2006 && rng.bernoulli(0.7)) {
        return { regimen: c.profile.rasMutated === false && rng.bernoulli(0.5) ? REGIMENS.folfiriCetuximab : REGIMENS.folfoxBevacizumab, maintenance: null, effects: ['colorectal-biologic-vs-chemotherapy'] };
      }
      return { regimen: REGIMENS.folfox, maintenance: null, effects: none };
    }
    case 'prostate':
      if (year >= 2018 && rng.bernoulli(0.75)) return { regimen: rng.bernoulli(0.6) ? REGIMENS.leuprorelinAbiraterone : REGIMENS.leuprorelinEnzalutamide, maintenance: null, effects: ['prostate-abiraterone-enzalutamide-vs-adt'] };
      return { regimen: REGIMENS.leuprorelin, maintenance: null, effects: none };
    case 'melanoma':
      if (c.profile.brafV600 === true && year >= 2014 && rng.bernoulli(0.5)) return { regimen: REGIMENS.dabrafenibTrametinib, maintenance: null, effects: ['melanoma-braf-targeted-vs-chemotherapy'] };
      if (io(2015)) return { regimen: year >= 2017 && c.ecog === 0 && rng.bernoulli(0.5) ? REGIMENS.ipilimumabNivolumab : REGIMENS.pembrolizumabMelanoma, maintenance: null, effects: ['melanoma-immunotherapy-vs-chemotherapy'] };
      return { regimen: REGIMENS.other, maintenance: null, effects: none };
    case 'head-and-neck':
      if (io(2020)) return { regimen: REGIMENS.pembrolizumab, maintenance: null, effects: ['head-and-neck-pembrolizumab-vs-extreme'] };
      return { regimen: REGIMENS.cisplatinFluorouracilCetuximab, maintenance: null, effects: none };
    case 'sarcoma':
      return { regimen: REGIMENS.doxorubicin, maintenance: null, effects: none };
    case 'haematological':
      return { regimen: c.subtypeKey === 'dlbcl' || c.subtypeKey === 'hodgkin' ? REGIMENS.rChop : REGIMENS.other, maintenance: null, effects: none };
    case 'paediatric':
      return { regimen: REGIMENS.cyclophosphamideDoxorubicinEtoposide, maintenance: null, effects: none };
    case 'uveal-melanoma':
    case 'other-gynaecological':
      return { regimen: setting === 'other-gynaecological' ? REGIMENS.carboPaclitaxel6 : REGIMENS.other, maintenance: null, effects: none };
  }
}

/** Second and later lines (they do not enter the OS model: only the first line does). */
export function chooseLaterLine(setting: Setting, line: number, previous: readonly Regimen[], c: ChoiceContext): Regimen | null {
  const { rng, year } = c;
  const used = (id: string): boolean => previous.some((r) => r.id === id);
  const last = previous[previous.length - 1];
  switch (setting) {
    case 'nsclc':
      if ((c.knownDriver === 'ROS1' || c.knownDriver === 'ALK') && last?.regimenClass === 'targeted' && year >= 2019 && !used('lorlatinib')) return REGIMENS.lorlatinib;
      if (c.knownDriver === 'EGFR' && last?.regimenClass === 'targeted' && year >= 2016 && !used('osimertinib') && rng.bernoulli(0.5)) return REGIMENS.osimertinib;
      if (last?.regimenClass === 'targeted' || last?.regimenClass === 'immunotherapy') return nsclcChemo(c);
      if (year >= 2016 && !previous.some((r) => r.regimenClass === 'immunotherapy' || r.regimenClass === 'chemo-immunotherapy')) return REGIMENS.nivolumab;
      return used('docetaxel') ? (line <= 4 ? REGIMENS.platinumGemcitabine(true) : null) : REGIMENS.docetaxel;
    case 'breast-her2':
      if (year >= 2021 && !used('t-dxd')) return REGIMENS.trastuzumabDeruxtecan;
      if (year >= 2014 && !used('t-dm1')) return REGIMENS.trastuzumabEmtansine;
      return REGIMENS.capecitabine;
    case 'breast-hr':
      return used('fulvestrant') || used('fulvestrant-abemaciclib') ? (used('capecitabine') ? REGIMENS.paclitaxelWeekly : REGIMENS.capecitabine) : REGIMENS.fulvestrant;
    case 'breast-tnbc':
      return used('capecitabine') ? REGIMENS.carboGemcitabine : REGIMENS.capecitabine;
    case 'ovary':
      return used('carbo-gemcitabine') ? REGIMENS.paclitaxelWeekly : REGIMENS.carboGemcitabine;
    case 'colorectal':
      return used('folfiri-cetuximab') ? null : REGIMENS.folfiriCetuximab;
    case 'prostate':
      return used('docetaxel') ? null : REGIMENS.docetaxelProstate;
    case 'sclc':
    case 'head-and-neck':
    case 'other-gynaecological':
      return used('paclitaxel-weekly') ? null : REGIMENS.paclitaxelWeekly;
    case 'melanoma':
    case 'uveal-melanoma':
    case 'sarcoma':
    case 'haematological':
    case 'paediatric':
      return null;
  }
}
