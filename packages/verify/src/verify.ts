/**
 * verifyNetwork: the reference simulator (what the lowered network means) and the chip emulator
 * (what the compiled image does) run the same samples; everything docs/semantics.md §6 names is
 * compared: at every step every spike and every neuron's v, vth, sbar (srlif) or u, v (cuba); at
 * every sample end the class scores (§4) and the prediction; at every learning epoch the teaching
 * signal, every plastic weight, every eligibility value and every modulatory state m.
 *
 * Lock-step without re-entrancy: both simulators present a whole sample per call, so the
 * reference's trajectory of the sample is recorded into preallocated T x N buffers and the
 * emulator's per-step hook compares against it as it runs. Comparison stops at the first
 * divergence (later differences are consequences of it).
 */
import { gradedInputColumns, inputSize, readoutIndex, readoutPopulation, type LoweredNetwork } from '@snnc/ir';
import type { ChipImage } from '@snnc/image';
import type { Placement } from '@snnc/mapper';
import { ReferenceSimulator } from '@snnc/reference';
import { createEmulator } from '@snnc/emulator';
import { diag, overflowWarnings, tablesRefusal, type Diagnostic, type PopulationOverflow } from '@snnc/common';
import { HEAP_REFUSAL_CODE as TRAJECTORY_CODE } from '@snnc/driver';
import { checkImageLayout } from './layout.js';
import { randomLabels, randomRasters, type RasterSequence } from '@snnc/datasets';

export interface Divergence {
  /** step within the sample (-1 before any step: the static layout check) */
  step: number;
  sample: number;
  /** physical core id and compartment slot (-1 for input neurons and whole-network fields) */
  core: number;
  compartment: number;
  population: string;
  neuron: number;
  field: string;
  reference: number | string;
  emulator: number | string;
  /** weights/eligibility: projection index, canonical synapse index, presynaptic neuron */
  projection?: number;
  synapse?: number;
  pre?: number;
}

export interface VerifyOptions {
  /**
   * one raster per sample, T x Nin (step-major), in order: an array, or a lazy sequence
   * (randomRasters) whose rasters are drawn as their samples run; absent: seeded random rasters of
   * `steps` steps, drawn so (memory holds the sample running, not the run)
   */
  rasters?: RasterSequence;
  /** one label per sample (required with train and rasters; random when the rasters are) */
  labels?: number[];
  /** without rasters: steps to run, rounded up to whole samples (default 10 samples) */
  steps?: number;
  /** without rasters: seed and per-input spike probability of the random rasters (default 1, 0.2) */
  seed?: number;
  rate?: number;
  /** training mode: homeostasis and the learning epoch run on both sides */
  train: boolean;
  /** with train: only the first trainCount samples train, the rest run in inference (default all) */
  trainCount?: number;
  /** §5.11: the host's rate shift before each training sample (one per sample; absent: 0), set on both sides */
  rateShifts?: ArrayLike<number>;
  /** §5.11: the hidden (three-factor) rule's own shift h before each training sample, beside rateShifts (absent: h = a) */
  hiddenRateShifts?: ArrayLike<number>;
  /** §5.11: the host's homeostasis hold before each training sample (absent: never held), set on both sides */
  homeostasisHolds?: ArrayLike<boolean>;
  /** the file the network came from: names the overflow warnings (SNNC4320) */
  file?: string;
  /** after each sample compared: the samples done and the run's total (a long run's progress) */
  onProgress?: (done: number, total: number) => void;
}

export interface VerifyResult {
  bitExact: boolean;
  samples: number;
  steps: number;
  /** spikes of neuron populations compared (input spikes excluded) */
  spikes: number;
  /** of those, the spikes of each step compared, in order (samples one after another) */
  spikesPerStep: number[];
  /** state values compared (spikes, v, vth, sbar, u) */
  statesCompared: number;
  weightsCompared: number;
  eligibilityCompared: number;
  /** class predictions per sample of the emulator and of the reference (equal when bit-exact; -1 not run) */
  predictions: Int32Array;
  referencePredictions: Int32Array;
  firstDivergence?: Divergence;
  /** wraps of u and saturations of v per population on each side (§1.2; equal when bit-exact) */
  overflow?: { reference: PopulationOverflow[]; emulator: PopulationOverflow[] };
  diagnostics: Diagnostic[];
}

