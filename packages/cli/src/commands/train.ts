/**
 * `snnc train [spec] --dataset mnist ...`: local learning only (docs/semantics.md §5), then the
 * held-out evaluation; writes DIR/checkpoint.snnck and DIR/report.html. Without a spec it trains
 * the repository's examples/srsnn-mnist.json (found next to the installed packages, not the cwd).
 * Exit 0 trained, 1 invalid input (spec, dataset, options), 2 usage, 70 internal.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { diag, hasErrors } from '@snnc/common';
import { loadDataset } from '@snnc/datasets';
import { examplesDir } from '@snnc/ir';
import { createFloatSimulator, runTrainingJob, trainingReportHtml, TRAIN_DEFAULTS, type TrainJobOptions, type TrainProgress } from '@snnc/reference';
import { action, choiceOption, ExitCode, fail, intOption, numberOption, printDiagnostics, printJson, resolveTarget, say, writeOutput } from '../util.js';
import cliProgress from 'cli-progress';

interface TrainOptions {
  dataset: string;
  epochs?: number;
  train?: number;
  test?: number;
  encoding: string;
  maxRate?: number;
  target: string;
  seed: number;
  float?: boolean;
  hiddenPlasticity: boolean;
  modulatory: boolean;
  out: string;
  json?: boolean;
  progress?: boolean;
}

export const DEFAULT_SPEC = 'examples/srsnn-mnist.json';

export function register(program: Command): void {
  program
    .command('train')
    .description('train a network with local learning only (no backpropagation) and evaluate it on held-out data')
    .argument('[spec]', `network spec (default: the repository's ${DEFAULT_SPEC})`)
    .option('-d, --dataset <name>', 'dataset: mnist or synthetic', 'mnist')
    .option('-e, --epochs <n>', `training epochs (default ${TRAIN_DEFAULTS.epochs})`, intOption(1, 1000))
    .option('--train <n>', 'training samples (default: the whole training block, 8000 for MNIST)', intOption(1, 1e7))
    .option('--test <n>', 'held-out test samples (default: the whole held-out block, 2000 for MNIST)', intOption(1, 1e7))
    .option('--encoding <name>', 'spike encoding: rate, latency or rows', choiceOption(['rate', 'latency', 'rows']), TRAIN_DEFAULTS.encoding)
    .option('--max-rate <p>', `rate encoding: spike probability per step of a full-intensity pixel (default ${TRAIN_DEFAULTS.maxRate})`, numberOption(0, 1))
    .option('-t, --target <target>', 'target whose fixed-point formats the network is lowered to', 'loihi2')
    .option('-s, --seed <n>', 'seed of the split, the epoch orders and the rate encoder', intOption(0, 0xffffffff), TRAIN_DEFAULTS.seed)
    .option('--float', 'run the float64 twin on the un-lowered graph (what fixed point costs; no checkpoint)')
    .option('--no-hidden-plasticity', 'ablation: readout-only learning (no three-factor hidden updates)')
    .option('--no-modulatory', 'ablation: L_i from the broadcast error directly, without the modulatory compression')
    .option('-o, --out <dir>', 'output directory for checkpoint.snnck and report.html', 'snnc-out')
    .option('--json', 'print one final JSON object on stdout')
    .option('--progress', 'show the progress bar even when stderr is not a terminal')
    .addHelpText('after', '\nExit status: 0 trained, 1 invalid input, 2 usage error, 70 internal error.\n')
    .action(action((spec: string | undefined, opts: TrainOptions) => run(spec, opts)));
}

/** The spec to train: as given, or the repository's example (resolved from the package location). */
function resolveSpec(spec: string | undefined): { file: string; name: string } {
  if (spec !== undefined) return { file: spec, name: path.isAbsolute(spec) ? path.basename(spec) : spec };
  return { file: path.join(examplesDir(), path.basename(DEFAULT_SPEC)), name: DEFAULT_SPEC };
}

