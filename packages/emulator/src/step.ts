/**
 * The timestep's phases (docs/semantics.md §3.1; docs/emulator.md "Phase order" and "Performance
 * design"), over typed arrays allocated once. Work per step follows activity, not size:
 *
 *  - the *carry set* (a bitset) holds every compartment that is not quiet. A compartment is quiet
 *    when its update without input is the identity and it cannot spike: srlif with v = 0, vth > 0,
 *    bias 0; cuba with u = v = ref = pending = 0, threshold >= 0, bias 0; never in training mode,
 *    where homeostasis (§3.2) moves every compartment. EMIT skips quiet compartments (S = 0);
 *  - DELIVER marks, per delay-line slot, every compartment it adds input to (the *dirty set*), so
 *    UPDATE visits carry ∪ dirty, word by word, in ascending compartment order (sequential memory,
 *    no sorting, no duplicates) and skips 32 quiet compartments per zero word.
 * Skipped compartments are counted as inactive per core, so cycles and energy equal a full sweep.
 *
 * A Pipeline holds one share of the cores (threads/, docs/emulator.md "Threads"): compartments
 * [g0, g1) of cores [c0, c1), a contiguous range (all of them on one thread). Its delay line and
 * dirty sets cover only that range (indexed g - g0 and w - w0); every loop runs over its words
 * [w0, w1), and its bitsets only ever hold its own compartments, so a word it shares with a
 * neighbouring share is never written by both.
 */
import { decay, sat, shr, wrap } from './fixed.js';
import { MODEL_SRLIF, type Machine } from './machine.js';

/** A share's range: cores [c0, c1) and their compartments [g0, g1). */
export interface ShareRange {
  c0: number;
  c1: number;
  g0: number;
  g1: number;
}

export class Pipeline {
  readonly nComp: number;
  readonly depth: number;
  readonly narrow: boolean;
  readonly words: number;
  /** the share: compartments [g0, g1), bitset words [w0, w1), span = g1 - g0, lw = w1 - w0 */
  readonly g0: number;
  readonly g1: number;
  readonly w0: number;
  readonly w1: number;
  readonly span: number;
  readonly lw: number;
  /** delay line: depth x span accumulators (slot s, compartment g at s * span + g - g0); Int32 when the image's bounds allow (delivery.ts) */
  readonly accI: Int32Array;
  readonly accF: Float64Array;
  /** per slot: bitset of compartments that received input (depth x lw; word w at s * lw + w - w0) */
  readonly dirty: Int32Array;
  /** S(t) per compartment (all compartments; this share writes only its own) */
  readonly spike: Uint8Array;
  /** the spiking compartments of step t, in ascending order, in lists[t & 1] (shared with other shares under threads) */
  readonly lists: [Int32Array, Int32Array];
  /** step t's list (lists[t & 1]) and its length */
  spikeList: Int32Array;
  nCompSpiking = 0;
  /** S(t+1) of compartments, decided by update(t) from the state it just wrote (-1: not yet) */
  private readonly nextSpikes: Int32Array;
  private nNext = -1;
  /** bitset of compartments that are not quiet (state for the step about to run) */
  private carry: Int32Array;
  private nextCarry: Int32Array;
  readonly sleepable: Uint8Array;
  private readonly sleepless: Int32Array;
  /** compartments active in the last update (spiked or A != 0), counted per core by countActive */
  readonly active: Int32Array;
  private readonly coreStart: Int32Array;
  private readonly c0: number;
  private readonly c1: number;
  /** every compartment is srlif: inference runs the specialised updateI32Srlif */
  private readonly allSrlif: boolean;

