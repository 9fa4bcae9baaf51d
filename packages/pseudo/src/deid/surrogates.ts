import type { Pseudonymizer } from '../pseudonymizer.js';
import { COMMUNES } from './data/communes.js';
import { FIRST_NAMES } from './data/first-names.js';
import { LAST_NAMES } from './data/last-names.js';
import type { IdentifierType } from './identifier-type.js';
import { nirKey } from './nir.js';
import { fold } from './text-fold.js';

/*
 * Consistent fake values: the same original (after normalisation) gives the same surrogate under the same key,
 * chosen with `pseudonymizer.integer('surrogate', TYPE + '|' + normalised value, n)`, and never the original.
 * Shapes are kept: a phone stays a phone with its separators and prefix, a NIR a 13+2-character number with a
 * valid key, an IPP the same letters and number of digits, a name its case and initials.
 */

/** Street names of French towns, for surrogate addresses. */
const STREET_NAMES: readonly string[] = [
  'des Acacias', 'du Stade', 'Émile Zola', 'des Peupliers', 'de Verdun', 'du Parc', 'des Jardins', 'de la Fontaine', 'du Château',
  'des Prés', 'de la Forêt', 'du Lavoir', 'des Sources', 'Anatole France', 'George Sand', 'Paul Bert', 'Marcel Pagnol',
  'du Maréchal Foch', 'des Marronniers', 'des Cerisiers', 'du Pressoir', 'de la Poste', 'de la Croix', 'des Roses', 'du Canal',
  'de la Paix', 'Lamartine', 'Alphonse Daudet', 'Jean Moulin', 'Pierre Curie', 'des Hirondelles', 'du Bourg', 'de la Vallée',
  'des Chênes', 'des Bleuets', 'du Soleil', 'de Provence', 'Condorcet', 'Molière', 'Jean de La Fontaine',
];
const WAYS = ['rue', 'avenue', 'boulevard', 'place', 'chemin', 'allée', 'impasse', 'route', 'quai', 'cours', 'square'] as const;
const EN_WAYS = /\b(Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Boulevard|Blvd\.?|Court|Ct\.?|Way|Place|Square|Terrace|Close|Crescent|Gardens|Grove|Parkway|Highway)\b/u;
const FR_WAY = /(?<![\p{L}])(rue|avenue|av\.|boulevard|bd|place|chemin|all[ée]e|impasse|route|quai|cours|square|r[ée]sidence|lieu-dit)(?![\p{L}])/iu;
const MAIL_DOMAINS = ['gmail.com', 'orange.fr', 'free.fr', 'laposte.net', 'outlook.fr', 'yahoo.fr', 'sfr.fr'] as const;
const NAME_PARTICLES = new Set(['de', 'du', 'des', 'd', 'la', 'le', 'les', 'l', 'da', 'di', 'dos', 'das', 'van', 'von', 'der', 'den', 'del', 'della', 'el', 'al', 'ben']);
const LETTERS = 'ABCDEFGHIJKLMNOPRSTVW';

/** One-word names only, so that a name keeps its number of words. */
const SIMPLE = /^\p{L}+$/u;
const SURROGATE_FIRST = [...new Set(FIRST_NAMES.filter((n) => SIMPLE.test(n)))];
const SURROGATE_LAST = [...new Set(LAST_NAMES.filter((n) => SIMPLE.test(n)))];
const FIRST_SET = new Set(SURROGATE_FIRST.map(fold));
const LAST_SET = new Set(SURROGATE_LAST.map(fold));
const SURROGATE_COMMUNES = COMMUNES.filter((c) => !c.includes("'"));

