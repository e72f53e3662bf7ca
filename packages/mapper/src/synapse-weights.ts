import type { MapperView } from './view.js';

/**
 * Per-neuron lower bounds on synapse memory (docs/mapper.md §3, "w(i)"), valid for every
 * placement and every slot order: for any core, the sum of w over its neurons is at most the
 * core's synapse bits.
 *
 * One block (one source, one projection q, one core) with c synapses whose targets include a
 * slot-adjacent pairs (neighbouring slots, both fed by the source): its c targets form c - a runs
 * of consecutive slots separated by holes, so a dense block spans >= 2c - 1 - a slots, and
 *   cost >= R(c, a) = max(minimumBits(c), min(sparseBits(c), (2c - 1 - a) x dense + overhead))
 * (minimumBits = cheapest format over c consecutive slots, sparseBits = the indexed format, both
 * word-rounded). For any gamma >= 0 the block thus costs >= c x phi(c) - a x gamma with
 *   phi(c) = min over real a in [0, c - 1] of (R(c, a) + a x gamma) / c,
 * a piecewise-linear minimum found at the ends and the two breakpoints. Since c <= m = min(row
 * length, k_p) (k_p: the most neurons of the target population one core holds), each synapse
 * pays min over c <= m of phi(c). Over one core the a's of projection q add up to the sources that
 * slot-adjacent pairs share; each neuron has at most two neighbours, so that sum is at most
 * sum over the core of sigma(i) = (top1(i) + top2(i)) / 2, top1 >= top2 the two largest
 * |S_q(i) n S_q(i')| over other neurons i'. Hence w(i) = sum of its synapses' phi - gamma x sigma(i).
 * gamma = 0 is the contiguous argument (phi = minimumBits(c) / c, nothing given back); gamma =
 * dense gives back a whole dense slot per shared source; in between the giveback shrinks faster
 * than phi. Each gamma is sound on its own, and a core's bits are a sum over projections, so per
 * projection the gamma with the largest network total is used. w >= 0 (R >= minimumBits(c) >=
 * c x dense >= c x gamma and sigma <= in-degree). Without shared sources (too costly to count)
 * sigma is taken as the in-degree.
 */

/**
 * Work bound for computing shared sources exactly (sum over sources of row length squared),
 * cheapest projections first. 400M covers both large projections of the MNIST default
 * (examples/srsnn-seed-mnist-wide3.json: pixels -> L1 ~282M, L1 -> L2 ~68M; its bound rises from 18
 * to 26 cores on loihi2) and costs at most a few CPU seconds at any size (+3.7 s at 1M neurons,
 * docs/benchmarks.md "Mapper"); 40M, the earlier value, left them on the in-degree.
 */
export const SHARED_SOURCES_BUDGET = 400_000_000;

/** The gamma grid, as fractions of the dense bits per synapse. */
const GAMMAS = [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1];

/**
 * phi(c) for c = 1..k of one projection's format, as the prefix minimum min over c' <= c (index 0
 * unused). Exported for the tests.
 */
export function blockCharge(k: number, sparse: number, dense: number, overhead: number, word: number, denseAllowed: boolean, gamma: number): Float64Array {
  const roundW = (x: number) => Math.ceil(x / word) * word;
  const out = new Float64Array(k + 1);
  out[0] = Infinity;
  for (let c = 1; c <= k; c++) {
    const sp = roundW(c * sparse + overhead);
    let phi: number;
    if (!denseAllowed) phi = sp / c;
    else {
      const minBits = Math.min(sp, roundW(c * dense + overhead));
      const R = (a: number) => Math.max(minBits, Math.min(sp, (2 * c - 1 - a) * dense + overhead));
      const M = (a: number) => R(a) + a * gamma;
      const clamp = (a: number) => Math.min(c - 1, Math.max(0, a));
      phi = Math.min(M(0), M(c - 1), M(clamp(2 * c - 1 - (sp - overhead) / dense)), M(clamp(2 * c - 1 - (minBits - overhead) / dense))) / c;
    }
    out[c] = Math.min(out[c - 1], phi);
  }
  return out;
}

