/**
 * Inputs for verification runs: seeded random rasters (when no dataset is named) or dataset
 * samples through a spike encoder. Both are pure functions of their seed, so a verification run is
 * reproducible byte for byte.
 */
import { diag, hasErrors, Rng, type Diagnostic } from '@snnc/common';
import { makeImageShift } from './augment.js';
import { sampleImage } from './dataset.js';
import { gradedInputOptions, makeEncoder, type RateCode } from './make-encoder.js';
import { DataCode } from './codes.js';
import { splitParts } from './parts.js';
import { loadDataset } from './registry.js';
import { epochOrder } from './split.js';
import { sparseEncoding } from './sparse-encoding.js';

/** Training and presentation defaults shared by the trainer, `snnc emulate` and `snnc verify`. */
export const TRAIN_DEFAULTS = {
  /** epochs for datasets without their own choice in defaultEpochs (synthetic and registered ones) */
  epochs: 3,
  encoding: 'rate',
  seed: 0,
  /** rate coding at up to one spike per step: MNIST's saturated strokes become near-regular trains */
  maxRate: 1,
  /** the most epochs a run may have (`--epochs`, and the planned epochs a checkpoint may record) */
  maxEpochs: 1000,
} as const;

/**
 * Training epochs when none are given, per dataset and encoding: each chosen on that dataset's
 * validation part for its default network (docs/results.md). Fashion-MNIST's 55,000-image epoch
 * holds eight times MNIST's updates; at full rates its validation accuracy peaks after one (a second
 * drifts on 2 of 5 seeds), and with its rate schedule after three (3-seed validation 85.24 against
 * 84.40 for two). Row-sequential MNIST (examples/srsnn-seed-rows.json) peaks after two at full
 * rates (3-seed validation means 82.1 after two, 80.1 after three) and trains for 4 with its rate
 * schedule (training's defaultRateSchedule: 84.5, docs/results.md "Learning-rate schedule"), and for 5 since its fifth
 * epoch trains the readout on held features (90.84 against 89.26 after four). MNIST presented at once trains for 32: with
 * the readout decay and the 1-pixel training shift it no longer collapses after its fourth epoch;
 * at full rates the 3-seed validation mean peaks after 9 (94.83, 95.30, 95.03 after 8, 9, 10;
 * docs/results.md "Training longer"), with the rate schedule annealing the last sixteenth it keeps
 * rising (95.73, 96.10, 96.47 after 9, 12, 16), and past 16 the readout decay of 2^-10 collapses
 * (4 seeds of 5 in epochs 17-20) where 2^-9 (examples/srsnn-seed-mnist-long.json) holds: 5-seed
 * validation 96.62 ± 0.51 after 32 against 96.30 ± 0.45 after 16; examples/srsnn-seed-mnist-wide.json
 * (layers twice as wide, 2^-8) gives 97.27 ± 0.21 over 3 seeds, and the MNIST default spec,
 * examples/srsnn-seed-mnist-wide3.json (three times as wide, etaOut at 2/3), 97.40 ± 0.46.
 */
export function defaultEpochs(dataset: string, encoding: string = TRAIN_DEFAULTS.encoding): number {
  // Fashion-MNIST: 3 with its rate schedule (training's defaultRateSchedule), which settles the third epoch's swing
  if (dataset === 'fashion-mnist') return encoding === 'rate' ? 3 : 1;
  // row-sequential MNIST: 5 with its rate schedule, which halves the rates in the third and again in
  // the fourth, and in the fifth trains the readout alone with homeostasis held (2/8/hold)
  if (encoding === 'rows') return dataset === 'mnist' ? 5 : 2;
  return dataset === 'mnist' ? 32 : TRAIN_DEFAULTS.epochs;
}

/**
 * The rate encoder's code when none is given (`--rate-code`, rate-encoder.ts): regular (no sampling
 * noise) for Fashion-MNIST, where it was chosen on validation (+0.63 over Bernoulli on 3 seeds;
 * docs/results.md "Fashion-MNIST: the rate code's noise"); Bernoulli elsewhere, where it was not
 * tried.
 */
