/**
 * One share of the machine's cores (docs/emulator.md, "Phase order" and "Threads"): a contiguous
 * range of cores [c0, c1) with their compartments [g0, g1), its own delivery tables (only the
 * synapses into its cores), its own pipeline (delay line, activity sets) and its own cost and NoC
 * counters. On one thread the emulator has one share holding every core; with `--threads N` each
 * thread runs one share (threads/), and the phases of a step are separated by a barrier:
 *
 *   emit(t)            EMIT + COUNT of its own compartments into its list (lists[t & 1])
 *   --- barrier: every share's list of step t is complete ---
 *   deliver(t, lists)  ROUTE + DELIVER of every spiking source (every share's list in share order,
 *                      then the host ports), restricted to what the share owns: synapses into its
 *                      cores (§2.3: additions are exact, so which thread adds cannot matter), the
 *                      messages of its own sources, the loads of its own links
 *   update(t)          UPDATE of its own compartments (§3.2, §3.3)
 *   close()            the cores' half of the barrier (cycles per core, the busiest core)
 *
 * Every write of a share goes to its own compartments, axons, plastic synapses and cores, or to
 * its private counters, which are merged by share index (= ascending core id): the result is the
 * same bytes at any number of shares.
 */
import type { ChipImage } from '@snnc/image';
import { CostCounter, OP_CROSS, OP_EW, OP_INTILE, OP_NS, OP_UPD, PH_LEARN } from './cost.js';
import { Delivery, RUN_DELAY, RUN_SHIFT, SRC_STRIDE, S_CH0, S_CH1, S_CORE, S_CROSS, S_EW, S_INTILE, S_LATENCY, S_LK0, S_LK1, S_NS, S_PL0, S_PL1, S_ROUTES, S_RUN0, S_RUN1, type DeliveryScope } from './delivery.js';
import { KIND_STATIC, KIND_THREE_FACTOR, modeDown, modeKind, modeShift, type Machine } from './machine.js';
import { Noc } from './noc.js';
import { deliverF64, deliverGradedF64, deliverGradedI32, deliverI32, gradedScale, Pipeline } from './step.js';

/** Arrays every share reads or writes (its own part only); SharedArrayBuffer views under threads. */
export interface ShareArrays {
  /** spikes per compartment in this sample */
  spikeCount: Int32Array;
  /** eligibility per plastic id (§5.2) */
  elig: Int32Array;
  /** presynaptic count per input axon (§5.7); empty when no axon has a delta rule (Machine.hasDelta) */
  x: Int32Array;
  /** S(t) per compartment */
  spike?: Uint8Array;
  /** this share's spike lists (two, by step parity) */
  lists?: [Int32Array, Int32Array];
  /** the plastic ids with e != 0 and the delta axons with x > 0 this sample (this share's) */
  eligTouched?: Int32Array;
  axonTouched?: Int32Array;
}

export class Share {
  readonly delivery: Delivery;
  readonly pipe: Pipeline;
  readonly noc: Noc;
  readonly c0: number;
  readonly c1: number;
  readonly g0: number;
  readonly g1: number;
  readonly spikeCount: Int32Array;
  readonly elig: Int32Array;
  readonly x: Int32Array;
  readonly eligTouched: Int32Array;
  nEligTouched = 0;
  readonly axonTouched: Int32Array;
  nAxonTouched = 0;
  // counts of the current step (read and cleared by the emulator, or published under threads)
  spikes = 0;
  inputSpikes = 0;
  messages = 0;
  hostMessages = 0;
  eligibilityEvents = 0;
  /**
   * §5.2 causal pairing (null when coincident): the plastic axons delivered in each of the last H
   * steps, a ring of H slots of `causalCap` entries (a source spikes at most once per step, so a
   * slot holds at most every plastic axon of the share once), and each slot's count.
   */
  private readonly causalAxons: Int32Array | null;
  private readonly causalG: Uint8Array | null;
  private readonly causalCount: Int32Array;
  private readonly causalH: number;
  private readonly causalCap: number;