/**
 * Fills w (per global neuron) and, when given, totals[q] = the sum over projection q's targets of
 * their share of w: a lower bound on the bits of q's blocks over all cores, which certified.ts
 * sets against q's row argument.
 */
export function neuronSynapseWeights(view: MapperView, maxPerCore: Int32Array, shared: (Float64Array | null)[], w: Float64Array, totals?: Float64Array): void {
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
    const size = network.populations[pr.target].size;
    const rows = outPtr[q];
    const post = pr.post;
    const indeg = new Int32Array(size);
    for (let e = 0; e < post.length; e++) indeg[post[e]]++;
    const sh = shared[q];
    const base = popOffset[pr.target];
    const gammas = denseAllowed ? GAMMAS : [0];
    let best: Float64Array | null = null;
    let bestSum = -Infinity;
    for (const g of gammas) {
      const gamma = g * d;
      const phi = blockCharge(k, s, d, o, word, denseAllowed, gamma);
      const a = new Float64Array(size);
      for (let j = 0; j + 1 < rows.length; j++) {
        const n = rows[j + 1] - rows[j];
        if (n === 0) continue;
        const t = phi[Math.min(n, k)];
        for (let e = rows[j]; e < rows[j + 1]; e++) a[post[e]] += t;
      }
      let sum = 0;
      for (let i = 0; i < size; i++) {
        if (gamma > 0) a[i] -= gamma * (sh ? sh[i] : indeg[i]);
        sum += a[i];
      }
      if (sum > bestSum) { bestSum = sum; best = a; }
    }
    for (let i = 0; i < size; i++) w[base + i] += best![i];
    if (totals) totals[q] = bestSum;
  }
}

/**
 * Per projection (null when too costly or useless): for each target neuron i, the mean of the two
 * largest |S(i) n S(i')| over other neurons i' (sources shared through that projection): a
 * neuron has at most two slot neighbours, so the sources it shares with them are at most twice this.
 */
export function sharedSources(view: MapperView, budget = SHARED_SOURCES_BUDGET): (Float64Array | null)[] {
  const { network, outPtr } = view;
  const nq = network.projections.length;
  const out: (Float64Array | null)[] = new Array(nq).fill(null);
  if (!view.target.synapseEncoding.denseFormat) return out;
  // the cheapest projections first, while the budget lasts
  const work = new Float64Array(nq);
  for (let q = 0; q < nq; q++) {
    const rows = outPtr[q];
    for (let j = 0; j + 1 < rows.length; j++) { const n = rows[j + 1] - rows[j]; work[q] += n * n; }
  }
  const byWork = Array.from({ length: nq }, (_, q) => q).sort((a, b) => work[a] - work[b] || a - b);
  let spent = 0;
  for (const q of byWork) {
    if (spent + work[q] > budget) break;
    spent += work[q];
    const pr = network.projections[q];
    const rows = outPtr[q];
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
    const best = new Float64Array(size);
    for (let i = 0; i < size; i++) {
      let nt = 0, top1 = 0, top2 = 0;
      for (let x = ptr[i]; x < ptr[i + 1]; x++) {
        const j = src[x];
        for (let e = rows[j]; e < rows[j + 1]; e++) {
          const t = pr.post[e];
          if (t === i) continue;
          if (count[t]++ === 0) touched[nt++] = t;
        }
      }
      for (let x = 0; x < nt; x++) {
        const c = count[touched[x]];
        if (c > top1) { top2 = top1; top1 = c; } else if (c > top2) top2 = c;
        count[touched[x]] = 0;
      }
      best[i] = (top1 + top2) / 2;
    }
    out[q] = best;
  }
  return out;
}
