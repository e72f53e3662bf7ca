/**
 * `snnc evaluate <checkpoint> [--part P] [--dataset D] [--test N] [--on-chip [--strategy S]] [--json]`:
 * rebuilds the trained network from a checkpoint (refusing another format version or a network
 * whose hash differs), then runs a part of the checkpoint's run (same split seed, same encoder,
 * learning off, §4): test (the default), validation, or held-out (the train part's samples a run
 * trained with `--train N` never saw: a second validation part). With the run's own sizes it
 * reproduces the training run's test and validation accuracies exactly. With --on-chip the
 * checkpoint's spec is also compiled into a chip image for its target, the trained state written
 * into the emulator, and the part run on both: every prediction must agree (exit 70 otherwise),
 * and the emulator's cost per inference is reported.
 * Exit 0 evaluated, 1 invalid input (bad checkpoint, dataset), 2 usage, 70 internal.
 */
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { diag, hasErrors, type Diagnostic } from '@snnc/common';
import { heldOutPart, loadDataset, partSizes, splitParts, type Dataset, type SpikeEncoder } from '@snnc/datasets';
import { ReferenceSimulator } from '@snnc/reference';
import { STRATEGIES } from '@snnc/mapper';
import { checkDatasetDigest, checkpointEncoder, checkpointTarget, evaluateOnChip, evaluateRunner, loadCheckpoint, type OnChipEvaluation } from '@snnc/training';
import { action, atOption, atParts, choiceOption, CLI_OPTION_NEEDS, DATASET_NAME_CODES, ExitCode, fail, intOption, printDiagnostics, printJson, say, THREAD_CODES } from '../util.js';

/** Code of "the checkpoint's run has no samples of the part evaluated" (a run with --test 0 or --validation 0). */
export const CLI_EVALUATE_NO_TEST = 'SNNC1038';

/** The parts a checkpoint can be evaluated on (docs/datasets.md). */
const PARTS = ['test', 'validation', 'held-out'] as const;
type Part = (typeof PARTS)[number];

interface EvaluateOptions {
  part?: Part;
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
    .description('re-evaluate a trained checkpoint on the test part of its training run (or its validation or held-out part)')
    .argument('<checkpoint>', 'checkpoint written by `snnc train` (e.g. snnc-out/checkpoint.snnck)')
    .option('--part <part>', `the part evaluated: ${PARTS.join(' | ')} (held-out: the train part's samples after the run's --train N, never trained on; default test)`, choiceOption(PARTS))
    .option('-d, --dataset <name>', "dataset (default: the checkpoint's)")
    .option('--test <n>', "test samples (default: the checkpoint's test size)", intOption(1, 1e7))
    .option('--on-chip', "also compile the trained network for the checkpoint's target and run the part in the chip emulator: predictions must equal the reference's; reports cores, cycles and energy per inference")
    .option('-s, --strategy <strategy>', `with --on-chip: mapping strategy, ${STRATEGIES.join(' | ')} (default: locality)`, choiceOption(STRATEGIES))
    .option('--threads <n>', 'with --on-chip: emulator threads, one share of the cores each (the same predictions at any count)', intOption(1, 65536))
    .option('--json', 'print the result as one JSON object on stdout')
    .addHelpText('after', '\nExit status: 0 evaluated, 1 invalid input (e.g. a checkpoint of another version or network), 2 usage error, 70 the chip and the reference disagree (a defect: please report it).\n')
    .action(action((file: string, opts: EvaluateOptions) => run(file, opts)));
}

