import { dayNumberToIsoDate, daysFromCivil, daysInMonth } from '@parcours/core';
import { fold } from './text-fold.js';
import type { WordToken } from './word-tokens.js';

/*
 * Dates as clinical notes write them, French first: 12/03/2019, 12.03.19, 2019-03-12, 12 mars 2019, 1er janvier
 * 2020, mars 2019, 03/2019; English: March 12, 2019, 12th March 2019, 11-Oct-2023. Each match keeps the pieces it
 * was written with, so that a shifted date is written back in the same format.
 */

type Language = 'fr' | 'en';

interface MonthName {
  readonly month: number;
  readonly language: Language;
  readonly abbreviated: boolean;
}

const FR_MONTHS = ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'] as const;
const FR_MONTHS_SHORT = ['janv', 'févr', 'mars', 'avr', 'mai', 'juin', 'juil', 'août', 'sept', 'oct', 'nov', 'déc'] as const;
const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'] as const;
const EN_MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const FR_DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'] as const;
const FR_DAYS_SHORT = ['lun', 'mar', 'mer', 'jeu', 'ven', 'sam', 'dim'] as const;
const EN_DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;
const EN_DAYS_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;

/** Folded month word → month; French spellings win for words both languages share ("oct", "nov"). */
const MONTH_NAMES = new Map<string, MonthName>();
function addMonths(names: readonly string[], language: Language, abbreviated: boolean): void {
  names.forEach((n, i) => {
    const key = fold(n);
    if (!MONTH_NAMES.has(key)) MONTH_NAMES.set(key, { month: i + 1, language, abbreviated });
  });
}
addMonths(FR_MONTHS, 'fr', false);
addMonths(FR_MONTHS_SHORT, 'fr', true);
addMonths(EN_MONTHS, 'en', false);
addMonths(EN_MONTHS_SHORT, 'en', true);
MONTH_NAMES.set('fev', { month: 2, language: 'fr', abbreviated: true });
/** Spellings both languages use: capitalised they are read as English ("Oct 2023"), else French ("oct. 2023"). */
const SHARED_SPELLINGS = new Set(['sept', 'oct', 'nov', 'dec']);


const DAY = '(?<d>[12]\\d|3[01]|0?[1-9])';
const YEAR4 = '(?<y>(?:19|20)\\d{2})';

/** How a regex's groups are read. */
type DateShape = 'numeric' | 'iso' | 'month-year' | 'day-month' | 'text';

interface DatePattern {
  readonly shape: DateShape;
  /** Sticky: tried only where a date can start (a number, a month name). */
  readonly regex: RegExp;
  /** The named groups in the order they appear, to locate each in the match. */
  readonly groups: readonly string[];
  /** The 11-Oct-2023 shape: month abbreviations only. */
  readonly short?: boolean;
}

const sticky = (source: string): RegExp => new RegExp(source, 'uy');

/** Dates that start with a number. */
const DIGIT_PATTERNS: readonly DatePattern[] = [
  // 12/03/2019, 12.03.19, 12-03-2019 (day and month order decided per note)
  { shape: 'numeric', regex: sticky('(?<![\\p{L}\\p{N}/.,-])(?<a>\\d{1,2})(?<s>[/.-])(?<b>\\d{1,2})\\k<s>(?<y>(?:19|20)\\d{2}|\\d{2})(?![\\p{L}\\p{N}]|[/.,-]\\d)'), groups: ['a', 'b', 'y'] },
  // 2019-03-12
  { shape: 'iso', regex: sticky(`(?<![\\p{L}\\p{N}/.-])${YEAR4}(?<s>[-/.])(?<m>0?[1-9]|1[0-2])\\k<s>${DAY}(?![\\p{N}]|[/.-]\\d)`), groups: ['y', 'm', 'd'] },
  // 03/2019
  { shape: 'month-year', regex: sticky(`(?<![\\p{L}\\p{N}/.,-])(?<m>0[1-9]|1[0-2]|[1-9](?=/))[/.-]${YEAR4}(?![\\p{N}]|[/.,-]\\d)`), groups: ['m', 'y'] },
  // 12/03 (only after "le", "du", "au", "on"... or in parentheses: checked by the caller)
  { shape: 'day-month', regex: sticky('(?<![\\p{L}\\p{N}/.,-])(?<a>\\d{1,2})(?<s>/|\\.(?=\\d\\d))(?<b>\\d{1,2})(?![\\p{N}]|[/.,-]\\d|\\s?%)'), groups: ['a', 'b'] },
  // 12 mars 2019, 1er janvier, 12 March 2019, 6th of March (the month word is checked by the caller)
  { shape: 'text', regex: sticky(`(?<![\\p{L}\\p{N}])(?<d>1er|[12]\\d|3[01]|0?[1-9])(?<ord>st|nd|rd|th)?\\s+(?:of\\s+)?(?<mn>\\p{L}{3,9})(?:\\.?,?\\s+${YEAR4})?(?![\\p{L}\\p{N}])`), groups: ['d', 'ord', 'mn', 'y'] },
  // 11-Oct-2023, 11 OCT 23
  { shape: 'text', regex: sticky(`(?<![\\p{L}\\p{N}])${DAY}(?<s>[-/ ])(?<mn>\\p{L}{3,4})\\k<s>(?<y>\\d{4}|\\d{2})(?![\\p{L}\\p{N}])`), groups: ['d', 'mn', 'y'], short: true },
];

