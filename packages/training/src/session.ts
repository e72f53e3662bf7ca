import { diag, hasErrors, overflowWarnings, type Diagnostic, type PopulationOverflow } from '@snnc/common';
import { DataCode, datasetDigest, defaultAugmentShift, defaultEpochs, defaultRateCode, epochOrder, gradedInputOptions, makeEncoder, makeImageShift, mixedGradedInputs, sparseEncoding, splitParts, SPLIT_SEED, TRAIN_DEFAULTS, type Dataset, type SpikeEncoder } from '@snnc/datasets';
import { compile } from '@snnc/driver';
import { gradedPointer, hashNetwork, inputKinds, inputSize, inputSizePointer, parseJsonText, readoutPopulation, type Graph, type LoweredNetwork, type Target } from '@snnc/ir';
import type { SampleRunner } from '@snnc/common';
import { ReferenceSimulator } from '@snnc/reference';
import { encodeCheckpoint, type CheckpointRun, type CompleteRun } from './checkpoint.js';
import { encodingMisfit, inRunEncoding } from './checkpoint-encoding.js';
import { feedbackAngles, type AlignmentCurve } from './alignment.js';
import { trainLoop, type EpochRecord, type TrainLoopResult, type TrainProgress } from './trainer.js';
import { checkResume, RESUME_CODE, type ResumeFrom } from './resume.js';
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
 */
export { TRAIN_DEFAULTS } from '@snnc/datasets';

export interface TrainJobOptions {
  specText: string;
  /** how the spec is named in diagnostics and the checkpoint (a file name, not a path) */
  specName: string;
  target: Target;
  dataset: Dataset;
  datasetName: string;
  /** default: defaultEpochs(datasetName, encoding), chosen on each dataset's validation part */
  epochs?: number;
  train?: number;
  validation?: number;
  test?: number;
  /** default SPLIT_SEED; independent of `seed` */
  splitSeed?: number;
  encoding?: string;
  /** extra encoder options (e.g. maxRate); `steps` defaults to the network's timesteps */
  encoderOptions?: Record<string, number>;
  seed?: number;
  hiddenPlasticity?: boolean;
  modulation?: 'compressed' | 'direct';
  /** pixels: every training presentation moved by up to this much (datasets' augment.ts); default defaultAugmentShift(datasetName, encoding) */
  augmentShift?: number;
  /** the shift applies in the first this many epochs only; default: the epochs before the schedule's first held entry (epochsBeforeHold) */
  augmentEpochs?: number;
  /** §5.11 rate shifts, one per equal segment of the run's training presentations; default defaultRateSchedule(datasetName, encoding) */
  rateSchedule?: readonly number[];
  /** §5.11 the hidden (three-factor) rule's own shifts, parallel to rateSchedule (`a/h` entries); absent: h = a */
  rateScheduleHidden?: readonly number[];
  /** §5.11 homeostasis holds, parallel to rateSchedule (`a/h/hold` entries); absent: never held */
  rateScheduleHold?: readonly boolean[];
  /** float64 twin on the un-lowered Graph (no checkpoint: its state is not integer) */
  float?: boolean;
  /**
   * Stop after the checks of the spec, the encoder, the parts and the schedule, before any
   * simulator is built: their diagnostics, no result. The CLI prints a run's warnings (an encoder
   * that practically never spikes, an option ignored) this way before an hour of training, not after.
   */
  checkOnly?: boolean;
  /** factory of the float64 twin (injected: the CLI passes createFloatSimulator) */
  createFloat?: (graph: Graph, opts: { hiddenPlasticity: boolean; modulation: 'compressed' | 'direct'; lowered: LoweredNetwork }) => SampleRunner;
  onProgress?: (p: TrainProgress) => void;
  onEpoch?: (r: EpochRecord) => void;
  clock?: () => number;
  /** fixed point: measure the feedback alignment (alignment.ts) every this many training samples (a multiple of 50) */
  alignmentEvery?: number;
  /** fixed point: called after every epoch but the last with a checkpoint of the run so far
   *  (`plannedEpochs` = epochs; no test figure), which `snnc train --resume` continues */
  onPartialCheckpoint?: (checkpoint: Uint8Array, epochsDone: number) => void;
  /** continue a run from its checkpoint, finished or stopped between epochs (resume.ts): its state and record; `specText` is then the checkpoint's,
   *  already the run seed's instance, and `epochs` counts the whole run, the checkpoint's included */
  resume?: ResumeFrom;
}

