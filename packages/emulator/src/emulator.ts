/**
 * The chip emulator: executes a chip image's per-core programs one timestep at a time in the
 * phase order of docs/semantics.md §3.1 (docs/emulator.md, "Phase order"):
 *
 *   1 EMIT     every compartment decides S(t) from its state (§3.2, §3.3); host ports read the raster
 *   2 COUNT    spike counts per compartment (readout z, §3.1 phase 2) and, on delivery, per input axon (x_j)
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
import { collectGarbage } from './collect.js';
import { diag, DiagnosticError, type Diagnostic, type RunnerCounters, type SampleRunner } from '@snnc/common';
import { encodeImage, readHeader, type ChipImage, type SynapseStream } from '@snnc/image';
import { CostCounter, OP_UPD, PH_LEARN } from './cost.js';
import { wholeScope, type Delivery } from './delivery.js';
import { eligibilityKernel } from './fixed.js';
import { applyWeightUpdates, ManagementCore } from './learning.js';
import { SalEngine } from './sal.js';
import { KIND_DELTA, Machine } from './machine.js';
import { Share } from './share.js';
import { restoreState, saveState } from './snapshot.js';
import { budgetRefusal } from './budget.js';
import { collectStats, resetStats } from './stats.js';
import type { Pipeline } from './step.js';
import { startThreads, type ThreadPool } from './threads/pool.js';
import { PROGRESS_STEPS, type EmulatorHooks, type EmulatorStats, type RunOptions, type SampleResult, type StepView } from './types.js';

/** How an emulator is built (createEmulator, Emulator constructor). */
export interface EmulatorOptions {
  releaseSynapses?: boolean;
  threads?: number;
  synapses?: SynapseStream;
  /** bytes the emulator's product-sized tables may take (budget.ts; default 90% of the machine's memory) */
  memoryLimitBytes?: number;
}

/** Longest sample the emulator runs (keeps eligibility sums within 32 bits: 4096 * 2^19). */
export const MAX_SAMPLE_STEPS = 1 << 19;

export class Emulator implements SampleRunner {
  readonly image: ChipImage;
  readonly mach: Machine;
  readonly cost: CostCounter;
  readonly mgmt: ManagementCore;
  /** §5.10 plastic decoders (null when every pathway is fixed) */
  readonly sal: SalEngine | null;
  /** raster columns = host ports, in image order (input populations in order, neurons in order) */
  readonly inputSize: number;
  readonly classes: number;
  readonly timesteps: number;
  /** learning epochs applied so far (the §1.4 key) */
  epoch = 0;
  samples = 0;
  /** §5.11: the image's rule mantissas, kept on the first setRateShift */
  private ruleMant0: Float64Array | null = null;
  /** §5.11: the host's homeostasis hold, from the next sample on (setRateShift) */
  private homeostasisHold = false;
  /** SampleRunner's mode: runSample without `opts.learning` trains when on */
  private learningMode = false;

  // per-step and per-sample working state
  /** the share of every core (one thread), or the main thread's share under threads (assigned by the constructor or the pool) */
  share!: Share;
  /** worker threads, each running one share of the cores (threads/; null: one thread) */
  private pool: ThreadPool | null = null;
  readonly vBits: number;
  readonly cBits: number;
  spikeCount: Int32Array; // spikes per compartment in this sample
  elig: Int32Array; // per plastic id (§5.2)
  x: Int32Array; // per input axon: presynaptic count of the sample (§5.7)
  /** under threads: every share's touched plastic ids and axons of the sample, in share order */
  private eligTouched!: Int32Array;
  private nEligTouched = 0;
  private axonTouched!: Int32Array;
  private nAxonTouched = 0;
  readonly kernel: Float64Array;
  /** §5.2 causal pairing (the image's management.learning.eligibility = 1) */
  readonly causal: boolean;
  private readonly result: SampleResult;
  private readonly view: StepView;
  /** synaptic updates per core in the learning epoch (charged once per core) */
  private readonly learnCount: Float64Array;
  /** one thread: the one share's spike list and its length, as deliver() takes them */
  private readonly lists: Int32Array[] = [new Int32Array(0)];
  private readonly counts = new Int32Array(1);
  /** the last step's largest link load (for the per-step view) */
  private lastLoad = 0;
  /** counters since load */
  spikes = 0;
  inputSpikes = 0;
  messages = 0;
  hostMessages = 0;
  eligibilityEvents = 0;
  weightUpdates = 0;
  /** decoder entries changed by SAL (§5.10) */
  feedbackUpdates = 0;
  managementOps = 0;
  maxLinkLoad = 0;
  sumMaxLinkLoad = 0;

