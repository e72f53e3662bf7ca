import { floorDiv, shr } from './fixed.js';

/**
 * §4 the class scores z_c of a sample, what the prediction (§4) and the teaching signal (§5.1)
 * compare. Spike counts: z_c = sum of x_n over class c's readout neurons (neuron n of the readout
 * codes class floor(n / npc); neurons past classes * npc code none). With the potential score
 * (`readoutScore: "potential"`, srlif readout), also the residual potential after step T-1 in
 * units of the threshold, r_n = floor(256 v_n / vth_n), summed per class and rounded once:
 *
 *     z_c = sum_n x_n + floor((sum_n r_n + 128) / 256)
 *
 * Exact: |256 v_n| <= 2^31 and the lowering bounds |z_c| below 2^31 (ir/src/readout-score.ts).
 * `resid` is a buffer of C entries owned by the caller: nothing is allocated per sample.
 */
export function classScores(
  z: Int32Array,
  x: Int32Array,
  v: Int32Array,
  vth: Int32Array,
  offset: number,
  neurons: number,
  npc: number,
  potential: boolean,
  resid: Float64Array,
): void {
  z.fill(0);
  for (let n = 0; n < neurons; n++) z[Math.floor(n / npc)] += x[offset + n];
  if (!potential) return;
  resid.fill(0);
  for (let n = 0; n < neurons; n++) resid[Math.floor(n / npc)] += floorDiv(256 * v[offset + n], vth[offset + n]);
  // (sum + 128) >> 8: the class's sum rounded once, halves up
  for (let c = 0; c < z.length; c++) z[c] += shr(resid[c] + 128, 8);
}
