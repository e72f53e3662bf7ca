import { coreId } from '@snnc/ir';
import type { ResolvedConstraints } from './constraints.js';
import { constrainedStart } from './pin-start.js';
import { hilbertOrder, type Mesh } from './mesh.js';

/**
 * Where each block (a filled core's worth of neurons) goes on the mesh.
 *  - sequential: block i on physical core i (chips, tiles row-major, cores in a tile), as a
 *    fill-in-order mapper would;
 *  - locality: blocks in their locality order along a generalised Hilbert curve over the tiles
 *    (chips themselves taken along a curve over the chip grid), then pairwise swap refinement that
 *    moves each block next to the weighted median of its traffic partners while hop-weighted
 *    traffic drops.
 */

/** Undirected core graph: symmetric CSR with summed weights of both directions. */
export interface CoreGraph {
  rowPtr: Int32Array;
  col: Int32Array;
  weight: Float64Array;
  /** traffic each core receives from the host port */
  host: Float64Array;
}

export function symmetrise(k: number, rowPtr: Int32Array, col: Int32Array, weight: Float64Array, host: Float64Array): CoreGraph {
  const deg = new Int32Array(k + 1);
  for (let a = 0; a < k; a++) {
    for (let e = rowPtr[a]; e < rowPtr[a + 1]; e++) { deg[a + 1]++; deg[col[e] + 1]++; }
  }
  for (let a = 0; a < k; a++) deg[a + 1] += deg[a];
  const cur = deg.slice(0, k);
  const c2 = new Int32Array(deg[k]);
  const w2 = new Float64Array(deg[k]);
  for (let a = 0; a < k; a++) {
    for (let e = rowPtr[a]; e < rowPtr[a + 1]; e++) {
      const b = col[e];
      c2[cur[a]] = b; w2[cur[a]++] = weight[e];
      c2[cur[b]] = a; w2[cur[b]++] = weight[e];
    }
  }
  // Merge duplicates (a->b and b->a) so each neighbour appears once per row.
  const outPtr = new Int32Array(k + 1);
  const stamp = new Int32Array(k).fill(-1);
  const slot = new Int32Array(k);
  let n = 0;
  for (let a = 0; a < k; a++) {
    const start = n;
    for (let e = deg[a]; e < deg[a + 1]; e++) {
      const b = c2[e];
      if (stamp[b] !== a) { stamp[b] = a; slot[b] = n; c2[n] = b; w2[n] = w2[e]; n++; }
      else w2[slot[b]] += w2[e];
    }
    outPtr[a + 1] = n;
    void start;
  }
  return { rowPtr: outPtr, col: c2.slice(0, n), weight: w2.slice(0, n), host };
}

export function chipsNeeded(mesh: Mesh, cores: number): number {
  return Math.ceil(cores / mesh.coresPerChip);
}

/** Block i on physical core i. */
export function layoutSequential(cores: number): Int32Array {
  const phys = new Int32Array(cores);
  for (let i = 0; i < cores; i++) phys[i] = i;
  return phys;
}

/** Candidate positions in physical id order (chips, tiles row-major): the sequential start. */
function linearPositions(mesh: Mesh, chips: number): Int32Array {
  const out = new Int32Array(chips * mesh.coresPerChip);
  for (let i = 0; i < out.length; i++) out[i] = i;
  return out;
}

/** Candidate positions: every core of the chips in use, listed tile by tile along the curves. */
function curvePositions(mesh: Mesh, chips: number): Int32Array {
  const chipCurve = hilbertOrder(mesh.chipsX, mesh.chipsY).filter((c) => c < mesh.chipsAvailable).slice(0, chips);
  const tileCurve = hilbertOrder(mesh.meshX, mesh.meshY);
  const out = new Int32Array(chips * mesh.coresPerChip);
  let n = 0;
  for (const chip of chipCurve) {
    for (const tile of tileCurve) {
      for (let c = 0; c < mesh.coresPerTile; c++) out[n++] = coreId(mesh, chip, tile % mesh.meshX, Math.floor(tile / mesh.meshX), c);
    }
  }
  return out;
}

export interface LocalityLayoutOptions {
  passes: number;
  /** Manhattan radius (tiles) around a block's weighted median searched for a better position */
  radius: number;
  /** start from blocks along the Hilbert curve (default) or in physical id order */
  start?: 'curve' | 'linear';
  /** the blocks in the order they take the start's positions (default 0, 1, 2 ...; no constraints) */
  startOrder?: Int32Array;
  /** avoided cores and pins (constraints.ts): blocks never sit where they may not */
  constraints?: { resolved: ResolvedConstraints; coreClass: Int32Array };
}

/**
 * Block i on the i-th usable core in physical order (the sequential layout under constraints;
 * without any it is layoutSequential). Undefined when the pins or the avoided cores leave no room.
 */
export function layoutSequentialConstrained(mesh: Mesh, r: ResolvedConstraints, coreClass: Int32Array): { phys?: Int32Array; short?: { cls: number; need: number; have: number } } {
  const positions = linearPositions(mesh, mesh.chipsAvailable);
  const s = constrainedStart(coreClass.length, coreClass, r, positions);
  if (!s.posOf) return { short: s.short };
  return { phys: Int32Array.from(s.posOf, (p) => positions[p]) };
}

