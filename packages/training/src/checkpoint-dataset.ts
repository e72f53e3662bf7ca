/**
 * Which copy of a dataset a checkpoint's run trained on. The run records the name ("fashion-mnist")
 * and, since 2026-12-07, the content's digest (datasets' datasetDigest). A dataset of the same name
 * can hold other samples (another SNNC_FASHION_MNIST_DIR, an edited IDX file, a registered loader
 * that changed); then `snnc evaluate` scores, and `snnc train --resume` would continue, a run on
 * samples it never had, with nothing said. Older checkpoints have no digest and are not checked.
 */
import { diag, type Diagnostic } from '@snnc/common';
import { datasetDigest, type Dataset } from '@snnc/datasets';
import type { CheckpointRun } from './checkpoint.js';

/** Code of "the dataset is not the copy the checkpoint's run trained on". */
export const DATASET_DIGEST_CODE = 'SNNC5117';

/** Matches what datasetDigest writes. */
export const DATASET_DIGEST_PATTERN = /^crc32:[0-9a-f]{8}$/;

/**
 * [] when the run recorded no digest or `dataset` has it; else one diagnostic at the checkpoint's
 * /run/datasetDigest, an error for a run that would continue on the samples, a warning for an
 * evaluation (whose figures are then of this copy, not the run's). `digest` spares a second pass
 * over the samples when the caller has it.
 */
export function checkDatasetDigest(
  run: Pick<CheckpointRun, 'dataset' | 'datasetDigest'>,
  dataset: Dataset,
  o: { file?: string; severity: 'error' | 'warning'; digest?: string },
): Diagnostic[] {
  if (run.datasetDigest === undefined) return [];
  const found = o.digest ?? datasetDigest(dataset);
  if (found === run.datasetDigest) return [];
  const resume = o.severity === 'error';
  return [
    diag(DATASET_DIGEST_CODE, `"${run.dataset}" here holds other samples than the copy the checkpoint's run trained on${resume ? '' : ': the figures are this copy\'s'}`, {
      severity: o.severity,
      file: o.file,
      pointer: '/run/datasetDigest',
      expected: `the dataset with content ${run.datasetDigest}`,
      found: `${found} (${dataset.size} samples)`,
      fix: resume ? 'resume with the dataset files the run trained on (e.g. the same SNNC_FASHION_MNIST_DIR)' : 'evaluate with the dataset files the run trained on, or accept this copy\'s figures',
    }),
  ];
}
