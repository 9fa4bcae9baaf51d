import { type Rng } from '../../random/rng.js';
import { type BiomarkerResult, type CancerType, type SmokingStatus } from '../synthetic-patient.js';

/** The drivers of NSCLC the model knows, mutually exclusive (as they nearly are in practice). */
export const NSCLC_DRIVERS = ['EGFR', 'ALK', 'ROS1', 'KRAS-G12C', 'KRAS-other', 'BRAF-V600E', 'MET-ex14', 'RET', 'NTRK', 'none'] as const;
export type NsclcDriver = (typeof NSCLC_DRIVERS)[number];

// Driver weights (%) in non-squamous NSCLC by smoking, chosen so that the mixture (≈15 % never-smokers) gives the
// French prevalences of README "Model: biomarkers": EGFR ≈ 11 %, ALK ≈ 4.5 %, ROS1 ≈ 2 %, KRAS G12C ≈ 12 %...
const DRIVER_WEIGHTS_NEVER = [40, 15, 7, 2, 5, 2, 4, 5, 0.8];
const DRIVER_WEIGHTS_SMOKER = [5.5, 2.5, 1.1, 14, 19, 2, 3, 1, 0.2];
const DRIVER_WEIGHTS_SQUAMOUS = [1, 0.5, 0.5, 3, 4, 0.5, 1, 0.2, 0.1];

/** Fusion partners, with their share among fusions of the gene (README "Model: biomarkers"). */
export const FUSION_PARTNERS: Readonly<Record<'ALK' | 'ROS1' | 'RET' | 'NTRK', readonly (readonly [string, number])[]>> = {
  ROS1: [['CD74', 0.4], ['EZR', 0.15], ['SDC4', 0.12], ['SLC34A2', 0.1], ['TPM3', 0.05], ['GOPC', 0.05], ['CCDC6', 0.05], ['LRIG3', 0.04], ['KDELR2', 0.04]],
  ALK: [['EML4', 0.9], ['KIF5B', 0.05], ['TFG', 0.03], ['KLC1', 0.02]],
  RET: [['KIF5B', 0.7], ['CCDC6', 0.2], ['NCOA4', 0.1]],
  NTRK: [['TPM3', 0.4], ['ETV6', 0.3], ['SQSTM1', 0.3]],
};

const EGFR_VARIANTS: readonly (readonly [string, number])[] = [['exon 19 deletion', 0.45], ['L858R', 0.4], ['exon 20 insertion', 0.08], ['G719X', 0.07]];

/** What the tumour carries (latent: tests reveal part of it, depending on era and access). */
export interface MolecularProfile {
  readonly driver: NsclcDriver | null;
  readonly driverVariant: string | null;
  readonly fusionPartner: string | null;
  /** PD-L1 tumour proportion score, %, for NSCLC. */
  readonly pdl1Tps: number | null;
  readonly er: boolean | null;
  readonly pr: boolean | null;
  readonly her2: boolean | null;
  readonly brca: 'BRCA1' | 'BRCA2' | null;
  readonly hrdScore: number | null;
  readonly brafV600: boolean | null;
  readonly rasMutated: boolean | null;
  readonly msiHigh: boolean | null;
}

function weighted(rng: Rng, pairs: readonly (readonly [string, number])[]): string {
  return pairs[rng.categorical(pairs.map((p) => p[1]))]?.[0] ?? pairs[0]![0];
}

