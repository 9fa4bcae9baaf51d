import { type PatientTruth } from '../synthetic-patient.js';

export type RegimenClass = PatientTruth['lines'][number]['regimenClass'];

/** One drug of a regimen at its label dose (ATC 2024 codes; repotrectinib has none yet and carries its group L01EX). */
export interface DrugSpec {
  readonly drug: string;
  readonly atc: string;
  readonly dose: number;
  readonly unit: 'mg' | 'mg/m2' | 'mg/kg' | 'AUC';
  readonly route: 'intravenous' | 'oral' | 'subcutaneous' | 'intramuscular';
  /** Days between administrations when different from the regimen's cycle (weekly paclitaxel...). */
  readonly everyDays?: number;
}

/**
 * A systemic regimen: induction cycles, then optionally maintenance drugs until progression. Oral drugs are
 * dispensed once per cycle (the cycle length is the days' supply).
 */
export interface Regimen {
  readonly id: string;
  /** What truth.lines records, e.g. 'carboplatin + pemetrexed + pembrolizumab'. */
  readonly name: string;
  readonly regimenClass: RegimenClass;
  readonly drugs: readonly DrugSpec[];
  readonly cycleDays: number;
  /** Induction cycles; null: until progression (or `maxDays`). */
  readonly cycles: number | null;
  /** Maintenance continued after induction, until progression (or its own limit). */
  readonly maintenance?: { readonly drugs: readonly DrugSpec[]; readonly cycleDays: number; readonly maxCycles: number | null };
  /** Fixed total duration in days (adjuvant endocrine therapy, durvalumab consolidation...). */
  readonly maxDays?: number;
}

const d = (drug: string, atc: string, dose: number, unit: DrugSpec['unit'], route: DrugSpec['route'], everyDays?: number): DrugSpec => ({
  drug,
  atc,
  dose,
  unit,
  route,
  ...(everyDays === undefined ? {} : { everyDays }),
});

