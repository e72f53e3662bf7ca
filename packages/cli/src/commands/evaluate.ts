/**
 * `snnc evaluate <checkpoint> [--dataset D] [--test N] [--json]`: rebuilds the trained network
 * from a checkpoint (refusing another format version or a network whose hash differs), then runs
 * the test part of the checkpoint's run (same split seed, same encoder, learning off, §4). With the
 * run's own test size it reproduces the training run's test accuracy exactly.
 * Exit 0 evaluated, 1 invalid input (bad checkpoint, dataset), 2 usage, 70 internal.
 */
import type { Command } from 'commander';
import { diag, type Diagnostic } from '@snnc/common';
import { loadDataset, makeEncoder, splitParts } from '@snnc/datasets';
import { ReferenceSimulator } from '@snnc/reference';
import { evaluateRunner, loadCheckpoint } from '@snnc/training';
import { action, ExitCode, fail, intOption, printDiagnostics, printJson, say } from '../util.js';

interface EvaluateOptions {
  dataset?: string;
  test?: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('evaluate')
    .description('re-evaluate a trained checkpoint on the test part of its training run')
    .argument('<checkpoint>', 'checkpoint written by `snnc train` (e.g. snnc-out/checkpoint.snnck)')
    .option('-d, --dataset <name>', "dataset (default: the checkpoint's)")
    .option('--test <n>', "test samples (default: the checkpoint's test size)", intOption(1, 1e7))
    .option('--json', 'print the result as one JSON object on stdout')
    .addHelpText('after', '\nExit status: 0 evaluated, 1 invalid input (e.g. a checkpoint of another version or network), 2 usage error.\n')
    .action(action((file: string, opts: EvaluateOptions) => run(file, opts)));
}

function run(file: string, opts: EvaluateOptions): number {
  const ck = loadCheckpoint(file);
  if (!ck.checkpoint) return fail(ExitCode.invalid, ck.diagnostics);
  const { header, base, snapshot } = ck.checkpoint;
  const r = header.run;
  // what the checkpoint's run names (dataset, parts, encoder) is located in the checkpoint file
  const inCheckpoint = (ds: Diagnostic[], pointer: string | undefined) => (pointer === undefined ? ds : ds.map((d) => (d.file === undefined ? { ...d, file, pointer } : d)));
  const name = opts.dataset ?? r.dataset;
  const ds = loadDataset(name);
  if (!ds.dataset) return fail(ExitCode.invalid, inCheckpoint(ds.diagnostics, opts.dataset === undefined ? '/run/dataset' : undefined));
  const sp = splitParts(ds.dataset, { test: opts.test ?? r.testSamples, train: 0, validation: 0, splitSeed: r.splitSeed });
  if (!sp.parts) return fail(ExitCode.invalid, inCheckpoint(sp.diagnostics, opts.test === undefined ? '/run/testSamples' : undefined));
  const enc = makeEncoder(r.encoding.name, r.encoding.params);
  if (!enc.encoder) return fail(ExitCode.invalid, inCheckpoint(enc.diagnostics, '/run/encoding'));
  const sim = new ReferenceSimulator(base, { hiddenPlasticity: r.hiddenPlasticity, modulation: r.modulation });
  sim.restore(snapshot);
  const inputs = sim.inputSize;
  if (enc.encoder.channels(ds.dataset.features) !== inputs || enc.encoder.steps !== sim.timesteps) {
    return fail(ExitCode.invalid, [
      diag('SNNC5111', `dataset "${name}" does not fit the checkpoint's network input`, {
        file,
        pointer: '/run/dataset',
        expected: `${inputs} inputs per step for ${sim.timesteps} steps`,
        found: `${enc.encoder.channels(ds.dataset.features)} inputs for ${enc.encoder.steps} steps`,
      }),
    ]);
  }
  printDiagnostics(ck.diagnostics);
  const ev = evaluateRunner(sim, ds.dataset, enc.encoder, sp.parts.test);
  if (opts.json) {
    printJson({
      testAccuracy: ev.accuracy,
      correct: ev.correct,
      testSamples: ev.samples,
      trainedTestAccuracy: r.testAccuracy ?? null,
      ...(r.plannedEpochs !== undefined ? { trainedEpochs: r.epochs, plannedEpochs: r.plannedEpochs } : {}),
      dataset: name,
      encoding: r.encoding.name,
      seconds: Number(ev.seconds.toFixed(3)),
      synapticEvents: ev.synapticEvents,
      confusion: Array.from(ev.confusion),
    });
  } else {
    const trained =
      r.testAccuracy !== undefined
        ? `the training run reported ${(100 * r.testAccuracy).toFixed(2)}% on ${r.testSamples}`
        : `the training run was stopped after ${r.epochs} of its ${r.plannedEpochs} epochs, before its test evaluation (continue it with snnc train --resume)`;
    say(`test accuracy ${(100 * ev.accuracy).toFixed(2)}% (${ev.correct}/${ev.samples}) on "${name}"; ${trained}`);
  }
  return ExitCode.ok;
}
