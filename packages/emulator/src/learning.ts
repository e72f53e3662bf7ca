/**
 * The learning epoch (docs/semantics.md §5), split as a chip splits it: the management core
 * computes the class scores (§4), the teaching signal (§5.1) and every modulatory block (§5.3-§5.5) and
 * sends L_i and delta to the cores; each core's learning engine then updates its own plastic
 * synapses (§5.6, §5.7), touching only synapses whose eligibility or presynaptic count is non-zero.
 */
import type { ChipImage, ManagementLearning } from '@snnc/image';
import { decay, floorDiv, sat, shr, stochasticRound } from './fixed.js';
import type { Machine } from './machine.js';
import { KIND_DELTA, MODEL_SRLIF } from './machine.js';

interface BlockState {
  n: number;
  m: number;
  B: Int8Array;
  Wem: Int8Array;
  Wmh: Int8Array;
  emShift: number;
  mhShift: number;
  /** modulatory state m_a (§5.4), persists across samples */
  state: Int32Array;
  dtilde: Float64Array;
  L: Int32Array;
}

export class ManagementCore {
  readonly classes: number;
  /** §4 the class scores z_c of the last sample (spike counts, plus the residual potential with readoutScore 1) */
  readonly counts: Int32Array;
  /** §4 per-class sums of floor(256 v / vth) (readoutScore 1), reused */
  private readonly resid: Float64Array;
  readonly delta: Int32Array;
  readonly blocks: BlockState[];
  readonly program: ManagementLearning | null;
  /** the §5.1 margin mg of the last epoch */
  margin = 0;
  /** §5.11: the host's rate shift a (the readout decay's exponent becomes k + a; the rules' mantissas are rewritten in Machine.ruleMant) */
  rateShift = 0;
  /** multiply-accumulates of the last epoch on the management core (charged by cost.chargeManagement) */
  ops = 0;
  /** values the last epoch broadcast to the neurocores: L_i of every block's neurons and delta_c */
  broadcastWords = 0;

  constructor(image: ChipImage) {
    const mg = image.management;
    this.classes = mg.classes;
    this.counts = new Int32Array(mg.classes);
    this.resid = new Float64Array(mg.classes);
    this.delta = new Int32Array(mg.classes);
    this.program = mg.learning;
    this.blocks = (mg.learning?.blocks ?? []).map((b) => ({
      n: b.n,
      m: b.m,
      B: b.B,
      Wem: b.Wem,
      Wmh: b.sal ? Int8Array.from(b.Wmh) : b.Wmh, // §5.10: a SAL decoder is live state (sal.ts)
      emShift: b.emShift,
      mhShift: b.mhShift,
      state: new Int32Array(b.m), // §3.4: m = 0 before the first sample
      dtilde: new Float64Array(b.n),
      L: new Int32Array(b.n),
    }));
  }

  /**
   * §4 / §2.1: z_c = sum of the spike counts of class c's readout compartments; with the potential
   * score (readoutScore 1) plus floor((sum_n floor(256 v_n / vth_n) + 128) / 256) over the same
   * compartments, read from their state after step T-1 as the management core reads it at the end
   * of the sample (of the epoch, in training). Under threads `mach.v` and `mach.vth` are the shared arrays every share updates,
   * read here after the sample's last barrier, so the score does not depend on who owns which core.
   * Not charged to the cost model, as the spike counts are not.
   */
  readCounts(mach: Machine, spikeCount: Int32Array): void {
    const z = this.counts;
    z.fill(0);
    const comp = mach.readoutComp;
    const cls = mach.readoutClass;
    for (let k = 0; k < comp.length; k++) z[cls[k]] += spikeCount[comp[k]];
    if (this.program?.readoutScore !== 1) return;
    const r = this.resid;
    r.fill(0);
    const { v, vth } = mach;
    for (let k = 0; k < comp.length; k++) r[cls[k]] += floorDiv(256 * v[comp[k]], vth[comp[k]]);
    for (let c = 0; c < z.length; c++) z[c] += shr(r[c] + 128, 8); // the class's sum rounded once, halves up
  }

  /** §5.1 WTA margin teaching signal into `delta`; returns mg. */
  teach(label: number): number {
    const z = this.counts;
    const C = this.classes;
    const d = this.delta;
    d.fill(0);
    const rival = this.program!.rival;
    const cstar = argmaxLowest(z, -1);
    let r = -1;
    if (cstar !== label) r = cstar;
    else if (rival === 'strongest-other') r = argmaxLowest(z, label);
    let mg = 0;
    if (r >= 0 && C > 1) {
      mg = Math.min(127, Math.max(0, this.program!.gamma + z[r] - z[label]));
      d[r] = mg;
      d[label] = -mg;
    }
    this.margin = mg;
    return mg;
  }