/**
 * The most steps one run may have: VerifyResult.spikesPerStep keeps a number for each, in one
 * JavaScript array, and V8 grows such an array (by half again and 16) from 112,813,858 entries to
 * 169,220,804, past its largest (about 134 million, 1 GB of 8-byte entries): a fatal error, not an
 * exception, hours into a run. Refused before the first step instead (SNNC4309).
 */
export const MAX_VERIFY_STEPS = 112_813_858;
export const STEPS_REFUSAL_CODE = 'SNNC4309';

/** SNNC4309 when `samples` samples of T steps are more steps than a run may have; undefined otherwise. */
export function stepsRefusal(samples: number, T: number): Diagnostic | undefined {
  if (samples * T <= MAX_VERIFY_STEPS) return undefined;
  return diag(STEPS_REFUSAL_CODE, `${samples} samples of ${T} steps are more steps than a run keeps a spike count for`, {
    expected: `<= ${MAX_VERIFY_STEPS} steps`, found: `${samples * T} steps`, fix: `at most ${Math.floor(MAX_VERIFY_STEPS / T)} samples of ${T} steps a run (more in runs of other seeds)`,
  });
}

/**
 * SNNC4330 when the reference trajectory of one sample (`rec` in verifyNetwork: 5 fields x T x N
 * int32) cannot be allocated, located at the spec's /timesteps; checked before it is.
 */
export function trajectoryRefusal(net: LoweredNetwork): Diagnostic[] {
  const T = net.timesteps;
  const N = net.populations.reduce((s, p) => s + p.size, 0);
  return tablesRefusal('verification', TRAJECTORY_CODE, [{
    what: `the reference trajectory of a sample (5 fields x ${T} steps x ${N} neurons)`, pointer: '/timesteps', bytes: 20 * T * N, entries: T * N,
    fix: 'fewer timesteps per sample or a smaller network',
  }]);
}

const F_SPIKE = 0, F_V = 1, F_VTH = 2, F_SBAR = 3, F_U = 4;
const FIELD_NAMES = ['spike', 'v', 'vth', 'sbar', 'u'];

