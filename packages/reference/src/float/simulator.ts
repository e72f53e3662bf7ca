import { DiagnosticError } from '@snnc/common';
import { inputOffsets, inputSize, isInputPopulation, populationOffsets, readoutIndex, type CubaRealParams, type Graph, type LoweredNetwork, type SrlifRealParams } from '@snnc/ir';
import type { ModulationMode } from '../learning.js';
import type { RunnerCounters, SampleRunner } from '@snnc/common';
import { CausalHistory } from '../causal.js';
import { referenceBudget } from '../budget.js';
import { checkGraph, plasticBound } from './check.js';
import { floatModulate, floatRegulateRate, floatTeachingSignal, type FloatBlock } from './learning.js';

/**
 * The float64 twin: the real-valued Graph run with the same structure and phase order as the
 * integer reference (docs/semantics.md §3.1), but with the seed's real equations — no decay
 * rounding, saturation, tanh table or stochastic rounding. Its purpose is to measure what fixed
 * point costs; it is deliberately not bit-compatible with anything. docs/reference.md lists how
 * each lowered integer maps back to the real quantity used here.
 */

export interface FloatSimulatorOptions {
  learning?: boolean;
  hiddenPlasticity?: boolean;
  modulation?: ModulationMode;
  /** as in the integer simulator: 'direct' uses h_i = dtilde_int >> directShift (default 6) */
  directShift?: number;
  /**
   * The lowered form of the same graph. When given, plastic weights clamp to exactly the real
   * range the integer mantissa represents; otherwise to the range the lowering reserves
   * (max(|w|, wMax)), which the integer bound exceeds by less than a factor of two.
   */
  lowered?: LoweredNetwork;
}

const INPUT = 0;
const SRLIF = 1;
const CUBA = 2;

class FloatSimulator implements SampleRunner {
  readonly inputSize: number;
  /** per population: 1 for a graded input (§2.4): its spikes scale by value / 255, exactly */
  private readonly gradedPop: Uint8Array;
  readonly classes: number;
  readonly timesteps: number;
  readonly counters: RunnerCounters = { samples: 0, steps: 0, synapticEvents: 0 };
  readonly weights: Float64Array[];
  readonly v: Float64Array;
  readonly vth: Float64Array;
  readonly sbar: Float64Array;
  readonly u: Float64Array;
  readonly L: Float64Array;
  readonly offset: Int32Array;
  private learning: boolean;
  /** §5.11: 2^-a of the host's rate shift a */
  private rateScale = 1;
  /** §5.11: 2^-h of the host's hidden rate shift h (the three-factor rule's eta) */
  private hiddenScale = 1;
  /** §5.11: the host's homeostasis hold (sbar and vth as in inference while training) */
  private hold = false;
  private readonly hidden: boolean;
  private readonly direct: boolean;
  private readonly kind: Uint8Array;
  private readonly inOff: Int32Array;
  private readonly ref: Int32Array;
  private readonly pending: Uint8Array;
  private readonly S: Uint8Array;
  private readonly x: Int32Array;
  private readonly lists: Int32Array[];
  private readonly nList: Int32Array;
  private readonly act: Int32Array[];
  private readonly nAct: Int32Array;
  private readonly track: Uint8Array;
  private readonly rows: Uint32Array[];
  private readonly ring: number;
  private readonly acc: Float64Array;
  private readonly elig: (Float64Array | null)[];
  private readonly touched: (Uint32Array | null)[];
  /** §5.2 causal pairing (null: coincident) */
  private readonly causal: CausalHistory | null;
  private readonly nTouched: Int32Array;
  private readonly P: Float64Array;
  private readonly bound: Float64Array;
  private readonly blocks: FloatBlock[];
  private readonly z: Float64Array;
  private readonly delta: Float64Array;
  private readonly ro: number;
  private readonly npc: number;
  /** §4 readoutScore "potential" (srlif readout, checkGraph) */
  private readonly potential: boolean;
  private readonly result: { counts: Float64Array; predicted: number };

