import { Rng } from './rng.js';

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mix of one word. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Hash a list of integer keys to one 32-bit word (MurmurHash3-style combination of 32-bit chunks; keys up to 2^53
 * are split in two words so that patient indices beyond 2^32 stay distinct).
 * @example hashKeys([42, 1, 7]) !== hashKeys([42, 1, 8])
 */
export function hashKeys(keys: readonly number[], salt = 0): number {
  let h = (0x9e3779b9 ^ salt) >>> 0;
  for (const key of keys) {
    const lo = key >>> 0;
    const hi = Math.floor(key / 4294967296) >>> 0;
    for (const word of [lo, hi]) {
      let k = Math.imul(word, 0xcc9e2d51);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, 0x1b873593);
      h ^= k;
      h = (h << 13) | (h >>> 19);
      h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    }
  }
  return mix32(h ^ (keys.length * 8));
}

/**
 * An independent generator for one stream of the population, keyed by integers such as (seed, site, patient index,
 * purpose). The four state words come from four differently salted hashes of the keys, so that neighbouring keys
 * give unrelated streams.
 * @example createStreamRng([seed, 1, 1234]).uniform() // the same number on every run
 */
export function createStreamRng(keys: readonly number[]): Rng {
  return new Rng(hashKeys(keys, 0x243f6a88), hashKeys(keys, 0x85a308d3), hashKeys(keys, 0x13198a2e), hashKeys(keys, 0x03707344) | 1);
}
