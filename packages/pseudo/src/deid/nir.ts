/**
 * The NIR (numéro d'inscription au répertoire, the French social-security number): 13 characters and a 2-digit key,
 * key = 97 − (the 13 digits mod 97); for births in Corsica since 1976 the département is 2A or 2B, read as 19 and
 * 18 for the key (INSEE). People write it with or without spaces: "2 58 03 69 123 456 21".
 */

/** The 13-character body as an integer, 2A → 19, 2B → 18; undefined when it is not a NIR body. */
function bodyValue(body: string): bigint | undefined {
  const b = body.toUpperCase();
  if (!/^\d{5}(?:\d{2}|2A|2B)\d{6}$/.test(b)) return undefined;
  const dept = b.slice(5, 7);
  const digits = dept === '2A' ? `${b.slice(0, 5)}19${b.slice(7)}` : dept === '2B' ? `${b.slice(0, 5)}18${b.slice(7)}` : b;
  return BigInt(digits);
}

/**
 * The key of a 13-character NIR body, two digits.
 * @example nirKey('2580369123456') // '21'; nirKey('147112A045012') // '22'
 */
export function nirKey(body: string): string | undefined {
  const v = bodyValue(body);
  if (v === undefined) return undefined;
  return String(97n - (v % 97n)).padStart(2, '0');
}

/**
 * Whether a NIR (spaces, dots and dashes ignored) has 15 characters and a correct key.
 * @example isValidNir('2 58 03 69 123 456 21') // true; isValidNir('2 58 03 69 123 456 12') // false
 */
export function isValidNir(value: string): boolean {
  const c = value.replace(/[\s.-]/g, '');
  return c.length === 15 && /^\d\d$/.test(c.slice(13)) && nirKey(c.slice(0, 13)) === c.slice(13);
}
