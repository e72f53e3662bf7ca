/**
 * `snnc emulate net.snnc [--steps N] [--dataset mnist [--encoder rate|latency|rows] --samples K [--test M]] [--train] [--rate R] [--seed S]
 *  [--out DIR] [--json]`: load a chip image (refused with a located message when corrupt, of another
 * format version or not an image: exit 1), run it on seeded random input or dataset samples
 * (with --train, the on-chip learning), and report accuracy, spikes, per-core cycles, the
 * critical-path core, NoC statistics and energy (docs/emulator.md, "Command"). --out DIR writes
 * report.html (self-contained), raster.svg and summary.json. A progress bar goes to stderr when
 * it is a terminal.
 */
import path from 'node:path';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { canonicalJson, diag, escapeControl, hasErrors, LIMITS, readInputBytes } from '@snnc/common';
import { loadImage, PROGRESS_STEPS, type Emulator } from '@snnc/emulator';
import { targetFile } from '@snnc/ir';
import { ENCODER_NAMES } from '@snnc/datasets';
import { estimateHeap, heapRefusal, runEmulation } from '@snnc/driver';
import { emulationRasterSvg, emulationReportHtml, emulationSummary } from '@snnc/report';
import { IMAGE_HEAD, imageUnreadable } from './inspect-image.js';
import { DATASET_ENCODER_IGNORED, datasetEncoderFlags, datasetEncoderOptions, type DatasetEncoderOptions } from './dataset-options.js';
import { action, atEncoderOptions, atOption, atParts, choiceOption, CLI_OPTION_NEEDS, DATASET_FIT_CODES, DATASET_NAME_CODES, ExitCode, fail, ignoredOptions, intOption, numberOption, outputDirProblems, pathOption, printDiagnostics, printJson, resolveTarget, say, THREAD_CODES, writeOutputs } from '../util.js';
import type { Command as CommandInstance } from 'commander';
import { HEARTBEAT_MS } from './train-progress.js';

interface Options extends DatasetEncoderOptions {
  steps?: number;
  dataset?: string;
  encoder?: string;
  samples?: number;
  test?: number;
  train?: boolean;
  rate: number;
  seed: number;
  out?: string;
  json?: boolean;
  target?: string;
  threads?: number;
}

/** Steps whose per-step records (raster, cycles, link load) the report keeps. */
const KEEP_STEPS = 1000;

const OUT_FILES = ['summary.json', 'raster.svg', 'report.html'] as const;

/** What emulate reads: the image and a target given by path (-t d/summary.json --out d replaced the target file). */
const emulateInputs = (file: string, o: Options) => [file, o.target === undefined ? undefined : targetFile(o.target)];

export function runEmulate(file: string, o: Options, cmd?: CommandInstance): number {
  const inputs = emulateInputs(file, o);
  if (o.out !== undefined) {
    const outDir = o.out;
    const refused = outputDirProblems(outDir, OUT_FILES.map((n) => path.join(outDir, n)), inputs);
    if (refused.length) return fail(ExitCode.invalid, refused);
  }
  let bytes: Uint8Array;
  try {
    bytes = readInputBytes(file, LIMITS.binaryFileBytes, IMAGE_HEAD); // not an image: its magic refused without reading it all
  } catch (e) {
    return fail(ExitCode.invalid, [imageUnreadable(file, e)]);
  }
  const tooBig = heapRefusal(`loading the ${bytes.length}-byte chip image`, estimateHeap({ imageBytes: bytes.length }));
  if (tooBig) return fail(ExitCode.invalid, [{ ...tooBig, file }]);
  // --target names a target or its file, as everywhere: the image must be compiled for that target's name
  let expectTarget: string | undefined;
  if (o.target !== undefined) {
    const t = resolveTarget(o.target);
    if (!t.target) return fail(ExitCode.invalid, t.diagnostics);
    expectTarget = t.target.name;
  }
  // threads start with the load: the tables are allocated shared once instead of copied (Emulator)
  const loaded = loadImage(bytes, { file, ...(expectTarget !== undefined ? { expectTarget } : {}), ...(o.threads !== undefined ? { threads: o.threads } : {}) });
  if (!loaded.emulator || hasErrors(loaded.diagnostics)) {
    const threadsRefused = loaded.diagnostics.some((d) => THREAD_CODES.includes(d.code));
    return fail(threadsRefused ? ExitCode.usage : ExitCode.invalid, atOption(loaded.diagnostics, '--threads', THREAD_CODES));
  }
  printDiagnostics(loaded.diagnostics);
  const emu = loaded.emulator;
  try {
    return runLoaded(file, emu, o, cmd);
  } finally {
    emu.close();
  }
}