/** Dates that start with a month name (the token is a month word). */
const MONTH_PATTERNS: readonly DatePattern[] = [
  // mars 2019, janv. 2023, Sept 2023
  { shape: 'text', regex: sticky(`(?<mn>\\p{L}{3,9})\\.?\\s+${YEAR4}(?![\\p{N}])`), groups: ['mn', 'y'] },
  // March 12, 2019; March 12th
  { shape: 'text', regex: sticky(`(?<mn>\\p{L}{3,9})\\.?\\s+${DAY}(?<ord>st|nd|rd|th)?(?:,?\\s+${YEAR4})?(?![\\p{L}\\p{N}])`), groups: ['mn', 'd', 'ord', 'y'] },
];

const WORD_PATTERNS = DIGIT_PATTERNS.filter((p) => p.shape === 'text');

const ISO_PATTERNS = DIGIT_PATTERNS.filter((p) => p.shape === 'iso');
const SHORT_NUMERIC_PATTERNS = DIGIT_PATTERNS.filter((p) => p.shape === 'numeric' || p.shape === 'month-year' || p.shape === 'day-month');
const TRIAL_PATTERNS = DIGIT_PATTERNS.filter((p) => p.short === true);

/**
 * The date shapes a number can open, from its length and what follows it: "12/…" numeric, "2019-…" ISO, "12 mars"
 * and "1er janvier" when a month word follows, "11-Oct-2023". Most numbers of a note (doses, lab values) open none.
 */
function digitPatternsAfter(text: string, tokens: readonly WordToken[], i: number): readonly DatePattern[] {
  const t = tokens[i]!;
  const next = tokens[i + 1];
  const monthNext = next !== undefined && (MONTH_NAMES.has(next.folded) || (next.folded === 'of' && MONTH_NAMES.has(tokens[i + 2]?.folded ?? '')));
  if (!t.digits) return t.text.length <= 4 && monthNext ? WORD_PATTERNS : [];
  const c = text[t.end];
  if (t.text.length === 4) return c === '-' || c === '/' || c === '.' ? ISO_PATTERNS : [];
  if (t.text.length > 2) return [];
  if (c === '/' || c === '.') return SHORT_NUMERIC_PATTERNS;
  if (c === '-') return monthNext ? TRIAL_PATTERNS : SHORT_NUMERIC_PATTERNS;
  if (c === ' ' || c === '\t' || c === '\u00a0') return monthNext ? WORD_PATTERNS : [];
  return [];
}

/**
 * Whether a month word may be read as written: French month names in any case; English ones capitalised (so that
 * "may" and "march" stay verbs); in the 11-Oct-2023 shape, abbreviations only.
 */
function acceptableMonth(word: string, name: MonthName, shortShape: boolean): boolean {
  if (shortShape) return name.abbreviated || word.length <= 4;
  if (name.language === 'fr') return true;
  return /^\p{Lu}/u.test(word);
}

/** Folded weekday names (French and English, full and short) that may open a date. */
const WEEKDAYS = new Set([...FR_DAYS, ...FR_DAYS_SHORT, ...EN_DAYS, ...EN_DAYS_SHORT, 'tues', 'thur', 'thurs'].map(fold));
const WEEKDAY_GAP = /^\.?,?[ \t]+$/;

