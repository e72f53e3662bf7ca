/**
 * The body of `snnc emulate` (docs/emulator.md, "Command"): a loaded emulator, its inputs (seeded
 * random rasters or dataset samples), and everything a run reports. Library-style: returns data
 * and diagnostics, prints nothing; the progress callback is the caller's.
 */
import { diag, hasErrors, overflowWarnings, warning, type Diagnostic } from '@snnc/common';
import type { Emulator, EmulatorStats } from '@snnc/emulator';
import { DataCode, datasetInputs, randomLabelDraw, randomRasters, type RateCode } from '@snnc/datasets';
import { estimateHeap, heapRefusal } from './memory.js';

export interface EmulateOptions {
  steps?: number;
  dataset?: string;
  samples?: number;
  /** dataset: held-out samples presented after the `samples` (in inference mode); the figures are theirs */
  test?: number;
  /** dataset: its encoder (rate, latency or rows, as `snnc train --encoding`); default rate */
  encoder?: string;
  /** dataset, rate encoder: spike probability of a full-intensity pixel (default: snnc train's) */
  maxRate?: number;
  /** dataset, rate encoder: the code (default: snnc train's for the dataset) */
  rateCode?: RateCode;
  /** dataset: the training samples moved as snnc train moves its first epoch's (default: snnc train's) */
  augmentShift?: number;
  train: boolean;
  seed: number;
  rate: number;
  /** per-step records kept for the report (the first `keepSteps` steps) */
  keepSteps: number;
  onSample?: (done: number, total: number) => void;
  /** within sample k (0-based) of `total`: told every PROGRESS_STEPS steps (the emulator's RunOptions.onProgress) */
  onSteps?: (sample: number, total: number, done: number, steps: number) => void;
  /** the image file: names the overflow warnings (SNNC4320) */
  file?: string;
}

export interface StepRecord {
  cycles: Float64Array;
  criticalCore: Int32Array;
  maxLinkLoad: Int32Array;
  energyPJ: Float64Array;
  /** (step, network-global neuron) spikes of the recorded steps */
  spikes: Array<[number, number]>;
  n: number;
}

export interface EmulateRun {
  mode: 'random' | 'dataset';
  samples: number;
  steps: number;
  labelled: boolean;
  correct: number;
  /** with held-out samples: the presentations before them (online accuracy when training) */
  before?: { samples: number; correct: number; train: boolean };
  stats: EmulatorStats;
  /** steps on which each core (by id) was the critical path, ascending core id */
  criticalCounts: Array<{ core: number; steps: number }>;
  record: StepRecord;
}

/** The samples of a run, presented in order: sample(k) is called for k = 0, 1, ... once each. */
interface Inputs {
  count: number;
  sample(k: number): { raster: Uint8Array; label: number | undefined };
}

/**
 * Seeded random rasters (datasets' randomRasters, as `snnc verify` draws them): ceil(steps / T)
 * whole samples of T steps (the emulator refuses samples of another length, docs/semantics.md
 * §5.2), a graded port's spikes with values 1..255 (§2.4), each drawn when it is presented:
 * `--steps 2^24` holds one sample's raster, not all of them (gigabytes for a large input, before
 * the first step).
 */
function randomSamples(emu: Emulator, steps: number, rate: number, seed: number, train: boolean): Inputs {
  const T = emu.timesteps;
  const count = Math.max(1, Math.ceil(steps / T));
  const graded = emu.image.hostPorts.some((h) => h.graded) ? Uint8Array.from(emu.image.hostPorts, (h) => (h.graded ? 1 : 0)) : undefined;
  const rasters = randomRasters(count, T, emu.inputSize, rate, seed, graded)[Symbol.iterator]();
  const label = randomLabelDraw(emu.classes, seed);
  return {
    count,
    // random labels only drive on-chip learning; they are not reported as accuracy
    sample: () => ({ raster: rasters.next().value as Uint8Array, label: train && emu.classes > 0 ? label() : undefined }),
  };
}