  /**
   * `spike` and `lists` may be given (SharedArrayBuffer views under threads): lists of at least
   * span entries each.
   */
  constructor(readonly m: Machine, depth: number, narrow: boolean, range: ShareRange = { c0: 0, c1: m.nCores, g0: 0, g1: m.nComp }, spike?: Uint8Array, lists?: [Int32Array, Int32Array]) {
    const n = (this.nComp = m.nComp);
    this.depth = depth;
    this.narrow = narrow;
    this.words = (n + 31) >>> 5;
    const { g0, g1 } = range;
    this.g0 = g0;
    this.g1 = g1;
    this.c0 = range.c0;
    this.c1 = range.c1;
    const span = (this.span = g1 - g0);
    this.w0 = g0 >>> 5;
    this.w1 = g1 > g0 ? ((g1 - 1) >>> 5) + 1 : this.w0;
    this.lw = this.w1 - this.w0;
    this.accI = new Int32Array(narrow ? depth * span : 0);
    this.accF = new Float64Array(narrow ? 0 : depth * span);
    this.dirty = new Int32Array(depth * this.lw);
    this.spike = spike ?? new Uint8Array(n);
    this.lists = lists ?? [new Int32Array(span), new Int32Array(span)];
    this.spikeList = this.lists[0];
    this.nextSpikes = new Int32Array(span);
    this.carry = new Int32Array(this.words);
    this.nextCarry = new Int32Array(this.words);
    this.sleepable = new Uint8Array(n);
    this.sleepless = new Int32Array(this.words);
    this.active = new Int32Array(this.words);
    this.coreStart = m.compStart;
    let all = true;
    for (let g = g0; g < g1; g++) if (m.compModel[g] !== MODEL_SRLIF) all = false;
    this.allSrlif = all;
  }

  /** The delay line's offset of slot `slot` (acc[off + g] is compartment g's accumulator). */
  accOffset(slot: number): number {
    return slot * this.span - this.g0;
  }

  /** The dirty sets' offset of slot `slot` (dirty[off + w] is word w's). */
  dirtyOffset(slot: number): number {
    return slot * this.lw - this.w0;
  }

  /**
   * §3.4 sample start (state already zeroed by the caller): empty delay lines, carry = the
   * sleepless. `sweepAll` makes every compartment sleepless (a full sweep every step).
   */
  reset(training: boolean, sweepAll = false): void {
    const m = this.m;
    if (this.narrow) this.accI.fill(0);
    else this.accF.fill(0);
    this.dirty.fill(0);
    this.spike.fill(0, this.g0, this.g1);
    this.carry.fill(0);
    this.nCompSpiking = 0;
    this.nNext = -1;
    for (let g = this.g0; g < this.g1; g++) {
      const k = m.compCfg[g];
      const ok = !training && !sweepAll && m.cfgBias[k] === 0 && (m.cfgModel[k] === MODEL_SRLIF ? m.vth[g] > 0 : m.cfgVth[k] >= 0);
      this.sleepable[g] = ok ? 1 : 0;
      if (!ok) this.carry[g >>> 5] |= 1 << (g & 31);
    }
    this.sleepless.set(this.carry);
  }

  /**
   * 1 EMIT (§3.2, §3.3) of step t into lists[t & 1], ascending; counts spikes (host ports are read
   * from the raster by the deliver loop). The decision S(t) is a function of the state the
   * compartment holds at the start of step t, which update(t - 1) has just written: it records the
   * decision there (nextSpikes), so EMIT only copies it. At the first step of a sample it is taken
   * from the carry set.
   */
  emit(t: number, spikeCount: Int32Array): void {
    const m = this.m;
    const spike = this.spike;
    const prev = this.spikeList;
    for (let k = 0; k < this.nCompSpiking; k++) spike[prev[k]] = 0;
    const list = (this.spikeList = this.lists[t & 1]);
    let ns = 0;
    if (this.nNext >= 0) {
      const next = this.nextSpikes;
      for (let k = 0; k < this.nNext; k++) {
        const g = next[k];
        spike[g] = 1;
        list[ns++] = g;
        spikeCount[g]++;
      }
    } else {
      const carry = this.carry;
      const { v, vth, pending, compCfg, cfgModel } = m;
      for (let w = this.w0; w < this.w1; w++) {
        let bits = carry[w];
        while (bits !== 0) {
          const low = bits & ((0 - bits) | 0); // lowest set bit, kept in int32 (-bits overflows for bit 31)
          const g = (w << 5) | (31 - Math.clz32(low));
          bits ^= low;
          const s = cfgModel[compCfg[g]] === MODEL_SRLIF ? (v[g] >= vth[g] ? 1 : 0) : pending[g];
          if (s !== 0) {
            spike[g] = 1;
            list[ns++] = g;
            spikeCount[g]++;
          }
        }
      }
    }
    this.nCompSpiking = ns;
  }