/** Words before a bare day/month ("le 12/03") that make it a date rather than a fraction or a score. */
const DAY_MONTH_CONTEXT = /(?:^|[^\p{L}])(?:le|du|au|dès le|depuis le|jusqu'au|jusqu’au|avant le|après le|on|from|until|since|by|to)\s+$|\($/iu;
const BIRTH_CONTEXT = /(?:^|[^\p{L}])(?:née?|nee?|naissance|ddn|dob|born|birth)(?![\p{L}])[^\n]{0,12}$/iu;

type PieceRole = 'weekday' | 'day' | 'ordinal' | 'month' | 'month-name' | 'year';

interface DatePiece {
  readonly role: PieceRole | 'literal';
  readonly text: string;
}

/** A recognised date: where it is, what it says, and the pieces it is written with. */
export interface DateMatch {
  readonly start: number;
  readonly end: number;
  readonly year: number | undefined;
  readonly month: number;
  readonly day: number | undefined;
  /** The year was not written: it is taken from the note's other dates (for shifting only). */
  readonly yearAssumed: boolean;
  readonly birth: boolean;
  readonly pieces: readonly DatePiece[];
  readonly language: Language;
}

interface RawDate {
  readonly start: number;
  readonly end: number;
  readonly shape: DateShape;
  readonly groups: Readonly<Record<string, readonly [number, number] | undefined>>;
  readonly text: string;
}

/** A match as a raw date: each named group located in the match (groups are in order and do not overlap). */
function rawDate(m: RegExpExecArray, pattern: DatePattern, weekday: { start: number; end: number } | undefined): RawDate {
  const groups: Record<string, readonly [number, number] | undefined> = {};
  let cursor = 0;
  for (const name of pattern.groups) {
    const value = m.groups?.[name];
    if (value === undefined) continue;
    const at = m[0].indexOf(value, cursor);
    groups[name] = [m.index + at, m.index + at + value.length];
    cursor = at + value.length;
  }
  const end = m.index + m[0].length;
  if (weekday === undefined) return { start: m.index, end, shape: pattern.shape, groups, text: m[0] };
  groups.wd = [weekday.start, weekday.end];
  return { start: weekday.start, end, shape: pattern.shape, groups, text: m.input.slice(weekday.start, end) };
}

const ROLE_OF_GROUP: Readonly<Record<string, PieceRole | 'a' | 'b'>> = { wd: 'weekday', d: 'day', ord: 'ordinal', m: 'month', mn: 'month-name', y: 'year', a: 'a', b: 'b' };

function fullYear(text: string): number {
  const n = Number(text);
  if (text.length === 4) return n;
  return n <= 35 ? 2000 + n : 1900 + n;
}

function validDay(year: number | undefined, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year ?? 2000, month);
}

function groupText(raw: RawDate, name: string): string | undefined {
  const g = raw.groups[name];
  return g === undefined ? undefined : raw.text.slice(g[0] - raw.start, g[1] - raw.start);
}

/**
 * Dates in a text, non-overlapping within this finder (the longest reading wins). `order` decides all-numeric
 * dates whose day and month could be swapped; `birthDate` (ISO) marks the patient's birth date wherever written.
 * Two-digit years up to 35 are read 20xx, the others 19xx (this only matters for leap years and weekdays: a shifted
 * date keeps two digits).
 * @example const text = 'Vu le 12/03/2019'; findDates(text, wordTokens(text)) // [{ start: 6, end: 16, year: 2019, month: 3, day: 12, … }]
 */
