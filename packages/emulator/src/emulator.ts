/**
 * The chip emulator: executes a chip image's per-core programs one timestep at a time in the
 * phase order of docs/semantics.md §3.1 (docs/emulator.md, "Phase order"):
 *
 *   1 EMIT     every compartment decides S(t) from its state (§3.2, §3.3); host ports read the raster
 *   2 COUNT    spike counts per compartment (readout z, §3.1.2) and, on delivery, per input axon (x_j)
 *   3 ROUTE    one message per (spiking source, route entry), walked hop by hop over the mesh
 *   4 DELIVER  each message's axon blocks add w * 2^(6+exp) into the delay line slot t + d - 1 (§2.3);
 *              three-factor synapses whose target also spiked record eligibility P[T-1-t] (§5.2)
 *   5 UPDATE   every compartment reads A(t) = sat(slot t) once, clears it, updates (§3.2, §3.3)
 *   6 BARRIER  cycle/energy accounting closes the step
 * and, after step T-1 in training mode with a label, the learning epoch (§5, learning.ts).
 *
 * All state is typed arrays allocated at load; the step loop allocates nothing. Work per step is
 * O(compartments) for the update plus O(spikes x fan-out) for routing and delivery.
 */
import { diag, DiagnosticError, type Diagnostic, type RunnerCounters, type SampleRunner } from '@snnc/common';
import { encodeImage, readHeader, type ChipImage } from '@snnc/image';
import { CostCounter, OP_CROSS, OP_EW, OP_INTILE, OP_NS, OP_UPD, PH_LEARN } from './cost.js';
import { Delivery, SRC_STRIDE, S_CH0, S_CH1, S_CORE, S_CROSS, S_EW, S_INTILE, S_LATENCY, S_LK0, S_LK1, S_NS, S_PL0, S_PL1, S_ROUTES, S_RUN0, S_RUN1 } from './delivery.js';
import { eligibilityKernel } from './fixed.js';
import { applyWeightUpdates, ManagementCore } from './learning.js';
import { KIND_STATIC, KIND_THREE_FACTOR, Machine } from './machine.js';
import { Noc } from './noc.js';
import { restoreState, saveState } from './snapshot.js';
import { collectStats, resetStats } from './stats.js';
import { deliverF64, deliverI32, deliverLiveF64, deliverLiveI32, Pipeline } from './step.js';
import type { EmulatorHooks, EmulatorStats, RunOptions, SampleResult, StepView } from './types.js';

/** Longest sample the emulator runs (keeps eligibility sums within 32 bits: 4096 * 2^19). */
export const MAX_SAMPLE_STEPS = 1 << 19;

export class Emulator implements SampleRunner {
  readonly image: ChipImage;
  readonly mach: Machine;
  readonly cost: CostCounter;
  readonly noc: Noc;
  readonly mgmt: ManagementCore;
  /** raster columns = host ports, in image order (input populations in order, neurons in order) */
  readonly inputSize: number;
  readonly classes: number;
  readonly timesteps: number;
  /** learning epochs applied so far (the §1.4 key) */
  epoch = 0;
  samples = 0;
  /** SampleRunner's mode: runSample without `opts.learning` trains when on */
  private learningMode = false;

  // per-step and per-sample working state
  readonly delivery: Delivery;
  readonly pipe: Pipeline;
  private readonly vBits: number;
  private readonly cBits: number;
  readonly spikeCount: Int32Array; // spikes per compartment in this sample
  readonly elig: Int32Array; // per plastic id (§5.2)
  readonly x: Int32Array; // per input axon: presynaptic count of the sample (§5.7)
  private readonly eligTouched: Int32Array;
  private nEligTouched = 0;
  private readonly axonTouched: Int32Array;
  private nAxonTouched = 0;
  private readonly kernel: Float64Array;
  private readonly result: SampleResult;
  private readonly view: StepView;
  /** synaptic updates per core in the learning epoch (charged once per core) */
  private readonly learnCount: Float64Array;
  /** counters since load */
  spikes = 0;
  inputSpikes = 0;
  messages = 0;
  hostMessages = 0;
  eligibilityEvents = 0;
  weightUpdates = 0;
  managementOps = 0;
  maxLinkLoad = 0;
  sumMaxLinkLoad = 0;

