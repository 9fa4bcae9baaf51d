import { PRIORITY, type Candidate } from './candidate.js';
import { isValidNir } from './nir.js';
import type { WordToken } from './word-tokens.js';

/*
 * Identifiers recognised by their shape: e-mails, URLs, phone numbers (French, with +33, international, UK and
 * US), NIRs (key checked, or announced by "NIR", "n° sécu"…), record numbers announced by their label (IPP, NDA,
 * dossier, MRN, accession…) and long numbers. Every regex is sticky and compiled once; it is tried only where the
 * identifier can start (an "@", a number, "www"), never scanned over the whole text.
 */

const EMAIL_LOCAL_CHAR = /[\p{L}\p{N}._%+-]/u;
const EMAIL_DOMAIN = /@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\p{L}\p{N}])/uy;
const URL = /(?:https?:\/\/|www\.)[^\s<>"'()[\]{}]+/iy;
const DOMAIN_BEFORE_TLD = /(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+$/;
const TLDS = new Set(['fr', 'com', 'org', 'net', 'eu', 'info', 'io', 'be', 'ch', 'de', 'uk']);
const URL_PATH = /(?:\/[^\s<>"'()]*)?/y;
const TRAILING_PUNCTUATION = /[.,;:!?]+$/;

/** Phone shapes, tried at a digit, a "+" or a "(". */
const PHONE_PATTERNS: readonly RegExp[] = [
  // 04 72 68 11 40, 04.72.68.11.40, 0472681140, +33 4 72 68 11 40, +33 (0)4 72 68 11 40, 0033 4…
  /(?<![\p{N}+])(?:(?:\+|00)\s?33[ .\u00a0-]?(?:\(0\)[ .\u00a0-]?)?[1-9]|0[1-9])(?:[ .\u00a0-]?\d{2}){4}(?![\p{N}]|[.,]\d)/uy,
  // 0 800 123 456
  /(?<![\p{N}+])0[ .]?[89]\d{2}(?:[ .]?\d{3}){2}(?![\p{N}])/uy,
  // +44 20 7946 0958, +1 (555) 201-3344
  /(?<![\p{N}+])(?:\+|00)(?!33)[1-9]\d{0,2}[ .\u00a0-]?(?:\(\d{1,4}\)[ .\u00a0-]?)?\d{1,4}(?:[ .\u00a0-]?\d{2,4}){1,4}(?![\p{N}])/uy,
  // 0161 446 3000 (UK national)
  /(?<![\p{N}+])0\d{2,4}[ .-]\d{3,4}[ .-]?\d{3,4}(?![\p{N}])/uy,
  // (555) 201-3344, 555-201-3344
  /(?<![\p{N}])(?:\(\d{3}\)[ .-]?|\d{3}[.-])\d{3}[ .-]\d{4}(?![\p{N}])/uy,
];

const NIR = /(?<![\p{L}\p{N}])[1-478][ .-]?\d{2}[ .-]?\d{2}[ .-]?(?:\d{2}|2[AaBb])[ .-]?\d{3}[ .-]?\d{3}(?:[ .-]?\d{2})?(?![\p{L}\p{N}])/uy;
const NIR_CONTEXT = /(?:^|[^\p{L}])(?:NIR|INS|NSS|n°\s*(?:de\s+)?s[ée]cu\w*|n°\s*SS|s[ée]curit[ée]\s+sociale|matricule|immatriculation|social\s+security)(?![\p{L}])[^\n]{0,40}$/iu;

/** A record number: maybe a short letter prefix, digits, dash-joined parts, space-separated digit groups. */
const ID = /(?<![\p{L}\p{N}])(?:[A-Za-z]{1,4}-?)?\d[\dA-Za-z]*(?:-[A-Za-z0-9]+)*(?:[ \u00a0]\d{2,5}(?![\p{L}\p{N}/]))*(?![\p{L}\p{N}/])/uy;
const LABEL_PARTS = {
  nda: 'NDA|n°\\s*(?:de\\s+)?s[ée]jour|s[ée]jour\\s*n°|n°\\s*(?:de\\s+)?venue|venue\\s*(?:n°|:)|n°\\s*d[\'’]\\s*hospitalisation|visit\\s*(?:no\\.?|number|#)|encounter\\s*(?:no\\.?|number|#|id)',
  ipp: 'IPP|NIP|MRN|n°\\s*(?:de\\s+)?patient|patient\\s*(?:id|n°|no\\.?|number|#)|n°\\s*(?:de\\s+)?dossier|dossier\\s*n°|dossier|hospital\\s*(?:no\\.?|number)|NHS\\s*(?:no\\.?|number)|accession(?:\\s*(?:no\\.?|number|n°|#))?|(?:lab|specimen|sample)\\s*(?:no\\.?|number|#)|n°\\s*d[\'’]\\s*(?:examen|enregistrement|accession)|n°\\s*(?:de\\s+)?pr[ée]l[èe]vement|RPPS|ADELI|FINESS|identifiant|ID\\s*patient',
} as const;
/** The end of the text before a number: a label, maybe a parenthesis or "chez nous", then ':' or 'n°'. */
const LABEL_BEFORE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?<nda>${LABEL_PARTS.nda})|(?<ipp>${LABEL_PARTS.ipp}))(?![\\p{L}])` +
    '(?:\\s*\\([^)\\n]{1,30}\\))?(?:\\s+(?:chez\\s+nous|du\\s+patient|de\\s+la\\s+patiente|local|interne))?' +
    '\\s*(?:[:#=]|n°|no\\.?)?\\s*[:#]?\\s*$',
  'iu',
);
/** Last words of the labels (and of what may follow them): the label regex runs only after one of these. */
const LABEL_END_WORDS = new Set([
  'nda', 'sejour', 'venue', 'hospitalisation', 'visit', 'encounter', 'no', 'number', 'id', 'ipp', 'nip', 'mrn', 'patient', 'dossier',
  'accession', 'lab', 'specimen', 'sample', 'examen', 'enregistrement', 'prelevement', 'rpps', 'adeli', 'finess', 'identifiant', 'nous', 'local', 'interne', 'n', 'patiente',
]);
const NDA_LABEL_BEFORE = /(?:NDA|s[ée]jour|venue|hospitalisation|visit|encounter)[^\n]{0,25}$/iu;
/** A long number (8 digits or more, maybe after one or two capitals) with nothing around it. */
const LONG_NUMBER = /(?<![\p{L}\p{N}.,/-])[A-Z]{0,2}\d{8,}(?![\p{L}\p{N}]|[.,]\d)/uy;

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

function stickyAt(regex: RegExp, text: string, at: number): RegExpExecArray | null {
  regex.lastIndex = at;
  return regex.exec(text);
}

/** E-mails around each "@"; URLs at "http", "www" and before a known top-level domain. */
export function findEmailsAndUrls(text: string, tokens: readonly WordToken[], out: Candidate[]): void {
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && EMAIL_LOCAL_CHAR.test(text[start - 1]!)) start--;
    while (start < at && !/[\p{L}\p{N}]/u.test(text[start]!)) start++;
    const domain = stickyAt(EMAIL_DOMAIN, text, at);
    if (start < at && domain !== null) out.push({ start, end: at + domain[0].length, type: 'EMAIL', priority: PRIORITY.pattern });
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.folded === 'http' || t.folded === 'https' || t.folded === 'www') {
      if (t.start > 0 && /[\p{L}\p{N}@./-]/u.test(text[t.start - 1]!)) continue;
      const m = stickyAt(URL, text, t.start);
      if (m === null) continue;
      const value = m[0].replace(TRAILING_PUNCTUATION, '');
      if (value.length > 4) out.push({ start: t.start, end: t.start + value.length, type: 'URL', priority: PRIORITY.pattern });
      while (i + 1 < tokens.length && tokens[i + 1]!.start < t.start + value.length) i++;
    } else if (TLDS.has(t.text) && text[t.start - 1] === '.' && !/[\p{L}\p{N}@-]/u.test(text[t.end] ?? ' ')) {
      const before = DOMAIN_BEFORE_TLD.exec(text.slice(Math.max(0, t.start - 80), t.start));
      if (before === null) continue;
      const start = t.start - before[0].length;
      if (start > 0 && /[\p{L}\p{N}@./_-]/u.test(text[start - 1]!)) continue;
      const path = stickyAt(URL_PATH, text, t.end);
      const end = t.end + (path?.[0].replace(TRAILING_PUNCTUATION, '').length ?? 0);
      out.push({ start, end, type: 'URL', priority: PRIORITY.pattern });
    }
  }
}

/** Where a phone number can start at a number: at it ("04…", "0161…", "555-…"), before it ("+33 …", "(555)…"). */
function phoneStarts(text: string, t: WordToken): number[] {
  const starts: number[] = [];
  const before = text[t.start - 1];
  if (before === '+' || before === '(') starts.push(t.start - 1);
  else if (before === ' ' && text[t.start - 2] === '+') starts.push(t.start - 2);
  const after = text[t.end];
  if (t.text.charCodeAt(0) === 48 || (t.text.length === 3 && (after === '-' || after === '.'))) starts.push(t.start);
  return starts;
}

/** Phone numbers, tried where one can start. */
export function findPhones(text: string, tokens: readonly WordToken[], out: Candidate[]): void {
  for (const t of tokens) {
    if (!t.digitStart) continue;
    for (const at of phoneStarts(text, t)) {
      for (const regex of PHONE_PATTERNS) {
        const m = stickyAt(regex, text, at);
        if (m === null) continue;
        const n = digitCount(m[0]);
        if (n >= 9 && n <= 15) out.push({ start: at, end: at + m[0].length, type: 'PHONE', priority: PRIORITY.pattern });
      }
    }
  }
}

/** NIRs whose key is right, and 13- or 15-digit numbers announced as a NIR whatever their key. */
export function findNirs(text: string, tokens: readonly WordToken[], out: Candidate[]): void {
  for (const t of tokens) {
    const c = t.text.charCodeAt(0);
    if (!t.digitStart || c === 48 || c === 53 || c === 54 || c === 57) continue;
    const m = stickyAt(NIR, text, t.start);
    if (m === null) continue;
    const compact = m[0].replace(/[ .-]/g, '');
    const valid = compact.length === 15 && isValidNir(compact);
    const announced = NIR_CONTEXT.test(text.slice(Math.max(0, t.start - 60), t.start));
    if (valid || announced) out.push({ start: t.start, end: t.start + m[0].length, type: 'NIR', priority: announced ? PRIORITY.context : PRIORITY.pattern });
  }
}

/** Numbers after a label: IPP, NIP, dossier, MRN, NHS no., accession, RPPS (IPP); NDA, séjour, venue (NDA). Long numbers. */
export function findLabelledIds(text: string, tokens: readonly WordToken[], out: Candidate[]): void {
  let after = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.start < after) continue;
    const next = tokens[i + 1];
    const prefixed = !t.digitStart && t.text.length <= 4 && next !== undefined && next.digitStart && (next.start === t.end || (next.start === t.end + 1 && text[t.end] === '-'));
    if (!t.digitStart && !(prefixed || /\d/.test(t.text))) continue;
    if (t.text.length >= 8 || (prefixed && next !== undefined && next.text.length >= 8)) {
      const long = stickyAt(LONG_NUMBER, text, t.start);
      if (long !== null) out.push({ start: t.start, end: t.start + long[0].length, type: 'IPP', priority: PRIORITY.fallback });
    }
    if (!labelWordBefore(text, tokens, i)) continue;
    const m = stickyAt(ID, text, t.start);
    if (m === null || m[0].length < 4 || digitCount(m[0]) < 3) continue;
    const label = LABEL_BEFORE.exec(text.slice(Math.max(0, t.start - 48), t.start));
    if (label === null) continue;
    out.push({ start: t.start, end: t.start + m[0].length, type: label.groups?.nda !== undefined ? 'NDA' : 'IPP', priority: PRIORITY.context });
    after = t.start + m[0].length;
  }
}

/** Whether one of the last three words before token `i`, on its line, can end a label. */
function labelWordBefore(text: string, tokens: readonly WordToken[], i: number): boolean {
  const lineStart = text.lastIndexOf('\n', tokens[i]!.start - 1);
  for (let k = i - 1; k >= 0 && k >= i - 3; k--) {
    const p = tokens[k]!;
    if (p.start <= lineStart) return false;
    if (LABEL_END_WORDS.has(p.folded)) return true;
  }
  return false;
}

/** Whether a stay-number label precedes an offset on its line (to type a record identifier as NDA). */
export function stayLabelBefore(text: string, offset: number): boolean {
  return NDA_LABEL_BEFORE.test(text.slice(Math.max(0, offset - 40), offset));
}
