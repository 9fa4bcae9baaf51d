const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** Lower-case, unaccented forms of the Latin-1 and Latin Extended-A letters (U+00C0–U+017F); '' when none. */
const LATIN_FOLD: readonly string[] = (() => {
  const table: string[] = [];
  for (let c = 0xc0; c <= 0x17f; c++) {
    const ch = String.fromCharCode(c);
    const base = ch.toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '');
    table.push(base.length === 1 && base.charCodeAt(0) < 128 ? base : '');
  }
  const special: Readonly<Record<string, string>> = { 'œ': 'oe', 'Œ': 'oe', 'æ': 'ae', 'Æ': 'ae', 'ß': 'ss' };
  for (const [ch, s] of Object.entries(special)) table[ch.charCodeAt(0) - 0xc0] = s;
  return table;
})();

const SLOW_LIGATURES = /[œæß’‘`´]/g;
const SLOW_LIGATURE_TEXT: Readonly<Record<string, string>> = { œ: 'oe', æ: 'ae', ß: 'ss', '’': "'", '‘': "'", '`': "'", '´': "'" };

function slowFold(word: string): string {
  return word.toLowerCase().normalize('NFD').replace(COMBINING_MARKS, '').replace(SLOW_LIGATURES, (x) => SLOW_LIGATURE_TEXT[x] ?? x);
}

/**
 * A word as the dictionaries store it: lower case, without accents, ligatures spelt out.
 * @example fold('Élodie') // 'elodie'; fold('CŒUR') // 'coeur'
 */
export function fold(word: string): string {
  let simple = true;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c > 127 || (c >= 65 && c <= 90)) {
      simple = false;
      break;
    }
  }
  if (simple) return word;
  let out = '';
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 128) out += c >= 65 && c <= 90 ? String.fromCharCode(c + 32) : word[i];
    else if (c >= 0xc0 && c <= 0x17f && LATIN_FOLD[c - 0xc0] !== '') out += LATIN_FOLD[c - 0xc0];
    else return slowFold(word);
  }
  return out;
}

/** A set of folded words. */
export function foldedSet(words: readonly string[]): ReadonlySet<string> {
  return new Set(words.map(fold));
}
