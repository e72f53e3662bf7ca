import { diag, pointerJoin, type Diagnostic } from '@snnc/common';
import type { LoweredNetwork, LoweredProjection, LoweredSal } from './graph.js';
import { SAL_MANT_MAX } from './sal.js';
import { isInputPopulation } from './network.js';
import { readoutScoreProblem } from './readout-score.js';

/**
 * The one structural verifier of a lowered network: the facts the reference simulator, the mapper
 * and the code generator rely on (indices, sizes, neuron parameters, synapses in range and sorted
 * by (pre, post) without duplicates (§1.4), contract bounds of delays and weight formats, the
 * learning blocks). A network the lowerer produced always passes; hand-made or edited networks may
 * not. Target limits are checked by the mapper and the code generator, not here.
 *
 * Codes: SNNC2801..SNNC2819 and SNNC2828 (a lowered network that breaks the contract).
 */


export interface CheckNetworkOptions {
  /**
   * only the structure (indices, sizes, populations named, synapse arrays in range and sorted):
   * what the mapper and the code generator index by. Without it, also the neuron parameters, the
   * contract bounds of delays and weight formats and the learning blocks: what a run needs.
   */
  structureOnly?: boolean;
}

/**
 * What the structural checks read: a lowered network has it, and so has the real-valued Graph the
 * float twin runs (reference/src/float/check.ts adds the checks of its real parameters).
 */
export interface NetworkStructure {
  readonly timesteps: number;
  readonly populations: readonly { readonly id: string; readonly index: number; readonly size: number; readonly role?: string; readonly model?: string }[];
  readonly projections: readonly {
    readonly id: string; readonly index: number; readonly source: number; readonly target: number;
    readonly pre: ArrayLike<number>; readonly post: ArrayLike<number>; readonly weight: ArrayLike<number>;
  }[];
}

export function checkNetwork(net: LoweredNetwork, options: CheckNetworkOptions = {}): Diagnostic[] {
  return check(net, !options.structureOnly);
}

/** The structure alone (checkNetwork with structureOnly) of anything shaped like a network. */
export function checkStructure(net: NetworkStructure): Diagnostic[] {
  // with full = false, check reads only the NetworkStructure fields
  return check(net as LoweredNetwork, false);
}

