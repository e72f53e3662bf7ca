import type { Rng } from '@snnc/common';
import { bisect } from './bisection.js';
import { symmetrise } from './layout.js';
import { induced, totalWeight, type WGraph } from './wgraph.js';
import type { MapperView } from './view.js';

/**
 * The locality strategy's first half: an order of the compartment neurons in which neurons that
 * exchange many spikes are close (docs/mapper.md §5). Packing cores along this order (packer.ts)
 * then keeps microcircuits and heavy edges inside a core, and consecutive cores are neighbours in
 * the synapse graph, which the mesh layout turns into short routes.
 *
 * 1. Atoms: runs of consecutive neurons of one population (size 1 for small networks). Spec
 *    generators number microcircuits consecutively, so atoms rarely cut one; they bound the
 *    graph the partitioner sees (a 1M-neuron network becomes <= maxAtoms vertices) in O(synapses).
 * 2. Atom graph: vertex weight = estimated share of a core (the tightest of compartments,
 *    synapse memory, learning state); edge weight = synapses (or expected spikes) between atoms,
 *    both directions summed.
 * 3. Recursive multilevel bisection (bisection.ts) until a piece weighs at most one core; the
 *    leaves, read left to right, are the order.
 */

export interface LocalityOrderOptions {
  /** upper bound on atoms (vertices of the partitioned graph) */
  maxAtoms: number;
  /** edge weight of a synapse from a silent neuron when weighting by activity (keeps structure) */
  silentFloor: number;
  /**
   * Directed atom edges kept at most: above it each row keeps only its heaviest edges. Big
   * networks' long-range shortcuts make many light, random edges that cost the partitioner time
   * and tell it nothing; the heavy ones (circuits, topographic projections) carry the structure.
   */
  edgeBudget: number;
}

const DEFAULTS: LocalityOrderOptions = { maxAtoms: 1 << 12, silentFloor: 1e-3, edgeBudget: 1 << 21 };

export interface AtomGraph {
  graph: WGraph;
  /** atom a covers global neurons atomFirst[a] .. atomFirst[a] + atomLen[a] - 1 */
  atomFirst: Int32Array;
  atomLen: Int32Array;
}

export function buildAtomGraph(view: MapperView, rate: Float64Array | undefined, opts: LocalityOrderOptions): AtomGraph {
  const { network, target, popOffset, isInputPop, outProjections, outPtr, inPtr, inBlock, blockProjection, coster } = view;
  const core = target.core;
  const pops = network.populations;
  // Atoms no bigger than a sixteenth of a core's compartments, so that packing stays fine-grained.
  // (the user's cap on neurons per core, when given, acts as the compartment limit)
  const compartments = Math.min(core.maxCompartments, view.maxNeuronsPerCore ?? Infinity);
  const size = Math.max(1, Math.min(Math.ceil(view.compartmentNeurons / opts.maxAtoms), Math.floor(compartments / 16)));
  let A = 0;
  for (let p = 0; p < pops.length; p++) if (!isInputPop[p]) A += Math.ceil(pops[p].size / size);
  const atomFirst = new Int32Array(A);
  const atomLen = new Int32Array(A);
  const atomOf = new Int32Array(view.neurons).fill(-1);
  let a = 0;
  for (let p = 0; p < pops.length; p++) {
    if (isInputPop[p]) continue;
    for (let i = popOffset[p]; i < popOffset[p + 1]; i += size) {
      const len = Math.min(size, popOffset[p + 1] - i);
      atomFirst[a] = i;
      atomLen[a] = len;
      atomOf.fill(a, i, i + len);
      a++;
    }
  }

  // Vertex weights: a neuron's share of a core under each additive limit; the worst one counts.
  const vw = new Float64Array(A);
  const invComp = 1 / compartments;
  const invBits = core.synapseMemoryBits > 0 ? 1 / core.synapseMemoryBits : 0;
  const invLearn = core.learningStateBits > 0 ? 1 / core.learningStateBits : 0;
  for (let x = 0; x < A; x++) {
    let w = 0;
    for (let i = atomFirst[x], end = i + atomLen[x]; i < end; i++) {
      let bits = 0;
      for (let e = inPtr[i]; e < inPtr[i + 1]; e++) bits += coster[blockProjection[inBlock[e]]].sparsePerSynapse;
      const learn = view.learnBitsPerNeuron[view.popOfNeuron[i]] * invLearn;
      w += Math.max(invComp, bits * invBits, learn);
    }
    vw[x] = w;
  }

  // Directed atom edges, row by row with a stamp (no per-edge objects), then symmetrised.
  let rowPtr = new Int32Array(A + 1);
  let col = new Int32Array(Math.max(16, A * 8));
  let wt = new Float64Array(col.length);
  const stamp = new Int32Array(A).fill(-1);
  const acc = new Float64Array(A);
  const touched = new Int32Array(A);
  let nnz = 0;
  for (let x = 0; x < A; x++) {
    let nt = 0;
    for (let j = atomFirst[x], end = j + atomLen[x]; j < end; j++) {
      const p = view.popOfNeuron[j];
      const local = j - popOffset[p];
      const w = rate ? Math.max(rate[j], opts.silentFloor) : 1;
      for (const q of outProjections[p]) {
        const pr = network.projections[q];
        const rows = outPtr[q];
        const post = pr.post;
        const tBase = popOffset[pr.target];
        for (let e = rows[local], e1 = rows[local + 1]; e < e1; e++) {
          const b = atomOf[tBase + post[e]];
          if (b === x) continue;
          if (stamp[b] !== x) { stamp[b] = x; acc[b] = 0; touched[nt++] = b; }
          acc[b] += w;
        }
      }
    }
    if (nnz + nt > col.length) {
      const cap = Math.max(col.length * 2, nnz + nt);
      const c2 = new Int32Array(cap); c2.set(col.subarray(0, nnz)); col = c2;
      const w2 = new Float64Array(cap); w2.set(wt.subarray(0, nnz)); wt = w2;
    }
    for (let t = 0; t < nt; t++) { col[nnz] = touched[t]; wt[nnz] = acc[touched[t]]; nnz++; }
    rowPtr[x + 1] = nnz;
  }
  if (nnz > opts.edgeBudget) ({ rowPtr, col, wt, nnz } = keepHeaviest(A, rowPtr, col, wt, Math.max(4, Math.floor(opts.edgeBudget / A))));
  const sym = symmetrise(A, rowPtr, col.subarray(0, nnz), wt.subarray(0, nnz), new Float64Array(A));
  return { graph: { n: A, xadj: sym.rowPtr, adj: sym.col, ew: sym.weight, vw }, atomFirst, atomLen };
}

