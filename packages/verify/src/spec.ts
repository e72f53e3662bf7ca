/**
 * verifySpec: the whole toolchain on one spec file (the driver's `compile`), then verifyNetwork.
 * The chip image is encoded and decoded again so that the bytes a user would load are what runs;
 * reference vs emulator.
 */
import { diag, rateShiftAt, type Diagnostic } from '@snnc/common';
import { gradedInputColumns, gradedPointer, inputKinds, inputSize, readoutPopulation, type LoweredNetwork, type Target } from '@snnc/ir';
import type { Placement } from '@snnc/mapper';
import { decodeImage, type ChipImage } from '@snnc/image';
import { compile, estimateHeap, heapRefusal, locate } from '@snnc/driver';
import { referenceBudget } from '@snnc/reference';
import { DataCode, datasetInputs, mixedGradedInputs, randomLabels, randomRasters, type RasterSequence, type RateCode } from '@snnc/datasets';
import { stepsRefusal, verifyNetwork, type VerifyResult } from './verify.js';

export interface VerifySpecOptions {
  /** total steps to run when no dataset is given (rounded up to whole samples of T steps) */
  steps?: number;
  /** number of samples (dataset samples with `dataset`, random rasters otherwise) */
  samples?: number;
  dataset?: string;
  /** loader options of the dataset (e.g. synthetic: { features, classes, size }) */
  datasetOptions?: Record<string, unknown>;
  encoder?: string;
  train: boolean;
  /** seed of the random rasters, or of the dataset split, order and rate encoder as in `snnc train` (default 0) */
  seed?: number;
  /** spike probability per input per step of the random rasters (default 0.2) */
  rate?: number;
  /** rate encoder of a dataset: spike probability of a full-intensity pixel (default: the trainer's) */
  maxRate?: number;
  /** rate encoder of a dataset: `regular` for the noise-free code, as `snnc train --rate-code` */
  rateCode?: RateCode;
  /** pixels: training samples moved as snnc train moves them (default: the trainer's default for the dataset) */
  augmentShift?: number;
  /** use this placement instead of mapping (the strategy is then ignored); its file names diagnostics */
  placement?: Placement;
  placementFile?: string;
  /** after the (training) samples, this many further samples run in inference mode (held out) */
  testSamples?: number;
  /** §5.11 learning-rate schedule spread over the training samples, as `snnc train --rate-schedule` over a run */
  rateSchedule?: readonly number[];
  /** §5.11 the hidden rule's own shifts, parallel to rateSchedule (`a/h` entries); absent: h = a */
  rateScheduleHidden?: readonly number[];
  /** §5.11 homeostasis holds, parallel to rateSchedule (`a/h/hold` entries); absent: never held */
  rateScheduleHold?: readonly boolean[];
  /** after each sample compared: the samples done and the run's total (verifyNetwork's) */
  onProgress?: (done: number, total: number) => void;
}

/** Fraction of samples whose prediction equals the label, over the first trainCount samples and the rest. */
export function accuracyOf(predictions: Int32Array, labels: number[], trainCount: number): Accuracy {
  let ok0 = 0, ok1 = 0;
  for (let k = 0; k < predictions.length; k++) {
    if (predictions[k] !== labels[k]) continue;
    if (k < trainCount) ok0++;
    else ok1++;
  }
  const testSamples = predictions.length - trainCount;
  return { train: trainCount ? ok0 / trainCount : 0, trainSamples: trainCount, test: testSamples ? ok1 / testSamples : 0, testSamples };
}

/** Fraction of samples whose prediction equals the label (emulator = reference when bit-exact). */
export interface Accuracy {
  /** online accuracy over the training samples (prediction before each sample's epoch) */
  train: number;
  trainSamples: number;
  /** accuracy over the inference samples that follow */
  test: number;
  testSamples: number;
}

export interface VerifySpecResult {
  result?: VerifyResult;
  network?: LoweredNetwork;
  placement?: Placement;
  image?: ChipImage;
  imageBytes?: Uint8Array;
  /** computed separately from each side's own predictions */
  accuracy?: { emulator: Accuracy; reference: Accuracy };
  diagnostics: Diagnostic[];
}

