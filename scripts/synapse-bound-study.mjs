#!/usr/bin/env node
// Issue 14 item 2, "cores <= 1.05x the certified bound on the seeds": what separates the certified
// synapse-memory total from one core more (docs/mapper.md §3 "The seeds: 6 against 7")?
//
//   node scripts/synapse-bound-study.mjs [--spec examples/srsnn-mnist.json] [--target loihi2] [--exact-triples]
//
// Prints one JSON line, all in cores of synapse memory (bits / synapseMemoryBits):
//  certified  the `total` argument of certified.ts (per projection, the larger of rows and w)
//  sparseOnly the same with every projection into a non-readout population charged at the indexed
//             rate (rows of ceil(n / k_p) blocks): what the bound would be if the dense format were
//             proven useless there. NOT certified; it says how far a dense-exclusion proof could go.
//  triples    the pair argument of synapse-weights.ts with a second budget: a block whose c targets
//             have a slot-adjacent pairs has t >= 2a - c slot-consecutive triples, and a core's
//             triples of projection q are at most sum over its neurons of tau(i), the most sources
//             i shares with two other neurons at once (top2 overlap, or exact with --exact-triples,
//             O(n^2) per projection). Word-rounded dense term, integer a. Certified as argued, not built in.
//  placement  the sequential placement's own bits, by part: sparse synapse bits, block overhead,
//             word rounding, minus what dense blocks save, and the bits one core fewer would hold.
import { compile } from '../packages/driver/dist/src/index.js';
import { loadTarget, synapseFormatOf, sparseSynapseBits, denseSynapseBits } from '../packages/ir/dist/src/index.js';
import { certifiedBounds } from '../packages/mapper/dist/src/index.js';
import { buildView } from '../packages/mapper/dist/src/view.js';
import { neuronSynapseWeights, sharedSources } from '../packages/mapper/dist/src/synapse-weights.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const spec = arg('spec', 'examples/srsnn-mnist.json');
const target = loadTarget(arg('target', 'loihi2')).target;
const exact = process.argv.includes('--exact-triples');
const compiled = compile(spec, target, { stage: 'placement', lowerFor: 'loihi2', strategy: 'sequential' });
const net = compiled.network;
const view = buildView(net, target).view;
const b = certifiedBounds(view);
const S = target.core.synapseMemoryBits, W = target.core.synapseWordBits, o = target.synapseEncoding.axonBlockOverheadBits;
const roundW = (x) => Math.ceil(x / W) * W;
const wTotals = new Float64Array(net.projections.length);
neuronSynapseWeights(view, b.maxPerCore, sharedSources(view), new Float64Array(view.neurons), wTotals);

/** Per target of pr: the two largest source overlaps with another target, and (exact) tau. */
function overlaps(pr, rows) {
  const size = net.populations[pr.target].size;
  const ptr = new Int32Array(size + 1);
  for (const t of pr.post) ptr[t + 1]++;
  for (let i = 0; i < size; i++) ptr[i + 1] += ptr[i];
  const at = ptr.slice(0, size), src = new Int32Array(pr.pre.length);
  for (let e = 0; e < pr.pre.length; e++) src[at[pr.post[e]]++] = pr.pre[e];
  const cnt = new Int32Array(size), touched = new Int32Array(size);
  const top1 = new Float64Array(size), top2 = new Float64Array(size), tau = new Float64Array(size);
  const targetsOf = (sources, skip, visit) => {
    let nt = 0;
    for (const j of sources) for (let e = rows[j]; e < rows[j + 1]; e++) {
      const t = pr.post[e];
      if (!skip.includes(t) && cnt[t]++ === 0) touched[nt++] = t;
    }
    for (let x = 0; x < nt; x++) { visit(cnt[touched[x]]); cnt[touched[x]] = 0; }
  };
  const inS = new Uint8Array(rows.length);
  for (let i = 0; i < size; i++) {
    const mine = Array.from(src.subarray(ptr[i], ptr[i + 1]));
    targetsOf(mine, [i], (c) => { if (c > top1[i]) { top2[i] = top1[i]; top1[i] = c; } else if (c > top2[i]) top2[i] = c; });
    tau[i] = top2[i]; // the middle of a consecutive triple shares at most min(left, right) <= top2 with both
    if (!exact) continue;
    for (const j of mine) inS[j] = 1;
    let best = 0;
    for (let p = 0; p < size; p++) {
      if (p === i) continue;
      const both = [];
      for (let x = ptr[p]; x < ptr[p + 1]; x++) if (inS[src[x]]) both.push(src[x]);
      if (both.length > best) targetsOf(both, [i, p], (c) => { if (c > best) best = c; });
    }
    tau[i] = Math.min(tau[i], best);
    for (const j of mine) inS[j] = 0;
  }
  return { top1, top2, tau };
}