export function layoutLocality(mesh: Mesh, g: CoreGraph, opts: LocalityLayoutOptions): Int32Array {
  const k = g.host.length;
  if (k === 0) return new Int32Array(0);
  const con = opts.constraints;
  // under constraints every chip may be needed (avoided cores, pins elsewhere)
  const chips = con ? mesh.chipsAvailable : chipsNeeded(mesh, k);
  const positions = opts.start === 'linear' ? linearPositions(mesh, chips) : curvePositions(mesh, chips);
  const P = positions.length;
  const pgx = new Int32Array(P);
  const pgy = new Int32Array(P);
  for (let p = 0; p < P; p++) { pgx[p] = mesh.gx(positions[p]); pgy[p] = mesh.gy(positions[p]); }
  // global tile -> first position index of its cores (positions of one tile are consecutive)
  const tileFirst = new Int32Array(mesh.gridX * mesh.gridY).fill(-1);
  for (let p = 0; p < P; p += mesh.coresPerTile) tileFirst[pgy[p] * mesh.gridX + pgx[p]] = p;

  const posOf = new Int32Array(k);
  const coreAt = new Int32Array(P).fill(-1);
  if (con) {
    const s = constrainedStart(k, con.coreClass, con.resolved, positions);
    if (!s.posOf) throw new Error('layoutLocality: no room under the constraints (checked by the caller)');
    for (let a = 0; a < k; a++) { posOf[a] = s.posOf[a]; coreAt[s.posOf[a]] = a; }
  } else if (opts.startOrder) for (let r = 0; r < k; r++) { posOf[opts.startOrder[r]] = r; coreAt[r] = opts.startOrder[r]; }
  else for (let a = 0; a < k; a++) { posOf[a] = a; coreAt[a] = a; }
  // may block a sit at position p? (always, without constraints)
  const canSit = (a: number, p: number): boolean => {
    if (!con) return true;
    const phys = positions[p];
    if (con.resolved.blocked[phys]) return false;
    const cls = con.coreClass[a];
    return cls === 0 || con.resolved.allowed[cls][phys] === 1;
  };

  const { rowPtr, col, weight, host } = g;
  // cost of block a if it sat at position p, with block `other` (if >= 0) moved to position otherPos
  const costAt = (a: number, p: number, other: number, otherPos: number): number => {
    const x = pgx[p], y = pgy[p];
    let s = host[a] * (1 + x + y);
    for (let e = rowPtr[a]; e < rowPtr[a + 1]; e++) {
      const b = col[e];
      const q = b === other ? otherPos : posOf[b];
      s += weight[e] * (Math.abs(x - pgx[q]) + Math.abs(y - pgy[q]));
    }
    return s;
  };

  const xs: number[] = [];
  const ws: number[] = [];
  const median = (coord: Int32Array, a: number, hostCoord: number): number => {
    xs.length = 0; ws.length = 0;
    let total = 0;
    if (host[a] > 0) { xs.push(hostCoord); ws.push(host[a]); total += host[a]; }
    for (let e = rowPtr[a]; e < rowPtr[a + 1]; e++) { xs.push(coord[posOf[col[e]]]); ws.push(weight[e]); total += weight[e]; }
    if (xs.length === 0) return coord[posOf[a]];
    const idx = xs.map((_, i) => i).sort((i, j) => xs[i] - xs[j] || i - j);
    let acc = 0;
    for (const i of idx) { acc += ws[i]; if (acc * 2 >= total) return xs[i]; }
    return xs[idx[idx.length - 1]];
  };

  const R = opts.radius;
  for (let pass = 0; pass < opts.passes; pass++) {
    let moved = 0;
    for (let a = 0; a < k; a++) {
      const pa = posOf[a];
      const mx = Math.max(0, Math.min(mesh.gridX - 1, median(pgx, a, -1)));
      const my = Math.max(0, Math.min(mesh.gridY - 1, median(pgy, a, 0)));
      const base = costAt(a, pa, -1, 0);
      let bestDelta = -1e-9;
      let bestPos = -1;
      for (let dy = -R; dy <= R; dy++) {
        const ty = my + dy;
        if (ty < 0 || ty >= mesh.gridY) continue;
        const rx = R - Math.abs(dy);
        for (let dx = -rx; dx <= rx; dx++) {
          const tx = mx + dx;
          if (tx < 0 || tx >= mesh.gridX) continue;
          const first = tileFirst[ty * mesh.gridX + tx];
          if (first < 0) continue;
          for (let c = 0; c < mesh.coresPerTile; c++) {
            const pb = first + c;
            if (pb === pa || !canSit(a, pb)) continue;
            const b = coreAt[pb];
            if (b >= 0 && !canSit(b, pa)) continue;
            let delta = costAt(a, pb, b, pa) - base;
            if (b >= 0) delta += costAt(b, pa, a, pb) - costAt(b, pb, -1, 0);
            if (delta < bestDelta) { bestDelta = delta; bestPos = pb; }
          }
        }
      }
      if (bestPos >= 0) {
        const b = coreAt[bestPos];
        coreAt[pa] = b; coreAt[bestPos] = a;
        posOf[a] = bestPos;
        if (b >= 0) posOf[b] = pa;
        moved++;
      }
    }
    if (moved === 0) break;
  }
  const phys = new Int32Array(k);
  for (let a = 0; a < k; a++) phys[a] = positions[posOf[a]];
  return phys;
}

/** Hop-weighted traffic of a layout (the objective the refinement lowers), host traffic included. */
export function layoutCost(mesh: Mesh, g: CoreGraph, phys: Int32Array): number {
  let s = 0;
  const k = phys.length;
  for (let a = 0; a < k; a++) {
    const xa = mesh.gx(phys[a]), ya = mesh.gy(phys[a]);
    s += g.host[a] * (1 + xa + ya);
    for (let e = g.rowPtr[a]; e < g.rowPtr[a + 1]; e++) {
      const b = g.col[e];
      if (b < a) continue;
      s += g.weight[e] * (Math.abs(xa - mesh.gx(phys[b])) + Math.abs(ya - mesh.gy(phys[b])));
    }
  }
  return s;
}