  /**
   * Use loadImage() or createEmulator(): they validate the image first. `releaseSynapses`: as
   * Machine reads each core, empty that core's synapse memory in `image` (the caller gives
   * it up: the wire's block records are ~40 of the ~60 image bytes per synapse, and would sit under
   * the load-time peak next to Machine and Delivery; docs/benchmarks.md "Emulation memory"). The
   * payload CRC that snapshots are bound to then needs `imageCrc` set (loadImage does) or is
   * refused (SNNC4216).
   *
   * `threads` > 1: runs on that many threads from the start (startThreads), with the machine's
   * tables allocated shared and no one-thread delivery tables built first: starting threads later
   * copies the tables and builds every share's delivery tables next to the one-thread ones (the
   * peak memory of `--threads 2`, docs/benchmarks.md "Emulation memory"). Throws DiagnosticError
   * where startThreads would refuse (createEmulator returns those diagnostics).
   *
   * `synapses`: the image's cores hold no synapse memory; it comes from this stream core by core
   * (Machine), as the code generator writes it (compileNetwork with `stream`; createEmulator
   * validates it on the way). Like releaseSynapses, the image checksum is then unknown (SNNC4216).
   */
  constructor(image: ChipImage, opts: EmulatorOptions = {}) {
    this.image = image;
    const threads = opts.threads ?? 1;
    const mach = (this.mach = new Machine(image, opts.releaseSynapses === true, threads > 1, opts.synapses));
    // Machine grows with what the image holds; what grows with a product of its fields is checked before it exists
    const tooBig = budgetRefusal(image, mach, opts.memoryLimitBytes);
    if (tooBig.length) throw new DiagnosticError(tooBig);
    this.released = opts.releaseSynapses === true || opts.synapses !== undefined;
    this.streamed = opts.synapses !== undefined;
    // the stream has let go of the network: return it before the delivery tables are allocated (collect.ts)
    if (this.streamed) collectGarbage();
    this.cost = new CostCounter(image);
    this.mgmt = new ManagementCore(image);
    const sal = new SalEngine(image, this.mgmt);
    this.sal = sal.active ? sal : null;
    this.inputSize = mach.nPorts;
    this.classes = image.management.classes;
    this.timesteps = image.timesteps;
    this.vBits = image.formats.voltageBits;
    this.cBits = image.formats.currentBits;
    this.spikeCount = new Int32Array(mach.nComp);
    this.elig = new Int32Array(mach.nPlastic);
    this.x = new Int32Array(mach.hasDelta ? mach.nAxons : 0);
    this.learnCount = new Float64Array(mach.nCores);
    this.kernel = eligibilityKernel(image.management.learning?.decayE ?? 0, image.timesteps);
    this.causal = image.management.learning?.eligibility === 1;
    this.result = { counts: this.mgmt.counts, predicted: -1, steps: 0, spikes: 0, cycles: 0, energyPJ: 0 };
    const N = mach.neuronComp.length;
    this.view = {
      t: 0, spikes: new Uint8Array(N), v: new Int32Array(N), vth: new Int32Array(N), sbar: new Int32Array(N), u: new Int32Array(N),
      cycles: 0, criticalCore: -1, maxLinkLoad: 0, energyPJ: 0,
    };
    if (threads === 1) this.oneThread();
    else {
      const refused = this.startThreads(threads);
      if (refused.length) throw new DiagnosticError(refused);
    }
  }

  /** The share of every core, run on this thread. */
  private oneThread(): void {
    this.share = new Share(this.mach, this.cost, this.image.mesh, wholeScope(this.mach), this.kernel, this.vBits, this.cBits, { spikeCount: this.spikeCount, elig: this.elig, x: this.x }, this.causal);
    this.eligTouched = this.share.eligTouched;
    this.axonTouched = this.share.axonTouched;
  }

  /** The delivery tables of the main thread's share (all of them on one thread). */
  get delivery(): Delivery {
    return this.share.delivery;
  }

