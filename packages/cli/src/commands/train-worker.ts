/**
 * A worker thread of `snnc train --jobs N` (train-jobs.ts): trains the one seed it was started
 * with (train-seed.ts) on the command's dataset it was sent, and posts its progress, a record per
 * epoch, and the outcome. An exception reaches the main thread as the worker's 'error' event.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Dataset } from '@snnc/datasets';
import type { TrainProgress } from '@snnc/training';
import { trainSeed, type SeedJob } from './train-seed.js';

/** Progress messages at most this often per worker (the bar redraws on its own schedule). */
const PROGRESS_EVERY_MS = 500;

export type WorkerMessage =
  | { kind: 'progress'; progress: TrainProgress }
  | { kind: 'epoch'; record: import('@snnc/training').EpochRecord }
  | { kind: 'checkpoint'; bytes: Uint8Array; epochs: number }
  | { kind: 'done'; outcome: import('./train-seed.js').SeedOutcome };

const port = parentPort;
if (port) {
  // the command's dataset, its arrays shared with the command's thread (train-jobs.ts sharedDataset), not reloaded by name
  const { job, dataset, progress, checkpoints } = workerData as { job: SeedJob; dataset: Dataset; progress: boolean; checkpoints: boolean };
  let last = 0;
  let phase = '';
  const post = (m: WorkerMessage) => port.postMessage(m);
  const outcome = trainSeed(job, {
    onProgress: progress
      ? (p) => {
          const now = Date.now();
          const key = `${p.phase}/${p.epoch}`;
          if (key === phase && now - last < PROGRESS_EVERY_MS && p.done !== p.total) return;
          phase = key;
          last = now;
          post({ kind: 'progress', progress: p });
        }
      : undefined,
    onEpoch: (record) => post({ kind: 'epoch', record }),
    // the bytes are moved, not copied: the worker never reads them again
    onCheckpoint: checkpoints ? (bytes, epochs) => port.postMessage({ kind: 'checkpoint', bytes, epochs } satisfies WorkerMessage, [bytes.buffer as ArrayBuffer]) : undefined,
  }, dataset);
  post({ kind: 'done', outcome });
}