  /** Use loadImage() or createEmulator(): they validate the image first. */
  constructor(image: ChipImage) {
    this.image = image;
    const mach = (this.mach = new Machine(image));
    this.cost = new CostCounter(image);
    this.noc = new Noc(image);
    this.mgmt = new ManagementCore(image);
    this.inputSize = mach.nPorts;
    this.classes = image.management.classes;
    this.timesteps = image.timesteps;
    this.vBits = image.formats.voltageBits;
    this.cBits = image.formats.currentBits;
    const c = this.cost.cyc;
    this.delivery = new Delivery(mach, this.noc, { inTile: c[OP_INTILE], ew: c[OP_EW], ns: c[OP_NS], cross: c[OP_CROSS] });
    this.pipe = new Pipeline(mach, this.delivery.depth, this.delivery.narrow);
    this.spikeCount = new Int32Array(mach.nComp);
    this.elig = new Int32Array(mach.nPlastic);
    this.x = new Int32Array(mach.nAxons);
    this.learnCount = new Float64Array(mach.nCores);
    this.eligTouched = new Int32Array(mach.nPlastic);
    this.axonTouched = new Int32Array(mach.nAxons);
    this.kernel = eligibilityKernel(image.management.learning?.decayE ?? 0, image.timesteps);
    this.result = { counts: this.mgmt.counts, predicted: -1, steps: 0, spikes: 0, cycles: 0, energyPJ: 0 };
    const N = mach.neuronComp.length;
    this.view = {
      t: 0, spikes: new Uint8Array(N), v: new Int32Array(N), vth: new Int32Array(N), sbar: new Int32Array(N), u: new Int32Array(N),
      cycles: 0, criticalCore: -1, maxLinkLoad: 0, energyPJ: 0,
    };
  }

  /** Why runSample would refuse these arguments (empty when it would run). */
  checkSample(raster: Uint8Array, label?: number, opts: RunOptions = {}): Diagnostic[] {
    const out: Diagnostic[] = [];
    const nIn = this.inputSize;
    const T = this.stepsOf(raster, opts);
    if (!(raster instanceof Uint8Array)) out.push(diag('SNNC4201', 'input raster must be a Uint8Array'));
    else if (nIn > 0 && raster.length % nIn !== 0) {
      out.push(diag('SNNC4201', 'input raster is not a whole number of steps', { expected: `T x ${nIn} entries`, found: `${raster.length}` }));
    } else if (T !== this.timesteps) {
      // §5.2: every sample is T steps long; another length is refused, never run with a new kernel
      out.push(diag('SNNC4201', 'sample length differs from the image\'s timesteps (docs/semantics.md §5.2)', {
        expected: `${this.timesteps} steps${nIn > 0 ? ` (${this.timesteps} x ${nIn} raster entries)` : ''}`,
        found: `${T} steps`,
        fix: 'present whole samples of the image\'s timesteps',
      }));
    } else if (!(T >= 1 && T <= MAX_SAMPLE_STEPS)) {
      out.push(diag('SNNC4201', 'sample length out of range', { expected: `1..${MAX_SAMPLE_STEPS} steps`, found: String(T) }));
    }
    if (label !== undefined && !(Number.isInteger(label) && label >= 0 && label < this.classes)) {
      out.push(diag('SNNC4202', 'label is not a class of this image', { expected: `0..${this.classes - 1}`, found: String(label) }));
    }
    if ((opts.learning ?? this.learningMode) && label !== undefined && !this.image.management.learning) {
      out.push(diag('SNNC4203', 'this image has no learning program (compiled without plasticity)', { fix: 'run without --train' }));
    }
    return out;
  }

  private stepsOf(raster: Uint8Array, opts: RunOptions): number {
    return this.inputSize > 0 ? raster.length / this.inputSize : (opts.steps ?? this.timesteps);
  }

