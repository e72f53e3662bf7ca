/**
 * What `snnc train` trains (train.ts): its options, the default specs, and the jobs of a run, either
 * from the command line (a spec, or the default for the dataset and encoding) or from the
 * checkpoints it continues (`--resume`, training's resume.ts).
 */
import path from 'node:path';
import type { Command } from 'commander';
import { describeReadError, diag, readInputText } from '@snnc/common';
import { loadDataset, type Dataset, type RateCode } from '@snnc/datasets';
import { examplesDir, targetFile, type Target } from '@snnc/ir';
import { loadCheckpoint, resumeJobOptions, seedRange, withFeedbackRule, type RateScheduleSpec } from '@snnc/training';
import type { SeedJob } from './train-seed.js';
import { atOption, CLI_OPTION_NEEDS, DATASET_NAME_CODES, ExitCode, fail, printDiagnostics, resolveTarget } from '../util.js';

/** The options of `snnc train`, as commander parses them (names: its attribute names). */
export interface TrainOptions {
  dataset: string;
  epochs?: number;
  train?: number;
  validation?: number;
  test?: number;
  encoding: string;
  maxRate?: number;
  rateCode?: RateCode;
  augmentShift?: number;
  augmentEpochs?: number;
  rateSchedule?: RateScheduleSpec;
  target: string;
  seed: number;
  seeds: number;
  jobs: number;
  float?: boolean;
  hiddenPlasticity: boolean;
  modulatory: boolean;
  feedback?: 'fixed' | 'sal';
  salEta?: number;
  salLeak?: number;
  salWindow?: number;
  alignmentEvery?: number;
  out: string;
  resume?: string[];
  json?: boolean;
  progress?: boolean;
}

/** Code of "an option that --resume takes from the checkpoint was given too": a usage error, exit 2. */
export const CLI_RESUME_FIXED = 'SNNC1036';
/** What a checkpoint fixes (commander's names); `--resume` refuses them when given on the command line. */
const FIXED_BY_CHECKPOINT = ['dataset', 'train', 'validation', 'test', 'encoding', 'maxRate', 'rateCode', 'augmentShift', 'target', 'seed', 'seeds', 'float', 'hiddenPlasticity', 'modulatory', 'feedback', 'salEta', 'salLeak', 'salWindow'] as const;

/** The default networks: 784 pixels at once (Fashion-MNIST and other datasets; MNIST has its own below), or one 28-pixel row per step. */
export const DEFAULT_SPEC = 'examples/srsnn-seed.json';
export const DEFAULT_ROWS_SPEC = 'examples/srsnn-seed-rows.json';
/**
 * MNIST presented at once: the same network three times as wide, with the readout decay that holds
 * it stable over 32 epochs and the readout rate scaled down with its fan-in (docs/results.md
 * "Three times as wide").
 */
export const DEFAULT_MNIST_SPEC = 'examples/srsnn-seed-mnist-wide3.json';

/** The spec `snnc train` uses when none is given, per dataset and encoding (each chosen on that dataset's validation part). */
export function defaultSpec(dataset: string, encoding: string): string {
  if (encoding === 'rows') return DEFAULT_ROWS_SPEC;
  return dataset === 'mnist' && encoding === 'rate' ? DEFAULT_MNIST_SPEC : DEFAULT_SPEC;
}


/** What a run trains, from the command line or from the checkpoint it resumes. */
export interface Setup {
  specName: string;
  target: Target;
  dataset: Dataset;
  datasetName: string;
  seeds: number[];
  /** files the outputs must never overwrite */
  inputs: string[];
  jobs: SeedJob[];
  resumedFrom?: ResumedFrom[];
}

/** The checkpoint a seed of a resumed run continues, and the epochs it had trained. */
interface ResumedFrom {
  seed: number;
  file: string;
  epochs: number;
}

/** The spec to train: as given, or the repository's example (resolved from the package location). */
function resolveSpec(spec: string | undefined, dataset: string, encoding: string): { file: string; name: string } {
  if (spec !== undefined) return { file: spec, name: path.isAbsolute(spec) ? path.basename(spec) : spec };
  const name = defaultSpec(dataset, encoding);
  return { file: path.join(examplesDir(), path.basename(name)), name };
}

