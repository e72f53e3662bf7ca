/**
 * verifySpec: the whole toolchain on one spec file (the driver's `compile`), then verifyNetwork;
 * its inputs and their refusals are prepared as soon as the network is lowered (inputs.ts). The
 * chip image is encoded and decoded again so that the bytes a user would load are what runs;
 * reference vs emulator.
 */
import { rateShiftAt, type Diagnostic } from '@snnc/common';
import type { LoweredNetwork, Target } from '@snnc/ir';
import type { Placement } from '@snnc/mapper';
import { decodeImage, type ChipImage } from '@snnc/image';
import { compile } from '@snnc/driver';
import type { RateCode } from '@snnc/datasets';
import { prepareInputs, runHeapRefusal } from './inputs.js';
import { verifyNetwork, type VerifyResult } from './verify.js';

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
  // the inputs and every refusal that needs no image, before mapping (inputs.ts)
  let prepared: ReturnType<typeof prepareInputs> | undefined;
  const afterLower = (net: LoweredNetwork): Diagnostic[] => (prepared = prepareInputs(net, specPath, target, opts)).diagnostics;
  const c = compile(specPath, target, { strategy, afterLower, ...(opts.placement ? { placement: opts.placement } : {}), ...(opts.placementFile !== undefined ? { placementFile: opts.placementFile } : {}) });
  const built: VerifySpecResult = { diagnostics: c.diagnostics };
  if (c.network) built.network = c.network;
  if (c.placement) built.placement = c.placement;
  if (c.image) built.image = c.image;
  if (c.imageBytes) built.imageBytes = c.imageBytes;
  const inputs = prepared?.inputs;
  if (!built.image || !built.network || !built.placement || !inputs) return built;
  const net = built.network;
  // run what a user would load: the bytes, decoded again
  const dec = decodeImage(built.imageBytes!, { expectTarget: built.image.target });
  const diagnostics = [...built.diagnostics, ...dec.diagnostics];
  if (!dec.image) return { ...built, diagnostics };
  // the run's heap again, now with the image's size
  const tooBig = runHeapRefusal(net, inputs.rasters.length, inputs.what, built.imageBytes!.length);
  if (tooBig) return { ...built, diagnostics: [...diagnostics, tooBig] };
  const trainCount = inputs.trainCount;
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
  // what the run refuses of the sample length is the spec's /timesteps
  diagnostics.push(...result.diagnostics.map((d) => (d.file === undefined && d.pointer === '/timesteps' ? { ...d, file: specPath } : d)));
  const accuracy = {
    emulator: accuracyOf(result.predictions, inputs.labels, trainCount),
    reference: accuracyOf(result.referencePredictions, inputs.labels, trainCount),
  };
  return { ...built, image: dec.image, result, accuracy, diagnostics };
}