function run(file: string, opts: EvaluateOptions): number {
  for (const [given, name] of [[opts.strategy, '--strategy'], [opts.threads, '--threads']] as const)
    if (given !== undefined && !opts.onChip)
      return fail(ExitCode.usage, [diag(CLI_OPTION_NEEDS, `${name} applies to the chip emulator of --on-chip`, { file: name, pointer: '', expected: '--on-chip', found: `${name} ${given} alone`, fix: `add --on-chip, or drop ${name}` })]);
  const part: Part = opts.part ?? 'test';
  if (opts.test !== undefined && part !== 'test')
    return fail(ExitCode.usage, [diag(CLI_OPTION_NEEDS, '--test sizes the test part', { file: '--test', pointer: '', expected: '--part test', found: `--test ${opts.test} with --part ${part}`, fix: 'drop --test, or evaluate the test part' })]);
  const ck = loadCheckpoint(file);
  if (!ck.checkpoint) return fail(ExitCode.invalid, ck.diagnostics);
  const { header, base, snapshot } = ck.checkpoint;
  const r = header.run;
  // what the checkpoint's run names (dataset, parts, encoder) is located in the checkpoint file
  const inCheckpoint = (ds: Diagnostic[], pointer: string | undefined) => (pointer === undefined ? ds : ds.map((d) => (d.file === undefined ? { ...d, file, pointer } : d)));
  const name = opts.dataset ?? r.dataset;
  const ds = loadDataset(name);
  if (!ds.dataset) return fail(ExitCode.invalid, opts.dataset === undefined ? inCheckpoint(ds.diagnostics, '/run/dataset') : atOption(ds.diagnostics, '--dataset', DATASET_NAME_CODES));
  const chosen = samplesOf(part, ds.dataset, r, opts.test);
  if (!chosen.indices) return fail(ExitCode.invalid, chosen.pointer === undefined ? atParts(chosen.diagnostics, { '/test': '--test' }) : inCheckpoint(chosen.diagnostics, chosen.pointer));
  const indices = chosen.indices;
  // a run may read no test (or validation) samples (the library allows 0): there is no accuracy to give
  if (indices.length === 0)
    return fail(ExitCode.invalid, [diag(CLI_EVALUATE_NO_TEST, `the checkpoint's run has no ${part} samples to evaluate`, { file, pointer: `/run/${part}Samples`, expected: `at least 1 ${part} sample`, found: '0', fix: part === 'test' ? `give --test N, N in 1..${partSizes(ds.dataset).test} (the test part of "${name}")` : 'evaluate another part' })]);
  // the run's encoder, as training built it: what the encoder says (a refusal, a warning) is located in the checkpoint, as train --resume says it
  const enc = checkpointEncoder(ck.checkpoint, ds.dataset, { datasetName: name, file, ...(opts.dataset !== undefined ? { datasetOption: '--dataset' } : {}) });
  if (!enc.encoder || hasErrors(enc.diagnostics)) return fail(ExitCode.invalid, [...ck.diagnostics, ...enc.diagnostics]);
  // the run's dataset by name, but another copy of it (--dataset naming another dataset is a choice)
  const copy = name === r.dataset ? checkDatasetDigest(r, ds.dataset, { file, severity: 'warning' }) : [];
  printDiagnostics([...ck.diagnostics, ...enc.diagnostics, ...copy]);
  const evaluated = whatWasEvaluated(name, r, enc.encoder, chosen.range);
  if (opts.onChip) {
    const t = checkpointTarget(ck.checkpoint.header.target, file);
    if (!t.target) return fail(ExitCode.invalid, t.diagnostics);
    const total = 2 * indices.length;
    const bar = process.stderr.isTTY && !opts.json ? new cliProgress.SingleBar({ format: 'evaluate [{bar}] {value}/{total} presentations (reference, then chip)', stream: process.stderr }, cliProgress.Presets.shades_classic) : null;
    bar?.start(total, 0);
    const oc = evaluateOnChip(ck.checkpoint, ds.dataset, enc.encoder, indices, t.target, { file, strategy: opts.strategy, threads: opts.threads, onProgress: bar ? (done) => bar.update(done) : undefined });
    bar?.stop();
    const threadsRefused = oc.diagnostics.some((d) => THREAD_CODES.includes(d.code));
    if (!oc.result) return fail(threadsRefused ? ExitCode.usage : ExitCode.invalid, atOption(oc.diagnostics, '--threads', THREAD_CODES));
    reportOnChip(oc.result, part, trainedAccuracy(part, r), opts.json === true, evaluated);
    printDiagnostics(oc.diagnostics);
    return oc.result.identical ? ExitCode.ok : ExitCode.internal;
  }
  // the reference simulator restored from the checkpoint (--on-chip builds its own beside the chip)
  const sim = new ReferenceSimulator(base, { hiddenPlasticity: r.hiddenPlasticity, modulation: r.modulation });
  sim.restore(snapshot);
  const ev = evaluateRunner(sim, ds.dataset, enc.encoder, indices);
  if (opts.json) {
    printJson({
      part,
      accuracy: ev.accuracy,
      samples: ev.samples,
      trainedAccuracy: trainedAccuracy(part, r) ?? null,
      ...(part === 'test' ? { testAccuracy: ev.accuracy, testSamples: ev.samples, trainedTestAccuracy: r.testAccuracy ?? null } : {}),
      correct: ev.correct,
      ...evaluated,
      seconds: Number(ev.seconds.toFixed(3)),
      synapticEvents: ev.synapticEvents,
      confusion: Array.from(ev.confusion),
    });
  } else say(`${partName(part, chosen.range)} accuracy ${(100 * ev.accuracy).toFixed(2)}% (${ev.correct}/${ev.samples}) on "${name}"; ${trainedSays(part, r)}`);
  return ExitCode.ok;
}

type RunHeader = NonNullable<ReturnType<typeof loadCheckpoint>['checkpoint']>['header']['run'];