/** Each row's `keep` heaviest entries (ties: the first in row order), in their original order. */
export function keepHeaviest(A: number, rowPtr: Int32Array, col: Int32Array, wt: Float64Array, keep: number) {
  const out = new Int32Array(A + 1);
  const c2 = new Int32Array(A * keep);
  const w2 = new Float64Array(A * keep);
  let n = 0;
  const scratch = new Float64Array(Math.max(1, rowPtr[A] > 0 ? maxRow(A, rowPtr) : 1));
  for (let a = 0; a < A; a++) {
    const s = rowPtr[a], e = rowPtr[a + 1];
    if (e - s <= keep) {
      for (let x = s; x < e; x++) { c2[n] = col[x]; w2[n++] = wt[x]; }
    } else {
      // Threshold = the keep-th largest weight (numeric typed sort); entries above it all stay,
      // entries equal to it in column order until the row is full.
      const row = scratch.subarray(0, e - s);
      row.set(wt.subarray(s, e));
      row.sort();
      const thr = row[row.length - keep];
      let above = 0;
      for (let x = s; x < e; x++) if (wt[x] > thr) above++;
      let ties = keep - above;
      for (let x = s; x < e; x++) {
        if (wt[x] > thr || (wt[x] === thr && ties-- > 0)) { c2[n] = col[x]; w2[n++] = wt[x]; }
      }
    }
    out[a + 1] = n;
  }
  return { rowPtr: out, col: c2, wt: w2, nnz: n };
}

function maxRow(A: number, rowPtr: Int32Array): number {
  let m = 0;
  for (let a = 0; a < A; a++) m = Math.max(m, rowPtr[a + 1] - rowPtr[a]);
  return m;
}

/** The compartment neurons (global ids) in locality order. */
export function localityOrder(view: MapperView, rate: Float64Array | undefined, rng: Rng, options: Partial<LocalityOrderOptions> = {}): Int32Array {
  const opts = { ...DEFAULTS, ...options };
  const { graph, atomFirst, atomLen } = buildAtomGraph(view, rate, opts);
  const atoms = new Int32Array(graph.n);
  let n = 0;
  const emitLeaf = (verts: Int32Array) => {
    const sorted = Int32Array.from(verts).sort();
    atoms.set(sorted, n);
    n += sorted.length;
  };
  // Explicit stack (right child pushed first) so deep recursion never overflows.
  const stack: Array<{ g: WGraph; verts: Int32Array }> = [];
  const all = new Int32Array(graph.n);
  for (let v = 0; v < graph.n; v++) all[v] = v;
  stack.push({ g: graph, verts: all });
  while (stack.length > 0) {
    const { g, verts } = stack.pop()!;
    const W = totalWeight(g);
    if (g.n <= 1 || W <= 1) { emitLeaf(verts); continue; }
    const k = Math.ceil(W);
    const frac = Math.floor(k / 2) / k;
    const part = bisect(g, frac, rng, { fmPasses: 2, seeds: 2 });
    let n0 = 0;
    for (let v = 0; v < g.n; v++) if (part[v] === 0) n0++;
    if (n0 === 0 || n0 === g.n) { emitLeaf(verts); continue; }
    const l0 = new Int32Array(n0);
    const l1 = new Int32Array(g.n - n0);
    for (let v = 0, i0 = 0, i1 = 0; v < g.n; v++) {
      if (part[v] === 0) l0[i0++] = v; else l1[i1++] = v;
    }
    const scratch = new Int32Array(g.n).fill(-1);
    const g0 = induced(g, l0, scratch);
    const g1 = induced(g, l1, scratch);
    stack.push({ g: g1, verts: l1.map((v) => verts[v]) });
    stack.push({ g: g0, verts: l0.map((v) => verts[v]) });
  }
  let total = 0;
  for (let x = 0; x < atoms.length; x++) total += atomLen[x];
  const order = new Int32Array(total);
  let m = 0;
  for (let t = 0; t < atoms.length; t++) {
    const x = atoms[t];
    for (let i = 0; i < atomLen[x]; i++) order[m++] = atomFirst[x] + i;
  }
  return order;
}
