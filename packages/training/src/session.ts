import { diag, hasErrors, overflowWarnings, type Diagnostic } from '@snnc/common';
import { DataCode, datasetDigest, defaultAugmentShift, defaultEpochs, epochOrder, makeImageShift, splitParts, SPLIT_SEED, TRAIN_DEFAULTS } from '@snnc/datasets';
import { compile, locate } from '@snnc/driver';
import { hashNetwork, parseJsonText, readoutPopulation, type Graph, type LoweredNetwork, type Target } from '@snnc/ir';
import type { SampleRunner } from '@snnc/common';
import { ReferenceSimulator, referenceBudget } from '@snnc/reference';
import { encodeCheckpoint, type CheckpointRun, type CompleteRun } from './checkpoint.js';
import { jobEncoder } from './job-encoder.js';
import type { TrainJobOptions, TrainJobResult } from './train-job.js';
import { feedbackAngles, type AlignmentCurve } from './alignment.js';
import { trainLoop, type EpochRecord } from './trainer.js';
import { checkResume, RESUME_CODE } from './resume.js';
import { checkHiddenRateSchedule, checkRateSchedule, checkRateScheduleFor, checkRateScheduleHold, defaultRateSchedule, epochsBeforeHold } from './rate-schedule.js';

/**
 * One training job from a spec text: compile (spec -> Graph -> LoweredNetwork for the target),
 * split the dataset, build the encoder, run the loop, and produce the checkpoint bytes. The CLI
 * (`snnc train`) and the tests call this; it never prints and never exits.
 *
 * The parts are the fixed, documented ones (docs/datasets.md): splitParts with the split seed
 * (SPLIT_SEED unless given), never the run seed, so every seed is scored on the same test samples;
 * `train`/`validation`/`test` take prefixes of the parts. The run seed draws the network instance
 * (specForRunSeed), the epoch orders and the rate encoder's noise.
 *
 * The job's options and result are train-job.ts's; the encoder it presents the dataset with is
 * built and checked by job-encoder.ts.
 */
export { TRAIN_DEFAULTS } from '@snnc/datasets';

/**
 * The spec a run seed trains: seed 0 is the spec as written; seed s > 0 draws the instance
 * spec.seed + s (mod 2^32) of the same architecture, so seeds also differ in their random synapses.
 * The checkpoint records this text, so it recompiles to the very network trained.
 */
export function specForRunSeed(specText: string, runSeed: number): string {
  if (runSeed === 0) return specText;
  const parsed = parseJsonText(specText);
  if (parsed.diagnostics.length) return specText; // compileForTraining reports the syntax error
  const doc = parsed.value;
  if (!doc || typeof doc !== 'object' || typeof (doc as { seed?: unknown }).seed !== 'number') return specText;
  const d = doc as { seed: number };
  return JSON.stringify({ ...d, seed: (d.seed + runSeed) >>> 0 }, null, 2) + '\n';
}

/** Compile a spec text for a target; diagnostics as data. */
export function compileForTraining(specText: string, specName: string, target: Target): { graph?: Graph; network?: LoweredNetwork; diagnostics: Diagnostic[] } {
  const c = compile({ text: specText, name: specName }, target, { stage: 'network' });
  const diagnostics = c.diagnostics;
  if (!c.spec || !c.graph || !c.network) return { diagnostics };
  // the simulators' tables against the machine, before any is allocated, located in the spec (the
  // simulator's own refusal names the lowered network: "<input>#/projections/0/delay")
  const net = c.network;
  diagnostics.push(...referenceBudget(net).map((d) => locate(d, specName, target, net)));
  if (!c.network.learning)
    diagnostics.push(diag('SNNC5110', 'the network does not learn: training needs learning.enabled and plastic projections', {
      file: specName,
      pointer: '/learning/enabled',
      expected: 'true',
      found: String(c.spec.kind === 'srsnn' ? c.spec.learning?.enabled : 'no learning'),
    }));
  return { graph: c.graph, network: c.network, diagnostics };
}