function runLoaded(file: string, emu: Emulator, o: Options, cmd?: CommandInstance): number {
  if (cmd) printDiagnostics(ignoredOptions(cmd, [['steps', 'dataset', 'a dataset run presents --samples samples of the image timesteps'], ['rate', 'dataset', 'dataset samples are encoded by the encoder of --encoder'], ['encoder', 'dataset', 'random input is drawn spike by spike (--rate), not encoded', 'without'], ...DATASET_ENCODER_IGNORED]));
  if (o.dataset === undefined && (o.samples !== undefined || o.test !== undefined)) {
    return fail(ExitCode.usage, [diag(CLI_OPTION_NEEDS, '--samples and --test need --dataset', { fix: 'add --dataset mnist, or use --steps for random input' })]);
  }

  const progress = emulateProgress(emu.timesteps, o.json === true);
  const r = runEmulation(emu, {
    train: o.train === true, seed: o.seed, rate: o.rate, keepSteps: KEEP_STEPS, file,
    ...(o.steps !== undefined ? { steps: o.steps } : {}),
    ...(o.dataset !== undefined ? { dataset: o.dataset, samples: o.samples ?? 100, ...(o.test ? { test: o.test } : {}), ...(o.encoder !== undefined ? { encoder: o.encoder } : {}), ...datasetEncoderOptions(o) } : {}),
    onSample: (done, total) => progress.tell(done, total, 0),
    onSteps: (k, total, done) => progress.tell(k, total, done),
  });
  progress.stop();
  // what the run says about the image (a pointer, no file) is located in the image file
  const diagnostics = atEncoderOptions(atParts(atOption(r.diagnostics, '--dataset', [...DATASET_NAME_CODES, ...DATASET_FIT_CODES]), { '/train': '--samples', '/test': '--test', '/augment/shift': '--augment-shift' })).map((d) => (d.pointer !== undefined && d.file === undefined ? { ...d, file } : d));
  if (!r.run || hasErrors(diagnostics)) return fail(ExitCode.invalid, diagnostics);
  printDiagnostics(diagnostics);
  const run = r.run;
  const summary = emulationSummary(file, emu, run, o.train === true);

  if (o.out) {
    const command = `snnc emulate ${path.basename(file)}` + (o.dataset ? ` --dataset ${o.dataset}${o.encoder !== undefined ? ` --encoder ${o.encoder}` : ''}${o.maxRate !== undefined ? ` --max-rate ${o.maxRate}` : ''}${o.rateCode !== undefined ? ` --rate-code ${o.rateCode}` : ''}${o.augmentShift !== undefined ? ` --augment-shift ${o.augmentShift}` : ''} --samples ${o.samples ?? 100}${o.test ? ` --test ${o.test}` : ''}` : ` --steps ${run.steps}`) + (o.train ? ' --train' : '');
    const data = [canonicalJson(summary), emulationRasterSvg(emu, run), emulationReportHtml(summary, emu, run, command)];
    // the three files as one set: none changes unless every one is written
    const w = writeOutputs(OUT_FILES.map((name, k) => ({ file: path.join(o.out!, name), data: data[k] })), emulateInputs(file, o));
    if (w.length) return fail(ExitCode.invalid, w);
  }
  if (o.json) printJson(summary);
  else {
    const s = summary as { energy: { perStepPJ: number; perInferencePJ: number }; cycles: { perStep: number; perInference: number; criticalCore: number }; accuracy?: number; noc: { messages: number; hops: number; maxLinkLoad: number } };
    process.stdout.write(
      `${run.samples} sample(s), ${run.steps} steps on ${emu.image.cores.length} cores: ${run.stats.spikes} spikes, ${run.stats.ops.synapticOps} synaptic ops` +
        (run.labelled ? `, accuracy ${s.accuracy} (${run.correct}/${run.samples}${run.before ? ' held out' : ''})` : '') +
        (run.before ? `; before them ${run.before.samples} ${run.before.train ? 'training' : 'inference'} samples, accuracy ${(run.before.correct / Math.max(1, run.before.samples)).toFixed(3)}` : '') + '\n' +
        `cycles: ${s.cycles.perStep} per step, ${s.cycles.perInference} per inference; critical core ${s.cycles.criticalCore}\n` +
        `NoC: ${s.noc.messages} messages, ${s.noc.hops} hops, max link load ${s.noc.maxLinkLoad}\n` +
        `energy: ${s.energy.perStepPJ} pJ per step, ${s.energy.perInferencePJ} pJ per inference (per-operation costs of target ${escapeControl(emu.image.target)}'s cost table; loihi1/loihi2 use Loihi 1 pre-silicon figures, docs/targets.md)\n` +
        (o.out ? `wrote ${path.join(o.out, 'report.html')}\n` : ''),
    );
  }
  return ExitCode.ok;
}

