import type { Rng } from '@snnc/common';

/**
 * Building blocks of expansion: growable typed synapse lists, Bernoulli selection by geometric
 * skipping (cost proportional to the synapses drawn, not to the pairs considered), and stable
 * counting sorts that put synapses in the canonical (pre, post) order in linear time.
 */
export class SynapseList {
  pre: Uint32Array;
  post: Uint32Array;
  /** absent in a topology list (`withWeights` false): its weights are drawn after, per synapse */
  weight: Float64Array | null;
  length = 0;

  constructor(capacity = 1024, withWeights = true) {
    const cap = Math.max(16, Math.ceil(capacity));
    this.pre = new Uint32Array(cap);
    this.post = new Uint32Array(cap);
    this.weight = withWeights ? new Float64Array(cap) : null;
  }

  push(pre: number, post: number, weight = 0): void {
    if (this.length === this.pre.length) this.grow();
    this.pre[this.length] = pre;
    this.post[this.length] = post;
    if (this.weight) this.weight[this.length] = weight;
    this.length++;
  }

  private grow(): void {
    const cap = Math.min(2 ** 31 - 1, this.pre.length * 2);
    if (cap <= this.pre.length) throw new RangeError('synapse list exceeds 2^31 - 1 entries');
    const pre = new Uint32Array(cap);
    const post = new Uint32Array(cap);
    pre.set(this.pre);
    post.set(this.post);
    this.pre = pre;
    this.post = post;
    if (this.weight) {
      const weight = new Float64Array(cap);
      weight.set(this.weight);
      this.weight = weight;
    }
  }

  /**
   * Exact-length arrays: views of the lists when they are nearly full (a binomial capacity is the
   * mean + 6 sigma, a few hundredths of a percent over at 10^8 synapses), copies otherwise (a view
   * keeps its whole buffer alive). Copying every list doubled expansion's peak memory: a
   * 216M-synapse spec peaked at 39 bytes per synapse where the graph holds 16.
   */
  finish(): { pre: Uint32Array; post: Uint32Array; weight: Float64Array } {
    const { pre, post } = this.finishTopology();
    return { pre, post, weight: this.trim(this.weight ?? new Float64Array(this.length)) };
  }

  /** The pairs alone, for a list made without weights. */
  finishTopology(): { pre: Uint32Array; post: Uint32Array } {
    return { pre: this.trim(this.pre), post: this.trim(this.post) };
  }

  private trim<T extends Uint32Array | Float64Array>(a: T): T {
    const n = this.length;
    return (a.length - n <= a.length / 64 ? a.subarray(0, n) : a.slice(0, n)) as T;
  }
}

/** Capacity guess for a binomial count: mean + 6 sigma + slack, so that growth is rare. */
export function binomialCapacity(pairs: number, p: number): number {
  const mean = pairs * p;
  return Math.min(2 ** 31 - 1, Math.ceil(mean + 6 * Math.sqrt(mean * (1 - p)) + 64));
}

/**
 * Calls `emit(i)` for each i in [start, end) independently with probability p, in ascending
 * order. The gap to the next success is geometric: floor(log(1 - u) / log(1 - p)).
 */
export function bernoulliIndices(rng: Rng, p: number, start: number, end: number, emit: (i: number) => void): void {
  if (p <= 0 || start >= end) return;
  if (p >= 1) {
    for (let i = start; i < end; i++) emit(i);
    return;
  }
  const logq = Math.log1p(-p);
  let i = start - 1;
  for (;;) {
    const gap = Math.floor(Math.log1p(-rng.float()) / logq);
    i += gap + 1;
    if (!(i < end)) return;
    emit(i);
  }
}

/**
 * Stable counting sort of synapses by `key` (values in [0, n)); returns the permutation.
 * Two passes (by post, then by pre) give the canonical (pre, post) order.
 */
function countingOrder(key: Uint32Array, n: number, order: Uint32Array | null): Uint32Array {
  const m = key.length;
  const count = new Uint32Array(n + 1);
  for (let s = 0; s < m; s++) count[key[order ? order[s] : s] + 1]++;
  for (let i = 0; i < n; i++) count[i + 1] += count[i];
  const out = new Uint32Array(m);
  for (let s = 0; s < m; s++) {
    const idx = order ? order[s] : s;
    out[count[key[idx]]++] = idx;
  }
  return out;
}

function permute<T extends Uint32Array | Float64Array>(a: T, order: Uint32Array): T {
  const out = new (a.constructor as new (n: number) => T)(order.length);
  for (let s = 0; s < order.length; s++) out[s] = a[order[s]];
  return out;
}

export function isSortedPrePost(pre: Uint32Array, post: Uint32Array): boolean {
  for (let s = 1; s < pre.length; s++) {
    if (pre[s] < pre[s - 1] || (pre[s] === pre[s - 1] && post[s] <= post[s - 1])) return false;
  }
  return true;
}

/**
 * Canonical (pre, post) order. `postSorted` says the input is already ordered by post within
 * each pre-agnostic sweep (e.g. generated target by target), so one pass by pre suffices.
 */
export function sortPrePost(
  syn: { pre: Uint32Array; post: Uint32Array; weight: Float64Array },
  nPre: number,
  nPost: number,
  postSorted = false,
): { pre: Uint32Array; post: Uint32Array; weight: Float64Array } {
  if (isSortedPrePost(syn.pre, syn.post)) return syn;
  const byPost = postSorted ? null : countingOrder(syn.post, nPost, null);
  const order = countingOrder(syn.pre, nPre, byPost);
  return { pre: permute(syn.pre, order), post: permute(syn.post, order), weight: permute(syn.weight, order) };
}

/** Synapses per postsynaptic neuron. */
export function fanIn(post: Uint32Array, nPost: number): Uint32Array {
  const c = new Uint32Array(nPost);
  for (let s = 0; s < post.length; s++) c[post[s]]++;
  return c;
}