export function defaultRateCode(dataset: string): RateCode {
  return dataset === 'fashion-mnist' ? 'regular' : 'bernoulli';
}

/**
 * The training shift (augment.ts) when none is given: 1 pixel for MNIST, whose 7,000 training
 * digits the default networks otherwise fit; chosen on validation, presented at once with the
 * readout decay of examples/srsnn-seed.json (docs/results.md "Training longer") and row by row on
 * examples/srsnn-seed-rows.json (+1.1 on 5-seed validation, docs/results.md "Row-sequential: the
 * training shift, and where the readout loses"); none for Fashion-MNIST's 55,000 images or data without two spatial dimensions.
 */
export function defaultAugmentShift(dataset: string, _encoding: string = TRAIN_DEFAULTS.encoding): number {
  return dataset === 'mnist' ? 1 : 0;
}

/**
 * Sample keys for the encoder. Training presentations get a fresh key every epoch (for the rate
 * encoder: fresh Bernoulli noise, a mild augmentation); evaluation (validation and test) always
 * uses the sample's dataset index, so `snnc evaluate` sees the very rasters the training run
 * evaluated on.
 */
export function trainKey(index: number, epoch: number, datasetSize: number): number {
  return ((epoch + 1) * datasetSize + index) >>> 0;
}
export function testKey(index: number): number {
  return index >>> 0;
}

export interface Inputs {
  rasters: Uint8Array[];
  labels: number[];
}

/**
 * Rasters presented in order, one per sample: an array, or a lazy sequence (randomRasters) that
 * draws each raster when its sample asks for it, so a run of a million samples holds one raster,
 * not a million. The length is known before the first is drawn.
 */
export interface RasterSequence extends Iterable<Uint8Array> {
  readonly length: number;
}

/**
 * `samples` rasters of T x nIn with independent spikes of probability `rate`, and labels uniform
 * over `classes` (0 when there are none), all drawn at once: randomRasters and randomLabels, whose
 * draws these are.
 */
export function randomInputs(samples: number, T: number, nIn: number, classes: number, rate: number, seed: number, graded?: Uint8Array): Inputs {
  return { rasters: Array.from(randomRasters(samples, T, nIn, rate, seed, graded)), labels: randomLabels(samples, classes, seed) };
}

/**
 * The rasters of randomInputs, drawn lazily: each iteration draws them again from the seed, one
 * fresh raster per sample as it is reached, in the same order, so the bytes are those drawn at
 * once. The rasters' rng is forked from the seed alone (Rng.fork), so they do not depend on whether
 * labels are drawn, nor when. `graded` (per column, 1 = a graded input, §2.4): such a column's
 * spike carries a value uniform in 1..255, drawn after its spike (a plain 1 would be a spike of
 * 1/255, which barely moves its targets); the other columns' draws are as without it.
 */
export function randomRasters(samples: number, T: number, nIn: number, rate: number, seed: number, graded?: Uint8Array): RasterSequence {
  return {
    length: samples,
    *[Symbol.iterator]() {
      const spikes = new Rng(seed).fork('rasters');
      for (let k = 0; k < samples; k++) {
        const r = new Uint8Array(T * nIn);
        if (graded) fillGraded(r, nIn, graded, rate, spikes);
        else for (let i = 0; i < r.length; i++) r[i] = spikes.float() < rate ? 1 : 0;
        yield r;
      }
    },
  };
}

/** The labels of randomInputs, all at once (a number each). */
export function randomLabels(samples: number, classes: number, seed: number): number[] {
  const next = randomLabelDraw(classes, seed);
  return Array.from({ length: samples }, () => next());
}

/** The labels of randomInputs one per call, in order: uniform over `classes` (0 when there are none), from their own fork of the seed. */
export function randomLabelDraw(classes: number, seed: number): () => number {
  const lab = new Rng(seed).fork('labels');
  return () => (classes > 0 ? lab.int(0, classes - 1) : 0);
}