export function register(program: Command): void {
  const emulate = program
    .command('emulate')
    .description('run a chip image in the cycle-level emulator: accuracy, raster, cycles, NoC, energy')
    .argument('<image>', 'chip image (.snnc) written by `snnc compile`')
    .option('--steps <n>', 'steps of seeded random input (in samples of the image timesteps)', intOption(1, 1 << 24))
    .option('--dataset <name>', 'present dataset samples (e.g. mnist) through the encoder of --encoder')
    .option('--encoder <name>', `with --dataset: spike encoder (${ENCODER_NAMES.join(' | ')}), as \`snnc train --encoding\`; rows for an image with graded inputs (default rate)`, choiceOption(ENCODER_NAMES))
    .option('--samples <k>', 'dataset samples to present (default 100)', intOption(1, 1_000_000))
    .option('--test <k>', 'after the --samples, present K held-out samples in inference mode; the figures are theirs', intOption(1, 1_000_000));
  datasetEncoderFlags(emulate)
    .option('--train', 'run the on-chip learning (learning epoch after every labelled sample)')
    .option('--rate <r>', 'spike probability of random input per input per step', numberOption(0, 1), 0.05)
    .option('--seed <s>', 'seed of the random input / dataset order', intOption(0, 0xffffffff), 1)
    .option('-t, --target <target>', 'refuse the image unless it was compiled for this target')
    .option('--out <dir>', 'write report.html, raster.svg and summary.json into this directory', pathOption)
    .option('--json', 'print a JSON summary')
    .option('--threads <n>', 'run on N threads, one share of the cores each (same results as one thread)', intOption(1, 65536))
    .action(action((file: string, o: Options, cmd: CommandInstance) => runEmulate(file, o, cmd)));
}

/**
 * A run's progress on stderr: on a terminal a bar, over samples, or over steps when a sample is
 * long (PROGRESS_STEPS or more: one sample of 2^19 steps ran for minutes with no bar, as the bar
 * moved per sample); in a log or with --json one line every 120 s, the heartbeat of `snnc train`.
 */
export function emulateProgress(T: number, json: boolean, { tty = process.stderr.isTTY === true, now = () => performance.now(), write = (line: string) => say(line, 'emulate') } = {}) {
  const bySteps = T >= PROGRESS_STEPS;
  const t0 = now();
  let last = t0;
  let bar: cliProgress.SingleBar | null = null;
  return {
    /** `samples` whole samples of `total` done, and `steps` of the next */
    tell(samples: number, total: number, steps: number): void {
      const [value, of] = bySteps ? [samples * T + steps, total * T] : [samples, total];
      if (tty && !json) {
        if (of < 2) return;
        if (!bar) {
          bar = new cliProgress.SingleBar({ format: `emulate [{bar}] {value}/{total} ${bySteps ? 'steps' : 'samples'}`, stream: process.stderr }, cliProgress.Presets.shades_classic);
          bar.start(of, 0);
        }
        bar.update(value);
        return;
      }
      const t = now();
      if (t - last < HEARTBEAT_MS) return;
      last = t;
      write(`${samples}/${total} samples${bySteps ? `, ${steps}/${T} steps of the next` : ''} (${((t - t0) / 1000).toFixed(0)} s so far)`);
    },
    stop(): void {
      bar?.stop();
    },
  };
}
