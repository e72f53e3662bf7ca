/**
 * The integer primitives of docs/semantics.md §1, written for this emulator from the page alone
 * (the reference simulator has its own; the two share nothing). Values are JavaScript numbers
 * holding exact integers below 2^53; shifts of possibly wide values are floor divisions by powers
 * of two, which are exact in binary floating point.
 */

/** 2^k for k = 0..63, exact. */
export const POW2: Float64Array = (() => {
  const a = new Float64Array(64);
  for (let k = 0; k < 64; k++) a[k] = 2 ** k;
  return a;
})();

const INV4096 = 1 / 4096;

/** x >> s for an exact integer x of any magnitude below 2^53 (floor, also for negatives). §notation */
export function shr(x: number, s: number): number {
  return Math.floor(x / POW2[s]);
}

/**
 * floor(a / b) for exact integers, b > 0, negative a included (§4: r = floor(256 v / vth), |256 v|
 * < 2^40). Math.floor of the rounded quotient may miss by one; the loops settle q * b <= a <
 * (q + 1) * b exactly.
 */
export function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  while (q * b > a) q--;
  while ((q + 1) * b <= a) q++;
  return q;
}

/** §1.1 decay(x, d) = sgn(x) * ((|x| * (4096 - d)) >> 12), rounding toward zero. */
export function decay(x: number, d: number): number {
  // x 2^-12 is exact (a power of two), and cheaper than a division
  if (x >= 0) return Math.floor(x * (4096 - d) * INV4096);
  return 0 - Math.floor(-x * (4096 - d) * INV4096); // 0 - 0 is +0: no -0 reaches the state arrays
}

/** §1.2 sat_b(x): clamp to [-2^(b-1), 2^(b-1) - 1]. */
export function sat(x: number, bits: number): number {
  const hi = POW2[bits - 1] - 1;
  const lo = -POW2[bits - 1];
  return x > hi ? hi : x < lo ? lo : x;
}

/** §1.2 wrap_b(x): x modulo 2^b into [-2^(b-1), 2^(b-1) - 1]. */
export function wrap(x: number, bits: number): number {
  const m = POW2[bits];
  const half = POW2[bits - 1];
  let r = (x + half) % m;
  if (r < 0) r += m;
  return r - half;
}

/** §1.3 fmix on unsigned 32-bit words. */
export function fmix(h: number): number {
  h >>>= 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** §1.3 mix(a, b) = fmix(a ^ (b * 0x9e3779b1)) modulo 2^32. */
export function mix(a: number, b: number): number {
  return fmix((a ^ Math.imul(b >>> 0, 0x9e3779b1)) >>> 0);
}

/** §1.3 hash(seed, k1, k2, k3) = mix(mix(mix(seed, k1), k2), k3). */
export function hash4(seed: number, k1: number, k2: number, k3: number): number {
  return mix(mix(mix(seed >>> 0, k1), k2), k3);
}

/**
 * §1.4 R(x, s, key): x when s = 0, else floor((x + (hash(key) mod 2^s)) / 2^s), with key
 * (roundingSeed, epoch, projection, synapse).
 */
export function stochasticRound(x: number, s: number, seed: number, epoch: number, projection: number, synapse: number): number {
  if (s === 0) return x;
  const r = hash4(seed, epoch, projection, synapse) % POW2[s];
  return Math.floor((x + r) / POW2[s]);
}

/** §5.2 P[0] = 4096, P[k+1] = (P[k] * (4096 - decayE)) >> 12, for k = 0..n-1. */
export function eligibilityKernel(decayE: number, n: number): Float64Array {
  const P = new Float64Array(Math.max(1, n));
  P[0] = 4096;
  for (let k = 1; k < n; k++) P[k] = Math.floor((P[k - 1] * (4096 - decayE)) / 4096);
  return P;
}
