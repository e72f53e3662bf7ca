/**
 * The training shift (augment.ts, docs/datasets.md "Training-time shift") on images of several
 * channels: each channel plane moves by the same (dx, dy), out(c, y, x) = image(c, y - dy, x - dx),
 * 0 outside. The test of augment.test.ts gives both planes the same content, so a shift that read
 * every plane from plane 0 passed it; here every pixel of every plane is distinct, checked against
 * the formula for every key offset.
 */
import fc from 'fast-check';
import { makeImageShift, shiftOffset } from '../src/index.js';

describe('training shift: every channel plane from its own pixels', () => {
  it('property: out(c, y, x) = image(c, y - dy, x - dx), 0 outside, for [C, H, W] images of distinct planes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 0xffffffff }), (C, H, W, s, key) => {
        const image = Uint8Array.from({ length: C * H * W }, (_, k) => (k * 29 + 1) & 255 || 1);
        const out = new Uint8Array(C * H * W).fill(99);
        makeImageShift([C, H, W], s).shift!.apply(image, key, out);
        const [dx, dy] = shiftOffset(key, s);
        for (let c = 0; c < C; c++)
          for (let y = 0; y < H; y++)
            for (let x = 0; x < W; x++) {
              const sy = y - dy, sx = x - dx;
              const want = sy < 0 || sy >= H || sx < 0 || sx >= W ? 0 : image[c * H * W + sy * W + sx];
              if (out[c * H * W + y * W + x] !== want) return false;
            }
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
