import { daysFromCivil } from '@parcours/core';
import { TUMOUR_PROFILES } from './oncology/tumour-profiles.js';
import { type SiteModel, createSites } from './sites.js';
import { CANCER_TYPES, type CancerType, type SynthOptions } from './synthetic-patient.js';

/** Options with defaults applied and what every patient of a site shares, computed once. */
export interface PopulationContext {
  readonly seed: number;
  readonly firstYear: number;
  readonly lastYear: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly sites: readonly SiteModel[];
  /** Per site, cancer-type weights (reference shares × the site's leanings). */
  readonly typeWeights: readonly (readonly number[])[];
  /** Weights of diagnosis years: activity grows ≈ 3 % a year. */
  readonly yearWeights: readonly number[];
  /** Multipliers of NSCLC driver prevalences (SynthOptions.driverEnrichment). */
  readonly driverEnrichment: Readonly<Partial<Record<string, number>>>;
}

export function createPopulationContext(options: SynthOptions): PopulationContext {
  const firstYear = options.firstYear ?? 2001;
  const lastYear = options.lastYear ?? 2025;
  if (lastYear < firstYear) throw new RangeError('lastYear must not precede firstYear');
  const sites = createSites(options.sites ?? 1);
  return {
    seed: options.seed ?? 1,
    firstYear,
    lastYear,
    windowStart: daysFromCivil(firstYear, 1, 1),
    windowEnd: daysFromCivil(lastYear, 12, 31),
    sites,
    typeWeights: sites.map((s) => CANCER_TYPES.map((t: CancerType) => TUMOUR_PROFILES[t].share * (s.caseMix[t] ?? 1) * multiplier(options.caseMix?.[t], `caseMix.${t}`))),
    driverEnrichment: Object.fromEntries(Object.entries(options.driverEnrichment ?? {}).map(([d, m]) => [d, multiplier(m, `driverEnrichment.${d}`)])),
    yearWeights: Array.from({ length: lastYear - firstYear + 1 }, (_, i) => Math.pow(1.03, i)),
  };
}

function multiplier(value: number | undefined, field: string): number {
  if (value === undefined) return 1;
  if (!Number.isFinite(value) || value < 0) throw new RangeError(`${field} must be a number ≥ 0`);
  return value;
}