/**
 * One random raster of `nIn` columns with graded columns (randomInputs): a spike of probability
 * `rate` per entry, and for a graded column's spike its value, uniform in 1..255.
 */
export function fillGraded(r: Uint8Array, nIn: number, graded: Uint8Array, rate: number, rng: Rng): void {
  for (let i = 0; i < r.length; i++) {
    const spike = rng.float() < rate;
    r[i] = !spike ? 0 : graded[i % nIn] === 1 ? rng.int(1, 255) : 1;
  }
}

export interface DatasetInputOptions {
  dataset: string;
  /** loader options (e.g. synthetic: { features, classes, size }) */
  datasetOptions?: Record<string, unknown>;
  /** training presentations (epoch 0 order of the training block) */
  samples: number;
  /** held-out samples after them (prefix of the test block) */
  testSamples?: number;
  T: number;
  nIn: number;
  classes: number;
  encoder?: string;
  /** rate encoder: spike probability of a full-intensity pixel (default: the trainer's) */
  maxRate?: number;
  /** rate encoder: `regular` for the noise-free code (rate-encoder.ts), as `snnc train --rate-code`; default defaultRateCode(dataset) */
  rateCode?: RateCode;
  /** pixels: the training presentations moved as `snnc train --augment-shift` moves them in epoch 0; default defaultAugmentShift(dataset, encoder) */
  augmentShift?: number;
  /** the network's input is graded (docs/semantics.md §2.4): the rows encoder writes intensities, other encoders are refused */
  graded?: boolean;
  seed: number;
}

/**
 * Exactly the samples `snnc train --seed S --train K --test M --epochs 1` presents
 * (packages/training/src): the same parts (fixed split seed), the epoch-0 order of the
 * K training samples, the same training shift (augment.ts), encoder options and per-sample
 * encoder keys; then the first M samples of the test part, never shifted. The encoder must produce nIn channels of T steps. (For S > 0 the
 * trainer also draws the network instance spec.seed + S: specForRunSeed.)
 */
/** A dataset's presentations (datasetInputs): labels at once, rasters encoded when asked for, by index or in order. */
export interface DatasetInputs {
  readonly count: number;
  /** sample k's raster, encoded afresh (T x nIn, step-major) */
  raster(k: number): Uint8Array;
  /** the same rasters in order, one encoded per step of the iteration */
  readonly rasters: RasterSequence;
  readonly labels: number[];
}

