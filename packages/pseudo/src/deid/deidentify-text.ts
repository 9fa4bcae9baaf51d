import { AppError } from '@parcours/core';
import { findAddresses } from './address-patterns.js';
import { PRIORITY, type Candidate } from './candidate.js';
import { findPostcodesAndCities } from './city-patterns.js';
import { findEmailsAndUrls, findLabelledIds, findNirs, findPhones } from './contact-patterns.js';
import { findDates, shiftDate } from './dates.js';
import type { DeidOptions, DeidResult, DetectedSpan, IdentifierType, PatientIdentifiers } from './identifier-type.js';
import { findHospitals } from './hospital-patterns.js';
import { findDictionaryNames, findLabelledNames, findTitledNames } from './name-patterns.js';
import { phraseWords } from './phrase-index.js';
import { findRecordValues } from './record-matches.js';
import { SurrogateWriter } from './surrogates.js';
import { fold } from './text-fold.js';
import { wordTokens } from './word-tokens.js';

const NAME_TYPES: ReadonlySet<IdentifierType> = new Set(['PATIENT_NAME', 'DOCTOR_NAME']);
/** What may separate two pieces of one name ("Jean" + "DUPONT", "Maillard" + "-Colas"). */
const NAME_JOIN = /^(?:[ \u00a0]|-)$/u;
const RECORD_NAME_JOIN = /^, ?$/u;
/** What may separate two pieces of one address ("Résidence Les Glycines, bâtiment C, 18 avenue Foch"). */
const ADDRESS_JOIN = /^(?:,?[ \t\u00a0]|, ?)$/u;

/**
 * Pieces of names found by different rules, merged into one name when they touch: a name with a doctor's title is
 * a doctor's; otherwise a name from the record, a civil title or a label is the patient's.
 */
function mergeNames(text: string, names: Candidate[]): Candidate[] {
  names.sort((a, b) => a.start - b.start || b.end - a.end || (a.origin === 'record' ? 0 : 1) - (b.origin === 'record' ? 0 : 1));
  const out: Candidate[] = [];
  let start = -1;
  let end = -1;
  let priority = 0;
  let doctor = false;
  let patient = false;
  let dictionary = false;
  const flush = (): void => {
    if (start >= 0) out.push({ start, end, type: doctor || !patient ? 'DOCTOR_NAME' : 'PATIENT_NAME', priority });
  };
  for (const n of names) {
    const gap = text.slice(end, n.start);
    // "HOLLIS, Derek": the patient's own name on both sides of a comma is one name.
    const sameRecordName = patient && !doctor && !dictionary && n.origin === 'record' && RECORD_NAME_JOIN.test(gap);
    if (start >= 0 && (n.start <= end || NAME_JOIN.test(gap) || sameRecordName)) {
      if (n.end > end) end = n.end;
    } else {
      flush();
      start = n.start;
      end = n.end;
      priority = 0;
      doctor = false;
      patient = false;
      dictionary = false;
    }
    if (n.priority > priority) priority = n.priority;
    if (n.origin === 'doctor-title') doctor = true;
    else if (n.origin === 'record' || n.origin === 'civil-title' || n.origin === 'label') patient = true;
    else dictionary = true;
  }
  flush();
  return out;
}

/** Non-overlapping spans: the longest first, then the most trusted, then the earliest. */
function resolve(candidates: Candidate[]): Candidate[] {
  candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || b.priority - a.priority || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (c.end <= c.start) continue;
    let free = true;
    for (const k of kept) {
      if (k.start < c.end && c.start < k.end) {
        free = false;
        break;
      }
    }
    if (free) kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Consecutive address pieces separated by a comma or a space become one address. */
function joinAddresses(text: string, spans: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last !== undefined && last.type === 'ADDRESS' && s.type === 'ADDRESS' && ADDRESS_JOIN.test(text.slice(last.end, s.start))) {
      out[out.length - 1] = { ...last, end: s.end, priority: Math.max(last.priority, s.priority) };
    } else out.push(s);
  }
  return out;
}

