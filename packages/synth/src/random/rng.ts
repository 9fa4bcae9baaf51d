/**
 * A small, fast, seedable pseudo-random generator: sfc32 (Chris Doty-Humphrey's "small fast chaotic" generator,
 * PractRand-clean, 128-bit state on four Uint32 words), with the distributions the population model draws from.
 *
 * Every patient gets its own generator seeded from (seed, site, patient index, purpose) by `createStreamRng`, so what
 * a patient looks like never depends on how many patients were drawn before it: output is reproducible byte for
 * byte and can be streamed or generated in parallel.
 *
 * @example const rng = new Rng(1, 2, 3, 4); rng.uniform() // a number in [0, 1)
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** The second normal deviate of the last Box–Muller pair, used on the next call. */
  private spareNormal: number | null = null;

  constructor(a: number, b: number, c: number, d: number) {
    this.a = a >>> 0;
    this.b = b >>> 0;
    this.c = c >>> 0;
    this.d = d >>> 0;
    // The first outputs of sfc32 still echo the seed: discard them, as the reference implementation does.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32 bits of resolution (enough for every probability the model uses). */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Uniform integer in [low, high], both inclusive. @example rng.int(1, 6) // a die */
  int(low: number, high: number): number {
    return low + Math.floor(this.uniform() * (high - low + 1));
  }

  bernoulli(p: number): boolean {
    return this.uniform() < p;
  }

  /** Normal deviate (Box–Muller, polar form). */
  normal(mean = 0, sd = 1): number {
    if (this.spareNormal !== null) {
      const z = this.spareNormal;
      this.spareNormal = null;
      return mean + sd * z;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * f;
    return mean + sd * u * f;
  }

  /** Normal truncated to [low, high] by clamping (the tails are rare at the parameters used). */
  clampedNormal(mean: number, sd: number, low: number, high: number): number {
    const x = this.normal(mean, sd);
    return x < low ? low : x > high ? high : x;
  }

  /** Exponential with the given rate (mean 1/rate). */
  exponential(rate = 1): number {
    return -Math.log(1 - this.uniform()) / rate;
  }

  /**
   * Weibull with survival S(t) = exp(-(t/scale)^shape · e^lp): proportional hazards with log hazard ratio `lp`.
   * @example rng.weibull(1, 365) // exponential, mean 365
   */
  weibull(shape: number, scale: number, lp = 0): number {
    return scale * Math.pow(this.exponential() / Math.exp(lp), 1 / shape);
  }

  /** An index drawn with probability proportional to `weights`. */
  categorical(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let u = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      u -= weights[i] ?? 0;
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /** A uniformly chosen element. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.uniform() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }

  /** Digits as a string, e.g. digits(3) → '042'. */
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(this.uniform() * 10));
    return s;
  }
}