let certified = 0, sparseOnly = 0, triples = 0;
const projections = [];
net.projections.forEach((pr, q) => {
  const rows = view.outPtr[q], k = Math.max(1, b.maxPerCore[pr.target]);
  const sp = view.coster[q].sparsePerSynapse, d = Math.min(view.coster[q].densePerSynapse, sp);
  let rowBits = 0, rowSparse = 0, longest = 0;
  for (let j = 0; j + 1 < rows.length; j++) {
    const n = rows[j + 1] - rows[j];
    if (n === 0) continue;
    longest = Math.max(longest, n);
    rowBits += roundW(n * d + Math.ceil(n / k) * o);
    rowSparse += roundW(n * sp + Math.ceil(n / k) * o);
  }
  const cert = Math.max(rowBits, wTotals[q]);
  const readout = net.populations[pr.target].role === 'readout';
  // pairs + triples: phi(c) = min over integer a of (R(c, a) + g1 a + g2 max(0, 2a - c)) / c
  const { top1, top2, tau } = overlaps(pr, rows);
  let sigma = 0, tauSum = 0;
  for (let i = 0; i < top1.length; i++) { sigma += (top1[i] + top2[i]) / 2; tauSum += tau[i]; }
  const m = Math.min(k, longest);
  let best = rowBits;
  for (const f1 of [0, 0.125, 0.25, 0.375, 0.5, 0.625, 0.75, 0.875, 1]) for (const f2 of [0, 0.125, 0.25, 0.5, 0.75, 1, 1.5, 2]) {
    const phi = new Float64Array(m + 1);
    phi[0] = Infinity;
    for (let c = 1; c <= m; c++) {
      const spc = roundW(c * sp + o), minBits = Math.min(spc, roundW(c * d + o));
      let v = Infinity;
      for (let a = 0; a < c; a++) v = Math.min(v, Math.max(minBits, Math.min(spc, roundW((2 * c - 1 - a) * d + o))) + f1 * d * a + f2 * d * Math.max(0, 2 * a - c));
      phi[c] = Math.min(phi[c - 1], v / c);
    }
    let s = -(f1 * d * sigma + f2 * d * tauSum);
    for (let j = 0; j + 1 < rows.length; j++) { const n = rows[j + 1] - rows[j]; if (n) s += n * phi[Math.min(n, m)]; }
    best = Math.max(best, s);
  }
  certified += cert;
  sparseOnly += readout ? cert : Math.max(cert, rowSparse);
  triples += Math.max(best, cert);
  projections.push({ projection: `${net.populations[pr.source].id}->${net.populations[pr.target].id}`, certified: +(cert / S).toFixed(4), sparseOnly: +((readout ? cert : Math.max(cert, rowSparse)) / S).toFixed(4), triples: +(best / S).toFixed(4), sigma, tau: tauSum });
});

// the sequential placement's bits, by part
const pl = compiled.placement;
let raw = 0, overhead = 0, rounding = 0, denseSaves = 0;
for (const pr of net.projections) {
  const f = synapseFormatOf(pr), sp = sparseSynapseBits(target, f), dn = denseSynapseBits(target, f);
  const nc = pl.neuronCore[pr.target], ns = pl.neuronSlot[pr.target];
  const blocks = new Map();
  for (let e = 0; e < pr.pre.length; e++) {
    const key = pr.pre[e] * 65536 + nc[pr.post[e]];
    const bl = blocks.get(key) ?? [0, Infinity, -1];
    bl[0]++; bl[1] = Math.min(bl[1], ns[pr.post[e]]); bl[2] = Math.max(bl[2], ns[pr.post[e]]);
    blocks.set(key, bl);
  }
  for (const [n, lo, hi] of blocks.values()) {
    const s = roundW(n * sp + o), dd = roundW((hi - lo + 1) * dn + o);
    raw += n * sp; overhead += o; rounding += s - n * sp - o;
    if (dd < s) denseSaves += s - dd;
  }
}
const c = (x) => +(x / S).toFixed(4);
console.log(JSON.stringify({
  spec, target: target.name, lowerBound: b.lowerBound, boundKind: b.boundKind, certified: c(certified), sparseOnly: c(sparseOnly), triples: c(triples), exactTriples: exact,
  placement: { cores: pl.cores.length, total: c(raw + overhead + rounding - denseSaves), sparseBits: c(raw), overhead: c(overhead), rounding: c(rounding), denseSaves: c(denseSaves), oneFewerHolds: pl.cores.length - 1 },
  projections,
}));
