/**
 * Rate (Bernoulli) coding: pixel i spikes at step t with probability p_i = maxRate * I_i / 255,
 * independently over pixels and steps.
 *
 * The random bits come from a counter-based stream: Rng(seed).fork('rate').fork(sampleKey) gives
 * two 32-bit keys for the sample, and the uniform for (t, i) is a two-round keyed hash of the
 * counter t * N + i. So a sample's raster depends only on (seed, sampleKey, image); pixels that
 * are 0 are skipped without shifting anyone else's randomness; and no objects are created per
 * pixel or per step (one small Rng per sample).
 */
import { mix32, Rng } from '@snnc/common';
import { assertShapes, type SpikeEncoder } from './encoder.js';

export interface RateParams {
  steps: number;
  maxRate: number;
  seed: number;
}

const TWO_POW_32 = 4294967296;

export function rateEncoder(params: RateParams): SpikeEncoder {
  const { steps, maxRate, seed } = params;
  const base = new Rng(seed).fork('rate');
  // p * 2^32 per unit of intensity: a spike is drawn when the 32-bit uniform falls below it,
  // so p = 1 always spikes and p = 0 never does.
  const thresholdPerLevel = (maxRate / 255) * TWO_POW_32;
  const encoder: SpikeEncoder = {
    name: 'rate',
    steps,
    params: { steps, maxRate, seed },
    channels: (features) => features,
    encode(image, sampleKey, out) {
      const n = image.length;
      assertShapes(encoder, n, out.length);
      out.fill(0);
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
