import { DiagnosticError, hasErrors, overflowRecords, type PopulationOverflow } from '@snnc/common';
import type { CubaParams, LoweredNetwork, SrlifParams } from '@snnc/ir';
import { eligibilityTable, weightBounds } from './fixed.js';
import { referenceBudget } from './budget.js';
import { CausalHistory } from './causal.js';
import { deliver, deliverGraded, deliverRecording, recordCausal, recorded } from './deliver.js';
import { updateCuba, updateSrlif } from './neurons.js';
import {
  argmax,
  createBlock,
  deltaRuleUpdate,
  modulate,
  regulateRate,
  spreadDelta,
  teachingSignal,
  threeFactorUpdate,
  type BlockState,
  type ModulationMode,
} from './learning.js';
import { checkNetwork, inputOffsets, inputSize, isInputPopulation, populationOffsets, readoutIndex } from '@snnc/ir';
import { buildIndex, type ProjectionIndex } from './topology.js';
import { SalLearning } from './sal.js';
import { classScores } from './score.js';
import type { SampleRunner } from '@snnc/common';
import type { Counters, SampleHooks, SampleResult, SimulatorOptions, SimulatorSnapshot, StepView } from './types.js';

/**
 * The golden model: a network-level simulator of a LoweredNetwork that follows docs/semantics.md
 * literally (§ numbers in comments). Populations and projections, no cores. All state lives in
 * typed arrays allocated once; a timestep allocates nothing.
 *
 * Global neuron numbering: populations in order, `offset[p] + n`. An input raster is T x Nin
 * (row-major, step-major) where the input populations are concatenated in population order.
 */

export type { SimulatorOptions, StepView, EpochView, SampleHooks, SampleResult, SimulatorSnapshot, Counters } from './types.js';

const KIND_INPUT = 0;
const KIND_SRLIF = 1;
const KIND_CUBA = 2;

export class ReferenceSimulator implements SampleRunner {
  readonly network: LoweredNetwork;
  readonly totalNeurons: number;
  readonly inputSize: number;
  readonly offset: Int32Array;
  readonly classes: number;
  readonly timesteps: number;
  readonly counters: Counters = { samples: 0, steps: 0, synapticEvents: 0, eligibilityEvents: 0, weightUpdates: 0, feedbackUpdates: 0 };
  learning: boolean;
  hiddenPlasticity: boolean;
  modulation: ModulationMode;
  directShift: number;
  epoch = 0;
  /** §5.11: the host's readout rate shift (learnMant >> rateShift in §5.7, decay k + rateShift); 0 = the lowered rates */
  rateShift = 0;
  /** §5.11: the host's hidden rate shift (learnMant >> hiddenRateShift in §5.6); equals rateShift unless set apart */
  hiddenRateShift = 0;
  /** §5.11: the host's homeostasis hold; true: §3.2's sbar and vth stay as in inference while training */
  homeostasisHold = false;

  // neuron state (§3.2, §3.3), global numbering
  readonly v: Int32Array;
  readonly vth: Int32Array;
  readonly sbar: Int32Array;
  readonly u: Int32Array;
  readonly ref: Int32Array;
  readonly pending: Uint8Array;
  readonly spikes: Uint8Array;
  /** x_j presynaptic counts (§3.1 phase 2), all neurons */
  readonly x: Int32Array;
  /** L_i (§5.5) of the last epoch, 0 outside modulatory blocks */
  readonly L: Int32Array;
  /** per population p: wraps of u at [2p], saturations of v at [2p + 1] (§1.2), since construction or resetOverflow */
  readonly overflowCounts: Float64Array;