function check(net: LoweredNetwork, full: boolean): Diagnostic[] {
  const out: Diagnostic[] = [];
  const pops = net.populations;
  if (!Number.isInteger(net.timesteps) || net.timesteps < 1)
    out.push(diag('SNNC2801', 'timesteps must be a positive integer', { pointer: '/timesteps', found: String(net.timesteps) }));
  pops.forEach((p, k) => {
    const ptr = pointerJoin('/populations', k);
    if (p.index !== k) out.push(diag('SNNC2802', `population ${p.id} carries the wrong index`, { pointer: ptr, expected: String(k), found: String(p.index) }));
    if (!Number.isInteger(p.size) || p.size < 1) out.push(diag('SNNC2803', `population ${p.id} has no neurons`, { pointer: ptr, expected: 'an integer >= 1', found: String(p.size) }));
    if (full && !isInputPopulation(p) && (!p.params || p.params.model !== p.model))
      out.push(diag('SNNC2804', `population ${p.id} (${p.model}) lacks matching neuron parameters`, { pointer: ptr, expected: `params.model = ${p.model}`, found: String(p.params?.model ?? 'no params') }));
  });
  net.projections.forEach((q, k) => checkProjection(net, q, k, out, full));
  const L = net.learning;
  if (L && full) {
    const r = pops[L.readout];
    if (!r || !r.classes || !r.neuronsPerClass || r.classes * r.neuronsPerClass > r.size)
      out.push(diag('SNNC2810', 'learning.readout must name a readout population with classes and neuronsPerClass', { pointer: '/learning/readout' }));
    if (L.tanhTable.length !== 256)
      out.push(diag('SNNC2811', 'tanhTable must have 256 entries (§5.5)', { pointer: '/learning/tanhTable', expected: '256', found: String(L.tanhTable.length) }));
    const rm = L.rateRegMant, rs = L.rateRegShift;
    const mantOk = Number.isInteger(rm) && rm! >= 1 && rm! <= 255;
    const shiftOk = Number.isInteger(rs) && rs! >= 0 && rs! <= 30;
    if ((rm !== undefined || rs !== undefined) && !(mantOk && shiftOk))
      out.push(diag('SNNC2819', 'rate regularisation (§5.5) needs both rateRegMant in 1..255 and rateRegShift in 0..30, or neither', {
        // point at the field that is wrong (the mantissa when both are)
        pointer: mantOk ? '/learning/rateRegShift' : '/learning/rateRegMant', expected: 'rateRegMant 1..255 and rateRegShift 0..30', found: `${rm}, ${rs}`,
        fix: 'lower the network again from its spec, or remove both fields to turn the regularisation off',
      }));
    const ds = L.readoutDecayShift;
    if (ds !== undefined) {
      const deltaShifts = net.projections.filter((q) => q.plasticity === 'delta').map((q) => q.learnShift);
      const most = Math.min(30, ...deltaShifts);
      if (!(Number.isInteger(ds) && ds >= 1 && ds <= most))
        out.push(diag('SNNC2818', 'readout decay (§5.7) needs readoutDecayShift in 1..30 and at most every delta-rule projection\'s learnShift', {
          pointer: '/learning/readoutDecayShift', expected: `an integer in 1..${most}`, found: String(ds),
          fix: 'lower the network again from its spec, or remove the field to turn the decay off',
        }));
    }
    const score = readoutScoreProblem(pops, L, net.timesteps);
    if (score) out.push(diag('SNNC2828', score.message, { pointer: '/learning/readoutScore', expected: score.expected, found: score.found, fix: score.fix }));
    const seen = new Set<number>();
    L.modulatory.forEach((b, k) => {
      const ptr = pointerJoin('/learning/modulatory', k);
      const p = pops[b.population];
      const C = r?.classes ?? 0;
      if (!p || isInputPopulation(p)) {
        out.push(diag('SNNC2812', 'a modulatory block must name a neuron population', { pointer: ptr }));
        return;
      }
      if (seen.has(b.population)) out.push(diag('SNNC2813', `population ${p.id} has two modulatory blocks`, { pointer: ptr }));
      seen.add(b.population);
      const N = p.size;
      if (b.B.length !== C * N || b.Wem.length !== b.m * N || b.Wmh.length !== N * b.m)
        out.push(diag('SNNC2814', `modulatory block of ${p.id}: B, Wem, Wmh must be C x N, M x N, N x M`, {
          pointer: ptr,
          expected: `${C * N}, ${b.m * N}, ${N * b.m} entries`,
          found: `${b.B.length}, ${b.Wem.length}, ${b.Wmh.length}`,
        }));
      if (b.sal) checkSal(b.sal, b.m, C, ptr, out);
    });
  }
  return out;
}

