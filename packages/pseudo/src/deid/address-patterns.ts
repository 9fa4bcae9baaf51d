import { PRIORITY, type Candidate } from './candidate.js';
import { readProperName } from './proper-name.js';
import type { WordToken } from './word-tokens.js';

/*
 * Postal addresses: a street number and a type of way (French and English), building, residence and PO box
 * complements. Tried at the way's word ("rue", "avenue", "Road"), looking back for the number.
 */

/** Types of way after which any word may follow ("rue des écoles"); abbreviations need their dot. */
const STRONG_WAYS = new Set(['rue', 'avenue', 'av', 'bd', 'bld', 'boulevard', 'impasse', 'imp', 'allee', 'allees', 'chemin', 'ch', 'quai', 'square', 'faubourg', 'fbg', 'residence', 'res', 'lieudit']);
/** Types of way that are also common words ("3 cours de chimiothérapie"): a capitalised name must follow. */
const WEAK_WAYS = new Set(['cours', 'place', 'pl', 'route', 'rte', 'voie', 'passage', 'mail', 'cite', 'villa', 'hameau', 'domaine', 'lotissement', 'parvis', 'esplanade', 'promenade', 'montee', 'sentier', 'traverse', 'chaussee', 'port']);
const DOTTED_WAYS = new Set(['av', 'imp', 'ch', 'res', 'pl']);
const OPTIONALLY_DOTTED_WAYS = new Set(['bd', 'rte', 'fbg']);
const NUMBER_BEFORE_WAY = /(?<![\p{L}\p{N}])\d{1,4}(?:[ \t]?(?:bis|ter|quater|[A-Da-d]))?,?[ \t]+$/u;
/** Address complements: building, residence, flat ("Le Mas des Cigales" is handled with them); PO boxes below. */
const COMPLEMENTS = new Set(['residence', 'res', 'batiment', 'bat', 'immeuble', 'imm', 'appartement', 'appt', 'apt', 'escalier', 'esc', 'hameau', 'flat', 'suite', 'unit']);
const POSTAL_BOX = /(?:BP|CS|TSA|B\.P\.)[ \t]+\d{2,6}(?![\p{N}])/uy;
/** English types of way, at the end of the street's name; the abbreviations may take a dot. */
const EN_DOTTED_WAYS = new Set(['st', 'rd', 'ave', 'ln', 'blvd', 'ct', 'pkwy', 'hwy']);
const EN_WAYS = new Set(['street', 'st', 'road', 'rd', 'avenue', 'ave', 'lane', 'ln', 'boulevard', 'blvd', 'court', 'ct', 'way', 'place', 'square', 'terrace', 'close', 'crescent', 'gardens', 'grove', 'parkway', 'pkwy', 'highway', 'hwy']);
const EN_STREET_BEFORE = /(?<![\p{L}\p{N}])\d{1,5}[A-Z]?[ \t]+(?:\p{Lu}[\p{L}'’-]*[ \t]+){1,4}$/u;

/** The end of a way's keyword (after "lieu-dit", after the dot of "av."), and whether any word may follow it. */
function wayEnd(text: string, tokens: readonly WordToken[], i: number): { end: number; strong: boolean } | undefined {
  const t = tokens[i]!;
  if (t.folded === 'lieu' && tokens[i + 1]?.folded === 'dit' && text[t.end] === '-') return { end: tokens[i + 1]!.end, strong: true };
  const strong = STRONG_WAYS.has(t.folded);
  if (!strong && !WEAK_WAYS.has(t.folded)) return undefined;
  const dot = text[t.end] === '.';
  if (DOTTED_WAYS.has(t.folded) && !dot) return undefined;
  return { end: dot && (DOTTED_WAYS.has(t.folded) || OPTIONALLY_DOTTED_WAYS.has(t.folded)) ? t.end + 1 : t.end, strong };
}

export function findAddresses(text: string, tokens: readonly WordToken[], out: Candidate[]): void {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.digits) continue;
    if (t.folded === 'bp' || t.folded === 'cs' || t.folded === 'tsa' || t.folded === 'b') {
      POSTAL_BOX.lastIndex = t.start;
      const m = POSTAL_BOX.exec(text);
      if (m !== null) out.push({ start: t.start, end: t.start + m[0].length, type: 'ADDRESS', priority: PRIORITY.pattern });
      continue;
    }
    if (t.upper) continue;
    const way = wayEnd(text, tokens, i);
    if (way !== undefined) {
      const number = NUMBER_BEFORE_WAY.exec(text.slice(Math.max(0, t.start - 16), t.start));
      const numbered = number !== null;
      if (!numbered && !way.strong) continue;
      const name = readProperName(text, way.end, { anyFirstWord: way.strong && numbered, numbers: true });
      if (name.proper === 0) continue;
      out.push({ start: numbered ? t.start - number[0].length : t.start, end: name.end, type: 'ADDRESS', priority: PRIORITY.pattern });
      continue;
    }
    const complement = COMPLEMENTS.has(t.folded) || (t.folded === 'mas' && tokens[i - 1]?.folded === 'le');
    if (complement) {
      const start = t.folded === 'mas' ? tokens[i - 1]!.start : t.start;
      const after = text[t.end] === '.' ? t.end + 1 : t.end;
      const name = readProperName(text, after, { numbers: true, maxWords: 4 });
      if (name.proper > 0) out.push({ start, end: name.end, type: 'ADDRESS', priority: PRIORITY.pattern });
      continue;
    }
    if (t.capitalised && EN_WAYS.has(t.folded)) {
      const before = EN_STREET_BEFORE.exec(text.slice(Math.max(0, t.start - 70), t.start));
      if (before === null) continue;
      const end = EN_DOTTED_WAYS.has(t.folded) && text[t.end] === '.' ? t.end + 1 : t.end;
      out.push({ start: t.start - before[0].length, end, type: 'ADDRESS', priority: PRIORITY.pattern });
    }
  }
}