  private readonly kind: Uint8Array;
  private readonly inputOffset: Int32Array;
  /** per population: 1 for a graded input (§2.4), whose raster values scale its spikes */
  private readonly graded: Uint8Array;
  private readonly spikeList: Int32Array[];
  private readonly spikeCount: Int32Array;
  private readonly activeList: Int32Array[]; // per population: neurons with x_j > 0
  private readonly activeCount: Int32Array;
  private readonly trackX: Uint8Array; // population is the source of a plastic projection
  private readonly ring: number;
  private readonly acc: Float64Array; // ring x N accumulators (§2.3), exact sums
  readonly weights: Int16Array[];
  private readonly index: ProjectionIndex[];
  private readonly elig: (Int32Array | null)[];
  private readonly touched: (Uint32Array | null)[];
  /** §5.2 causal pairing: the spike lists of the last H steps of every three-factor source (ring of H slots) */
  private readonly causal: CausalHistory | null;
  private readonly nTouched: Int32Array;
  private readonly P: Int32Array;
  private readonly readoutPop: number;
  private readonly readoutOffset: number;
  private readonly readoutSize: number;
  private readonly npc: number;
  private readonly blocks: BlockState[];
  /** §5.10 plastic decoders (null when every pathway is fixed) */
  readonly sal: SalLearning | null;
  private readonly delta: Int32Array;
  private readonly deltaOfNeuron: Int32Array;
  /** §4 potential score (learning.readoutScore "potential"): per-class sums of r_n, reused */
  private readonly potential: boolean;
  private readonly resid: Float64Array;
  private readonly result: SampleResult;
  private readonly view: StepView;

  constructor(net: LoweredNetwork, opts: SimulatorOptions = {}) {
    const diags = checkNetwork(net);
    if (hasErrors(diags)) throw new DiagnosticError(diags);
    const budget = referenceBudget(net);
    if (budget.length) throw new DiagnosticError(budget);
    this.network = net;
    this.timesteps = net.timesteps;
    this.learning = opts.learning ?? false;
    this.hiddenPlasticity = opts.hiddenPlasticity ?? true;
    this.modulation = opts.modulation ?? 'compressed';
    this.directShift = opts.directShift ?? 6;
    const pops = net.populations;
    this.offset = populationOffsets(net);
    this.inputOffset = inputOffsets(net);
    this.kind = new Uint8Array(pops.length);
    this.graded = Uint8Array.from(pops, (p) => (isInputPopulation(p) && p.graded === true ? 1 : 0));
    pops.forEach((p, k) => {
      this.kind[k] = isInputPopulation(p) ? KIND_INPUT : p.model === 'srlif' ? KIND_SRLIF : KIND_CUBA;
    });
    const N = (this.totalNeurons = this.offset[pops.length]);
    this.inputSize = inputSize(net);
    this.v = new Int32Array(N);
    this.vth = new Int32Array(N);
    this.sbar = new Int32Array(N);
    this.u = new Int32Array(N);
    this.ref = new Int32Array(N);
    this.pending = new Uint8Array(N);
    this.spikes = new Uint8Array(N);
    this.x = new Int32Array(N);
    this.L = new Int32Array(N);
    this.overflowCounts = new Float64Array(2 * pops.length);
    this.spikeList = pops.map((p) => new Int32Array(p.size));
    this.spikeCount = new Int32Array(pops.length);
    this.activeList = pops.map((p) => new Int32Array(p.size));
    this.activeCount = new Int32Array(pops.length);
    this.trackX = new Uint8Array(pops.length);
    let maxDelay = 1;
    for (const q of net.projections) {
      maxDelay = Math.max(maxDelay, q.delay);
      if (q.plasticity !== 'none') this.trackX[q.source] = 1;
    }
    this.ring = maxDelay;
    this.acc = new Float64Array(maxDelay * N);
    this.weights = net.projections.map((q) => Int16Array.from(q.weight));
    this.index = net.projections.map((q) => buildIndex(q, pops[q.source].size));
    this.elig = net.projections.map((q) => (q.plasticity === 'threeFactor' ? new Int32Array(q.pre.length) : null));
    this.touched = net.projections.map((q) => (q.plasticity === 'threeFactor' ? new Uint32Array(q.pre.length) : null));
    this.nTouched = new Int32Array(net.projections.length);
    const Lr = net.learning;
    this.causal = Lr?.eligibility === 'causal' ? new CausalHistory(net) : null;
    this.P = eligibilityTable(Lr ? Lr.decayE : 0, net.timesteps);
    const ro = readoutIndex(net);
    const rp = ro >= 0 ? pops[ro] : undefined;
    this.readoutPop = ro;
    this.readoutOffset = ro >= 0 ? this.offset[ro] : 0;
    this.readoutSize = rp ? rp.size : 0;
    this.classes = rp?.classes ?? 0;
    this.npc = rp?.neuronsPerClass ?? 1;
    const sal = new SalLearning(net, this.classes, this.npc);
    this.sal = sal.active ? sal : null;
    this.blocks = Lr ? Lr.modulatory.map((b, k) => createBlock(sal.view(b, k), this.offset[b.population], pops[b.population].size)) : [];
    this.delta = new Int32Array(this.classes);
    this.deltaOfNeuron = new Int32Array(this.readoutSize);
    this.potential = Lr?.readoutScore === 'potential';
    this.resid = new Float64Array(this.classes);
    this.result = { counts: new Int32Array(this.classes), predicted: -1 };
    this.view = { t: 0, spikes: this.spikes, v: this.v, vth: this.vth, sbar: this.sbar, u: this.u };
    this.resetPersistent();
  }

