/**
 * Row-sequential coding: an image of H rows by `width` columns is presented one row per step,
 * so step t < H has N = width inputs, row t thresholded (spike iff intensity > threshold). For
 * MNIST this is 28 steps of 28 inputs: classifying needs memory of earlier rows, which makes it a
 * test of the recurrent layers rather than of a single feed-forward pass.
 *
 * `steps` may exceed H: the steps after the last row are silent (a blank tail), so that what the
 * last rows drive through delay lines and layers still reaches the readout inside the
 * presentation (docs/datasets.md "Spike encoders"). An image taller than `steps` does not
 * fit (channels() is 0). Deterministic: sampleKey is unused.
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
    channels: (features) => (features > 0 && features % width === 0 && features / width <= steps ? width : 0),
    encode(image, _sampleKey, out) {
      assertShapes(encoder, image.length, out.length);
      // Row t of the image is row t of the raster: the thresholded image itself, then the silent tail.
      const n = image.length;
      for (let k = 0; k < n; k++) out[k] = image[k] > threshold ? 1 : 0;
      out.fill(0, n);
    },
    raster(image, sampleKey) {
      const out = new Uint8Array(steps * width);
      encoder.encode(image, sampleKey, out);
      return out;
    },
  };
  return encoder;
}
