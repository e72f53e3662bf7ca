/**
 * Integer primitives of docs/semantics.md §1, written for this package alone (the contract forbids
 * sharing arithmetic helpers with the emulator). All values are exact integers held in JS numbers;
 * every bound in the contract stays below 2^48, so float64 arithmetic is exact here. Shifts of
 * values that may exceed 32 bits are written as floor divisions by powers of two (`>>` in the
 * contract is a floor division, also for negative numbers).
 */

const TWO_23 = 8388608;
const TWO_24 = 16777216;

/** 2^s as a number (exact for s <= 52). */
export function pow2(s: number): number {
  return 2 ** s;
}

/** §1 `x >> s` for any exact integer x (floor division by 2^s), s >= 0. */
export function shr(x: number, s: number): number {
  return Math.floor(x / 2 ** s);
}

/**
 * floor(a / b) of exact integers, b > 0, also for negative a (§4's r_n = floor(256 v / vth)). The
 * quotient of doubles is rounded before the floor, so it is corrected by at most a step either way
 * until q * b <= a < (q + 1) * b holds exactly (every product below 2^53).
 */
export function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b);
  while (q * b > a) q--;
  while ((q + 1) * b <= a) q++;
  return q;
}

/** §1.1 decay toward zero: sgn(x) * ((|x| * (4096 - d)) >> 12). */
export function decay(x: number, d: number): number {
  if (x >= 0) return Math.floor((x * (4096 - d)) / 4096);
  return -Math.floor((-x * (4096 - d)) / 4096);
}

/** §1.2 sat_b: clamp to [-2^(b-1), 2^(b-1) - 1]. */
export function sat(x: number, bits: number): number {
  const hi = 2 ** (bits - 1) - 1;
  const lo = -(2 ** (bits - 1));
  return x > hi ? hi : x < lo ? lo : x;
}

/** The range of a 24-bit voltage or accumulator (§1.2). */
export const MAX_24 = 8388607;
export const MIN_24 = -8388608;

/** §1.2 sat_24, the voltage and accumulator width. */
export function sat24(x: number): number {
  return x > MAX_24 ? MAX_24 : x < MIN_24 ? MIN_24 : x;
}

/** §1.2 wrap_24: x modulo 2^24 into [-2^23, 2^23 - 1]. */
export function wrap24(x: number): number {
  let r = (x + TWO_23) % TWO_24;
  if (r < 0) r += TWO_24;
  return r - TWO_23;
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

/** §1.3 mix(a, b) = fmix(a ^ (b * 0x9e3779b1)), modulo 2^32. */
export function mix(a: number, b: number): number {
  return fmix((a ^ Math.imul(b >>> 0, 0x9e3779b1)) >>> 0);
}

/** §1.3 hash(seed, k1, k2, k3) = mix(mix(mix(seed, k1), k2), k3). */
export function hash4(seed: number, k1: number, k2: number, k3: number): number {
  return mix(mix(mix(seed >>> 0, k1 >>> 0), k2 >>> 0), k3 >>> 0);
}

/**
 * §1.4 stochastic rounding R(x, s, key) with key = (roundingSeed, epoch, projection, synapse):
 * x if s = 0, else floor((x + (hash(key) mod 2^s)) / 2^s).
 */
export function stochasticRound(x: number, s: number, seed: number, epoch: number, proj: number, syn: number): number {
  if (s === 0) return x;
  const r = hash4(seed, epoch, proj, syn) % 2 ** s;
  return Math.floor((x + r) / 2 ** s);
}

/** §5.2 the eligibility table P[k], k = 0..T-1 (Q12), from decayE with exactly the contract's recurrence. */
export function eligibilityTable(decayE: number, T: number): Int32Array {
  const P = new Int32Array(Math.max(T, 1));
  P[0] = 4096;
  for (let k = 0; k + 1 < T; k++) P[k + 1] = Math.floor((P[k] * (4096 - decayE)) / 4096);
  return P;
}

/** Weight clamp bounds of §5.6/§5.7 for a mantissa of `bits` bits. */
export function weightBounds(bits: number): [number, number] {
  return [-(2 ** (bits - 1)), 2 ** (bits - 1) - 1];
}
