/**
 * A hash map from strings (FHIR references such as 'Encounter/site-01-1234-enc1') to 32-bit integers, holding each
 * key as a 64-bit hash in typed arrays: 12 bytes per slot instead of a JavaScript string and a Map entry (~100 bytes),
 * so that a load of millions of resources keeps its reference and duplicate indexes in bounded, predictable memory.
 * Keys are never stored, so the map holds no source identifier either.
 *
 * Two different keys share a 64-bit hash with probability about n²/2⁶⁵ (3 in 10⁴ for 10⁸ keys); such a collision
 * would make one resource look like a duplicate of another, which is counted, never silent.
 *
 * @example const m = new CompactKeyMap(); m.set('Patient/1', 7); m.get('Patient/1') // 7
 */
export class CompactKeyMap {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private values: Int32Array;
  private mask: number;
  private count = 0;

  constructor(initialCapacity = 1 << 12) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.count;
  }

  /** The value of a key, or undefined. */
  get(key: string): number | undefined {
    const h = hashKey(key);
    const slot = this.find(h.hi, h.lo);
    return this.hi[slot] === 0 ? undefined : this.values[slot];
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  /** Set a key's value; returns false when the key was already there (its value is replaced). */
  set(key: string, value: number): boolean {
    const h = hashKey(key);
    return this.insert(h.hi, h.lo, value, true);
  }

  /** Add a key if absent (value 0); false when it was already there. For duplicate detection. */
  add(key: string): boolean {
    const h = hashKey(key);
    return this.insert(h.hi, h.lo, 0, false);
  }

  private insert(hi: number, lo: number, value: number, replace: boolean): boolean {
    let slot = this.find(hi, lo);
    if (this.hi[slot] !== 0) {
      if (replace) this.values[slot] = value;
      return false;
    }
    if ((this.count + 1) * 2 > this.mask + 1) {
      this.grow();
      slot = this.find(hi, lo);
    }
    this.hi[slot] = hi;
    this.lo[slot] = lo;
    this.values[slot] = value;
    this.count++;
    return true;
  }

  /** Open addressing with linear probing; hi is never 0 for a stored key, so 0 marks an empty slot. */
  private find(hi: number, lo: number): number {
    let slot = (lo ^ Math.imul(hi, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = this.hi[slot]!;
      if (h === 0 || (h === hi && this.lo[slot] === lo)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const { hi, lo, values } = this;
    const capacity = (this.mask + 1) * 2;
    this.hi = new Uint32Array(capacity);
    this.lo = new Uint32Array(capacity);
    this.values = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let i = 0; i < hi.length; i++) {
      if (hi[i] === 0) continue;
      const slot = this.find(hi[i]!, lo[i]!);
      this.hi[slot] = hi[i]!;
      this.lo[slot] = lo[i]!;
      this.values[slot] = values[i]!;
    }
  }
}

const scratch = { hi: 0, lo: 0 };

/**
 * Two independent 32-bit hashes of a string (FNV-1a and a multiply-xorshift), 64 bits together. Returns a shared
 * scratch object: read it at once.
 */
function hashKey(key: string): { hi: number; lo: number } {
  let a = 0x811c9dc5;
  let b = 0x27d4eb2f ^ key.length;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  b = Math.imul(b ^ (b >>> 16), 0xc2b2ae35);
  b ^= b >>> 16;
  scratch.hi = a >>> 0 || 1;
  scratch.lo = b >>> 0;
  return scratch;
}
