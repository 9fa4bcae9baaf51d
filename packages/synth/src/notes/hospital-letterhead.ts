import type { SiteProfile } from '../model/synthetic-patient.js';
import { STREET_NAMES, STREET_TYPES } from '../model/data/street-names.js';
import { createStreamRng, hashKeys } from '../random/stream-rng.js';

/** What a hospital's letterhead shows (all invented, derived from the site so every note of a site agrees). */
export interface HospitalLetterhead {
  readonly name: string;
  readonly street: string;
  readonly postcode: string;
  readonly city: string;
  readonly phone: string;
  readonly website: string;
}

/** Area codes by the first digit of the département, enough for plausible switchboard numbers. */
function areaCode(postcodePrefix: string): string {
  const d = Number(postcodePrefix);
  if (d === 75 || d === 77 || d === 78 || d >= 91) return '01';
  if ([14, 22, 29, 35, 44, 49, 50, 53, 56, 61, 72, 85].includes(d)) return '02';
  if ([2, 8, 10, 21, 25, 51, 54, 57, 59, 62, 67, 68, 80].includes(d)) return '03';
  if ([6, 11, 13, 20, 26, 30, 34, 38, 42, 66, 69, 73, 74, 83, 84].includes(d)) return '04';
  return '05';
}

const cache = new Map<string, HospitalLetterhead>();

/**
 * The letterhead of a site.
 * @example hospitalLetterhead(site).website // 'www.institut-fictif-de-cancerologie.fr'
 */
export function hospitalLetterhead(site: SiteProfile): HospitalLetterhead {
  const cached = cache.get(site.siteId);
  if (cached !== undefined) return cached;
  const rng = createStreamRng([hashKeys([...site.siteId].map((c) => c.charCodeAt(0))), 0x4c455454]);
  const slug = site.name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  const letterhead: HospitalLetterhead = {
    name: site.name,
    street: `${rng.int(1, 250)} ${rng.pick(STREET_TYPES)} ${rng.pick(STREET_NAMES)}`,
    postcode: `${site.postcodePrefix.padStart(2, '0')}${rng.digits(3)}`,
    city: site.city,
    phone: `${areaCode(site.postcodePrefix)} ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)} ${rng.digits(2)}`,
    website: `www.${slug.slice(0, 40)}.fr`,
  };
  cache.set(site.siteId, letterhead);
  return letterhead;
}