  /**
   * Presents one sample (§3.4): T = raster.length / inputSize steps (row-major, step-major), then in
   * training mode with a label the learning epoch (§5). Returns a reused result object.
   * Throws DiagnosticError (SNNC42xx) on arguments checkSample refuses.
   */
  runSample(raster: Uint8Array, label?: number, opts: RunOptions = {}): SampleResult {
    const bad = this.checkSample(raster, label, opts);
    if (bad.length) throw new DiagnosticError(bad);
    const T = this.stepsOf(raster, opts);
    const training = (opts.learning ?? this.learningMode) === true;
    const c0 = this.cost.totalCycles, e0 = this.cost.energyPJ, s0 = this.spikes;
    this.resetSample(training, opts.sweepAll === true);
    for (let t = 0; t < T; t++) this.step(raster, t, T, training, opts.hooks);
    this.mgmt.readCounts(this.mach, this.spikeCount);
    const r = this.result;
    r.predicted = argmaxLowest(this.mgmt.counts);
    if (training && label !== undefined && this.mgmt.program) this.learningEpoch(label, opts.hooks);
    this.samples++;
    r.steps = T;
    r.spikes = this.spikes - s0;
    r.cycles = this.cost.totalCycles - c0;
    r.energyPJ = this.cost.energyPJ - e0;
    return r;
  }

  /** §3.4: transient state cleared at the start of every sample; vth, sbar, weights, m persist. */
  private resetSample(training: boolean, sweepAll: boolean): void {
    const m = this.mach;
    m.v.fill(0);
    m.u.fill(0);
    m.pending.fill(0);
    m.ref.fill(0);
    this.spikeCount.fill(0);
    for (let k = 0; k < this.nEligTouched; k++) this.elig[this.eligTouched[k]] = 0;
    this.nEligTouched = 0;
    for (let k = 0; k < this.nAxonTouched; k++) this.x[this.axonTouched[k]] = 0;
    this.nAxonTouched = 0;
    this.pipe.reset(training, sweepAll);
  }

  private step(raster: Uint8Array, t: number, T: number, training: boolean, hooks: EmulatorHooks | undefined): void {
    const pipe = this.pipe;
    const cost = this.cost;
    const noc = this.noc;
    // 1 EMIT, 2 COUNT (every compartment's count; readout z is read from it at the sample's end)
    pipe.emit(raster, t * this.mach.nPorts, this.spikeCount);
    const ns = pipe.nSpiking, nc = pipe.nCompSpiking;
    this.spikes += nc;
    this.inputSpikes += ns - nc;
    // 3 ROUTE and 4 DELIVER, source by source (§2.3: the order of additions is free)
    const D = this.delivery;
    const { src: S, lk, ch, runDelay, runSyn, dTarget, dWeightI, dWeightF, plAxon } = D;
    const { coreMsgs, coreSyn } = cost;
    const list = pipe.spikeList;
    const depth = D.depth, nComp = pipe.nComp, words = pipe.words, narrow = D.narrow;
    const { accI, accF, dirty } = pipe;
    const pval = this.kernel[T - 1 - t];
    let msgs = 0, host = 0, inTile = 0, ew = 0, nsHops = 0, cross = 0, latency = 0;
    for (let k = 0; k < ns; k++) {
      const o = list[k] * SRC_STRIDE;
      const sc = S[o + S_CORE];
      const routes = S[o + S_ROUTES];
      msgs += routes;
      if (sc >= 0) coreMsgs[sc] += routes;
      else host += routes;
      inTile += S[o + S_INTILE];
      ew += S[o + S_EW];
      nsHops += S[o + S_NS];
      cross += S[o + S_CROSS];
      if (S[o + S_LATENCY] > latency) latency = S[o + S_LATENCY];
      noc.add(lk, S[o + S_LK0], S[o + S_LK1]);
      for (let c = S[o + S_CH0], c1 = S[o + S_CH1]; c < c1; c += 2) coreSyn[ch[c]] += ch[c + 1];
      for (let r = S[o + S_RUN0], r1 = S[o + S_RUN1]; r < r1; r++) {
        const slot = (t + runDelay[r]) % depth;
        if (narrow) deliverI32(accI, dTarget, dWeightI, runSyn[r], runSyn[r + 1], slot * nComp, dirty, slot * words);
        else deliverF64(accF, dTarget, dWeightF, runSyn[r], runSyn[r + 1], slot * nComp, dirty, slot * words);
      }
      for (let p = S[o + S_PL0], p1 = S[o + S_PL1]; p < p1; p++) this.deliverPlastic(plAxon[p], t, pval, training);
    }
    this.messages += msgs;
    this.hostMessages += host;
    const ops = cost.stepOps;
    ops[OP_INTILE] += inTile;
    ops[OP_EW] += ew;
    ops[OP_NS] += nsHops;
    ops[OP_CROSS] += cross;
    if (latency > cost.stepLatency) cost.stepLatency = latency;
    // 5 UPDATE (§3.2, §3.3)
    pipe.update(t, training, this.vBits, this.cBits, cost.coreActive);
    // 6 BARRIER
    cost.fold();
    const load = noc.maxLoad;
    if (load > this.maxLinkLoad) this.maxLinkLoad = load;
    this.sumMaxLinkLoad += load;
    cost.endStep(load);
    noc.endStep();
    if (hooks?.onStep) this.emitView(raster, t, load, hooks);
  }

