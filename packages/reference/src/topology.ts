import type { LoweredProjection } from '@snnc/ir';

/**
 * The CSR index of each projection. Synapses are stored sorted by (pre, post) (§1.4; checked by
 * ir's checkNetwork), so the canonical list IS a CSR by presynaptic neuron: only the row starts are
 * built, and a synapse's position in the arrays is its canonical index s used in the §1.4
 * rounding key.
 */
export interface ProjectionIndex {
  /** rowStart[j] .. rowStart[j+1]-1: the synapses of presynaptic neuron j (canonical indices). */
  rowStart: Uint32Array;
  post: Uint32Array;
  /** §2.2: a weight w contributes (w >> down) * scale: scale = 2^(6 + max(0, weightExp)), down = max(0, -weightExp) */
  scale: number;
  down: number;
}

/** CSR row starts of a (pre, post)-sorted projection. */
export function buildIndex(q: LoweredProjection, sourceSize: number): ProjectionIndex {
  const rowStart = new Uint32Array(sourceSize + 1);
  for (let s = 0; s < q.pre.length; s++) rowStart[q.pre[s] + 1]++;
  for (let j = 0; j < sourceSize; j++) rowStart[j + 1] += rowStart[j];
  return { rowStart, post: q.post, scale: 2 ** (6 + Math.max(0, q.weightExp)), down: Math.max(0, -q.weightExp) };
}
