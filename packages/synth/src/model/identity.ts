import { dayNumberToIsoDate } from '@parcours/core';
import { type Rng } from '../random/rng.js';
import { BIRTH_COUNTRIES, DEPARTMENTS, type Department } from './data/departments.js';
import { FEMALE_FIRST_NAMES, MALE_FIRST_NAMES } from './data/first-names.js';
import { LAST_NAMES } from './data/last-names.js';
import { STREET_NAMES, STREET_TYPES } from './data/street-names.js';
import { buildNir } from './nir.js';
import { type SiteModel } from './sites.js';
import { type Identity, type Sex } from './synthetic-patient.js';

/** Cumulative Zipf weights (exponent 0.7) over a ranked list, for fast draws by rank. */
function zipfCumulative(n: number): Float64Array {
  const c = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += 1 / Math.pow(i + 1, 0.7);
    c[i] = acc;
  }
  return c;
}

function drawRanked<T>(rng: Rng, items: readonly T[], cumulative: Float64Array): T {
  const u = rng.uniform() * (cumulative[cumulative.length - 1] ?? 0);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 0) > u) hi = mid;
    else lo = mid + 1;
  }
  return items[lo] ?? items[0]!;
}

const FEMALE_CUM = zipfCumulative(FEMALE_FIRST_NAMES.length);
const MALE_CUM = zipfCumulative(MALE_FIRST_NAMES.length);
const LAST_CUM = zipfCumulative(LAST_NAMES.length);

const MAIL_DOMAINS: readonly string[] = ['gmail.com', 'orange.fr', 'free.fr', 'laposte.net', 'hotmail.fr', 'wanadoo.fr', 'sfr.fr', 'yahoo.fr', 'outlook.fr'];

/** 'Hélène Lefèvre-Le Goff' → 'helene.lefevre-legoff': what people type in an e-mail address. */
function mailPart(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z-]/g, '');
}

export function drawFirstName(rng: Rng, sex: Sex): string {
  return sex === 'F' ? drawRanked(rng, FEMALE_FIRST_NAMES, FEMALE_CUM) : drawRanked(rng, MALE_FIRST_NAMES, MALE_CUM);
}

export function drawLastName(rng: Rng): string {
  return drawRanked(rng, LAST_NAMES, LAST_CUM);
}

/** A department of the site's catchment, by weight. */
function drawCatchment(rng: Rng, site: SiteModel): Department {
  const i = rng.categorical(site.catchment.map((c) => c[1]));
  return site.catchment[i]?.[0] ?? site.catchment[0]![0];
}

/** Birth place for the NIR: the residence department most often, another department, or abroad ('99' + country). */
function drawBirthPlace(rng: Rng, residence: Department, birthYear: number): string {
  const u = rng.uniform();
  if (u < 0.08) return rng.pick(BIRTH_COUNTRIES)[0];
  const dept = u < 0.6 ? residence : rng.pick(DEPARTMENTS);
  if (dept.code.length === 3) return `${dept.code}${String(rng.int(1, 34)).padStart(2, '0')}`;
  // Corsica was department 20 until its 1976 split into 2A and 2B; the NIR keeps what was current at birth.
  const code = (dept.code === '2A' || dept.code === '2B') && birthYear < 1976 ? '20' : dept.code;
  return `${code}${String(rng.int(1, 450)).padStart(3, '0')}`;
}

/** '0612345678' → '06 12 34 56 78' */
function formatPhone(digits: string): string {
  return digits.replace(/(\d{2})(?=\d)/g, '$1 ');
}

/**
 * An identified person as the hospital registered them: names (married name for part of women), NIR valid by
 * construction, an address in the site's catchment, phone and e-mail.
 */
export function generateIdentity(rng: Rng, site: SiteModel, sex: Sex, birthDay: number): Identity {
  const birthDate = dayNumberToIsoDate(birthDay);
  const birthYear = Number(birthDate.slice(0, 4));
  const firstName = drawFirstName(rng, sex);
  const birthName = drawLastName(rng);
  // Most women born before 1990 use their married name in hospital records, with the birth name kept beside it.
  const married = sex === 'F' && birthYear < 1995 && rng.bernoulli(0.55);
  const lastName = married ? drawLastName(rng) : birthName;
  const residence = drawCatchment(rng, site);
  const [postcode, city] = rng.pick(residence.communes);
  const nir = buildNir({ sex, birthDate, birthPlace: drawBirthPlace(rng, residence, birthYear), order: rng.int(1, 999) });
  const streetNumber = rng.int(1, 180);
  const suffix = rng.bernoulli(0.05) ? ' bis' : '';
  const line = `${streetNumber}${suffix} ${rng.pick(STREET_TYPES)} ${rng.pick(STREET_NAMES)}`;
  const mobile = rng.bernoulli(0.75);
  const phone = formatPhone(mobile ? `0${rng.bernoulli(0.7) ? 6 : 7}${rng.digits(8)}` : `${residence.phoneZone}${rng.digits(8)}`);
  const email = `${mailPart(firstName)}.${mailPart(lastName)}${rng.bernoulli(0.5) ? String(rng.int(1, 99)) : ''}@${rng.pick(MAIL_DOMAINS)}`;
  return {
    firstName,
    lastName,
    ...(married && lastName !== birthName ? { birthName } : {}),
    sex,
    birthDate,
    nir,
    address: { line, postcode, city },
    phone,
    email,
  };
}

/**
 * The hospital patient id (IPP) of the index-th patient of a site: a bijective scramble of the index in the site's
 * format, so that ids look random but never collide.
 * @example ippFor(site1, 0) // '48271001' (8 digits for site 1)
 */
export function ippFor(site: SiteModel, index: number): string {
  const modulus = Math.pow(10, site.ippFormat.digits - 1);
  // An odd multiplier prime to 10 permutes [0, modulus): distinct indices give distinct ids.
  const scrambled = (index * 7_654_321 + 1_234_567) % modulus;
  return `${site.ippFormat.prefix}${1 + ((index / modulus) | 0) % 9}${String(scrambled).padStart(site.ippFormat.digits - 1, '0')}`;
}