export interface TrainJobResult {
  network: LoweredNetwork;
  graph: Graph;
  encoder: SpikeEncoder;
  loop: TrainLoopResult;
  run: CompleteRun;
  /** checkpoint bytes (fixed point only) */
  checkpoint?: Uint8Array;
  trainSamples: number;
  validationSamples: number;
  testSamples: number;
  synapticEvents: number;
  /** fixed point: wraps of u and saturations of v per population over the whole job (§1.2) */
  overflow?: PopulationOverflow[];
  /** with alignmentEvery: the feedback alignment over training (§5.10) */
  alignment?: AlignmentCurve;
}

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
  const encoding = o.encoding ?? TRAIN_DEFAULTS.encoding;
  const encOpts: Record<string, number> = { steps: net.timesteps, ...(o.encoderOptions ?? {}) };
  const kinds = inputKinds(net);
  if (encoding === 'rate') {
    encOpts.maxRate ??= TRAIN_DEFAULTS.maxRate;
    // a resumed run passes its checkpoint's code explicitly (resume.ts), so this default never
    // changes it; a graded input has no spike times, hence no code (rate-encoder.ts)
    if (!kinds.graded) encOpts.regular ??= defaultRateCode(o.datasetName) === 'regular' ? 1 : 0;
    encOpts.seed ??= seed;
  }
  if (encoding === 'rows') {
    // One image row per step, N = width; timesteps beyond the image's height are a silent tail
    // (rows-encoder.ts). A network with fewer timesteps than rows is refused below.
    encOpts.width ??= o.dataset.inputShape[o.dataset.inputShape.length - 1];
  }
  if (kinds.graded) {
    // §2.4: the rate and rows encoders write values; the latency encoder is refused where the input is graded
    const g = gradedInputOptions(encoding);
    if (g.diagnostic) {
      diagnostics.push({ ...g.diagnostic, file: o.specName, pointer: kinds.gradedAt });
      return { diagnostics };
    }
    // the encoder's values would reach a plain input too, which reads each as a spike: refused at it
    if (kinds.plain) {
      diagnostics.push({ ...mixedGradedInputs(kinds.plain.id, kinds.graded.id), file: o.specName, pointer: gradedPointer(kinds.plain) });
      return { diagnostics };
    }
    Object.assign(encOpts, g.options);
  }
  const e = makeEncoder(encoding, encOpts);
  // every encoder takes its steps from the spec's timesteps: a refusal of them points there
  const fromSpec = o.encoderOptions?.steps === undefined;
  // a resumed run's encoder options are its checkpoint's: what the encoder says of one is located there, as evaluate locates it
  const resumed = o.resume?.file;
  diagnostics.push(...e.diagnostics.map((d) =>
    d.file !== undefined ? d
    : fromSpec && d.pointer === '/steps' ? { ...d, file: o.specName, pointer: '/timesteps', message: `the network's timesteps: ${d.message}` }
    : resumed !== undefined ? inRunEncoding(d, resumed)
    // --rate-code given for a graded input: the reason it is ignored is the spec's graded input
    : kinds.gradedAt !== undefined && d.pointer === '/regular' ? { ...d, file: o.specName, pointer: kinds.gradedAt }
    : d));
  if (!e.encoder) return { diagnostics };
  const encoder = e.encoder;
  const inputs = inputSize(net);
  // a resumed run's encoding is its checkpoint's: a misfit is located at the record's field that is
  // wrong, as evaluate locates it, not at the spec (which the checkpoint fixes too)
  const misfit = o.resume ? encodingMisfit(net, o.resume.run, encoder, o.dataset, { datasetName: o.datasetName, file: o.resume.file }) : undefined;
  if (misfit) {
    diagnostics.push(misfit);
    return { diagnostics };
  }
  // by rows, an image of `rows` rows needs that many steps (the rest are a silent tail)
  const rows = encoding === 'rows' ? Math.ceil(o.dataset.features / encOpts.width) : 0;
  if (encoder.steps !== net.timesteps || encoder.channels(o.dataset.features) !== inputs) {
    diagnostics.push(
      diag('SNNC5111', `the ${encoding} encoding of "${o.datasetName}" does not fit the network's input`, {
        file: o.specName,
        // the field to edit: the steps when they differ or the rows outnumber them, else the input's size
        pointer: encoder.steps !== net.timesteps || net.timesteps < rows ? '/timesteps' : inputSizePointer(net),
        expected:
          encoding === 'rows'
            ? `timesteps >= ${rows} (the image's rows) and ${encOpts.width} input neurons (its width)`
            : `timesteps ${encoder.steps} and ${encoder.channels(o.dataset.features)} input neurons`,
        found: `timesteps ${net.timesteps} and ${inputs} input neurons`,
        fix: encoding === 'rows' ? 'use a spec with timesteps at least the image height (steps after the last row are silent) and input size = image width' : 'use a spec whose input size equals the sample size',
      }),
    );
    return { diagnostics };
  }
  // an encoder that can spike but practically never does: trained on anyway, with a warning at maxRate
  const sparse = sparseEncoding(encoder, o.dataset.features);
  if (sparse) diagnostics.push(resumed !== undefined ? inRunEncoding(sparse, resumed) : sparse);
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
    progressEvery: Math.max(1, Math.min(50, Math.floor(1600 / net.timesteps))),
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
