import { NOT_NAMES } from './data/vocabulary.js';
import { fold, foldedSet } from './text-fold.js';

/*
 * Reading the proper name that follows a keyword on the same line: a street after "rue", a hospital after
 * "Centre", a city after a postcode.
 */

export const ARTICLES = new Set(['le', 'la', 'les', 'l']);
export const CONNECTORS = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'et', 'sur', 'sous', 'en', 'lez', 'aux']);
/** Capitalised words that are not part of a place's name (document words, days, "Service"…). */
export const NOT_PLACE_NAMES = foldedSet([...NOT_NAMES.filter((w) => !['saint', 'sainte', 'st', 'ste', 'nord', 'sud', 'est', 'ouest', 'france'].includes(w)), 'jour', 'nuit', 'semaine', 'tel', 'fax', 'service', 'secretariat']);

const WORD_AT = /[\p{L}\p{M}\p{N}]+(?:['’-][\p{L}\p{M}\p{N}]+)*/uy;
export const UPPER_FIRST = /^\p{Lu}/u;

export interface Word {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly folded: string;
}

/** The next word on the same line at `pos` after at most one space (tab or no-break space): undefined otherwise. */
export function wordAfter(text: string, pos: number, maxGap = 1): Word | undefined {
  let p = pos;
  let gap = 0;
  while (p < text.length && (text[p] === ' ' || text[p] === '\t' || text[p] === '\u00a0') && gap <= maxGap) {
    p++;
    gap++;
  }
  if (gap > maxGap) return undefined;
  WORD_AT.lastIndex = p;
  const m = WORD_AT.exec(text);
  if (m === null) return undefined;
  return { start: p, end: p + m[0].length, text: m[0], folded: fold(m[0]) };
}

/** "l'Estuaire" → the connector is "l" and the word "Estuaire". */
export function elided(word: Word): { connector: boolean; rest: string } {
  const m = /^([ldLD])['’](.+)$/u.exec(word.text);
  return m === null ? { connector: false, rest: word.text } : { connector: true, rest: m[2] ?? '' };
}

export interface ProperName {
  readonly end: number;
  readonly proper: number;
}

/**
 * Read a proper name after a keyword (a street after "rue", a hospital after "Centre"): capitalised words, numbers,
 * connectors (de, la, l'…) and, for hospitals, descriptive words; ends at punctuation, a line break, a dash between
 * spaces, or a lower-case word. Trailing connectors are dropped; `proper` counts capitalised words and numbers.
 */
export function readProperName(text: string, pos: number, options: { readonly anyFirstWord?: boolean; readonly descriptors?: ReadonlySet<string>; readonly maxWords?: number; readonly numbers?: boolean }): ProperName {
  let end = pos;
  let lastGood = pos;
  let proper = 0;
  let words = 0;
  let anyFirst = options.anyFirstWord === true;
  for (;;) {
    const w = wordAfter(text, end);
    if (w === undefined || words >= (options.maxWords ?? 7)) break;
    const { connector, rest } = elided(w);
    const restFolded = fold(rest);
    const isNumber = /^\d/.test(w.text);
    if (isNumber) {
      if (options.numbers !== true || /^\d{5}$/.test(w.text)) break;
      proper++;
      words++;
      end = w.end;
      lastGood = end;
      anyFirst = false;
      continue;
    }
    const capital = UPPER_FIRST.test(rest);
    if (!connector && CONNECTORS.has(w.folded)) {
      end = w.end;
      continue;
    }
    if (capital && !NOT_PLACE_NAMES.has(restFolded)) {
      proper++;
      words++;
      end = w.end;
      lastGood = end;
      anyFirst = false;
      continue;
    }
    if (options.descriptors?.has(restFolded) === true) {
      words++;
      end = w.end;
      lastGood = end;
      continue;
    }
    if (anyFirst && !capital) {
      proper++;
      words++;
      end = w.end;
      lastGood = end;
      anyFirst = false;
      continue;
    }
    break;
  }
  return { end: lastGood, proper };
}
