/**
 * `snnc verify <spec> --target T --strategy S [--steps N] [--samples K --dataset mnist] [--test K]
 *  [--train] [--json]`: compiles the spec as `snnc compile` does, then runs the reference simulator
 * and the emulator side by side (docs/verify.md) and prints the first divergence, or that the
 * run was bit-exact. Exit 0 when bit-exact, 1 when not (or on invalid input).
 */
import type { Command } from 'commander';
import { hasErrors } from '@snnc/common';
import { HEAP_REFUSAL_CODE } from '@snnc/driver';
import { defaultAugmentShift, ENCODER_NAMES } from '@snnc/datasets';
import { formatDivergence, STEPS_REFUSAL_CODE, verifySpec, type Accuracy, type VerifySpecOptions } from '@snnc/verify';
import { action, atEncoderOptions, atOption, atParts, choiceOption, DATASET_FIT_CODES, DATASET_NAME_CODES, ExitCode, fail, ignoredOptions, type IgnoredOption, intOption, numberOption, printDiagnostics, printJson, rateScheduleOption } from '../util.js';
import { STRATEGIES, type Placement, type Strategy } from '@snnc/mapper';
import { readPlacement } from './compile.js';
import type { RateScheduleSpec } from '@snnc/training';
import { createRunProgress } from './train-progress.js';
import { DATASET_ENCODER_IGNORED, datasetEncoderFlags, datasetEncoderOptions, type DatasetEncoderOptions } from './dataset-options.js';

interface Options extends DatasetEncoderOptions {
  target: string;
  strategy: Strategy;
  steps?: number;
  samples?: number;
  test?: number;
  dataset?: string;
  encoder?: string;
  rate?: number;
  seed: number;
  train?: boolean;
  rateSchedule?: RateScheduleSpec;
  json?: boolean;
  progress?: boolean;
  placement?: string;
}

/** What a run without --dataset (random input) or without --train does not use, and what --dataset replaces. */
const IGNORED: readonly IgnoredOption[] = [
  // the run is counted in samples when they are given or come from a dataset (spec.ts: samples ?? steps / T); --steps was dropped in silence, as emulate warns
  ['steps', 'dataset', 'a dataset run presents --samples samples of the network\'s timesteps'],
  ['steps', 'samples', 'the run is --samples whole samples of the network\'s timesteps'],
  ['encoder', 'dataset', 'random input is drawn spike by spike (--rate), not encoded', 'without'],
  ...DATASET_ENCODER_IGNORED,
  ['rateSchedule', 'train', 'inference has no learning rate', 'without'],
  ['rate', 'dataset', 'dataset samples are rate-encoded by the dataset encoder (--max-rate)'],
];

