import { PRIORITY, type Candidate } from './candidate.js';
import { AMBIGUOUS_COMMUNES, COMMUNES } from './data/communes.js';
import { PhraseIndex, phraseWords } from './phrase-index.js';
import { ARTICLES, CONNECTORS, elided, NOT_PLACE_NAMES, UPPER_FIRST, wordAfter } from './proper-name.js';
import { fold } from './text-fold.js';
import type { WordToken } from './word-tokens.js';

/*
 * Postcodes with their city ("69373 LYON CEDEX 08", "Manchester M20 6RT", "Milwaukee, WI 53202"), the place a
 * letter is written from ("Lyon, le 12 mars"), and communes from the dictionary (ambiguous ones only in context).
 */

const FR_POSTCODE = /^(?:(?:0[1-9]|[1-8]\d|9[0-8])\d{3}|2[AB]\d{3})$/;
const CITY_START = /^[ \t\u00a0]+\p{Lu}/u;
const US_STATE = /^(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])$/;
const US_CITY_BEFORE = /(?<![\p{L}])(\p{Lu}[\p{L}'’.-]*(?:[ \t]\p{Lu}[\p{L}'’.-]*){0,2}),[ \t]*$/u;
const UK_OUTWARD = /^[A-Z]{1,2}\d[A-Z\d]?$/;
const UK_POSTCODE = /(?<![\p{L}\p{N}])[A-Z]{1,2}\d[A-Z\d]?[ \t]\d[A-Z]{2}(?![\p{L}\p{N}])/uy;
const UK_TOWN_BEFORE = /(?<![\p{L}\p{N}])(\p{Lu}[\p{L}'’-]+(?:[ \t]\p{Lu}[\p{L}'’-]+){0,2})[ \t]+$/u;
const POSTCODE_LABEL_BEFORE = /(?<![\p{L}])(?:CP|C\.P\.|[Cc]ode postal|[Pp]ostcode|ZIP)\s*:?\s*$/u;
/** "Lyon, le 12 mars 2019": the place a letter is written from. */
const PLACE_OF_WRITING = /\p{Lu}[\p{L}'’-]*(?:[ -]\p{Lu}[\p{L}'’-]*){0,3}(?=,[ \t]+le[ \t]+(?:\d|1er))/uy;