  /** The pipeline of the main thread's share; its `spike` covers every compartment. */
  get pipe(): Pipeline {
    return this.share.pipe;
  }

  /**
   * Runs the emulator on `n` threads from now on (docs/emulator.md, "Threads"): the cores are
   * split into n contiguous shares balanced by synapse count, the state moves to
   * SharedArrayBuffers, and n - 1 worker threads start (the calling thread runs the first share).
   * Results are the same bytes as on one thread. Refused (SNNC4221) unless n is a whole number from
   * 1 to the number of cores; n = 1 keeps one thread. Call close() to stop the workers.
   */
  startThreads(n: number): Diagnostic[] {
    if (this.pool) return [diag('SNNC4221', 'threads were already started for this emulator', { pointer: '/threads', found: String(this.pool.n), fix: 'call close() first' })];
    const nCores = this.mach.nCores;
    if (!(Number.isInteger(n) && n >= 1 && n <= Math.max(1, nCores))) {
      return [diag('SNNC4221', 'threads must be a whole number from 1 to the image\'s cores', {
        pointer: '/threads', expected: `an integer in [1, ${Math.max(1, nCores)}] (one share of cores per thread)`, found: String(n),
        fix: n > nCores ? `use at most ${nCores} threads` : 'use --threads 1 or more',
      })];
    }
    if (n === 1) return [];
    if (this.sal) return [diag('SNNC4222', 'an image with SAL feedback (docs/semantics.md §5.10) runs on one thread', { pointer: '/threads', expected: '1', found: String(n), fix: 'use --threads 1' })];
    this.pool = startThreads(this, n);
    return [];
  }

  /** Threads running this emulator (1 when on one thread). */
  get threads(): number {
    return this.pool?.n ?? 1;
  }

  /** Stops and terminates the worker threads (if any); with threads, the emulator cannot run after this. */
  close(): void {
    this.pool?.close();
  }

