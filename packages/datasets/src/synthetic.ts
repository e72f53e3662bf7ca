/**
 * A small, linearly separable dataset for tests that must not depend on MNIST: each class has a
 * random binary prototype (pixels at 0 or 255), and every sample is its class prototype plus
 * Gaussian noise, clamped to 0..255. Labels cycle 0, 1, ..., classes-1 so every class has the
 * same count (up to one). Everything is drawn from Rng(seed), so the bytes depend only on the
 * options.
 */
import { Rng } from '@snnc/common';
import { DataCode } from './codes.js';
import type { Dataset, LoadResult } from './dataset.js';
import { OptionReader } from './options.js';

export interface SyntheticOptions {
  /** Number of classes, 2..256 (default 4). */
  classes?: number;
  /** Values per sample (default 64). */
  features?: number;
  /** Number of samples (default 400). */
  size?: number;
  /** Noise standard deviation as a fraction of full scale 255 (default 0.15). */
  noise?: number;
  /** Fraction of prototype pixels that are on (default 0.3). */
  density?: number;
  seed?: number;
}

/** 64 M values (64 MB) is far beyond any test and keeps a typo from exhausting memory. */
const MAX_VALUES = 1 << 26;

export function synthetic(options: SyntheticOptions = {}): LoadResult {
  const opts = new OptionReader(options as Record<string, unknown>, DataCode.BadDatasetOption, DataCode.UnknownDatasetOption, 'synthetic dataset');
  const classes = opts.number('classes', { min: 2, max: 256, integer: true, default: 4 });
  const features = opts.number('features', { min: 1, max: 1 << 20, integer: true, default: 64 });
  const size = opts.number('size', { min: 1, max: 1 << 24, integer: true, default: 400 });
  const noise = opts.number('noise', { min: 0, max: 10, default: 0.15 });
  const density = opts.number('density', { min: 0, max: 1, default: 0.3 });
  const seed = opts.seed();
  const diagnostics = opts.finish();
  if (size * features > MAX_VALUES) {
    diagnostics.push({
      code: DataCode.BadDatasetOption,
      severity: 'error',
      message: 'synthetic dataset would be too large',
      pointer: '/size',
      expected: `size x features <= ${MAX_VALUES}`,
      found: `${size} x ${features}`,
    });
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const rng = new Rng(seed);
  const prototypes = makePrototypes(rng.fork('prototypes'), classes, features, density);
  const draw = rng.fork('samples');
  const images = new Uint8Array(size * features);
  const labels = new Uint8Array(size);
  const sigma = noise * 255;
  for (let i = 0; i < size; i++) {
    const c = i % classes;
    labels[i] = c;
    const base = c * features;
    const row = i * features;
    for (let f = 0; f < features; f++) {
      const v = prototypes[base + f] + (sigma > 0 ? sigma * draw.normal() : 0);
      images[row + f] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  }
  const dataset: Dataset = {
    name: 'synthetic',
    inputShape: [features],
    numClasses: classes,
    size,
    features,
    images,
    labels,
    description: `synthetic prototypes: ${classes} classes, ${features} features, noise ${noise}, seed ${seed}`,
  };
  return { dataset, diagnostics };
}

/**
 * Binary prototypes (0 or 255 per pixel). A prototype that repeats an earlier one is redrawn, a
 * bounded number of times: with very few features distinct patterns may not exist.
 */
function makePrototypes(rng: Rng, classes: number, features: number, density: number): Uint8Array {
  const protos = new Uint8Array(classes * features);
  const seen = new Set<string>();
  for (let c = 0; c < classes; c++) {
    const p = protos.subarray(c * features, (c + 1) * features);
    for (let attempt = 0; attempt < 32; attempt++) {
      for (let f = 0; f < features; f++) p[f] = rng.float() < density ? 255 : 0;
      const key = Buffer.from(p).toString('base64');
      if (!seen.has(key)) {
        seen.add(key);
        break;
      }
    }
  }
  return protos;
}

/** The prototype pattern of each class (classes x features), for tests that check separability. */
export function syntheticPrototypes(options: SyntheticOptions = {}): Uint8Array {
  const classes = options.classes ?? 4;
  const features = options.features ?? 64;
  return makePrototypes(new Rng(options.seed ?? 0).fork('prototypes'), classes, features, options.density ?? 0.3);
}
