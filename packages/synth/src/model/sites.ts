import { type CancerType, type SiteProfile } from './synthetic-patient.js';
import { DEPARTMENTS, type Department } from './data/departments.js';

/**
 * A hospital of the synthetic network: its public profile plus the habits that make pooled and per-site results
 * differ (size, case mix, coding, testing and treatment preferences). Site 1 is the comprehensive cancer centre.
 */
export interface SiteModel extends SiteProfile {
  /** 1-based site number, also used in identifiers (UIDs, IPP prefixes). */
  readonly siteNumber: number;
  /** Share of the network's patients (sums to 1 over sites). */
  readonly share: number;
  /** Multipliers on the reference cancer-type shares (renormalised). */
  readonly caseMix: Readonly<Partial<Record<CancerType, number>>>;
  /** Probability of coding the unspecified ICD-10 subcategory ('C34.9') instead of the specific one ('C34.1'). */
  readonly unspecifiedIcd10Share: number;
  /** Multiplier on molecular testing rates (capped at the model's maximum). */
  readonly testingFactor: number;
  /** Probability that an eligible patient receives an available immunotherapy. */
  readonly immunotherapyUptake: number;
  /** Probability of carboplatin rather than cisplatin in a platinum doublet. */
  readonly carboplatinShare: number;
  /** Yearly probability of loss to follow-up (patients moving away, followed elsewhere). */
  readonly lossToFollowUpPerYear: number;
  /** Departments patients come from, with weights (the site's own department first). */
  readonly catchment: readonly (readonly [department: Department, weight: number])[];
  /** IPP format: digits, or a letter prefix followed by digits. */
  readonly ippFormat: { readonly prefix: string; readonly digits: number };
}

interface SiteSeed {
  readonly city: string;
  readonly name: string;
  readonly department: string;
  readonly neighbours: readonly string[];
}

// Invented hospital names in real cities; the catchments are neighbouring departments.
const SITE_SEEDS: readonly SiteSeed[] = [
  { city: 'Lyon', name: 'Centre de lutte contre le cancer Rhône-Alpes', department: '69', neighbours: ['01', '42', '38', '71', '26'] },
  { city: 'Bordeaux', name: 'Centre hospitalier universitaire de Bordeaux-Garonne', department: '33', neighbours: ['24', '40', '47', '17'] },
  { city: 'Lille', name: 'Hôpital des Flandres', department: '59', neighbours: ['62', '80', '02'] },
  { city: 'Nantes', name: 'Institut de cancérologie de l\'Estuaire', department: '44', neighbours: ['49', '85', '35', '56'] },
  { city: 'Marseille', name: 'Hôpital privé de la Corniche', department: '13', neighbours: ['83', '84', '2A', '2B'] },
  { city: 'Toulouse', name: 'Clinique oncologique du Capitole', department: '31', neighbours: ['81', '82', '32', '65'] },
  { city: 'Strasbourg', name: 'Centre hospitalier du Rhin', department: '67', neighbours: ['68', '57', '54'] },
  { city: 'Paris', name: 'Hôpital Saint-Marcel', department: '75', neighbours: ['92', '93', '94', '78', '91', '77', '95'] },
  { city: 'Montpellier', name: 'Centre hospitalier du Languedoc', department: '34', neighbours: ['30', '11', '66'] },
  { city: 'Nice', name: 'Centre hospitalier de la Baie des Anges', department: '06', neighbours: ['83', '2A', '2B'] },
  { city: 'Rennes', name: 'Hôpital de Haute-Bretagne', department: '35', neighbours: ['22', '29', '56'] },
  { city: 'Dijon', name: 'Centre hospitalier de Bourgogne', department: '21', neighbours: ['71', '25'] },
];

// Each site after the first leans towards one speciality, so that case mixes differ (cycled over the seeds).
const CASE_MIX_LEANINGS: readonly Readonly<Partial<Record<CancerType, number>>>[] = [
  {},
  { lung: 1.8, 'head-and-neck': 1.4, paediatric: 0.2, 'uveal-melanoma': 0.2 },
  { haematological: 2.2, paediatric: 0.3, 'uveal-melanoma': 0.2 },
  { ovary: 1.6, 'other-gynaecological': 1.8, breast: 1.1, paediatric: 0.1 },
  { colorectal: 2, prostate: 1.8, paediatric: 0, sarcoma: 0.3, 'uveal-melanoma': 0 },
  { melanoma: 1.8, sarcoma: 1.5, paediatric: 0.5 },
];

function department(code: string): Department {
  const d = DEPARTMENTS.find((x) => x.code === code);
  if (d === undefined) throw new RangeError(`unknown department ${code}`);
  return d;
}

/**
 * The K sites of a synthetic network, deterministic in K: Zipf-like sizes (share ∝ 1/k^0.8), differing case mixes,
 * ICD-10 coding habits and treatment preferences. Site 1 (the comprehensive cancer centre) codes most precisely,
 * tests most and takes up immunotherapy fastest.
 * @example createSites(3).map((s) => s.siteId) // ['site-01', 'site-02', 'site-03']
 */
export function createSites(count: number): SiteModel[] {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('sites must be a positive integer');
  const raw = Array.from({ length: count }, (_, i) => 1 / Math.pow(i + 1, 0.8));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((w, i) => {
    const seed = SITE_SEEDS[i % SITE_SEEDS.length] ?? SITE_SEEDS[0]!;
    const round = Math.floor(i / SITE_SEEDS.length);
    const own = department(seed.department);
    const siteNumber = i + 1;
    const first = i === 0;
    return {
      siteId: `site-${String(siteNumber).padStart(2, '0')}`,
      name: round === 0 ? seed.name : `${seed.name} ${round + 1}`,
      finess: `${own.code.slice(0, 2)}${String(1_000_000 + siteNumber * 7_919).slice(-7)}`,
      city: seed.city,
      postcodePrefix: own.code === '2A' || own.code === '2B' ? '20' : own.code.slice(0, 2),
      siteNumber,
      share: w / total,
      caseMix: CASE_MIX_LEANINGS[i % CASE_MIX_LEANINGS.length] ?? {},
      unspecifiedIcd10Share: first ? 0.08 : 0.2 + 0.1 * (i % 4),
      testingFactor: first ? 1 : 0.8 + 0.05 * (i % 3),
      immunotherapyUptake: first ? 0.95 : 0.7 + 0.07 * (i % 4),
      carboplatinShare: first ? 0.55 : 0.6 + 0.1 * (i % 4),
      lossToFollowUpPerYear: first ? 0.02 : 0.03 + 0.01 * (i % 3),
      catchment: [[own, 6], ...seed.neighbours.map((c) => [department(c), 1] as const)],
      ippFormat: i % 3 === 0 ? { prefix: '', digits: 8 } : i % 3 === 1 ? { prefix: 'P', digits: 9 } : { prefix: '', digits: 10 },
    } satisfies SiteModel;
  });
}
