import { diag, pointerJoin, type Diagnostic } from '@snnc/common';
import { isInputPopulation, type Graph, type LoweredNetwork } from '@snnc/ir';

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

/** What the float twin needs of a Graph (codes SNNC2820..2829). */
export function checkGraph(g: Graph): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (!Number.isInteger(g.timesteps) || g.timesteps < 1)
    out.push(diag('SNNC2820', 'timesteps must be a positive integer', { pointer: '/timesteps', expected: '>= 1', found: String(g.timesteps) }));
  g.populations.forEach((p, k) => {
    if (!isInputPopulation(p) && p.params?.model !== p.model)
      out.push(diag('SNNC2821', `population ${p.id} (${p.model}) lacks matching neuron parameters`, { pointer: pointerJoin('/populations', k) }));
  });
  g.projections.forEach((q, k) => {
    const ptr = pointerJoin('/projections', k);
    const src = g.populations[q.source];
    const dst = g.populations[q.target];
    if (!src || !dst || isInputPopulation(dst)) return void out.push(diag('SNNC2822', `projection ${q.id} needs a source and a neuron target`, { pointer: ptr }));
    if (!(Number.isInteger(q.delay) && q.delay >= 1)) out.push(diag('SNNC2823', `projection ${q.id}: delay must be >= 1`, { pointer: pointerJoin(ptr, 'delay'), found: String(q.delay) }));
    if (q.post.length !== q.pre.length || q.weight.length !== q.pre.length) return void out.push(diag('SNNC2824', `projection ${q.id}: pre, post, weight lengths differ`, { pointer: ptr }));
    for (let s = 0; s < q.pre.length; s++) {
      const bad = q.pre[s] >= src.size || q.post[s] >= dst.size || (s > 0 && (q.pre[s - 1] > q.pre[s] || (q.pre[s - 1] === q.pre[s] && q.post[s - 1] >= q.post[s])));
      if (bad) return void out.push(diag('SNNC2825', `projection ${q.id}: synapse ${s} out of range or not sorted by (pre, post)`, { pointer: ptr }));
    }
  });
  const l = g.learning;
  if (l) {
    const r = g.populations[l.readout];
    if (!r || !r.classes) out.push(diag('SNNC2826', 'learning.readout must name a readout population with classes', { pointer: '/learning/readout' }));
    l.modulatory.forEach((b, k) => {
      const p = g.populations[b.population];
      const N = p?.size ?? 0;
      const C = r?.classes ?? 0;
      if (!p || b.B.length !== C * N || b.Wem.length !== b.m * N || b.Wmh.length !== N * b.m)
        out.push(diag('SNNC2827', 'modulatory block: B, Wem, Wmh must be C x N, M x N, N x M', { pointer: pointerJoin('/learning/modulatory', k) }));
    });
  }
  return out;
}
