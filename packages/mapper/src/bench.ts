import { Rng } from '@snnc/common';
import type { LoweredNetwork, LoweredPopulation, LoweredProjection } from '@snnc/ir';

/**
 * The scale benchmark's network (`snnc bench map`): a structured small-world network built
 * straight into typed arrays (no spec, no lowering), so that a million neurons and a hundred
 * million synapses fit in memory and in seconds.
 *
 * Four hidden layers of N/4 neurons plus a small host input. Each neuron's ~fanin outgoing synapses:
 *  - 70% local: to neurons of its own microcircuit (aligned blocks of 128), Bernoulli per member;
 *  - 10% long-range: rewired to uniformly random neurons of its layer (the small-world shortcuts);
 *  - 20% feed-forward: to a window of 256 neurons of the next layer around the topographically
 *    corresponding position (the last layer has none and puts those synapses into its circuit).
 * Rows are generated pre by pre in ascending post order (local and window scans are ascending; the
 * few shortcuts are merged in), so the (pre, post) order the IR promises holds without sorting.
 * Weights are not read by the mapper: by default every projection's weight array is a view of one
 * shared zero buffer. With `dynamics` the same topology (the same rows: weights come from their own
 * forks of the seed, `w:<projection>`) gets seeded nonzero weights and neurons that respond, so that
 * it can be emulated (`snnc bench emulator --network smallworld`, docs/benchmarks.md): see DYNAMICS.
 */
