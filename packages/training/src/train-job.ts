import type { PopulationOverflow, SampleRunner } from '@snnc/common';
import type { Dataset, SpikeEncoder } from '@snnc/datasets';
import type { Graph, LoweredNetwork, Target } from '@snnc/ir';
import type { CompleteRun } from './checkpoint.js';
import type { AlignmentCurve } from './alignment.js';
import type { EpochRecord, TrainLoopResult, TrainProgress } from './trainer.js';
import type { ResumeFrom } from './resume.js';

/**
 * A training job as a caller describes it (runTrainingJob, session.ts: the CLI's `snnc train` and
 * the tests) and what it answers: the options, each with the default the session resolves it to,
 * and the result.
 */

export interface TrainJobOptions {
  specText: string;
  /** how the spec is named in diagnostics and the checkpoint (a file name, not a path) */
  specName: string;
  target: Target;
  dataset: Dataset;
  datasetName: string;
  /** default: defaultEpochs(datasetName, encoding), chosen on each dataset's validation part */
  epochs?: number;
  train?: number;
  validation?: number;
  test?: number;
  /** default SPLIT_SEED; independent of `seed` */
  splitSeed?: number;
  encoding?: string;
  /** extra encoder options (e.g. maxRate); `steps` defaults to the network's timesteps */
  encoderOptions?: Record<string, number>;
  seed?: number;
  hiddenPlasticity?: boolean;
  modulation?: 'compressed' | 'direct';
  /** pixels: every training presentation moved by up to this much (datasets' augment.ts); default defaultAugmentShift(datasetName, encoding) */
  augmentShift?: number;
  /** the shift applies in the first this many epochs only; default: the epochs before the schedule's first held entry (epochsBeforeHold) */
  augmentEpochs?: number;
  /** §5.11 rate shifts, one per equal segment of the run's training presentations; default defaultRateSchedule(datasetName, encoding) */
  rateSchedule?: readonly number[];
  /** §5.11 the hidden (three-factor) rule's own shifts, parallel to rateSchedule (`a/h` entries); absent: h = a */
  rateScheduleHidden?: readonly number[];
  /** §5.11 homeostasis holds, parallel to rateSchedule (`a/h/hold` entries); absent: never held */
  rateScheduleHold?: readonly boolean[];
  /** float64 twin on the un-lowered Graph (no checkpoint: its state is not integer) */
  float?: boolean;
  /**
   * Stop after the checks of the spec, the encoder, the parts and the schedule, before any
   * simulator is built: their diagnostics, no result. The CLI prints a run's warnings (an encoder
   * that practically never spikes, an option ignored) this way before an hour of training, not after.
   */
  checkOnly?: boolean;
  /** factory of the float64 twin (injected: the CLI passes createFloatSimulator) */
  createFloat?: (graph: Graph, opts: { hiddenPlasticity: boolean; modulation: 'compressed' | 'direct'; lowered: LoweredNetwork }) => SampleRunner;
  onProgress?: (p: TrainProgress) => void;
  onEpoch?: (r: EpochRecord) => void;
  clock?: () => number;
  /** fixed point: measure the feedback alignment (alignment.ts) every this many training samples (a multiple of 50) */
  alignmentEvery?: number;
  /** fixed point: called after every epoch but the last with a checkpoint of the run so far
   *  (`plannedEpochs` = epochs; no test figure), which `snnc train --resume` continues */
  onPartialCheckpoint?: (checkpoint: Uint8Array, epochsDone: number) => void;
  /** continue a run from its checkpoint, finished or stopped between epochs (resume.ts): its state and record; `specText` is then the checkpoint's,
   *  already the run seed's instance, and `epochs` counts the whole run, the checkpoint's included */
  resume?: ResumeFrom;
}

export interface TrainJobResult {
  network: LoweredNetwork;
  graph: Graph;
  encoder: SpikeEncoder;
  loop: TrainLoopResult;
  run: CompleteRun;
  /** checkpoint bytes (fixed point only) */
  checkpoint?: Uint8Array;
  trainSamples: number;
  validationSamples: number;
  testSamples: number;
  synapticEvents: number;
  /** fixed point: wraps of u and saturations of v per population over the whole job (§1.2) */
  overflow?: PopulationOverflow[];
  /** with alignmentEvery: the feedback alignment over training (§5.10) */
  alignment?: AlignmentCurve;
}