/** A run from the command line: its spec (or the default), dataset, target and seeds. */
export function freshSetup(specArg: string | undefined, opts: TrainOptions): Setup | number {
  const spec = resolveSpec(specArg, opts.dataset, opts.encoding);
  let specText: string;
  try {
    specText = readInputText(spec.file);
  } catch (e) {
    // at the path as given: spec.name is the file name an absolute path records (`train /dev/null` was located at "null#")
    return fail(ExitCode.invalid, [diag('SNNC1001', `the spec file ${describeReadError(e)}`, { file: specArg ?? spec.name, pointer: '', expected: 'a readable JSON spec file' })]);
  }
  const salOpts = opts.salEta !== undefined || opts.salLeak !== undefined || opts.salWindow !== undefined;
  if (salOpts && opts.feedback !== 'sal')
    return fail(ExitCode.usage, [diag('SNNC1034', '--sal-eta, --sal-leak and --sal-window need --feedback sal', {
      file: opts.salEta !== undefined ? '--sal-eta' : opts.salLeak !== undefined ? '--sal-leak' : '--sal-window', pointer: '',
      expected: '--feedback sal', found: opts.feedback ? `--feedback ${opts.feedback}` : 'no --feedback', fix: 'add --feedback sal, or drop the --sal-* options',
    })]);
  if (opts.feedback === 'sal' && opts.float)
    return fail(ExitCode.usage, [diag('SNNC1034', '--feedback sal runs in fixed point only (the float64 twin has fixed feedback)', { file: '--float', pointer: '', expected: 'no --float', found: '--float', fix: 'drop --float, or train with fixed feedback' })]);
  if (opts.feedback) specText = withFeedbackRule(specText, { rule: opts.feedback, eta: opts.salEta, leak: opts.salLeak, lambdaS: opts.salWindow });
  const seeds = seedRange(opts.seed, opts.seeds);
  if (!seeds)
    return fail(ExitCode.usage, [diag('SNNC1031', 'the seeds leave the 32-bit range', { file: '--seeds', pointer: '', expected: `--seed + --seeds - 1 <= ${0xffffffff}`, found: `${opts.seed} + ${opts.seeds} - 1`, fix: `--seeds ${0xffffffff - opts.seed + 1} (or fewer), or a lower --seed` })]);
  const inputs = [spec.file, targetFile(opts.target)]; // the target's file, not its name: an output over targets/loihi2.json is an input's too
  const t = resolveTarget(opts.target);
  if (!t.target) return fail(ExitCode.invalid, t.diagnostics);
  const ds = loadDataset(opts.dataset);
  if (!ds.dataset) return fail(ExitCode.invalid, atOption(ds.diagnostics, '--dataset', DATASET_NAME_CODES));
  printDiagnostics(ds.diagnostics);
  const jobs: SeedJob[] = seeds.map((seed) => ({
    specText,
    specName: spec.name,
    target: t.target!,
    datasetName: opts.dataset,
    epochs: opts.epochs,
    train: opts.train,
    validation: opts.validation,
    test: opts.test,
    encoding: opts.encoding,
    // the rate encoder's options, for the rate encoder only (train.ts warns that another ignores them)
    encoderOptions: opts.encoding === 'rate' && (opts.maxRate !== undefined || opts.rateCode !== undefined) ? { ...(opts.maxRate !== undefined ? { maxRate: opts.maxRate } : {}), ...(opts.rateCode !== undefined ? { regular: opts.rateCode === 'regular' ? 1 : 0 } : {}) } : undefined,
    augmentShift: opts.augmentShift,
    augmentEpochs: opts.augmentEpochs,
    rateSchedule: opts.rateSchedule?.schedule,
    ...(opts.rateSchedule?.hidden ? { rateScheduleHidden: opts.rateSchedule.hidden } : {}),
    ...(opts.rateSchedule?.hold ? { rateScheduleHold: opts.rateSchedule.hold } : {}),
    seed,
    hiddenPlasticity: opts.hiddenPlasticity,
    modulation: opts.modulatory ? 'compressed' : 'direct',
    float: opts.float === true,
    alignmentEvery: opts.alignmentEvery ?? (opts.feedback === 'sal' ? 500 : undefined),
  }));
  return { specName: spec.name, target: t.target, dataset: ds.dataset, datasetName: opts.dataset, seeds, inputs, jobs };
}

/**
 * `--resume FILE...`: one run per checkpoint, each continued as resume.ts says; several checkpoints
 * are seeds of one configuration (one summary, `--jobs` as for `--seeds`). What a checkpoint fixes
 * may not be given again (a usage error naming it). --epochs counts the whole run: a stopped run's
 * checkpoint defaults to its plan, a finished run's needs it. The schedule defaults to the
 * checkpoint's own.
 */
