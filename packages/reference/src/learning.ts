import type { LoweredLearning, LoweredModulatory } from '@snnc/ir';
import { decay, mix, sat } from './fixed.js';

/**
 * The learning epoch of docs/semantics.md §5, integer arithmetic only. The functions here work on
 * preallocated buffers owned by the simulator; nothing is allocated per epoch.
 */

/** How L_i is formed: §5.4-5.5 (compressed through m) or, as an ablation, from dtilde directly. */
export type ModulationMode = 'compressed' | 'direct';

/**
 * §5.1 teaching signal. Writes delta (length C) and returns the margin mg (0 when nothing is taught).
 * `counts` are the class scores z_c of §4 (spike counts, plus the residual potential with readoutScore "potential").
 */
export function teachingSignal(
  counts: Int32Array,
  y: number,
  gamma: number,
  rival: 'winner' | 'strongest-other',
  delta: Int32Array,
): number {
  const C = counts.length;
  delta.fill(0);
  if (C < 2) return 0;
  const cStar = argmax(counts, -1);
  let r: number;
  if (cStar !== y) r = cStar;
  else if (rival === 'strongest-other') r = argmax(counts, y);
  else return 0;
  const mg = Math.min(127, Math.max(0, gamma + counts[r] - counts[y]));
  delta[r] = mg;
  delta[y] = -mg;
  return mg;
}

/** §4/§5.1 argmax with ties to the lowest index, skipping index `skip` (-1: none). */
export function argmax(z: ArrayLike<number>, skip: number): number {
  let best = -1;
  for (let c = 0; c < z.length; c++) {
    if (c === skip) continue;
    if (best < 0 || z[c] > z[best]) best = c;
  }
  return best;
}

/** Per-block buffers of §5.3-5.5. */
export interface BlockState {
  block: LoweredModulatory;
  /** global index of the block population's first neuron */
  offset: number;
  size: number;
  dtilde: Float64Array; // N
  g: Float64Array; // M
  m: Int32Array; // M, persists (§3.4), sat_16
}

export function createBlock(block: LoweredModulatory, offset: number, size: number): BlockState {
  return {
    block,
    offset,
    size,
    dtilde: new Float64Array(size),
    g: new Float64Array(block.m),
    m: new Int32Array(block.m),
  };
}

/**
 * §5.3-5.5 for one block: updates m and writes L_i (Q7) into `Lout` at the block's neurons.
 * With mode 'direct' (ablation, not part of the contract) m is left alone and
 * L_i = tanhTable[clamp(dtilde_i >> directShift, -128, 127) + 128].
 */
export function modulate(
  st: BlockState,
  learning: LoweredLearning,
  delta: Int32Array,
  Lout: Int32Array,
  mode: ModulationMode,
  directShift: number,
): void {
  const { B, Wem, Wmh, m: M, emShift, mhShift } = st.block;
  const N = st.size;
  const C = delta.length;
  const dt = st.dtilde;
  // §5.3 dtilde_i = sum_c B[c*N + i] * delta_c
  dt.fill(0);
  for (let c = 0; c < C; c++) {
    const dc = delta[c];
    if (dc === 0) continue;
    const base = c * N;
    for (let i = 0; i < N; i++) dt[i] += B[base + i] * dc;
  }
  const tanh = learning.tanhTable;
  if (mode === 'direct') {
    for (let i = 0; i < N; i++) {
      const h = Math.floor(dt[i] / 2 ** directShift);
      Lout[st.offset + i] = tanh[(h < -128 ? -128 : h > 127 ? 127 : h) + 128];
    }
    return;
  }
  // §5.4 g_a = sum_i Wem[a*N + i] dtilde_i;  m_a <- sat_16(decay(m_a, decayM) + (g_a >> emShift))
  const m = st.m;
  for (let a = 0; a < M; a++) {
    let g = 0;
    const base = a * N;
    for (let i = 0; i < N; i++) g += Wem[base + i] * dt[i];
    st.g[a] = g;
    m[a] = sat(decay(m[a], learning.decayM) + Math.floor(g / 2 ** emShift), 16);
  }
  // §5.5 h_i = (sum_a Wmh[i*M + a] m_a) >> mhShift;  L_i = tanhTable[clamp(h_i, -128, 127) + 128]
  const div = 2 ** mhShift;
  for (let i = 0; i < N; i++) {
    let h = 0;
    const base = i * M;
    for (let a = 0; a < M; a++) h += Wmh[base + a] * m[a];
    h = Math.floor(h / div);
    Lout[st.offset + i] = tanh[(h < -128 ? -128 : h > 127 ? 127 : h) + 128];
  }
}

/**
 * §5.5 rate regularisation of one block's learning signal (an srlif population; the contract
 * gives other models none): L_i <- clamp(L_i + ((mant * (sbar_i - targetRate)) >> shift), -128, 127),
 * with sbar as it stands after the sample's last update. A neuron above its homeostatic rate gets a
 * positive term, so dw = -learnMant e L depresses its active synapses (docs/semantics.md §5.9).
 */
export function regulateRate(st: BlockState, sbar: Int32Array, targetRate: number, mant: number, shift: number, L: Int32Array): void {
  const div = 2 ** shift;
  for (let i = st.offset, end = st.offset + st.size; i < end; i++) {
    const v = L[i] + Math.floor((mant * (sbar[i] - targetRate)) / div);
    L[i] = v < -128 ? -128 : v > 127 ? 127 : v;
  }
}