export function verifyNetwork(net: LoweredNetwork, image: ChipImage, placement: Placement, options: VerifyOptions): VerifyResult {
  const pops = net.populations;
  const T = net.timesteps;
  const samples = options.rasters ? options.rasters.length : Math.max(1, Math.ceil((options.steps ?? 10 * T) / T));
  // the step bound before anything is drawn (random labels are drawn at once, a number each)
  const tooLong = stepsRefusal(samples, T);
  const result: VerifyResult = {
    bitExact: false, samples: 0, steps: 0, spikes: 0, spikesPerStep: [], statesCompared: 0, weightsCompared: 0, eligibilityCompared: 0,
    predictions: new Int32Array(tooLong ? 0 : samples).fill(-1), referencePredictions: new Int32Array(tooLong ? 0 : samples).fill(-1), diagnostics: [],
  };
  if (tooLong) {
    result.diagnostics.push(tooLong);
    return result;
  }
  if (samples === 0) {
    // an empty raster list compared nothing, and was reported bit-exact (0 samples, 0 steps)
    result.diagnostics.push(diag('SNNC4311', 'no input sample to verify: nothing would be compared', { pointer: '', expected: 'at least one raster', found: '0 rasters', fix: 'give one or more samples (rasters), or steps of random input' }));
    return result;
  }
  const opts = options.rasters ? (options as VerifyOptions & { rasters: RasterSequence }) : { ...options, ...randomFor(net, samples, options) };
  const off = new Int32Array(pops.length + 1);
  pops.forEach((p, i) => (off[i + 1] = off[i] + p.size));
  const N = off[pops.length];
  const where = (pi: number, n: number) => {
    const c = placement.neuronCore[pi]?.[n] ?? -1;
    return { core: c >= 0 ? placement.cores[c].id : -1, compartment: c >= 0 ? placement.neuronSlot[pi][n] : -1 };
  };
  const diverge = (d: Divergence) => {
    if (!result.firstDivergence) result.firstDivergence = d;
  };

  const trajectory = trajectoryRefusal(net);
  if (trajectory.length) {
    result.diagnostics.push(...trajectory);
    return result;
  }

  const layout = checkImageLayout(net, image);
  if (layout) {
    const pr = net.projections[layout.projection];
    const tp = pr ? pr.target : -1;
    diverge({
      step: -1, sample: -1, core: layout.core, compartment: tp >= 0 && layout.post >= 0 ? where(tp, layout.post).compartment : -1,
      population: tp >= 0 ? pops[tp].id : '', neuron: layout.post, field: `synapse memory: ${layout.field}`,
      reference: layout.reference, emulator: layout.emulator, projection: layout.projection, synapse: layout.synapse, pre: layout.pre,
    });
    return result;
  }

  const made = createEmulator(image);
  if (!made.emulator) {
    result.diagnostics.push(...made.diagnostics);
    return result;
  }
  const emu = made.emulator;
  let ref: ReferenceSimulator;
  try {
    ref = new ReferenceSimulator(net, { learning: opts.train });
  } catch (e) {
    const ds = (e as { diagnostics?: Diagnostic[] }).diagnostics;
    result.diagnostics.push(...(ds ?? [diag('SNNC4301', `the reference simulator refused the network: ${(e as Error).message}`)]));
    return result;
  }
  const nIn = ref.inputSize;
  if (opts.train && (!opts.labels || opts.labels.length < samples)) {
    result.diagnostics.push(diag('SNNC4302', 'training verification needs one label per sample', { expected: String(samples), found: String(opts.labels?.length ?? 0) }));
    return result;
  }
  const fits = (raster: Uint8Array | undefined): raster is Uint8Array => raster?.length === T * nIn;
  const misshapen = (k: number, raster: Uint8Array | undefined) =>
    diag('SNNC4303', `raster ${k} does not have T x Nin entries`, { pointer: `/rasters/${k}`, expected: `${T} x ${nIn} = ${T * nIn}`, found: raster ? String(raster.length) : 'no raster' });
  // rasters already held are checked before any step; a lazy sequence's, each as it is drawn
  if (Array.isArray(opts.rasters)) {
    const k = opts.rasters.findIndex((r) => !fits(r));
    if (k >= 0) {
      result.diagnostics.push(misshapen(k, opts.rasters[k]));
      return result;
    }
  }

  // which fields each neuron has (§6), and where a neuron lives
  const kind = new Uint8Array(N); // 0 input, 1 srlif, 2 cuba
  const popOfNeuron = new Int32Array(N);
  pops.forEach((p, pi) => {
    kind.fill(p.model === 'srlif' ? 1 : p.model === 'cuba' ? 2 : 0, off[pi], off[pi + 1]);
    popOfNeuron.fill(pi, off[pi], off[pi + 1]);
  });
  // the reference trajectory of the current sample: T x N per field
  const rec = [0, 1, 2, 3, 4].map(() => new Int32Array(T * N));
  const neuronDivergence = (sample: number, t: number, g: number, f: number, r: number, e: number) => {
    const pi = popOfNeuron[g], n = g - off[pi];
    diverge({ step: t, sample, ...where(pi, n), population: pops[pi].id, neuron: n, field: FIELD_NAMES[f], reference: r, emulator: e });
  };
  const plastic = net.projections.map((q, p) => (q.plasticity !== 'none' ? p : -1)).filter((p) => p >= 0);
  const views: Array<Uint8Array | Int32Array> = [];
  const refEpoch: Array<{ counts: Int32Array; delta: Int32Array; margin: number; epoch: number }> = [];
  const emuEpoch: typeof refEpoch = [];

  const drawn = opts.rasters[Symbol.iterator]();
  for (let k = 0; k < samples && !result.firstDivergence; k++) {
    const raster = drawn.next().value as Uint8Array | undefined;
    if (!fits(raster)) {
      result.diagnostics.push(misshapen(k, raster));
      break;
    }
    const training = opts.train && k < (opts.trainCount ?? Infinity);
    // without learning data there is no epoch: training mode is homeostasis only on both sides
    const label = training && net.learning ? opts.labels![k] : undefined;
    ref.learning = training;
    if (training && (opts.rateShifts || opts.homeostasisHolds)) {
      const a = opts.rateShifts ? opts.rateShifts[k] : 0;
      const h = opts.hiddenRateShifts ? opts.hiddenRateShifts[k] : a;
      const hold = opts.homeostasisHolds ? opts.homeostasisHolds[k] : false;
      ref.setRateShift(a, h, hold);
      emu.setRateShift(a, h, hold);
    }
    refEpoch.length = 0;
    emuEpoch.length = 0;
    const rr = ref.runSample(raster, label, {
      onStep: (s) => {
        const o = s.t * N;
        rec[F_SPIKE].set(s.spikes, o);
        rec[F_V].set(s.v, o);
        rec[F_VTH].set(s.vth, o);
        rec[F_SBAR].set(s.sbar, o);
        rec[F_U].set(s.u, o);
      },
      onEpoch: (e) => refEpoch.push({ counts: e.counts.slice(), delta: e.delta.slice(), margin: e.margin, epoch: e.epoch }),
    });
    const refCounts = rr.counts.slice();
    const refPred = rr.predicted;
    let stepsSeen = 0;
    const bad = emu.checkSample(raster, label, { learning: training });
    if (bad.length) {
      result.diagnostics.push(...bad);
      break;
    }
    const er = emu.runSample(raster, label, {
      learning: training,
      hooks: {
        onStep: (s) => {
          stepsSeen++;
          if (result.firstDivergence) return;
          const t = s.t, o = t * N;
          const spikesBefore = result.spikes;
          // the emulator reuses its view buffers: index them once per sample, not per step
          if (views[0] !== s.spikes) views.splice(0, 5, s.spikes, s.v, s.vth, s.sbar, s.u);
          for (let g = 0; g < N; g++) {
            const kd = kind[g];
            if (kd === 0) continue; // input spikes come from the raster on both sides
            const fields = kd === 1 ? SRLIF_FIELDS : CUBA_FIELDS;
            for (const f of fields) {
              const r = rec[f][o + g], e = views[f][g];
              if (r !== e) return neuronDivergence(k, t, g, f, r, e);
            }
            result.statesCompared += fields.length;
            result.spikes += rec[F_SPIKE][o + g];
          }
          result.spikesPerStep.push(result.spikes - spikesBefore);
          result.steps++;
        },
        onEpoch: (e) => emuEpoch.push({ counts: e.counts.slice(), delta: e.delta.slice(), margin: e.margin, epoch: e.epoch }),
      },
    });
    if (result.firstDivergence) break;
    if (stepsSeen !== T) {
      diverge({ step: stepsSeen, sample: k, core: -1, compartment: -1, population: '', neuron: -1, field: 'steps per sample', reference: T, emulator: stepsSeen });
      break;
    }
    result.samples++;
    result.predictions[k] = er.predicted;
    result.referencePredictions[k] = refPred;
    const whole = (field: string, r: number | string, e: number | string) =>
      diverge({ step: T - 1, sample: k, core: -1, compartment: -1, population: pops[ref.classes > 0 ? readoutIndex(net) : 0]?.id ?? '', neuron: -1, field, reference: r, emulator: e });
    for (let c = 0; c < refCounts.length; c++) if (refCounts[c] !== er.counts[c]) whole(`class score z[${c}]`, refCounts[c], er.counts[c]);
    if (refPred !== er.predicted) whole('prediction', refPred, er.predicted);
    if (result.firstDivergence) break;
    if (training) {
      if (refEpoch.length !== emuEpoch.length) whole('learning epochs run', refEpoch.length, emuEpoch.length);
      for (let i = 0; i < refEpoch.length && !result.firstDivergence; i++) {
        const a = refEpoch[i], b = emuEpoch[i];
        if (a.epoch !== b.epoch) whole('epoch index', a.epoch, b.epoch);
        if (a.margin !== b.margin) whole('teaching margin', a.margin, b.margin);
        for (let c = 0; c < a.delta.length; c++) if (a.delta[c] !== b.delta[c]) whole(`teaching delta[${c}]`, a.delta[c], b.delta[c]);
      }
      if (!result.firstDivergence) compareLearning(k);
    }
    if (!result.firstDivergence) opts.onProgress?.(result.samples, samples);
  }
  result.bitExact = !result.firstDivergence && result.diagnostics.length === 0;
  const ovf = { reference: ref.overflow(), emulator: emu.stats().overflow };
  result.overflow = ovf;
  // warnings only after bitExact is decided: they do not make a run inexact
  const same = JSON.stringify(ovf.reference) === JSON.stringify(ovf.emulator);
  const at = (id: string) => pops.find((p) => p.id === id)?.specPointer;
  result.diagnostics.push(...overflowWarnings(ovf.reference, same ? 'the reference simulator and the emulator' : 'the reference simulator', options.file, at));
  if (!same) result.diagnostics.push(...overflowWarnings(ovf.emulator, 'the emulator', options.file, at));
  return result;

  /** §6 after an epoch: every plastic weight, every eligibility value, every modulatory state. */
  function compareLearning(k: number): void {
    for (const p of plastic) {
      const q = net.projections[p];
      const rw = ref.weights[p];
      const ew = emu.weights(p);
      const re = q.plasticity === 'threeFactor' ? ref.eligibility(p) : null;
      const ee = q.plasticity === 'threeFactor' ? emu.eligibility(p) : null;
      if (q.pre.length === 0) continue;
      const syn = (s: number, field: string, r: number, e: number) => {
        const n = q.post[s];
        diverge({
          step: T - 1, sample: k, ...where(q.target, n), population: pops[q.target].id, neuron: n, field,
          reference: r, emulator: e, projection: p, synapse: s, pre: q.pre[s],
        });
      };
      if (!ew || ew.length !== rw.length) {
        return diverge({ step: T - 1, sample: k, core: -1, compartment: -1, population: pops[q.target].id, neuron: -1, field: `weights of projection ${q.id}`, reference: rw.length, emulator: ew ? ew.length : 'none', projection: p });
      }
      for (let s = 0; s < rw.length; s++) if (rw[s] !== ew[s]) return syn(s, 'weight', rw[s], ew[s]);
      result.weightsCompared += rw.length;
      if (re && ee) {
        for (let s = 0; s < re.length; s++) if (re[s] !== ee[s]) return syn(s, 'eligibility', re[s], ee[s]);
        result.eligibilityCompared += re.length;
      } else if (re || ee) {
        return diverge({ step: T - 1, sample: k, core: -1, compartment: -1, population: pops[q.target].id, neuron: -1, field: `eligibility of projection ${q.id}`, reference: re ? 'present' : 'none', emulator: ee ? 'present' : 'none', projection: p });
      }
    }
    const rm = ref.modulatoryState(), em = emu.modulatoryState();
    for (let b = 0; b < rm.length; b++) {
      for (let a = 0; a < rm[b].length; a++) {
        if (rm[b][a] !== em[b]?.[a]) {
          const pop = net.learning!.modulatory[b].population;
          return diverge({ step: T - 1, sample: k, core: -1, compartment: -1, population: pops[pop].id, neuron: a, field: `modulatory state m[${a}] of block ${b}`, reference: rm[b][a], emulator: em[b]?.[a] ?? 'none' });
        }
      }
    }
    // §5.10 / §6: every plastic decoder entry
    if (ref.sal) {
      const rd = ref.sal.decoders(net), ed = emu.decoders();
      for (let b = 0; b < rd.length; b++) {
        if (!net.learning!.modulatory[b].sal) continue;
        const M = net.learning!.modulatory[b].m;
        for (let s = 0; s < rd[b].length; s++) {
          if (rd[b][s] !== ed[b]?.[s]) {
            const pop = net.learning!.modulatory[b].population;
            return diverge({ step: T - 1, sample: k, core: -1, compartment: -1, population: pops[pop].id, neuron: Math.floor(s / M), field: `decoder Wmh[${Math.floor(s / M)}, ${s % M}] of block ${b}`, reference: rd[b][s], emulator: ed[b]?.[s] ?? 'none' });
          }
        }
        result.weightsCompared += rd[b].length;
      }
    }
  }
}