  /**
   * 5 UPDATE (§3.2, §3.3) of slot t over carry ∪ dirty(slot), ascending; builds the next carry set
   * and counts active compartments per core.
   */
  update(t: number, training: boolean, hold: boolean, vBits: number, cBits: number, coreActive: Int32Array): void {
    const slot = t % this.depth;
    const next = this.nextCarry;
    next.set(this.sleepless); // sleepless compartments stay; update adds the non-quiet
    this.active.fill(0);
    this.nNext = this.narrow
      ? !training && this.allSrlif
        ? updateI32Srlif(this.m, this.accI, slot, this, next, this.nextSpikes, vBits)
        : updateI32(this.m, this.accI, slot, this, next, this.nextSpikes, training && !hold, vBits, cBits)
      : updateF64(this.m, this.accF, slot, this, next, this.nextSpikes, training && !hold, vBits, cBits);
    this.nextCarry = this.carry;
    this.carry = next;
    this.countActive(coreActive);
  }

  /**
   * Active compartments per core: a core's compartments are one contiguous range, so its count is
   * the population count of the active bitset over that range (O(words + cores) per step instead
   * of a counter update per compartment).
   */
  private countActive(coreActive: Int32Array): void {
    const a = this.active, cs = this.coreStart;
    for (let c = this.c0; c < this.c1; c++) {
      const g0 = cs[c], g1 = cs[c + 1];
      if (g0 === g1) continue;
      const w0 = g0 >>> 5, w1 = (g1 - 1) >>> 5;
      let n = 0;
      for (let w = w0; w <= w1; w++) {
        let x = a[w];
        if (x === 0) continue;
        if (w === w0) x &= -1 << (g0 & 31);
        if (w === w1 && (g1 & 31) !== 0) x &= (1 << (g1 & 31)) - 1;
        x = x - ((x >>> 1) & 0x55555555);
        x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
        n += Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
      }
      coreActive[c] += n;
    }
  }

  /** The current carry set (read by updateI32/updateF64). */
  get carrySet(): Int32Array {
    return this.carry;
  }
}

/**
 * 4 DELIVER of synapses [s0, s1) into the delay line at `off`: a run (delivery.ts, static weights)
 * or a plastic block (the live, learning weights). Each adds its §2.2 contribution
 * (w >> down) << shift, with shift = 6 + max(0, exp) and down = max(0, -exp), and sets the
 * target's bit in the slot's dirty set. Int32: |w| < 2^15 and shift <= 13, so each contribution
 * is exact in 32 bits, and the image's bound proves no slot sum reaches 2^31.
 */
export function deliverI32(acc: Int32Array, tgt: Int32Array, w: Int16Array, shift: number, down: number, s0: number, s1: number, off: number, dirty: Int32Array, dOff: number): void {
  for (let s = s0; s < s1; s++) {
    const g = tgt[s];
    acc[off + g] += (w[s] >> down) << shift;
    dirty[dOff + (g >>> 5)] |= 1 << (g & 31);
  }
}

/**
 * deliverI32 for a graded host spike of value g (§2.4): each synapse adds round(c g / 255) =
 * floor((2 c g + 255) / 510) of its contribution c, computed in float64 (|2 c g| < 2^38, exact),
 * never more than c in magnitude, so the image's bound on slot sums still holds.
 */