  /** SampleRunner: training mode (homeostasis §3.2 + learning epoch §5 when labelled) or inference. */
  setLearning(on: boolean): void {
    this.learning = on;
  }

  /**
   * §5.11: rate shifts of the following samples' updates: a for §5.7 (learnMant >> a, readout
   * decay 2^-(k + a)), h for §5.6 (learnMant >> h); h = a when not given; hold: §3.2's homeostasis
   * behaves as in inference (false when not given).
   */
  setRateShift(a: number, h: number = a, hold = false): void {
    if (!Number.isInteger(a) || a < 0 || a > 30) throw new RangeError(`rate shift ${a}: expected an integer in 0..30`);
    if (!Number.isInteger(h) || h < 0 || h > 30) throw new RangeError(`hidden rate shift ${h}: expected an integer in 0..30`);
    const k = this.network.learning?.readoutDecayShift ?? 0;
    for (const q of this.network.projections)
      if (k > 0 && q.plasticity === 'delta' && k + a > q.learnShift) throw new RangeError(`rate shift ${a}: the readout decay 2^-${k} allows at most ${q.learnShift - k} (${q.id})`);
    this.rateShift = a;
    this.hiddenRateShift = h;
    this.homeostasisHold = hold;
  }

  /** §3.4 initial values before the first sample: vth = vth0, sbar = targetRate, m = 0, epoch 0. */
  resetPersistent(): void {
    this.network.populations.forEach((p, k) => {
      if (this.kind[k] !== KIND_SRLIF) return;
      const P = p.params as SrlifParams;
      this.vth.fill(P.vth0, this.offset[k], this.offset[k + 1]);
      this.sbar.fill(P.targetRate, this.offset[k], this.offset[k + 1]);
    });
    for (const b of this.blocks) b.m.fill(0);
    this.sal?.resetPersistent();
    this.network.projections.forEach((q, k) => this.weights[k].set(q.weight));
    this.epoch = 0;
  }

  /** §3.4 per-sample reset. Clears eligibility through the touched lists (cost ~ activity). */
  private resetSample(): void {
    this.v.fill(0);
    this.u.fill(0);
    this.ref.fill(0);
    this.pending.fill(0);
    this.acc.fill(0);
    this.x.fill(0);
    this.activeCount.fill(0);
    this.causal?.reset();
    for (let p = 0; p < this.elig.length; p++) {
      const e = this.elig[p];
      if (!e) continue;
      const tl = this.touched[p]!;
      for (let k = 0, n = this.nTouched[p]; k < n; k++) e[tl[k]] = 0;
      this.nTouched[p] = 0;
    }
    this.sal?.resetSample();
  }

