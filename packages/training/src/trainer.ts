import { rateShiftAt, type SampleRunner } from '@snnc/common';
import { testKey, trainKey } from '@snnc/datasets';

/**
 * The training loop: local learning only (docs/semantics.md §5 runs inside the runner after each
 * labelled training sample), evaluation with learning off (§4, homeostasis frozen). The protocol
 * (docs/datasets.md): after every epoch the loop evaluates the validation part, the only figure
 * anything may be chosen on; the test part is evaluated once, after the last epoch. The loop only
 * sees a SampleRunner, so the integer reference and the float64 twin are trained by the same code.
 *
 * The data side is structural (images as one byte array, an encoder writing a raster into a
 * caller-owned buffer) so the loop allocates nothing per sample: one raster buffer for the run.
 */

/** What the loop needs of a dataset (the shape of @snnc/datasets' Dataset). */
export interface SampleSource {
  readonly features: number;
  readonly numClasses: number;
  readonly images: Uint8Array;
  readonly labels: Uint8Array;
}

/** What the loop needs of a spike encoder (the shape of @snnc/datasets' SpikeEncoder). */
export interface RasterEncoder {
  readonly steps: number;
  channels(features: number): number;
  encode(image: Uint8Array, sampleKey: number, out: Uint8Array): void;
}

export interface TrainProgress {
  phase: 'train' | 'validation' | 'test';
  epoch: number; // 0-based
  epochs: number;
  done: number; // samples done in this phase
  total: number;
  /** running accuracy of this phase so far (training: prediction before the sample's update) */
  accuracy: number;
}

export interface TrainLoopOptions {
  epochs: number;
  /** dataset indices of the parts: train (visited in `order(epoch)`), validation (after every
   *  epoch) and test (once, after the last epoch) */
  train: Uint32Array;
  validation: Uint32Array;
  test: Uint32Array;
  /** per-epoch visiting order of `train`; default: the split's order every epoch */
  order?: (epoch: number) => Uint32Array;
  /** progress callback, called every `progressEvery` samples and at each phase end */
  onProgress?: (p: TrainProgress) => void;
  progressEvery?: number;
  /** called after each epoch's evaluation (e.g. to log a line) */
  onEpoch?: (r: EpochRecord) => void;
  /** monotonic clock in seconds (injected so tests and reports can stay deterministic) */
  clock?: () => number;
  /** applied to training presentations only, keyed like the encoder (datasets' makeImageShift) */
  augment?: ImageAugment;
  /** the shift applies in epochs 0 .. augmentEpochs - 1 only (absent: every epoch) */
  augmentEpochs?: number;
  /** §5.11 learning-rate schedule over all epochs' presentations (rate-schedule.ts); default [0] */
  rateSchedule?: readonly number[];
  /** §5.11 the hidden (three-factor) rule's shifts h, parallel to rateSchedule; absent: h = a */
  rateScheduleHidden?: readonly number[];
  /** §5.11 homeostasis holds, parallel to rateSchedule (`a/h/hold` entries); absent: no hold */
  rateScheduleHold?: readonly boolean[];
  /** epochs already trained (a resumed run, resume.ts): the runner holds their end state, and the
   *  loop runs epochs startEpoch .. epochs - 1 at the places they have in the whole run (orders,
   *  sample keys, §5.11 segments); default 0 */
  startEpoch?: number;
}

/** Where one epoch's presentations sit in the run's §5.11 schedule. */
export interface RateSegment {
  schedule: readonly number[];
  /** the hidden rule's shifts, parallel to schedule (absent: the hidden rule follows a) */
  hidden?: readonly number[];
  /** the homeostasis holds, parallel to schedule (absent: never held) */
  hold?: readonly boolean[];
  /** presentations of the run before this epoch's first */
  before: number;
  /** presentations of the whole run */
  total: number;
}

/** What the loop needs of a training-time image transform (the shape of datasets' ImageShift). */
export interface ImageAugment {
  apply(image: Uint8Array, key: number, out: Uint8Array): Uint8Array;
}

export interface EpochRecord {
  epoch: number; // 1-based
  /** fraction of training samples predicted right before their own update (online accuracy) */
  trainAccuracy: number;
  validationAccuracy: number;
  trainSeconds: number;
  validationSeconds: number;
  /** synaptic events of this epoch's training phase and validation phase */
  trainSynapticEvents: number;
  validationSynapticEvents: number;
}