/** The folded words of the patient's names and places, which no surrogate may use. */
function recordWords(patient: PatientIdentifiers | undefined): ReadonlySet<string> {
  const words = new Set<string>();
  for (const value of [...(patient?.names ?? []), ...(patient?.cities ?? [])]) {
    words.add(fold(value));
    for (const w of phraseWords(value)) words.add(w);
  }
  return words;
}

function checkOptions(options: DeidOptions): void {
  if (options.replacement === 'surrogate' && options.pseudonymizer === undefined) {
    throw new AppError('invalid_argument', 'surrogate replacement needs a pseudonymizer (the surrogates are keyed)', { details: { field: 'pseudonymizer' } });
  }
  if (options.dateShiftDays !== undefined && !Number.isSafeInteger(options.dateShiftDays)) {
    throw new AppError('invalid_argument', 'the date shift must be a whole number of days', { details: { field: 'dateShiftDays' } });
  }
}

/**
 * Find what identifies a patient in a clinical note (French or English) and replace it: names of the patient and
 * of clinicians, dates, NIR, phone numbers, e-mails, URLs, addresses, postcodes, cities, hospital and stay numbers,
 * hospitals. The patient's record (`patient`) is matched literally; everything else is found by titles, labels,
 * shapes and dictionaries. Spans are returned in the input's offsets.
 *
 * @example
 * deidentifyText('Mme Odile QUINTARD, née le 12/03/1958, IPP 80231457', { names: ['Odile', 'Quintard'] })
 * // { text: 'Mme [PATIENT_NAME], née le [BIRTH_DATE], IPP [IPP]', spans: [...] }
 * deidentifyText('Vue le 12 mars 2019.', undefined, { dateShiftDays: 30 }).text // 'Vue le 11 avril 2019.'
 */
export function deidentifyText(text: string, patient: PatientIdentifiers | undefined, options: DeidOptions = {}): DeidResult {
  checkOptions(options);
  const tokens = wordTokens(text);
  const candidates: Candidate[] = [];
  const names: Candidate[] = [];
  findEmailsAndUrls(text, tokens, candidates);
  findPhones(text, tokens, candidates);
  findNirs(text, tokens, candidates);
  findLabelledIds(text, tokens, candidates);
  for (const d of findDates(text, tokens, options.numericDateOrder ?? 'auto', patient?.birthDate)) {
    candidates.push({ start: d.start, end: d.end, type: d.birth ? 'BIRTH_DATE' : 'DATE', priority: PRIORITY.pattern, date: d });
  }
  findAddresses(text, tokens, candidates);
  findPostcodesAndCities(text, tokens, candidates);
  findHospitals(text, tokens, candidates);
  findTitledNames(text, tokens, names);
  findLabelledNames(text, tokens, names);
  findDictionaryNames(text, tokens, names);
  if (patient !== undefined) {
    const fromRecord: Candidate[] = [];
    findRecordValues(text, tokens, patient, fromRecord);
    for (const c of fromRecord) (NAME_TYPES.has(c.type) ? names : candidates).push(c);
  }
  candidates.push(...mergeNames(text, names));
  const spans = joinAddresses(text, resolve(candidates));

  const surrogates = options.replacement === 'surrogate' && options.pseudonymizer !== undefined ? new SurrogateWriter(options.pseudonymizer, recordWords(patient)) : undefined;
  let out = '';
  let at = 0;
  const detected: DetectedSpan[] = [];
  for (const s of spans) {
    const original = text.slice(s.start, s.end);
    let replacement: string;
    if (s.date !== undefined && options.dateShiftDays !== undefined) replacement = shiftDate(s.date, options.dateShiftDays);
    else if (surrogates !== undefined) replacement = surrogates.write(s.type, original);
    else replacement = `[${s.type}]`;
    out += text.slice(at, s.start) + replacement;
    at = s.end;
    detected.push({ start: s.start, end: s.end, type: s.type });
  }
  out += text.slice(at);
  return { text: out, spans: detected };
}
