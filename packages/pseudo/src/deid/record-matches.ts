import { PRIORITY, type Candidate } from './candidate.js';
import { stayLabelBefore } from './contact-patterns.js';
import type { IdentifierType, PatientIdentifiers } from './identifier-type.js';
import { COMMON } from './name-patterns.js';
import { isValidNir } from './nir.js';
import { PhraseIndex, phraseWords } from './phrase-index.js';
import { isWordCharAt, type WordToken } from './word-tokens.js';

/*
 * The patient's own identifiers found literally: names and places word by word (case- and accent-insensitive,
 * any spacing or hyphenation), numbers and codes ignoring spaces, dots and dashes, e-mails ignoring case.
 */

const PARTICLES = new Set(['de', 'du', 'des', 'd', 'la', 'le', 'les', 'l', 'da', 'di', 'dos', 'das', 'van', 'von', 'der', 'den', 'del', 'della', 'el', 'al', 'ben', 'mac', 'mc', 'y', 'e']);
/** The first part of a compound commune name: "Chalon" in Chalon-sur-Saône, "Boulogne" in Boulogne-Billancourt. */
const SHORT_FORM = /^([\p{L}'’]{4,})-(?:sur|sous|en|lès|les|lez|le|la|de|du|des|d['’]|\p{Lu})/u;
/** Separators inside an address line as written ("14 bis, rue des Tanneurs"). */
const ADDRESS_GAP = /^[ \t\u00a0'’,.-]{1,4}$/;

/** A name index: every name, and the parts of compound names ("Maillard-Colas" → also "Maillard" and "Colas"). */
function nameIndex(names: readonly string[]): PhraseIndex {
  const index = new PhraseIndex([]);
  for (const name of names) {
    const words = phraseWords(name);
    if (words.length === 0) continue;
    index.add(words.join(' '));
    if (words.length > 1) for (const w of words) if (w.length >= 3 && !PARTICLES.has(w)) index.add(w);
  }
  return index;
}

/**
 * A text with separators removed and letters upper-cased; `offsets[k]` is the text offset of compact character k,
 * `at[i]` the compact index of text offset i.
 */
interface CompactText {
  readonly text: string;
  readonly offsets: Int32Array;
  readonly at: Int32Array;
}

function isSeparator(c: number): boolean {
  // space, tab, line breaks, no-break space, . - / _ ( )
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 46 || c === 45 || c === 47 || c === 95 || c === 40 || c === 41;
}

const UTF16 = new TextDecoder('utf-16le');

function compact(text: string): CompactText {
  const codes = new Uint16Array(text.length);
  const offsets = new Int32Array(text.length);
  const at = new Int32Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    at[i] = n;
    const c = text.charCodeAt(i);
    if (isSeparator(c)) continue;
    if (c >= 97 && c <= 122) codes[n] = c - 32;
    else if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) codes[n] = c;
    else codes[n] = c > 127 && isWordCharAt(text, i) ? text[i]!.toUpperCase().charCodeAt(0) : 0;
    offsets[n++] = i;
  }
  return { text: UTF16.decode(codes.subarray(0, n)), offsets, at };
}

function compactValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) if (!isSeparator(value.charCodeAt(i)) && isWordCharAt(value, i)) out += value[i]!.toUpperCase();
  return out;
}

/** How many leading characters index the record's numbers (they have at least this many). */
const PREFIX = 4;

interface RecordNumber {
  readonly value: string;
  readonly type: IdentifierType | 'ID';
}

/** French phone numbers written nationally (0X…) or internationally (+33 X…). */
function phoneForms(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  const national = digits.startsWith('0033') ? `0${digits.slice(4)}` : digits.startsWith('33') && digits.length === 11 ? `0${digits.slice(2)}` : digits;
  const forms = new Set([digits, national]);
  if (national.startsWith('0') && national.length === 10) forms.add(`33${national.slice(1)}`);
  return [...forms].filter((f) => f.length >= 6);
}

function addPhrases(text: string, tokens: readonly WordToken[], index: PhraseIndex, type: IdentifierType, out: Candidate[], gap?: RegExp, capitalisedIfCommon = false): void {
  if (index.size === 0) return;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!index.startsWith(t.folded)) continue;
    const k = index.matchAt(text, tokens, i, gap);
    if (k === 0) continue;
    if (capitalisedIfCommon && k === 1 && COMMON.has(t.folded) && !t.capitalised) continue;
    out.push({ start: t.start, end: tokens[i + k - 1]!.end, type, priority: PRIORITY.record, ...(type === 'PATIENT_NAME' ? { origin: 'record' as const } : {}) });
    i += k - 1;
  }
}

