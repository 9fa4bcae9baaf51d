import { fold } from './text-fold.js';
import type { WordToken } from './word-tokens.js';

const SPLIT = /[^\p{L}\p{M}\p{N}]+/u;
/** "St-Étienne" and "Saint-Étienne" are the same place. */
function canonical(folded: string): string {
  return folded === 'st' ? 'saint' : folded === 'ste' ? 'sainte' : folded;
}

/** Folded words of a phrase. @example phraseWords("Saint-Bonnet-le-Château") // ['saint', 'bonnet', 'le', 'chateau'] */
export function phraseWords(phrase: string): string[] {
  return fold(phrase)
    .split(SPLIT)
    .filter((w) => w !== '')
    .map(canonical);
}

/** What may separate two words of a phrase in the text: a space, a hyphen, an apostrophe (never a line break). */
export const NAME_GAP = /^[ \t\u00a0'’-]{1,3}$/;

/**
 * Multi-word phrases (names, communes, hospitals, address lines) looked up word by word on the text's tokens: a
 * map from the first folded word to the phrases that start with it, longest first. Built once per list.
 */
export class PhraseIndex {
  readonly #byFirst = new Map<string, (readonly string[])[]>();

  constructor(phrases: Iterable<string>) {
    for (const phrase of phrases) this.add(phrase);
  }

  add(phrase: string): void {
    const words = phraseWords(phrase);
    const first = words[0];
    if (first === undefined) return;
    const list = this.#byFirst.get(first) ?? [];
    if (list.some((w) => w.length === words.length && w.every((x, i) => x === words[i]))) return;
    list.push(words);
    list.sort((a, b) => b.length - a.length);
    this.#byFirst.set(first, list);
  }

  get size(): number {
    return this.#byFirst.size;
  }

  /** Whether any phrase starts with this folded word (a cheap pre-check). */
  startsWith(folded: string): boolean {
    return this.#byFirst.has(canonical(folded));
  }

  /**
   * The number of tokens of the longest phrase that starts at token `i` (0 when none), the tokens being separated
   * in the text by gaps that `gap` accepts.
   */
  matchAt(text: string, tokens: readonly WordToken[], i: number, gap: RegExp = NAME_GAP): number {
    const first = tokens[i];
    if (first === undefined) return 0;
    const candidates = this.#byFirst.get(canonical(first.folded));
    if (candidates === undefined) return 0;
    for (const words of candidates) {
      let ok = i + words.length <= tokens.length;
      for (let k = 1; ok && k < words.length; k++) {
        const t = tokens[i + k]!;
        ok = canonical(t.folded) === words[k] && gap.test(text.slice(tokens[i + k - 1]!.end, t.start));
      }
      if (ok) return words.length;
    }
    return 0;
  }
}