/** Label doses (EMA SmPC) of the drugs the model uses. */
export const DRUGS = {
  cisplatin: d('cisplatin', 'L01XA01', 75, 'mg/m2', 'intravenous'),
  carboplatin: d('carboplatin', 'L01XA02', 5, 'AUC', 'intravenous'),
  carboplatinWeekly: d('carboplatin', 'L01XA02', 2, 'AUC', 'intravenous', 7),
  oxaliplatin: d('oxaliplatin', 'L01XA03', 85, 'mg/m2', 'intravenous'),
  pemetrexed: d('pemetrexed', 'L01BA04', 500, 'mg/m2', 'intravenous'),
  gemcitabine: d('gemcitabine', 'L01BC05', 1250, 'mg/m2', 'intravenous'),
  vinorelbine: d('vinorelbine', 'L01CA04', 30, 'mg/m2', 'intravenous'),
  paclitaxel: d('paclitaxel', 'L01CD01', 175, 'mg/m2', 'intravenous'),
  paclitaxelWeekly: d('paclitaxel', 'L01CD01', 80, 'mg/m2', 'intravenous', 7),
  docetaxel: d('docetaxel', 'L01CD02', 75, 'mg/m2', 'intravenous'),
  etoposide: d('etoposide', 'L01CB01', 100, 'mg/m2', 'intravenous'),
  fluorouracil: d('fluorouracil', 'L01BC02', 2400, 'mg/m2', 'intravenous'),
  capecitabine: d('capecitabine', 'L01BC06', 1250, 'mg/m2', 'oral'),
  irinotecan: d('irinotecan', 'L01CE02', 180, 'mg/m2', 'intravenous'),
  doxorubicin: d('doxorubicin', 'L01DB01', 75, 'mg/m2', 'intravenous'),
  doxorubicinChop: d('doxorubicin', 'L01DB01', 50, 'mg/m2', 'intravenous'),
  epirubicin: d('epirubicin', 'L01DB03', 90, 'mg/m2', 'intravenous'),
  cyclophosphamide: d('cyclophosphamide', 'L01AA01', 600, 'mg/m2', 'intravenous'),
  cyclophosphamideChop: d('cyclophosphamide', 'L01AA01', 750, 'mg/m2', 'intravenous'),
  gefitinib: d('gefitinib', 'L01EB01', 250, 'mg', 'oral'),
  erlotinib: d('erlotinib', 'L01EB02', 150, 'mg', 'oral'),
  afatinib: d('afatinib', 'L01EB03', 40, 'mg', 'oral'),
  osimertinib: d('osimertinib', 'L01EB04', 80, 'mg', 'oral'),
  crizotinib: d('crizotinib', 'L01ED01', 500, 'mg', 'oral'),
  alectinib: d('alectinib', 'L01ED03', 1200, 'mg', 'oral'),
  brigatinib: d('brigatinib', 'L01ED04', 180, 'mg', 'oral'),
  lorlatinib: d('lorlatinib', 'L01ED05', 100, 'mg', 'oral'),
  entrectinib: d('entrectinib', 'L01EX14', 600, 'mg', 'oral'),
  repotrectinib: d('repotrectinib', 'L01EX', 160, 'mg', 'oral'),
  dabrafenib: d('dabrafenib', 'L01EC02', 300, 'mg', 'oral'),
  trametinib: d('trametinib', 'L01EE01', 2, 'mg', 'oral'),
  pembrolizumab: d('pembrolizumab', 'L01FF02', 200, 'mg', 'intravenous'),
  nivolumab: d('nivolumab', 'L01FF01', 240, 'mg', 'intravenous', 14),
  ipilimumab: d('ipilimumab', 'L01FX04', 3, 'mg/kg', 'intravenous'),
  durvalumab: d('durvalumab', 'L01FF03', 10, 'mg/kg', 'intravenous', 14),
  atezolizumab: d('atezolizumab', 'L01FF05', 1200, 'mg', 'intravenous'),
  bevacizumab: d('bevacizumab', 'L01FG01', 7.5, 'mg/kg', 'intravenous'),
  bevacizumabColorectal: d('bevacizumab', 'L01FG01', 5, 'mg/kg', 'intravenous', 14),
  cetuximab: d('cetuximab', 'L01FE01', 500, 'mg/m2', 'intravenous', 14),
  trastuzumab: d('trastuzumab', 'L01FD01', 6, 'mg/kg', 'intravenous'),
  pertuzumab: d('pertuzumab', 'L01FD02', 420, 'mg', 'intravenous'),
  trastuzumabEmtansine: d('trastuzumab emtansine', 'L01FD03', 3.6, 'mg/kg', 'intravenous'),
  trastuzumabDeruxtecan: d('trastuzumab deruxtecan', 'L01FD04', 5.4, 'mg/kg', 'intravenous'),
  rituximab: d('rituximab', 'L01FA01', 375, 'mg/m2', 'intravenous'),
  olaparib: d('olaparib', 'L01XK01', 600, 'mg', 'oral'),
  niraparib: d('niraparib', 'L01XK02', 200, 'mg', 'oral'),
  tamoxifen: d('tamoxifen', 'L02BA01', 20, 'mg', 'oral'),
  letrozole: d('letrozole', 'L02BG04', 2.5, 'mg', 'oral'),
  anastrozole: d('anastrozole', 'L02BG03', 1, 'mg', 'oral'),
  fulvestrant: d('fulvestrant', 'L02BA03', 500, 'mg', 'intramuscular'),
  palbociclib: d('palbociclib', 'L01EF01', 125, 'mg', 'oral'),
  ribociclib: d('ribociclib', 'L01EF02', 600, 'mg', 'oral'),
  abemaciclib: d('abemaciclib', 'L01EF03', 300, 'mg', 'oral'),
  leuprorelin: d('leuprorelin', 'L02AE02', 22.5, 'mg', 'subcutaneous'),
  abiraterone: d('abiraterone', 'L02BX03', 1000, 'mg', 'oral'),
  enzalutamide: d('enzalutamide', 'L02BB04', 160, 'mg', 'oral'),
  imatinib: d('imatinib', 'L01EA01', 400, 'mg', 'oral'),
} as const satisfies Record<string, DrugSpec>;