export function datasetInputs(o: DatasetInputOptions): { inputs?: DatasetInputs; diagnostics: Diagnostic[] } {
  const loaded = loadDataset(o.dataset, o.datasetOptions ?? {});
  if (!loaded.dataset) return { diagnostics: loaded.diagnostics };
  const ds = loaded.dataset;
  const name = o.encoder ?? TRAIN_DEFAULTS.encoding;
  const encOpts: Record<string, number> = { steps: o.T };
  if (name === 'rate') {
    encOpts.maxRate = o.maxRate ?? TRAIN_DEFAULTS.maxRate;
    // a graded input has no spike times, hence no code (rate-encoder.ts); an explicit one, either, is warned about
    if (o.graded === true) {
      if (o.rateCode !== undefined) encOpts.regular = o.rateCode === 'regular' ? 1 : 0;
    } else if ((o.rateCode ?? defaultRateCode(o.dataset)) === 'regular') encOpts.regular = 1;
    encOpts.seed = o.seed >>> 0;
  }
  if (o.graded === true) {
    const g = gradedInputOptions(name);
    if (g.diagnostic) return { diagnostics: [...loaded.diagnostics, { ...g.diagnostic, pointer: '/input/graded' }] };
    Object.assign(encOpts, g.options);
  }
  // one image row per step, as the trainer's rows encoding: N = the image's width
  const width = ds.inputShape[ds.inputShape.length - 1];
  if (name === 'rows') encOpts.width = width;
  const enc = makeEncoder(name, encOpts);
  // the encoder's steps are the network's timesteps, not an option the user gave: say so
  const out: Diagnostic[] = [...loaded.diagnostics, ...enc.diagnostics.map((d) => (d.pointer === '/steps' ? { ...d, pointer: '/timesteps', message: `the network's timesteps: ${d.message}` } : d))];
  if (!enc.encoder) return { diagnostics: out };
  const rows = Math.ceil(ds.features / width);
  if (name === 'rows' && o.T < rows) {
    // the image is taller than a sample is long: the network's timesteps, not the dataset, are what to change
    out.push(diag(DataCode.EncoderDoesNotFit, `the rows encoder of ${o.dataset} does not fit the network's input: its ${rows} rows need ${rows} steps`, {
      pointer: '/timesteps', expected: `timesteps >= ${rows} (the image's rows)`, found: `timesteps ${o.T}`,
      fix: `use a spec with timesteps at least ${rows} (steps after the last row are silent)`,
    }));
    return { diagnostics: out };
  }
  if (enc.encoder.steps !== o.T || enc.encoder.channels(ds.features) !== o.nIn) {
    out.push(diag(DataCode.EncoderDoesNotFit, `the ${name} encoder of ${o.dataset} does not fit the network's input`, {
      expected: `${o.T} steps x ${o.nIn} inputs`, found: `${enc.encoder.steps} steps x ${enc.encoder.channels(ds.features)} inputs`,
      fix: 'use a spec whose input population has one neuron per dataset feature',
    }));
    return { diagnostics: out };
  }
  // a rate code that can spike but practically never does: presented anyway, with a warning at /maxRate
  const sparse = sparseEncoding(enc.encoder, ds.features);
  if (sparse) out.push(sparse);
  if (ds.numClasses > o.classes) {
    out.push(diag(DataCode.TooManyClasses, `${o.dataset} has ${ds.numClasses} classes but the readout codes ${o.classes}`, { expected: `>= ${ds.numClasses}`, found: String(o.classes) }));
    return { diagnostics: out };
  }
  // as `snnc train --train K --test M`: a prefix of each part (fixed split seed), so the epoch-0 order is the trainer's
  const sp = splitParts(ds, { train: o.samples, validation: 0, test: o.testSamples ?? 0 });
  out.push(...sp.diagnostics);
  if (!sp.parts || hasErrors(out)) return { diagnostics: out };
  const split = sp.parts;
  const shiftPx = o.augmentShift ?? defaultAugmentShift(o.dataset, name);
  const sh = shiftPx > 0 ? makeImageShift(ds.inputShape, shiftPx) : undefined;
  if (sh && !sh.shift) return { diagnostics: [...out, ...sh.diagnostics] };
  const moved = sh ? new Uint8Array(ds.features) : undefined;
  const order = epochOrder(split.train, o.seed >>> 0, 0);
  const nTrain = Math.min(o.samples, order.length);
  const count = nTrain + Math.min(o.testSamples ?? 0, split.test.length);
  const index = (k: number) => (k < nTrain ? order[k] : split.test[k - nTrain]);
  const encoder = enc.encoder;
  // each sample's raster is a pure function of its image and key, so it is encoded when asked for:
  // a run holds the raster it presents, not the whole part (T x nIn bytes each)
  const raster = (k: number): Uint8Array => {
    const i = index(k);
    if (k >= nTrain) return encoder.raster(sampleImage(ds, i), testKey(i));
    const key = trainKey(i, 0, ds.size);
    const image = sampleImage(ds, i);
    return encoder.raster(sh?.shift ? sh.shift.apply(image, key, moved!) : image, key);
  };
  const labels = Array.from({ length: count }, (_, k) => ds.labels[index(k)]);
  const rasters: RasterSequence = {
    length: count,
    *[Symbol.iterator]() {
      for (let k = 0; k < count; k++) yield raster(k);
    },
  };
  return { inputs: { count, raster, rasters, labels }, diagnostics: out };
}
