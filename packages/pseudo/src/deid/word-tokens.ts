import { fold } from './text-fold.js';

/** A run of letters and digits in the text, with its folded form and its capitalisation. */
export interface WordToken {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly folded: string;
  /** The first character is an upper-case letter. */
  readonly capitalised: boolean;
  /** Capitalised, at least two characters, no lower-case letter ("DUPONT", "HER2"). */
  readonly upper: boolean;
  /** Only digits. */
  readonly digits: boolean;
  /** Starts with a digit ("12", "1er", "4B"). */
  readonly digitStart: boolean;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const UPPER_CHAR = /\p{Lu}/u;
const LOWER_CHAR = /\p{Ll}/u;

/** Letters, marks and digits: ASCII by code, the rest by Unicode class. */
function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  if (c >= 0xd800 && c <= 0xdfff) return WORD_CHAR.test(text.slice(i, i + 2));
  return WORD_CHAR.test(text[i]!);
}

function isUpperAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 128) return c >= 65 && c <= 90;
  return UPPER_CHAR.test(s[i]!);
}

function hasLower(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128 ? c >= 97 && c <= 122 : LOWER_CHAR.test(s[i]!)) return true;
  }
  return false;
}

/**
 * The words of a text: maximal runs of letters, marks and digits ("Jean-Pierre" is two words, "l'Estuaire" two).
 * @example wordTokens("Dr J. Martin").map((t) => t.text) // ['Dr', 'J', 'Martin']
 */
export function wordTokens(text: string): WordToken[] {
  const tokens: WordToken[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isWordChar(text, i)) {
      i++;
      continue;
    }
    const start = i;
    let allDigits = true;
    while (i < n && isWordChar(text, i)) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) allDigits = false;
      i += c >= 0xd800 && c <= 0xdbff ? 2 : 1;
    }
    const t = text.slice(start, i);
    const c0 = t.charCodeAt(0);
    const digitStart = c0 >= 48 && c0 <= 57;
    const capitalised = !digitStart && isUpperAt(t, 0);
    tokens.push({
      start,
      end: i,
      text: t,
      folded: allDigits ? t : fold(t),
      capitalised,
      upper: capitalised && t.length >= 2 && !hasLower(t),
      digits: allDigits,
      digitStart,
    });
  }
  return tokens;
}

/** Whether the character at `i` is a letter, mark or digit (false outside the text). */
export function isWordCharAt(text: string, i: number): boolean {
  return i >= 0 && i < text.length && isWordChar(text, i);
}
