/**
 * Latency (time-to-first-spike) coding: each pixel brighter than `threshold` spikes exactly once,
 * at step floor((1 - I / 255) * (T - 1)), so intensity 255 fires at step 0 and the faintest
 * pixels fire last. Computed as floor((255 - I) * (T - 1) / 255) in integers, which is the same
 * number without floating-point rounding at exact multiples. Deterministic: sampleKey is unused.
 */
import { assertShapes, type SpikeEncoder } from './encoder.js';

export interface LatencyParams {
  steps: number;
  threshold: number;
}

export function latencyEncoder(params: LatencyParams): SpikeEncoder {
  const { steps, threshold } = params;
  const encoder: SpikeEncoder = {
    name: 'latency',
    steps,
    params: { steps, threshold },
    channels: (features) => features,
    encode(image, _sampleKey, out) {
      const n = image.length;
      assertShapes(encoder, n, out.length);
      out.fill(0);
      for (let i = 0; i < n; i++) {
        const level = image[i];
        if (level > threshold) out[Math.floor(((255 - level) * (steps - 1)) / 255) * n + i] = 1;
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

/** The step at which a pixel of intensity `level` spikes, or -1 if it stays silent. */
export function latencyStep(level: number, steps: number, threshold: number): number {
  return level > threshold ? Math.floor(((255 - level) * (steps - 1)) / 255) : -1;
}
