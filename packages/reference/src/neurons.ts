import type { CubaParams, SrlifParams } from '@snnc/ir';
import { decay, MAX_24, MIN_24, sat24, wrap24 } from './fixed.js';

/**
 * §3.1 phase 4 for one population: the state for step t + 1 from the state at t, the accumulated
 * input A(t) (ring slot `slot`, saturated once here, §2.3) and the spikes S(t). Neurons
 * o .. end-1 in global numbering. Each update adds its overflow (§1.2: wraps of u, saturations of
 * v) to `ovf[2 * pop]` and `ovf[2 * pop + 1]`.
 */
const V_HI = MAX_24;
const V_LO = MIN_24;

/**
 * §3.2 the seed's neuron: v(t+1) = sat_24(decay(v) + A + bias - S vth(t)); in training mode the
 * rate estimate and the homeostatic threshold follow (frozen otherwise).
 *
 * Divisions by powers of two are multiplications by their exact reciprocals (powers of two too),
 * so Math.floor of the product is exactly the contract's `>>` without a float division. All
 * products stay below 2^53 (24-bit voltage times a 13-bit factor).
 */
export function updateSrlif(
  P: SrlifParams,
  o: number,
  end: number,
  acc: Float64Array,
  slot: number,
  spikes: Uint8Array,
  v: Int32Array,
  vth: Int32Array,
  sbar: Int32Array,
  train: boolean,
  ovf: Float64Array,
  pop: number,
): void {
  let sats = 0;
  const keep = 4096 - P.decayV; // §1.1 decay(v, d) = sgn(v) ((|v| keep) >> 12)
  const inv4096 = 1 / 4096;
  const bias = P.bias;
  const rmul = 1 / 2 ** P.rateShift;
  const emul = 1 / 2 ** P.etaThetaShift;
  const eta = P.etaThetaMant;
  const target = P.targetRate;
  const lo = P.vthMin;
  const hi = P.vthMax;
  for (let g = o; g < end; g++) {
    const a = sat24(acc[slot + g]); // §2.3 A_i(t), saturated once
    const s = spikes[g];
    const th = vth[g];
    const v0 = v[g];
    const d = v0 >= 0 ? Math.floor(v0 * keep * inv4096) : -Math.floor(-v0 * keep * inv4096);
    const nv = d + a + bias - s * th; // the reset subtracts the threshold of the decision
    if (nv > V_HI || nv < V_LO) sats++;
    v[g] = sat24(nv);
    if (train) {
      const sb = sbar[g] + Math.floor(((s << 12) - sbar[g]) * rmul);
      sbar[g] = sb;
      const nt = th + Math.floor(eta * (sb - target) * emul);
      vth[g] = nt < lo ? lo : nt > hi ? hi : nt;
    }
  }
  ovf[2 * pop + 1] += sats;
}

/**
 * §3.3 the Loihi CUBA neuron: u wraps at 24 bits and decays by 4096 - (decayU + 1); v saturates;
 * the spike decided here (strictly above vthMant * 2^6) is emitted at the next step from `pending`.
 */
export function updateCuba(
  P: CubaParams,
  o: number,
  end: number,
  acc: Float64Array,
  slot: number,
  v: Int32Array,
  u: Int32Array,
  ref: Int32Array,
  pending: Uint8Array,
  ovf: Float64Array,
  pop: number,
): void {
  let wraps = 0;
  let sats = 0;
  const du = 4096 - (P.decayU + 1);
  const bias = P.biasMant * 2 ** P.biasExp;
  const vt = P.vthMant * 64;
  for (let g = o; g < end; g++) {
    const a = sat24(acc[slot + g]);
    const u0 = u[g];
    const ud = u0 >= 0 ? Math.floor((u0 * du) / 4096) : -Math.floor((-u0 * du) / 4096);
    const ur = ud + a;
    if (ur > V_HI || ur < V_LO) wraps++;
    const u1 = wrap24(ur);
    u[g] = u1;
    if (ref[g] > 0) {
      v[g] = 0;
      ref[g]--;
      pending[g] = 0;
    } else {
      const vr = decay(v[g], P.decayV) + u1 + bias;
      if (vr > V_HI || vr < V_LO) sats++;
      const v1 = sat24(vr);
      if (v1 > vt) {
        pending[g] = 1;
        v[g] = 0;
        ref[g] = P.refractory;
      } else {
        pending[g] = 0;
        v[g] = v1;
      }
    }
  }
  ovf[2 * pop] += wraps;
  ovf[2 * pop + 1] += sats;
}