async function run(specArg: string | undefined, opts: TrainOptions): Promise<number> {
  const spec = resolveSpec(specArg);
  let specText: string;
  try {
    specText = fs.readFileSync(spec.file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return fail(ExitCode.invalid, [diag('SNNC1001', code === 'ENOENT' ? 'no such spec file' : `cannot read the spec (${code ?? 'error'})`, { file: spec.name, pointer: '', expected: 'a readable JSON spec file' })]);
  }
  const t = resolveTarget(opts.target);
  if (!t.target) return fail(ExitCode.invalid, t.diagnostics);
  const ds = loadDataset(opts.dataset);
  if (!ds.dataset) return fail(ExitCode.invalid, ds.diagnostics);
  printDiagnostics(ds.diagnostics);
  const showBar = !opts.json && (opts.progress === true || process.stderr.isTTY === true);
  const bar = showBar ? createProgress() : undefined;
  const job: TrainJobOptions = {
    specText,
    specName: spec.name,
    target: t.target,
    dataset: ds.dataset,
    datasetName: opts.dataset,
    epochs: opts.epochs,
    train: opts.train,
    test: opts.test,
    encoding: opts.encoding,
    encoderOptions: opts.maxRate !== undefined ? { maxRate: opts.maxRate } : undefined,
    seed: opts.seed,
    hiddenPlasticity: opts.hiddenPlasticity,
    modulation: opts.modulatory ? 'compressed' : 'direct',
    float: opts.float === true,
    createFloat: (graph, o) => createFloatSimulator(graph, o),
    onProgress: bar ? (p: TrainProgress) => bar.update(p) : undefined,
    onEpoch: opts.json
      ? undefined
      : (r) => {
          bar?.stop();
          say(`epoch ${r.epoch}: train ${(100 * r.trainAccuracy).toFixed(2)}% (online), test ${(100 * r.testAccuracy).toFixed(2)}%, ${r.trainSeconds.toFixed(1)} s`);
        },
  };
  let out;
  try {
    out = runTrainingJob(job);
  } finally {
    bar?.stop();
  }
  const printed = out.diagnostics.filter((d) => d.severity !== 'note' || !opts.json);
  printDiagnostics(printed);
  if (!out.result || hasErrors(out.diagnostics)) return ExitCode.invalid;
  const r = out.result;
  const ckFile = path.join(opts.out, 'checkpoint.snnck');
  const reportFile = path.join(opts.out, 'report.html');
  const wrote: string[] = [];
  if (r.checkpoint) {
    const d = writeOutput(ckFile, r.checkpoint);
    if (d.length) return fail(ExitCode.invalid, d);
    wrote.push(ckFile);
  }
  const html = trainingReportHtml({
    networkName: r.network.name,
    specName: spec.name,
    target: t.target.name,
    mode: opts.float ? 'float64' : 'fixed point',
    run: r.run,
    epochs: r.loop.epochs,
    confusion: r.loop.confusion,
    classes: ds.dataset.numClasses,
    seconds: r.loop.seconds,
    synapticEvents: r.synapticEvents,
    command: `snnc train ${specArg ?? ''}`.trim(),
  });
  const d = writeOutput(reportFile, html);
  if (d.length) return fail(ExitCode.invalid, d);
  wrote.push(reportFile);
  if (opts.json) {
    printJson({
      testAccuracy: r.loop.testAccuracy,
      trainAccuracy: r.loop.trainAccuracy,
      trainSamples: r.trainSamples,
      testSamples: r.testSamples,
      epochs: r.run.epochs,
      seconds: Number(r.loop.seconds.toFixed(3)),
      encoding: r.run.encoding.name,
      synapticEvents: r.synapticEvents,
      mode: opts.float ? 'float64' : 'fixed',
      hiddenPlasticity: r.run.hiddenPlasticity,
      modulation: r.run.modulation,
      curve: r.loop.epochs.map((e) => ({
        epoch: e.epoch,
        trainAccuracy: e.trainAccuracy,
        testAccuracy: e.testAccuracy,
        trainSeconds: Number(e.trainSeconds.toFixed(3)),
      })),
      checkpoint: r.checkpoint ? ckFile : null,
      report: reportFile,
    });
  } else {
    say(`held-out accuracy ${(100 * r.loop.testAccuracy).toFixed(2)}% on ${r.testSamples} samples after ${r.run.epochs} epoch(s) of ${r.trainSamples} (${r.loop.seconds.toFixed(1)} s)`);
    say(`wrote ${wrote.join(', ')}`);
  }
  return ExitCode.ok;
}

/**
 * The progress bar on stderr: one bar per phase (train, then test) of each epoch, with the running
 * accuracy and the samples per second. Rendered by cli-progress; only when stderr is a terminal or
 * --progress is given, so logs and --json output stay clean.
 */
function createProgress(): { update(p: TrainProgress): void; stop(): void } {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{phase} epoch {epoch}/{epochs} [{bar}] {value}/{total} | acc {acc}% | {rate} samples/s',
      hideCursor: false,
      clearOnComplete: false,
      noTTYOutput: true,
      notTTYSchedule: 2000,
    },
    cliProgress.Presets.shades_classic,
  );
  let key = '';
  let started = 0;
  return {
    update(p) {
      const k = `${p.phase}/${p.epoch}`;
      const payload = () => ({
        phase: p.phase === 'train' ? 'train' : 'test ',
        epoch: p.epoch + 1,
        epochs: p.epochs,
        acc: (100 * p.accuracy).toFixed(2),
        rate: ((p.done * 1000) / Math.max(1, performance.now() - started)).toFixed(1),
      });
      if (k !== key) {
        if (key) bar.stop();
        key = k;
        started = performance.now();
        bar.start(p.total, p.done, payload());
      } else bar.update(p.done, payload());
    },
    stop() {
      if (key) bar.stop();
      key = '';
    },
  };
}