  constructor(
    readonly m: Machine,
    readonly cost: CostCounter,
    mesh: ChipImage['mesh'],
    readonly scope: DeliveryScope,
    private readonly kernel: Float64Array,
    private readonly vBits: number,
    private readonly cBits: number,
    arrays: ShareArrays,
    causal = false,
  ) {
    this.c0 = scope.c0;
    this.c1 = scope.c1;
    this.g0 = scope.g0;
    this.g1 = scope.g1;
    this.noc = new Noc({ mesh });
    const c = cost.cyc;
    this.delivery = new Delivery(m, this.noc, { inTile: c[OP_INTILE], ew: c[OP_EW], ns: c[OP_NS], cross: c[OP_CROSS] }, scope);
    this.pipe = new Pipeline(m, this.delivery.depth, this.delivery.narrow, scope, arrays.spike, arrays.lists);
    this.spikeCount = arrays.spikeCount;
    this.elig = arrays.elig;
    this.x = arrays.x;
    this.eligTouched = arrays.eligTouched ?? new Int32Array(m.nPlastic);
    this.axonTouched = arrays.axonTouched ?? new Int32Array(m.hasDelta ? m.nAxons : 0);
    let maxDelay = 0;
    if (causal) for (let b = 0; b < m.blkMode.length; b++) if (modeKind(m.blkMode[b]) === KIND_THREE_FACTOR && m.blkDelay[b] > maxDelay) maxDelay = m.blkDelay[b];
    // a block of delay d = blkDelay + 1 pairs with the axon's spike of step t - d: H = largest d + 1
    this.causalH = maxDelay + 2;
    this.causalCap = this.delivery.plAxon.length;
    this.causalAxons = causal ? new Int32Array(this.causalH * this.causalCap) : null;
    // §2.4: the value of each recorded spike (255 = a plain spike), read when it pairs later
    this.causalG = causal && m.hasGraded ? new Uint8Array(this.causalH * this.causalCap) : null;
    this.causalCount = new Int32Array(causal ? this.causalH : 0);
  }

  /** §3.4: this share's transient state cleared at the start of a sample; vth, sbar, weights, m persist. */
  reset(training: boolean, sweepAll: boolean): void {
    const m = this.m, g0 = this.g0, g1 = this.g1;
    m.v.fill(0, g0, g1);
    m.u.fill(0, g0, g1);
    m.pending.fill(0, g0, g1);
    m.ref.fill(0, g0, g1);
    this.spikeCount.fill(0, g0, g1);
    for (let k = 0; k < this.nEligTouched; k++) this.elig[this.eligTouched[k]] = 0;
    this.nEligTouched = 0;
    for (let k = 0; k < this.nAxonTouched; k++) this.x[this.axonTouched[k]] = 0;
    this.nAxonTouched = 0;
    this.causalCount.fill(0);
    this.pipe.reset(training, sweepAll);
  }

  /** 1 EMIT and 2 COUNT of this share's compartments (readout z is read from the counts at the sample's end). */
  emit(t: number): void {
    this.pipe.emit(t, this.spikeCount);
    this.spikes += this.pipe.nCompSpiking;
  }

  /**
   * 3 ROUTE and 4 DELIVER of step t, source by source (§2.3: the order of additions is free): the
   * spiking compartments of every share (`lists[s]` with `counts[s]` entries, in share order), then
   * the host ports that spike in the raster row.
   */
  deliver(t: number, T: number, training: boolean, raster: Uint8Array, lists: ReadonlyArray<Int32Array>, counts: ArrayLike<number>): void {
    const m = this.m;
    if (this.causalAxons !== null) {
      this.causalCount[t % this.causalH] = 0;
      if (training) this.causalPass(t, T);
    }
    for (let s = 0; s < lists.length; s++) {
      const list = lists[s];
      for (let k = 0, n = counts[s]; k < n; k++) this.source(list[k], t, T, training);
    }
    const nComp = m.nComp, nPorts = m.nPorts, row = t * nPorts;
    let inputs = 0;
    const graded = m.portGraded;
    for (let k = 0; k < nPorts; k++) {
      const v = raster[row + k];
      if (v === 0) continue;
      inputs++;
      this.source(nComp + k, t, T, training, graded[k] === 1 ? v : 255);
    }
    if (this.scope.hosts) this.inputSpikes += inputs;
  }