export function resumeSetup(specArg: string | undefined, files: readonly string[], opts: TrainOptions, cmd?: Command): Setup | number {
  const flag = (name: string) => cmd?.options.find((o) => o.attributeName() === name)?.long ?? name;
  const given = [...(specArg !== undefined ? ['a spec argument'] : []), ...FIXED_BY_CHECKPOINT.filter((o) => cmd?.getOptionValueSource(o) === 'cli').map(flag)];
  if (given.length)
    return fail(ExitCode.usage, [diag(CLI_RESUME_FIXED, `--resume continues the checkpoint's run, which fixes ${given.join(', ')}`, { file: files[0], expected: 'only --epochs, --rate-schedule, --augment-epochs, --alignment-every, --jobs, --out, --json and --progress beside --resume', found: given.join(', '), fix: `drop ${given.join(', ')}` })]);
  const jobs: SeedJob[] = [];
  const from: ResumedFrom[] = [];
  for (const file of files) {
    const ck = loadCheckpoint(file);
    if (!ck.checkpoint) return fail(ExitCode.invalid, ck.diagnostics);
    printDiagnostics(ck.diagnostics);
    const run = ck.checkpoint.header.run;
    // a checkpoint written between epochs continues to the epochs its run was started for
    const epochs = opts.epochs ?? run.plannedEpochs;
    if (epochs === undefined)
      return fail(ExitCode.usage, [diag(CLI_OPTION_NEEDS, '--resume of a finished run needs --epochs: the epochs of the whole run, the checkpoint\'s included', { file, expected: `--epochs N, N above the checkpoint's ${run.epochs}`, found: 'no --epochs' })]);
    const fixed = resumeJobOptions(ck.checkpoint, file);
    jobs.push({
      ...fixed,
      epochs,
      augmentEpochs: opts.augmentEpochs,
      // absent in the checkpoint is the run without a schedule ([0]), not the dataset's default
      rateSchedule: opts.rateSchedule?.schedule ?? run.rateSchedule ?? [0],
      ...(opts.rateSchedule?.hidden ? { rateScheduleHidden: opts.rateSchedule.hidden } : !opts.rateSchedule && run.rateScheduleHidden ? { rateScheduleHidden: run.rateScheduleHidden } : {}),
      ...(opts.rateSchedule?.hold ? { rateScheduleHold: opts.rateSchedule.hold } : !opts.rateSchedule && run.rateScheduleHold ? { rateScheduleHold: run.rateScheduleHold } : {}),
      float: false,
      alignmentEvery: opts.alignmentEvery,
    });
    from.push({ seed: fixed.seed, file, epochs: run.epochs });
  }
  const mismatch = sameConfiguration(jobs, files);
  if (mismatch) return fail(ExitCode.invalid, [mismatch]);
  const order = jobs.map((_, k) => k).sort((a, b) => (jobs[a].seed ?? 0) - (jobs[b].seed ?? 0));
  const first = jobs[order[0]];
  const ds = loadDataset(first.datasetName);
  if (!ds.dataset) return fail(ExitCode.invalid, ds.diagnostics);
  printDiagnostics(ds.diagnostics);
  return {
    specName: first.specName,
    target: first.target,
    dataset: ds.dataset,
    datasetName: first.datasetName,
    seeds: order.map((k) => jobs[k].seed ?? 0),
    inputs: [...files],
    jobs: order.map((k) => jobs[k]),
    resumedFrom: order.map((k) => from[k]),
  };
}

/** Code of "the checkpoints given to --resume are not seeds of one configuration". */
export const CLI_RESUME_MIXED = 'SNNC1037';

/**
 * Several checkpoints are summarised as seeds (mean ± sd): they must be distinct seeds of one
 * configuration, i.e. agree on everything but the seed, the continued epochs included.
 */
function sameConfiguration(jobs: readonly SeedJob[], files: readonly string[]) {
  const key = (j: SeedJob) =>
    JSON.stringify([j.specName, j.target.name, j.datasetName, j.train, j.validation, j.test, j.splitSeed, j.encoding, j.hiddenPlasticity, j.modulation, j.augmentShift, j.epochs, j.resume?.run.epochs]);
  const seen = new Map<number, string>();
  for (let k = 0; k < jobs.length; k++) {
    const seed = jobs[k].seed ?? 0;
    if (seen.has(seed))
      return diag(CLI_RESUME_MIXED, `two checkpoints of run seed ${seed}`, { file: files[k], expected: 'one checkpoint per seed', found: `${seen.get(seed)} and ${files[k]}`, fix: `drop one of them` });
    seen.set(seed, files[k]);
    if (key(jobs[k]) !== key(jobs[0]))
      return diag(CLI_RESUME_MIXED, 'the checkpoints are not seeds of one configuration (spec, target, dataset, parts, encoding, ablations, epochs trained and to train)', {
        file: files[k],
        expected: `the configuration of ${files[0]}`,
        found: 'another',
        fix: 'resume them in separate commands',
      });
  }
  return undefined;
}