  /** Installs the threads' shares and arrays (threads/pool.ts). */
  adoptShares(share: Share, arrays: { spikeCount: Int32Array; elig: Int32Array; x: Int32Array }, eligTouched: Int32Array, axonTouched: Int32Array): void {
    this.share = share;
    this.spikeCount = arrays.spikeCount;
    this.elig = arrays.elig;
    this.x = arrays.x;
    this.eligTouched = eligTouched;
    this.axonTouched = axonTouched;
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
      // about the image, so located in it (the CLI names the file of a pointer-located diagnostic)
      out.push(diag('SNNC4203', 'this image has no learning program (compiled without plasticity)', { pointer: '/management/learning', expected: 'an image compiled from a network with plastic projections', fix: 'run without --train' }));
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
    if (this.pool) {
      this.pool.run(raster, T, training, this.homeostasisHold, opts.sweepAll === true, opts.hooks, opts.onProgress);
      this.nEligTouched = this.pool.mergeTouched(this.eligTouched, this.axonTouched);
      this.nAxonTouched = this.pool.nAxonTouched;
    } else {
      this.share.reset(training, opts.sweepAll === true);
      const salOn = training && label !== undefined && this.sal !== null;
      if (salOn) this.sal!.resetSample();
      const told = opts.onProgress;
      for (let t = 0; t < T; t++) {
        this.step(raster, t, T, training, opts.hooks, salOn);
        if (told && (t + 1) % PROGRESS_STEPS === 0) told(t + 1, T);
      }
      this.nEligTouched = this.share.nEligTouched;
      this.nAxonTouched = this.share.nAxonTouched;
    }
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

  /** One step on one thread: the phases of the one share, then the barrier (share.ts). */
  private step(raster: Uint8Array, t: number, T: number, training: boolean, hooks: EmulatorHooks | undefined, salOn = false): void {
    const sh = this.share;
    sh.emit(t);
    if (salOn) this.sal!.record(this.mach, t, sh.pipe.spikeList, sh.pipe.nCompSpiking); // §5.10 record
    this.lists[0] = sh.pipe.spikeList;
    this.counts[0] = sh.pipe.nCompSpiking;
    sh.deliver(t, T, training, raster, this.lists, this.counts);
    sh.update(t, training, this.homeostasisHold);
    sh.close();
    this.closeStep(sh.cost.busiest, sh.cost.busiestCore, sh.noc.maxLoad, sh);
    sh.endStep();
    if (hooks?.onStep) this.emitView(raster, t, hooks);
  }

  /**
   * The step's half of the barrier (§3.1 phase 6) from the shares' counts (one share here; threads/
   * sums every share's into cost.stepOps first): cycles, energy, link load, counters.
   */
  closeStep(busiest: number, busiestCore: number, load: number, counts: Pick<Share, 'spikes' | 'inputSpikes' | 'messages' | 'hostMessages' | 'eligibilityEvents'>): void {
    this.spikes += counts.spikes;
    this.inputSpikes += counts.inputSpikes;
    this.messages += counts.messages;
    this.hostMessages += counts.hostMessages;
    this.eligibilityEvents += counts.eligibilityEvents;
    if (load > this.maxLinkLoad) this.maxLinkLoad = load;
    this.sumMaxLinkLoad += load;
    this.cost.closeStep(busiest, busiestCore, load);
    this.lastLoad = load;
  }

  /** Per-step hook view of step t (after the step's barrier). */
  emitView(raster: Uint8Array, t: number, hooks: EmulatorHooks): void {
    const load = this.lastLoad;
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

  /** §5.10 decoders Wmh of every block, in image order (live arrays; a fixed block's is the image's). */
  decoders(): Int8Array[] {
    return this.mgmt.blocks.map((b) => b.Wmh);
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

  /**
   * §5.11: the host rewrites every delta (readout) rule's mantissa to learnMant >> a and every
   * three-factor (hidden) rule's to learnMant >> h before the next sample (the image's values at
   * 0; h = a when not given), and the readout decay's exponent to k + a. Under threads the rule
   * table is shared memory, written here between samples while every thread waits at the barrier.
   * hold: the host's homeostasis hold (false when not given): §3.2's sbar and vth stay as in
   * inference while training (on a chip each core's homeostasis rate register written to 0 and
   * back); it reaches every share with the next sample's run flags.
   */
  setRateShift(a: number, h: number = a, hold = false): void {
    if (!Number.isInteger(a) || a < 0 || a > 30) throw new RangeError(`rate shift ${a}: expected an integer in 0..30`);
    if (!Number.isInteger(h) || h < 0 || h > 30) throw new RangeError(`hidden rate shift ${h}: expected an integer in 0..30`);
    const k = this.mgmt.program?.readoutDecayShift ?? 0;
    for (let r = 0; r < this.mach.ruleShift.length; r++)
      if (k > 0 && this.mach.ruleKind[r] === KIND_DELTA && k + a > this.mach.ruleShift[r]) throw new RangeError(`rate shift ${a}: the readout decay 2^-${k} allows at most ${this.mach.ruleShift[r] - k}`);
    const mant = this.mach.ruleMant;
    const base = (this.ruleMant0 ??= Float64Array.from(mant));
    const kind = this.mach.ruleKind;
    for (let r = 0; r < mant.length; r++) mant[r] = Math.floor(base[r] / 2 ** (kind[r] === KIND_DELTA ? a : h));
    this.mgmt.rateShift = a;
    this.homeostasisHold = hold;
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
    if (this.crc === undefined && this.released) {
      throw new DiagnosticError([diag('SNNC4216', 'the image\'s synapse memory was released or streamed at load, so its checksum cannot be computed for a snapshot', {
        pointer: '/image', expected: 'an emulator loaded from image bytes (loadImage), or created from a whole image without releaseSynapses',
        found: this.streamed ? 'createEmulator(image, { synapses }) (streamed from the code generator)' : 'createEmulator(image, { releaseSynapses: true })',
        fix: 'load the image file (snnc emulate image.snnc) or create the emulator from the whole image without releaseSynapses',
      })]);
    }
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
  /** the image's synapse memory was emptied after load or never held (constructor, releaseSynapses, synapses) */
  private released = false;
  /** the synapse memory came from a SynapseStream (constructor, synapses) */
  private streamed = false;

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
    if (this.sal) {
      // §5.10 after the weight updates; its work is the management core's
      this.feedbackUpdates += this.sal.update(mg.program!.roundingSeed, this.epoch);
      this.managementOps += this.sal.ops;
      this.cost.chargeManagement(this.sal.ops, this.sal.words);
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
