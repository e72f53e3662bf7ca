import type { Rng } from '@snnc/common';
import { IndexedMaxHeap } from './heap.js';
import { coarsen, totalWeight, type WGraph } from './wgraph.js';

/**
 * Multilevel graph bisection: coarsen by heavy-edge matching, grow an initial part on the
 * coarsest graph (greedy graph growing from a few seeds, keep the smallest cut), then project back
 * level by level, rebalancing and refining with Fiduccia-Mattheyses passes at each level.
 * `frac` is the share of the total vertex weight part 0 should receive.
 */
export interface BisectOptions {
  /** allowed deviation from the target weight, as a share of the total */
  imbalance: number;
  /** stop coarsening at this many vertices */
  coarsestSize: number;
  seeds: number;
  fmPasses: number;
}

const DEFAULTS: BisectOptions = { imbalance: 0.03, coarsestSize: 64, seeds: 4, fmPasses: 4 };

export function bisect(g: WGraph, frac: number, rng: Rng, options: Partial<BisectOptions> = {}): Uint8Array {
  const opts = { ...DEFAULTS, ...options };
  const W = totalWeight(g);
  const levels: WGraph[] = [g];
  const maps: Int32Array[] = [];
  // Coarse vertices may not exceed a small share of the part, so the parts stay balanceable.
  const maxVertex = Math.max(W * Math.min(frac, 1 - frac) / 4, maxOf(g.vw));
  while (levels[levels.length - 1].n > opts.coarsestSize) {
    const top = levels[levels.length - 1];
    const { coarse, cmap } = coarsen(top, maxVertex, rng);
    if (coarse.n > 0.9 * top.n) break;
    levels.push(coarse);
    maps.push(cmap);
  }
  let level = levels.length - 1;
  let part = initialPartition(levels[level], frac, W, rng, opts.seeds);
  refine(levels[level], part, frac * W, tolerance(levels[level], W, opts), opts.fmPasses);
  while (level > 0) {
    const cmap = maps[level - 1];
    const fine = levels[level - 1];
    const p2 = new Uint8Array(fine.n);
    for (let v = 0; v < fine.n; v++) p2[v] = part[cmap[v]];
    part = p2;
    level--;
    refine(fine, part, frac * W, tolerance(fine, W, opts), opts.fmPasses);
  }
  return part;
}