const D = DRUGS;

const r = (id: string, regimenClass: RegimenClass, drugs: readonly DrugSpec[], cycleDays: number, cycles: number | null, extra: Partial<Pick<Regimen, 'maintenance' | 'maxDays'>> = {}): Regimen => ({
  id,
  name: [...new Set([...drugs, ...(extra.maintenance?.drugs ?? [])].map((x) => x.drug))].join(' + '),
  regimenClass,
  drugs,
  cycleDays,
  cycles,
  ...extra,
});

const platinum = (carbo: boolean): DrugSpec => (carbo ? D.carboplatin : D.cisplatin);

/** The regimens the treatment model chooses from, by id; platinum doublets come in a carboplatin and a cisplatin form. */
export const REGIMENS = {
  // NSCLC
  platinumPemetrexed: (carbo: boolean, maintenance: boolean) =>
    r(`${carbo ? 'carbo' : 'cis'}-pemetrexed`, 'chemotherapy', [platinum(carbo), D.pemetrexed], 21, 4, maintenance ? { maintenance: { drugs: [D.pemetrexed], cycleDays: 21, maxCycles: null } } : {}),
  platinumGemcitabine: (carbo: boolean) => r(`${carbo ? 'carbo' : 'cis'}-gemcitabine`, 'chemotherapy', [platinum(carbo), D.gemcitabine], 21, 4),
  platinumVinorelbine: (carbo: boolean) => r(`${carbo ? 'carbo' : 'cis'}-vinorelbine`, 'chemotherapy', [platinum(carbo), D.vinorelbine], 21, 4),
  carboPaclitaxel: r('carbo-paclitaxel', 'chemotherapy', [D.carboplatin, D.paclitaxel], 21, 4),
  platinumPemetrexedPembrolizumab: (carbo: boolean) =>
    r(`${carbo ? 'carbo' : 'cis'}-pemetrexed-pembrolizumab`, 'chemo-immunotherapy', [platinum(carbo), D.pemetrexed, D.pembrolizumab], 21, 4, {
      maintenance: { drugs: [D.pemetrexed, D.pembrolizumab], cycleDays: 21, maxCycles: 31 },
    }),
  carboPaclitaxelPembrolizumab: r('carbo-paclitaxel-pembrolizumab', 'chemo-immunotherapy', [D.carboplatin, D.paclitaxel, D.pembrolizumab], 21, 4, {
    maintenance: { drugs: [D.pembrolizumab], cycleDays: 21, maxCycles: 31 },
  }),
  pembrolizumab: r('pembrolizumab', 'immunotherapy', [D.pembrolizumab], 21, 35),
  nivolumab: r('nivolumab', 'immunotherapy', [D.nivolumab], 14, null, { maxDays: 730 }),
  docetaxel: r('docetaxel', 'chemotherapy', [D.docetaxel], 21, 6),
  gefitinib: r('gefitinib', 'targeted', [D.gefitinib], 28, null),
  erlotinib: r('erlotinib', 'targeted', [D.erlotinib], 28, null),
  afatinib: r('afatinib', 'targeted', [D.afatinib], 28, null),
  osimertinib: r('osimertinib', 'targeted', [D.osimertinib], 28, null),
  crizotinib: r('crizotinib', 'targeted', [D.crizotinib], 28, null),
  alectinib: r('alectinib', 'targeted', [D.alectinib], 28, null),
  brigatinib: r('brigatinib', 'targeted', [D.brigatinib], 28, null),
  lorlatinib: r('lorlatinib', 'targeted', [D.lorlatinib], 28, null),
  entrectinib: r('entrectinib', 'targeted', [D.entrectinib], 28, null),
  repotrectinib: r('repotrectinib', 'targeted', [D.repotrectinib], 28, null),
  dabrafenibTrametinib: r('dabrafenib-trametinib', 'targeted', [D.dabrafenib, D.trametinib], 28, null),
  durvalumabConsolidation: r('durvalumab', 'immunotherapy', [D.durvalumab], 14, 26),
  chemoradiotherapyCisVinorelbine: r('cis-vinorelbine-rt', 'chemotherapy', [D.cisplatin, D.vinorelbine], 21, 3),
  chemoradiotherapyCarboPaclitaxel: r('carbo-paclitaxel-weekly-rt', 'chemotherapy', [D.carboplatinWeekly, D.paclitaxelWeekly], 7, 6),
  adjuvantCisVinorelbine: r('cis-vinorelbine', 'chemotherapy', [D.cisplatin, D.vinorelbine], 21, 4),
  // SCLC
  platinumEtoposide: (carbo: boolean) => r(`${carbo ? 'carbo' : 'cis'}-etoposide`, 'chemotherapy', [platinum(carbo), D.etoposide], 21, 4),
  carboEtoposideAtezolizumab: r('carbo-etoposide-atezolizumab', 'chemo-immunotherapy', [D.carboplatin, D.etoposide, D.atezolizumab], 21, 4, {
    maintenance: { drugs: [D.atezolizumab], cycleDays: 21, maxCycles: null },
  }),
  // Breast
  ecDocetaxel: r('ec-docetaxel', 'chemotherapy', [D.epirubicin, D.cyclophosphamide], 21, 3, { maintenance: { drugs: [D.docetaxel], cycleDays: 21, maxCycles: 3 } }),
  adjuvantTrastuzumab: r('trastuzumab', 'anti-her2', [D.trastuzumab], 21, 18),
  tamoxifen: r('tamoxifen', 'endocrine', [D.tamoxifen], 90, null, { maxDays: 1826 }),
  letrozole: r('letrozole', 'endocrine', [D.letrozole], 90, null, { maxDays: 1826 }),
  anastrozole: r('anastrozole', 'endocrine', [D.anastrozole], 90, null, { maxDays: 1826 }),
  letrozoleMetastatic: r('letrozole', 'endocrine', [D.letrozole], 28, null),
  fulvestrant: r('fulvestrant', 'endocrine', [D.fulvestrant], 28, null),
  letrozolePalbociclib: r('letrozole-palbociclib', 'targeted', [D.letrozole, D.palbociclib], 28, null),
  letrozoleRibociclib: r('letrozole-ribociclib', 'targeted', [D.letrozole, D.ribociclib], 28, null),
  fulvestrantAbemaciclib: r('fulvestrant-abemaciclib', 'targeted', [D.fulvestrant, D.abemaciclib], 28, null),
  docetaxelTrastuzumab: r('docetaxel-trastuzumab', 'anti-her2', [D.docetaxel, D.trastuzumab], 21, 6, { maintenance: { drugs: [D.trastuzumab], cycleDays: 21, maxCycles: null } }),
  docetaxelTrastuzumabPertuzumab: r('docetaxel-trastuzumab-pertuzumab', 'anti-her2', [D.docetaxel, D.trastuzumab, D.pertuzumab], 21, 6, {
    maintenance: { drugs: [D.trastuzumab, D.pertuzumab], cycleDays: 21, maxCycles: null },
  }),
  trastuzumabEmtansine: r('t-dm1', 'anti-her2', [D.trastuzumabEmtansine], 21, null),
  trastuzumabDeruxtecan: r('t-dxd', 'anti-her2', [D.trastuzumabDeruxtecan], 21, null),
  paclitaxelBevacizumab: r('paclitaxel-bevacizumab', 'chemotherapy', [D.paclitaxelWeekly, D.bevacizumab], 21, 6),
  capecitabine: r('capecitabine', 'chemotherapy', [D.capecitabine], 21, null),
  paclitaxelWeekly: r('paclitaxel-weekly', 'chemotherapy', [D.paclitaxelWeekly], 21, 6),
  // Ovary
  carboPaclitaxel6: r('carbo-paclitaxel', 'chemotherapy', [D.carboplatin, D.paclitaxel], 21, 6),
  carboPaclitaxelBevacizumab: r('carbo-paclitaxel-bevacizumab', 'chemotherapy', [D.carboplatin, D.paclitaxel, D.bevacizumab], 21, 6, {
    maintenance: { drugs: [D.bevacizumab], cycleDays: 21, maxCycles: 16 },
  }),
  olaparibMaintenance: r('olaparib', 'parp-inhibitor', [D.olaparib], 28, null, { maxDays: 730 }),
  niraparibMaintenance: r('niraparib', 'parp-inhibitor', [D.niraparib], 28, null, { maxDays: 1095 }),
  carboGemcitabine: r('carbo-gemcitabine', 'chemotherapy', [D.carboplatin, D.gemcitabine], 21, 6),
  // Colorectal, prostate, melanoma, sarcoma, head and neck, haematology, paediatrics
  folfox: r('folfox', 'chemotherapy', [D.oxaliplatin, D.fluorouracil], 14, 12),
  folfoxBevacizumab: r('folfox-bevacizumab', 'chemotherapy', [D.oxaliplatin, D.fluorouracil, D.bevacizumabColorectal], 14, 12),
  folfiriCetuximab: r('folfiri-cetuximab', 'chemotherapy', [D.irinotecan, D.fluorouracil, D.cetuximab], 14, 12),
  adjuvantFolfox: r('folfox', 'chemotherapy', [D.oxaliplatin, D.fluorouracil], 14, 12),
  leuprorelin: r('leuprorelin', 'endocrine', [D.leuprorelin], 90, null),
  leuprorelinAbiraterone: r('leuprorelin-abiraterone', 'endocrine', [D.leuprorelin, D.abiraterone], 30, null),
  leuprorelinEnzalutamide: r('leuprorelin-enzalutamide', 'endocrine', [D.leuprorelin, D.enzalutamide], 30, null),
  docetaxelProstate: r('docetaxel', 'chemotherapy', [D.docetaxel], 21, 6),
  ipilimumabNivolumab: r('ipilimumab-nivolumab', 'immunotherapy', [D.ipilimumab, D.nivolumab], 21, 4, { maintenance: { drugs: [D.nivolumab], cycleDays: 14, maxCycles: 52 } }),
  pembrolizumabMelanoma: r('pembrolizumab', 'immunotherapy', [D.pembrolizumab], 21, 35),
  cisplatinFluorouracilCetuximab: r('cisplatin-fluorouracil-cetuximab', 'chemotherapy', [D.cisplatin, D.fluorouracil, D.cetuximab], 21, 6, {
    maintenance: { drugs: [D.cetuximab], cycleDays: 14, maxCycles: null },
  }),
  cisplatinRadiotherapy: r('cisplatin-rt', 'chemotherapy', [D.cisplatin], 21, 3),
  doxorubicin: r('doxorubicin', 'chemotherapy', [D.doxorubicin], 21, 6),
  rChop: r('r-chop', 'chemo-immunotherapy', [D.rituximab, D.cyclophosphamideChop, D.doxorubicinChop], 21, 6),
  cyclophosphamideDoxorubicinEtoposide: r('cyclophosphamide-doxorubicin-etoposide', 'chemotherapy', [D.cyclophosphamide, D.doxorubicinChop, D.etoposide], 21, 6),
  imatinib: r('imatinib', 'targeted', [D.imatinib], 28, null),
  other: r('other', 'other', [], 21, 0),
} as const;