export function findDates(text: string, tokens: readonly WordToken[], order: 'auto' | 'day-month' | 'month-day' = 'auto', birthDate?: string): DateMatch[] {
  const raws: RawDate[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const patterns = t.digitStart ? digitPatternsAfter(text, tokens, i) : MONTH_NAMES.has(t.folded) ? MONTH_PATTERNS : undefined;
    if (patterns === undefined || patterns.length === 0) continue;
    for (const pattern of patterns) {
      pattern.regex.lastIndex = t.start;
      const m = pattern.regex.exec(text);
      if (m === null) continue;
      const start = m.index;
      const end = start + m[0].length;
      if (pattern.shape === 'day-month') {
        const before = text.slice(Math.max(0, start - 16), start);
        if (!DAY_MONTH_CONTEXT.test(before)) continue;
        // "(13/03)" is a date, "(1/18)" a ratio of lymph nodes: in parentheses, two digits each.
        if (before.endsWith('(') && (m[0].length !== 5 || !/^\s*[),;]/.test(text.slice(end, end + 2)))) continue;
      }
      const mn = m.groups?.mn;
      if (mn !== undefined) {
        const name = MONTH_NAMES.get(fold(mn));
        if (name === undefined || !acceptableMonth(mn, name, pattern.short === true)) continue;
        if (name.language === 'fr' && m.groups?.ord !== undefined && !SHARED_SPELLINGS.has(fold(mn))) continue;
      }
      const prev = tokens[i - 1];
      const weekday = prev !== undefined && WEEKDAYS.has(prev.folded) && WEEKDAY_GAP.test(text.slice(prev.end, t.start)) ? prev : undefined;
      raws.push(rawDate(m, pattern, weekday));
    }
  }
  // Keep the longest of overlapping readings ("12 March 2019" over "March 2019").
  raws.sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: RawDate[] = [];
  for (const r of raws) if (!kept.some((k) => k.start < r.end && r.start < k.end)) kept.push(r);
  kept.sort((a, b) => a.start - b.start);

  const monthFirst = order === 'month-day' || (order === 'auto' && prefersMonthFirst(kept));
  const partial: { raw: RawDate; year: number | undefined; month: number; day: number | undefined; aIsDay: boolean; language: Language }[] = [];
  for (const raw of kept) {
    const y = groupText(raw, 'y');
    const year = y === undefined ? undefined : fullYear(y);
    let month: number;
    let day: number | undefined;
    let aIsDay = true;
    let language: Language = 'fr';
    if (raw.shape === 'numeric' || raw.shape === 'day-month') {
      const a = Number(groupText(raw, 'a'));
      const b = Number(groupText(raw, 'b'));
      const dayFirstOk = validDay(year, b, a);
      const monthFirstOk = validDay(year, a, b);
      if (!dayFirstOk && !monthFirstOk) continue;
      // Without a year, a date read against the note's order is more likely a ratio ("1/18").
      if (raw.shape === 'day-month' && !(monthFirst ? monthFirstOk : dayFirstOk)) continue;
      aIsDay = monthFirst ? !monthFirstOk : dayFirstOk;
      day = aIsDay ? a : b;
      month = aIsDay ? b : a;
    } else {
      const d = groupText(raw, 'd');
      day = d === undefined ? undefined : d.toLowerCase() === '1er' ? 1 : Number(d);
      const mn = groupText(raw, 'mn');
      if (mn !== undefined) {
        const name = MONTH_NAMES.get(fold(mn));
        if (name === undefined) continue;
        month = name.month;
        const folded = fold(mn);
        language = raw.groups.ord !== undefined ? 'en' : SHARED_SPELLINGS.has(folded) ? (/^\p{Lu}/u.test(mn) ? 'en' : 'fr') : name.language;
      } else {
        month = Number(groupText(raw, 'm'));
      }
      if (day !== undefined && !validDay(year, month, day)) continue;
    }
    partial.push({ raw, year, month, day, aIsDay, language });
  }

  const out: DateMatch[] = [];
  partial.forEach((p, i) => {
    let year = p.year;
    let yearAssumed = false;
    if (year === undefined && p.day !== undefined) {
      year = nearestYear(partial, i);
      yearAssumed = true;
    }
    const birthByValue = birthDate !== undefined && p.day !== undefined && p.year !== undefined && sameBirthDate(birthDate, p.year, p.month, p.day, groupText(p.raw, 'y')?.length === 2);
    const birth = birthByValue || (p.day !== undefined && BIRTH_CONTEXT.test(text.slice(Math.max(0, p.raw.start - 30), p.raw.start)));
    out.push({
      start: p.raw.start,
      end: p.raw.end,
      year,
      month: p.month,
      day: p.day,
      yearAssumed,
      birth,
      pieces: piecesOf(p.raw, p.aIsDay),
      language: p.language,
    });
  });
  return out;
}

function prefersMonthFirst(raws: readonly RawDate[]): boolean {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const raw of raws) {
    if (raw.shape !== 'numeric' && raw.shape !== 'day-month') continue;
    const a = Number(groupText(raw, 'a'));
    const b = Number(groupText(raw, 'b'));
    if (a > 12 && b <= 12) dayFirst++;
    if (b > 12 && a <= 12) monthFirst++;
  }
  return monthFirst > dayFirst;
}

function nearestYear(dates: readonly { year: number | undefined }[], i: number): number {
  for (let k = i - 1; k >= 0; k--) {
    const y = dates[k]?.year;
    if (y !== undefined) return y;
  }
  for (let k = i + 1; k < dates.length; k++) {
    const y = dates[k]?.year;
    if (y !== undefined) return y;
  }
  return 2000;
}

