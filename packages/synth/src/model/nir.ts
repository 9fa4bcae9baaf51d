/**
 * The French NIR (numéro d'inscription au répertoire, "numéro de sécurité sociale"): 13 characters + a 2-digit key.
 *
 *   sex (1: male, 2: female) · birth year (2) · birth month (2) · birth place (5: department + commune, or '99' +
 *   INSEE country code for births abroad; overseas departments use 3 digits + a 2-digit commune) · order (3) · key
 *
 * The key is 97 − (n mod 97) where n is the 13-character number read in base 10; for Corsica, where the department
 * is '2A' or '2B' (births from 1976), INSEE's rule replaces 2A by 19 and 2B by 18 before computing the key.
 * Source: INSEE, "Le numéro d'inscription au répertoire (NIR)"; décret n° 82-103.
 */

/** The 13-character NIR body as a number for the key: 2A → 19, 2B → 18 (the official Corsica rule). */
function nirBodyNumber(body13: string): number {
  const corsica = body13.slice(5, 7).toUpperCase();
  const digits = corsica === '2A' ? `${body13.slice(0, 5)}19${body13.slice(7)}` : corsica === '2B' ? `${body13.slice(0, 5)}18${body13.slice(7)}` : body13;
  // 13 digits < 2^53: exact in a double.
  return Number(digits);
}

/**
 * The 2-digit key of a 13-character NIR body.
 * @example nirKey('1850578006084') // '91'
 */
export function nirKey(body13: string): string {
  const key = 97 - (nirBodyNumber(body13) % 97);
  return key < 10 ? `0${key}` : String(key);
}

/**
 * Whether a string is a well-formed NIR with a correct key (spaces allowed, as people write it).
 * @example isValidNir('1 85 05 78 006 084 91') // true
 */
export function isValidNir(nir: string): boolean {
  const compact = nir.replace(/\s+/g, '');
  if (!/^[12]\d{4}(\d{2}|2[AB])\d{6}\d{2}$/i.test(compact)) return false;
  const month = Number(compact.slice(3, 5));
  // Months 1–12; 20 and above are used for unknown or administrative months (INSEE), 13–19 never.
  if (month === 0 || (month > 12 && month < 20)) return false;
  return nirKey(compact.slice(0, 13)) === compact.slice(13);
}

export interface NirParts {
  readonly sex: 'F' | 'M';
  /** ISO birth date; only year and month are encoded. */
  readonly birthDate: string;
  /** 5 characters: department (2, incl. '2A'/'2B') + commune (3), overseas department (3) + commune (2), or '99' + country (3). */
  readonly birthPlace: string;
  /** Birth order in the commune and month, 1–999. */
  readonly order: number;
}

/**
 * Build a NIR (15 characters, no spaces) that is valid by construction.
 * @example buildNir({ sex: 'M', birthDate: '1985-05-12', birthPlace: '78006', order: 84 }) // '185057800608491'
 */
export function buildNir(parts: NirParts): string {
  const body = `${parts.sex === 'M' ? '1' : '2'}${parts.birthDate.slice(2, 4)}${parts.birthDate.slice(5, 7)}${parts.birthPlace}${String(parts.order).padStart(3, '0')}`;
  if (body.length !== 13) throw new RangeError('NIR body must have 13 characters');
  return body + nirKey(body);
}