  /**
   * The plastic blocks of one routed axon, from the live weights (§2.2, §2.3), with eligibility
   * events for three-factor synapses whose target spiked too (§3.1.3, §5.2; training mode only:
   * in inference nothing of §5 runs, so the engine records nothing and costs nothing), and the
   * delta rule's presynaptic count x_j (§5.7). Static blocks of the axon went through the runs.
   */
  private deliverPlastic(ax: number, t: number, pval: number, training: boolean): void {
    const M = this.mach;
    const { axonBlockStart, axonHasDelta, blkSynStart, blkDelay, blkScale, blkShift, blkDown, blkKind, synTarget, synW, synPlastic } = M;
    const pipe = this.pipe;
    const { spike, accI, accF, dirty, depth, nComp, words, narrow } = pipe;
    const elig = this.elig, touched = this.eligTouched;
    if (axonHasDelta[ax] && this.x[ax]++ === 0) this.axonTouched[this.nAxonTouched++] = ax;
    for (let b = axonBlockStart[ax]; b < axonBlockStart[ax + 1]; b++) {
      if (blkKind[b] === KIND_STATIC) continue;
      const slot = (t + blkDelay[b]) % depth;
      const s0 = blkSynStart[b], s1 = blkSynStart[b + 1];
      if (narrow) deliverLiveI32(accI, synTarget, synW, blkShift[b], blkDown[b], s0, s1, slot * nComp, dirty, slot * words);
      else deliverLiveF64(accF, synTarget, synW, blkScale[b], blkDown[b], s0, s1, slot * nComp, dirty, slot * words);
      if (training && blkKind[b] === KIND_THREE_FACTOR) {
        let events = 0, nt = this.nEligTouched;
        for (let s = s0; s < s1; s++) {
          const p = synPlastic[s];
          if (p < 0 || spike[synTarget[s]] === 0) continue;
          events++;
          if (pval !== 0) {
            if (elig[p] === 0) touched[nt++] = p;
            elig[p] += pval;
          }
        }
        this.nEligTouched = nt;
        if (events) this.cost.charge(M.axonCore[ax], PH_LEARN, OP_UPD, events);
        this.eligibilityEvents += events;
      }
    }
  }

  private emitView(raster: Uint8Array, t: number, load: number, hooks: EmulatorHooks): void {
    const V = this.view;
    const M = this.mach;
    const map = M.neuronComp;
    const row = t * M.nPorts;
    for (let n = 0; n < map.length; n++) {
      const g = map[n];
      if (g >= 0) {
        V.spikes[n] = this.pipe.spike[g];
        V.v[n] = M.v[g];
        V.vth[n] = M.vth[g];
        V.sbar[n] = M.sbar[g];
        V.u[n] = M.u[g];
      } else {
        V.spikes[n] = raster[row - g - 1] ? 1 : 0;
      }
    }
    V.t = t;
    V.cycles = this.cost.lastStepCycles;
    V.criticalCore = this.cost.lastCritical >= 0 ? M.coreId[this.cost.lastCritical] : -1;
    V.maxLinkLoad = load;
    V.energyPJ = this.cost.lastStepEnergy;
    hooks.onStep!(V);
  }

  // ------------------------------------------------------------------ probes and state access

  /** Probe coordinates: population p's neuron n is network-global neuron offset[p] + n. */
  get populations(): ReadonlyArray<{ name: string; size: number; input: boolean }> {
    return this.image.populations;
  }
  get offset(): Int32Array {
    return this.mach.popOffset;
  }

