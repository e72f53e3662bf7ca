/**
 * Synapse memory, input axons and output routes of every core (docs/chip-image.md, "Synapse
 * memory"). Synapses live in the core of their postsynaptic neuron. An input axon of a core is one
 * source neuron (network-global id) with at least one synapse there; axons are numbered by source
 * id. Each axon holds one block per projection joining the two, in projection order, and each
 * block's format and bits come from the mapper's accounting (synapseBlockBits), so the image
 * makes exactly the encoding decisions the mapper budgeted for.
 *
 * Scale: a 10,000-neuron network with 100 random synapses per neuron spread over ~200 cores has
 * ~800,000 blocks of one or two synapses. Each core's synapse memory is therefore written straight
 * into its flat form (SynapseMemory: typed arrays, the wire's words), never as an object per
 * block: sources are visited in ascending global id and, per source, projections in order (the
 * lowered network keeps synapses sorted by (pre, post), §1.4), so blocks arrive in each core in
 * final axon order and are appended. Routes are CSR arrays, not one small array per (source, core).
 */
import { populationOffsets, synapseBlockBits, synapseFormatOf, type LoweredNetwork, type Target } from '@snnc/ir';
import type { Placement } from '@snnc/mapper';
import { BLOCK_WORDS, NO_SYNAPSE, writeBlockRecord, type SynapseMemory } from '@snnc/image';

export interface SynapseLayout {
  /** per used core: its synapse memory, input axons in axon order */
  memory: SynapseMemory[];
  /** per used core: the source neuron (global id) of each input axon */
  axonSource: Int32Array[];
  /** per used core: sum of block bits */
  synapseBits: Float64Array;
  synapseCount: Float64Array;
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

/** `a` with room for `need` elements (grown by half, contents kept). */
function room<A extends Int32Array | Uint32Array>(a: A, need: number): A {
  if (need <= a.length) return a;
  const b = new (a.constructor as { new (n: number): A })(Math.max(need, Math.ceil(a.length * 1.5), 16));
  b.set(a);
  return b;
}

/** One core's synapse memory while it is written: arrays grown on demand, trimmed by finish(). */
class CoreMemory {
  axonBlocks: Uint32Array;
  sources: Int32Array;
  nAxons = 0;
  blocks: Int32Array;
  nBlocks = 0;
  weights: Int32Array;
  ne = 0;
  slots = new Uint32Array(0);
  ns = 0;
  index = new Uint32Array(0);
  ni = 0;

  /** sized from the mapper's usage when it has one (exact synapse and axon counts) */
  constructor(synapses: number, axons: number) {
    this.axonBlocks = new Uint32Array(axons);
    this.sources = new Int32Array(axons);
    this.blocks = new Int32Array(Math.min(synapses, axons) * BLOCK_WORDS);
    this.weights = new Int32Array(synapses);
  }

  /** starts a block of source `src` (opening its axon if it is new); returns the record's first word */
  open(src: number, entries: number, slots: number, index: number): number {
    if (this.nAxons === 0 || this.sources[this.nAxons - 1] !== src) {
      this.axonBlocks = room(this.axonBlocks, this.nAxons + 1);
      this.sources = room(this.sources, this.nAxons + 1);
      this.sources[this.nAxons++] = src;
    }
    this.axonBlocks[this.nAxons - 1]++;
    this.blocks = room(this.blocks, (this.nBlocks + 1) * BLOCK_WORDS);
    this.weights = room(this.weights, this.ne + entries);
    if (slots) this.slots = room(this.slots, this.ns + slots);
    if (index) this.index = room(this.index, this.ni + index);
    return this.nBlocks++ * BLOCK_WORDS;
  }

