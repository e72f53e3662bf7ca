/**
 * The one definition of how a NIR neuron node behaves at a time step dt (docs/nir.md "Node by
 * node"), used by both the importer (to write snnc parameters) and the float64 simulator (to
 * run the same equations without quantisation). With a spike a pulse of height 1 lasting one step
 * (the convention of snnTorch and Norse exports), semi-implicit Euler at dt gives per neuron i:
 *
 *   I(t+1) = (1 - dt/tau_syn) I(t) + (dt/tau_syn) w_in J(t)          (CubaLI, CubaLIF)
 *   v(t+1) = (1 - dt/tau_mem) v(t) + (dt/tau_mem) (v_leak + R I(t+1))
 *
 * which is snnc's CUBA neuron (semantics §3.3) with u = (dt/tau_mem) R I:
 *   alphaU = 1 - dt/tau_syn, alphaV = 1 - dt/tau_mem, bias = (dt/tau_mem) v_leak,
 *   weight = W * gain, gain = w_in (dt/tau_syn) R (dt/tau_mem).
 * LIF/LI have no synaptic state (alphaU = 0, gain = R dt/tau), IF/I no leak (alphaV = 1,
 * gain = R dt), Threshold no state at all (alphaU = alphaV = 0, gain = 1).
 */
import type { NirNode } from './types.js';

export interface NeuronCoefficients {
  /** per-neuron arrays (length = population size) */
  alphaU: Float64Array;
  alphaV: Float64Array;
  gain: Float64Array;
  /** constant drive of v per step: (dt/tau) (v_leak - v_reset) */
  biasV: Float64Array;
  /** spike when v > vth (shifted by v_reset: snnc resets to 0); Infinity: never spikes */
  vth: Float64Array;
  vReset: Float64Array;
  spikes: boolean;
  /** the continuous-time decay factors exp(-dt/tau) that Euler approximates (1 when no leak) */
  exactU: Float64Array;
  exactV: Float64Array;
}

function param(n: NirNode, key: string, size: number, fallback: number): Float64Array {
  const p = n.params[key];
  if (!p) return new Float64Array(size).fill(fallback);
  return p.data.length === 1 ? new Float64Array(size).fill(p.data[0]) : Float64Array.from(p.data);
}

export function coefficients(n: NirNode, size: number, dt: number): NeuronCoefficients {
  const one = () => new Float64Array(size).fill(1);
  const zero = () => new Float64Array(size);
  const r = param(n, 'r', size, 1);
  const vLeak = param(n, 'v_leak', size, 0);
  const vReset = param(n, 'v_reset', size, 0);
  const c: NeuronCoefficients = { alphaU: zero(), alphaV: one(), gain: one(), biasV: zero(), vth: new Float64Array(size).fill(Infinity), vReset, spikes: false, exactU: zero(), exactV: one() };
  const tau = n.type === 'CubaLI' || n.type === 'CubaLIF' ? param(n, 'tau_mem', size, 1) : param(n, 'tau', size, 1);
  const leaky = n.type === 'LI' || n.type === 'LIF' || n.type === 'CubaLI' || n.type === 'CubaLIF';
  for (let i = 0; i < size; i++) {
    if (leaky) {
      const a = dt / tau[i];
      c.alphaV[i] = 1 - a;
      c.exactV[i] = Math.exp(-a);
      c.gain[i] = r[i] * a;
      c.biasV[i] = a * (vLeak[i] - vReset[i]);
    } else if (n.type === 'I' || n.type === 'IF') {
      c.gain[i] = r[i] * dt;
    } else if (n.type === 'Threshold') {
      c.alphaV[i] = 0;
      c.exactV[i] = 0;
    }
  }
  if (n.type === 'CubaLI' || n.type === 'CubaLIF') {
    const tauSyn = param(n, 'tau_syn', size, 1);
    const wIn = param(n, 'w_in', size, 1);
    for (let i = 0; i < size; i++) {
      const a = dt / tauSyn[i];
      c.alphaU[i] = 1 - a;
      c.exactU[i] = Math.exp(-a);
      c.gain[i] *= wIn[i] * a;
    }
  }
  if (n.type === 'IF' || n.type === 'LIF' || n.type === 'CubaLIF') {
    c.spikes = true;
    const th = param(n, 'v_threshold', size, 1);
    for (let i = 0; i < size; i++) c.vth[i] = th[i] - vReset[i];
  } else if (n.type === 'Threshold') {
    c.spikes = true;
    c.vth = param(n, 'threshold', size, 0);
  }
  return c;
}