export function deliverGradedI32(acc: Int32Array, tgt: Int32Array, w: Int16Array, shift: number, down: number, g: number, s0: number, s1: number, off: number, dirty: Int32Array, dOff: number): void {
  for (let s = s0; s < s1; s++) {
    const n = tgt[s];
    acc[off + n] += gradedScale((w[s] >> down) << shift, g);
    dirty[dOff + (n >>> 5)] |= 1 << (n & 31);
  }
}

/** deliverGradedI32 for wide (float64) delay lines. */
export function deliverGradedF64(acc: Float64Array, tgt: Int32Array, w: Int16Array, scale: number, down: number, g: number, s0: number, s1: number, off: number, dirty: Int32Array, dOff: number): void {
  for (let s = s0; s < s1; s++) {
    const n = tgt[s];
    acc[off + n] += gradedScale((w[s] >> down) * scale, g);
    dirty[dOff + (n >>> 5)] |= 1 << (n & 31);
  }
}

/** deliverI32 for images whose bounds need exact wide (float64, < 2^53) sums. */
export function deliverF64(acc: Float64Array, tgt: Int32Array, w: Int16Array, scale: number, down: number, s0: number, s1: number, off: number, dirty: Int32Array, dOff: number): void {
  for (let s = s0; s < s1; s++) {
    const g = tgt[s];
    acc[off + g] += (w[s] >> down) * scale;
    dirty[dOff + (g >>> 5)] |= 1 << (g & 31);
  }
}

// The update loop, for Int32 and float64 delay lines (two copies, each monomorphic). Decay uses
// `(x * k * 2^-12) | 0`: the product is exact in float64 (|x| <= 2^31, k <= 4096), multiplying by a
// power of two is exact (and much cheaper than dividing), the quotient fits 32 bits and `| 0`
// truncates toward zero, which is §1.1's sgn(x) * ((|x| * k) >> 12), without ever producing -0.
const INV4096 = 1 / 4096;
// updateF64 is updateI32 with the accumulator's and the bias's types changed.

function updateI32(m: Machine, acc: Int32Array, slot: number, p: Pipeline, next: Int32Array, fire: Int32Array, homeo: boolean, vBits: number, cBits: number): number {
  const { v, vth, sbar, compCfg, compModel, compK, compBiasI: compBias } = m;
  const vHi = 2 ** (vBits - 1) - 1, vLo = -(2 ** (vBits - 1));
  const carry = p.carrySet, dirty = p.dirty, spike = p.spike, active = p.active;
  const dOff = p.dirtyOffset(slot), off = p.accOffset(slot);
  let nf = 0;
  for (let w = p.w0; w < p.w1; w++) {
    let bits = carry[w] | dirty[dOff + w];
    if (bits === 0) continue;
    dirty[dOff + w] = 0;
    let keep = 0, act = 0;
    while (bits !== 0) {
      const low = bits & ((0 - bits) | 0); // lowest set bit, kept in int32 (-bits overflows for bit 31)
      bits ^= low;
      const g = (w << 5) | (31 - Math.clz32(low));
      let A = acc[off + g];
      acc[off + g] = 0;
      A = A > vHi ? vHi : A < vLo ? vLo : A; // §2.3: saturate once
      const S = spike[g];
      if (S !== 0 || A !== 0) act |= low;
      let quiet: boolean;
      if (compModel[g] === MODEL_SRLIF) {
        const th = vth[g], x = v[g];
        const k = compK[g]; // k = 0 would make x * k = -0 for x < 0 and deoptimise the loop
        let nv = (k === 0 ? 0 : (x * k * INV4096) | 0) + A + compBias[g] - S * th; // §3.2
        if (nv > vHi || nv < vLo) nv = saturateV(m, g, nv, vHi, vLo);
        v[g] = nv;
        if (homeo) homeostasis(m, g, compCfg[g], S, th, sbar, vth);
        if (nv >= vth[g]) fire[nf++] = g; // S(t + 1), §3.2 emit
        quiet = nv === 0;
      } else {
        quiet = cuba(m, g, compCfg[g], A, vBits, cBits);
        if (m.pending[g] !== 0) fire[nf++] = g; // S(t + 1), §3.3 emit
      }
      if (!quiet) keep |= low;
    }
    next[w] |= keep;
    active[w] = act;
  }
  return nf;
}

