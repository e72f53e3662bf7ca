/**
 * The timestep's phases (docs/semantics.md §3.1; docs/emulator.md "Phase order" and "Performance
 * design"), over typed arrays allocated once. Work per step is proportional to activity:
 *
 *  - the *carry list* holds every compartment that is not quiet. A compartment is quiet when its
 *    update with no input is the identity and it cannot spike: srlif with v = 0, vth > 0, bias 0;
 *    cuba with u = v = ref = pending = 0, threshold >= 0, bias 0; never in training mode, where
 *    homeostasis (§3.2) moves every compartment. A quiet compartment is skipped by EMIT (S = 0)
 *    and by UPDATE unless input arrived;
 *  - DELIVER records, per delay-line slot, every accumulator it moves away from zero (the *dirty
 *    list*, written branch-free), so UPDATE visits carry ∪ dirty instead of every compartment.
 *    Duplicates (a sum that returned to zero and left it again) are skipped with a per-step stamp;
 *    a slot whose list would overflow falls back to visiting every compartment.
 * Skipped compartments are counted as inactive per core, so cycles and energy equal a full sweep.
 */
import { decay, sat, shr, wrap } from './fixed.js';
import { MODEL_SRLIF, type Machine } from './machine.js';

export class Pipeline {
  readonly nComp: number;
  readonly depth: number;
  readonly narrow: boolean;
  /** delay line: depth x nComp accumulators; Int32 when the image's bounds allow (delivery.ts) */
  readonly accI: Int32Array;
  readonly accF: Float64Array;
  /** per slot: compartments whose accumulator left zero (cap entries each) */
  readonly dirty: Int32Array;
  readonly dirtyN: Int32Array;
  readonly dirtyOvf: Uint8Array;
  readonly cap: number;
  /** S(t) per compartment and the list of this step's spiking sources (compartments, then ports) */
  readonly spike: Uint8Array;
  readonly spikeList: Int32Array;
  nSpiking = 0;
  nCompSpiking = 0;
  private carry: Int32Array;
  private nextCarry: Int32Array;
  nCarry = 0;
  private readonly seen: Int32Array;
  private stamp = 0;
  readonly sleepable: Uint8Array;

  constructor(readonly m: Machine, depth: number, narrow: boolean, maxRun: number) {
    const n = (this.nComp = m.nComp);
    this.depth = depth;
    this.narrow = narrow;
    this.accI = new Int32Array(narrow ? depth * n : 0);
    this.accF = new Float64Array(narrow ? 0 : depth * n);
    let maxBlock = 0;
    for (let b = 0; b + 1 < m.blkSynStart.length; b++) maxBlock = Math.max(maxBlock, m.blkSynStart[b + 1] - m.blkSynStart[b]);
    this.cap = Math.max(n, maxRun, maxBlock, 1);
    this.dirty = new Int32Array(depth * this.cap);
    this.dirtyN = new Int32Array(depth);
    this.dirtyOvf = new Uint8Array(depth);
    this.spike = new Uint8Array(n);
    this.spikeList = new Int32Array(n + m.nPorts);
    this.carry = new Int32Array(n);
    this.nextCarry = new Int32Array(n);
    this.seen = new Int32Array(n);
    this.sleepable = new Uint8Array(n);
  }

  /** §3.4 sample start (state already zeroed by the caller): empty delay lines, carry = the sleepless. */
  reset(training: boolean): void {
    const m = this.m;
    if (this.narrow) this.accI.fill(0);
    else this.accF.fill(0);
    this.dirtyN.fill(0);
    this.dirtyOvf.fill(0);
    this.spike.fill(0);
    this.nSpiking = this.nCompSpiking = 0;
    let nc = 0;
    for (let g = 0; g < this.nComp; g++) {
      const k = m.compCfg[g];
      const ok = !training && m.cfgBias[k] === 0 && (m.cfgModel[k] === MODEL_SRLIF ? m.vth[g] > 0 : m.cfgVth[k] >= 0);
      this.sleepable[g] = ok ? 1 : 0;
      if (!ok) this.carry[nc++] = g;
    }
    this.nCarry = nc;
  }

  /** 1 EMIT (§3.2, §3.3) over the carry list, then host ports from the raster row; counts spikes. */
  emit(raster: Uint8Array, row: number, spikeCount: Int32Array): void {
    const m = this.m;
    const spike = this.spike, list = this.spikeList, carry = this.carry;
    const { v, vth, pending, compCfg, cfgModel } = m;
    for (let k = 0; k < this.nCompSpiking; k++) spike[list[k]] = 0;
    let ns = 0;
    for (let k = 0; k < this.nCarry; k++) {
      const g = carry[k];
      const s = cfgModel[compCfg[g]] === MODEL_SRLIF ? (v[g] >= vth[g] ? 1 : 0) : pending[g];
      spike[g] = s;
      if (s) {
        list[ns++] = g;
        spikeCount[g]++;
      }
    }
    this.nCompSpiking = ns;
    const nComp = this.nComp;
    for (let k = 0; k < m.nPorts; k++) if (raster[row + k]) list[ns++] = nComp + k;
    this.nSpiking = ns;
  }