  constructor(readonly graph: Graph, opts: FloatSimulatorOptions) {
    const d = checkGraph(graph);
    if (d.length) throw new DiagnosticError(d);
    // the same delay ring and per-class tables as the integer simulator's, sized by the same fields
    const budget = opts.lowered ? referenceBudget(opts.lowered) : [];
    if (budget.length) throw new DiagnosticError(budget);
    const pops = graph.populations;
    this.learning = opts.learning ?? false;
    this.hidden = opts.hiddenPlasticity ?? true;
    this.direct = opts.modulation === 'direct';
    this.timesteps = graph.timesteps;
    this.offset = populationOffsets(graph);
    this.inOff = inputOffsets(graph);
    this.gradedPop = Uint8Array.from(graph.populations, (p) => (isInputPopulation(p) && p.graded === true ? 1 : 0));
    this.kind = new Uint8Array(pops.length);
    pops.forEach((p, k) => {
      this.kind[k] = isInputPopulation(p) ? INPUT : p.model === 'srlif' ? SRLIF : CUBA;
    });
    this.inputSize = inputSize(graph);
    const N = this.offset[pops.length];
    [this.v, this.vth, this.sbar, this.u, this.L] = [0, 0, 0, 0, 0].map(() => new Float64Array(N));
    this.ref = new Int32Array(N);
    this.pending = new Uint8Array(N);
    this.S = new Uint8Array(N);
    this.x = new Int32Array(N);
    this.lists = pops.map((p) => new Int32Array(p.size));
    this.act = pops.map((p) => new Int32Array(p.size));
    this.nList = new Int32Array(pops.length);
    this.nAct = new Int32Array(pops.length);
    this.track = new Uint8Array(pops.length);
    let maxDelay = 1;
    for (const q of graph.projections) {
      maxDelay = Math.max(maxDelay, q.delay);
      if (q.plasticity !== 'none') this.track[q.source] = 1;
    }
    this.ring = maxDelay;
    this.acc = new Float64Array(maxDelay * N);
    this.weights = graph.projections.map((q) => Float64Array.from(q.weight));
    this.rows = graph.projections.map((q) => {
      const r = new Uint32Array(pops[q.source].size + 1);
      for (let s = 0; s < q.pre.length; s++) r[q.pre[s] + 1]++;
      for (let j = 0; j + 1 < r.length; j++) r[j + 1] += r[j];
      return r;
    });
    const three = (q: Graph['projections'][number]) => q.plasticity === 'threeFactor';
    this.elig = graph.projections.map((q) => (three(q) ? new Float64Array(q.pre.length) : null));
    this.causal = graph.learning?.eligibility === 'causal' ? new CausalHistory(graph) : null;
    this.touched = graph.projections.map((q) => (three(q) ? new Uint32Array(q.pre.length) : null));
    this.nTouched = new Int32Array(graph.projections.length);
    const l = graph.learning;
    // §5.2 closed form with lambda_e exactly: P[k] = lambda_e^k
    this.P = Float64Array.from({ length: graph.timesteps }, (_, k) => (l ? l.lambdaE ** k : 1));
    this.bound = Float64Array.from(graph.projections, (q, k) => plasticBound(graph, k, opts.lowered));
    const ro = readoutIndex(graph);
    this.ro = ro;
    this.classes = ro >= 0 ? pops[ro].classes ?? 0 : 0;
    this.npc = ro >= 0 ? pops[ro].neuronsPerClass ?? 1 : 1;
    this.z = new Float64Array(this.classes);
    this.potential = l?.readoutScore === 'potential';
    this.delta = new Float64Array(this.classes);
    const shift = opts.directShift ?? 6;
    this.blocks = (l?.modulatory ?? []).map((b) => {
      let maxB = 0;
      for (const x of b.B) maxB = Math.max(maxB, Math.abs(x));
      // the integer 'direct' path reads tanhTable[(sB * dtilde) >> shift] with the table tanh(k/32)
      const sB = maxB > 0 ? 127 / maxB : 1;
      const size = pops[b.population].size;
      return { block: b, offset: this.offset[b.population], size, dtilde: new Float64Array(size), m: new Float64Array(b.m), directGain: sB / (32 * 2 ** shift) };
    });
    this.result = { counts: this.z, predicted: -1 };
    pops.forEach((p, k) => {
      if (p.params?.model !== 'srlif') return;
      this.vth.fill(p.params.vth, this.offset[k], this.offset[k + 1]);
      this.sbar.fill(p.params.targetRate, this.offset[k], this.offset[k + 1]);
    });
  }

