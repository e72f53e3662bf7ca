/**
 * What verifySpec runs, prepared from the lowered network alone (before mapping and code
 * generation, through the driver's `afterLower`): the samples (a dataset's, encoded as they run, or
 * seeded random rasters) and labels, and every refusal that needs no chip image: the reference
 * simulator's tables, one sample's raster, the run's step count, a training run without classes and
 * one sample's reference trajectory. A wrong option or a sample too long is then said before
 * minutes of mapping, not after.
 */
import { diag, type Diagnostic } from '@snnc/common';
import { gradedInputColumns, gradedPointer, inputKinds, inputSize, readoutPopulation, type LoweredNetwork, type Target } from '@snnc/ir';
import { estimateHeap, heapRefusal, locate } from '@snnc/driver';
import { referenceBudget } from '@snnc/reference';
import { DataCode, datasetInputs, mixedGradedInputs, randomLabels, randomRasters, type RasterSequence } from '@snnc/datasets';
import { stepsRefusal, trajectoryRefusal } from './verify.js';
import type { VerifySpecOptions } from './spec.js';

export interface PreparedInputs {
  rasters: RasterSequence;
  labels: number[];
  /** the samples that train (the rest run in inference mode) */
  trainCount: number;
  /** what the samples are, and the fix that runs fewer of them (runHeapRefusal's words) */
  what: RunWords;
}

export interface RunWords {
  samples: string;
  fewer: string;
}

/**
 * The heap a run of `samples` samples needs beside the image (each raster is drawn or encoded when
 * its sample runs, so memory holds one; what grows is what the run keeps of every step and sample).
 * Without `imageBytes` it is a lower bound, checked again once the image's size is known.
 */
export function runHeapRefusal(net: LoweredNetwork, samples: number, { samples: what, fewer }: RunWords, imageBytes = 0): Diagnostic | undefined {
  const T = net.timesteps, nIn = inputSize(net);
  const tooBig = heapRefusal(`verifying ${samples} ${what} of ${T} steps x ${nIn} inputs`, estimateHeap({ samples: 1, sampleBytes: T * nIn, kept: { steps: samples * T, samples }, imageBytes }));
  return tooBig && { ...tooBig, fix: `${fewer}, or ${tooBig.fix}` };
}

export function prepareInputs(net: LoweredNetwork, specPath: string, target: string | Target, opts: VerifySpecOptions): { inputs?: PreparedInputs; diagnostics: Diagnostic[] } {
  const T = net.timesteps;
  const nIn = inputSize(net);
  const classes = readoutPopulation(net)?.classes ?? 0;
  const seed = opts.seed ?? 0;
  // the step bound first: no heap lifts it
  const runRefusal = (n: number, what: RunWords): Diagnostic | undefined => stepsRefusal(n, T) ?? runHeapRefusal(net, n, what);
  // the reference simulator's own tables (delay ring, per-class records), located in the spec
  const budget = referenceBudget(net).map((d) => locate(d, specPath, target, net));
  if (budget.length) return { diagnostics: budget };
  // one sample that cannot be allocated at all is the spec's (its timesteps x inputs), whatever the run's length
  const oneSample = heapRefusal(`presenting samples of ${T} steps x ${nIn} inputs`, estimateHeap({ samples: 1, sampleBytes: T * nIn }));
  if (oneSample) return { diagnostics: [{ ...oneSample, file: specPath, pointer: '/timesteps' }] };
  const diagnostics: Diagnostic[] = [];
  let rasters: RasterSequence, labels: number[], what: RunWords;
  if (opts.dataset !== undefined) { // an empty name too: the loader refuses it (it ran random input)
    // §2.4: one encoder feeds every input, so they must be all graded or all plain (as training demands)
    const kinds = inputKinds(net);
    if (kinds.graded && kinds.plain) return { diagnostics: [{ ...mixedGradedInputs(kinds.plain.id, kinds.graded.id), file: specPath, pointer: gradedPointer(kinds.plain) }] };
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
    if (!d.inputs) return { diagnostics };
    what = { samples: `${opts.dataset} samples`, fewer: 'fewer samples' };
    const refused = runRefusal(d.inputs.count, what);
    if (refused) return { diagnostics: [...diagnostics, refused] };
    ({ rasters, labels } = d.inputs);
  } else {
    const samples = opts.samples ?? Math.max(1, Math.ceil((opts.steps ?? 10 * T) / T));
    const n = samples + (opts.testSamples ?? 0);
    what = { samples: 'random input samples', fewer: 'fewer steps or samples' };
    const refused = runRefusal(n, what);
    if (refused) return { diagnostics: [...diagnostics, refused] };
    rasters = randomRasters(n, T, nIn, opts.rate ?? 0.2, seed, gradedInputColumns(net));
    labels = randomLabels(n, classes, seed);
  }
  if (opts.train && classes < 1) return { diagnostics: [...diagnostics, diag('SNNC4307', 'training verification needs a readout with classes', { fix: 'run without --train' })] };
  // what the run refuses of the sample length (the trajectory's size) is the spec's /timesteps
  const trajectory = trajectoryRefusal(net).map((d) => (d.file === undefined && d.pointer === '/timesteps' ? { ...d, file: specPath } : d));
  if (trajectory.length) return { diagnostics: [...diagnostics, ...trajectory] };
  // the dataset may hold fewer samples than asked: the test block follows the training presentations
  const trainCount = opts.dataset !== undefined ? Math.min(opts.samples ?? 10, rasters.length) : rasters.length - (opts.testSamples ?? 0);
  return { inputs: { rasters, labels, trainCount, what }, diagnostics };
}
