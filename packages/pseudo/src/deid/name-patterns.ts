import { PRIORITY, type Candidate, type NameOrigin } from './candidate.js';
import { FIRST_NAMES } from './data/first-names.js';
import { LAST_NAMES } from './data/last-names.js';
import { COMMON_WORDS, NOT_NAMES } from './data/vocabulary.js';
import type { IdentifierType } from './identifier-type.js';
import { fold, foldedSet } from './text-fold.js';
import type { WordToken } from './word-tokens.js';

/*
 * People's names: after a title (Dr, Pr, Mme, M., Mrs…), after a label (Nom :, Patient :, née…), and from the name
 * dictionaries in the shapes notes write them ("Jean DUPONT", "DUPONT Jean", "J. Dupont", "Jean Dupont", a
 * frequent family name or an unambiguous given name on its own). Ordinary words that are also names ("masse",
 * "blanc", "rose") are only taken after a title, a label, or from the patient's record.
 */

export const FIRST = foldedSet(FIRST_NAMES);
export const LAST = foldedSet(LAST_NAMES);
export const COMMON = foldedSet(COMMON_WORDS);
export const NOT_NAME = foldedSet(NOT_NAMES);

/** Words that end a name read after a title or a label ("Dr Martin DDN …"). */
const NAME_STOP = foldedSet([
  'ddn', 'dob', 'ipp', 'nip', 'nir', 'nda', 'mrn', 'tel', 'tél', 'fax', 'né', 'née', 'ne', 'nee', 'epouse', 'ep', 'service', 'hopital',
  'clinique', 'centre', 'chu', 'unite', 'pole', 'cedex', 'ide', 'interne', 'chef', 'copie', 'objet', 'date', 'sexe', 'age', 'prenom',
  'nom', 'adresse', 'patient', 'patiente', 'md', 'phd', 'rcp', 'cs', 'rdv', 'hdj',
]);

const DOCTOR_TITLES = 'Docteurs|Docteur|DOCTEUR|Professeurs|Professeur|PROFESSEUR|Prof|Drs|Dre|Dr|DR|Pr|PR';
const CIVIL_TITLES = 'Mesdames|Madame|MADAME|Mademoiselle|Messieurs|Monsieur|MONSIEUR|Mmes|Mme|MME|Mlle|MM(?=\\.)|M(?=\\.)|Mrs|Mr|Ms|Miss';
const TITLE = new RegExp(`(?<![\\p{L}\\p{N}])(?:(?<doctor>${DOCTOR_TITLES})|(?<civil>${CIVIL_TITLES}))\\.?(?:[ \\t\\u00a0]+(?:le|la|Le|La)[ \\t\\u00a0]+(?<then>Docteur|Professeur|Dr|Pr)\\.?)?(?=[ \\t\\u00a0])`, 'uy');
const TITLE_WORDS = new Set(['docteurs', 'docteur', 'professeurs', 'professeur', 'prof', 'drs', 'dre', 'dr', 'pr', 'mesdames', 'madame', 'mademoiselle', 'messieurs', 'monsieur', 'mmes', 'mme', 'mlle', 'mm', 'm', 'mrs', 'mr', 'ms', 'miss']);
const PLURAL_TITLE = /^(?:Docteurs|Professeurs|Drs|Mesdames|Messieurs|Mmes|MM)$/u;
const LABEL = /(?<![\p{L}])(?:Nom(?:[ \t]+de[ \t]+naissance|[ \t]+d['’]usage|[ \t]+de[ \t]+jeune[ \t]+fille|[ \t]+marital|[ \t]+patronymique)?|NOM(?:[ \t]+DE[ \t]+NAISSANCE|[ \t]+D['’]USAGE|[ \t]+DE[ \t]+JEUNE[ \t]+FILLE)?|Pr[ée]noms?|PR[ÉE]NOMS?|Patiente?|PATIENTE?|Pat\.|Name|NAME|Surname|Family[ \t]+name|First[ \t]+name|Given[ \t]+name|Patient[ \t]+name)[ \t]*:[ \t]*/uy;
const LABEL_WORDS = new Set(['nom', 'prenom', 'prenoms', 'patient', 'patiente', 'pat', 'name', 'surname', 'family', 'first', 'given']);
const BIRTH_NAME = /(?<![\p{L}])(?:née?|NÉE?|épouse|ÉPOUSE|ép\.|veuve|Vve\.?)[ \t]+(?=\p{Lu})/uy;
const BIRTH_NAME_WORDS = new Set(['ne', 'nee', 'epouse', 'ep', 'veuve', 'vve']);
const AFTER_LABEL_TITLE = /^(?:Madame|Monsieur|Mademoiselle|Mme|Mlle|M\.|Mrs\.?|Mr\.?|Ms\.?|Miss)[ \t]+/u;

