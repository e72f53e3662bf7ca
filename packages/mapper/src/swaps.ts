import { CoreAccumulator } from './packer.js';
import { accumulatorOf, segmentsOf } from './refine.js';
import type { Mesh } from './mesh.js';
import type { MapperView } from './view.js';

/**
 * Neuron moves and swaps between laid-out cores (locality strategy, small placements, docs/mapper.md
 * §4). refine.ts moves a neuron only where the receiving core has room; on the seeds every core
 * is full of synapse memory, so most gainful moves are refused. A *swap* of neuron i (core a)
 * with neuron j (core c) frees the room it needs: its gain is gain_i(a -> c) + gain_j(c -> a)
 * - 2 w_ij dist(a, c) (the i-j synapses keep their length), in the reported objective,
 * synapse-weighted tile hops between neuron cores.
 *
 * State: per neuron, the synapse weight (both directions) it exchanges with each core, A[i][x];
 * the cost of i at core y is H_i(y) = sum_x A[i][x] dist(y, x), so a gain is exact in O(cores).
 * Feasibility is exact: core a without i, then j appended, is measured by rebuilding a's
 * accumulator (packer.ts; removing a neuron never raises any limit, and the final slot order is
 * that rebuilt order with j last), likewise core c; output axons are tracked with per-(source,
 * core) target counts as in refine.ts. Passes repeat until one gains nothing or the work budget
 * (synapse visits of rebuilds and scans) runs out. Iteration is in core and member order: no
 * randomness, the same inputs give the same result.
 */