  /** §5.10 runs with the hidden rule in the contract's form (not in the ablations). */
  private get salOn(): boolean {
    return this.sal !== null && this.learning && this.hiddenPlasticity && this.modulation === 'compressed';
  }

  /**
   * Presents one sample (T steps, §3.4) and, in training mode with a label, runs the learning
   * epoch (§5). Returns the class scores z (§4: spike counts, plus the residual potential with
   * readoutScore "potential") and the §4 prediction (a reused object).
   */
  runSample(raster: Uint8Array, label?: number, hooks?: SampleHooks): SampleResult {
    const T = this.network.timesteps;
    if (raster.length !== T * this.inputSize)
      throw new RangeError(`raster has ${raster.length} entries, expected T x Nin = ${T} x ${this.inputSize}`);
    if (label !== undefined && !(Number.isInteger(label) && label >= 0 && label < this.classes))
      throw new RangeError(`label ${label} is not a class of this network (0..${this.classes - 1})`);
    this.resetSample();
    for (let t = 0; t < T; t++) this.step(raster, t, hooks);
    // §4 z from v and vth as they stand after step T-1 (the potential score), then the prediction
    const counts = this.result.counts;
    classScores(counts, this.x, this.v, this.vth, this.readoutOffset, Math.min(this.readoutSize, this.classes * this.npc), this.npc, this.potential, this.resid);
    this.result.predicted = this.classes > 0 ? argmax(counts, -1) : -1;
    if (this.learning && label !== undefined && this.network.learning) this.learningEpoch(label, hooks);
    this.counters.samples++;
    return this.result;
  }