  /** Weights of plastic projection p in canonical (pre, post) order (§1.4); null if p has no plastic synapses. */
  weights(p: number): Int16Array | null {
    const ids = this.mach.plasticOf.get(p);
    if (!ids) return null;
    const out = new Int16Array(ids.length);
    for (let s = 0; s < ids.length; s++) out[s] = this.mach.synW[this.mach.plSyn[ids[s]]];
    return out;
  }

  /** Eligibility e_ij (§5.2) of three-factor projection p in canonical order, valid until the next sample. */
  eligibility(p: number): Int32Array | null {
    const ids = this.mach.plasticOf.get(p);
    const rule = this.image.management.learning?.plastic.find((q) => q.projection === p)?.rule;
    if (!ids || rule !== 'threeFactor') return null;
    const out = new Int32Array(ids.length);
    for (let s = 0; s < ids.length; s++) out[s] = this.elig[ids[s]];
    return out;
  }

  /** Modulatory states m (§5.4) of every block, in image order (live arrays). */
  modulatoryState(): Int32Array[] {
    return this.mgmt.blocks.map((b) => b.state);
  }

  /** Learning signals L_i (§5.5) of the last epoch, per block (live arrays). */
  learningSignals(): Int32Array[] {
    return this.mgmt.blocks.map((b) => b.L);
  }

  /** SampleRunner: training mode (homeostasis §3.2 + learning epoch §5 when labelled) or inference. */
  setLearning(on: boolean): void {
    this.learningMode = on;
  }

  /** SampleRunner's counters, read from the statistics. */
  get counters(): RunnerCounters {
    const s = this.stats();
    return { samples: s.samples, steps: s.steps, synapticEvents: s.ops.synapticOps };
  }

  stats(): EmulatorStats {
    return collectStats(this);
  }

  /** u wraps per population (image order, §1.2) since load or resetStats */
  overflowWraps(): number[] {
    return this.image.populations.map((_, p) => this.mach.ovf[2 * p]);
  }

  /** v saturations per population (image order, §1.2) since load or resetStats */
  overflowSaturations(): number[] {
    return this.image.populations.map((_, p) => this.mach.ovf[2 * p + 1]);
  }

  resetStats(): void {
    resetStats(this);
  }

  /** CRC-32 of the image payload: what snapshots are bound to (set by loadImage, else computed). */
  get imageCrc(): number {
    if (this.crc === undefined) {
      const bytes = encodeImage(this.image);
      this.crc = readHeader(bytes).header!.payloadCrc;
    }
    return this.crc;
  }
  set imageCrc(x: number) {
    this.crc = x;
  }
  private crc: number | undefined;

  /** A versioned snapshot of the state that persists across samples (snapshot.ts). */
  saveState(): Uint8Array {
    return saveState(this, this.imageCrc);
  }

  /** Restores a snapshot of this image; on refusal the state is unchanged. */
  restoreState(bytes: Uint8Array): Diagnostic[] {
    return restoreState(this, bytes, this.imageCrc);
  }

  /** §5.8: teaching signal, all modulatory blocks, then all weight updates; epoch += 1. */
  private learningEpoch(label: number, hooks: EmulatorHooks | undefined): void {
    const mg = this.mgmt;
    mg.teach(label);
    mg.modulate();
    this.managementOps += mg.ops;
    this.cost.chargeManagement(mg.ops, mg.broadcastWords);
    this.weightUpdates += applyWeightUpdates(
      this.mach, mg, this.epoch, this.elig, this.eligTouched, this.nEligTouched, this.x, this.axonTouched, this.nAxonTouched, this.learnCount,
    );
    const lc = this.learnCount;
    for (let c = 0; c < lc.length; c++) {
      if (lc[c] !== 0) this.cost.charge(c, PH_LEARN, OP_UPD, lc[c]);
      lc[c] = 0;
    }
    this.cost.endStep(0, true);
    hooks?.onEpoch?.({ epoch: this.epoch, label, counts: mg.counts, delta: mg.delta, margin: mg.margin });
    this.epoch += 1;
  }
}

function argmaxLowest(z: Int32Array): number {
  let best = -1;
  for (let c = 0; c < z.length; c++) if (best < 0 || z[c] > z[best]) best = c;
  return best;
}