export interface EvaluationResult {
  accuracy: number;
  correct: number;
  samples: number;
  /** C x C, row = true class, column = predicted class */
  confusion: Uint32Array;
  seconds: number;
  synapticEvents: number;
}

export interface TrainLoopResult {
  epochs: EpochRecord[];
  trainAccuracy: number;
  /** validation accuracy after the last epoch */
  validationAccuracy: number;
  /** the one evaluation of the test part, after the last epoch */
  testAccuracy: number;
  test: EvaluationResult;
  /** confusion matrix of the test evaluation */
  confusion: Uint32Array;
  seconds: number;
  synapticEvents: number;
}

export { trainKey, testKey } from '@snnc/datasets';

function defaultClock(): number {
  return performance.now() / 1000;
}

function checkShapes(runner: SampleRunner, data: SampleSource, encoder: RasterEncoder): void {
  if (encoder.steps !== runner.timesteps)
    throw new RangeError(`the encoder presents ${encoder.steps} steps but the network's timesteps is ${runner.timesteps}`);
  const ch = encoder.channels(data.features);
  if (ch !== runner.inputSize)
    throw new RangeError(`the encoder gives ${ch} inputs per step but the network has ${runner.inputSize} input neurons`);
  if (data.numClasses > runner.classes)
    throw new RangeError(`the dataset has ${data.numClasses} classes but the readout codes ${runner.classes}`);
}

/**
 * Inference over `indices` with learning off (§4). The runner's persistent state is not changed:
 * homeostasis is frozen in inference mode (§3.2), so evaluating twice gives identical results.
 */
export function evaluateRunner(
  runner: SampleRunner,
  data: SampleSource,
  encoder: RasterEncoder,
  indices: Uint32Array,
  hooks: { onProgress?: (done: number, correct: number) => void; progressEvery?: number; clock?: () => number; predictions?: Int32Array } = {},
): EvaluationResult {
  checkShapes(runner, data, encoder);
  const clock = hooks.clock ?? defaultClock;
  const C = runner.classes;
  const confusion = new Uint32Array(C * C);
  const raster = new Uint8Array(runner.timesteps * runner.inputSize);
  const F = data.features;
  const every = hooks.progressEvery ?? 50;
  const ev0 = runner.counters.synapticEvents;
  const t0 = clock();
  runner.setLearning(false);
  let correct = 0;
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    encoder.encode(data.images.subarray(i * F, (i + 1) * F), testKey(i), raster);
    const { predicted } = runner.runSample(raster);
    if (hooks.predictions) hooks.predictions[k] = predicted;
    const y = data.labels[i];
    if (predicted === y) correct++;
    if (predicted >= 0 && predicted < C) confusion[y * C + predicted]++;
    if (hooks.onProgress && ((k + 1) % every === 0 || k + 1 === indices.length)) hooks.onProgress(k + 1, correct);
  }
  return {
    accuracy: indices.length ? correct / indices.length : 0,
    correct,
    samples: indices.length,
    confusion,
    seconds: clock() - t0,
    synapticEvents: runner.counters.synapticEvents - ev0,
  };
}