function maxOf(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

function tolerance(g: WGraph, W: number, opts: BisectOptions): number {
  return Math.max(opts.imbalance * W, maxOf(g.vw));
}

/** Sum of the weights of edges between the parts. */
export function cutWeight(g: WGraph, part: Uint8Array): number {
  let s = 0;
  for (let v = 0; v < g.n; v++) {
    for (let e = g.xadj[v]; e < g.xadj[v + 1]; e++) if (part[g.adj[e]] !== part[v]) s += g.ew[e];
  }
  return s / 2;
}

/** Greedy graph growing: part 0 grows from a seed by the most-connected boundary vertex. */
function initialPartition(g: WGraph, frac: number, W: number, rng: Rng, seeds: number): Uint8Array {
  let best: Uint8Array | null = null;
  let bestCut = Infinity;
  const heap = new IndexedMaxHeap(g.n);
  const target = frac * W;
  for (let s = 0; s < Math.max(1, Math.min(seeds, g.n)); s++) {
    const part = new Uint8Array(g.n).fill(1);
    heap.clear();
    let w0 = 0;
    let next = rng.int(0, g.n - 1);
    let scan = 0; // for disconnected graphs: next unassigned vertex in index order
    while (w0 < target) {
      let v = heap.size > 0 ? heap.pop() : -1;
      if (v < 0) {
        if (part[next] === 1) v = next;
        else {
          while (scan < g.n && part[scan] === 0) scan++;
          if (scan >= g.n) break;
          v = scan;
        }
      }
      if (w0 > 0 && w0 + g.vw[v] - target > target - w0) break; // overshooting more than stopping short
      part[v] = 0;
      w0 += g.vw[v];
      for (let e = g.xadj[v]; e < g.xadj[v + 1]; e++) {
        const u = g.adj[e];
        if (part[u] === 1) heap.set(u, (heap.has(u) ? heap.keyOf(u) : 0) + g.ew[e]);
      }
    }
    const cut = cutWeight(g, part);
    if (cut < bestCut) { bestCut = cut; best = part; }
    next = rng.int(0, g.n - 1);
  }
  return best ?? new Uint8Array(g.n);
}

/**
 * Rebalances (if outside target +- tol) then runs FM passes: each pass moves every vertex at
 * most once, always the best-gain move that keeps (or brings) balance, and rolls back to the best
 * prefix. Gains and cut stay exact under the edge weights.
 */
export function refine(g: WGraph, part: Uint8Array, target0: number, tol: number, passes: number): void {
  const n = g.n;
  const { xadj, adj, ew, vw } = g;
  const gain = new Float64Array(n);
  let w0 = 0;
  for (let v = 0; v < n; v++) if (part[v] === 0) w0 += vw[v];
  const heaps = [new IndexedMaxHeap(n), new IndexedMaxHeap(n)];
  const locked = new Uint8Array(n);
  const moves = new Int32Array(n);

  const computeGains = () => {
    for (let v = 0; v < n; v++) {
      let g0 = 0;
      for (let e = xadj[v]; e < xadj[v + 1]; e++) g0 += part[adj[e]] !== part[v] ? ew[e] : -ew[e];
      gain[v] = g0;
    }
  };
  const balanced = (w: number) => Math.abs(w - target0) <= tol;

  for (let pass = 0; pass < passes; pass++) {
    computeGains();
    heaps[0].clear();
    heaps[1].clear();
    locked.fill(0);
    for (let v = 0; v < n; v++) {
      // Boundary vertices only (or everything when balance must be restored).
      let boundary = !balanced(w0);
      for (let e = xadj[v]; e < xadj[v + 1] && !boundary; e++) if (part[adj[e]] !== part[v]) boundary = true;
      if (boundary) heaps[part[v]].set(v, gain[v]);
    }
    let cum = 0;
    let bestCum = 0;
    let bestIdx = 0;
    let bestDev = Math.abs(w0 - target0);
    let nm = 0;
    const startBalanced = balanced(w0);
    const limit = Math.max(50, Math.min(n, 500));
    while (nm - bestIdx < limit) {
      let pick = -1;
      let pickGain = -Infinity;
      for (let side = 0; side < 2; side++) {
        const h = heaps[side];
        if (h.size === 0) continue;
        const v = h.top();
        const nw0 = side === 0 ? w0 - vw[v] : w0 + vw[v];
        const ok = balanced(nw0) || Math.abs(nw0 - target0) < Math.abs(w0 - target0);
        if (ok && (gain[v] > pickGain || (gain[v] === pickGain && v < pick))) { pick = v; pickGain = gain[v]; }
      }
      if (pick < 0) break;
      const from = part[pick];
      heaps[from].remove(pick);
      locked[pick] = 1;
      part[pick] = 1 - from;
      w0 += from === 0 ? -vw[pick] : vw[pick];
      cum += gain[pick];
      moves[nm++] = pick;
      for (let e = xadj[pick]; e < xadj[pick + 1]; e++) {
        const u = adj[e];
        if (locked[u]) continue;
        gain[u] += part[u] === from ? 2 * ew[e] : -2 * ew[e];
        heaps[part[u]].set(u, gain[u]);
      }
      const dev = Math.abs(w0 - target0);
      const nowBalanced = dev <= tol;
      // Prefer balance first (when the pass started unbalanced), then cut.
      if ((nowBalanced && (cum > bestCum + 1e-12 || (cum >= bestCum - 1e-12 && dev < bestDev))) ||
          (!startBalanced && !balanced(w0 - 0) && dev < bestDev && bestDev > tol)) {
        bestCum = cum; bestIdx = nm; bestDev = dev;
      } else if (!startBalanced && nowBalanced && bestDev > tol) {
        bestCum = cum; bestIdx = nm; bestDev = dev;
      }
    }
    // Roll back the moves after the best prefix.
    for (let m = nm - 1; m >= bestIdx; m--) {
      const v = moves[m];
      const to = part[v];
      part[v] = 1 - to;
      w0 += to === 0 ? -vw[v] : vw[v];
    }
    if (bestIdx === 0 || bestCum <= 1e-12 && startBalanced) break;
  }
}