  setLearning(on: boolean): void {
    this.learning = on;
  }

  /**
   * §5.11 in reals: etaOut and the readout decay times 2^-a, eta times 2^-h (h = a when not given;
   * the integer side floors the mantissa instead); hold: homeostasis as in inference.
   */
  setRateShift(a: number, h: number = a, hold = false): void {
    if (!Number.isInteger(a) || a < 0 || a > 30) throw new RangeError(`rate shift ${a}: expected an integer in 0..30`);
    if (!Number.isInteger(h) || h < 0 || h > 30) throw new RangeError(`hidden rate shift ${h}: expected an integer in 0..30`);
    this.rateScale = 2 ** -a;
    this.hiddenScale = 2 ** -h;
    this.hold = hold;
  }

  runSample(raster: Uint8Array, label?: number): { counts: Float64Array; predicted: number } {
    const T = this.timesteps;
    if (raster.length !== T * this.inputSize) throw new RangeError(`raster has ${raster.length} entries, expected ${T} x ${this.inputSize}`);
    if (label !== undefined && !(Number.isInteger(label) && label >= 0 && label < this.classes))
      throw new RangeError(`label ${label} is not a class of this network (0..${this.classes - 1})`);
    // §3.4 per-sample reset
    this.v.fill(0);
    this.u.fill(0);
    this.ref.fill(0);
    this.pending.fill(0);
    this.acc.fill(0);
    this.x.fill(0);
    this.nAct.fill(0);
    this.causal?.reset();
    this.elig.forEach((e, p) => {
      const tl = this.touched[p];
      if (e && tl) for (let k = 0; k < this.nTouched[p]; k++) e[tl[k]] = 0;
      this.nTouched[p] = 0;
    });
    for (let t = 0; t < T; t++) this.step(raster, t);
    const z = this.z;
    z.fill(0);
    if (this.ro >= 0) {
      const o = this.offset[this.ro];
      for (let n = 0; n < this.classes * this.npc; n++) z[Math.floor(n / this.npc)] += this.x[o + n];
      // §4 potential score in reals: z_c gains sum_n v_n / vth_n after step T-1. No rounding here:
      // the integer form's floor(256 v / vth) and its per-class rounding are quantisation, and z is real
      if (this.potential) for (let n = 0; n < this.classes * this.npc; n++) z[Math.floor(n / this.npc)] += this.v[o + n] / this.vth[o + n];
    }
    let best = 0;
    for (let c = 1; c < z.length; c++) if (z[c] > z[best]) best = c;
    this.result.predicted = z.length ? best : -1;
    if (this.learning && label !== undefined && this.graph.learning) this.epoch(label);
    this.counters.samples++;
    return this.result;
  }

