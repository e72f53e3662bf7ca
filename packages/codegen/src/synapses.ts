/**
 * Synapse memory, input axons and output routes of every core (docs/chip-image.md, "Synapse
 * memory"). Synapses live in the core of their postsynaptic neuron. An input axon of a core is one
 * source neuron (network-global id) with at least one synapse there; axons are numbered by source
 * id. Each axon holds one block per projection joining the two, in projection order, and each
 * block's format and bits come from the mapper's accounting (synapseBlockBits), so the image
 * makes exactly the encoding decisions the mapper budgeted for.
 *
 * Scale: a 10,000-neuron network with 100 random synapses per neuron spread over ~200 cores has
 * ~800,000 blocks of one or two synapses. Block arrays are therefore views into large arenas
 * (one allocation per 64K entries, not three per block) and routes are built as CSR arrays, not
 * one small array per (source, core).
 */
import type { LoweredNetwork, Target } from '@snnc/ir';
import { synapseBlockBits, synapseFormatOf } from '@snnc/ir';
import type { Placement } from '@snnc/mapper';
import { NO_SYNAPSE, type InputAxon, type SynapseBlock } from '@snnc/image';

export interface SynapseLayout {
  /** per used core: input axons in axon order, and the source neuron (global id) of each */
  axons: InputAxon[][];
  axonSource: Int32Array[];
  /** per used core: sum of block bits */
  synapseBits: Float64Array;
  synapses: Float64Array;
  /**
   * Output routes of global neuron g: entries routeStart[g] .. routeStart[g+1]-1 of
   * (routeCore = used core index, routeAxon), ascending core.
   */
  routeStart: Int32Array;
  routeCore: Int32Array;
  routeAxon: Int32Array;
  /** largest delay of any synapse (the emulator's delay-line depth) */
  maxDelay: number;
}

/** network-global ids: populations in order */
export function populationOffsets(net: LoweredNetwork): Int32Array {
  const off = new Int32Array(net.populations.length + 1);
  net.populations.forEach((p, i) => (off[i + 1] = off[i] + p.size));
  return off;
}

const CHUNK = 1 << 16;
const EMPTY_U32 = new Uint32Array(0);

/** Hands out disjoint views of large zeroed buffers. */
class Arena<A extends Int32Array | Uint32Array> {
  private buf: A;
  private used = 0;
  constructor(private readonly make: (n: number) => A) {
    this.buf = make(CHUNK);
  }
  take(n: number): A {
    if (n === 0) return this.make(0);
    if (this.used + n > this.buf.length) {
      this.buf = this.make(Math.max(CHUNK, n));
      this.used = 0;
    }
    const v = this.buf.subarray(this.used, this.used + n) as A;
    this.used += n;
    return v;
  }
}

/**
 * `ruleOf(core, projection)` returns the block's rule number (0 static). One pass over every
 * projection; per presynaptic row, its synapses are sorted by (core, slot) to form the blocks.
 */
export function buildSynapses(
  net: LoweredNetwork,
  placement: Placement,
  target: Target,
  ruleOf: (core: number, projection: number) => number,
): SynapseLayout {
  const nCores = placement.cores.length;
  const off = populationOffsets(net);
  const nNeurons = off[net.populations.length];
  // per core: source id -> blocks (projection order, because projections are visited in order)
  const byCore: Array<Map<number, SynapseBlock[]>> = Array.from({ length: nCores }, () => new Map());
  const synapseBits = new Float64Array(nCores);
  const synapses = new Float64Array(nCores);
  const weights = new Arena((n) => new Int32Array(n));
  const u32 = new Arena((n) => new Uint32Array(n));
  let order = new Int32Array(64);
  let maxDelay = 1;
  net.projections.forEach((pr, q) => {
    if (pr.pre.length) maxDelay = Math.max(maxDelay, pr.delay);
    const fmt = synapseFormatOf(pr);
    const coreOf = placement.neuronCore[pr.target];
    const slotOf = placement.neuronSlot[pr.target];
    const plastic = pr.plasticity !== 'none';
    const n = pr.pre.length;
    let e = 0;
    while (e < n) {
      const j = pr.pre[e];
      let end = e;
      while (end < n && pr.pre[end] === j) end++;
      // this source's synapses of projection q, sorted by (core, slot)
      const len = end - e;
      if (order.length < len) order = new Int32Array(len * 2);
      for (let k = 0; k < len; k++) order[k] = e + k;
      const row = order.subarray(0, len);
      row.sort((a, b) => coreOf[pr.post[a]] - coreOf[pr.post[b]] || slotOf[pr.post[a]] - slotOf[pr.post[b]]);
      const src = off[pr.source] + j;
      let k = 0;
      while (k < len) {
        const core = coreOf[pr.post[row[k]]];
        let kEnd = k;
        while (kEnd < len && coreOf[pr.post[row[kEnd]]] === core) kEnd++;
        const count = kEnd - k;
        const lo = slotOf[pr.post[row[k]]];
        const hi = slotOf[pr.post[row[kEnd - 1]]];
        const span = hi - lo + 1;
        const cost = synapseBlockBits(target, fmt, count, span);
        const dense = cost.dense;
        const bits = cost.bits;
        const entries = dense ? span : count;
        const block: SynapseBlock = {
          format: dense ? 'dense' : 'sparse',
          weightBits: pr.weightBits,
          weightExp: pr.weightExp,
          delay: pr.delay,
          rule: plastic ? ruleOf(core, q) : 0,
          projection: q,
          baseSlot: dense ? lo : 0,
          slots: dense ? EMPTY_U32 : u32.take(count),
          weights: weights.take(entries),
          synapseIndex: plastic ? u32.take(entries) : EMPTY_U32,
          bits,
        };
        if (plastic && dense) block.synapseIndex.fill(NO_SYNAPSE);
        for (let i = 0; i < count; i++) {
          const s = row[k + i];
          const slot = slotOf[pr.post[s]];
          const at = dense ? slot - lo : i;
          if (!dense) block.slots[i] = slot;
          block.weights[at] = pr.weight[s];
          if (plastic) block.synapseIndex[at] = s;
        }
        const m = byCore[core];
        const list = m.get(src);
        if (list) list.push(block);
        else m.set(src, [block]);
        synapseBits[core] += bits;
        synapses[core] += count;
        k = kEnd;
      }
      e = end;
    }
  });
  // axons per core by ascending source id; routes as CSR by source, cores ascending
  const routeStart = new Int32Array(nNeurons + 1);
  const axonSource: Int32Array[] = byCore.map((m) => Int32Array.from(m.keys()).sort());
  for (const sources of axonSource) for (const src of sources) routeStart[src + 1]++;
  for (let g = 0; g < nNeurons; g++) routeStart[g + 1] += routeStart[g];
  const fill = routeStart.slice(0, nNeurons);
  const routeCore = new Int32Array(routeStart[nNeurons]);
  const routeAxon = new Int32Array(routeStart[nNeurons]);
  const axons: InputAxon[][] = byCore.map((m, core) =>
    Array.from(axonSource[core], (src, a) => {
      const r = fill[src]++;
      routeCore[r] = core;
      routeAxon[r] = a;
      return { blocks: m.get(src)! };
    }),
  );
  return { axons, axonSource, synapseBits, synapses, routeStart, routeCore, routeAxon, maxDelay };
}
