/**
 * `snnc evaluate <checkpoint> [--dataset D] [--test N] [--on-chip [--strategy S]] [--json]`:
 * rebuilds the trained network from a checkpoint (refusing another format version or a network
 * whose hash differs), then runs the test part of the checkpoint's run (same split seed, same
 * encoder, learning off, §4). With the run's own test size it reproduces the training run's test
 * accuracy exactly. With --on-chip the checkpoint's spec is also compiled into a chip image for its
 * target, the trained state written into the emulator, and the test part run on both: every
 * prediction must agree (exit 70 otherwise), and the emulator's cost per inference is reported.
 * Exit 0 evaluated, 1 invalid input (bad checkpoint, dataset), 2 usage, 70 internal.
 */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { diag, type Diagnostic } from '@snnc/common';
import { loadDataset, makeEncoder, partSizes, splitParts } from '@snnc/datasets';
import { ReferenceSimulator } from '@snnc/reference';
import { validateTarget } from '@snnc/ir';
import { STRATEGIES } from '@snnc/mapper';
import { evaluateOnChip, evaluateRunner, loadCheckpoint, type OnChipEvaluation } from '@snnc/training';
import { action, atOption, atParts, choiceOption, CLI_OPTION_NEEDS, DATASET_NAME_CODES, ExitCode, fail, intOption, printDiagnostics, printJson, say, THREAD_CODES } from '../util.js';

/** Code of "the checkpoint's run has no test samples" (evaluate without --test). */
export const CLI_EVALUATE_NO_TEST = 'SNNC1038';

interface EvaluateOptions {
  dataset?: string;
  test?: number;
  onChip?: boolean;
  strategy?: string;
  threads?: number;
  json?: boolean;
}

export function register(program: Command): void {
  program
    .command('evaluate')
    .description('re-evaluate a trained checkpoint on the test part of its training run')
    .argument('<checkpoint>', 'checkpoint written by `snnc train` (e.g. snnc-out/checkpoint.snnck)')
    .option('-d, --dataset <name>', "dataset (default: the checkpoint's)")
    .option('--test <n>', "test samples (default: the checkpoint's test size)", intOption(1, 1e7))
    .option('--on-chip', "also compile the trained network for the checkpoint's target and run the test part in the chip emulator: predictions must equal the reference's; reports cores, cycles and energy per inference")
    .option('-s, --strategy <strategy>', `with --on-chip: mapping strategy, ${STRATEGIES.join(' | ')} (default: locality)`, choiceOption(STRATEGIES))
    .option('--threads <n>', 'with --on-chip: emulator threads, one share of the cores each (the same predictions at any count)', intOption(1, 65536))
    .option('--json', 'print the result as one JSON object on stdout')
    .addHelpText('after', '\nExit status: 0 evaluated, 1 invalid input (e.g. a checkpoint of another version or network), 2 usage error, 70 the chip and the reference disagree (a defect: please report it).\n')
    .action(action((file: string, opts: EvaluateOptions) => run(file, opts)));
}

