import type { Rng } from '@snnc/common';

/**
 * Undirected weighted graph in CSR form (both directions stored, no self loops, neighbours
 * unique): the working form of the multilevel partitioner. Vertex weight = estimated share of a
 * core (docs/mapper.md §5), edge weight = traffic between the two vertices.
 */
export interface WGraph {
  n: number;
  xadj: Int32Array;
  adj: Int32Array;
  ew: Float64Array;
  vw: Float64Array;
}

export function totalWeight(g: WGraph): number {
  let s = 0;
  for (let v = 0; v < g.n; v++) s += g.vw[v];
  return s;
}

/** Growable CSR builder: rows are appended in order. */
export class CsrBuilder {
  xadj: Int32Array;
  adj: Int32Array;
  ew: Float64Array;
  nnz = 0;
  rows = 0;

  constructor(n: number, guess: number) {
    this.xadj = new Int32Array(n + 1);
    this.adj = new Int32Array(Math.max(16, guess));
    this.ew = new Float64Array(this.adj.length);
  }

  push(u: number, w: number): void {
    if (this.nnz === this.adj.length) {
      const a = new Int32Array(this.adj.length * 2); a.set(this.adj); this.adj = a;
      const e = new Float64Array(this.ew.length * 2); e.set(this.ew); this.ew = e;
    }
    this.adj[this.nnz] = u;
    this.ew[this.nnz++] = w;
  }

  endRow(): void {
    this.xadj[++this.rows] = this.nnz;
  }

  finish(vw: Float64Array): WGraph {
    return { n: this.rows, xadj: this.xadj, adj: this.adj.slice(0, this.nnz), ew: this.ew.slice(0, this.nnz), vw };
  }
}

/**
 * The subgraph induced by `verts` (local ids = positions in verts). `localOf` is scratch of size
 * g.n filled with -1; it is restored before returning.
 */
export function induced(g: WGraph, verts: Int32Array, localOf: Int32Array): WGraph {
  for (let i = 0; i < verts.length; i++) localOf[verts[i]] = i;
  const b = new CsrBuilder(verts.length, 8 * verts.length);
  const vw = new Float64Array(verts.length);
  for (let i = 0; i < verts.length; i++) {
    const v = verts[i];
    vw[i] = g.vw[v];
    for (let e = g.xadj[v]; e < g.xadj[v + 1]; e++) {
      const u = localOf[g.adj[e]];
      if (u >= 0) b.push(u, g.ew[e]);
    }
    b.endRow();
  }
  for (let i = 0; i < verts.length; i++) localOf[verts[i]] = -1;
  return b.finish(vw);
}

/**
 * One level of coarsening by heavy-edge matching: vertices in a seeded random order each match
 * the unmatched neighbour joined by the heaviest edge, if the pair's weight stays <= maxVertex.
 * Returns the coarse graph and the fine -> coarse map.
 */
export function coarsen(g: WGraph, maxVertex: number, rng: Rng): { coarse: WGraph; cmap: Int32Array } {
  const n = g.n;
  const match = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  for (let v = 0; v < n; v++) order[v] = v;
  rng.shuffle(order);
  for (let k = 0; k < n; k++) {
    const v = order[k];
    if (match[v] >= 0) continue;
    let best = -1;
    let bw = -1;
    for (let e = g.xadj[v]; e < g.xadj[v + 1]; e++) {
      const u = g.adj[e];
      if (match[u] >= 0 || g.vw[u] + g.vw[v] > maxVertex) continue;
      if (g.ew[e] > bw || (g.ew[e] === bw && u < best)) { bw = g.ew[e]; best = u; }
    }
    if (best >= 0) { match[v] = best; match[best] = v; } else match[v] = v;
  }
  const cmap = new Int32Array(n).fill(-1);
  const first = new Int32Array(n);
  const second = new Int32Array(n);
  let nc = 0;
  for (let v = 0; v < n; v++) {
    if (cmap[v] >= 0) continue;
    cmap[v] = nc; cmap[match[v]] = nc;
    first[nc] = v; second[nc] = match[v];
    nc++;
  }
  const b = new CsrBuilder(nc, g.adj.length);
  const vw = new Float64Array(nc);
  const stamp = new Int32Array(nc).fill(-1);
  const slot = new Int32Array(nc);
  for (let c = 0; c < nc; c++) {
    const rowStart = b.nnz;
    for (let t = 0; t < 2; t++) {
      const v = t === 0 ? first[c] : second[c];
      if (t === 1 && v === first[c]) break;
      vw[c] += g.vw[v];
      for (let e = g.xadj[v]; e < g.xadj[v + 1]; e++) {
        const d = cmap[g.adj[e]];
        if (d === c) continue;
        if (stamp[d] !== c) { stamp[d] = c; slot[d] = b.nnz; b.push(d, g.ew[e]); }
        else b.ew[slot[d]] += g.ew[e];
      }
    }
    void rowStart;
    b.endRow();
  }
  return { coarse: b.finish(vw), cmap };
}