  private step(raster: Uint8Array, t: number): void {
    const g = this.graph;
    const pops = g.populations;
    const S = this.S;
    const N = this.v.length;
    // §3.1 phases 1-2: emit and count
    for (let p = 0; p < pops.length; p++) {
      const o = this.offset[p];
      const n = pops[p].size;
      const list = this.lists[p];
      const k = this.kind[p];
      let c = 0;
      // one loop per kind: no per-neuron dispatch in the hot path
      if (k === INPUT) {
        const base = t * this.inputSize + this.inOff[p];
        for (let i = 0; i < n; i++) if ((S[o + i] = raster[base + i] !== 0 ? 1 : 0)) list[c++] = i;
      } else if (k === SRLIF) {
        const { v, vth } = this;
        for (let i = 0; i < n; i++) if ((S[o + i] = v[o + i] >= vth[o + i] ? 1 : 0)) list[c++] = i;
      } else {
        const pend = this.pending;
        for (let i = 0; i < n; i++) if ((S[o + i] = pend[o + i])) list[c++] = i;
      }
      this.nList[p] = c;
      if (this.track[p] || p === this.ro) {
        const act = this.act[p];
        let na = this.nAct[p];
        for (let q = 0; q < c; q++) if (this.x[o + list[q]]++ === 0) act[na++] = list[q];
        this.nAct[p] = na;
      }
    }
    // phase 3: deliver (§2.3) and record eligibility (§5.2)
    const Pt = this.P[this.timesteps - 1 - t];
    const rec = this.learning && this.hidden;
    const causal = rec ? this.causal : null;
    if (causal) {
      // §5.2 causal: this step's postsynaptic spikes with the presynaptic spikes of step t - delay
      causal.record(t, this.lists, this.nList);
      for (let q = 0; q < g.projections.length; q++) {
        const pr = g.projections[q];
        const e = this.elig[q];
        if (e === null || t < pr.delay || this.nList[pr.target] === 0) continue;
        const h = causal.at(t - pr.delay, pr.source);
        const rows = this.rows[q], post = pr.post, to = this.offset[pr.target], tl = this.touched[q]!;
        const gBase = this.gradedPop[pr.source] === 1 ? (t - pr.delay) * this.inputSize + this.inOff[pr.source] : -1;
        let nt = this.nTouched[q];
        for (let k = h.offset; k < h.offset + h.count; k++) {
          const j = h.list[k];
          const pv = gBase < 0 ? Pt : (Pt * raster[gBase + j]) / 255; // §2.4
          for (let s = rows[j], end = rows[j + 1]; s < end; s++) {
            if (S[to + post[s]] === 0) continue;
            if (e[s] === 0 && pv !== 0) tl[nt++] = s;
            e[s] += pv;
          }
        }
        this.nTouched[q] = nt;
      }
    }
    let events = 0;
    for (let q = 0; q < g.projections.length; q++) {
      const pr = g.projections[q];
      const ns = this.nList[pr.source];
      if (ns === 0) continue;
      const list = this.lists[pr.source];
      const rows = this.rows[q];
      const post = pr.post;
      const w = this.weights[q];
      const to = this.offset[pr.target];
      const base = ((t + pr.delay - 1) % this.ring) * N + to;
      const e = rec && causal === null ? this.elig[q] : null;
      const tl = this.touched[q];
      const gBase = this.gradedPop[pr.source] === 1 ? t * this.inputSize + this.inOff[pr.source] : -1;
      let nt = this.nTouched[q];
      for (let k = 0; k < ns; k++) {
        const j = list[k];
        const end = rows[j + 1];
        const gain = gBase < 0 ? 1 : raster[gBase + j] / 255; // §2.4, exactly
        const pv = Pt * gain;
        for (let s = rows[j]; s < end; s++) {
          const i = post[s];
          this.acc[base + i] += w[s] * gain;
          if (e !== null && S[to + i] !== 0) {
            if (e[s] === 0 && pv !== 0) tl![nt++] = s; // listed once, when it first becomes nonzero
            e[s] += pv;
          }
        }
        events += end - rows[j];
      }
      this.nTouched[q] = nt;
    }
    this.counters.synapticEvents += events;
    // phase 4: update
    const slot = (t % this.ring) * N;
    for (let p = 0; p < pops.length; p++) {
      const prm = pops[p].params;
      if (!prm) continue;
      if (prm.model === 'srlif') this.srlif(p, prm, slot);
      else this.cuba(p, prm, slot);
    }
    this.acc.fill(0, slot, slot + N);
    this.counters.steps++;
  }