/**
 * What was evaluated, as both JSON forms (reference only and --on-chip) print it, so that they
 * cannot drift apart (--on-chip lacked the encoder): the dataset, the encoding and the parameters
 * of the encoder built from the run's record and used (SpikeEncoder.params: a 2.0 checkpoint's
 * missing ones as upgraded to training's; a recorded option the encoder ignores, such as `regular`
 * beside a graded input, SNNC5022, not among them: the record itself claimed it), the train part's
 * range of a held-out part, and a stopped run's epochs.
 */
function whatWasEvaluated(dataset: string, r: RunHeader, encoder: SpikeEncoder, range: [number, number] | undefined) {
  return {
    dataset,
    encoding: encoder.name,
    encoder: { ...encoder.params },
    ...(range ? { trainPartRange: range } : {}),
    ...(r.plannedEpochs !== undefined ? { trainedEpochs: r.epochs, plannedEpochs: r.plannedEpochs } : {}),
  };
}

/** The samples of the part asked for; a refusal carries the checkpoint field it is about. */
function samplesOf(part: Part, ds: Dataset, r: RunHeader, test: number | undefined): { indices?: Uint32Array; range?: [number, number]; pointer?: string; diagnostics: Diagnostic[] } {
  if (part === 'held-out') {
    const h = heldOutPart(ds, r.trainSamples, r.splitSeed);
    return h.part ? { indices: h.part, range: [h.from!, h.from! + h.part.length], diagnostics: [] } : { pointer: '/run/trainSamples', diagnostics: h.diagnostics };
  }
  const sizes = part === 'test' ? { test: test ?? r.testSamples, validation: 0 } : { test: 0, validation: r.validationSamples };
  const sp = splitParts(ds, { ...sizes, train: 0, splitSeed: r.splitSeed });
  if (!sp.parts) return { pointer: part === 'validation' ? '/run/validationSamples' : test === undefined ? '/run/testSamples' : undefined, diagnostics: sp.diagnostics };
  return { indices: part === 'test' ? sp.parts.test : sp.parts.validation, diagnostics: [] };
}

function partName(part: Part, range: [number, number] | undefined): string {
  return part === 'held-out' ? `held-out (train part [${range![0]}, ${range![1]}))` : part;
}

/** What the training run itself reported on the part (held-out: nothing, it never looked). */
function trainedAccuracy(part: Part, r: RunHeader): number | undefined {
  return part === 'test' ? r.testAccuracy : part === 'validation' ? r.validationAccuracy : undefined;
}

function trainedSays(part: Part, r: RunHeader): string {
  if (part === 'held-out') return `the training run trained on the first ${r.trainSamples} samples of the train part and never saw these`;
  if (part === 'validation') return `the training run reported ${(100 * r.validationAccuracy).toFixed(2)}% on ${r.validationSamples}`;
  return r.testAccuracy !== undefined
    ? `the training run reported ${(100 * r.testAccuracy).toFixed(2)}% on ${r.testSamples}`
    : `the training run was stopped after ${r.epochs} of its ${r.plannedEpochs} epochs, before its test evaluation (continue it with snnc train --resume)`;
}

function reportOnChip(oc: OnChipEvaluation, part: Part, trained: number | undefined, json: boolean, evaluated: ReturnType<typeof whatWasEvaluated>): void {
  const dataset = evaluated.dataset;
  const p = oc.perInference;
  const round = (x: number, d: number) => Number(x.toFixed(d));
  if (json) {
    printJson({
      part,
      accuracy: oc.reference.accuracy,
      chipAccuracy: oc.chip.accuracy,
      samples: oc.chip.samples,
      ...(part === 'test' ? { testAccuracy: oc.reference.accuracy, chipTestAccuracy: oc.chip.accuracy, testSamples: oc.chip.samples } : {}),
      identical: oc.identical,
      ...(oc.firstDifference ? { firstDifference: oc.firstDifference } : {}),
      correct: oc.chip.correct,
      trainedAccuracy: trained ?? null,
      ...(part === 'test' ? { trainedTestAccuracy: trained ?? null } : {}),
      ...evaluated,
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
    say(`${part} accuracy on the chip ${(100 * oc.chip.accuracy).toFixed(2)}% (${oc.chip.correct}/${oc.chip.samples}) on "${dataset}", ${oc.target}, ${oc.cores} cores (${oc.strategy}); reference simulator ${(100 * oc.reference.accuracy).toFixed(2)}%` +
      (oc.identical ? ': every prediction identical' : ''));
    say(`per inference: ${Math.round(p.cycles)} cycles (${(p.cycles / oc.clockMHz).toFixed(1)} µs at ${oc.clockMHz} MHz), ${p.energyUJ.toFixed(3)} µJ, ${p.spikes.toFixed(0)} spikes, ${p.synapticOps.toFixed(0)} synaptic operations, ${p.messages.toFixed(0)} NoC messages (cost model of the target, docs/emulator.md)`);
  }
}
