import type { GraphLearning, GraphModulatory } from '@snnc/ir';

/**
 * The learning epoch of docs/semantics.md §5 in float64, on the real-valued Graph: the seed's
 * equations without quantisation, table or stochastic rounding. Each function mirrors its integer
 * counterpart in ../learning.ts; the correspondence of every quantity is in docs/reference.md.
 */

/**
 * §5.1 in reals: writes delta and returns the margin. Unlike the integer rule the margin is not
 * capped at 127 (that cap is the int8 width of delta, a quantisation bound).
 */
export function floatTeachingSignal(
  z: Float64Array,
  y: number,
  gamma: number,
  rival: 'winner' | 'strongest-other',
  delta: Float64Array,
): number {
  delta.fill(0);
  const C = z.length;
  if (C < 2) return 0;
  const cStar = argmaxF(z, -1);
  let r: number;
  if (cStar !== y) r = cStar;
  else if (rival === 'strongest-other') r = argmaxF(z, y);
  else return 0;
  const mg = Math.max(0, gamma + z[r] - z[y]);
  delta[r] = mg;
  delta[y] = -mg;
  return mg;
}

function argmaxF(z: Float64Array, skip: number): number {
  let best = -1;
  for (let c = 0; c < z.length; c++) if (c !== skip && (best < 0 || z[c] > z[best])) best = c;
  return best;
}

export interface FloatBlock {
  block: GraphModulatory;
  offset: number;
  size: number;
  dtilde: Float64Array;
  m: Float64Array; // persists across samples (§3.4)
  /** 'direct' ablation: L_i = tanh(directGain * dtilde_i) */
  directGain: number;
}

/**
 * §5.3-5.5 in reals for one block:
 *   dtilde_i = sum_c B[c,i] delta_c;  m_a <- lambdaM m_a + (1/N) sum_i Wem[a,i] dtilde_i;
 *   L_i = tanh(sum_a Wmh[i,a] m_a)      (L in [-1, 1]; the integer L is Q7, 127 = 1)
 */
export function floatModulate(st: FloatBlock, l: GraphLearning, delta: Float64Array, Lout: Float64Array, direct: boolean): void {
  const { B, Wem, Wmh, m: M } = st.block;
  const N = st.size;
  const dt = st.dtilde;
  dt.fill(0);
  for (let c = 0; c < delta.length; c++) {
    const dc = delta[c];
    if (dc === 0) continue;
    for (let i = 0, base = c * N; i < N; i++) dt[i] += B[base + i] * dc;
  }
  if (direct) {
    for (let i = 0; i < N; i++) Lout[st.offset + i] = Math.tanh(st.directGain * dt[i]);
    return;
  }
  const m = st.m;
  for (let a = 0; a < M; a++) {
    let g = 0;
    for (let i = 0, base = a * N; i < N; i++) g += Wem[base + i] * dt[i];
    m[a] = l.lambdaM * m[a] + g / N;
  }
  for (let i = 0; i < N; i++) {
    let h = 0;
    for (let a = 0, base = i * M; a < M; a++) h += Wmh[base + a] * m[a];
    Lout[st.offset + i] = Math.tanh(h);
  }
}

/** §5.5 rate regularisation in reals: L_i <- clamp(L_i + rateReg (sbar_i - targetRate), -1, 1). */
export function floatRegulateRate(st: FloatBlock, sbar: Float64Array, targetRate: number, rateReg: number, L: Float64Array): void {
  for (let i = st.offset, end = st.offset + st.size; i < end; i++) {
    const v = L[i] + rateReg * (sbar[i] - targetRate);
    L[i] = v < -1 ? -1 : v > 1 ? 1 : v;
  }
}
