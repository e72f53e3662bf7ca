import type { Rng } from '@snnc/common';
import type { Mesh } from './mesh.js';
import { CoreAccumulator, segmentUsage } from './packer.js';
import { segmentsOf } from './refine.js';
import { neighbourLists } from './swaps.js';
import { coreOfSegmentation, coreTraffic } from './traffic.js';
import type { MapperView } from './view.js';

/**
 * The tile split of a two-tile placement, searched at the tile level (locality strategy, small
 * placements, docs/mapper.md §4 step 8). With two tiles, hop traffic is the synapse weight between
 * them times their distance: cores sharing a tile cost nothing between them, so only the tile cut
 * matters, and moves between cores of one tile (which swaps.ts spends its exact checks on) change
 * nothing. Here the split is searched directly: Fiduccia-Mattheyses (single moves, best prefix,
 * passes until one gains nothing) from the current split and a few seeded random ones, each
 * neuron weighing its in-synapses at the sparse rate, each tile holding its cores' synapse
 * memory over a calibration (the placement's real bits over its model bits) times a scale (1.1
 * down to 0.95). Each scale's best split is packed exactly, first-fit into the tile's own cores
 * (packer.ts; a neuron its tile cannot take goes to the other tile), and its output axons
 * counted. Returns the splits that packed (same cores, same positions); the caller keeps the
 * cheapest if it beats the current one.
 */
export const TILE_SPLIT_MAX_NEURONS = 5000;

export function refineTileSplit(view: MapperView, mesh: Mesh, order: Int32Array, segs: Int32Array, phys: Int32Array, rng: Rng, starts = 6): Array<{ order: Int32Array; segs: Int32Array }> {
  const k = segs.length - 1;
  const n = view.neurons;
  const found: Array<{ order: Int32Array; segs: Int32Array }> = [];
  if (view.compartmentNeurons > TILE_SPLIT_MAX_NEURONS) return found;
  const tileKey = Array.from(phys, (p) => mesh.gy(p) * mesh.gridX + mesh.gx(p));
  const keys = [...new Set(tileKey)].sort((a, b) => a - b);
  if (keys.length !== 2) return found;
  const coresOf = keys.map((t) => Array.from({ length: k }, (_, c) => c).filter((c) => tileKey[c] === t));
  const coreOf = coreOfSegmentation(view, order, segs);
  const { ptr, nb } = neighbourLists(view, coreOf);
  const nodes: number[] = [];
  for (let i = 0; i < n; i++) if (coreOf[i] >= 0) nodes.push(i);
  const w = new Float64Array(n);
  let model = 0;
  for (const i of nodes) {
    for (let e = view.inPtr[i]; e < view.inPtr[i + 1]; e++) w[i] += view.coster[view.inProj[e]].sparsePerSynapse;
    model += w[i];
  }
  let real = 0;
  for (const b of segmentUsage(view, order, segs).synapseBits) real += b;
  const f = model > 0 ? real / model : 1;
  const side = new Int8Array(n);
  const start = new Int8Array(n);
  for (const i of nodes) start[i] = tileKey[coreOf[i]] === keys[0] ? 0 : 1;
  const cutOf = (): number => {
    let s = 0;
    for (const i of nodes) for (let e = ptr[i]; e < ptr[i + 1]; e++) if (nb[e] > i && side[nb[e]] !== side[i]) s++;
    return s;
  };
  side.set(start);
  const current = cutOf();

  const gain = new Float64Array(n);
  const locked = new Uint8Array(n);
  const moved: number[] = [];
  const fm = (cap: number[], load: number[]): number => {
    for (let pass = 0; pass < 40; pass++) {
      for (const i of nodes) {
        let g = 0;
        for (let e = ptr[i]; e < ptr[i + 1]; e++) g += side[nb[e]] !== side[i] ? 1 : -1;
        gain[i] = g;
      }
      locked.fill(0);
      moved.length = 0;
      let cur = 0, best = 0, bestAt = -1;
      for (let step = 0; step < nodes.length && step - bestAt <= 400; step++) {
        let bi = -1, bg = -Infinity;
        for (const i of nodes) if (!locked[i] && gain[i] > bg && load[1 - side[i]] + w[i] <= cap[1 - side[i]]) { bg = gain[i]; bi = i; }
        if (bi < 0) break;
        const from = side[bi];
        side[bi] = 1 - from; load[from] -= w[bi]; load[1 - from] += w[bi]; locked[bi] = 1; moved.push(bi);
        cur += bg;
        gain[bi] = -bg;
        for (let e = ptr[bi]; e < ptr[bi + 1]; e++) gain[nb[e]] += side[nb[e]] === side[bi] ? -2 : 2;
        if (cur > best) { best = cur; bestAt = step; }
      }
      for (let s = moved.length - 1; s > bestAt; s--) {
        const i = moved[s], from = side[i];
        side[i] = 1 - from; load[from] -= w[i]; load[1 - from] += w[i];
      }
      if (best <= 0) break;
    }
    return cutOf();
  };

  const bestSide = new Int8Array(n);
  for (const scale of [1.1, 1.05, 1.02, 1, 0.98, 0.95]) {
    const cap = coresOf.map((cs) => (scale * cs.length * view.target.core.synapseMemoryBits) / f);
    let best = Infinity;
    for (let s = 0; s <= starts; s++) {
      const load = [0, 0];
      if (s === 0) side.set(start);
      else {
        const keyOf = new Float64Array(n);
        for (const i of nodes) keyOf[i] = rng.float();
        const perm = nodes.slice().sort((a, b) => keyOf[a] - keyOf[b] || a - b);
        const share = cap[0] / (cap[0] + cap[1]);
        let placed = 0;
        for (const i of perm) { side[i] = placed < share * model ? 0 : 1; if (side[i] === 0) placed += w[i]; }
      }
      for (const i of nodes) load[side[i]] += w[i];
      if (load[0] > cap[0] || load[1] > cap[1]) continue;
      const c = fm(cap, load);
      if (c < best) { best = c; bestSide.set(side); }
    }
    if (!(best < current)) continue;
    const packed = packTiles(view, nodes, bestSide, coresOf, w, k, false) ?? packTiles(view, nodes, bestSide, coresOf, w, k, true);
    if (packed) found.push(packed);
  }
  return found;
}

