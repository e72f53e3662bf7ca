/**
 * Synapse memory, input axons and output routes of every core (docs/chip-image.md, "Synapse
 * memory"). Synapses live in the core of their postsynaptic neuron. An input axon of a core is one
 * source neuron (network-global id) with at least one synapse there; axons are numbered by source
 * id. Each axon holds one block per projection joining the two, in projection order, and each
 * block's format and bits come from the mapper's accounting (synapseBlockBits), so the image
 * makes exactly the encoding decisions the mapper budgeted for.
 *
 * Scale: a 10,000-neuron network with 100 random synapses per neuron spread over ~200 cores has
 * ~800,000 blocks of one or two synapses, and the wire's block records are most of an image's
 * bytes (~55 per synapse on such a network). So the work is split in two (issue 14 item 4,
 * docs/benchmarks.md "Emulation memory"):
 *  - planSynapses: one pass over the synapses in (source, projection) order, the order blocks take
 *    in every core (the lowered network keeps synapses sorted by (pre, post), §1.4). It counts
 *    each core's axons, blocks and entries exactly, numbers the learning rules, builds the routes,
 *    and files every synapse's id under its core (a counting sort: 4 bytes per synapse);
 *  - SynapsePlan.core(c): one core's synapse memory (SynapseMemory: typed arrays of their final
 *    size, the wire's words), from that core's ids alone, so that a caller can take the cores one
 *    at a time and drop each (the emulator's streamed load) instead of holding them all.
 * Nothing is an object per block; routes are CSR arrays, not one small array per (source, core).
 */
import { populationOffsets, synapseBlockBits, synapseFormatOf, type LoweredNetwork, type Target } from '@snnc/ir';
import type { Placement } from '@snnc/mapper';
import { BLOCK_WORDS, NO_SYNAPSE, writeBlockRecord, type SynapseMemory } from '@snnc/image';

export interface SynapsePlan {
  /** per used core: input axons, blocks, weight entries, sparse slots, canonical-index entries, plastic synapses (exact) */
  axons: Int32Array;
  blocks: Float64Array;
  entries: Float64Array;
  slots: Float64Array;
  indexEntries: Float64Array;
  plastic: Float64Array;
  /** per used core: sum of block bits, and synapses */
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
  /** core c's synapse memory, written now (the same words whenever asked) */
  core(c: number): SynapseMemory;
  /** lets go of the network, the placement and the per-core ids (core() no longer works) */
  release(): void;
  /** lets go of the route tables (once the image's cores and host ports have their own copies) */
  dropRoutes(): void;
}

/** `a` with room for `need` elements (grown by half, contents kept). */
function room<A extends Int32Array>(a: A, need: number): A {
  if (need <= a.length) return a;
  const b = new (a.constructor as { new (n: number): A })(Math.max(need, Math.ceil(a.length * 1.5), 16));
  b.set(a);
  return b;
}

/**
 * `ruleOf(core, projection)` returns the block's rule number (0 static); it is called for every
 * plastic block in each core's block order, so rules are numbered in order of first use.
 */
