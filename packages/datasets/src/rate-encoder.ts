/**
 * Rate coding: pixel i of intensity I_i spikes at rate p_i = maxRate * I_i / 255 per step.
 *
 * Bernoulli (the encoder's default; Fashion-MNIST training defaults to regular, defaultRateCode):
 * independently over pixels and steps. The random bits come from a
 * counter-based stream: Rng(seed).fork('rate').fork(sampleKey) gives two 32-bit keys for the
 * sample, and the uniform for (t, i) is a two-round keyed hash of the counter t * N + i. So a
 * sample's raster depends only on (seed, sampleKey, image); pixels that are 0 are skipped without
 * shifting anyone else's randomness; and no objects are created per pixel or per step (one small
 * Rng per sample).
 *
 * Regular (`regular: 1`, `--rate-code regular`): the same rates without sampling noise, as evenly
 * spaced spikes (docs/datasets.md "Spike encoders"). In integers, with q = I_i * k,
 * k = round(maxRate * 2^16), Q = 255 * 2^16 and a phase h_i = floor(frac(i * phi) * Q) (phi the
 * golden ratio's fractional part, so that pixels of one intensity do not all fire together):
 * pixel i spikes at step t iff floor(((t + 1) q + h_i) / Q) > floor((t q + h_i) / Q). Over T
 * steps it spikes floor((T q + h_i) / Q) times (h_i < Q), i.e. T p_i rounded up or down by its
 * phase. Deterministic: seed and sampleKey are unused.
 *
 * Graded (`graded: 1`, set for a network whose input is graded, docs/semantics.md §2.4): no code
 * at all. Every step, pixel i sends one graded spike of value round(maxRate * I_i) (0 = none), so
 * its mean drive per step is the rate code's, c(w) * maxRate * I_i / 255, exactly and at every
 * step. Deterministic: seed, sampleKey and `regular` are unused.
 */
import { mix32, Rng } from '@snnc/common';
import { assertShapes, type SpikeEncoder } from './encoder.js';

export interface RateParams {
  steps: number;
  maxRate: number;
  seed: number;
  /** 1: the regular (noise-free) code; 0 or absent: Bernoulli */
  regular?: number;
  /** 1: graded spikes of value round(maxRate * intensity) at every step (a graded input, §2.4) */
  graded?: number;
}

/** The graded value (§2.4) of a pixel of intensity `level`: round(maxRate * level), halves up (at most 255: maxRate <= 1). */
export function gradedValue(maxRate: number, level: number): number {
  return Math.floor(maxRate * level + 0.5);
}

/** The regular code's k = round(maxRate * 2^16): the phase a pixel of intensity I gains per step is I * k, of 255 * 2^16 per spike. */
export function regularStep(maxRate: number): number {
  return Math.round(maxRate * 65536);
}

/**
 * The least maxRate at which a full-intensity pixel (255) spikes at all, per code; below it every
 * raster is empty, whatever the image (make-encoder.ts refuses it). Graded: gradedValue(maxRate, 255)
 * reaches 1 at 1/510 (255 / 510 is exactly 0.5 in doubles, rounded up; the double below gives 0).
 * Regular: regularStep reaches 1 at 2^-17 (0.5, rounded up). Bernoulli: a draw falls below
 * maxRate * 2^32 with probability maxRate, so any maxRate above 0 spikes (0 is the least it refuses).
 */
export const LEAST_SPIKING_MAX_RATE = { graded: 1 / 510, regular: 2 ** -17, bernoulli: 0 } as const;

/** True when a full-intensity pixel can spike under the code of `params` (the code's own arithmetic, not the table above). */
export function rateCanSpike(params: Pick<RateParams, 'maxRate' | 'regular' | 'graded'>): boolean {
  if (params.graded === 1) return gradedValue(params.maxRate, 255) > 0;
  if (params.regular === 1) return regularStep(params.maxRate) > 0;
  return params.maxRate > 0;
}

/** The golden ratio's fractional part: phases frac(i * GOLDEN) spread evenly over [0, 1) for any number of pixels. */
const GOLDEN = 0.6180339887498949;
const REGULAR_Q = 255 * 65536;

