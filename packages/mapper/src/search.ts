import type { Rng } from '@snnc/common';
import { ANNEAL_MAX_CORES, annealLayout } from './anneal.js';
import { layoutCost, symmetrise } from './layout.js';
import type { Mesh } from './mesh.js';
import { refineMoves, REFINE_MAX_CELLS } from './refine.js';
import { refineSwaps } from './swaps.js';
import { refineTileSplit } from './tilesplit.js';
import { coreOfSegmentation, coreTraffic, type CoreTraffic } from './traffic.js';
import type { MapperView } from './view.js';

/**
 * The small-placement search of the locality strategy (docs/mapper.md §4, step 8): with a few
 * dozen cores, rounds of (annealed core positions, anneal.ts) then (neuron moves and swaps
 * between cores, refine.ts and swaps.ts), each round kept only if the objective, synapse-weighted
 * tile hops between neuron cores, falls; stops at the first round that gains nothing. The core set
 * and every per-core limit are preserved by each step, so the result is feasible whenever the
 * start is. Used only without activity weighting (the neuron-level gains count synapses) and
 * without pins or avoided cores (positions would need their classes).
 */
export interface SmallPlacement {
  order: Int32Array;
  segs: Int32Array;
  phys: Int32Array;
  t: CoreTraffic;
  cost: number;
}

export function searchApplies(view: MapperView, k: number): boolean {
  return k > 1 && k <= ANNEAL_MAX_CORES && view.neurons * k <= REFINE_MAX_CELLS;
}

export function searchSmall(view: MapperView, mesh: Mesh, start: SmallPlacement, rng: Rng, rounds = 4): SmallPlacement & { improved: boolean } {
  const k = start.segs.length - 1;
  let best = start;
  let improved = false;
  // synapse visits of the swap search (its exact checks), shared by the rounds: ~1 s at most
  let budget = 3e7;
  const costOf = (t: CoreTraffic, phys: Int32Array) => layoutCost(mesh, symmetrise(k, t.rowPtr, t.col, t.weight, new Float64Array(k)), phys);
  // two tiles: the tile split searched directly, then packed exactly into the same cores
  for (const split of refineTileSplit(view, mesh, best.order, best.segs, best.phys, rng.fork('tiles'))) {
    const t = coreTraffic(view, split.order, split.segs, coreOfSegmentation(view, split.order, split.segs), { matrix: true });
    const c = costOf(t, best.phys);
    if (c < best.cost) { best = { ...split, phys: best.phys, t, cost: c }; improved = true; }
  }
  for (let round = 0; round < rounds && budget > 0; round++) {
    const g = symmetrise(k, best.t.rowPtr, best.t.col, best.t.weight, new Float64Array(k));
    const phys = annealLayout(mesh, g, best.phys, rng.fork(`anneal:${round}`));
    const laid = layoutCost(mesh, g, phys);
    let cur: SmallPlacement = laid < best.cost ? { ...best, phys, cost: laid } : best;
    const m = refineMoves(view, mesh, cur.order, cur.segs, cur.phys);
    const s = refineSwaps(view, mesh, m.order, m.segs, cur.phys, budget);
    budget -= s.work;
    if (m.moves + s.moves + s.swaps > 0) {
      const t = coreTraffic(view, s.order, s.segs, coreOfSegmentation(view, s.order, s.segs), { matrix: true });
      const c = costOf(t, cur.phys);
      if (c < cur.cost) cur = { order: s.order, segs: s.segs, phys: cur.phys, t, cost: c };
    }
    if (cur.cost >= best.cost - 1e-9) break;
    best = cur;
    improved = true;
  }
  return { ...best, improved };
}