function sameCase(model: string, word: string): string {
  const letters = model.replace(/[^\p{L}]/gu, '');
  if (letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return word.toLocaleUpperCase('fr-FR');
  if (/^\p{Ll}/u.test(model)) return word.toLocaleLowerCase('fr-FR');
  return word;
}

function slug(s: string): string {
  return fold(s).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export class SurrogateWriter {
  readonly #p: Pseudonymizer;
  readonly #real: ReadonlySet<string>;

  /** `real`: folded words of the patient's record, never given as a surrogate (a surrogate must not name them). */
  constructor(pseudonymizer: Pseudonymizer, real: ReadonlySet<string> = new Set()) {
    this.#p = pseudonymizer;
    this.#real = real;
  }

  /** An element of a list for a key: never `avoid` nor a word of the record (compared folded). */
  #pick<T extends string>(key: string, list: readonly T[], avoid?: string): T {
    let i = this.#p.integer('surrogate', key, list.length);
    const avoided = avoid === undefined ? '' : fold(avoid);
    for (let k = 0; k < list.length; k++) {
      const f = fold(list[i]!);
      if (f !== avoided && !this.#real.has(f)) break;
      i = (i + 1) % list.length;
    }
    return list[i]!;
  }

  /** `count` decimal digits derived from a key. */
  #digits(key: string, count: number): string {
    let out = '';
    for (let round = 0; out.length < count; round++) {
      const d = this.#p.digest('surrogate', round === 0 ? key : `${key}#${round}`);
      for (const byte of d) if (byte < 250 && out.length < count) out += String(byte % 10);
    }
    return out;
  }

  /** Replace the characters at `positions` of `original` by `chars`, keeping everything else (separators). */
  #into(original: string, positions: readonly number[], chars: string): string {
    const a = [...original];
    positions.forEach((p, i) => {
      a[p] = chars[i] ?? a[p]!;
    });
    return a.join('');
  }

  write(type: IdentifierType, original: string): string {
    switch (type) {
      case 'PATIENT_NAME':
      case 'DOCTOR_NAME':
        return this.#name(original);
      case 'PHONE':
        return this.#phone(original);
      case 'NIR':
        return this.#nir(original);
      case 'IPP':
      case 'NDA':
        return this.#number(type, original);
      case 'EMAIL':
        return this.#email(original);
      case 'URL':
        return this.#url(original);
      case 'ADDRESS':
        return this.#address(original);
      case 'POSTCODE':
        return this.#postcode(original);
      case 'CITY':
        return this.#city(original);
      case 'HOSPITAL':
        return this.#hospital(original);
      case 'DATE':
      case 'BIRTH_DATE':
        return `[${type}]`;
    }
  }

  /** Word by word: a given name becomes a given name, a family name a family name, an initial an initial. */
  #name(original: string): string {
    return original.replace(/\p{L}[\p{L}\p{M}]*/gu, (word) => {
      const f = fold(word);
      if (word.length === 1) {
        const letter = this.#pick(`INITIAL|${f}`, [...LETTERS], word);
        return sameCase(word, letter);
      }
      if (NAME_PARTICLES.has(f) && /^\p{Ll}/u.test(word)) return word;
      const given = FIRST_SET.has(f) && !LAST_SET.has(f);
      const pick = given ? this.#pick(`FIRST_NAME|${f}`, SURROGATE_FIRST, word) : this.#pick(`LAST_NAME|${f}`, SURROGATE_LAST, word);
      return sameCase(word, pick);
    });
  }

  /** The country code, trunk prefix and first national digit stay; the last eight digits change. */
  #phone(original: string): string {
    const positions: number[] = [];
    let digits = '';
    [...original].forEach((c, i) => {
      if (c >= '0' && c <= '9') {
        positions.push(i);
        digits += c;
      }
    });
    const n = Math.min(8, Math.max(0, digits.length - 2));
    const key = `PHONE|${digits.slice(-9)}`;
    let fresh = this.#digits(key, n);
    if (fresh === digits.slice(-n)) fresh = fresh.slice(0, -1) + String((Number(fresh.slice(-1)) + 1) % 10);
    return this.#into(original, positions.slice(-n), fresh);
  }

  /** Same sex digit, then a plausible year, month, département, commune and order, and the key that goes with them. */
  #nir(original: string): string {
    const positions: number[] = [];
    let chars = '';
    [...original].forEach((c, i) => {
      if (/[\p{L}\p{N}]/u.test(c)) {
        positions.push(i);
        chars += c.toUpperCase();
      }
    });
    const key = `NIR|${chars}`;
    const d = this.#digits(key, 16);
    const sex = chars[0] === '2' ? '2' : '1';
    const month = String((Number(d.slice(2, 4)) % 12) + 1).padStart(2, '0');
    const dept = String((Number(d.slice(4, 6)) % 95) + 1).padStart(2, '0');
    const body = `${sex}${d.slice(0, 2)}${month}${dept === '20' ? '21' : dept}${d.slice(6, 9)}${String((Number(d.slice(9, 12)) % 999) + 1).padStart(3, '0')}`;
    let full = `${body}${nirKey(body) ?? '00'}`;
    if (full === chars) full = `${body.slice(0, 12)}${(Number(body[12]) + 1) % 10}`;
    if (full.length !== 15) full = `${full.slice(0, 13)}${nirKey(full.slice(0, 13)) ?? '00'}`;
    return this.#into(original, positions, full.slice(0, positions.length));
  }

  /** Letters (site prefixes) stay, every digit changes. */
  #number(type: IdentifierType, original: string): string {
    const positions: number[] = [];
    let digits = '';
    [...original].forEach((c, i) => {
      if (c >= '0' && c <= '9') {
        positions.push(i);
        digits += c;
      }
    });
    let fresh = this.#digits(`${type}|${original.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase()}`, digits.length);
    if (fresh === digits) fresh = fresh.slice(0, -1) + String((Number(fresh.slice(-1)) + 1) % 10);
    return this.#into(original, positions, fresh);
  }

  #email(original: string): string {
    const key = `EMAIL|${original.toLowerCase()}`;
    const first = slug(this.#pick(`${key}|first`, SURROGATE_FIRST));
    const last = slug(this.#pick(`${key}|last`, SURROGATE_LAST));
    return `${first}.${last}@${this.#pick(`${key}|domain`, MAIL_DOMAINS)}`;
  }

  #url(original: string): string {
    const prefix = /^(?:https?:\/\/)?(?:www\.)?/i.exec(original)?.[0] ?? '';
    const city = this.#pick(`URL|${original.toLowerCase()}`, SURROGATE_COMMUNES);
    return `${prefix}hopital-${slug(city)}.fr`;
  }

  #address(original: string): string {
    const key = `ADDRESS|${fold(original).replace(/[^a-z0-9]+/g, ' ').trim()}`;
    const number = String(this.#p.integer('surrogate', `${key}|number`, 150) + 1);
    const box = /^(BP|CS|TSA)\s+\d+/i.exec(original);
    if (box !== null) return `${box[1]} ${this.#digits(key, 3)}`;
    const en = EN_WAYS.exec(original);
    if (en !== null && !FR_WAY.test(original)) return `${number} ${this.#pick(`${key}|street`, SURROGATE_LAST)} ${en[1]}`;
    const way = FR_WAY.exec(original)?.[1];
    const street = this.#pick(`${key}|street`, STREET_NAMES);
    if (way !== undefined && /^(?:r[ée]sidence|lieu-dit)$/iu.test(way)) return `${way} ${street.replace(/^(?:de la|des|du|de l'|de)\s+/u, '')}`;
    return `${number} ${way ?? this.#pick(`${key}|way`, WAYS)} ${street}`;
  }

  /** A French postcode keeps its département; other postcodes keep their shape. */
  #postcode(original: string): string {
    const key = `POSTCODE|${original.replace(/\s+/g, '').toUpperCase()}`;
    if (/^\d{5}$/.test(original)) {
      const keep = /^(97|98)/.test(original) ? 3 : 2;
      let rest = this.#digits(key, 5 - keep);
      if (rest === original.slice(keep)) rest = rest.slice(0, -1) + String((Number(rest.slice(-1)) + 1) % 10);
      return original.slice(0, keep) + rest;
    }
    const d = this.#digits(key, original.length * 2);
    return [...original].map((c, i) => (/\d/.test(c) ? d[i] : /\p{Lu}/u.test(c) ? (LETTERS[Number(d.slice(i * 2, i * 2 + 2)) % LETTERS.length] ?? c) : c)).join('');
  }

  #city(original: string): string {
    const cedex = /\s+cedex(?:\s+\d{1,2})?$/i.exec(original);
    const name = cedex === null ? original : original.slice(0, cedex.index);
    const city = this.#pick(`CITY|${fold(name)}`, SURROGATE_COMMUNES, name);
    return sameCase(name, city) + (cedex?.[0] ?? '');
  }

  #hospital(original: string): string {
    const city = this.#pick(`HOSPITAL|${fold(original)}`, SURROGATE_COMMUNES);
    return sameCase(original, `Centre hospitalier de ${city}`);
  }
}