/** Seeded random rasters (drawn as their samples run) and labels for n samples of the network. */
function randomFor(net: LoweredNetwork, n: number, o: VerifyOptions): { rasters: RasterSequence; labels: number[] } {
  const seed = o.seed ?? 1;
  return { rasters: randomRasters(n, net.timesteps, inputSize(net), o.rate ?? 0.2, seed, gradedInputColumns(net)), labels: randomLabels(n, readoutPopulation(net)?.classes ?? 0, seed) };
}

const SRLIF_FIELDS = [F_SPIKE, F_V, F_VTH, F_SBAR];
const CUBA_FIELDS = [F_SPIKE, F_U, F_V];

/** One line for humans: where the first divergence is and both values. */
export function formatDivergence(d: Divergence): string {
  const where = d.step < 0 ? 'before step 0 (image layout)' : `sample ${d.sample}, step ${d.step}`;
  const at = d.core >= 0 ? `core ${d.core} compartment ${d.compartment}` : 'host/network';
  const syn = d.projection !== undefined && d.synapse !== undefined && d.synapse >= 0 ? ` (projection ${d.projection}, synapse ${d.synapse}, pre ${d.pre})` : '';
  return `first divergence at ${where}: ${at}, ${d.population}[${d.neuron}] field ${d.field}${syn}: reference ${d.reference}, emulator ${d.emulator}`;
}
