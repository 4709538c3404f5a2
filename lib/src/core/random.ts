/**
 * Seeded random numbers.
 *
 * Everything random in the course (initial weights, shuffling, data splits, dropout masks)
 * draws from a `Random` created with an explicit seed, so a notebook gives the same numbers
 * on every run and on every machine.
 *
 * The generator is mulberry32: 32-bit integer arithmetic only (`Math.imul`, shifts), so the
 * stream of `uniform()` numbers is identical on every JavaScript engine. Normal numbers use the
 * Box–Muller transform.
 *
 * ```ts
 * const rng = new Random(42);
 * rng.uniform();        // a number in [0, 1)
 * rng.normal(0, 0.1);   // mean 0, standard deviation 0.1
 * ```
 */
import { t } from "./i18n";
export class Random {
  /** The seed this generator started from. */
  readonly seed: number;
  private state: number;
  /** The second normal number of the last Box–Muller pair, kept for the next call. */
  private spareNormal: number | null = null;

  /** @param seed any integer; the same seed gives the same stream. */
  constructor(seed: number) {
    if (!Number.isInteger(seed)) {
      throw new Error(
        t`Random: the seed must be an integer, got ${seed}. Hint: pass a whole number such as 42.`,
      );
    }
    this.seed = seed;
    this.state = seed | 0;
  }

  /** The next raw 32-bit unsigned integer of the mulberry32 stream. */
  nextUint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform number in `[low, high)`; by default in `[0, 1)`. */
  uniform(low = 0, high = 1): number {
    if (!(high > low)) {
      throw new Error(t`Random.uniform: need low < high, got low = ${low}, high = ${high}.`);
    }
    return low + (high - low) * (this.nextUint32() / 4294967296);
  }

  /**
   * A normal (Gaussian) number with the given mean and standard deviation.
   *
   * Box–Muller: for u₁, u₂ uniform in (0, 1], r = √(−2 ln u₁), θ = 2πu₂,
   * z₁ = r cos θ and z₂ = r sin θ are two independent N(0, 1) numbers.
   */
  normal(mean = 0, std = 1): number {
    if (!(std >= 0) || !Number.isFinite(std)) {
      throw new Error(t`Random.normal: the standard deviation must be finite and ≥ 0, got ${std}.`);
    }
    let z: number;
    if (this.spareNormal !== null) {
      z = this.spareNormal;
      this.spareNormal = null;
    } else {
      const u1 = 1 - this.uniform(); // in (0, 1]: ln(u1) is finite
      const u2 = this.uniform();
      const r = Math.sqrt(-2 * Math.log(u1));
      z = r * Math.cos(2 * Math.PI * u2);
      this.spareNormal = r * Math.sin(2 * Math.PI * u2);
    }
    return mean + std * z;
  }

  /** A whole number in `[0, n)`, each equally likely. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) {
      throw new Error(t`Random.int: n must be a positive integer, got ${n}.`);
    }
    return Math.floor(this.uniform() * n);
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** The numbers `0 … n−1` in a random order. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }
}
