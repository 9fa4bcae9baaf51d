import { classifyAntineoplastic, type DrugClass } from '../oncology/drug-class.js';

/** An ATC code prefix and the class of the drugs under it; the longest matching prefix decides. */
export interface AtcClassPrefix {
  readonly prefix: string;
  readonly drugClass: DrugClass;
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

let cached: readonly AtcClassPrefix[] | undefined;

/**
 * The prefix table of `classifyAntineoplastic`, so that SQL classifies drugs exactly as line derivation does: every
 * L01/L02 prefix at ATC levels 2–5 whose class differs from its parent's. Read off the classifier itself (about
 * 137,000 calls, once per process) rather than copied, so the two cannot drift apart.
 * @example atcClassPrefixes().find((p) => p.prefix === 'L01FF') // { prefix: 'L01FF', drugClass: 'immunotherapy' }
 */
export function atcClassPrefixes(): readonly AtcClassPrefix[] {
  if (cached !== undefined) return cached;
  const out: AtcClassPrefix[] = [];
  const visit = (code: string, parentClass: DrugClass | undefined): void => {
    const drugClass = classifyAntineoplastic(code);
    if (drugClass !== undefined && drugClass !== parentClass) out.push({ prefix: code, drugClass });
    const inherited = drugClass ?? parentClass;
    if (code.length === 3 || code.length === 4) {
      for (const letter of LETTERS) visit(code + letter, inherited);
    } else if (code.length === 5) {
      for (let n = 1; n <= 99; n++) visit(code + String(n).padStart(2, '0'), inherited);
    }
  };
  visit('L01', undefined);
  visit('L02', undefined);
  cached = Object.freeze(out);
  return cached;
}