/** Draws the latent molecular profile of a tumour. */
export function drawMolecularProfile(rng: Rng, type: CancerType, subtypeKey: string, smoking: SmokingStatus, age: number, driverEnrichment: Readonly<Partial<Record<string, number>>> = {}): MolecularProfile {
  let driver: NsclcDriver | null = null;
  let driverVariant: string | null = null;
  let fusionPartner: string | null = null;
  let pdl1Tps: number | null = null;
  let er: boolean | null = null;
  let pr: boolean | null = null;
  let her2: boolean | null = null;
  let brca: MolecularProfile['brca'] = null;
  let hrdScore: number | null = null;
  let brafV600: boolean | null = null;
  let rasMutated: boolean | null = null;
  let msiHigh: boolean | null = null;
  switch (type) {
    case 'lung': {
      if (subtypeKey === 'small-cell') break;
      const reference = subtypeKey === 'squamous' ? DRIVER_WEIGHTS_SQUAMOUS : smoking === 'never' ? DRIVER_WEIGHTS_NEVER : DRIVER_WEIGHTS_SMOKER;
      // Enrichment takes its extra cases from the tumours without a driver (never below none).
      const weights = reference.map((w, k) => w * (driverEnrichment[NSCLC_DRIVERS[k]!] ?? 1));
      const total = weights.reduce((a, b) => a + b, 0);
      const i = rng.categorical([...weights, Math.max(0, 100 - total)]);
      driver = NSCLC_DRIVERS[i] ?? 'none';
      if (driver === 'EGFR') driverVariant = weighted(rng, EGFR_VARIANTS);
      else if (driver === 'KRAS-G12C') driverVariant = 'G12C';
      else if (driver === 'KRAS-other') driverVariant = rng.pick(['G12V', 'G12D', 'G12A', 'G13C', 'Q61H']);
      else if (driver === 'BRAF-V600E') driverVariant = 'V600E';
      else if (driver === 'MET-ex14') driverVariant = 'exon 14 skipping';
      else if (driver === 'ALK' || driver === 'ROS1' || driver === 'RET' || driver === 'NTRK') fusionPartner = weighted(rng, FUSION_PARTNERS[driver]);
      // PD-L1 TPS classes <1 %, 1–49 %, ≥50 % ≈ 33/37/30 %; oncogene-addicted tumours express less.
      const cls = rng.categorical(driver === 'none' || driver.startsWith('KRAS') ? [0.3, 0.37, 0.33] : [0.5, 0.35, 0.15]);
      pdl1Tps = cls === 0 ? 0 : cls === 1 ? rng.int(1, 49) : rng.int(50, 100);
      break;
    }
    case 'breast': {
      // HR+/HER2− ≈ 70 %, HR+/HER2+ ≈ 9 %, HR−/HER2+ ≈ 6 %, triple negative ≈ 15 %.
      const k = rng.categorical([0.7, 0.09, 0.06, 0.15]);
      er = k <= 1;
      pr = er && rng.bernoulli(0.82);
      her2 = k === 1 || k === 2;
      const brcaRisk = k === 3 ? 0.14 : age < 40 ? 0.08 : 0.035;
      brca = rng.bernoulli(brcaRisk) ? (rng.bernoulli(k === 3 ? 0.75 : 0.4) ? 'BRCA1' : 'BRCA2') : null;
      break;
    }
    case 'ovary': {
      const hgsc = subtypeKey === 'hgsc';
      brca = rng.bernoulli(hgsc ? 0.2 : 0.05) ? (rng.bernoulli(0.65) ? 'BRCA1' : 'BRCA2') : null;
      hrdScore = brca !== null ? rng.int(45, 90) : hgsc && rng.bernoulli(0.35) ? rng.int(42, 80) : rng.int(5, 41);
      break;
    }
    case 'colorectal':
      rasMutated = rng.bernoulli(0.48);
      brafV600 = !rasMutated && rng.bernoulli(0.15);
      msiHigh = rng.bernoulli(brafV600 ? 0.4 : 0.04);
      break;
    case 'melanoma':
      brafV600 = rng.bernoulli(0.45);
      break;
    case 'prostate':
      brca = rng.bernoulli(0.08) ? 'BRCA2' : null;
      break;
    case 'other-gynaecological':
      msiHigh = subtypeKey === 'endometrium' && rng.bernoulli(0.25);
      break;
    case 'uveal-melanoma':
    case 'sarcoma':
    case 'head-and-neck':
    case 'haematological':
    case 'paediatric':
      break;
  }
  return { driver, driverVariant, fusionPartner, pdl1Tps, er, pr, her2, brca, hrdScore, brafV600, rasMutated, msiHigh };
}