  /**
   * 5 UPDATE (§3.2, §3.3) of slot t: every compartment on the carry or dirty list, or all of them
   * after a dirty-list overflow; builds the next carry list and counts active compartments per core.
   */
  update(t: number, training: boolean, vBits: number, cBits: number, coreActive: Int32Array): void {
    const slot = t % this.depth;
    const stamp = (this.stamp = (this.stamp + 1) | 0);
    const seen = this.seen;
    const next = this.nextCarry;
    let nn = 0;
    if (this.dirtyOvf[slot]) {
      for (let g = 0; g < this.nComp; g++) nn = this.one(g, slot, training, vBits, cBits, coreActive, next, nn);
    } else {
      const carry = this.carry;
      for (let k = 0; k < this.nCarry; k++) {
        const g = carry[k];
        seen[g] = stamp;
        nn = this.one(g, slot, training, vBits, cBits, coreActive, next, nn);
      }
      const d = this.dirty, base = slot * this.cap, end = base + this.dirtyN[slot];
      for (let k = base; k < end; k++) {
        const g = d[k];
        if (seen[g] === stamp) continue;
        seen[g] = stamp;
        nn = this.one(g, slot, training, vBits, cBits, coreActive, next, nn);
      }
    }
    this.dirtyN[slot] = 0;
    this.dirtyOvf[slot] = 0;
    this.nextCarry = this.carry;
    this.carry = next;
    this.nCarry = nn;
  }

  /** One compartment's update; returns the new length of the next carry list. */
  private one(g: number, slot: number, training: boolean, vBits: number, cBits: number, coreActive: Int32Array, next: Int32Array, nn: number): number {
    const m = this.m;
    const i = slot * this.nComp + g;
    let A: number;
    if (this.narrow) {
      A = this.accI[i];
      this.accI[i] = 0;
    } else {
      A = this.accF[i];
      this.accF[i] = 0;
    }
    A = sat(A, vBits); // §2.3: saturate once
    const S = this.spike[g];
    if (S !== 0 || A !== 0) coreActive[m.compCore[g]]++;
    const k = m.compCfg[g];
    const v = m.v;
    if (m.cfgModel[k] === MODEL_SRLIF) {
      const th = m.vth[g];
      const nv = sat(decay(v[g], m.cfgDecayV[k]) + A + m.cfgBias[k] - S * th, vBits);
      v[g] = nv;
      if (training) {
        const sb = m.sbar[g] + shr(S * 4096 - m.sbar[g], m.cfgRateShift[k]);
        m.sbar[g] = sb;
        const x = th + shr(m.cfgEtaMant[k] * (sb - m.cfgTargetRate[k]), m.cfgEtaShift[k]);
        m.vth[g] = x < m.cfgVthMin[k] ? m.cfgVthMin[k] : x > m.cfgVthMax[k] ? m.cfgVthMax[k] : x;
      }
      if (nv !== 0 || this.sleepable[g] === 0) next[nn++] = g;
      return nn;
    }
    const u = m.u, ref = m.ref, pending = m.pending;
    const un = wrap(decay(u[g], m.cfgDecayU[k] + 1) + A, cBits);
    u[g] = un;
    if (ref[g] > 0) {
      v[g] = 0;
      ref[g]--;
      pending[g] = 0;
    } else {
      const vp = sat(decay(v[g], m.cfgDecayV[k]) + un + m.cfgBias[k], vBits);
      if (vp > m.cfgVth[k]) {
        pending[g] = 1;
        v[g] = 0;
        ref[g] = m.cfgRefractory[k];
      } else {
        pending[g] = 0;
        v[g] = vp;
      }
    }
    if (un !== 0 || v[g] !== 0 || ref[g] !== 0 || pending[g] !== 0 || this.sleepable[g] === 0) next[nn++] = g;
    return nn;
  }
}

/**
 * 4 DELIVER of one run (delivery.ts) into slot offset `off`: acc[off + target] += scaled weight,
 * recording each accumulator that leaves zero in dirty[base + n..] (branch-free: the entry is always
 * written, the count advances only on a zero). Returns the new count. Int32: the image's bound
 * proves no slot sum reaches 2^31.
 */
export function deliverI32(acc: Int32Array, tgt: Int32Array, w: Int32Array, s0: number, s1: number, off: number, dirty: Int32Array, base: number, n: number): number {
  for (let s = s0; s < s1; s++) {
    const g = tgt[s];
    const a = acc[off + g];
    dirty[base + n] = g;
    n += a === 0 ? 1 : 0;
    acc[off + g] = a + w[s];
  }
  return n;
}

/** deliverI32 for images whose bounds need exact wide (float64, < 2^53) sums. */
export function deliverF64(acc: Float64Array, tgt: Int32Array, w: Float64Array, s0: number, s1: number, off: number, dirty: Int32Array, base: number, n: number): number {
  for (let s = s0; s < s1; s++) {
    const g = tgt[s];
    const a = acc[off + g];
    dirty[base + n] = g;
    n += a === 0 ? 1 : 0;
    acc[off + g] = a + w[s];
  }
  return n;
}