function checkProjection(net: LoweredNetwork, q: LoweredProjection, k: number, out: Diagnostic[], full: boolean): void {
  const ptr = pointerJoin('/projections', k);
  const src = net.populations[q.source];
  const dst = net.populations[q.target];
  if (q.index !== k) out.push(diag('SNNC2805', `projection ${q.id} carries the wrong index`, { pointer: ptr, expected: String(k), found: String(q.index) }));
  if (!src || !dst) {
    out.push(diag('SNNC2806', `projection ${q.id} names a missing population`, { pointer: ptr }));
    return;
  }
  if (isInputPopulation(dst)) out.push(diag('SNNC2806', `projection ${q.id} targets input population ${dst.id}`, { pointer: ptr }));
  if (full) checkFormats(q, ptr, out);
  const n = q.pre.length;
  if (q.post.length !== n || q.weight.length !== n) {
    out.push(diag('SNNC2808', `projection ${q.id}: pre, post and weight lengths differ`, { pointer: ptr, expected: `${n} each`, found: `${n}, ${q.post.length}, ${q.weight.length}` }));
    return;
  }
  for (let s = 0; s < n; s++) {
    const a = q.pre[s];
    const b = q.post[s];
    if (a >= src.size || b >= dst.size) {
      out.push(diag('SNNC2808', `projection ${q.id}: synapse ${s} (${a} -> ${b}) out of range`, { pointer: ptr, expected: `pre < ${src.size}, post < ${dst.size}`, found: `${a} -> ${b}` }));
      return;
    }
    if (s > 0 && (q.pre[s - 1] > a || (q.pre[s - 1] === a && q.post[s - 1] >= b))) {
      out.push(diag('SNNC2809', `projection ${q.id}: synapses not sorted by (pre, post) without duplicates at ${s} (§1.4)`, {
        pointer: ptr,
        expected: `after (${q.pre[s - 1]}, ${q.post[s - 1]})`,
        found: `(${a}, ${b})`,
      }));
      return;
    }
  }
  if (!full) return;
  if (q.plasticity === 'delta' && net.learning && q.target !== net.learning.readout)
    out.push(diag('SNNC2815', `delta-rule projection ${q.id} must target the readout (§5.7)`, { pointer: ptr }));
  if (q.plasticity !== 'none' && !net.learning)
    out.push(diag('SNNC2816', `plastic projection ${q.id} in a network without learning parameters`, { pointer: ptr }));
}

/** The contract bounds of a projection's delay and weight format (§1.4, §2.2, §2.3). */
function checkFormats(q: LoweredProjection, ptr: string, out: Diagnostic[]): void {
  if (!Number.isInteger(q.delay) || q.delay < 1)
    out.push(diag('SNNC2807', `projection ${q.id}: delay must be >= 1 (§2.3)`, { pointer: pointerJoin(ptr, 'delay'), expected: 'an integer >= 1', found: String(q.delay) }));
  if (!(q.weightExp >= -6 && q.weightExp <= 7))
    out.push(diag('SNNC2807', `projection ${q.id}: weightExp outside [-6, 7] (§2.2)`, { pointer: pointerJoin(ptr, 'weightExp'), expected: '-6..7', found: String(q.weightExp) }));
  if (!(q.weightBits >= 2 && q.weightBits <= 16))
    out.push(diag('SNNC2807', `projection ${q.id}: weightBits outside [2, 16]`, { pointer: pointerJoin(ptr, 'weightBits'), expected: '2..16', found: String(q.weightBits) }));
  if (q.plasticity !== 'none' && !(q.learnShift >= 0 && q.learnShift <= 30))
    out.push(diag('SNNC2807', `projection ${q.id}: learnShift outside [0, 30] (§1.4)`, { pointer: pointerJoin(ptr, 'learnShift'), expected: '0..30', found: String(q.learnShift) }));
}

/** §5.10 fields of a SAL program: mantissas 12-bit, shift 0..30, decayS 12-bit, H of M x C. */
function checkSal(s: LoweredSal, M: number, C: number, ptr: string, out: Diagnostic[]): void {
  const int = (x: number, lo: number, hi: number) => Number.isInteger(x) && x >= lo && x <= hi;
  if (!int(s.mant, 0, SAL_MANT_MAX) || !int(s.leak, 0, SAL_MANT_MAX) || !int(s.shift, 0, 30) || !int(s.decayS, 0, 4096) || !(s.H instanceof Int8Array) || s.H.length !== M * C)
    out.push(diag('SNNC2817', 'SAL program outside its fields (§5.10)', {
      pointer: pointerJoin(ptr, 'sal'),
      expected: `mant, leak 0..${SAL_MANT_MAX}; shift 0..30; decayS 0..4096; H int8 of ${M * C} entries`,
      found: `mant ${s.mant}, leak ${s.leak}, shift ${s.shift}, decayS ${s.decayS}, H ${s.H?.length}`,
    }));
}
