/**
 * Fixed-point helpers of lowering. Rounding is half away from zero everywhere so that a weight
 * and its negation quantise to negated mantissas (Math.round would round -2.5 to -2 but 2.5 to 3).
 */
export function roundHalfAway(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

export function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** A real leak factor alpha -> 12-bit decay d = round((1 - alpha) * 4096) (§1.1), clamped to [0, max]. */
export function decay12(alpha: number, max = 4096): number {
  return clamp(roundHalfAway((1 - alpha) * 4096), 0, max);
}

export interface MantShift {
  mant: number;
  shift: number;
  /** the value needed a mantissa above the limit even with shift 0 */
  clamped: boolean;
  /** a positive value rounds to mantissa 0 even with the largest shift */
  underflow: boolean;
}

/**
 * Approximates a non-negative real x by mant / 2^shift with mant <= mantMax and shift in
 * [0, shiftMax], using the largest shift that keeps the mantissa in range (best precision).
 */
export function toMantShift(x: number, mantMax: number, shiftMax: number): MantShift {
  if (!(x > 0)) return { mant: 0, shift: 0, clamped: false, underflow: false };
  if (roundHalfAway(x) > mantMax) return { mant: mantMax, shift: 0, clamped: true, underflow: false };
  let shift = Math.min(shiftMax, Math.max(0, Math.floor(Math.log2(mantMax / x))));
  while (shift > 0 && roundHalfAway(x * 2 ** shift) > mantMax) shift--;
  while (shift < shiftMax && roundHalfAway(x * 2 ** (shift + 1)) <= mantMax) shift++;
  const mant = roundHalfAway(x * 2 ** shift);
  return { mant, shift, clamped: false, underflow: mant === 0 };
}

export function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > m) m = v;
  }
  return m;
}

export function rms(a: ArrayLike<number>): number {
  if (a.length === 0) return 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * a[i];
  return Math.sqrt(s / a.length);
}

/** The largest |entry| of an int8 matrix (toInt8 clamps to +-INT8_MAX). */
export const INT8_MAX = 127;

/**
 * The scale that puts a matrix's largest |entry| `max` at INT8_MAX (1 for an all-zero matrix).
 * Infinity when INT8_MAX / max leaves a double (max below INT8_MAX / Number.MAX_VALUE): toInt8
 * then keeps only the signs of the entries.
 */
export function int8Scale(max: number): number {
  return max > 0 ? INT8_MAX / max : 1;
}

/** Real matrix -> Int8 with the given scale, rounded half away, clamped to [-INT8_MAX, INT8_MAX]. */
export function toInt8(a: Float64Array, scale: number): Int8Array {
  const out = new Int8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = clamp(roundHalfAway(a[i] * scale), -INT8_MAX, INT8_MAX);
  return out;
}