export function refineSwaps(view: MapperView, mesh: Mesh, order: Int32Array, segs: Int32Array, phys: Int32Array, budget = 3e7): { order: Int32Array; segs: Int32Array; swaps: number; moves: number; work: number } {
  const k = segs.length - 1;
  const n = view.neurons;
  const { popOfNeuron, inPtr, inSource } = view;
  const limit = view.target.core.maxOutputAxons;
  const pinOfPop = view.pinClassOfPop;
  const D = new Int32Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let c = 0; c < k; c++) D[a * k + c] = mesh.tileHops(phys[a], phys[c]);
  }
  const members: number[][] = [];
  const coreOf = new Int32Array(n).fill(-1);
  for (let c = 0; c < k; c++) {
    members.push(Array.from(order.subarray(segs[c], segs[c + 1])));
    for (const i of members[c]) coreOf[i] = c;
  }
  const { ptr: deg, nb } = neighbourLists(view, coreOf);
  const A = new Float64Array(n * k);
  for (let i = 0; i < n; i++) for (let e = deg[i]; e < deg[i + 1]; e++) A[i * k + coreOf[nb[e]]]++;
  // output axons: targets of source j in core c, distinct destination cores, per-core totals
  const count = new Int32Array(n * k);
  const fan = new Int32Array(n);
  const coreOut = new Int32Array(k);
  for (let i = 0; i < n; i++) {
    if (coreOf[i] < 0) continue;
    for (let e = inPtr[i]; e < inPtr[i + 1]; e++) if (count[inSource[e] * k + coreOf[i]]++ === 0) fan[inSource[e]]++;
  }
  for (let j = 0; j < n; j++) if (coreOf[j] >= 0) coreOut[coreOf[j]] += fan[j];

  const H = new Float64Array(k);
  const costs = (i: number) => {
    const row = i * k;
    for (let y = 0; y < k; y++) {
      let s = 0;
      for (let x = 0; x < k; x++) s += A[row + x] * D[y * k + x];
      H[y] = s;
    }
  };
  const moveGain = (j: number, from: number, to: number): number => {
    const row = j * k;
    let s = 0;
    for (let x = 0; x < k; x++) s += A[row + x] * (D[from * k + x] - D[to * k + x]);
    return s;
  };
  let work = 0;
  const scratch = [new CoreAccumulator(view), new CoreAccumulator(view)];
  const fits = (acc: CoreAccumulator, c: number, without: number, add: number): boolean => {
    acc.open();
    for (const m of members[c]) {
      if (m === without) continue;
      acc.add(m);
      work += inPtr[m + 1] - inPtr[m];
    }
    return acc.tryAdd(add);
  };
  // output-axon counts of neuron i leaving core a for core c (coreOf[i] still a)
  const shift = (i: number, a: number, c: number) => {
    coreOut[a] -= fan[i];
    for (let e = inPtr[i]; e < inPtr[i + 1]; e++) {
      const j = inSource[e];
      const cj = j === i ? -1 : coreOf[j];
      if (count[j * k + a]-- === 1) { fan[j]--; if (cj >= 0) coreOut[cj]--; }
      if (count[j * k + c]++ === 0) { fan[j]++; if (cj >= 0) coreOut[cj]++; }
    }
    coreOut[c] += fan[i];
    coreOf[i] = c;
  };
  const axonsOk = () => { for (let c = 0; c < k; c++) if (coreOut[c] > limit) return false; return true; };
  // scratch[0] holds core a without i while i's swaps are tried (tryAdd changes nothing)
  let without = -1;
  const relocate = (i: number, a: number, c: number) => {
    members[a].splice(members[a].indexOf(i), 1);
    members[c].push(i);
    for (let e = deg[i]; e < deg[i + 1]; e++) { const u = nb[e]; A[u * k + a]--; A[u * k + c]++; }
  };
  // per core, an accumulator holding its members in order (moves append; a core that loses a
  // member is rebuilt when it next receives one)
  const accs: (CoreAccumulator | null)[] = new Array(k).fill(null);
  const accOf = (c: number): CoreAccumulator => {
    let acc = accs[c];
    if (!acc) {
      for (const m of members[c]) work += inPtr[m + 1] - inPtr[m];
      acc = accs[c] = accumulatorOf(view, members[c]);
    }
    return acc;
  };
  const tryMove = (i: number, a: number, c: number): boolean => {
    if (members[a].length <= 1) return false;
    const acc = accOf(c);
    work += inPtr[i + 1] - inPtr[i];
    if (!acc.tryAdd(i)) return false;
    shift(i, a, c);
    if (!axonsOk()) { shift(i, c, a); return false; }
    acc.add(i);
    accs[a] = null;
    relocate(i, a, c);
    return true;
  };
  const trySwap = (i: number, a: number, j: number, c: number): boolean => {
    if (without !== i) { fits(scratch[0], a, i, i); without = i; }
    work += inPtr[j + 1] - inPtr[j];
    if (!scratch[0].tryAdd(j) || !fits(scratch[1], c, j, i)) return false;
    without = -1;
    shift(i, a, c);
    shift(j, c, a);
    if (!axonsOk()) { shift(j, a, c); shift(i, c, a); return false; }
    relocate(i, a, c);
    relocate(j, c, a);
    accs[a] = null; accs[c] = null;
    return true;
  };

  const wToI = new Float64Array(n);
  const cand: number[] = [];
  const pick: Array<{ j: number; s: number }> = [];
  let swaps = 0, moves = 0;
  for (let pass = 0; pass < 12 && work < budget; pass++) {
    let gained = 0;
    for (let a = 0; a < k && work < budget; a++) {
      for (const i of members[a].slice()) {
        if (work >= budget) break;
        if (coreOf[i] !== a || (pinOfPop && pinOfPop[popOfNeuron[i]] !== 0)) continue;
        costs(i);
        cand.length = 0;
        for (let c = 0; c < k; c++) if (H[a] - H[c] > 1e-9) cand.push(c);
        if (cand.length === 0) continue;
        cand.sort((x, y) => H[x] - H[y] || x - y);
        let done = false;
        for (let t = 0; t < cand.length && t < 3 && !done; t++) if (tryMove(i, a, cand[t])) { done = true; moves++; gained += H[a] - H[cand[t]]; }
        if (done) continue;
        for (let e = deg[i]; e < deg[i + 1]; e++) wToI[nb[e]]++;
        for (let t = 0; t < cand.length && t < 3 && !done; t++) {
          const c = cand[t];
          const gi = H[a] - H[c];
          pick.length = 0;
          for (const j of members[c]) {
            if (pinOfPop && pinOfPop[popOfNeuron[j]] !== 0) continue;
            const s = gi + moveGain(j, c, a) - 2 * wToI[j] * D[a * k + c];
            if (s > 1e-9) pick.push({ j, s });
          }
          work += members[c].length * k;
          pick.sort((x, y) => y.s - x.s || x.j - y.j);
          for (let r = 0; r < pick.length && r < 3 && !done; r++) {
            if (trySwap(i, a, pick[r].j, c)) { done = true; swaps++; gained += pick[r].s; }
          }
        }
        for (let e = deg[i]; e < deg[i + 1]; e++) wToI[nb[e]] = 0;
      }
    }
    if (gained <= 1e-9) break;
  }

  return { ...segmentsOf(members, order.length), swaps, moves, work };
}

/**
 * Undirected neighbour lists between placed neurons (coreOf >= 0) and their placed sources: j
 * appears in i's list once per synapse between them, either direction; self-synapses and input
 * sources are left out (they carry no hop traffic).
 */
export function neighbourLists(view: MapperView, coreOf: Int32Array): { ptr: Int32Array; nb: Int32Array } {
  const n = view.neurons;
  const { popOfNeuron, inPtr, inSource, isInputPop } = view;
  const ptr = new Int32Array(n + 1);
  const keep = (i: number, j: number) => j !== i && !isInputPop[popOfNeuron[j]] && coreOf[i] >= 0 && coreOf[j] >= 0;
  for (let i = 0; i < n; i++) for (let e = inPtr[i]; e < inPtr[i + 1]; e++) if (keep(i, inSource[e])) { ptr[i + 1]++; ptr[inSource[e] + 1]++; }
  for (let i = 0; i < n; i++) ptr[i + 1] += ptr[i];
  const nb = new Int32Array(ptr[n]);
  const fill = ptr.slice(0, n);
  for (let i = 0; i < n; i++) {
    for (let e = inPtr[i]; e < inPtr[i + 1]; e++) {
      const j = inSource[e];
      if (keep(i, j)) { nb[fill[i]++] = j; nb[fill[j]++] = i; }
    }
  }
  return { ptr, nb };
}