  /**
   * One spiking source: its messages, NoC loads and synaptic operations, and its synapses into
   * this share. g: the spike's value, 255 for a plain spike, 1..254 for a graded host spike (§2.4).
   */
  private source(src: number, t: number, T: number, training: boolean, g = 255): void {
    const D = this.delivery;
    const { src: S, lk, lk16, ch, runKey, runSyn, dTarget, dWeight, plAxon } = D;
    const { coreMsgs, coreSyn, stepOps } = this.cost;
    const pipe = this.pipe;
    const o = src * SRC_STRIDE;
    const routes = S[o + S_ROUTES];
    if (routes !== 0) {
      const sc = S[o + S_CORE];
      this.messages += routes;
      if (sc >= 0) coreMsgs[sc] += routes;
      else this.hostMessages += routes;
      stepOps[OP_INTILE] += S[o + S_INTILE];
      stepOps[OP_EW] += S[o + S_EW];
      stepOps[OP_NS] += S[o + S_NS];
      stepOps[OP_CROSS] += S[o + S_CROSS];
      if (S[o + S_LATENCY] > this.cost.stepLatency) this.cost.stepLatency = S[o + S_LATENCY];
    }
    if (lk16.length !== 0) this.noc.add16(lk16, S[o + S_LK0], S[o + S_LK1]);
    else this.noc.add(lk, S[o + S_LK0], S[o + S_LK1]);
    const chMask = D.coreMask, chBits = D.coreBits;
    for (let c = S[o + S_CH0], c1 = S[o + S_CH1]; c < c1; c++) coreSyn[ch[c] & chMask] += ch[c] >>> chBits;
    const r0 = S[o + S_RUN0], r1 = S[o + S_RUN1];
    if (r0 !== r1) {
      const depth = D.depth;
      if (g !== 255) {
        const { accI, accF, dirty } = pipe;
        for (let r = r0; r < r1; r++) {
          const key = runKey[r];
          const slot = (t + (key >> RUN_DELAY)) % depth;
          const shift = ((key >> RUN_SHIFT) & 7) + 6;
          if (D.narrow) deliverGradedI32(accI, dTarget, dWeight, shift, key & 7, g, runSyn[r], runSyn[r + 1], pipe.accOffset(slot), dirty, pipe.dirtyOffset(slot));
          else deliverGradedF64(accF, dTarget, dWeight, 2 ** shift, key & 7, g, runSyn[r], runSyn[r + 1], pipe.accOffset(slot), dirty, pipe.dirtyOffset(slot));
        }
      } else if (D.narrow) {
        const { accI, dirty } = pipe;
        for (let r = r0; r < r1; r++) {
          const key = runKey[r];
          const slot = (t + (key >> RUN_DELAY)) % depth;
          deliverI32(accI, dTarget, dWeight, ((key >> RUN_SHIFT) & 7) + 6, key & 7, runSyn[r], runSyn[r + 1], pipe.accOffset(slot), dirty, pipe.dirtyOffset(slot));
        }
      } else {
        const { accF, dirty } = pipe;
        for (let r = r0; r < r1; r++) {
          const key = runKey[r];
          const slot = (t + (key >> RUN_DELAY)) % depth;
          deliverF64(accF, dTarget, dWeight, 2 ** (((key >> RUN_SHIFT) & 7) + 6), key & 7, runSyn[r], runSyn[r + 1], pipe.accOffset(slot), dirty, pipe.dirtyOffset(slot));
        }
      }
    }
    const p0 = S[o + S_PL0], p1 = S[o + S_PL1];
    if (p0 !== p1) {
      const pval = this.kernel[T - 1 - t];
      for (let p = p0; p < p1; p++) this.deliverPlastic(plAxon[p], t, pval, training, g);
    }
  }

  /**
   * The plastic blocks of one routed axon (of this share's cores), from the live weights (§2.2,
   * §2.3), with eligibility events for three-factor synapses whose target also spiked (§3.1 phase 3,
   * §5.2; training mode only: in inference nothing of §5 runs, so the engine records nothing and
   * costs nothing), and the delta rule's presynaptic count x_j (§5.7). Static blocks of the axon
   * went through the runs.
   */
  private deliverPlastic(ax: number, t: number, pval: number, training: boolean, g = 255): void {
    const M = this.m;
    const { axonBlockStart, axonHasDelta, blkSynStart, blkDelay, blkMode, synTarget, synW } = M;
    const pipe = this.pipe;
    const { accI, accF, dirty, depth, narrow } = pipe;
    if (M.hasDelta && axonHasDelta[ax] === 1 && this.x[ax]++ === 0) this.axonTouched[this.nAxonTouched++] = ax;
    const causal = this.causalAxons;
    if (causal !== null && training) {
      const slot = t % this.causalH;
      const at = slot * this.causalCap + this.causalCount[slot]++;
      causal[at] = ax;
      if (this.causalG !== null) this.causalG[at] = g;
    }
    for (let b = axonBlockStart[ax]; b < axonBlockStart[ax + 1]; b++) {
      const mode = blkMode[b], kind = modeKind(mode);
      if (kind === KIND_STATIC) continue;
      const slot = (t + blkDelay[b]) % depth;
      const s0 = blkSynStart[b], s1 = blkSynStart[b + 1];
      if (g !== 255) {
        if (narrow) deliverGradedI32(accI, synTarget, synW, modeShift(mode), modeDown(mode), g, s0, s1, pipe.accOffset(slot), dirty, pipe.dirtyOffset(slot));
        else deliverGradedF64(accF, synTarget, synW, 2 ** modeShift(mode), modeDown(mode), g, s0, s1, pipe.accOffset(slot), dirty, pipe.dirtyOffset(slot));
      } else if (narrow) deliverI32(accI, synTarget, synW, modeShift(mode), modeDown(mode), s0, s1, pipe.accOffset(slot), dirty, pipe.dirtyOffset(slot));
      else deliverF64(accF, synTarget, synW, 2 ** modeShift(mode), modeDown(mode), s0, s1, pipe.accOffset(slot), dirty, pipe.dirtyOffset(slot));
      // §2.4: a graded spike's coincident pairing adds round(pval g / 255)
      if (training && kind === KIND_THREE_FACTOR && causal === null) this.chargeEligibility(ax, this.recordEligibility(s0, s1, g === 255 ? pval : gradedScale(pval, g)));
    }
  }