  /** §3.2 in reals: V <- alpha V + I + bias - Vth S; Sbar <- Sbar + (S - Sbar)/rateTau; Vth += etaTheta (Sbar - target) */
  private srlif(p: number, P: SrlifRealParams, slot: number): void {
    const { v, vth, sbar, acc, S } = this;
    for (let g = this.offset[p], end = this.offset[p + 1]; g < end; g++) {
      const s = S[g];
      const th = vth[g];
      v[g] = P.alpha * v[g] + acc[slot + g] + P.bias - s * th;
      if (this.learning && !this.hold) {
        const sb = sbar[g] + (s - sbar[g]) / P.rateTau;
        sbar[g] = sb;
        const nv = th + P.etaTheta * (sb - P.targetRate);
        vth[g] = nv < P.vthMin ? P.vthMin : nv > P.vthMax ? P.vthMax : nv;
      }
    }
  }

  /** §3.3 in reals: u <- alphaU u + I; v <- alphaV v + u + bias; spike if v > vth, emitted next step */
  private cuba(p: number, P: CubaRealParams, slot: number): void {
    const { v, u, ref, pending, acc } = this;
    for (let g = this.offset[p], end = this.offset[p + 1]; g < end; g++) {
      u[g] = P.alphaU * u[g] + acc[slot + g];
      if (ref[g] > 0) {
        v[g] = 0;
        ref[g]--;
        pending[g] = 0;
        continue;
      }
      const v1 = P.alphaV * v[g] + u[g] + P.bias;
      if (v1 > P.vth) {
        pending[g] = 1;
        v[g] = 0;
        ref[g] = P.refractory;
      } else {
        pending[g] = 0;
        v[g] = v1;
      }
    }
  }

  /** §5 in reals: teaching signal, modulatory blocks, dw = -eta e L and dW = -etaOut x delta - readoutDecay W, clamped. */
  private epoch(label: number): void {
    const l = this.graph.learning!;
    const mg = floatTeachingSignal(this.z, label, l.gamma, l.rival, this.delta);
    if (this.hidden) for (const b of this.blocks) {
      floatModulate(b, l, this.delta, this.L, this.direct);
      const P = this.graph.populations[b.block.population].params;
      if (l.rateReg && P?.model === 'srlif') floatRegulateRate(b, this.sbar, P.targetRate, l.rateReg, this.L);
    }
    this.graph.projections.forEach((q, p) => {
      const w = this.weights[p];
      const hi = this.bound[p];
      if (q.plasticity === 'threeFactor' && this.hidden) {
        const e = this.elig[p]!;
        const tl = this.touched[p]!;
        const to = this.offset[q.target];
        for (let k = 0; k < this.nTouched[p]; k++) {
          const s = tl[k];
          const nw = w[s] - l.eta * this.hiddenScale * e[s] * this.L[to + q.post[s]];
          w[s] = nw > hi ? hi : nw < -hi ? -hi : nw;
        }
      } else if (q.plasticity === 'delta' && mg !== 0) {
        const rows = this.rows[p];
        const so = this.offset[q.source];
        const act = this.act[q.source];
        for (let k = 0; k < this.nAct[q.source]; k++) {
          const j = act[k];
          const xj = this.x[so + j];
          for (let s = rows[j]; s < rows[j + 1]; s++) {
            const c = Math.floor(q.post[s] / this.npc);
            const dc = c < this.classes ? this.delta[c] : 0;
            if (dc === 0) continue;
            // §5.7 readout decay in reals: the fraction readoutDecay of w on every update
            const nw = w[s] - l.etaOut * this.rateScale * xj * dc - (l.readoutDecay ?? 0) * this.rateScale * w[s];
            w[s] = nw > hi ? hi : nw < -hi ? -hi : nw;
          }
        }
      }
    });
  }

  /** modulatory states (real m) of every block */
  modulatoryState(): Float64Array[] {
    return this.blocks.map((b) => b.m);
  }
}

/** The float64 twin of the reference, swappable with it through SampleRunner. */
export function createFloatSimulator(graph: Graph, opts: FloatSimulatorOptions = {}): SampleRunner & {
  readonly weights: Float64Array[];
  readonly vth: Float64Array;
  readonly sbar: Float64Array;
  readonly L: Float64Array;
  modulatoryState(): Float64Array[];
} {
  return new FloatSimulator(graph, opts);
}
