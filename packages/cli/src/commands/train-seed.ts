/**
 * One seed of `snnc train`, as the command consumes it, whether trained on the main thread or on a
 * worker (`--jobs`, train-jobs.ts): the job's options minus what cannot cross a thread (the
 * dataset is reloaded by name, the float twin's factory is this module's), and the part of the
 * result the command prints, writes and reports. Every field is structured-clone data, so a
 * seed's outcome is the same object on either path; the training itself is runTrainingJob, one
 * seed in one thread, so the bytes cannot depend on how many seeds run beside it.
 */
import { hasErrors, type Diagnostic } from '@snnc/common';
import { loadDataset } from '@snnc/datasets';
import { createFloatSimulator } from '@snnc/reference';
import { runTrainingJob, type EpochRecord, type TrainJobOptions, type TrainJobResult, type TrainProgress } from '@snnc/training';

/** TrainJobOptions without the dataset object and the callbacks: what a worker is sent. */
export type SeedJob = Omit<TrainJobOptions, 'dataset' | 'createFloat' | 'onProgress' | 'onEpoch' | 'clock'>;

/** What `snnc train` uses of a TrainJobResult. */
export type SeedResult = Pick<
  TrainJobResult,
  'loop' | 'run' | 'checkpoint' | 'trainSamples' | 'validationSamples' | 'testSamples' | 'synapticEvents' | 'overflow' | 'alignment'
> & { networkName: string };

export interface SeedOutcome {
  result?: SeedResult;
  diagnostics: Diagnostic[];
}

export interface SeedCallbacks {
  onProgress?: (p: TrainProgress) => void;
  onEpoch?: (r: EpochRecord) => void;
  /** a checkpoint of the run so far, after every epoch but the last (session.ts) */
  onCheckpoint?: (checkpoint: Uint8Array, epochsDone: number) => void;
}

/** Trains one seed in this thread; the dataset is loaded by name unless given (the main thread's copy). */
export function trainSeed(job: SeedJob, callbacks: SeedCallbacks, dataset = loadDataset(job.datasetName).dataset): SeedOutcome {
  if (!dataset) return { diagnostics: loadDataset(job.datasetName).diagnostics };
  const { onCheckpoint, ...rest } = callbacks;
  const out = runTrainingJob({ ...job, dataset, createFloat: (graph, o) => createFloatSimulator(graph, o), ...rest, ...(onCheckpoint ? { onPartialCheckpoint: onCheckpoint } : {}) });
  if (!out.result || hasErrors(out.diagnostics)) return { diagnostics: out.diagnostics };
  const r = out.result;
  return {
    diagnostics: out.diagnostics,
    result: {
      loop: r.loop,
      run: r.run,
      checkpoint: r.checkpoint,
      trainSamples: r.trainSamples,
      validationSamples: r.validationSamples,
      testSamples: r.testSamples,
      synapticEvents: r.synapticEvents,
      overflow: r.overflow,
      alignment: r.alignment,
      networkName: r.network.name,
    },
  };
}