  /** §5.3-§5.5 for every block, from the same delta; m is updated even when delta = 0. */
  modulate(): void {
    const l = this.program!;
    const C = this.classes;
    const d = this.delta;
    let ops = 0, words = 0;
    for (const b of this.blocks) {
      const { n: N, m: M, B, Wem, Wmh } = b;
      for (let i = 0; i < N; i++) {
        let s = 0;
        for (let c = 0; c < C; c++) s += B[c * N + i] * d[c]; // §5.3
        b.dtilde[i] = s;
      }
      for (let a = 0; a < M; a++) {
        let g = 0;
        for (let i = 0; i < N; i++) g += Wem[a * N + i] * b.dtilde[i]; // §5.4
        b.state[a] = sat(decay(b.state[a], l.decayM) + shr(g, b.emShift), 16);
      }
      for (let i = 0; i < N; i++) {
        let h = 0;
        for (let a = 0; a < M; a++) h += Wmh[i * M + a] * b.state[a];
        h = shr(h, b.mhShift); // §5.5
        b.L[i] = l.tanhTable[(h < -128 ? -128 : h > 127 ? 127 : h) + 128];
      }
      ops += N * C + 2 * M * N;
      words += N;
    }
    this.ops = ops;
    this.broadcastWords = words + C;
  }

  /**
   * L_i of a compartment (0 when it belongs to no modulatory block): the broadcast value, plus,
   * with rate regularisation (§5.5), the term the neurocore's engine forms from the compartment's
   * own rate estimate (sbar - targetRate of an srlif compartment), clamped to [-128, 127].
   */
  learningSignal(mach: Machine, g: number): number {
    const k = mach.compModBlock[g];
    if (k < 0) return 0;
    const L = this.blocks[k].L[mach.compModRow[g]];
    const mant = this.program!.rateRegMant;
    if (mant === 0 || mach.compModel[g] !== MODEL_SRLIF) return L;
    const v = L + shr(mant * (mach.sbar[g] - mach.cfgTargetRate[mach.compCfg[g]]), this.program!.rateRegShift);
    return v < -128 ? -128 : v > 127 ? 127 : v;
  }
}

/** argmax with ties to the lowest index, skipping index `skip` (-1: none); -1 when empty. */
function argmaxLowest(z: Int32Array, skip: number): number {
  let best = -1;
  for (let c = 0; c < z.length; c++) if (c !== skip && (best < 0 || z[c] > z[best])) best = c;
  return best;
}

/**
 * §5.6: every three-factor synapse with e != 0 (the list `touched` of plastic ids), and §5.7:
 * every delta-rule synapse on an axon with x > 0 (`axons`, with counts `x`). Adds to `perCore`
 * the synaptic updates each core's engine performed. Returns weights changed.
 */
export function applyWeightUpdates(
  mach: Machine,
  mgmt: ManagementCore,
  epoch: number,
  elig: Int32Array,
  touched: Int32Array,
  nTouched: number,
  x: Int32Array,
  axons: Int32Array,
  nAxons: number,
  perCore: Float64Array,
): number {
  const seed = mgmt.program!.roundingSeed;
  const { synW, synTarget, plSyn, plProj, plIndex, blkRule, ruleMant, ruleShift, ruleLo, ruleHi, compCore } = mach;
  let changed = 0;
  // §5.6
  for (let k = 0; k < nTouched; k++) {
    const p = touched[k];
    const e = elig[p];
    if (e === 0) continue;
    const s = plSyn[p];
    const rule = mach.plRule[p];
    const i = synTarget[s];
    const dw = stochasticRound(-ruleMant[rule] * e * mgmt.learningSignal(mach, i), ruleShift[rule], seed, epoch, plProj[p], plIndex[p]);
    if (dw !== 0) changed += setWeight(synW, s, synW[s] + dw, ruleLo[rule], ruleHi[rule]);
    perCore[compCore[i]]++;
  }
  // §5.7, with the readout decay (w * 2^(shift - decayShift) in the same numerator, one rounding)
  const delta = mgmt.delta;
  const k = mgmt.program!.readoutDecayShift;
  const decayShift = k === 0 ? 0 : k + mgmt.rateShift;
  if (mgmt.margin !== 0) {
    for (let k = 0; k < nAxons; k++) {
      const ax = axons[k];
      const xj = x[ax];
      if (xj <= 0) continue;
      let n = 0;
      for (let b = mach.axonBlockStart[ax]; b < mach.axonBlockStart[ax + 1]; b++) {
        const rule = blkRule[b];
        if (rule < 0 || mach.ruleKind[rule] !== KIND_DELTA) continue;
        const decayMul = decayShift === 0 ? 0 : 2 ** (ruleShift[rule] - decayShift);
        for (let s = mach.blkSynStart[b]; s < mach.blkSynStart[b + 1]; s++) {
          const p = mach.synPlastic[s];
          if (p < 0) continue;
          const c = mach.compClass[synTarget[s]];
          if (c < 0 || delta[c] === 0) continue;
          const dw = stochasticRound(-ruleMant[rule] * xj * delta[c] - synW[s] * decayMul, ruleShift[rule], seed, epoch, plProj[p], plIndex[p]);
          if (dw !== 0) changed += setWeight(synW, s, synW[s] + dw, ruleLo[rule], ruleHi[rule]);
          n++;
        }
      }
      perCore[mach.coreOfAxon(ax)] += n;
    }
  }
  return changed;
}

function setWeight(w: Int16Array, s: number, v: number, lo: number, hi: number): number {
  const c = v < lo ? lo : v > hi ? hi : v;
  if (c === w[s]) return 0;
  w[s] = c;
  return 1;
}