/**
 * §1.4 R(x, s, key) for many synapses of one (seed, epoch, projection): the first two levels of
 * hash(seed, epoch, p, s) = mix(mix(mix(seed, epoch), p), s) do not depend on the synapse, so they
 * are computed once (`prefixOf`) and each synapse costs one mix. That last mix is written out in
 * the loops below rather than called through fixed.ts: the nested calls returning unsigned words
 * were not inlined by V8 and made the epoch three times slower. It is the same arithmetic as
 * `mix` (§1.3); the hand-computed tests, the golden trace and the differential tests against the
 * emulator pin it. `hash mod 2^s` is the low s bits; (x + r) * 2^-s is exact below 2^53, so its
 * floor is the contract's floor division.
 */
function prefixOf(seed: number, epoch: number, p: number): number {
  return mix(mix(seed >>> 0, epoch >>> 0), p >>> 0);
}

/**
 * §5.6 for one three-factor projection: only the synapses on the touched list (nonzero e_ij).
 * Returns the number of synapses whose weight changed.
 */
export function threeFactorUpdate(
  w: Int16Array,
  post: Uint32Array,
  targetOffset: number,
  e: Int32Array,
  touched: Uint32Array,
  nTouched: number,
  L: Int32Array,
  learnMant: number,
  learnShift: number,
  wMin: number,
  wMax: number,
  seed: number,
  epoch: number,
  p: number,
): number {
  const prefix = prefixOf(seed, epoch, p);
  const div = 2 ** learnShift;
  const inv = 1 / div;
  // hash mod 2^s = its low s bits (s <= 30 keeps the mask a positive int32)
  const mask = div - 1;
  let changed = 0;
  for (let k = 0; k < nTouched; k++) {
    const s = touched[k];
    const eij = e[s];
    if (eij === 0) continue;
    const Li = L[targetOffset + post[s]];
    let dw = -learnMant * eij * Li;
    if (learnShift !== 0) {
      let h = prefix ^ Math.imul(s, 0x9e3779b1); // mix(prefix, s), §1.3
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      dw = Math.floor((dw + (h & mask)) * inv);
    }
    if (dw === 0) continue;
    const nw = w[s] + dw;
    const cw = nw < wMin ? wMin : nw > wMax ? wMax : nw;
    if (cw !== w[s]) {
      w[s] = cw;
      changed++;
    }
  }
  return changed;
}

/**
 * §5.7 for one delta-rule projection: presynaptic neurons with x_j > 0 (listed in `active`),
 * synapses into readout neurons of classes with delta_c != 0 (`deltaOfNeuron`, see spreadDelta).
 */
export function deltaRuleUpdate(
  w: Int16Array,
  rowStart: Uint32Array,
  post: Uint32Array,
  x: Int32Array,
  sourceOffset: number,
  active: Int32Array,
  nActive: number,
  deltaOfNeuron: Int32Array,
  learnMant: number,
  learnShift: number,
  wMin: number,
  wMax: number,
  seed: number,
  epoch: number,
  p: number,
  decayShift = 0,
): number {
  const prefix = prefixOf(seed, epoch, p);
  const div = 2 ** learnShift;
  const inv = 1 / div;
  const mask = div - 1;
  // §5.7 readout decay: w * 2^(learnShift - decayShift) joins the numerator (0 when off); the
  // lowering guarantees 1 <= decayShift <= learnShift, and |w| < 2^15 keeps the sum exact
  const decayMul = decayShift > 0 ? 2 ** (learnShift - decayShift) : 0;
  let changed = 0;
  for (let k = 0; k < nActive; k++) {
    const j = active[k];
    const xj = x[sourceOffset + j];
    for (let s = rowStart[j], end = rowStart[j + 1]; s < end; s++) {
      const dc = deltaOfNeuron[post[s]];
      if (dc === 0) continue;
      let dw = -learnMant * xj * dc - w[s] * decayMul;
      if (learnShift !== 0) {
        let h = prefix ^ Math.imul(s, 0x9e3779b1); // mix(prefix, s), §1.3
        h ^= h >>> 16;
        h = Math.imul(h, 0x85ebca6b);
        h ^= h >>> 13;
        h = Math.imul(h, 0xc2b2ae35);
        h ^= h >>> 16;
        dw = Math.floor((dw + (h & mask)) * inv);
      }
      if (dw === 0) continue;
      const nw = w[s] + dw;
      const cw = nw < wMin ? wMin : nw > wMax ? wMax : nw;
      if (cw !== w[s]) {
        w[s] = cw;
        changed++;
      }
    }
  }
  return changed;
}

/**
 * delta_c of each readout neuron's class (0 for neurons past classes * neuronsPerClass), so that
 * the §5.7 loop reads one array instead of dividing per synapse.
 */
export function spreadDelta(delta: Int32Array, neuronsPerClass: number, out: Int32Array): void {
  const C = delta.length;
  for (let n = 0; n < out.length; n++) {
    const c = Math.floor(n / neuronsPerClass);
    out[n] = c < C ? delta[c] : 0;
  }
}
