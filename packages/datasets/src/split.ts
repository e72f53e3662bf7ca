/**
 * The stratified permutation behind every split, the older two-way train / held-out split, and the
 * per-epoch training order. Training and evaluation use the three parts of parts.ts (splitParts),
 * built on the same permutation; splitDataset stays for the benchmark scripts and earlier figures
 * (its seed-0 held-out block is splitParts' test part of a dataset without a published test set).
 *
 * The split is class-stratified and prefix-stable. From Rng(seed).fork('split') every class's
 * samples are shuffled, and the member at within-class rank r of a class with n members gets the
 * key (r + u) / n, u uniform in [0, 1). Sorting all samples by key interleaves the classes in
 * proportion, so every prefix of the resulting permutation holds each class within about one
 * sample of its share. The first `heldOut` samples of the permutation are the test block, the
 * rest the training block; asking for fewer train or test samples takes a prefix of the block,
 * so a small test set is always a subset of the full one and is itself stratified.
 */
import { diag, Rng, type Diagnostic } from '@snnc/common';
import { DataCode } from './codes.js';
import type { Dataset } from './dataset.js';

export interface SplitOptions {
  /** Training samples wanted (default: the whole training block). */
  train?: number;
  /** Test samples wanted (default: the whole held-out block). */
  test?: number;
  /** Default 0. */
  seed?: number;
  /** Size of the held-out block (default floor(size / 5): 2,000 of MNIST's 10,000). */
  heldOut?: number;
}

export interface DatasetSplit {
  /** Dataset indices, in the order of the stratified permutation. */
  train: Uint32Array;
  test: Uint32Array;
  seed: number;
  heldOut: number;
}

export function splitDataset(ds: Dataset, options: SplitOptions = {}): { split?: DatasetSplit; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const check = (key: keyof SplitOptions, value: number, max: number) => {
    if (!Number.isInteger(value) || value < 0 || value > max) {
      diagnostics.push(diag(DataCode.BadSplit, `split option "${key}" is out of range for dataset "${ds.name}"`, {
        pointer: `/${key}`,
        expected: `an integer in [0, ${max}]`,
        found: String(value),
      }));
      return false;
    }
    return true;
  };
  const seed = options.seed ?? 0;
  check('seed', seed, 0xffffffff);
  const heldOut = options.heldOut ?? Math.floor(ds.size / 5);
  if (!check('heldOut', heldOut, ds.size)) return { diagnostics };
  const train = options.train ?? ds.size - heldOut;
  const test = options.test ?? heldOut;
  check('train', train, ds.size - heldOut);
  check('test', test, heldOut);
  if (diagnostics.length > 0) return { diagnostics };

  const order = stratifiedPermutation(ds.labels, ds.size, seed);
  return {
    split: {
      test: order.slice(0, test),
      train: order.slice(heldOut, heldOut + train),
      seed,
      heldOut,
    },
    diagnostics,
  };
}

/** The full stratified permutation of 0..size-1 described at the top of this file. */
export function stratifiedPermutation(labels: Uint8Array, size: number, seed: number): Uint32Array {
  const rng = new Rng(seed).fork('split');
  const byClass: number[][] = Array.from({ length: 256 }, () => []);
  for (let i = 0; i < size; i++) byClass[labels[i]].push(i);
  const keys = new Float64Array(size);
  for (let c = 0; c < 256; c++) {
    const members = byClass[c];
    if (members.length === 0) continue;
    rng.fork(`class:${c}`).shuffle(members);
    const jitter = rng.fork(`jitter:${c}`);
    for (let r = 0; r < members.length; r++) keys[members[r]] = (r + jitter.float()) / members.length;
  }
  const order = new Uint32Array(size);
  for (let i = 0; i < size; i++) order[i] = i;
  // Ties (possible only in principle) break by index, so the order is total and deterministic.
  const sorted = Array.from(order).sort((a, b) => keys[a] - keys[b] || a - b);
  order.set(sorted);
  return order;
}

/**
 * The order to visit `train` in during epoch `epoch`: a Fisher-Yates shuffle seeded by
 * (seed, epoch), so every epoch differs, every run repeats, and epoch e's order does not depend
 * on how many epochs ran before. Writes into `out` when its length matches (no allocation);
 * otherwise returns a new array.
 */
export function epochOrder(train: Uint32Array, seed: number, epoch: number, out?: Uint32Array): Uint32Array {
  const order = out && out.length === train.length ? out : new Uint32Array(train.length);
  order.set(train);
  return new Rng(seed).fork(`epoch:${epoch}`).shuffle(order);
}