  /**
   * §5.2 for the synapses [s0, s1) of one three-factor block: those whose target spikes now add
   * pval to their eligibility (listed in eligTouched the first time it becomes nonzero); returns
   * the eligibility events (every such synapse, also when pval is 0).
   */
  private recordEligibility(s0: number, s1: number, pval: number): number {
    const { synTarget, synPlastic } = this.m;
    const spike = this.pipe.spike, elig = this.elig, touched = this.eligTouched;
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
    return events;
  }

  /** One learning-engine update per eligibility event, on the axon's core. */
  private chargeEligibility(ax: number, events: number): void {
    if (events === 0) return;
    this.cost.charge(this.m.coreOfAxon(ax), PH_LEARN, OP_UPD, events);
    this.eligibilityEvents += events;
  }

  /**
   * §5.2 causal pairing at step t (training only): for every plastic axon delivered at step t - d,
   * its three-factor blocks of delay d record P[T-1-t] for the synapses whose target spikes now.
   * Charged like the coincident events (one learning-engine update each, on the axon's core).
   */
  private causalPass(t: number, T: number): void {
    const { axonBlockStart, blkSynStart, blkDelay, blkMode } = this.m;
    const ring = this.causalAxons!;
    const pval = this.kernel[T - 1 - t];
    for (let d = 1; d < this.causalH && d <= t; d++) {
      const slot = (t - d) % this.causalH;
      for (let k = slot * this.causalCap, end = k + this.causalCount[slot]; k < end; k++) {
        const ax = ring[k];
        // §2.4: a graded spike's pairing adds round(pval g / 255)
        const g = this.causalG === null ? 255 : this.causalG[k];
        const pv = g === 255 ? pval : gradedScale(pval, g);
        let events = 0;
        for (let b = axonBlockStart[ax]; b < axonBlockStart[ax + 1]; b++) {
          if (modeKind(blkMode[b]) === KIND_THREE_FACTOR && blkDelay[b] + 1 === d) events += this.recordEligibility(blkSynStart[b], blkSynStart[b + 1], pv);
        }
        this.chargeEligibility(ax, events);
      }
    }
  }

  /** 5 UPDATE (§3.2, §3.3) of this share's compartments; hold (§5.11): no homeostasis while training. */
  update(t: number, training: boolean, hold: boolean): void {
    this.pipe.update(t, training, hold, this.vBits, this.cBits, this.cost.coreActive);
  }

  /**
   * The cores' half of the barrier: folds this share's per-core counts into cycles and leaves the
   * busiest of its cores in cost.busiest / cost.busiestCore; the step's operation counts stay in
   * cost.stepOps and its latency in cost.stepLatency, the largest load of its links in noc.maxLoad.
   */
  close(): void {
    this.cost.fold(this.c0, this.c1);
    this.cost.closeCores(this.c0, this.c1);
  }

  /** Clears the step's counts after they were read (close() and the counters above). */
  endStep(): void {
    this.noc.endStep();
    this.cost.stepOps.fill(0);
    this.cost.stepLatency = 0;
    this.spikes = this.inputSpikes = this.messages = this.hostMessages = this.eligibilityEvents = 0;
  }
}
