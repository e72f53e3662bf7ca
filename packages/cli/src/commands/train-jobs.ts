/**
 * `snnc train --seeds N --jobs J`: the seeds on J worker threads at once (train-worker.ts), one
 * seed per worker, each exactly the job a single thread would run (train-seed.ts), so every seed's
 * figures and checkpoint bytes are those of `--jobs 1` (test/train.test.ts checks it). Outcomes are
 * handed back in seed order, so the command prints and writes as it does on one thread. A worker
 * that throws or exits without an outcome rejects its seed and stops the others.
 */
import { Worker } from 'node:worker_threads';
import type { Dataset } from '@snnc/datasets';
import type { EpochRecord, TrainProgress } from '@snnc/training';
import type { SeedJob, SeedOutcome } from './train-seed.js';
import type { WorkerMessage } from './train-worker.js';

export interface SeedPoolCallbacks {
  onProgress?: (seed: number, p: TrainProgress) => void;
  onEpoch?: (seed: number, r: EpochRecord) => void;
  onCheckpoint?: (seed: number, checkpoint: Uint8Array, epochsDone: number) => void;
}

export interface SeedPool {
  /** one per job, in the jobs' order */
  outcomes: Promise<SeedOutcome>[];
  /** stops every worker still running and starts no more (a seed the command gave up on) */
  close(): void;
}

/**
 * The dataset with its pixels and labels in one SharedArrayBuffer, which every worker's copy of it
 * (structured clone of workerData) shares instead of copying. Each worker reloaded the dataset by
 * name: Fashion-MNIST inflated again and held again, about 190 MB a worker (four --jobs peaked at
 * 970 MB against 220 MB for one, and the 64 --jobs allows would have wanted 12 GB), and a dataset
 * registered in the command's thread only (registerDataset) was unknown to its workers.
 */
export function sharedDataset(ds: Dataset): Dataset {
  const n = ds.images.length;
  const buf = new SharedArrayBuffer(n + ds.labels.length);
  const images = new Uint8Array(buf, 0, n);
  const labels = new Uint8Array(buf, n, ds.labels.length);
  images.set(ds.images);
  labels.set(ds.labels);
  return { ...ds, inputShape: [...ds.inputShape], images, labels };
}

/** Starts the seeds, at most `parallel` at a time, in seed order, on `dataset` (the command's: shared, not reloaded). */
export function trainSeedsOnWorkers(jobs: readonly SeedJob[], parallel: number, callbacks: SeedPoolCallbacks, dataset: Dataset): SeedPool {
  const shared = sharedDataset(dataset);
  const settle: Array<{ resolve: (o: SeedOutcome) => void; reject: (e: Error) => void }> = [];
  const promises = jobs.map((_, k) => new Promise<SeedOutcome>((resolve, reject) => (settle[k] = { resolve, reject })));
  // a rejection nobody awaits yet (a later seed failing while an earlier one is printed) must not crash the process
  for (const p of promises) p.catch(() => undefined);
  const live = new Set<Worker>();
  let next = 0;
  let failed = false;
  /** job k failed with e (k = -1: the command stopped): stop every worker, reject every seed not yet settled */
  const fail = (e: Error, k: number): void => {
    if (failed) return;
    failed = true;
    for (const w of live) void w.terminate();
    for (let j = 0; j < jobs.length; j++) settle[j].reject(j === k ? e : new Error(`seed ${jobs[j].seed ?? 0} not trained: ${k < 0 ? e.message : `seed ${jobs[k].seed ?? 0} failed`}`));
  };
  const start = (): void => {
    if (failed || next >= jobs.length) return;
    const k = next++;
    const job = jobs[k];
    const seed = job.seed ?? 0;
    let outcome: SeedOutcome | undefined;
    const w = new Worker(new URL('./train-worker.js', import.meta.url), { workerData: { job, dataset: shared, progress: callbacks.onProgress !== undefined, checkpoints: callbacks.onCheckpoint !== undefined } });
    live.add(w);
    w.on('message', (m: WorkerMessage) => {
      if (m.kind === 'progress') callbacks.onProgress?.(seed, m.progress);
      else if (m.kind === 'epoch') callbacks.onEpoch?.(seed, m.record);
      else if (m.kind === 'checkpoint') callbacks.onCheckpoint?.(seed, m.bytes, m.epochs);
      else outcome = m.outcome;
    });
    w.on('error', (e) => fail(new Error(`seed ${seed}: ${e.message}`), k));
    w.on('exit', (code) => {
      live.delete(w);
      if (outcome) {
        settle[k].resolve(outcome);
        start();
      } else fail(new Error(`seed ${seed}: the training worker exited with code ${code} before its result`), k);
    });
  };
  for (let j = 0; j < Math.min(parallel, jobs.length); j++) start();
  return {
    outcomes: promises,
    close() {
      if (!failed) fail(new Error('the command stopped'), -1);
    },
  };
}
