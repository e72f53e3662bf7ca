import type { LoweredNetwork } from '@snnc/ir';

/**
 * Feedback alignment of a modulatory block (docs/semantics.md §5.10, measured, not part of the
 * contract): the angle between the effective feedback a hidden neuron receives per class and its
 * forward weights into that class's readout neurons.
 *
 *   E[i][c] = sum_a Wmh[i,a] G[a][c],  G[a][c] = sum_j Wem[a,j] B[c,j]     (the chain of §5.3-5.5)
 *   F[i][c] = sum over long-range synapses i -> n, n of class c, of w * 2^weightExp
 *   angle   = acos(<E, F> / (|E| |F|)) over all (i, c), in degrees
 *
 * 0 degrees: the learning signal is the readout's true local gradient direction (up to scale);
 * 90: unrelated. Integer matrices are used as they are: only directions matter.
 */
export interface AlignmentCurve {
  /** one name per modulatory block (its population id) */
  blocks: string[];
  /** training samples seen when each point was taken */
  samples: number[];
  /** degrees[k][b]: angle of block b at point k (null where F or E is zero) */
  degrees: (number | null)[][];
}

export function feedbackAngles(net: LoweredNetwork, weights: readonly Int16Array[], decoders: readonly Int8Array[] | null): (number | null)[] {
  const L = net.learning;
  if (!L) return [];
  const ro = net.populations[L.readout];
  const C = ro.classes ?? 0;
  const npc = ro.neuronsPerClass ?? 1;
  return L.modulatory.map((b, k) => {
    const N = net.populations[b.population].size;
    const M = b.m;
    const Wmh = decoders?.[k] ?? b.Wmh;
    const G = new Float64Array(M * C);
    for (let a = 0; a < M; a++) for (let c = 0; c < C; c++) {
      let s = 0;
      for (let j = 0; j < N; j++) s += b.Wem[a * N + j] * b.B[c * N + j];
      G[a * C + c] = s;
    }
    const F = new Float64Array(N * C);
    net.projections.forEach((q, p) => {
      if (q.source !== b.population || q.target !== L.readout) return;
      const w = weights[p];
      const scale = 2 ** q.weightExp;
      for (let s = 0; s < q.pre.length; s++) {
        const c = Math.floor(q.post[s] / npc);
        if (c < C) F[q.pre[s] * C + c] += w[s] * scale;
      }
    });
    let dot = 0, ee = 0, ff = 0;
    for (let i = 0; i < N; i++) for (let c = 0; c < C; c++) {
      let e = 0;
      for (let a = 0; a < M; a++) e += Wmh[i * M + a] * G[a * C + c];
      const f = F[i * C + c];
      dot += e * f;
      ee += e * e;
      ff += f * f;
    }
    if (ee === 0 || ff === 0) return null;
    const cos = Math.max(-1, Math.min(1, dot / Math.sqrt(ee * ff)));
    return (Math.acos(cos) * 180) / Math.PI;
  });
}