  private step(raster: Uint8Array, t: number, hooks?: SampleHooks): void {
    const net = this.network;
    const pops = net.populations;
    const N = this.totalNeurons;
    const S = this.spikes;
    // Phase 1 (emit) and 2 (count)
    for (let p = 0; p < pops.length; p++) {
      const o = this.offset[p];
      const n = pops[p].size;
      const list = this.spikeList[p];
      let c = 0;
      const kind = this.kind[p];
      if (kind === KIND_INPUT) {
        const base = t * this.inputSize + this.inputOffset[p];
        for (let i = 0; i < n; i++) {
          const s = raster[base + i] !== 0 ? 1 : 0;
          S[o + i] = s;
          if (s) list[c++] = i;
        }
      } else if (kind === KIND_SRLIF) {
        const v = this.v;
        const vth = this.vth;
        for (let i = 0; i < n; i++) {
          const s = v[o + i] >= vth[o + i] ? 1 : 0; // §3.2 H(0) = 1
          S[o + i] = s;
          if (s) list[c++] = i;
        }
      } else {
        for (let i = 0; i < n; i++) {
          const s = this.pending[o + i]; // §3.3 emit the pending spike
          S[o + i] = s;
          if (s) list[c++] = i;
        }
      }
      this.spikeCount[p] = c;
      // §3.1 phase 2: z (the readout's x) and x_j of plastic sources
      if (this.trackX[p] || p === this.readoutPop) {
        const x = this.x;
        const act = this.activeList[p];
        let na = this.activeCount[p];
        for (let k = 0; k < c; k++) {
          const i = list[k];
          if (x[o + i]++ === 0) act[na++] = i;
        }
        this.activeCount[p] = na;
      }
    }
    if (this.salOn) this.sal!.record(t, this.readoutPop, this.spikeList, this.spikeCount); // §5.10 record
    // Phase 3 (deliver, §2.3) with eligibility events (§5.2) in training: deliver.ts
    const T = net.timesteps;
    const Pt = this.P[T - 1 - t];
    const recordElig = this.learning && this.hiddenPlasticity;
    const causal = recordElig ? this.causal : null;
    if (causal) {
      // §5.2 causal: pair this step's postsynaptic spikes with the presynaptic spikes of step t - delay
      causal.record(t, this.spikeList, this.spikeCount);
      for (let q = 0; q < net.projections.length; q++) {
        const e = this.elig[q];
        const proj = net.projections[q];
        if (e === null || this.spikeCount[proj.target] === 0 || t < proj.delay) continue;
        const h = causal.at(t - proj.delay, proj.source);
        if (h.count === 0) continue;
        const ix = this.index[q];
        const graded = this.graded[proj.source] === 1; // §2.4: the values of step t - delay
        recordCausal(ix.rowStart, ix.post, h.list, h.offset, h.count, S, this.offset[proj.target], e, Pt, this.touched[q]!, this.nTouched[q], graded ? raster : null, graded ? (t - proj.delay) * this.inputSize + this.inputOffset[proj.source] : 0);
        this.counters.eligibilityEvents += recorded.eligibility;
        this.nTouched[q] = recorded.touched;
      }
    }
    let events = 0;
    for (let q = 0; q < net.projections.length; q++) {
      const proj = net.projections[q];
      const nsp = this.spikeCount[proj.source];
      if (nsp === 0) continue;
      const base = ((t + proj.delay - 1) % this.ring) * N + this.offset[proj.target];
      // no postsynaptic spike in this step: no eligibility event is possible, plain delivery
      const e = recordElig && causal === null && this.spikeCount[proj.target] !== 0 ? this.elig[q] : null;
      const ix = this.index[q];
      const list = this.spikeList[proj.source];
      if (this.graded[proj.source] === 1) {
        // §2.4: the raster row's values scale the spikes and their coincident pairings
        events += deliverGraded(ix.rowStart, ix.post, this.weights[q], ix.scale, ix.down, list, nsp, this.acc, base, raster, t * this.inputSize + this.inputOffset[proj.source], e, S, this.offset[proj.target], Pt, e === null ? null : this.touched[q]!, this.nTouched[q]);
        if (e !== null) {
          this.counters.eligibilityEvents += recorded.eligibility;
          this.nTouched[q] = recorded.touched;
        }
      } else if (e === null) events += deliver(ix.rowStart, ix.post, this.weights[q], ix.scale, ix.down, list, nsp, this.acc, base);
      else {
        const to = this.offset[proj.target];
        events += deliverRecording(ix.rowStart, ix.post, this.weights[q], ix.scale, ix.down, list, nsp, this.acc, base, S, to, e, Pt, this.touched[q]!, this.nTouched[q]);
        this.counters.eligibilityEvents += recorded.eligibility;
        this.nTouched[q] = recorded.touched;
      }
    }
    this.counters.synapticEvents += events;
    // Phase 4 (update) and clearing of slot t
    const slot = (t % this.ring) * N;
    for (let p = 0; p < pops.length; p++) {
      const kind = this.kind[p];
      if (kind === KIND_INPUT) continue;
      const o = this.offset[p];
      const end = this.offset[p + 1];
      const prm = pops[p].params;
      if (kind === KIND_SRLIF) updateSrlif(prm as SrlifParams, o, end, this.acc, slot, S, this.v, this.vth, this.sbar, this.learning && !this.homeostasisHold, this.overflowCounts, p);
      else updateCuba(prm as CubaParams, o, end, this.acc, slot, this.v, this.u, this.ref, this.pending, this.overflowCounts, p);
    }
    this.acc.fill(0, slot, slot + N);
    this.counters.steps++;
    if (hooks?.onStep) {
      this.view.t = t;
      hooks.onStep(this.view);
    }
  }

