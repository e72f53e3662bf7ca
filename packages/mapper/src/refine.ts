import { CoreAccumulator } from './packer.js';
import type { Mesh } from './mesh.js';
import type { MapperView } from './view.js';

/**
 * Neuron moves between laid-out cores (locality strategy, small placements): once cores have
 * positions, a neuron whose synapses mostly lead to another tile is moved there if the core it
 * joins stays within every limit. Packing fills cores along one order and cannot see the mesh;
 * this pass can, e.g. it fills the spare synapse memory of readout cores with hidden neurons that
 * feed them. Gains are in the reported objective, synapse-weighted tile hops between neuron cores:
 * moving i from core a to c changes sum(dist(core(j), a) - dist(core(j), c)) over its in-synapses
 * plus the same over its out-synapses.
 *
 * Feasibility is exact: the receiving core's accumulator (packer.ts) measures the append; the
 * core left behind only loses a member (every limit is monotone); output axons are tracked with
 * per-(source, core) target counts. Cost O(passes x neurons x (degree + cores)), so it is used
 * only while neurons x cores stays small.
 */
export const REFINE_MAX_CELLS = 1 << 19;

export function refineMoves(view: MapperView, mesh: Mesh, order: Int32Array, segs: Int32Array, phys: Int32Array, passes = 3): { order: Int32Array; segs: Int32Array; moves: number } {
  const k = segs.length - 1;
  const n = view.neurons;
  const { network, popOffset, popOfNeuron, outProjections, outPtr, inPtr, inSource } = view;
  const limit = view.target.core.maxOutputAxons;
  const pinOfPop = view.pinClassOfPop;
  const gx = Int32Array.from(phys, (p) => mesh.gx(p));
  const gy = Int32Array.from(phys, (p) => mesh.gy(p));
  const dist = (a: number, b: number) => Math.abs(gx[a] - gx[b]) + Math.abs(gy[a] - gy[b]);
  const members: number[][] = [];
  const coreOf = new Int32Array(n).fill(-1);
  for (let c = 0; c < k; c++) {
    members.push(Array.from(order.subarray(segs[c], segs[c + 1])));
    for (const i of members[c]) coreOf[i] = c;
  }
  // targets of source j in core c, distinct destination cores of j, output axons of each core
  const count = new Int32Array(n * k);
  const fan = new Int32Array(n);
  const coreOut = new Int32Array(k);
  const forTargets = (j: number, fn: (t: number) => void) => {
    const p = popOfNeuron[j];
    const local = j - popOffset[p];
    for (const q of outProjections[p]) {
      const pr = network.projections[q];
      const rows = outPtr[q];
      const base = popOffset[pr.target];
      for (let e = rows[local]; e < rows[local + 1]; e++) fn(base + pr.post[e]);
    }
  };
  for (let j = 0; j < n; j++) {
    forTargets(j, (t) => { if (count[j * k + coreOf[t]]++ === 0) fan[j]++; });
    if (coreOf[j] >= 0) coreOut[coreOf[j]] += fan[j];
  }
  const accs: (CoreAccumulator | null)[] = new Array(k).fill(null);
  const accOf = (c: number): CoreAccumulator => (accs[c] ??= accumulatorOf(view, members[c]));
  const gain = new Float64Array(k);
  const cand: number[] = [];
  let moves = 0;
  for (let pass = 0; pass < passes; pass++) {
    let moved = 0;
    for (let a = 0; a < k; a++) {
      for (const i of members[a].slice()) {
        if (members[a].length <= 1) break;
        // pinned neurons stay: their core sits where the pin allows, another core may not
        if (pinOfPop && pinOfPop[popOfNeuron[i]] !== 0) continue;
        // gain of moving i to each core
        gain.fill(0);
        for (let e = inPtr[i]; e < inPtr[i + 1]; e++) {
          const cj = coreOf[inSource[e]];
          if (cj < 0 || inSource[e] === i) continue;
          for (let c = 0; c < k; c++) gain[c] += dist(cj, a) - dist(cj, c);
        }
        forTargets(i, (t) => {
          const ct = coreOf[t] === a && t === i ? -1 : coreOf[t];
          for (let c = 0; c < k; c++) gain[c] += ct < 0 ? 0 : dist(a, ct) - dist(c, ct);
        });
        // Best gain first; a core that refuses (full) passes the neuron to the next best.
        cand.length = 0;
        for (let c = 0; c < k; c++) if (c !== a && gain[c] > 1e-9) cand.push(c);
        if (cand.length === 0) continue;
        cand.sort((x, y) => gain[y] - gain[x] || x - y);
        let done = false;
        for (let t = 0; t < cand.length && t < 6 && !done; t++) done = tryMove(i, a, cand[t]);
        if (!done) continue;
        moved++;
      }
    }
    moves += moved;
    if (moved === 0) break;
  }

  function tryMove(i: number, a: number, c: number): boolean {
    const acc = accOf(c);
    if (!acc.tryAdd(i)) return false;
    // Output axons: i's sources now reach c (maybe no longer a); i's own fan-out moves with it.
    const touched: number[] = [];
    const delta = (j: number, from: number, to: number) => {
      const wasFrom = count[j * k + from]--;
      if (wasFrom === 1) { fan[j]--; if (coreOf[j] >= 0 && j !== i) coreOut[coreOf[j]]--; }
      if (count[j * k + to]++ === 0) { fan[j]++; if (coreOf[j] >= 0 && j !== i) coreOut[coreOf[j]]++; }
      touched.push(j);
    };
    const oldFan = fan[i];
    for (let e = inPtr[i]; e < inPtr[i + 1]; e++) delta(inSource[e], a, c);
    coreOut[a] -= oldFan;
    coreOut[c] += fan[i];
    let ok = true;
    for (const j of touched) if (coreOf[j] >= 0 && coreOut[coreOf[j]] > limit) ok = false;
    if (coreOut[c] > limit) ok = false;
    if (!ok) {
      coreOut[c] -= fan[i];
      for (let e = inPtr[i + 1] - 1; e >= inPtr[i]; e--) delta(inSource[e], c, a);
      coreOut[a] += oldFan;
      return false;
    }
    acc.add(i);
    members[a].splice(members[a].indexOf(i), 1);
    members[c].push(i);
    coreOf[i] = c;
    accs[a] = null; // rebuilt from its remaining members when it next receives a neuron
    return true;
  }

  return { ...segmentsOf(members, order.length), moves };
}

/** An accumulator holding a core's members in their order: that core's exact state (packer.ts). */
export function accumulatorOf(view: MapperView, members: readonly number[]): CoreAccumulator {
  const acc = new CoreAccumulator(view);
  acc.open();
  for (const i of members) acc.add(i);
  return acc;
}

/** Per-core member lists as one order and its segment bounds (core c = order[segs[c] .. segs[c+1])). */
export function segmentsOf(members: readonly number[][], length: number): { order: Int32Array; segs: Int32Array } {
  const order = new Int32Array(length);
  const segs = new Int32Array(members.length + 1);
  let m = 0;
  for (let c = 0; c < members.length; c++) {
    for (const i of members[c]) order[m++] = i;
    segs[c + 1] = m;
  }
  return { order, segs };
}