export interface BenchNetworkOptions {
  neurons: number;
  fanin: number;
  seed: number;
  /** seeded nonzero weights and responsive neurons (default: zero weights, silent neurons) */
  dynamics?: boolean;
  /** called before each projection is drawn (done of total): what a long run shows as progress */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The emulatable version's neurons and weight ranges (integers drawn uniformly in [lo, hi]).
 * CUBA with no current memory (decayU 4095: u is this step's input), v halving each step (decayV
 * 2048), threshold 100 << 6 and a refractory period of 2 steps (at most one spike in 3 steps): a
 * drive spike (weights >= 101, i.e. > 100 << 6) fires its target on the next step; recurrent weights
 * are balanced around a slightly negative mean, so activity spreads inside a circuit without running
 * away; feed-forward weights carry it to the next layer.
 */
export const DYNAMICS = {
  params: { model: 'cuba' as const, decayU: 4095, decayV: 2048, vthMant: 100, biasMant: 0, biasExp: 0, refractory: 2 },
  drive: [101, 127],
  recurrent: [-24, 16],
  feedForward: [0, 36],
} as const;

const LAYERS = 4;
const CIRCUIT = 128;
const WINDOW = 256;

/**
 * A fast inline generator for the hundred million draws of the big benchmark, seeded from the
 * project's Rng (so still a pure function of the seed): xorshift32, floats in [0, 1).
 */
class Fast {
  private s: number;
  constructor(rng: Rng) { this.s = (rng.uint32() | 1) >>> 0; }
  float(): number {
    let x = this.s;
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    this.s = x >>> 0;
    return this.s / 4294967296;
  }
  /** gap to the next success of a Bernoulli(p) scan: geometric, >= 1 */
  gap(logq: number): number {
    return 1 + Math.floor(Math.log(1 - this.float()) / logq);
  }
  int(n: number): number { return Math.floor(this.float() * n); }
}

class Rows {
  pre: Uint32Array;
  post: Uint32Array;
  n = 0;
  constructor(capacity: number) {
    this.pre = new Uint32Array(capacity);
    this.post = new Uint32Array(capacity);
  }
  push(i: number, j: number): void {
    if (this.n === this.pre.length) {
      const cap = Math.ceil(this.pre.length * 1.25) + 1024;
      const a = new Uint32Array(cap); a.set(this.pre); this.pre = a;
      const b = new Uint32Array(cap); b.set(this.post); this.post = b;
    }
    this.pre[this.n] = i;
    this.post[this.n++] = j;
  }
}

export function benchNetwork(opts: BenchNetworkOptions): LoweredNetwork {
  const rng = new Rng(opts.seed);
  const n = Math.max(LAYERS, Math.floor(opts.neurons));
  const fanin = Math.max(1, opts.fanin);
  const sizes = Array.from({ length: LAYERS }, (_, k) => Math.floor(n / LAYERS) + (k < n % LAYERS ? 1 : 0));
  const inputSize = Math.max(1, Math.floor(n / 1000));
  const populations: LoweredPopulation[] = [
    { id: 'in', index: 0, size: inputSize, role: 'input', layer: 0, model: 'input', params: null },
    ...sizes.map((size, k): LoweredPopulation => ({
      id: `L${k + 1}`, index: k + 1, size, role: 'hidden', layer: k + 1, model: 'cuba',
      params: opts.dynamics ? { ...DYNAMICS.params } : { model: 'cuba', decayU: 410, decayV: 410, vthMant: 200, biasMant: 0, biasExp: 0, refractory: 0 },
    })),
  ];
  const raw: Array<{ id: string; source: number; target: number; rows: Rows }> = [];
  // one feed-forward projection into each layer and one recurrent per layer: 2 x LAYERS, each told before it is drawn
  const draw = (id: string, source: number, target: number, rows: () => Rows) => {
    opts.onProgress?.(raw.length, 2 * LAYERS);
    raw.push({ id, source, target, rows: rows() });
  };
  draw('ff:L1', 0, 1, () => window(rng.fork('ff:L1'), inputSize, sizes[0], Math.min(WINDOW, sizes[0]) / 4));
  for (let k = 0; k < LAYERS; k++) {
    const last = k === LAYERS - 1;
    const local = last ? 0.9 * fanin : 0.7 * fanin;
    draw(`rec:L${k + 1}`, k + 1, k + 1, () => circuits(rng.fork(`rec:L${k + 1}`), sizes[k], local, 0.1 * fanin));
    if (!last) draw(`ff:L${k + 2}`, k + 1, k + 2, () => window(rng.fork(`ff:L${k + 2}`), sizes[k], sizes[k + 1], 0.2 * fanin));
  }
  let longest = 0;
  for (const r of raw) longest = Math.max(longest, r.rows.n);
  const zeros = new Int16Array(opts.dynamics ? 0 : longest);
  const projections: LoweredProjection[] = raw.map((r, index) => ({
    id: r.id, index, source: r.source, target: r.target, kind: r.id.startsWith('ff') ? 'ff' : 'rec', delay: 1, plasticity: 'none',
    pre: r.rows.pre.subarray(0, r.rows.n), post: r.rows.post.subarray(0, r.rows.n),
    weightBits: 8, weightExp: 0, weight: opts.dynamics ? weights(rng.fork(`w:${r.id}`), r.rows.n, range(r.source, r.target)) : zeros.subarray(0, r.rows.n),
    learnMant: 0, learnShift: 0,
  }));
  return { irVersion: '1.0', name: `smallworld-${n}`, seed: opts.seed, timesteps: 1, populations, projections, learning: null };
}

function range(source: number, target: number): readonly [number, number] {
  return source === 0 ? DYNAMICS.drive : source === target ? DYNAMICS.recurrent : DYNAMICS.feedForward;
}

/** `n` weights uniform in [lo, hi] from the projection's own stream (the rows' streams are untouched). */
function weights(seed: Rng, n: number, [lo, hi]: readonly [number, number]): Int16Array {
  const rng = new Fast(seed);
  const w = new Int16Array(n);
  for (let s = 0; s < n; s++) w[s] = lo + rng.int(hi - lo + 1);
  return w;
}

/** Microcircuits with `local` expected targets per neuron inside its block and `far` shortcuts. */
function circuits(seed: Rng, size: number, local: number, far: number): Rows {
  const rng = new Fast(seed);
  const rows = new Rows(Math.ceil(size * (local + far) * 1.05) + 1024);
  const shortcuts = new Int32Array(Math.ceil(far) * 4 + 8);
  for (let i = 0; i < size; i++) {
    const lo = Math.floor(i / CIRCUIT) * CIRCUIT;
    const hi = Math.min(size, lo + CIRCUIT);
    const p = Math.min(1, local / Math.max(1, hi - lo - 1));
    // Shortcuts: a Poisson-ish count of uniform targets, kept sorted for the merge.
    let ns = 0;
    const want = Math.floor(far) + (rng.float() < far - Math.floor(far) ? 1 : 0);
    for (let s = 0; s < want && ns < shortcuts.length; s++) {
      const j = rng.int(size);
      if (j >= lo && j < hi) continue;
      let at = ns++;
      while (at > 0 && shortcuts[at - 1] > j) { shortcuts[at] = shortcuts[at - 1]; at--; }
      shortcuts[at] = j;
    }
    let s = 0;
    let last = -1;
    const emit = (j: number) => { if (j !== last) { rows.push(i, j); last = j; } };
    while (s < ns && shortcuts[s] < lo) emit(shortcuts[s++]);
    if (p >= 1) { for (let j = lo; j < hi; j++) if (j !== i) emit(j); }
    else if (p > 0) {
      const logq = Math.log(1 - p);
      for (let j = lo - 1 + rng.gap(logq); j < hi; j += rng.gap(logq)) if (j !== i) emit(j);
    }
    while (s < ns) emit(shortcuts[s++]);
  }
  return rows;
}

/** Topographic feed-forward: `per` expected targets in a window around the matching position. */
function window(seed: Rng, nPre: number, nPost: number, per: number): Rows {
  const rng = new Fast(seed);
  const rows = new Rows(Math.ceil(nPre * per * 1.05) + 1024);
  const w = Math.max(1, Math.min(WINDOW, nPost));
  const p = Math.min(1, per / w);
  for (let i = 0; i < nPre; i++) {
    const centre = Math.floor(((i + 0.5) * nPost) / nPre);
    const lo = Math.max(0, Math.min(nPost - w, centre - (w >> 1)));
    if (p >= 1) { for (let j = lo; j < lo + w; j++) rows.push(i, j); continue; }
    const logq = Math.log(1 - p);
    for (let j = lo - 1 + rng.gap(logq); j < lo + w; j += rng.gap(logq)) rows.push(i, j);
  }
  return rows;
}
