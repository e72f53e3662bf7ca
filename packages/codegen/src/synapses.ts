/**
 * Synapse memory, input axons and output routes of every core (docs/chip-image.md, "Synapse
 * memory"). Synapses live in the core of their postsynaptic neuron. An input axon of a core is one
 * source neuron (network-global id) with at least one synapse there; axons are numbered by source
 * id. Each axon holds one block per projection joining the two, in projection order, and each
 * block's format and bits come from the mapper's accounting (synapseBlockBits), so the image makes
 * exactly the encoding decisions the mapper budgeted for.
 */
import type { LoweredNetwork, Target } from '@snnc/ir';
import { synapseBlockBits, synapseFormatOf, type Placement } from '@snnc/mapper';
import { NO_SYNAPSE, type InputAxon, type SynapseBlock } from '@snnc/image';

export interface SynapseLayout {
  /** per used core: input axons in axon order, and the source neuron (global id) of each */
  axons: InputAxon[][];
  axonSource: Int32Array[];
  /** per used core: sum of block bits */
  synapseBits: Float64Array;
  synapses: Float64Array;
  /** per global neuron: destinations (used core index, axon), ascending core */
  routes: Array<Array<[number, number]>>;
  /** largest delay of any synapse (the emulator's delay-line depth) */
  maxDelay: number;
}

/** network-global ids: populations in order */
export function populationOffsets(net: LoweredNetwork): Int32Array {
  const off = new Int32Array(net.populations.length + 1);
  net.populations.forEach((p, i) => (off[i + 1] = off[i] + p.size));
  return off;
}

/**
 * `ruleOf(core, projection)` returns the block's rule number (0 static). O(synapses log) per
 * projection row for the slot sort; one pass over every projection.
 */
export function buildSynapses(
  net: LoweredNetwork,
  placement: Placement,
  target: Target,
  ruleOf: (core: number, projection: number) => number,
): SynapseLayout {
  const nCores = placement.cores.length;
  const off = populationOffsets(net);
  // per core: source id -> blocks (projection order, because projections are visited in order)
  const byCore: Array<Map<number, SynapseBlock[]>> = Array.from({ length: nCores }, () => new Map());
  const synapseBits = new Float64Array(nCores);
  const synapses = new Float64Array(nCores);
  let maxDelay = 1;
  net.projections.forEach((pr, q) => {
    if (pr.pre.length) maxDelay = Math.max(maxDelay, pr.delay);
    const fmt = synapseFormatOf(pr);
    const coreOf = placement.neuronCore[pr.target];
    const slotOf = placement.neuronSlot[pr.target];
    const plastic = pr.plasticity !== 'none';
    let e = 0;
    const n = pr.pre.length;
    while (e < n) {
      const j = pr.pre[e];
      let end = e;
      while (end < n && pr.pre[end] === j) end++;
      // this source's synapses of projection q, grouped by core, sorted by slot
      const order = Array.from({ length: end - e }, (_, k) => e + k);
      order.sort((a, b) => coreOf[pr.post[a]] - coreOf[pr.post[b]] || slotOf[pr.post[a]] - slotOf[pr.post[b]]);
      let k = 0;
      while (k < order.length) {
        const core = coreOf[pr.post[order[k]]];
        let kEnd = k;
        while (kEnd < order.length && coreOf[pr.post[order[kEnd]]] === core) kEnd++;
        const group = order.slice(k, kEnd);
        const lo = slotOf[pr.post[group[0]]];
        const hi = slotOf[pr.post[group[group.length - 1]]];
        const cost = synapseBlockBits(target, fmt, group.length, hi - lo + 1);
        const rule = ruleOf(core, q);
        const block: SynapseBlock = {
          format: cost.dense ? 'dense' : 'sparse',
          weightBits: pr.weightBits,
          weightExp: pr.weightExp,
          delay: pr.delay,
          rule,
          projection: q,
          baseSlot: cost.dense ? lo : 0,
          slots: cost.dense ? new Uint32Array(0) : Uint32Array.from(group, (s) => slotOf[pr.post[s]]),
          weights: new Int32Array(cost.dense ? hi - lo + 1 : group.length),
          synapseIndex: new Uint32Array(plastic ? (cost.dense ? hi - lo + 1 : group.length) : 0),
          bits: cost.bits,
        };
        if (plastic && cost.dense) block.synapseIndex.fill(NO_SYNAPSE);
        group.forEach((s, i) => {
          const at = cost.dense ? slotOf[pr.post[s]] - lo : i;
          block.weights[at] = pr.weight[s];
          if (plastic) block.synapseIndex[at] = s;
        });
        const src = off[pr.source] + j;
        const m = byCore[core];
        if (!m.has(src)) m.set(src, []);
        m.get(src)!.push(block);
        synapseBits[core] += cost.bits;
        synapses[core] += group.length;
        k = kEnd;
      }
      e = end;
    }
  });
  const routes: Array<Array<[number, number]>> = Array.from({ length: off[net.populations.length] }, () => []);
  const axons: InputAxon[][] = [];
  const axonSource: Int32Array[] = [];
  byCore.forEach((m, core) => {
    const sources = Int32Array.from(m.keys()).sort();
    axonSource.push(sources);
    axons.push(Array.from(sources, (src, a) => {
      routes[src].push([core, a]); // cores visited in ascending order
      return { blocks: m.get(src)! };
    }));
  });
  return { axons, axonSource, synapseBits, synapses, routes, maxDelay };
}