/**
 * First-fit of each tile's neurons into its own cores, every limit exact: in id order (neighbours in
 * a population share sources, hence blocks) or decreasing model weight (then id).
 */
function packTiles(view: MapperView, nodes: number[], side: Int8Array, coresOf: number[][], w: Float64Array, k: number, decreasing: boolean): { order: Int32Array; segs: Int32Array } | undefined {
  const members: number[][] = Array.from({ length: k }, () => []);
  // populations by decreasing mean model weight (heavy first), neurons in id order inside
  const popW = new Float64Array(view.network.populations.length);
  const popN = new Float64Array(popW.length);
  for (const i of nodes) { popW[view.popOfNeuron[i]] += w[i]; popN[view.popOfNeuron[i]]++; }
  for (let p = 0; p < popW.length; p++) popW[p] = popN[p] > 0 ? popW[p] / popN[p] : 0;
  const accs = coresOf.map((cs) => cs.map(() => { const a = new CoreAccumulator(view); a.open(); return a; }));
  const place = (i: number, t: number): boolean => {
    const c = accs[t].findIndex((a) => a.tryAdd(i));
    if (c < 0) return false;
    accs[t][c].add(i);
    members[coresOf[t][c]].push(i);
    return true;
  };
  // a neuron its tile cannot take goes to the other tile (a little more cut, still exact)
  const left: number[][] = [[], []];
  for (let t = 0; t < 2; t++) {
    const mine = nodes.filter((i) => side[i] === t);
    if (decreasing) mine.sort((a, b) => w[b] - w[a] || a - b);
    else mine.sort((a, b) => popW[view.popOfNeuron[b]] - popW[view.popOfNeuron[a]] || a - b);
    for (const i of mine) if (!place(i, t)) left[t].push(i);
  }
  for (let t = 0; t < 2; t++) for (const i of left[t]) if (!place(i, 1 - t)) return undefined;
  if (members.some((m) => m.length === 0)) return undefined;
  const { order, segs } = segmentsOf(members, nodes.length);
  const t = coreTraffic(view, order, segs, coreOfSegmentation(view, order, segs), { matrix: false });
  for (let c = 0; c < k; c++) if (t.outputAxons[c] > view.target.core.maxOutputAxons) return undefined;
  return { order, segs };
}