/** One element of a written name: an initial ("J.", "J.-P."), a capitalised word, or a particle ("de", "van"). */
const NAME_PART = /(?<initial>\p{Lu}\.(?:-?\p{Lu}\.)*)|(?<word>\p{Lu}[\p{L}\p{M}]*(?:['’-]\p{L}[\p{L}\p{M}]*)*)|(?<particle>de|du|des|d['’]|van|von|der|den|da|dos|das|di|del|della|ben|ibn|el|al|ter|ten)(?![\p{L}])/uy;

/**
 * Read a person's name at `pos`: up to four initials or capitalised words (with particles between them) separated
 * by single spaces; it ends at anything else. Returns the end offset, or -1 when no word was read.
 */
export function readPersonName(text: string, pos: number): number {
  let p = pos;
  let end = -1;
  let words = 0;
  let first = true;
  while (words < 4) {
    let q = p;
    if (!first) {
      if (text[q] !== ' ' && text[q] !== '\u00a0') break;
      q++;
    }
    NAME_PART.lastIndex = q;
    const m = NAME_PART.exec(text);
    if (m === null) break;
    const g = m.groups ?? {};
    if (g.word !== undefined) {
      const f = fold(g.word);
      if (NAME_STOP.has(f) || (f.length === 1 && text[q + 1] !== '.')) break;
      end = q + g.word.length;
      words++;
    } else if (g.initial !== undefined) {
      words++;
    }
    p = q + m[0].length;
    first = false;
  }
  return end;
}

function pushName(out: Candidate[], start: number, end: number, type: IdentifierType, origin: NameOrigin, priority: number): void {
  if (end > start) out.push({ start, end, type, priority, origin });
}

export function findTitledNames(text: string, tokens: readonly WordToken[], out: Candidate[]): void {
  for (const t of tokens) {
    if (!t.capitalised || !TITLE_WORDS.has(t.folded)) continue;
    TITLE.lastIndex = t.start;
    const m = TITLE.exec(text);
    if (m === null) continue;
    const doctor = m.groups?.doctor !== undefined || m.groups?.then !== undefined;
    const title = m.groups?.doctor ?? m.groups?.civil ?? '';
    let pos = m.index + m[0].length;
    while (text[pos] === ' ' || text[pos] === '\t' || text[pos] === '\u00a0') pos++;
    for (;;) {
      const end = readPersonName(text, pos);
      if (end < 0) break;
      pushName(out, pos, end, doctor ? 'DOCTOR_NAME' : 'PATIENT_NAME', doctor ? 'doctor-title' : 'civil-title', PRIORITY.context);
      if (!PLURAL_TITLE.test(title)) break;
      const next = /^(?:,[ \t]*|[ \t]+(?:et|and|&)[ \t]+)/u.exec(text.slice(end, end + 6));
      if (next === null) break;
      pos = end + next[0].length;
    }
  }
}

export function findLabelledNames(text: string, tokens: readonly WordToken[], out: Candidate[]): void {
  for (const t of tokens) {
    const regex = t.capitalised && LABEL_WORDS.has(t.folded) ? LABEL : BIRTH_NAME_WORDS.has(t.folded) ? BIRTH_NAME : undefined;
    if (regex === undefined) continue;
    regex.lastIndex = t.start;
    const m = regex.exec(text);
    if (m === null) continue;
    let pos = m.index + m[0].length;
    const title = AFTER_LABEL_TITLE.exec(text.slice(pos, pos + 14));
    if (title !== null) pos += title[0].length;
    const end = readPersonName(text, pos);
    if (end > pos) pushName(out, pos, end, 'PATIENT_NAME', 'label', PRIORITY.context);
  }
}

/** What may come before an initial when a name is expected: a label's colon, a list's comma, a parenthesis, a line start. */
const LISTED_BEFORE = /(?:^|\n|[:;,(/]|\bet|\band)[ \t]*$/u;
const SURNAME_PARTICLES = new Set(['le', 'la', 'de', 'du', 'des', 'da', 'di', 'del', 'van', 'von', 'der', 'den', 'mac', 'mc', 'ben', 'el', 'al', 'dos', 'das']);
const SAINTS = new Set(['saint', 'sainte', 'st', 'ste', 'san', 'santa']);
const SINGLE_SPACE = /^[ \u00a0]$/;

function gapIs(text: string, a: WordToken, b: WordToken, re: RegExp): boolean {
  return re.test(text.slice(a.end, b.start));
}

/** A usable family-name word: capitalised, not a document word, not an ordinary word, not a lone letter. */
function surnameLike(t: WordToken | undefined, requireDictionary: boolean): boolean {
  if (t === undefined || !t.capitalised || t.text.length < 2 || NOT_NAME.has(t.folded)) return false;
  if (t.upper) return !COMMON.has(t.folded) || LAST.has(t.folded);
  if (COMMON.has(t.folded)) return false;
  return requireDictionary ? LAST.has(t.folded) : true;
}

function isFirstName(t: WordToken | undefined): boolean {
  return t !== undefined && t.capitalised && FIRST.has(t.folded) && !NOT_NAME.has(t.folded);
}

/** Extend a family name over hyphenated capitals ("GAUTHIER-LAMBERT") and, in capitals, spaced ones ("DA SILVA"). */
function extendSurname(text: string, tokens: readonly WordToken[], j: number, upperOnly: boolean): number {
  let k = j;
  while (k + 1 < tokens.length) {
    const next = tokens[k + 1]!;
    const gap = text.slice(tokens[k]!.end, next.start);
    const hyphenated = (gap === '-' || gap === "'" || gap === '’') && next.capitalised;
    const spacedCapitals = upperOnly && SINGLE_SPACE.test(gap) && next.upper && !NOT_NAME.has(next.folded) && !FIRST.has(next.folded);
    if (!hyphenated && !spacedCapitals) break;
    k++;
  }
  return k;
}

/** The last token of a given name at `i` ("Jean" or "Jean-Pierre"), or -1. */
function givenNameEnd(text: string, tokens: readonly WordToken[], i: number): number {
  const t = tokens[i]!;
  if (!isFirstName(t) || t.upper) return -1;
  const n = tokens[i + 1];
  return n !== undefined && text.slice(t.end, n.start) === '-' && isFirstName(n) ? i + 1 : i;
}

/** "Jean DUPONT", "Jean Dupont", "John A. Kowalski", "Chantal Le Floch": the last token, or -1. */
function givenThenFamily(text: string, tokens: readonly WordToken[], i: number, givenEnd: number): number {
  const ambiguous = givenEnd === i && COMMON.has(tokens[i]!.folded);
  let prevEnd = tokens[givenEnd]!.end;
  let j = givenEnd + 1;
  const mid = tokens[j];
  if (mid !== undefined && mid.text.length === 1 && mid.capitalised && text[mid.end] === '.' && SINGLE_SPACE.test(text.slice(prevEnd, mid.start))) {
    prevEnd = mid.end + 1;
    j++;
  }
  while (j + 1 < tokens.length && isParticle(tokens[j]!) && SINGLE_SPACE.test(text.slice(prevEnd, tokens[j]!.start)) && /^[ '’]$/.test(text.slice(tokens[j]!.end, tokens[j + 1]!.start))) {
    prevEnd = tokens[j]!.end;
    j++;
  }
  const s = tokens[j];
  if (s === undefined || !/^[ '’\u00a0]$/.test(text.slice(prevEnd, s.start))) return -1;
  // An ordinary word as given name ("Rose", "Claire") needs a known family name or one in capitals.
  if (!surnameLike(s, !s.upper && ambiguous)) return -1;
  return extendSurname(text, tokens, j, s.upper);
}

function isParticle(t: WordToken): boolean {
  return SURNAME_PARTICLES.has(t.folded) && t.capitalised && !t.upper;
}

/** "DUPONT Jean", "DA SILVA Maria", "CLÉMENT Sarah": the last token, or -1. */
function familyThenGiven(text: string, tokens: readonly WordToken[], i: number): number {
  const t = tokens[i]!;
  if (!t.upper || NOT_NAME.has(t.folded) || COMMON.has(t.folded)) return -1;
  let k = i;
  while (k + 1 < tokens.length && k - i < 2 && tokens[k + 1]!.upper && gapIs(text, tokens[k]!, tokens[k + 1]!, /^[ '’-]$/) && !FIRST.has(tokens[k + 1]!.folded)) k++;
  const f = tokens[k + 1];
  if (f === undefined || !gapIs(text, tokens[k]!, f, SINGLE_SPACE)) return -1;
  return givenNameEnd(text, tokens, k + 1);
}

/** "J. Dupont", "J.-P. MARTIN" (not "mmol/L. INR", nor "hépatite B. Sérologie"): the last token, or -1. */
function initialThenFamily(text: string, tokens: readonly WordToken[], i: number): number {
  const t = tokens[i]!;
  if (t.text.length !== 1 || !t.capitalised || text[t.end] !== '.' || (t.start > 0 && !/[\s(]/u.test(text[t.start - 1]!))) return -1;
  let j = i + 1;
  while (j < tokens.length && tokens[j]!.text.length === 1 && /^\.-?$/.test(text.slice(tokens[j - 1]!.end, tokens[j]!.start)) && text[tokens[j]!.end] === '.') j++;
  const s = tokens[j];
  if (s === undefined || !/^\. ?$/.test(text.slice(tokens[j - 1]!.end, s.start))) return -1;
  // Out of the dictionary, a family name is taken only where a name is expected ("Interne : C. Quéméner").
  const listed = LISTED_BEFORE.test(text.slice(Math.max(0, t.start - 6), t.start));
  const ok = s.upper ? surnameLike(s, false) && (LAST.has(s.folded) || (s.text.length >= 4 && !/\d/.test(s.text))) : surnameLike(s, !listed);
  return ok ? extendSurname(text, tokens, j, s.upper) : -1;
}

/** A frequent family name alone ("Dupont", "MOREAU") or an unambiguous given name alone ("Camille"): the last token, or -1. */
function nameAlone(text: string, tokens: readonly WordToken[], i: number, givenEnd: number): number {
  const t = tokens[i]!;
  if (t.text.length < 3) return -1;
  const prev = tokens[i - 1];
  if (prev !== undefined && text.slice(prev.end, t.start) === '-') return -1;
  if (givenEnd > i) return givenEnd;
  if (givenEnd === i && !COMMON.has(t.folded)) return i;
  if (LAST.has(t.folded) && !COMMON.has(t.folded) && !NOT_NAME.has(t.folded)) return extendSurname(text, tokens, i, t.upper);
  return -1;
}

/**
 * Names found with the dictionaries, in the shapes notes write them. Typed DOCTOR_NAME: people other than the
 * patient named in a note are mostly clinicians (the patient is found from the record, titles and labels).
 */
export function findDictionaryNames(text: string, tokens: readonly WordToken[], out: Candidate[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.capitalised) continue;
    const prev = tokens[i - 1];
    if (prev !== undefined && SAINTS.has(prev.folded) && t.start - prev.end <= 1) continue;
    const givenEnd = givenNameEnd(text, tokens, i);
    let end = givenEnd >= 0 ? givenThenFamily(text, tokens, i, givenEnd) : -1;
    if (end < 0) end = familyThenGiven(text, tokens, i);
    if (end < 0) end = initialThenFamily(text, tokens, i);
    if (end < 0) end = nameAlone(text, tokens, i, givenEnd);
    if (end < 0) continue;
    pushName(out, t.start, tokens[end]!.end, 'DOCTOR_NAME', 'dictionary', PRIORITY.dictionary);
    i = end;
  }
}
