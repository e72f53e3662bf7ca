import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/**
 * The one seeded generator of the toolchain (no Math.random anywhere). Wraps pure-rand's
 * xoroshiro128+. `fork(label)` derives an independent stream from (seed, label) so that, e.g.,
 * the synapses of one projection do not depend on how many numbers another projection drew.
 */
export class Rng {
  private readonly gen: { next(): number };
  readonly seed: number;

  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.seed = seed >>> 0;
    // Mix the seed first: xoroshiro's first outputs from small raw seeds are poor.
    this.gen = xoroshiro128plus(mix32(this.seed, 0x5eed5eed) | 0) as unknown as { next(): number };
    for (let i = 0; i < 8; i++) this.gen.next();
  }

  /** A new generator whose seed mixes this seed with a label (stable across runs and platforms). */
  fork(label: string | number): Rng {
    return new Rng(mix32(this.seed, hashString(String(label))));
  }

  uint32(): number {
    return this.gen.next() >>> 0;
  }

  /** Uniform float in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.uint32() >>> 5; // 27 bits
    const lo = this.uint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [lo, hi] (inclusive), unbiased by rejection. */
  int(lo: number, hi: number): number {
    const span = hi - lo + 1;
    if (!(span >= 1) || span > 0x100000000) throw new RangeError(`bad range [${lo}, ${hi}]`);
    if (span === 0x100000000) return lo + this.uint32();
    const limit = 0x100000000 - (0x100000000 % span);
    for (;;) {
      const x = this.uint32();
      if (x < limit) return lo + (x % span);
    }
  }

  bernoulli(p: number): boolean {
    return this.float() < p;
  }

  /** Standard normal deviate (Box-Muller; deterministic given the stream). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** In-place Fisher-Yates shuffle of a typed or plain array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
    return a;
  }

  /** k distinct integers from [0, n), sorted ascending (Floyd's algorithm for small k). */
  sample(n: number, k: number): Int32Array {
    if (k > n) throw new RangeError(`cannot sample ${k} of ${n}`);
    const out = new Int32Array(k);
    if (k * 4 > n) {
      // Dense case: partial shuffle of the whole range.
      const all = new Int32Array(n);
      for (let i = 0; i < n; i++) all[i] = i;
      for (let i = 0; i < k; i++) {
        const j = this.int(i, n - 1);
        const t = all[i];
        all[i] = all[j];
        all[j] = t;
        out[i] = all[i];
      }
    } else {
      const chosen = new Set<number>();
      for (let j = n - k; j < n; j++) {
        const t = this.int(0, j);
        if (chosen.has(t)) chosen.add(j);
        else chosen.add(t);
      }
      let i = 0;
      for (const v of chosen) out[i++] = v;
    }
    return out.sort();
  }
}

/** FNV-1a over UTF-16 code units; used only to turn labels into seeds. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A 32-bit finaliser (murmur3 fmix) of two words; used to derive seeds. */
export function mix32(a: number, b: number): number {
  let h = (a ^ Math.imul(b, 0x9e3779b1)) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