  finish(): SynapseMemory {
    const fit = <A extends Int32Array | Uint32Array>(a: A, n: number): A => (a.length === n ? a : (a.slice(0, n) as A));
    return {
      axonBlocks: fit(this.axonBlocks, this.nAxons), blocks: fit(this.blocks, this.nBlocks * BLOCK_WORDS),
      weights: fit(this.weights, this.ne), slots: fit(this.slots, this.ns), synapseIndex: fit(this.index, this.ni),
    };
  }
}

/**
 * `ruleOf(core, projection)` returns the block's rule number (0 static). Per source neuron and
 * projection, its synapses are sorted by (core, slot) to form the blocks.
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
  const cores = placement.cores.map((_, c) => {
    const u = placement.usage?.[c];
    return new CoreMemory(u?.synapses ?? 0, u?.inputAxons ?? 0);
  });
  const synapseBits = new Float64Array(nCores);
  const synapseCount = new Float64Array(nCores);
  let order = new Int32Array(64);
  let maxDelay = 1;
  for (const pr of net.projections) if (pr.pre.length) maxDelay = Math.max(maxDelay, pr.delay);
  // per source population, its projections in order, each with a cursor into its (pre-sorted) synapses
  const bySource = net.populations.map((_, p) => net.projections.flatMap((pr, q) => (pr.source === p ? [q] : [])));
  const cursor = new Int32Array(net.projections.length);
  const formats = net.projections.map(synapseFormatOf);
  for (let p = 0; p < net.populations.length; p++) {
    const qs = bySource[p];
    if (!qs.length) continue;
    for (let j = 0; j < net.populations[p].size; j++) {
      const src = off[p] + j;
      for (const q of qs) {
        const pr = net.projections[q];
        const e = cursor[q];
        let end = e;
        while (end < pr.pre.length && pr.pre[end] === j) end++;
        if (end === e) continue;
        cursor[q] = end;
        const coreOf = placement.neuronCore[pr.target];
        const slotOf = placement.neuronSlot[pr.target];
        const plastic = pr.plasticity !== 'none';
        // this source's synapses of projection q, sorted by (core, slot)
        const len = end - e;
        if (order.length < len) order = new Int32Array(len * 2);
        for (let k = 0; k < len; k++) order[k] = e + k;
        const row = order.subarray(0, len);
        row.sort((a, b) => coreOf[pr.post[a]] - coreOf[pr.post[b]] || slotOf[pr.post[a]] - slotOf[pr.post[b]]);
        let k = 0;
        while (k < len) {
          const core = coreOf[pr.post[row[k]]];
          let kEnd = k;
          while (kEnd < len && coreOf[pr.post[row[kEnd]]] === core) kEnd++;
          const count = kEnd - k;
          const lo = slotOf[pr.post[row[k]]];
          const span = slotOf[pr.post[row[kEnd - 1]]] - lo + 1;
          const cost = synapseBlockBits(target, formats[q], count, span);
          const dense = cost.dense;
          const entries = dense ? span : count;
          const m = cores[core];
          const w = m.open(src, entries, dense ? 0 : count, plastic ? entries : 0);
          writeBlockRecord(m.blocks, w, {
            format: dense ? 'dense' : 'sparse', weightBits: pr.weightBits, weightExp: pr.weightExp, delay: pr.delay,
            rule: plastic ? ruleOf(core, q) : 0, projection: q, baseSlot: dense ? lo : 0, bits: cost.bits,
          }, entries, dense ? 0 : count, plastic ? entries : 0);
          const e0 = m.ne, s0 = m.ns, i0 = m.ni;
          if (plastic && dense) m.index.fill(NO_SYNAPSE, i0, i0 + entries);
          for (let i = 0; i < count; i++) {
            const s = row[k + i];
            const slot = slotOf[pr.post[s]];
            const at = dense ? slot - lo : i;
            if (!dense) m.slots[s0 + i] = slot;
            m.weights[e0 + at] = pr.weight[s];
            if (plastic) m.index[i0 + at] = s;
          }
          m.ne += entries;
          if (!dense) m.ns += count;
          if (plastic) m.ni += entries;
          synapseBits[core] += cost.bits;
          synapseCount[core] += count;
          k = kEnd;
        }
      }
    }
  }
  // axons per core are in ascending source id; routes as CSR by source, cores ascending
  const memory: SynapseMemory[] = [];
  const axonSource: Int32Array[] = [];
  for (const m of cores) {
    memory.push(m.finish());
    axonSource.push(m.sources.length === m.nAxons ? m.sources : m.sources.slice(0, m.nAxons));
  }
  cores.length = 0;
  const routeStart = new Int32Array(nNeurons + 1);
  for (const sources of axonSource) for (const src of sources) routeStart[src + 1]++;
  for (let g = 0; g < nNeurons; g++) routeStart[g + 1] += routeStart[g];
  const fill = routeStart.slice(0, nNeurons);
  const routeCore = new Int32Array(routeStart[nNeurons]);
  const routeAxon = new Int32Array(routeStart[nNeurons]);
  axonSource.forEach((sources, core) => {
    for (let a = 0; a < sources.length; a++) {
      const r = fill[sources[a]]++;
      routeCore[r] = core;
      routeAxon[r] = a;
    }
  });
  return { memory, axonSource, synapseBits, synapseCount, routeStart, routeCore, routeAxon, maxDelay };
}