export function planSynapses(
  net: LoweredNetwork,
  placement: Placement,
  target: Target,
  ruleOf: (core: number, projection: number) => number,
): SynapsePlan {
  const nCores = placement.cores.length;
  const off = populationOffsets(net);
  const nNeurons = off[net.populations.length];
  const projs = net.projections;
  const nProj = projs.length;
  let maxDelay = 1;
  for (const pr of projs) if (pr.pre.length) maxDelay = Math.max(maxDelay, pr.delay);
  // ids: synapse s of projection q is projBase[q] + s; per core, its ids from idStart[c]
  const projBase = new Float64Array(nProj + 1);
  projs.forEach((pr, q) => (projBase[q + 1] = projBase[q] + pr.pre.length));
  if (projBase[nProj] >= 2 ** 31) throw new RangeError('more than 2^31 synapses');
  const idStart = new Int32Array(nCores + 1);
  for (const pr of projs) {
    const coreOf = placement.neuronCore[pr.target];
    for (let s = 0; s < pr.post.length; s++) idStart[coreOf[pr.post[s]] + 1]++;
  }
  for (let c = 0; c < nCores; c++) idStart[c + 1] += idStart[c];
  const ids = new Int32Array(idStart[nCores]);
  const fill = idStart.slice(0, nCores);

  const axons = new Int32Array(nCores), blocks = new Float64Array(nCores), entries = new Float64Array(nCores), plastic = new Float64Array(nCores);
  const slots = new Float64Array(nCores), indexEntries = new Float64Array(nCores);
  const synapseBits = new Float64Array(nCores), synapseCount = new Float64Array(nCores);
  // per core, the block (group = one source's synapses of one projection) being counted
  const stamp = new Int32Array(nCores).fill(-1), cnt = new Int32Array(nCores), lo = new Int32Array(nCores), hi = new Int32Array(nCores);
  // per core, the last source that opened an axon there
  const lastSrc = new Int32Array(nCores).fill(-1), srcAxon = new Int32Array(nCores);
  let touched = new Int32Array(64), nTouched = 0;
  let srcCores = new Int32Array(64), nSrcCores = 0;
  // the route arrays' first size (they grow when short): the placement's axon count, which a
  // placement file may state as anything (2^53, -1e308, a string), so 0 to one route per synapse
  const hint: unknown = placement.usage?.reduce((s, u) => s + u.inputAxons, 0);
  const totalAxons = typeof hint === 'number' && hint > 0 ? Math.min(projBase[nProj], hint) : 0;
  const routeStart = new Int32Array(nNeurons + 1);
  let routeCore = new Int32Array(totalAxons), routeAxon = new Int32Array(totalAxons), nRoutes = 0;
  const bySource = net.populations.map((_, p) => projs.flatMap((pr, q) => (pr.source === p ? [q] : [])));
  const cursor = new Int32Array(nProj);
  const formats = projs.map(synapseFormatOf);
  let group = 0;
  for (let p = 0; p < net.populations.length; p++) {
    const qs = bySource[p];
    for (let j = 0; j < net.populations[p].size; j++) {
      const src = off[p] + j;
      nSrcCores = 0;
      for (const q of qs) {
        const pr = projs[q];
        const e = cursor[q];
        let end = e;
        while (end < pr.pre.length && pr.pre[end] === j) end++;
        if (end === e) continue;
        cursor[q] = end;
        const coreOf = placement.neuronCore[pr.target];
        const slotOf = placement.neuronSlot[pr.target];
        nTouched = 0;
        for (let s = e; s < end; s++) {
          const post = pr.post[s];
          const c = coreOf[post], slot = slotOf[post];
          ids[fill[c]++] = projBase[q] + s;
          if (stamp[c] !== group) {
            stamp[c] = group;
            if (nTouched === touched.length) touched = room(touched, nTouched + 1);
            touched[nTouched++] = c;
            cnt[c] = 1;
            lo[c] = hi[c] = slot;
          } else {
            cnt[c]++;
            if (slot < lo[c]) lo[c] = slot;
            if (slot > hi[c]) hi[c] = slot;
          }
        }
        // one block per core this projection reaches from src (cores in first-touch order: each
        // core's own counts do not depend on the order, and rule numbers are per core)
        const isPlastic = pr.plasticity !== 'none';
        for (let t = 0; t < nTouched; t++) {
          const c = touched[t];
          const cost = synapseBlockBits(target, formats[q], cnt[c], hi[c] - lo[c] + 1);
          const n = cost.dense ? hi[c] - lo[c] + 1 : cnt[c];
          blocks[c]++;
          entries[c] += n;
          if (!cost.dense) slots[c] += cnt[c];
          if (isPlastic) {
            indexEntries[c] += n;
            plastic[c] += cnt[c];
            ruleOf(c, q);
          }
          synapseBits[c] += cost.bits;
          synapseCount[c] += cnt[c];
          if (lastSrc[c] !== src) {
            lastSrc[c] = src;
            srcAxon[c] = axons[c]++;
            if (nSrcCores === srcCores.length) srcCores = room(srcCores, nSrcCores + 1);
            srcCores[nSrcCores++] = c;
          }
        }
        group++;
      }
      // routes of src: one per core it reaches, ascending core
      const mine = srcCores.subarray(0, nSrcCores).sort();
      routeCore = room(routeCore, nRoutes + nSrcCores);
      routeAxon = room(routeAxon, nRoutes + nSrcCores);
      for (let t = 0; t < nSrcCores; t++, nRoutes++) {
        routeCore[nRoutes] = mine[t];
        routeAxon[nRoutes] = srcAxon[mine[t]];
      }
      routeStart[src + 1] = nRoutes;
    }
  }
  if (routeCore.length !== nRoutes) {
    routeCore = routeCore.slice(0, nRoutes);
    routeAxon = routeAxon.slice(0, nRoutes);
  }

  return new Plan(
    { axons, blocks, entries, slots, indexEntries, plastic, synapseBits, synapseCount, routeStart, routeCore, routeAxon, maxDelay },
    { net, placement, target, ruleOf, ids, idStart, projBase, off, formats },
  );
}

/** What core() writes from; dropped by release() (fields, not closures: a closure's context would keep the network). */
interface PlanSource {
  net: LoweredNetwork;
  placement: Placement;
  target: Target;
  ruleOf: (core: number, projection: number) => number;
  /** per core, its synapses' ids (projBase[q] + s) from idStart[c], in (source, projection, synapse) order */
  ids: Int32Array;
  idStart: Int32Array;
  projBase: Float64Array;
  off: Int32Array;
  formats: ReturnType<typeof synapseFormatOf>[];
}

class Plan implements SynapsePlan {
  axons!: Int32Array;
  blocks!: Float64Array;
  entries!: Float64Array;
  slots!: Float64Array;
  indexEntries!: Float64Array;
  plastic!: Float64Array;
  synapseBits!: Float64Array;
  synapseCount!: Float64Array;
  routeStart!: Int32Array;
  routeCore!: Int32Array;
  routeAxon!: Int32Array;
  maxDelay!: number;
  private order = new Int32Array(64);