function run(file: string, opts: EvaluateOptions): number {
  for (const [given, name] of [[opts.strategy, '--strategy'], [opts.threads, '--threads']] as const)
    if (given !== undefined && !opts.onChip)
      return fail(ExitCode.usage, [diag(CLI_OPTION_NEEDS, `${name} applies to the chip emulator of --on-chip`, { expected: '--on-chip', found: `${name} ${given} alone`, fix: `add --on-chip, or drop ${name}` })]);
  const ck = loadCheckpoint(file);
  if (!ck.checkpoint) return fail(ExitCode.invalid, ck.diagnostics);
  const { header, base, snapshot } = ck.checkpoint;
  const r = header.run;
  // what the checkpoint's run names (dataset, parts, encoder) is located in the checkpoint file
  const inCheckpoint = (ds: Diagnostic[], pointer: string | undefined) => (pointer === undefined ? ds : ds.map((d) => (d.file === undefined ? { ...d, file, pointer } : d)));
  const name = opts.dataset ?? r.dataset;
  const ds = loadDataset(name);
  if (!ds.dataset) return fail(ExitCode.invalid, opts.dataset === undefined ? inCheckpoint(ds.diagnostics, '/run/dataset') : atOption(ds.diagnostics, '--dataset', DATASET_NAME_CODES));
  const sp = splitParts(ds.dataset, { test: opts.test ?? r.testSamples, train: 0, validation: 0, splitSeed: r.splitSeed });
  if (!sp.parts) return fail(ExitCode.invalid, opts.test === undefined ? inCheckpoint(sp.diagnostics, '/run/testSamples') : atParts(sp.diagnostics, { '/test': '--test' }));
  // a run may read no test samples (the library allows test: 0): there is no accuracy to give
  if (sp.parts.test.length === 0)
    return fail(ExitCode.invalid, [diag(CLI_EVALUATE_NO_TEST, "the checkpoint's run has no test samples to evaluate", { file, pointer: '/run/testSamples', expected: 'at least 1 test sample', found: '0', fix: `give --test N, N in 1..${partSizes(ds.dataset).test} (the test part of "${name}")` })]);
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
  if (opts.onChip) {
    const t = validateTarget(ck.checkpoint.header.target, `${file}#/target`);
    if (!t.target) return fail(ExitCode.invalid, t.diagnostics);
    const total = 2 * sp.parts.test.length;
    const bar = process.stderr.isTTY && !opts.json ? new cliProgress.SingleBar({ format: 'evaluate [{bar}] {value}/{total} presentations (reference, then chip)', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
    bar?.start(total, 0);
    const oc = evaluateOnChip(ck.checkpoint, ds.dataset, enc.encoder, sp.parts.test, t.target, { strategy: opts.strategy, threads: opts.threads, onProgress: bar ? (done) => bar.update(done) : undefined });
    bar?.stop();
    const threadsRefused = oc.diagnostics.some((d) => THREAD_CODES.includes(d.code));
    if (!oc.result) return fail(threadsRefused ? ExitCode.usage : ExitCode.invalid, atOption(oc.diagnostics, '--threads', THREAD_CODES));
    reportOnChip(oc.result, name, r.testAccuracy, opts.json === true);
    printDiagnostics(oc.diagnostics);
    return oc.result.identical ? ExitCode.ok : ExitCode.internal;
  }
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

function reportOnChip(oc: OnChipEvaluation, dataset: string, trained: number | undefined, json: boolean): void {
  const p = oc.perInference;
  const round = (x: number, d: number) => Number(x.toFixed(d));
  if (json) {
    printJson({
      testAccuracy: oc.reference.accuracy,
      chipTestAccuracy: oc.chip.accuracy,
      identical: oc.identical,
      ...(oc.firstDifference ? { firstDifference: oc.firstDifference } : {}),
      correct: oc.chip.correct,
      testSamples: oc.chip.samples,
      trainedTestAccuracy: trained ?? null,
      dataset,
      target: oc.target,
      strategy: oc.strategy,
      cores: oc.cores,
      chips: oc.chips,
      perInference: { cycles: round(p.cycles, 1), energyUJ: round(p.energyUJ, 4), spikes: round(p.spikes, 2), synapticOps: round(p.synapticOps, 1), messages: round(p.messages, 1), hops: round(p.hops, 1) },
      clockMHz: oc.clockMHz,
      seconds: { reference: round(oc.reference.seconds, 3), chip: round(oc.chip.seconds, 3) },
      confusion: Array.from(oc.chip.confusion),
    });
  } else {
    say(`test accuracy on the chip ${(100 * oc.chip.accuracy).toFixed(2)}% (${oc.chip.correct}/${oc.chip.samples}) on "${dataset}", ${oc.target}, ${oc.cores} cores (${oc.strategy}); reference simulator ${(100 * oc.reference.accuracy).toFixed(2)}%` +
      (oc.identical ? ': every prediction identical' : ''));
    say(`per inference: ${Math.round(p.cycles)} cycles (${(p.cycles / oc.clockMHz).toFixed(1)} µs at ${oc.clockMHz} MHz), ${p.energyUJ.toFixed(3)} µJ, ${p.spikes.toFixed(0)} spikes, ${p.synapticOps.toFixed(0)} synaptic operations, ${p.messages.toFixed(0)} NoC messages (cost model of the target, docs/emulator.md)`);
  }
}