export function verifySpec(specPath: string, target: string | Target, strategy: string, opts: VerifySpecOptions): VerifySpecResult {
  const c = compile(specPath, target, { strategy, ...(opts.placement ? { placement: opts.placement } : {}), ...(opts.placementFile !== undefined ? { placementFile: opts.placementFile } : {}) });
  const built: VerifySpecResult = { diagnostics: c.diagnostics };
  if (c.network) built.network = c.network;
  if (c.placement) built.placement = c.placement;
  if (c.image) built.image = c.image;
  if (c.imageBytes) built.imageBytes = c.imageBytes;
  if (!built.image || !built.network || !built.placement) return built;
  const net = built.network;
  // run what a user would load: the bytes, decoded again
  const dec = decodeImage(built.imageBytes!, { expectTarget: built.image.target });
  const diagnostics = [...built.diagnostics, ...dec.diagnostics];
  if (!dec.image) return { ...built, diagnostics };
  const T = net.timesteps;
  const nIn = inputSize(net);
  const ro = readoutPopulation(net);
  const classes = ro?.classes ?? 0;
  const seed = opts.seed ?? 0;
  // each raster is drawn or encoded when its sample runs, so memory holds one; what grows with the
  // run is what it keeps of every step and sample (and the labels): refuse what would not fit,
  // before the first. The step bound first: no heap lifts it
  const runRefusal = (n: number, what: string, fewer: string): Diagnostic | undefined => {
    const tooLong = stepsRefusal(n, T);
    if (tooLong) return tooLong;
    const tooBig = heapRefusal(`verifying ${n} ${what} of ${T} steps x ${nIn} inputs`, estimateHeap({ samples: 1, sampleBytes: T * nIn, kept: { steps: n * T, samples: n }, imageBytes: built.imageBytes!.length }));
    return tooBig && { ...tooBig, fix: `${fewer}, or ${tooBig.fix}` };
  };
  // the reference simulator's own tables (delay ring, per-class records), located in the spec
  const budget = referenceBudget(net).map((d) => locate(d, specPath, target, net));
  if (budget.length) return { ...built, diagnostics: [...diagnostics, ...budget] };
  // one sample that cannot be allocated at all is the spec's (its timesteps x inputs), whatever the run's length
  const oneSample = heapRefusal(`presenting samples of ${T} steps x ${nIn} inputs`, estimateHeap({ samples: 1, sampleBytes: T * nIn }));
  if (oneSample) return { ...built, diagnostics: [...diagnostics, { ...oneSample, file: specPath, pointer: '/timesteps' }] };
  let inputs: { rasters: RasterSequence; labels: number[] };
  if (opts.dataset !== undefined) { // an empty name too: the loader refuses it (it ran random input)
    // §2.4: one encoder feeds every input, so they must be all graded or all plain (as training demands)
    const kinds = inputKinds(net);
    if (kinds.graded && kinds.plain)
      return { ...built, diagnostics: [...diagnostics, { ...mixedGradedInputs(kinds.plain.id, kinds.graded.id), file: specPath, pointer: gradedPointer(kinds.plain) }] };
    const d = datasetInputs({
      dataset: opts.dataset, ...(opts.datasetOptions ? { datasetOptions: opts.datasetOptions } : {}), samples: opts.samples ?? 10, testSamples: opts.testSamples ?? 0, T, nIn, classes, seed,
      ...(opts.encoder !== undefined ? { encoder: opts.encoder } : {}), ...(opts.maxRate !== undefined ? { maxRate: opts.maxRate } : {}),
      ...(opts.rateCode !== undefined ? { rateCode: opts.rateCode } : {}),
      ...(kinds.graded ? { graded: true } : {}),
      ...(opts.augmentShift !== undefined ? { augmentShift: opts.augmentShift } : {}),
    });
    // §2.4: a graded input refused its encoder, or a rate code it has no use for (--rate-code), is
    // located at the input's graded in the spec (an srsnn's /input, a graph's population)
    const gradedAt = kinds.gradedAt ?? '/input/graded';
    const aboutGraded = (x: Diagnostic): boolean => x.code === DataCode.GradedEncoder || (x.code === DataCode.IgnoredEncoderOption && x.pointer === '/regular');
    diagnostics.push(...d.diagnostics.map((x) => (x.file !== undefined ? x : x.pointer === '/timesteps' ? { ...x, file: specPath } : aboutGraded(x) ? { ...x, file: specPath, pointer: gradedAt } : x)));
    if (!d.inputs) return { ...built, diagnostics };
    // encoded as their samples run (datasetInputs): the random path's guard
    const refused = runRefusal(d.inputs.count, `${opts.dataset} samples`, 'fewer samples');
    if (refused) return { ...built, diagnostics: [...diagnostics, refused] };
    inputs = { rasters: d.inputs.rasters, labels: d.inputs.labels };
  } else {
    const samples = opts.samples ?? Math.max(1, Math.ceil((opts.steps ?? 10 * T) / T));
    const n = samples + (opts.testSamples ?? 0);
    const refused = runRefusal(n, 'random input samples', 'fewer steps or samples');
    if (refused) return { ...built, diagnostics: [...diagnostics, refused] };
    inputs = { rasters: randomRasters(n, T, nIn, opts.rate ?? 0.2, seed, gradedInputColumns(net)), labels: randomLabels(n, classes, seed) };
  }
  if (opts.train && classes < 1) {
    diagnostics.push(diag('SNNC4307', 'training verification needs a readout with classes', { fix: 'run without --train' }));
    return { ...built, diagnostics };
  }
  // the dataset may hold fewer samples than asked: the test block follows the training presentations
  const trainCount = opts.dataset !== undefined ? Math.min(opts.samples ?? 10, inputs.rasters.length) : inputs.rasters.length - (opts.testSamples ?? 0);
  // §5.11: each list of the schedule spread over the training samples (the parallel lists only with a schedule)
  const perSample = <T>(list: readonly T[] | undefined) =>
    opts.rateSchedule && list ? Array.from({ length: trainCount }, (_, k) => rateShiftAt(list, k, trainCount)) : undefined;
  const rateShifts = perSample(opts.rateSchedule);
  const hiddenRateShifts = perSample(opts.rateScheduleHidden);
  const homeostasisHolds = perSample(opts.rateScheduleHold);
  const result = verifyNetwork(net, dec.image, built.placement, {
    rasters: inputs.rasters, labels: inputs.labels, train: opts.train, trainCount, rateShifts, hiddenRateShifts, homeostasisHolds, file: specPath,
    ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
  });
  // what the run refuses of the sample length (the trajectory's size) is the spec's /timesteps
  diagnostics.push(...result.diagnostics.map((d) => (d.file === undefined && d.pointer === '/timesteps' ? { ...d, file: specPath } : d)));
  const accuracy = {
    emulator: accuracyOf(result.predictions, inputs.labels, trainCount),
    reference: accuracyOf(result.referencePredictions, inputs.labels, trainCount),
  };
  return { ...built, image: dec.image, result, accuracy, diagnostics };
}
