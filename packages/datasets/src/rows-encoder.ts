/**
 * Row-sequential coding: an image of `steps` rows by `width` columns is presented one row per
 * step, so step t's N = width inputs are row t thresholded (spike iff intensity > threshold).
 * For MNIST this is T = 28 steps of 28 inputs: classifying needs memory of earlier rows, which
 * makes it a test of the recurrent layers rather than of a single feed-forward pass.
 * Deterministic: sampleKey is unused.
 */
import { assertShapes, type SpikeEncoder } from './encoder.js';

export interface RowsParams {
  steps: number;
  width: number;
  threshold: number;
}

export function rowsEncoder(params: RowsParams): SpikeEncoder {
  const { steps, width, threshold } = params;
  const encoder: SpikeEncoder = {
    name: 'rows',
    steps,
    params: { steps, width, threshold },
    channels: (features) => (features === steps * width ? width : 0),
    encode(image, _sampleKey, out) {
      assertShapes(encoder, image.length, out.length);
      // Row t of the image is row t of the raster, so the raster is the thresholded image itself.
      for (let k = 0; k < out.length; k++) out[k] = image[k] > threshold ? 1 : 0;
    },
    raster(image, sampleKey) {
      const out = new Uint8Array(steps * width);
      encoder.encode(image, sampleKey, out);
      return out;
    },
  };
  return encoder;
}