/** The record compiled for matching: phrase indexes, and compacted numbers by their first characters. */
interface PreparedRecord {
  readonly names: PhraseIndex;
  readonly cities: PhraseIndex;
  readonly addressLines: PhraseIndex;
  readonly numbers: ReadonlyMap<string, readonly RecordNumber[]>;
  readonly emails: readonly string[];
}

function prepare(patient: PatientIdentifiers): PreparedRecord {
  const addressLines = new PhraseIndex([]);
  for (const line of patient.addressLines ?? []) {
    addressLines.add(line);
    for (const part of line.split(',')) if (phraseWords(part).length >= 2) addressLines.add(part);
  }
  const cities = new PhraseIndex([]);
  for (const city of patient.cities ?? []) {
    cities.add(city);
    // People shorten compound communes: "Chalon" for Chalon-sur-Saône, "Boulogne" for Boulogne-Billancourt.
    const head = SHORT_FORM.exec(city)?.[1];
    if (head !== undefined && !/^(?:saint|sainte|st|ste|le|la|les)$/iu.test(head) && !COMMON.has(phraseWords(head).join(' '))) cities.add(head);
  }
  const numbers = new Map<string, RecordNumber[]>();
  const addNumber = (value: string, type: IdentifierType | 'ID'): void => {
    if (value.length < (type === 'POSTCODE' ? PREFIX : PREFIX + 1)) return;
    const key = value.slice(0, PREFIX);
    numbers.set(key, [...(numbers.get(key) ?? []), { value, type }]);
  };
  for (const id of patient.identifiers ?? []) addNumber(compactValue(id), 'ID');
  for (const phone of patient.phones ?? []) for (const f of phoneForms(phone)) addNumber(f, 'PHONE');
  for (const pc of patient.postcodes ?? []) addNumber(compactValue(pc), 'POSTCODE');
  return {
    names: nameIndex(patient.names ?? []),
    cities,
    addressLines,
    numbers,
    emails: (patient.emails ?? []).map((e) => e.trim().toLowerCase()).filter((e) => e.length >= 3),
  };
}

/**
 * Prepared records, by record object: a patient's notes are usually de-identified one after the other with the same
 * record, which is then compiled once. Records are read as immutable; the map holds them weakly.
 */
const PREPARED = new WeakMap<PatientIdentifiers, PreparedRecord>();

/** Candidates for everything the patient's record says about them, wherever the note writes it. */
export function findRecordValues(text: string, tokens: readonly WordToken[], patient: PatientIdentifiers, out: Candidate[]): void {
  let record = PREPARED.get(patient);
  if (record === undefined) {
    record = prepare(patient);
    PREPARED.set(patient, record);
  }
  addPhrases(text, tokens, record.names, 'PATIENT_NAME', out, undefined, true);
  addPhrases(text, tokens, record.cities, 'CITY', out, undefined, true);
  addPhrases(text, tokens, record.addressLines, 'ADDRESS', out, ADDRESS_GAP);
  if (record.numbers.size > 0) {
    // A number of the record starts where a word starts; the text is read without its spaces, dots and dashes.
    const c = compact(text);
    for (const t of tokens) {
      const k = c.at[t.start]!;
      const candidates = record.numbers.get(c.text.slice(k, k + PREFIX));
      if (candidates === undefined) continue;
      for (const { value, type } of candidates) {
        if (!c.text.startsWith(value, k)) continue;
        const end = c.offsets[k + value.length - 1]! + 1;
        if (isWordCharAt(text, end)) continue;
        const start = type === 'PHONE' && text[t.start - 1] === '+' ? t.start - 1 : t.start;
        const typed: IdentifierType = type !== 'ID' ? type : stayLabelBefore(text, start) ? 'NDA' : value.length === 15 && isValidNir(value) ? 'NIR' : 'IPP';
        out.push({ start, end, type: typed, priority: PRIORITY.record });
      }
    }
  }
  if (record.emails.length > 0) {
    const lower = text.toLowerCase();
    for (const e of record.emails) {
      for (let at = lower.indexOf(e); at >= 0; at = lower.indexOf(e, at + 1)) out.push({ start: at, end: at + e.length, type: 'EMAIL', priority: PRIORITY.record });
    }
  }
}