/** One training pass over `order` with learning on; returns the online accuracy. */
export function trainEpoch(
  runner: SampleRunner,
  data: SampleSource,
  encoder: RasterEncoder,
  order: Uint32Array,
  epoch: number,
  datasetSize: number,
  hooks: { onProgress?: (done: number, correct: number) => void; progressEvery?: number; augment?: ImageAugment; rate?: RateSegment } = {},
): { accuracy: number; correct: number } {
  checkShapes(runner, data, encoder);
  const raster = new Uint8Array(runner.timesteps * runner.inputSize);
  const F = data.features;
  const augment = hooks.augment;
  const moved = augment ? new Uint8Array(F) : undefined;
  const every = hooks.progressEvery ?? 50;
  const rate = hooks.rate;
  let shift = -1;
  let hiddenShift = -1;
  let held: boolean | undefined;
  runner.setLearning(true);
  let correct = 0;
  for (let k = 0; k < order.length; k++) {
    if (rate) {
      // §5.11: the host's write between samples, only when the segment's shifts change
      const a = rateShiftAt(rate.schedule, rate.before + k, rate.total);
      if (!rate.hidden && !rate.hold) {
        if (a !== shift) runner.setRateShift((shift = a));
      } else {
        const h = rate.hidden ? rateShiftAt(rate.hidden, rate.before + k, rate.total) : a;
        const hold = rate.hold ? rateShiftAt(rate.hold, rate.before + k, rate.total) : false;
        if (a !== shift || h !== hiddenShift || hold !== held) runner.setRateShift((shift = a), (hiddenShift = h), (held = hold));
      }
    }
    const i = order[k];
    const key = trainKey(i, epoch, datasetSize);
    const image = data.images.subarray(i * F, (i + 1) * F);
    encoder.encode(augment ? augment.apply(image, key, moved!) : image, key, raster);
    const y = data.labels[i];
    // §5: the runner teaches from this sample's counts at its epoch end; the prediction it
    // returns was made before that update, so this is an honest online accuracy.
    if (runner.runSample(raster, y).predicted === y) correct++;
    if (hooks.onProgress && ((k + 1) % every === 0 || k + 1 === order.length)) hooks.onProgress(k + 1, correct);
  }
  runner.setLearning(false);
  return { accuracy: order.length ? correct / order.length : 0, correct };
}

/**
 * Epochs of (train with learning on, evaluate the validation part with learning off), then one
 * evaluation of the test part. Nothing here looks at test before the end.
 */
export function trainLoop(runner: SampleRunner, data: SampleSource, encoder: RasterEncoder, opts: TrainLoopOptions): TrainLoopResult {
  const clock = opts.clock ?? defaultClock;
  const datasetSize = data.labels.length;
  const every = opts.progressEvery ?? 50;
  const records: EpochRecord[] = [];
  const ev0 = runner.counters.synapticEvents;
  const start = clock();
  const schedule = opts.rateSchedule ?? [0];
  const startEpoch = opts.startEpoch ?? 0;
  let before = startEpoch * opts.train.length; // every epoch presents the whole train part once
  for (let e = startEpoch; e < opts.epochs; e++) {
    const order = opts.order ? opts.order(e) : opts.train;
    const rate: RateSegment = {
      schedule,
      ...(opts.rateScheduleHidden ? { hidden: opts.rateScheduleHidden } : {}),
      ...(opts.rateScheduleHold ? { hold: opts.rateScheduleHold } : {}),
      before,
      total: opts.epochs * opts.train.length,
    };
    before += order.length;
    const tr0 = clock();
    const evTrain0 = runner.counters.synapticEvents;
    const report = progress(opts, e);
    const tr = trainEpoch(runner, data, encoder, order, e, datasetSize, { onProgress: report('train', order.length), progressEvery: every, augment: e < (opts.augmentEpochs ?? opts.epochs) ? opts.augment : undefined, rate });
    const trainSeconds = clock() - tr0;
    const trainEvents = runner.counters.synapticEvents - evTrain0;
    const ev = evaluateRunner(runner, data, encoder, opts.validation, { onProgress: report('validation', opts.validation.length), progressEvery: every, clock });
    const rec: EpochRecord = {
      epoch: e + 1,
      trainAccuracy: tr.accuracy,
      validationAccuracy: ev.accuracy,
      trainSeconds,
      validationSeconds: ev.seconds,
      trainSynapticEvents: trainEvents,
      validationSynapticEvents: ev.synapticEvents,
    };
    records.push(rec);
    opts.onEpoch?.(rec);
  }
  const last = records[records.length - 1];
  const test = evaluateRunner(runner, data, encoder, opts.test, { onProgress: progress(opts, opts.epochs - 1)('test', opts.test.length), progressEvery: every, clock });
  return {
    epochs: records,
    trainAccuracy: last?.trainAccuracy ?? 0,
    validationAccuracy: last?.validationAccuracy ?? 0,
    testAccuracy: test.accuracy,
    test,
    confusion: test.confusion,
    seconds: clock() - start,
    synapticEvents: runner.counters.synapticEvents - ev0,
  };
}

/** A progress reporter for one phase of epoch `epoch` (0-based). */
function progress(opts: TrainLoopOptions, epoch: number) {
  return (phase: TrainProgress['phase'], total: number) => (done: number, correct: number) =>
    opts.onProgress?.({ phase, epoch, epochs: opts.epochs, done, total, accuracy: done ? correct / done : 0 });
}