  constructor(counts: Omit<SynapsePlan, 'core' | 'release' | 'dropRoutes'>, private src: PlanSource | null) {
    Object.assign(this, counts);
  }

  release(): void {
    this.src = null;
  }

  dropRoutes(): void {
    this.routeStart = this.routeCore = this.routeAxon = new Int32Array(0);
  }

  /**
   * Blocks of a core arrive in (source, projection) order, each a run of its ids; per block the
   * synapses are sorted by slot (stable: ties keep synapse order), as the mapper budgeted them.
   */
  core(c: number): SynapseMemory {
    if (!this.src) throw new Error('planSynapses: core() after release()');
    const { net, placement, target, ruleOf, ids, idStart, projBase, off, formats } = this.src;
    const mem: SynapseMemory = {
      axonBlocks: new Uint32Array(this.axons[c]), blocks: new Int32Array(this.blocks[c] * BLOCK_WORDS), weights: new Int32Array(this.entries[c]),
      slots: new Uint32Array(this.slots[c]), synapseIndex: new Uint32Array(this.indexEntries[c]),
    };
    const { slots: slotArr, synapseIndex: index } = mem;
    let nSlots = 0, nIndex = 0;
    const mine = ids.subarray(idStart[c], idStart[c + 1]);
    let ax = -1, blk = 0, ne = 0, prevSrc = -1, q = 0;
    let k = 0;
    while (k < mine.length) {
      // the group: ids of one (source, projection), in synapse order
      const id0 = mine[k];
      while (q > 0 && id0 < projBase[q]) q--;
      while (id0 >= projBase[q + 1]) q++;
      const pr = net.projections[q];
      const base = projBase[q];
      const j = pr.pre[id0 - base];
      let kEnd = k + 1;
      while (kEnd < mine.length && mine[kEnd] >= base && mine[kEnd] < projBase[q + 1] && pr.pre[mine[kEnd] - base] === j) kEnd++;
      const src = off[pr.source] + j;
      if (src !== prevSrc) {
        prevSrc = src;
        ax++;
      }
      mem.axonBlocks[ax]++;
      const slotOf = placement.neuronSlot[pr.target];
      const len = kEnd - k;
      if (this.order.length < len) this.order = new Int32Array(len * 2);
      const order = this.order;
      for (let i = 0; i < len; i++) order[i] = mine[k + i] - base;
      const row = order.subarray(0, len);
      sortBySlot(row, slotOf, pr.post);
      const lo0 = slotOf[pr.post[row[0]]];
      const span = slotOf[pr.post[row[len - 1]]] - lo0 + 1;
      const cost = synapseBlockBits(target, formats[q], len, span);
      const dense = cost.dense;
      const nEntries = dense ? span : len;
      const isPlastic = pr.plasticity !== 'none';
      const w = blk++ * BLOCK_WORDS;
      writeBlockRecord(mem.blocks, w, {
        format: dense ? 'dense' : 'sparse', weightBits: pr.weightBits, weightExp: pr.weightExp, delay: pr.delay,
        rule: isPlastic ? ruleOf(c, q) : 0, projection: q, baseSlot: dense ? lo0 : 0, bits: cost.bits,
      }, nEntries, dense ? 0 : len, isPlastic ? nEntries : 0);
      if (isPlastic && dense) index.fill(NO_SYNAPSE, nIndex, nIndex + nEntries);
      for (let i = 0; i < len; i++) {
        const s = row[i];
        const slot = slotOf[pr.post[s]];
        const at = dense ? slot - lo0 : i;
        if (!dense) slotArr[nSlots + i] = slot;
        mem.weights[ne + at] = pr.weight[s];
        if (isPlastic) index[nIndex + at] = s;
      }
      ne += nEntries;
      if (!dense) nSlots += len;
      if (isPlastic) nIndex += nEntries;
      k = kEnd;
    }
    return mem;
  }
}

/**
 * Sorts synapse indices by their target's slot, stably (ties keep synapse order). Most blocks are
 * a few synapses already in slot order (sequential placements keep post order): checked first,
 * then an insertion sort for short rows, the engine's (stable) sort for long ones.
 */
function sortBySlot(row: Int32Array, slotOf: Int32Array, post: ArrayLike<number>): void {
  const n = row.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (slotOf[post[row[i]]] < slotOf[post[row[i - 1]]]) sorted = false;
  if (sorted) return;
  if (n > 32) {
    row.sort((a, b) => slotOf[post[a]] - slotOf[post[b]]);
    return;
  }
  for (let i = 1; i < n; i++) {
    const x = row[i], key = slotOf[post[x]];
    let j = i - 1;
    while (j >= 0 && slotOf[post[row[j]]] > key) {
      row[j + 1] = row[j];
      j--;
    }
    row[j + 1] = x;
  }
}

