import { diag, pointerJoin, type Diagnostic } from '@snnc/common';
import { checkStructure, isInputPopulation, readoutScoreProblem, type Graph, type LoweredNetwork } from '@snnc/ir';

/** What the float64 twin needs of a Graph, and the real bounds of its plastic weights. */

/** The real bound of a plastic projection's weights (Infinity for fixed ones, which never change). */
export function plasticBound(g: Graph, k: number, lowered?: LoweredNetwork): number {
  const q = g.projections[k];
  if (q.plasticity === 'none') return Infinity;
  const lq = lowered?.projections[k];
  const sExp = lowered?.populations[q.target].voltageScaleLog2;
  // integer mantissa range (2^(bits-1) - 1) * 2^(6 + exp) LSBs, 2^sExp LSBs per voltage unit
  if (lq && sExp !== undefined) return ((2 ** (lq.weightBits - 1) - 1) * 2 ** (6 + lq.weightExp)) / 2 ** sExp;
  let r = 0;
  for (const w of q.weight) r = Math.max(r, Math.abs(w));
  const target = g.populations[q.target].params;
  return Math.max(r, g.learning?.wMax ?? (r > 0 ? r : target ? target.vth : 1));
}

/**
 * What the float twin needs of a Graph: ir's structural verifier (checkStructure, the one that
 * lowered networks pass) and, on top, what only a run reads: real neuron parameters of each
 * population's model, delays of at least one step, the learning blocks' shapes. The codes are ir's
 * (SNNC28xx), which mean the same for a Graph as for a lowered network.
 */
export function checkGraph(g: Graph): Diagnostic[] {
  const out = checkStructure(g);
  g.populations.forEach((p, k) => {
    if (!isInputPopulation(p) && p.params?.model !== p.model)
      out.push(diag('SNNC2804', `population ${p.id} (${p.model}) lacks matching neuron parameters`, { pointer: pointerJoin('/populations', k), expected: `params.model = ${p.model}`, found: String(p.params?.model ?? 'no params') }));
  });
  g.projections.forEach((q, k) => {
    if (!(Number.isInteger(q.delay) && q.delay >= 1))
      out.push(diag('SNNC2807', `projection ${q.id}: delay must be >= 1 (§2.3)`, { pointer: pointerJoin('/projections', k, 'delay'), expected: 'an integer >= 1', found: String(q.delay) }));
  });
  const l = g.learning;
  if (l) {
    const r = g.populations[l.readout];
    if (!r || !r.classes) out.push(diag('SNNC2810', 'learning.readout must name a readout population with classes', { pointer: '/learning/readout' }));
    // §4 the potential score divides by each readout neuron's vth: an srlif readout (reals: no range to check)
    const score = readoutScoreProblem(g.populations, l);
    if (score) out.push(diag('SNNC2828', score.message, { pointer: '/learning/readoutScore', expected: score.expected, found: score.found, fix: score.fix }));
    l.modulatory.forEach((b, k) => {
      const ptr = pointerJoin('/learning/modulatory', k);
      const p = g.populations[b.population];
      if (!p || isInputPopulation(p)) return void out.push(diag('SNNC2812', 'a modulatory block must name a neuron population', { pointer: ptr }));
      const N = p.size;
      const C = r?.classes ?? 0;
      if (b.B.length !== C * N || b.Wem.length !== b.m * N || b.Wmh.length !== N * b.m)
        out.push(diag('SNNC2814', `modulatory block of ${p.id}: B, Wem, Wmh must be C x N, M x N, N x M`, {
          pointer: ptr, expected: `${C * N}, ${b.m * N}, ${N * b.m} entries`, found: `${b.B.length}, ${b.Wem.length}, ${b.Wmh.length}`,
        }));
    });
  }
  return out;
}