/**
 * updateI32 for inference on an all-srlif machine (the common case): no model branch, no
 * homeostasis (vth is constant, so th = vth[g]), and full words (every compartment of the 32
 * visited, as in a leaky network) walked in order without bit scanning. Same results.
 */
function updateI32Srlif(m: Machine, acc: Int32Array, slot: number, p: Pipeline, next: Int32Array, fire: Int32Array, vBits: number): number {
  const { v, vth, compK, compBiasI: compBias } = m;
  const vHi = 2 ** (vBits - 1) - 1, vLo = -(2 ** (vBits - 1));
  const carry = p.carrySet, dirty = p.dirty, spike = p.spike, active = p.active;
  const dOff = p.dirtyOffset(slot), off = p.accOffset(slot);
  const w1 = p.w1;
  let nf = 0;
  for (let w = p.w0; w < w1; w++) {
    let bits = carry[w] | dirty[dOff + w];
    if (bits === 0) continue;
    dirty[dOff + w] = 0;
    let keep = 0, act = 0;
    if (bits === -1) {
      // a full word lies wholly inside [g0, g1): bits of other shares are never set
      const base = w << 5;
      for (let j = 0; j < 32; j++) {
        const g = base + j;
        const ag = off + g;
        let A = acc[ag];
        acc[ag] = 0;
        A = A > vHi ? vHi : A < vLo ? vLo : A;
        const S = spike[g];
        const th = vth[g], x = v[g], k = compK[g];
        let nv = (k === 0 ? 0 : (x * k * INV4096) | 0) + A + compBias[g] - S * th;
        if (nv > vHi || nv < vLo) nv = saturateV(m, g, nv, vHi, vLo);
        v[g] = nv;
        if (nv >= th) fire[nf++] = g;
        if ((S | A) !== 0) act |= 1 << j;
        if (nv !== 0) keep |= 1 << j;
      }
    } else {
      while (bits !== 0) {
        const low = bits & ((0 - bits) | 0);
        bits ^= low;
        const g = (w << 5) | (31 - Math.clz32(low));
        let A = acc[off + g];
        acc[off + g] = 0;
        A = A > vHi ? vHi : A < vLo ? vLo : A;
        const S = spike[g];
        const th = vth[g], x = v[g], k = compK[g];
        let nv = (k === 0 ? 0 : (x * k * INV4096) | 0) + A + compBias[g] - S * th;
        if (nv > vHi || nv < vLo) nv = saturateV(m, g, nv, vHi, vLo);
        v[g] = nv;
        if (nv >= th) fire[nf++] = g;
        if ((S | A) !== 0) act |= low;
        if (nv !== 0) keep |= low;
      }
    }
    next[w] |= keep;
    active[w] = act;
  }
  return nf;
}