const COMMUNE_INDEX = new PhraseIndex(COMMUNES);
const AMBIGUOUS = new Set(AMBIGUOUS_COMMUNES.map((c) => phraseWords(c).join(' ')));
const CITY_CONTEXT_BEFORE = /(?:^|[^\p{L}])(?:à|a|de|d['’]|sur|au|en|près de|born in|in)[ \t]*$|\d{5}[ \t]*$|,[ \t]*$/iu;
const CITY_CONTEXT_AFTER = /^(?:,[ \t]*le[ \t]|[ \t]*\(\d{2,5}\)|[ \t]+\d{5}(?!\d)|[ \t]*\n)/u;

/** The city after a postcode: capitalised words joined by spaces or hyphens, and "CEDEX 08". */
function readCity(text: string, pos: number): number {
  let end = pos;
  let words = 0;
  for (;;) {
    const w = wordAfter(text, end);
    if (w === undefined || words >= 5) break;
    if (/^cedex$/i.test(w.text)) {
      end = w.end;
      const n = wordAfter(text, end);
      if (n !== undefined && /^\d{1,2}$/.test(n.text)) end = n.end;
      break;
    }
    const { rest } = elided(w);
    const capital = UPPER_FIRST.test(rest);
    if (words === 0 && capital && ARTICLES.has(w.folded)) {
      // La Tronche, Le Havre, Les Ulis
      const next = wordAfter(text, w.end);
      if (next === undefined || !UPPER_FIRST.test(next.text)) break;
      end = next.end;
      words += 2;
      continue;
    }
    if (words > 0 && CONNECTORS.has(w.folded)) {
      const next = wordAfter(text, w.end);
      if (next === undefined || !UPPER_FIRST.test(next.text)) break;
      end = next.end;
      words++;
      continue;
    }
    if (!capital || (words === 0 && rest.length < 2) || NOT_PLACE_NAMES.has(fold(rest))) break;
    end = w.end;
    words++;
  }
  return end;
}

/** A French postcode and the city after it, a US ZIP code after its state, or a postcode after "CP". */
function postcodeAt(text: string, tokens: readonly WordToken[], i: number, out: Candidate[]): void {
  const t = tokens[i]!;
  if (t.start > 0 && /[\p{L}\p{N}]/u.test(text[t.start - 1]!)) return;
  if (CITY_START.test(text.slice(t.end, t.end + 3))) {
    const cityStart = tokens[i + 1]?.start ?? t.end;
    const cityEnd = readCity(text, t.end);
    if (cityEnd > cityStart) {
      out.push({ start: t.start, end: t.end, type: 'POSTCODE', priority: PRIORITY.context });
      out.push({ start: cityStart, end: cityEnd, type: 'CITY', priority: PRIORITY.context });
      return;
    }
  }
  const prev = tokens[i - 1];
  if (prev !== undefined && US_STATE.test(prev.text) && /^[ \t]$/.test(text.slice(prev.end, t.start))) {
    const end = text[t.end] === '-' && /^\d{4}(?!\d)/.test(text.slice(t.end + 1, t.end + 6)) ? t.end + 5 : t.end;
    out.push({ start: t.start, end, type: 'POSTCODE', priority: PRIORITY.context });
    const city = US_CITY_BEFORE.exec(text.slice(Math.max(0, prev.start - 40), prev.start));
    if (city?.[1] !== undefined) {
      const cityStart = prev.start - city[0].length;
      out.push({ start: cityStart, end: cityStart + city[1].length, type: 'CITY', priority: PRIORITY.context });
    }
    return;
  }
  if (POSTCODE_LABEL_BEFORE.test(text.slice(Math.max(0, t.start - 16), t.start))) out.push({ start: t.start, end: t.end, type: 'POSTCODE', priority: PRIORITY.context });
}

/** A UK postcode and the post town before it: "Manchester M20 6RT". */
function ukPostcodeAt(text: string, t: WordToken, out: Candidate[]): void {
  UK_POSTCODE.lastIndex = t.start;
  const m = UK_POSTCODE.exec(text);
  if (m === null) return;
  out.push({ start: t.start, end: t.start + m[0].length, type: 'POSTCODE', priority: PRIORITY.pattern });
  const town = UK_TOWN_BEFORE.exec(text.slice(Math.max(0, t.start - 40), t.start));
  if (town?.[1] !== undefined && !NOT_PLACE_NAMES.has(fold(town[1]))) {
    const start = t.start - town[0].length;
    out.push({ start, end: start + town[1].length, type: 'CITY', priority: PRIORITY.pattern });
  }
}

/** "Lyon, le 12 mars 2019" at the start of a line. */
function placeOfWritingAt(text: string, t: WordToken, out: Candidate[]): void {
  PLACE_OF_WRITING.lastIndex = t.start;
  const m = PLACE_OF_WRITING.exec(text);
  if (m !== null && !m[0].split(/[ -]/u).some((w) => NOT_PLACE_NAMES.has(fold(w)))) out.push({ start: t.start, end: t.start + m[0].length, type: 'CITY', priority: PRIORITY.context });
}

/** A commune of the dictionary at token `i` (an ambiguous one only in context); the number of tokens it takes. */
function communeAt(text: string, tokens: readonly WordToken[], i: number, out: Candidate[]): number {
  const t = tokens[i]!;
  if (!COMMUNE_INDEX.startsWith(t.folded)) return 0;
  const k = COMMUNE_INDEX.matchAt(text, tokens, i);
  if (k === 0) return 0;
  const last = tokens[i + k - 1]!;
  if (joined(text, t.start - 1) || joined(text, last.end)) return 0;
  if (AMBIGUOUS.has(phraseWords(text.slice(t.start, last.end)).join(' '))) {
    const before = text.slice(Math.max(0, t.start - 12), t.start);
    const after = text.slice(last.end, last.end + 8);
    if (!CITY_CONTEXT_BEFORE.test(before) && !CITY_CONTEXT_AFTER.test(after)) return 0;
  }
  out.push({ start: t.start, end: last.end, type: 'CITY', priority: PRIORITY.pattern });
  return k;
}

export function findPostcodesAndCities(text: string, tokens: readonly WordToken[], out: Candidate[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.digitStart) {
      if (FR_POSTCODE.test(t.text)) postcodeAt(text, tokens, i, out);
      continue;
    }
    if (!t.capitalised) continue;
    if (UK_OUTWARD.test(t.text)) ukPostcodeAt(text, t, out);
    if (lineStart(text, t.start)) placeOfWritingAt(text, t, out);
    const k = communeAt(text, tokens, i, out);
    if (k > 1) i += k - 1;
  }
}

/** Whether only spaces separate an offset from the start of its line. */
function lineStart(text: string, offset: number): boolean {
  let i = offset - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === '\n';
}

/** Whether the character at `i` joins a word to its neighbour ("Saint-Louis", "l'Arbresle"). */
function joined(text: string, i: number): boolean {
  const c = text[i];
  return c === '-' || c === "'" || c === '’';
}