/** Share of advanced non-squamous NSCLC with a molecular test, by year: ≈ 20 % in 2010 rising to > 90 % from 2018. */
export function nsclcTestingRate(year: number): number {
  if (year < 2008) return 0.03;
  return Math.min(0.95, Math.max(0.03, 0.2 + (year - 2010) * 0.09));
}

type ResultDraft = Omit<BiomarkerResult, 'id' | 'date' | 'specimenId'>;

const neg = (gene: string, alteration: BiomarkerResult['alteration'], method: BiomarkerResult['method']): ResultDraft => ({ gene, alteration, result: 'negative', method });

/**
 * The NSCLC molecular panel of a year: genes tested and methods follow practice (single-gene PCR/FISH/IHC until
 * 2016, NGS panels after; MET, RET and NTRK with NGS only), so that early patients' drivers may stay unknown.
 */
export function nsclcPanel(rng: Rng, profile: MolecularProfile, year: number): ResultDraft[] {
  const ngs = year >= 2016;
  const out: ResultDraft[] = [];
  if (rng.bernoulli(0.03)) return [{ gene: 'EGFR', alteration: 'mutation', result: 'failed', method: ngs ? 'NGS' : 'PCR' }];
  const d = profile.driver;
  const mut = (gene: string, on: boolean, variant: string | null): ResultDraft =>
    on ? { gene, alteration: 'mutation', result: 'positive', method: ngs ? 'NGS' : 'PCR', ...(variant === null ? {} : { variant }) } : neg(gene, 'mutation', ngs ? 'NGS' : 'PCR');
  const fusion = (gene: string, on: boolean): ResultDraft =>
    on ? { gene, alteration: 'fusion', result: 'positive', method: ngs ? 'NGS' : 'FISH', ...(profile.fusionPartner === null ? {} : { partner: profile.fusionPartner }) } : neg(gene, 'fusion', ngs ? 'NGS' : 'FISH');
  out.push(mut('EGFR', d === 'EGFR', profile.driverVariant));
  if (year >= 2010) out.push(mut('KRAS', d === 'KRAS-G12C' || d === 'KRAS-other', profile.driverVariant));
  if (year >= 2011) out.push(fusion('ALK', d === 'ALK'));
  if (year >= 2012) out.push(mut('BRAF', d === 'BRAF-V600E', 'V600E'));
  if (year >= 2013) out.push(fusion('ROS1', d === 'ROS1'));
  if (year >= 2017) {
    out.push(mut('MET', d === 'MET-ex14', 'exon 14 skipping'));
    out.push(fusion('RET', d === 'RET'));
    out.push(fusion('NTRK1', d === 'NTRK'));
  }
  if (year >= 2016 && profile.pdl1Tps !== null) {
    out.push({ gene: 'PD-L1', alteration: 'expression', value: profile.pdl1Tps, unit: '%', result: profile.pdl1Tps >= 1 ? 'positive' : 'negative', method: 'IHC' });
  }
  return out;
}

/** Whether a driver is visible on the panel of that year. */
export function driverDetectable(driver: NsclcDriver | null, year: number): boolean {
  switch (driver) {
    case null:
    case 'none':
      return false;
    case 'EGFR':
      return year >= 2008;
    case 'KRAS-G12C':
    case 'KRAS-other':
      return year >= 2010;
    case 'ALK':
      return year >= 2011;
    case 'BRAF-V600E':
      return year >= 2012;
    case 'ROS1':
      return year >= 2013;
    case 'MET-ex14':
    case 'RET':
    case 'NTRK':
      return year >= 2017;
  }
}
