/**
 * A float64 simulator of the imported NIR graph's own equations (NIR's node definitions, Euler at
 * dt, spikes as unit pulses of one step), written from the NIR parameters directly and not from
 * the spec the importer wrote, so that comparing the two checks the importer's algebra as well as
 * the fixed-point error. Per step n (the same phase order as semantics §3.1):
 *   J_i(n)   = b_i + sum over projections of W_ij z_j(n - d + 1)       (b_i: Affine/conv biases)
 *   CubaLI/F: I += dt/tau_syn (w_in J - I);  v += dt/tau_mem (v_leak - v + R I)
 *   LI/LIF:   v += dt/tau (v_leak - v + R J);  I/IF: v += dt R J;  Threshold: v = J
 *   spiking nodes: z(n+1) = [v > v_threshold], then v = v_reset (emitted at step n + 1).
 * State starts at v = v_reset, I = 0. Typed arrays throughout; nothing is allocated per step.
 */
import type { NirNetwork } from './compose.js';

export interface FloatRun {
  /** spike counts per population id (input populations included: the raster's counts) */
  counts: Map<string, Int32Array>;
  steps: number;
}

interface PopState {
  size: number;
  kind: number; // 0 input, 1 cuba, 2 leaky (LI/LIF), 3 integrator (I/IF), 4 threshold
  spikes: boolean;
  I: Float64Array;
  v: Float64Array;
  J: Float64Array;
  /** D rows of past emitted spikes (ring): row (n mod D) holds z(n) */
  hist: Uint8Array;
  count: Int32Array;
  tauSyn: Float64Array;
  tauMem: Float64Array;
  r: Float64Array;
  wIn: Float64Array;
  vLeak: Float64Array;
  vReset: Float64Array;
  vth: Float64Array;
  bias: Float64Array | null;
}

function arr(node: { params: Record<string, { data: Float64Array }> }, key: string, n: number, fallback: number): Float64Array {
  const p = node.params[key];
  if (!p) return new Float64Array(n).fill(fallback);
  return p.data.length === 1 ? new Float64Array(n).fill(p.data[0]) : p.data;
}

/**
 * raster: T x Nin, step-major, input populations concatenated in population order (the same
 * layout as the reference simulator's, whose extra "bias" population is not an input).
 * delays: per projection, in steps (>= 1), as the importer wrote them.
 */
export function simulateFloat(net: NirNetwork, dt: number, delays: number[], raster: Uint8Array, T: number): FloatRun {
  const D = Math.max(1, ...delays);
  const states: PopState[] = net.populations.map((p) => {
    const n = p.size;
    const node = p.node;
    const kind = p.type === 'Input' ? 0 : p.type === 'CubaLI' || p.type === 'CubaLIF' ? 1 : p.type === 'LI' || p.type === 'LIF' ? 2 : p.type === 'I' || p.type === 'IF' ? 3 : 4;
    const spikes = p.type === 'IF' || p.type === 'LIF' || p.type === 'CubaLIF' || p.type === 'Threshold';
    const vReset = arr(node, 'v_reset', n, 0);
    return {
      size: n,
      kind,
      spikes,
      I: new Float64Array(n),
      v: Float64Array.from(vReset),
      J: new Float64Array(n),
      hist: new Uint8Array(D * n),
      count: new Int32Array(n),
      tauSyn: arr(node, 'tau_syn', n, 1),
      tauMem: kind === 1 ? arr(node, 'tau_mem', n, 1) : arr(node, 'tau', n, 1),
      r: arr(node, 'r', n, 1),
      wIn: arr(node, 'w_in', n, 1),
      vLeak: arr(node, 'v_leak', n, 0),
      vReset,
      vth: p.type === 'Threshold' ? arr(node, 'threshold', n, 0) : arr(node, 'v_threshold', n, Infinity),
      bias: p.bias,
    };
  });
  const inputs = states.map((s, i) => (s.kind === 0 ? i : -1)).filter((i) => i >= 0);
  const nIn = inputs.reduce((a, i) => a + states[i].size, 0);
  const pending = states.map((s) => new Uint8Array(s.size));

  const P = states.length;
  for (let n = 0; n < T; n++) {
    const row = n % D;
    // 1. emit: z(n) from the raster or from the previous update
    let off = 0;
    for (const i of inputs) {
      const s = states[i];
      for (let k = 0; k < s.size; k++) s.hist[row * s.size + k] = raster[n * nIn + off + k];
      off += s.size;
    }
    for (let i = 0; i < P; i++) {
      const s = states[i];
      if (s.kind !== 0) s.hist.set(pending[i], row * s.size);
      for (let k = 0; k < s.size; k++) s.count[k] += s.hist[row * s.size + k];
    }
    // 2. input current
    for (let i = 0; i < P; i++) {
      const s = states[i];
      if (s.kind === 0) continue;
      if (s.bias) s.J.set(s.bias);
      else s.J.fill(0);
    }
    for (let j = 0; j < net.projections.length; j++) {
      const pr = net.projections[j];
      const src = states[pr.source];
      const tgt = states[pr.target];
      const back = n - (delays[j] - 1);
      if (back < 0) continue;
      const base = (back % D) * src.size;
      const m = pr.weights;
      for (let o = 0; o < m.nOut; o++) {
        let acc = 0;
        for (let q = m.rowPtr[o]; q < m.rowPtr[o + 1]; q++) if (src.hist[base + m.col[q]]) acc += m.val[q];
        tgt.J[o] += acc;
      }
    }
    // 3. update and decide z(n+1)
    for (let i = 0; i < P; i++) {
      const s = states[i];
      if (s.kind === 0) continue;
      const z = pending[i];
      for (let k = 0; k < s.size; k++) {
        let v = s.v[k];
        if (s.kind === 1) {
          s.I[k] += (dt / s.tauSyn[k]) * (s.wIn[k] * s.J[k] - s.I[k]);
          v += (dt / s.tauMem[k]) * (s.vLeak[k] - v + s.r[k] * s.I[k]);
        } else if (s.kind === 2) v += (dt / s.tauMem[k]) * (s.vLeak[k] - v + s.r[k] * s.J[k]);
        else if (s.kind === 3) v += dt * s.r[k] * s.J[k];
        else v = s.J[k];
        z[k] = s.spikes && v > s.vth[k] ? 1 : 0;
        if (z[k] && s.kind !== 4) v = s.vReset[k];
        s.v[k] = v;
      }
    }
  }
  const counts = new Map<string, Int32Array>();
  net.populations.forEach((p, i) => counts.set(p.id, states[i].count));
  return { counts, steps: T };
}