export function runVerify(spec: string, o: Options, cmd?: Command): number {
  if (cmd) printDiagnostics(ignoredOptions(cmd, IGNORED));
  let placement: Placement | undefined;
  if (o.placement !== undefined) {
    const r = readPlacement(o.placement);
    if (!r.placement) return fail(ExitCode.invalid, r.diagnostics);
    placement = r.placement;
  }
  const opts: VerifySpecOptions = {
    ...(placement ? { placement, placementFile: o.placement } : {}),
    train: o.train === true, seed: o.seed,
    ...(o.rateSchedule !== undefined ? {
      rateSchedule: o.rateSchedule.schedule,
      ...(o.rateSchedule.hidden ? { rateScheduleHidden: o.rateSchedule.hidden } : {}),
      ...(o.rateSchedule.hold ? { rateScheduleHold: o.rateSchedule.hold } : {}),
    } : {}),
    ...(o.steps !== undefined ? { steps: o.steps } : {}),
    ...(o.samples !== undefined ? { samples: o.samples } : {}),
    ...(o.test !== undefined ? { testSamples: o.test } : {}),
    ...(o.dataset !== undefined ? { dataset: o.dataset } : {}),
    ...(o.encoder !== undefined ? { encoder: o.encoder } : {}),
    ...(o.rate !== undefined ? { rate: o.rate } : {}),
    ...datasetEncoderOptions(o),
  };
  // a run of a million samples takes hours: it shows where it is, as snnc train does (a bar, or a
  // plain line after two minutes without output)
  const bars = createRunProgress(o);
  let v: ReturnType<typeof verifySpec>;
  try {
    v = verifySpec(spec, o.target, o.strategy, { ...opts, onProgress: (done, total) => bars.update(0, { phase: 'verify', done, total }) });
  } finally {
    bars.stop();
  }
  // located at the options that gave them, refusals and warnings alike (a --max-rate at which the rate code practically never spikes)
  const located = atEncoderOptions(atOption(atParts(atOption(v.diagnostics, '--dataset', [...DATASET_NAME_CODES, ...DATASET_FIT_CODES]), { '/train': '--samples', '/test': '--test', '/augment/shift': '--augment-shift' }), o.samples !== undefined ? '--samples' : '--steps', [HEAP_REFUSAL_CODE, STEPS_REFUSAL_CODE]));
  if (!v.result || hasErrors(v.diagnostics)) return fail(ExitCode.invalid, located);
  printDiagnostics(located);
  const r = v.result;
  const d = r.firstDivergence;
  if (o.json) {
    printJson({
      bitExact: r.bitExact,
      ...(o.dataset !== undefined ? { augmentShift: o.augmentShift ?? defaultAugmentShift(o.dataset, o.encoder ?? 'rate') } : {}),
      samples: r.samples,
      steps: r.steps,
      spikes: r.spikes,
      statesCompared: r.statesCompared,
      weightsCompared: r.weightsCompared,
      eligibilityCompared: r.eligibilityCompared,
      cores: v.placement?.cores.length,
      ...(o.dataset && v.accuracy ? { accuracy: v.accuracy } : {}),
      ...(d ? { firstDivergence: d } : {}),
      ...(r.overflow ? { overflow: r.overflow } : {}),
    });
  } else if (d) {
    process.stdout.write(formatDivergence(d) + '\n');
  } else {
    const acc = o.dataset && v.accuracy ? `; accuracy: emulator ${accText(v.accuracy.emulator)}, reference ${accText(v.accuracy.reference)}` : '';
    process.stdout.write(
      `bit-exact: ${r.samples} samples, ${r.steps} steps, ${r.spikes} spikes, ${r.statesCompared} states, ` +
        `${r.weightsCompared} weights and ${r.eligibilityCompared} eligibility values compared on ${v.placement?.cores.length} cores${acc}\n`,
    );
  }
  return r.bitExact ? ExitCode.ok : ExitCode.invalid;
}

const accText = (a: Accuracy) =>
  [a.trainSamples ? `online ${a.train.toFixed(4)} over ${a.trainSamples}` : '', a.testSamples ? `held-out ${a.test.toFixed(4)} over ${a.testSamples}` : '']
    .filter(Boolean).join(', ');

export function register(program: Command): void {
  const verify = program
    .command('verify')
    .description('run the reference simulator and the chip emulator side by side; report the first divergence')
    .argument('<spec>', 'network spec (.json)')
    .requiredOption('-t, --target <target>', 'target name or path to a target file')
    .option('-s, --strategy <strategy>', `mapping strategy: ${STRATEGIES.join(' | ')}`, choiceOption(STRATEGIES), 'locality')
    .option('--placement <file>', 'use this placement (from snnc map -o) instead of mapping')
    .option('--steps <n>', 'steps to run with random input (rounded up to whole samples)', intOption(1, 1e9))
    .option('--samples <k>', 'samples to run (with --dataset: the first training presentations of snnc train)', intOption(1, 1e7))
    .option('--test <k>', 'further samples in inference mode after the first --samples (held-out accuracy)', intOption(0, 1e7))
    .option('--dataset <name>', 'take inputs and labels from a dataset (e.g. mnist)')
    .option('--encoder <name>', `spike encoder for --dataset (${ENCODER_NAMES.join(' | ')}), as \`snnc train --encoding\``, choiceOption(ENCODER_NAMES), 'rate');
  datasetEncoderFlags(verify)
    .option('--rate <p>', 'spike probability per input per step of the random input', numberOption(0, 1))
    .option('--seed <n>', 'seed of the random input, or of the dataset split/order/encoder as in snnc train', intOption(0, 0xffffffff), 0)
    .option('--train', 'training mode: homeostasis and the learning epoch on both sides')
    .option('--rate-schedule <list>', 'with --train: the learning-rate schedule of snnc train (docs/semantics.md §5.11; entries a, a/h or a/h/hold: h the hidden rule\'s own shift, hold homeostasis held) spread over the training samples, the shifts and the hold written to both sides before each', rateScheduleOption)
    .option('--json', 'print {"bitExact", "steps", "spikes", "weightsCompared", ...} as JSON')
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .action(action((spec: string, o: Options, cmd: Command) => runVerify(spec, o, cmd)));
}