function updateF64(m: Machine, acc: Float64Array, slot: number, p: Pipeline, next: Int32Array, fire: Int32Array, homeo: boolean, vBits: number, cBits: number): number {
  const { v, vth, sbar, compCfg, compModel, compK, compBias } = m;
  const vHi = 2 ** (vBits - 1) - 1, vLo = -(2 ** (vBits - 1));
  const carry = p.carrySet, dirty = p.dirty, spike = p.spike, active = p.active;
  const dOff = p.dirtyOffset(slot), off = p.accOffset(slot);
  let nf = 0;
  for (let w = p.w0; w < p.w1; w++) {
    let bits = carry[w] | dirty[dOff + w];
    if (bits === 0) continue;
    dirty[dOff + w] = 0;
    let keep = 0, act = 0;
    while (bits !== 0) {
      const low = bits & ((0 - bits) | 0); // lowest set bit, kept in int32 (-bits overflows for bit 31)
      bits ^= low;
      const g = (w << 5) | (31 - Math.clz32(low));
      let A = acc[off + g];
      acc[off + g] = 0;
      A = A > vHi ? vHi : A < vLo ? vLo : A; // §2.3: saturate once
      const S = spike[g];
      if (S !== 0 || A !== 0) act |= low;
      let quiet: boolean;
      if (compModel[g] === MODEL_SRLIF) {
        const th = vth[g], x = v[g];
        const k = compK[g]; // k = 0 would make x * k = -0 for x < 0 and deoptimise the loop
        let nv = (k === 0 ? 0 : (x * k * INV4096) | 0) + A + compBias[g] - S * th; // §3.2
        if (nv > vHi || nv < vLo) nv = saturateV(m, g, nv, vHi, vLo);
        v[g] = nv;
        if (homeo) homeostasis(m, g, compCfg[g], S, th, sbar, vth);
        if (nv >= vth[g]) fire[nf++] = g; // S(t + 1), §3.2 emit
        quiet = nv === 0;
      } else {
        quiet = cuba(m, g, compCfg[g], A, vBits, cBits);
        if (m.pending[g] !== 0) fire[nf++] = g; // S(t + 1), §3.3 emit
      }
      if (!quiet) keep |= low;
    }
    next[w] |= keep;
    active[w] = act;
  }
  return nf;
}

/** §1.2 a voltage beyond its width: counted (per population) and saturated. Off the hot path. */
function saturateV(m: Machine, g: number, nv: number, vHi: number, vLo: number): number {
  m.ovf[2 * m.compPop[g] + 1]++;
  return nv > vHi ? vHi : vLo;
}

/** §3.3 one CUBA update with input A; returns whether the compartment is left quiet. */
function cuba(m: Machine, g: number, c: number, A: number, vBits: number, cBits: number): boolean {
  const { u, v, ref, pending } = m;
  const ur = decay(u[g], m.cfgDecayU[c] + 1) + A;
  const un = wrap(ur, cBits);
  if (un !== ur) m.ovf[2 * m.compPop[g]]++; // §1.2 u wrapped
  u[g] = un;
  if (ref[g] > 0) {
    v[g] = 0;
    ref[g]--;
    pending[g] = 0;
  } else {
    const vr = decay(v[g], m.cfgDecayV[c]) + un + m.cfgBias[c];
    const vp = sat(vr, vBits);
    if (vp !== vr) m.ovf[2 * m.compPop[g] + 1]++; // §1.2 v saturated
    if (vp > m.cfgVth[c]) {
      pending[g] = 1;
      v[g] = 0;
      ref[g] = m.cfgRefractory[c];
    } else {
      pending[g] = 0;
      v[g] = vp;
    }
  }
  return un === 0 && v[g] === 0 && ref[g] === 0 && pending[g] === 0;
}

/** §3.2 homeostasis (training mode only, unless the host holds it, §5.11): rate estimate, then the threshold, clamped. */
function homeostasis(m: Machine, g: number, c: number, S: number, th: number, sbar: Int32Array, vth: Int32Array): void {
  const sb = sbar[g] + shr(S * 4096 - sbar[g], m.cfgRateShift[c]);
  sbar[g] = sb;
  const x = th + shr(m.cfgEtaMant[c] * (sb - m.cfgTargetRate[c]), m.cfgEtaShift[c]);
  vth[g] = x < m.cfgVthMin[c] ? m.cfgVthMin[c] : x > m.cfgVthMax[c] ? m.cfgVthMax[c] : x;
}

/** §2.4: round(x g / 255) for an integer x and a value g in 1..255, as floor((2 x g + 255) / 510) (no value lies halfway: 255 is odd). */
export function gradedScale(x: number, g: number): number {
  return Math.floor((2 * x * g + 255) / 510);
}
