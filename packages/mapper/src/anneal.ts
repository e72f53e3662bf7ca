import type { Rng } from '@snnc/common';
import type { CoreGraph } from './layout.js';
import type { Mesh } from './mesh.js';

/**
 * Simulated annealing of core positions (locality strategy, small placements, docs/mapper.md §4).
 * The median-driven passes of layout.ts stop at the first local optimum of single-core moves;
 * with a few dozen cores a global search is cheap: the state is a position for every core among
 * all cores of the chips the layout already uses, a step moves one core to another position
 * (swapping with the core there, if any), and its change of the objective, synapse-weighted tile
 * hops between cores, is computed exactly in O(cores) from a dense weight matrix. Proposals are a
 * free position anywhere on those chips or one within two tiles; temperature falls geometrically
 * from the mean |delta| of a sample of proposals to a ten-thousandth of it; the best state seen is
 * kept, and the start is returned unchanged unless the best is strictly cheaper. Seeded: the same
 * inputs give the same layout.
 */
export const ANNEAL_MAX_CORES = 64;

export function annealLayout(mesh: Mesh, g: CoreGraph, phys: Int32Array, rng: Rng, stepsPerCore = 20000): Int32Array {
  const k = phys.length;
  if (k < 2 || k > ANNEAL_MAX_CORES) return phys;
  // dense symmetric weights (g is symmetric: each pair appears in both rows)
  const W = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let e = g.rowPtr[a]; e < g.rowPtr[a + 1]; e++) W[a * k + g.col[e]] += g.weight[e];
  // candidate positions: every core of the chips in use, in physical id order
  const chips = [...new Set(Array.from(phys, (p) => Math.floor(p / mesh.coresPerChip)))].sort((x, y) => x - y);
  const P = chips.length * mesh.coresPerChip;
  const posPhys = new Int32Array(P);
  for (let c = 0, n = 0; c < chips.length; c++) for (let q = 0; q < mesh.coresPerChip; q++) posPhys[n++] = chips[c] * mesh.coresPerChip + q;
  const px = Int32Array.from(posPhys, (p) => mesh.gx(p));
  const py = Int32Array.from(posPhys, (p) => mesh.gy(p));
  const indexOf = new Map<number, number>();
  for (let p = 0; p < P; p++) indexOf.set(posPhys[p], p);
  const posOf = Int32Array.from(phys, (p) => indexOf.get(p)!);
  const coreAt = new Int32Array(P).fill(-1);
  for (let a = 0; a < k; a++) coreAt[posOf[a]] = a;
  // positions of each tile, for the local proposals
  const tileKey = (x: number, y: number) => y * mesh.gridX + x;
  const tilePositions = new Map<number, number[]>();
  for (let p = 0; p < P; p++) {
    const key = tileKey(px[p], py[p]);
    let list = tilePositions.get(key);
    if (!list) tilePositions.set(key, (list = []));
    list.push(p);
  }

  const dist = (p: number, q: number) => Math.abs(px[p] - px[q]) + Math.abs(py[p] - py[q]);
  // change of the objective when core a goes to position q and the core there (b, or none) to a's
  const delta = (a: number, q: number): number => {
    const p = posOf[a];
    const b = coreAt[q];
    let d = 0;
    for (let x = 0; x < k; x++) {
      if (x === a || x === b) continue;
      const px0 = posOf[x];
      const wa = W[a * k + x];
      if (wa !== 0) d += wa * (dist(q, px0) - dist(p, px0));
      if (b >= 0) {
        const wb = W[b * k + x];
        if (wb !== 0) d += wb * (dist(p, px0) - dist(q, px0));
      }
    }
    return d;
  };
  const propose = (a: number): number => {
    if (rng.float() < 0.5) return rng.int(0, P - 1);
    const p = posOf[a];
    const tx = px[p] + rng.int(-2, 2), ty = py[p] + rng.int(-2, 2);
    const list = tilePositions.get(tileKey(tx, ty));
    if (!list || tx < 0 || ty < 0 || tx >= mesh.gridX || ty >= mesh.gridY) return rng.int(0, P - 1);
    return list[rng.int(0, list.length - 1)];
  };
  const apply = (a: number, q: number) => {
    const p = posOf[a];
    const b = coreAt[q];
    coreAt[p] = b; coreAt[q] = a; posOf[a] = q;
    if (b >= 0) posOf[b] = p;
  };

  let sample = 0, counted = 0;
  for (let s = 0; s < 200; s++) {
    const a = rng.int(0, k - 1);
    const q = propose(a);
    if (q === posOf[a]) continue;
    sample += Math.abs(delta(a, q));
    counted++;
  }
  if (counted === 0 || sample === 0) return phys;
  const t0 = sample / counted;
  const steps = stepsPerCore * k;
  const cool = Math.pow(1e-4, 1 / steps);
  let temp = t0;
  let cost = 0;
  let best = 0;
  const bestPos = posOf.slice();
  for (let s = 0; s < steps; s++, temp *= cool) {
    const a = rng.int(0, k - 1);
    const q = propose(a);
    if (q === posOf[a]) continue;
    const d = delta(a, q);
    if (d <= 0 || rng.float() < Math.exp(-d / temp)) {
      apply(a, q);
      cost += d;
      if (cost < best - 1e-9) { best = cost; bestPos.set(posOf); }
    }
  }
  if (best >= -1e-9) return phys;
  return Int32Array.from(bestPos, (p) => posPhys[p]);
}
