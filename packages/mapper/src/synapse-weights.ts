import type { MapperView } from './view.js';

/**
 * Per-neuron lower bounds on synapse memory (docs/mapper.md §3, "w(i)"), valid for every
 * placement and every slot order: for any core, the sum of w over its neurons is at most the
 * core's synapse bits. Two arguments per projection q, each sound on its own; per projection the
 * one with the larger network total is used (a core's bits are a sum over projections, so mixing
 * arguments across projections stays sound).
 *
 * contiguous: a block of m synapses costs at least minimumBits(m) (cheapest format, targets in
 *   consecutive slots, word-rounded); each synapse of a row of n pays min over m <= min(n, k) of
 *   minimumBits(m) / m, with k the most target-population neurons a core holds.
 * scattered: a block's c targets form c - a runs of consecutive slots, where a counts the pairs of
 *   slot-adjacent neurons both fed by the block's source; the runs are separated by holes, so a
 *   dense block spans >= 2c - 1 - a slots and costs >= min(c x sparse, (2c - 1) x dense) + overhead
 *   - a x dense (H(c) - a x dense, with H(c) also >= minimumBits(c)). Summed over a core's blocks,
 *   the a's add up to the sources shared by slot-adjacent neurons; charge each pair to its left
 *   neuron, which shares at most sigma(i) = max over other neurons i' of |S_q(i) n S_q(i')| sources
 *   with any neighbour. So each synapse pays min over m of H(m)/m and each neuron gets
 *   sigma(i) x dense bits back. Random sparse projections (few shared sources) pay nearly the
 *   indexed rate this way, in any order; clustered ones fall back on the contiguous argument.
 */

/** Work bound for computing shared sources exactly (sum over sources of row length squared). */
export const SHARED_SOURCES_BUDGET = 40_000_000;

export function neuronSynapseWeights(view: MapperView, maxPerCore: Int32Array, shared: (Int32Array | null)[], w: Float64Array): void {
  const { network, target, popOffset, outPtr, coster } = view;
  const word = target.core.synapseWordBits;
  const o = target.synapseEncoding.axonBlockOverheadBits;
  const denseAllowed = target.synapseEncoding.denseFormat;
  w.fill(0);
  for (let q = 0; q < network.projections.length; q++) {
    const pr = network.projections[q];
    const k = Math.max(1, maxPerCore[pr.target]);
    const s = coster[q].sparsePerSynapse;
    const d = denseAllowed ? Math.min(coster[q].densePerSynapse, s) : s;
    const minBits = (m: number) => Math.ceil((m * d + o) / word) * word;
    const contiguous = new Float64Array(k + 1);
    const scattered = new Float64Array(k + 1);
    contiguous[0] = scattered[0] = Infinity;
    for (let m = 1; m <= k; m++) {
      contiguous[m] = Math.min(contiguous[m - 1], minBits(m) / m);
      const h = Math.max(minBits(m), Math.min(m * s, (2 * m - 1) * d) + o);
      scattered[m] = Math.min(scattered[m - 1], h / m);
    }
    const size = network.populations[pr.target].size;
    const a = new Float64Array(size);
    const b = new Float64Array(size);
    const indeg = new Int32Array(size);
    const rows = outPtr[q];
    const post = pr.post;
    for (let j = 0; j + 1 < rows.length; j++) {
      const n = rows[j + 1] - rows[j];
      if (n === 0) continue;
      const tc = contiguous[Math.min(n, k)];
      const ts = scattered[Math.min(n, k)];
      for (let e = rows[j]; e < rows[j + 1]; e++) { a[post[e]] += tc; b[post[e]] += ts; indeg[post[e]]++; }
    }
    let sumA = 0, sumB = 0;
    const sh = shared[q];
    for (let i = 0; i < size; i++) {
      // no dense format: every block is sparse whatever the order, nothing to give back
      if (denseAllowed) b[i] -= d * (sh ? sh[i] : indeg[i]);
      sumA += a[i];
      sumB += b[i];
    }
    const chosen = sumB > sumA ? b : a;
    const base = popOffset[pr.target];
    for (let i = 0; i < size; i++) w[base + i] += chosen[i];
  }
}

/**
 * Per projection (null when too costly or useless): for each target neuron i, the most sources
 * it shares through that projection with any other neuron, max over i' != i of |S(i) n S(i')|.
 */
export function sharedSources(view: MapperView, budget = SHARED_SOURCES_BUDGET): (Int32Array | null)[] {
  const { network, outPtr } = view;
  const out: (Int32Array | null)[] = [];
  let spent = 0;
  for (let q = 0; q < network.projections.length; q++) {
    const pr = network.projections[q];
    const rows = outPtr[q];
    let work = 0;
    for (let j = 0; j + 1 < rows.length; j++) { const n = rows[j + 1] - rows[j]; work += n * n; }
    if (!view.target.synapseEncoding.denseFormat || spent + work > budget) { out.push(null); continue; }
    spent += work;
    const size = network.populations[pr.target].size;
    // sources of each target (CSR)
    const ptr = new Int32Array(size + 1);
    for (let e = 0; e < pr.post.length; e++) ptr[pr.post[e] + 1]++;
    for (let i = 0; i < size; i++) ptr[i + 1] += ptr[i];
    const cur = ptr.slice(0, size);
    const src = new Int32Array(pr.pre.length);
    for (let e = 0; e < pr.pre.length; e++) src[cur[pr.post[e]]++] = pr.pre[e];
    const count = new Int32Array(size);
    const touched = new Int32Array(size);
    const best = new Int32Array(size);
    for (let i = 0; i < size; i++) {
      let nt = 0, mx = 0;
      for (let x = ptr[i]; x < ptr[i + 1]; x++) {
        const j = src[x];
        for (let e = rows[j]; e < rows[j + 1]; e++) {
          const t = pr.post[e];
          if (t === i) continue;
          if (count[t]++ === 0) touched[nt++] = t;
          if (count[t] > mx) mx = count[t];
        }
      }
      for (let x = 0; x < nt; x++) count[touched[x]] = 0;
      best[i] = mx;
    }
    out.push(best);
  }
  return out;
}