  /** §5: teaching signal, modulatory blocks, weight updates, epoch += 1 (§5.8). */
  private learningEpoch(label: number, hooks?: SampleHooks): void {
    const Lr = this.network.learning!;
    const margin = teachingSignal(this.result.counts, label, Lr.gamma, Lr.rival, this.delta);
    const hidden = this.hiddenPlasticity;
    if (hidden) for (const b of this.blocks) {
      modulate(b, Lr, this.delta, this.L, this.modulation, this.directShift);
      const P = this.network.populations[b.block.population].params;
      if (Lr.rateRegMant !== undefined && P?.model === 'srlif') regulateRate(b, this.sbar, P.targetRate, Lr.rateRegMant, Lr.rateRegShift!, this.L);
    }
    const seed = Lr.roundingSeed;
    if (margin !== 0) spreadDelta(this.delta, this.npc, this.deltaOfNeuron);
    let changed = 0;
    this.network.projections.forEach((q, p) => {
      const [lo, hi] = weightBounds(q.weightBits);
      if (q.plasticity === 'threeFactor' && hidden) {
        changed += threeFactorUpdate(this.weights[p], q.post, this.offset[q.target], this.elig[p]!, this.touched[p]!,
          this.nTouched[p], this.L, q.learnMant >> this.hiddenRateShift, q.learnShift, lo, hi, seed, this.epoch, p);
      } else if (q.plasticity === 'delta' && margin !== 0) {
        changed += deltaRuleUpdate(this.weights[p], this.index[p].rowStart, q.post, this.x, this.offset[q.source],
          this.activeList[q.source], this.activeCount[q.source], this.deltaOfNeuron, q.learnMant >> this.rateShift, q.learnShift,
          lo, hi, seed, this.epoch, p, Lr.readoutDecayShift ? Lr.readoutDecayShift + this.rateShift : 0);
      }
    });
    this.counters.weightUpdates += changed;
    if (this.salOn) this.counters.feedbackUpdates += this.sal!.update(seed, this.epoch); // §5.10, after §5.6-5.7
    hooks?.onEpoch?.({ epoch: this.epoch, label, counts: this.result.counts, delta: this.delta, margin });
    this.epoch += 1;
  }

  /** Wraps of u and saturations of v per neuron population (§1.2) since construction or resetOverflow. */
  overflow(): PopulationOverflow[] {
    const c = this.overflowCounts;
    const pops = this.network.populations;
    return overflowRecords(pops.map((p) => p.id), (p) => this.kind[p] !== KIND_INPUT, pops.map((_, p) => c[2 * p]), pops.map((_, p) => c[2 * p + 1]));
  }

  resetOverflow(): void {
    this.overflowCounts.fill(0);
  }

  /** Eligibility e_ij of a three-factor projection (canonical order), valid until the next sample. */
  eligibility(p: number): Int32Array | null {
    return this.elig[p];
  }

  /** Modulatory states m of every block (§5.4). */
  modulatoryState(): Int32Array[] {
    return this.blocks.map((b) => b.m);
  }

  snapshot(): SimulatorSnapshot {
    return {
      epoch: this.epoch,
      weights: this.weights.map((w) => w.slice()),
      vth: this.vth.slice(),
      sbar: this.sbar.slice(),
      m: this.blocks.map((b) => b.m.slice()),
      ...(this.sal ? { wmh: this.sal.decoders(this.network).map((w) => w.slice()) } : {}),
    };
  }

  restore(s: SimulatorSnapshot): void {
    if (s.weights.length !== this.weights.length || s.m.length !== this.blocks.length || s.vth.length !== this.totalNeurons)
      throw new RangeError('snapshot does not match this network');
    s.weights.forEach((w, k) => {
      if (w.length !== this.weights[k].length) throw new RangeError(`snapshot projection ${k} has ${w.length} synapses`);
      this.weights[k].set(w);
    });
    this.vth.set(s.vth);
    this.sbar.set(s.sbar);
    s.m.forEach((m, k) => this.blocks[k].m.set(m));
    if (this.sal) {
      const d = this.sal.decoders(this.network);
      if (s.wmh && (s.wmh.length !== d.length || s.wmh.some((w, k) => w.length !== d[k].length))) throw new RangeError('snapshot decoders do not match this network');
      if (s.wmh) s.wmh.forEach((w, k) => d[k].set(w));
      else this.sal.resetPersistent();
    }
    this.epoch = s.epoch;
  }
}

export function createSimulator(net: LoweredNetwork, opts: SimulatorOptions = {}): ReferenceSimulator {
  return new ReferenceSimulator(net, opts);
}
