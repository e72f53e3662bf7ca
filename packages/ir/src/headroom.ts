import type { CubaParams, LoweredPopulation, LoweredProjection, SrlifParams } from './graph.js';

/**
 * The headroom lowering assumed, and the worst case it did not rule out (issue 12, item 6).
 *
 * Lowering sizes a population's voltage scale from its threshold and bias alone (2^22 against a
 * 24-bit voltage: one bit above the largest of them), not from its input. This bounds what the
 * input can do in the worst case, per docs/semantics.md §2.3, §3.2, §3.3, in LSBs:
 *
 *   input   A  = max over neurons i of sum over synapses into i of |w| * 2^(6 + weightExp)
 *                (every presynaptic neuron spiking at once; plastic synapses at their bound
 *                2^(weightBits - 1), which learning can reach)
 *   current U  = A * 4096 / (decayU + 1)   (cuba: the fixed point of u <- u (1 - (du+1)/4096) + A,
 *                the current gain); srlif has no current: U = A
 *   voltage V  = max( vth + U + |bias| ,  (U + |bias|) * 4096 / decayV )   (the second term is
 *                the magnitude v reaches below zero, or above threshold with reset by subtraction;
 *                unbounded when decayV = 0)
 * and says whether U and V fit the target's widths. When they do not, a run may wrap u or
 * saturate v, which the simulators count (§1.2) and the CLI reports (SNNC4320).
 */
export interface PopulationHeadroom {
  id: string;
  /** log2(2^(voltageBits-1) / largest threshold or bias in LSBs): the headroom lowering assumed */
  headroomBits: number;
  /** worst-case input of one step, LSBs */
  worstInput: number;
  /** worst-case |u| (cuba) or input (srlif), LSBs */
  worstCurrent: number;
  /** worst-case |v|, LSBs (Infinity when nothing bounds it) */
  worstVoltage: number;
  /** U and V fit their widths: no wrap and no saturation can happen */
  bounded: boolean;
}

export function populationHeadroom(
  pops: readonly LoweredPopulation[],
  projections: readonly LoweredProjection[],
  voltageBits: number,
  currentBits: number,
): PopulationHeadroom[] {
  const sums = pops.map((p) => (p.params ? new Float64Array(p.size) : null));
  for (const q of projections) {
    const acc = sums[q.target];
    if (!acc) continue;
    // §2.2: a weight contributes (w >> down) * 2^(6 + max(0, exp)); |w >> down| <= ceil(|w| / 2^down)
    const scale = 2 ** (6 + Math.max(0, q.weightExp));
    const div = 2 ** Math.max(0, -q.weightExp);
    const bound = Math.ceil(2 ** (q.weightBits - 1) / div);
    for (let s = 0; s < q.post.length; s++) acc[q.post[s]] += (q.plasticity === 'none' ? Math.ceil(Math.abs(q.weight[s]) / div) : bound) * scale;
  }
  const vMax = 2 ** (voltageBits - 1) - 1;
  const cMax = 2 ** (currentBits - 1) - 1;
  const out: PopulationHeadroom[] = [];
  pops.forEach((p, k) => {
    const acc = sums[k];
    if (!p.params || !acc) return;
    let A = 0;
    for (let i = 0; i < acc.length; i++) if (acc[i] > A) A = acc[i];
    const P = p.params;
    const { vth, bias, U } = P.model === 'cuba' ? cubaTerms(P, A) : srlifTerms(P, A);
    const drive = U + Math.abs(bias);
    const below = drive === 0 ? 0 : P.decayV > 0 ? (drive * 4096) / P.decayV : Infinity;
    const V = Math.max(vth + drive, below);
    const largest = Math.max(vth, Math.abs(bias), 1);
    out.push({
      id: p.id,
      headroomBits: Math.round(Math.log2((vMax + 1) / largest) * 100) / 100,
      worstInput: A,
      worstCurrent: U,
      worstVoltage: V,
      bounded: U <= cMax && V <= vMax,
    });
  });
  return out;
}

function cubaTerms(P: CubaParams, A: number): { vth: number; bias: number; U: number } {
  return { vth: P.vthMant * 64, bias: P.biasMant * 2 ** P.biasExp, U: (A * 4096) / (P.decayU + 1) };
}

function srlifTerms(P: SrlifParams, A: number): { vth: number; bias: number; U: number } {
  return { vth: Math.max(P.vth0, P.vthMax), bias: P.bias, U: A };
}