/** The regular code's phase h_i of pixel i, in [0, 255 * 2^16). */
export function regularPhase(pixel: number): number {
  return Math.floor(((pixel * GOLDEN) % 1) * REGULAR_Q);
}

/**
 * The regular code's spikes of a pixel with per-step phase gain q (intensity x regularStep) and
 * phase h over its first t steps: floor((t q + h) / Q) (floor(h / Q) = 0). The train spikes at step
 * t when this grows from t to t + 1, so it is also what a check of the code's reach must count.
 * Every quantity is an integer below 2^53, so the division floors exactly.
 */
export function regularSpikesBy(q: number, h: number, t: number): number {
  return Math.floor((t * q + h) / REGULAR_Q);
}

/** The regular code of one pixel (see the header): writes its spikes into `out` at at0, at0 + n, ... for `steps` steps. */
function regularTrain(level: number, k: number, pixel: number, steps: number, n: number, out: Uint8Array, at0: number): void {
  const q = level * k;
  if (q === 0) return;
  const h = regularPhase(pixel);
  let prev = 0;
  for (let t = 0, at = at0; t < steps; t++, at += n) {
    const next = regularSpikesBy(q, h, t + 1);
    if (next > prev) out[at] = 1;
    prev = next;
  }
}

const TWO_POW_32 = 4294967296;

/** The Bernoulli code's bound for a pixel of intensity `level`: it spikes when a 32-bit uniform falls below level x (maxRate / 255) x 2^32. */
export function bernoulliThreshold(maxRate: number, level: number): number {
  return level * ((maxRate / 255) * TWO_POW_32);
}

/** The Bernoulli code's spike probability per step of a pixel of intensity `level`: the share of the 2^32 uniforms below its bound. */
export function bernoulliProbability(maxRate: number, level: number): number {
  return Math.min(Math.ceil(bernoulliThreshold(maxRate, level)), TWO_POW_32) / TWO_POW_32;
}

export function rateEncoder(params: RateParams): SpikeEncoder {
  const { steps, maxRate, seed } = params;
  const graded = params.graded === 1;
  const regular = params.regular === 1 && !graded; // a graded code has no spike times to regularise
  const k = regularStep(maxRate);
  // the graded value of each intensity: round half up, at most 255 (maxRate <= 1)
  const gradedValues = Uint8Array.from({ length: 256 }, (_, level) => gradedValue(maxRate, level));
  const base = new Rng(seed).fork('rate');
  // p * 2^32 per unit of intensity: a spike is drawn when the 32-bit uniform falls below it,
  // so p = 1 always spikes and p = 0 never does.
  const thresholdPerLevel = bernoulliThreshold(maxRate, 1);
  const encoder: SpikeEncoder = {
    name: 'rate',
    steps,
    // `regular` and `graded` only when set, so that a Bernoulli run's checkpoint records what it always did
    params: { steps, maxRate, seed, ...(regular ? { regular: 1 } : {}), ...(graded ? { graded: 1 } : {}) },
    channels: (features) => features,
    encode(image, sampleKey, out) {
      const n = image.length;
      assertShapes(encoder, n, out.length);
      out.fill(0);
      if (graded) {
        for (let i = 0; i < n; i++) out[i] = gradedValues[image[i]];
        for (let t = 1; t < steps; t++) out.copyWithin(t * n, 0, n);
        return;
      }
      if (regular) {
        for (let i = 0; i < n; i++) regularTrain(image[i], k, i, steps, n, out, i);
        return;
      }
      const r = base.fork(sampleKey);
      const k0 = r.uint32();
      const k1 = r.uint32();
      for (let i = 0; i < n; i++) {
        const level = image[i];
        if (level === 0) continue;
        const thr = level * thresholdPerLevel;
        for (let t = 0, at = i; t < steps; t++, at += n) {
          if (mix32(mix32(at, k0), k1) < thr) out[at] = 1;
        }
      }
    },
    raster(image, sampleKey) {
      const out = new Uint8Array(steps * image.length);
      encoder.encode(image, sampleKey, out);
      return out;
    },
  };
  return encoder;
}