function sameBirthDate(iso: string, year: number, month: number, day: number, twoDigitYear: boolean): boolean {
  const by = Number(iso.slice(0, 4));
  const bm = Number(iso.slice(5, 7));
  const bd = Number(iso.slice(8, 10));
  return bm === month && bd === day && (twoDigitYear ? by % 100 === year % 100 : by === year);
}

function piecesOf(raw: RawDate, aIsDay: boolean): DatePiece[] {
  const spans: { role: PieceRole; from: number; to: number }[] = [];
  for (const [name, range] of Object.entries(raw.groups)) {
    const r = ROLE_OF_GROUP[name];
    if (range === undefined || r === undefined) continue;
    const role: PieceRole = r === 'a' ? (aIsDay ? 'day' : 'month') : r === 'b' ? (aIsDay ? 'month' : 'day') : r;
    spans.push({ role, from: range[0] - raw.start, to: range[1] - raw.start });
  }
  spans.sort((x, y) => x.from - y.from);
  const pieces: DatePiece[] = [];
  let at = 0;
  for (const s of spans) {
    if (s.from > at) pieces.push({ role: 'literal', text: raw.text.slice(at, s.from) });
    pieces.push({ role: s.role, text: raw.text.slice(s.from, s.to) });
    at = s.to;
  }
  if (at < raw.text.length) pieces.push({ role: 'literal', text: raw.text.slice(at) });
  return pieces;
}

function sameCase(model: string, word: string): string {
  if (model.length >= 2 && model === model.toUpperCase() && model !== model.toLowerCase()) return word.toUpperCase();
  if (/^\p{Lu}/u.test(model)) return word.charAt(0).toUpperCase() + word.slice(1);
  return word.toLowerCase();
}

function ordinal(day: number): string {
  if (day % 100 >= 11 && day % 100 <= 13) return 'th';
  return ['th', 'st', 'nd', 'rd'][day % 10] ?? 'th';
}

/**
 * The date moved by `days`, written as the original was: same separators, padding, month names (language,
 * abbreviation, case), year digits, weekday recomputed. A month-and-year date moves with its 15th day.
 * @example const text = 'le 12 mars 2019'; shiftDate(findDates(text, wordTokens(text))[0]!, 30) // '11 avril 2019'
 */
export function shiftDate(date: DateMatch, days: number): string {
  const year = date.year ?? 2000;
  const base = daysFromCivil(year, date.month, date.day ?? 15);
  const iso = dayNumberToIsoDate(base + days);
  const ny = Number(iso.slice(0, 4));
  const nm = Number(iso.slice(5, 7));
  const nd = Number(iso.slice(8, 10));
  const weekday = (((base + days + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Monday
  const written = date.pieces.some((p) => p.role === 'month-name');
  let out = '';
  for (const p of date.pieces) {
    switch (p.role) {
      case 'literal':
        out += p.text;
        break;
      case 'day':
        // "1er" is how French writes the first day of a month in words.
        if (written && date.language === 'fr') out += nd === 1 ? '1er' : String(nd);
        else out += String(nd).padStart(p.text.length >= 2 && (!written || p.text.startsWith('0')) ? 2 : 1, '0');
        break;
      case 'ordinal':
        out += sameCase(p.text, ordinal(nd));
        break;
      case 'month':
        out += String(nm).padStart(p.text.length >= 2 ? 2 : 1, '0');
        break;
      case 'month-name': {
        const name = MONTH_NAMES.get(fold(p.text));
        const list = date.language === 'en' ? (name?.abbreviated ? EN_MONTHS_SHORT : EN_MONTHS) : name?.abbreviated ? FR_MONTHS_SHORT : FR_MONTHS;
        out += sameCase(p.text, list[nm - 1] ?? '');
        break;
      }
      case 'year':
        out += p.text.length === 2 ? String(ny % 100).padStart(2, '0') : String(ny);
        break;
      case 'weekday': {
        const folded = fold(p.text);
        const english = EN_DAYS.some((d) => fold(d) === folded) || EN_DAYS_SHORT.some((d) => fold(d) === folded) || ['tues', 'thur', 'thurs'].includes(folded);
        const short = folded.length <= 5 && !FR_DAYS.some((d) => fold(d) === folded) && !EN_DAYS.some((d) => fold(d) === folded);
        const list = english ? (short ? EN_DAYS_SHORT : EN_DAYS) : short ? FR_DAYS_SHORT : FR_DAYS;
        out += sameCase(p.text, list[weekday] ?? '');
        break;
      }
    }
  }
  return out;
}
