/**
 * The in-memory form every dataset takes: pixels as one contiguous byte array (sample-major),
 * labels as bytes. Flat typed arrays keep a 10,000-image dataset at 7.8 MB and let the encoders
 * read a sample as a zero-copy subarray.
 */
import { crc32, diag, type Diagnostic } from '@snnc/common';
import { DataCode } from './codes.js';

export interface Dataset {
  readonly name: string;
  /** Shape of one sample, e.g. [28, 28]; its product is `features`. */
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  /** Number of samples. */
  readonly size: number;
  /** Values per sample. */
  readonly features: number;
  /**
   * size x features intensities in 0..255, sample-major (sample i occupies
   * [i * features, (i + 1) * features)). Shared between callers: treat as read-only.
   */
  readonly images: Uint8Array;
  /** size labels in 0..numClasses-1. */
  readonly labels: Uint8Array;
  /** One line on where the data comes from. */
  readonly description?: string;
  /**
   * When the dataset has a published test set (Fashion-MNIST's t10k files), it is the last
   * `standardTest` samples; splitParts() uses exactly those as the test part.
   */
  readonly standardTest?: number;
}

export interface LoadResult {
  dataset?: Dataset;
  diagnostics: Diagnostic[];
}

/** Sample i's pixels as a view into `images` (no copy). */
export function sampleImage(ds: Dataset, i: number): Uint8Array {
  return ds.images.subarray(i * ds.features, (i + 1) * ds.features);
}

/**
 * The dataset's content as one short text, "crc32:<8 hex digits>" over its pixels then its labels:
 * a checkpoint records it, so that a run evaluated or resumed on another copy of a dataset of the
 * same name (another SNNC_FASHION_MNIST_DIR, an edited file) is said to be, not silently scored.
 */
export function datasetDigest(ds: Dataset): string {
  return `crc32:${crc32(ds.labels, crc32(ds.images)).toString(16).padStart(8, '0')}`;
}

/** How many samples of each class are among `indices` (default: the whole dataset). */
export function classCounts(ds: Dataset, indices?: ArrayLike<number>): Uint32Array {
  const counts = new Uint32Array(ds.numClasses);
  if (indices) {
    for (let k = 0; k < indices.length; k++) counts[ds.labels[indices[k]]]++;
  } else {
    for (let i = 0; i < ds.size; i++) counts[ds.labels[i]]++;
  }
  return counts;
}

/**
 * Check that a dataset's declared shape matches its arrays and its labels are in range. The
 * registry runs this on every loader's output, so a plugged-in dataset cannot hand downstream
 * code arrays it would index out of bounds.
 */
export function checkDataset(ds: Dataset): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bad = (pointer: string, expected: string, found: string) =>
    out.push(diag(DataCode.InconsistentDataset, `dataset "${ds.name}" is inconsistent at ${pointer}`, { pointer, expected, found }));
  const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  if (!isCount(ds.size)) bad('/size', 'a non-negative integer', String(ds.size));
  if (!isCount(ds.features) || ds.features === 0) bad('/features', 'a positive integer', String(ds.features));
  if (!Number.isInteger(ds.numClasses) || ds.numClasses < 1 || ds.numClasses > 256) {
    bad('/numClasses', 'an integer in 1..256', String(ds.numClasses));
  }
  const shapeProduct = Array.isArray(ds.inputShape) ? ds.inputShape.reduce((a, b) => a * b, 1) : NaN;
  if (shapeProduct !== ds.features) bad('/inputShape', `dimensions whose product is ${ds.features}`, JSON.stringify(ds.inputShape));
  if (out.length > 0) return out;
  if (ds.standardTest !== undefined && !(isCount(ds.standardTest) && ds.standardTest <= ds.size)) {
    bad('/standardTest', `an integer in [0, ${ds.size}]`, String(ds.standardTest));
  }
  if (!(ds.images instanceof Uint8Array) || ds.images.length !== ds.size * ds.features) {
    bad('/images', `a Uint8Array of ${ds.size * ds.features} bytes`, describe(ds.images));
  }
  if (!(ds.labels instanceof Uint8Array) || ds.labels.length !== ds.size) {
    bad('/labels', `a Uint8Array of ${ds.size} bytes`, describe(ds.labels));
  } else {
    for (let i = 0; i < ds.size; i++) {
      if (ds.labels[i] >= ds.numClasses) {
        bad(`/labels/${i}`, `a label below ${ds.numClasses}`, String(ds.labels[i]));
        break;
      }
    }
  }
  return out;
}

function describe(v: unknown): string {
  if (v instanceof Uint8Array) return `a Uint8Array of ${v.length} bytes`;
  if (v === null || v === undefined) return String(v);
  return (v as object).constructor?.name ?? typeof v;
}
