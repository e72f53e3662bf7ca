/** What the history needs of a network (a LoweredNetwork or the float twin's Graph). */
export interface CausalShape {
  populations: ReadonlyArray<{ size: number }>;
  projections: ReadonlyArray<{ source: number; delay: number; plasticity: string }>;
}

/**
 * §5.2 causal eligibility needs, at step t, the presynaptic spikes of step t - d for every
 * three-factor projection of delay d. This keeps the spike lists of the sources of three-factor
 * projections for the last H = (largest such delay) + 1 steps, in a ring of H slots per
 * population: one typed array each, sized once, nothing allocated per step.
 */
export class CausalHistory {
  private readonly H: number;
  private readonly size: Int32Array;
  private readonly lists: (Int32Array | null)[];
  private readonly counts: Int32Array;
  private readonly view: { list: Int32Array; offset: number; count: number } = { list: new Int32Array(0), offset: 0, count: 0 };

  constructor(net: CausalShape) {
    const pops = net.populations;
    let maxDelay = 1;
    const source = new Uint8Array(pops.length);
    for (const q of net.projections) {
      if (q.plasticity !== 'threeFactor') continue;
      source[q.source] = 1;
      maxDelay = Math.max(maxDelay, q.delay);
    }
    this.H = maxDelay + 1;
    this.size = Int32Array.from(pops, (p) => p.size);
    this.lists = pops.map((p, k) => (source[k] ? new Int32Array(this.H * p.size) : null));
    this.counts = new Int32Array(this.H * pops.length);
  }

  /** §3.4: a sample starts with no earlier spikes. */
  reset(): void {
    this.counts.fill(0);
  }

  /** Keeps step t's spike lists of the tracked populations. */
  record(t: number, spikeList: Int32Array[], spikeCount: Int32Array): void {
    const slot = t % this.H;
    const P = this.size.length;
    for (let p = 0; p < P; p++) {
      const l = this.lists[p];
      if (l === null) continue;
      const c = spikeCount[p], src = spikeList[p], o = slot * this.size[p];
      for (let k = 0; k < c; k++) l[o + k] = src[k]; // no subarray view: nothing allocated per step
      this.counts[slot * P + p] = c;
    }
  }

  /** The spikes of population p at step t (0 <= t, within the last H steps): a reused view. */
  at(t: number, p: number): { list: Int32Array; offset: number; count: number } {
    const slot = t % this.H;
    this.view.list = this.lists[p]!;
    this.view.offset = slot * this.size[p];
    this.view.count = this.counts[slot * this.size.length + p];
    return this.view;
  }
}