export function runEmulation(emu: Emulator, o: EmulateOptions): { run?: EmulateRun; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let inputs: Inputs;
  const mode = o.dataset !== undefined ? 'dataset' : 'random'; // an empty name is a dataset name the loader refuses, not random input
  // about the image, so located in it (the CLI names the image file of a pointer-located
  // diagnostic), and checked before any input is drawn or encoded
  if (o.train && !emu.image.management.learning) {
    return { diagnostics: [diag('SNNC4203', 'this image has no learning program (compiled without plasticity)', { pointer: '/management/learning', expected: 'an image compiled from a network with plastic projections', fix: 'run without --train' })] };
  }
  // one sample's raster (T x inputs bytes) is held at a time: one that cannot be allocated is the image's timesteps
  const T = emu.timesteps, nIn = emu.inputSize;
  const tooLong = heapRefusal(`presenting samples of ${T} steps x ${nIn} inputs`, estimateHeap({ samples: 1, sampleBytes: T * nIn }));
  if (tooLong) return { diagnostics: [{ ...tooLong, pointer: '/timesteps' }] };
  if (o.dataset !== undefined) {
    if (emu.inputSize === 0 || emu.classes === 0) {
      return { diagnostics: [diag('SNNC4310', 'this image has no input ports or no readout classes, so it cannot classify a dataset', { pointer: emu.inputSize === 0 ? '/hostPorts' : '/management/classes', expected: 'an image compiled from a network with an input population and a readout', fix: 'run without --dataset (random input)' })] };
    }
    // §2.4: graded ports read raster values, so they need an encoder that writes them (rate or rows,
    // as training gives them); an encoder writes one kind of raster, so ports of both kinds cannot be fed
    const ports = emu.image.hostPorts;
    const graded = ports.some((h) => h.graded);
    if (graded && !ports.every((h) => h.graded)) {
      return { diagnostics: [diag(DataCode.GradedEncoder, 'this image mixes graded and plain input ports (docs/semantics.md §2.4), and a dataset encoder writes one kind of raster', {
        pointer: '/hostPorts', expected: 'all input ports graded, or none', found: `${ports.filter((h) => h.graded).length} of ${ports.length} ports graded`,
        fix: 'run without --dataset (random input), or compile a network whose inputs are all graded or all plain',
      })] };
    }
    const d = datasetInputs({
      dataset: o.dataset, samples: o.samples ?? 100, T: emu.timesteps, nIn: emu.inputSize, classes: emu.classes, seed: o.seed,
      ...(o.test ? { testSamples: o.test } : {}), ...(o.encoder !== undefined ? { encoder: o.encoder } : {}), ...(graded ? { graded: true } : {}),
      ...(o.maxRate !== undefined ? { maxRate: o.maxRate } : {}), ...(o.rateCode !== undefined ? { rateCode: o.rateCode } : {}), ...(o.augmentShift !== undefined ? { augmentShift: o.augmentShift } : {}),
    });
    // an encoder that writes bits for graded ports: about the image's ports, and the fix is another encoder
    diagnostics.push(...d.diagnostics.map((x) => (x.code === DataCode.GradedEncoder ? { ...x, pointer: '/hostPorts', fix: 'present it with --encoder rate or rows (the encoders that write values, as training does), or run without --dataset (random input)' } : x)));
    if (!d.inputs || hasErrors(diagnostics)) return { diagnostics };
    const { raster, labels, count } = d.inputs;
    inputs = { count, sample: (k) => ({ raster: raster(k), label: labels[k] }) };
  } else {
    inputs = randomSamples(emu, o.steps ?? emu.timesteps, o.rate, o.seed, o.train);
  }
  const lim = emu.image.limits;
  if (o.train && emu.timesteps > lim.maxEpochSteps) {
    // the compiler's SNNC4107, repeated here: an image's limits may differ from the target's
    diagnostics.push(warning('SNNC4107', `the learning epoch (${emu.timesteps} steps) is longer than the chip's ${lim.maxEpochSteps}: the management core extends it`, { pointer: '/limits/maxEpochSteps' }));
  }

  const keep = o.keepSteps;
  const rec: StepRecord = {
    cycles: new Float64Array(keep), criticalCore: new Int32Array(keep), maxLinkLoad: new Int32Array(keep), energyPJ: new Float64Array(keep), spikes: [], n: 0,
  };
  let base = 0;
  // per-step records only while they are kept (the hook maps every neuron each step); the
  // critical-path counts come from the cost counter for every step
  const hooks = {
    onStep: (v: { t: number; spikes: Uint8Array; cycles: number; criticalCore: number; maxLinkLoad: number; energyPJ: number }) => {
      const s = base + v.t;
      if (s >= keep) return;
      rec.cycles[s] = v.cycles;
      rec.criticalCore[s] = v.criticalCore;
      rec.maxLinkLoad[s] = v.maxLinkLoad;
      rec.energyPJ[s] = v.energyPJ;
      for (let n = 0; n < v.spikes.length; n++) if (v.spikes[n]) rec.spikes.push([s, n]);
      rec.n = s + 1;
    },
  };
  emu.resetStats();
  let correct = 0, steps = 0;
  const labelled = mode === 'dataset';
  const total = inputs.count;
  const nTest = mode === 'dataset' && o.test ? Math.min(o.test, total) : 0;
  let before: EmulateRun['before'];
  for (let k = 0; k < total; k++) {
    if (nTest && k === total - nTest) {
      // the figures reported are those of the held-out presentations alone
      before = { samples: k, correct, train: o.train };
      emu.resetStats();
      correct = steps = base = 0;
      rec.spikes.length = 0;
      rec.n = 0;
    }
    const { raster, label } = inputs.sample(k);
    const learning = o.train && !(nTest && k >= total - nTest);
    const onSteps = o.onSteps;
    const opts = { learning, ...(base < keep ? { hooks } : {}), ...(onSteps ? { onProgress: (done: number, of: number) => onSteps(k, total, done, of) } : {}) };
    const bad = emu.checkSample(raster, label, opts);
    if (bad.length) return { diagnostics: [...diagnostics, ...bad] };
    const r = emu.runSample(raster, label, opts);
    if (labelled && r.predicted === label) correct++;
    steps += r.steps;
    base += r.steps;
    o.onSample?.(k + 1, total);
  }
  const critical = emu.cost.criticalCount; // steps (and epochs) each core was the busiest, by core index
  const criticalCounts = emu.image.cores.map((c, i) => ({ core: c.id, steps: critical[i] })).filter((x) => x.steps > 0);
  const stats = emu.stats();
  diagnostics.push(...overflowWarnings(stats.overflow, 'the emulator', o.file));
  return { run: { mode, samples: total - (before?.samples ?? 0), steps, labelled, correct, ...(before ? { before } : {}), stats, criticalCounts, record: rec }, diagnostics };
}