export function runTrainingJob(o: TrainJobOptions): { result?: TrainJobResult; diagnostics: Diagnostic[] } {
  const seed = o.seed ?? TRAIN_DEFAULTS.seed;
  const specText = o.resume ? o.specText : specForRunSeed(o.specText, seed);
  const c = compileForTraining(specText, o.specName, o.target);
  const diagnostics = [...c.diagnostics];
  if (!c.network || !c.graph || hasErrors(diagnostics)) return { diagnostics };
  const net = c.network;
  const je = jobEncoder(o, net, seed);
  diagnostics.push(...je.diagnostics);
  if (!je.encoder) return { diagnostics };
  const encoder = je.encoder;
  const resumed = o.resume?.file;
  const readout = readoutPopulation(net);
  if (!readout || (readout.classes ?? 0) < o.dataset.numClasses) {
    diagnostics.push(diag('SNNC5112', `the readout codes fewer classes than the dataset has`, {
      file: o.specName,
      pointer: '/readout/classes',
      expected: `>= ${o.dataset.numClasses}`,
      found: String(readout?.classes ?? 0),
    }));
    return { diagnostics };
  }
  const sp = splitParts(o.dataset, { train: o.train, validation: o.validation, test: o.test, splitSeed: o.splitSeed ?? SPLIT_SEED });
  diagnostics.push(...sp.diagnostics);
  if (!sp.parts) return { diagnostics };
  const split = sp.parts;
  // a run that trains on nothing (a library caller's train: 0, a crafted checkpoint's trainSamples 0
  // resumed) ran its epochs over no sample and wrote the untrained network's checkpoint, exit 0
  if (split.train.length === 0) {
    diagnostics.push(
      diag(DataCode.BadParts, `the run would train on no samples of dataset "${o.datasetName}"`, {
        ...(resumed !== undefined ? { file: resumed, pointer: '/run/trainSamples' } : { pointer: '/train' }),
        expected: `at least 1 train sample (the train part holds ${split.full.train})`,
        found: '0',
        fix: resumed !== undefined ? 'use the checkpoint `snnc train` wrote' : `ask for 1..${split.full.train} train samples`,
      }),
    );
    return { diagnostics };
  }
  const shiftPx = o.augmentShift ?? defaultAugmentShift(o.datasetName, o.encoding);
  const shift = shiftPx > 0 ? makeImageShift(o.dataset.inputShape, shiftPx) : undefined;
  if (shift) {
    diagnostics.push(...shift.diagnostics);
    if (!shift.shift) return { diagnostics };
  }
  // a schedule given replaces the default whole: its hidden shifts and holds come only with it
  const given = o.rateSchedule ? { schedule: o.rateSchedule, hidden: o.rateScheduleHidden, hold: o.rateScheduleHold } : defaultRateSchedule(o.datasetName, o.encoding);
  const rateSchedule = [...given.schedule];
  const badSchedule = checkRateSchedule(rateSchedule);
  if (!badSchedule.length && given.hidden) badSchedule.push(...checkHiddenRateSchedule(given.hidden, rateSchedule));
  if (!badSchedule.length && given.hold) badSchedule.push(...checkRateScheduleHold(given.hold, rateSchedule));
  if (!badSchedule.length) badSchedule.push(...checkRateScheduleFor(net, rateSchedule));
  // hidden shifts equal to the readout's are the one-shift schedule, recorded and run as such
  const rateScheduleHidden = given.hidden?.some((h, k) => h !== rateSchedule[k]) ? [...given.hidden] : undefined;
  // no entry held is the schedule without holds, recorded and run as such
  const rateScheduleHold = given.hold?.some((x) => x) ? [...given.hold] : undefined;
  if (badSchedule.length) {
    diagnostics.push(...badSchedule);
    return { diagnostics };
  }
  if (o.checkOnly) return { diagnostics };
  const hiddenPlasticity = o.hiddenPlasticity ?? true;
  const modulation = o.modulation ?? 'compressed';
  let runner: SampleRunner;
  let sim: ReferenceSimulator | undefined;
  if (o.float && o.resume) {
    diagnostics.push(diag(RESUME_CODE, 'a resumed run continues the fixed-point state of its checkpoint; the float64 twin has none', { file: o.resume.file, pointer: '', expected: 'no --float', found: '--float' }));
    return { diagnostics };
  }
  if (o.float) {
    if (!o.createFloat) {
      diagnostics.push(diag('SNNC5113', 'float64 training needs the float simulator factory', { pointer: '' }));
      return { diagnostics };
    }
    runner = o.createFloat(c.graph, { hiddenPlasticity, modulation, lowered: net });
  } else {
    sim = new ReferenceSimulator(net, { hiddenPlasticity, modulation });
    runner = sim;
  }
  const epochs = o.epochs ?? defaultEpochs(o.datasetName, o.encoding);
  const augmentEpochs = Math.min(epochs, o.augmentEpochs ?? epochsBeforeHold(rateScheduleHold, epochs));
  const startEpoch = o.resume?.run.epochs ?? 0;
  // what the checkpoints record of the samples (one pass over them), and what a resumed run must find
  const digest = datasetDigest(o.dataset);
  if (o.resume) {
    const bad = checkResume(o.resume, { epochs, schedule: rateSchedule, hidden: rateScheduleHidden, hold: rateScheduleHold, augmentEpochs }, split.train.length, { data: o.dataset, digest });
    if (bad.length) {
      diagnostics.push(...bad);
      return { diagnostics };
    }
    sim!.restore(o.resume.snapshot);
  }
  let alignment: AlignmentCurve | undefined;
  let onProgress = o.onProgress;
  const every = o.alignmentEvery;
  if (sim && every && every > 0 && net.learning) {
    const s = sim;
    const curve: AlignmentCurve = { blocks: net.learning.modulatory.map((b) => net.populations[b.population].id), samples: [], degrees: [] };
    const take = (n: number) => {
      curve.samples.push(n);
      curve.degrees.push(feedbackAngles(net, s.weights, s.sal ? s.sal.decoders(net) : null));
    };
    take(startEpoch * split.train.length);
    const inner = o.onProgress;
    onProgress = (p) => {
      inner?.(p);
      if (p.phase === 'train' && p.done > 0 && (p.done % every === 0 || p.done === p.total)) take(p.epoch * split.train.length + p.done);
    };
    alignment = curve;
  }
  const orderBuf = new Uint32Array(split.train.length);
  // the run's settings, as every checkpoint of it records them (canonical JSON: key order is free)
  const settings = {
    dataset: o.datasetName,
    datasetDigest: digest,
    encoding: { name: encoder.name, params: { ...encoder.params } },
    seed,
    splitSeed: split.splitSeed,
    trainSamples: split.train.length,
    validationSamples: split.validation.length,
    testSamples: split.test.length,
    hiddenPlasticity,
    modulation,
    ...(shift?.shift ? { augment: { shift: shift.shift.shift, ...(augmentEpochs < epochs ? { epochs: augmentEpochs } : {}) } } : {}),
    ...(rateSchedule.some((a) => a !== 0) || rateScheduleHidden || rateScheduleHold ? { rateSchedule } : {}),
    ...(rateScheduleHidden ? { rateScheduleHidden } : {}),
    ...(rateScheduleHold ? { rateScheduleHold } : {}),
  };
  const done: EpochRecord[] = [];
  const curveOf = (records: readonly EpochRecord[]) =>
    [...(o.resume?.run.curve ?? []), ...records].map((r) => ({ epoch: r.epoch, trainAccuracy: r.trainAccuracy, validationAccuracy: r.validationAccuracy }));
  const header = { networkName: net.name, networkHash: hashNetwork(net), specText, specName: o.specName, target: o.target };
  const partial = sim && o.onPartialCheckpoint ? { sim, write: o.onPartialCheckpoint } : undefined;
  const loop = trainLoop(runner, o.dataset, encoder, {
    epochs,
    train: split.train,
    validation: split.validation,
    test: split.test,
    order: (ep) => epochOrder(split.train, seed, ep, orderBuf),
    startEpoch,
    onProgress,
    // progress every 50 samples, or sooner on long presentations (every ~1,600 simulated steps), so a
    // spec of 10^5 steps per sample still reports within a sample or two
    progressEvery: progressCadence(net.timesteps, alignment ? every : undefined),
    onEpoch: (r) => {
      o.onEpoch?.(r);
      done.push(r);
      // between epochs: the state so far, which `--resume` continues to the planned epochs (resume.ts)
      if (partial && r.epoch < epochs) {
        const run: CheckpointRun = { ...settings, epochs: r.epoch, plannedEpochs: epochs, trainAccuracy: r.trainAccuracy, validationAccuracy: r.validationAccuracy, curve: curveOf(done) };
        partial.write(encodeCheckpoint({ ...header, run }, partial.sim.snapshot()), r.epoch);
      }
    },
    clock: o.clock,
    augment: shift?.shift,
    augmentEpochs,
    rateSchedule,
    ...(rateScheduleHidden ? { rateScheduleHidden } : {}),
    ...(rateScheduleHold ? { rateScheduleHold } : {}),
  });
  const run: CompleteRun = {
    ...settings,
    epochs,
    trainAccuracy: loop.trainAccuracy,
    validationAccuracy: loop.validationAccuracy,
    testAccuracy: loop.testAccuracy,
    curve: curveOf(loop.epochs),
  };
  const checkpoint = sim ? encodeCheckpoint({ ...header, run }, sim.snapshot()) : undefined;
  const overflow = sim?.overflow();
  if (overflow) diagnostics.push(...overflowWarnings(overflow, 'training (reference simulator)', o.specName, (id) => net.populations.find((p) => p.id === id)?.specPointer));
  return {
    result: {
      ...(overflow ? { overflow } : {}),
      ...(alignment ? { alignment } : {}),
      network: net,
      graph: c.graph,
      encoder,
      loop,
      run,
      checkpoint,
      trainSamples: split.train.length,
      validationSamples: split.validation.length,
      testSamples: split.test.length,
      synapticEvents: loop.synapticEvents,
    },
    diagnostics,
  };
}

/**
 * Samples between progress calls: about 1,600 time steps, at most 50. The alignment curve is taken
 * from those calls (at the multiples of `alignmentEvery`), so with one the cadence divides it:
 * a cadence of 16 (T = 100) met --alignment-every 500 only at 2,000, without a word.
 */
export function progressCadence(timesteps: number, alignmentEvery?: number): number {
  const cadence = Math.max(1, Math.min(50, Math.floor(1600 / timesteps)));
  if (!alignmentEvery || alignmentEvery <= 0) return cadence;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return gcd(alignmentEvery, cadence);
}
