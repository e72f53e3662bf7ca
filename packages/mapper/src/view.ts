import { diag, hasErrors, type Diagnostic } from '@snnc/common';
import { BlockCoster, checkNetwork, isInputPopulation, populationOffsets, salStateBits, synapseFormatOf, type LoweredNetwork, type Target } from '@snnc/ir';

/**
 * The mapper's flat view of a lowered network: every neuron gets a global id (populations in
 * order, inputs included), synapses are indexed both ways in compact typed arrays, and each
 * (source neuron, outgoing projection) pair gets a *block id*, the unit of synapse-memory
 * accounting (encoding.ts). Built once per mapNetwork call in O(synapses); nothing in it is a
 * per-synapse object.
 */
export interface MapperView {
  network: LoweredNetwork;
  target: Target;
  /** global id of population p's neuron n = popOffset[p] + n; popOffset[nPops] = total neurons */
  popOffset: Int32Array;
  popOfNeuron: Int32Array;
  isInputPop: Uint8Array;
  /** learning-state bits each neuron of population p costs (0 unless a plastic projection targets p) */
  learnBitsPerNeuron: Float64Array;
  neurons: number;
  /** neurons that occupy compartments (all but inputs) */
  compartmentNeurons: number;
  synapses: number;
  /** per population: outgoing projection indices, ascending */
  outProjections: number[][];
  /** block id of (source neuron j of population P, k-th outgoing projection) = popBlockBase[P] + local(j) * outProjections[P].length + k */
  popBlockBase: Float64Array;
  blockSource: Int32Array;
  blockProjection: Int32Array;
  blocks: number;
  /** in-edges by postsynaptic global id: inBlock[inPtr[i] .. inPtr[i+1]) (projection order, then pre) */
  inPtr: Int32Array;
  inBlock: Int32Array;
  /** per in-edge: its source neuron and projection (the packer's hot loop streams these) */
  inSource: Int32Array;
  inProj: Uint16Array | Int32Array;
  /** per projection: row pointer by presynaptic local index into its (pre-sorted) synapse arrays */
  outPtr: Int32Array[];
  /** per projection: the synapse-memory cost function of its format */
  coster: BlockCoster[];
  /** per population: id of its compartment configuration (equal neuron parameters share one) */
  configOfPop: Int32Array;
  configs: number;
  /** user constraints the packer obeys (constraints.ts): a cap on neurons per core, and per
   *  population a pin class (0 = free); cores never mix neurons of two different pin classes */
  maxNeuronsPerCore?: number;
  pinClassOfPop?: Int32Array;
}

const MAX_SYNAPSES = 0x7fffffff;

export function buildView(network: LoweredNetwork, target: Target): { view?: MapperView; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const pops = network.populations;
  const projs = network.projections;
  const nPops = pops.length;
  // the structure the mapper relies on (sizes, populations named, synapses in range and sorted):
  // the one verifier of lowered networks (SNNC28xx)
  diagnostics.push(...checkNetwork(network, { structureOnly: true }));
  if (hasErrors(diagnostics)) return { diagnostics };
  const popOffset = populationOffsets(network);
  const isInputPop = new Uint8Array(nPops);
  for (let p = 0; p < nPops; p++) isInputPop[p] = isInputPopulation(pops[p]) ? 1 : 0;
  const neurons = popOffset[nPops];
  let compartmentNeurons = 0;
  for (let p = 0; p < nPops; p++) if (!isInputPop[p]) compartmentNeurons += pops[p].size;

  let synapses = 0;
  for (let q = 0; q < projs.length; q++) synapses += projs[q].pre.length;
  if (synapses > MAX_SYNAPSES) {
    diagnostics.push(diag('SNNC3051', `network has ${synapses} synapses, more than the mapper indexes`, {
      pointer: '/projections', expected: `at most ${MAX_SYNAPSES} synapses`, found: String(synapses),
      fix: 'split the network or reduce projection densities',
    }));
  }
  if (diagnostics.length) return { diagnostics };

  const popOfNeuron = new Int32Array(neurons);
  for (let p = 0; p < nPops; p++) popOfNeuron.fill(p, popOffset[p], popOffset[p + 1]);

  const outProjections: number[][] = pops.map(() => []);
  for (let q = 0; q < projs.length; q++) outProjections[projs[q].source].push(q);
  const projK = new Int32Array(projs.length);
  for (const list of outProjections) list.forEach((q, k) => (projK[q] = k));

  const popBlockBase = new Float64Array(nPops + 1);
  for (let p = 0; p < nPops; p++) popBlockBase[p + 1] = popBlockBase[p] + pops[p].size * outProjections[p].length;
  const blocks = popBlockBase[nPops];
  const blockSource = new Int32Array(blocks);
  const blockProjection = new Int32Array(blocks);
  for (let p = 0; p < nPops; p++) {
    const k = outProjections[p].length;
    let b = popBlockBase[p];
    for (let n = 0; n < pops[p].size; n++) {
      for (let t = 0; t < k; t++, b++) {
        blockSource[b] = popOffset[p] + n;
        blockProjection[b] = outProjections[p][t];
      }
    }
  }

  // In-edges by postsynaptic neuron: count, prefix-sum, fill (projection order then pre order).
  const inPtr = new Int32Array(neurons + 1);
  for (const pr of projs) {
    const base = popOffset[pr.target] + 1;
    const post = pr.post;
    for (let e = 0; e < post.length; e++) inPtr[base + post[e]]++;
  }
  for (let i = 0; i < neurons; i++) inPtr[i + 1] += inPtr[i];
  const cursor = inPtr.slice(0, neurons);
  const inBlock = new Int32Array(synapses);
  const inSource = new Int32Array(synapses);
  const inProj = projs.length < 65536 ? new Uint16Array(synapses) : new Int32Array(synapses);
  const outPtr: Int32Array[] = [];
  for (let q = 0; q < projs.length; q++) {
    const pr = projs[q];
    const srcSize = pops[pr.source].size;
    const k = outProjections[pr.source].length;
    const blockBase = popBlockBase[pr.source] + projK[q];
    const tBase = popOffset[pr.target];
    const sBase = popOffset[pr.source];
    const pre = pr.pre;
    const post = pr.post;
    const rows = new Int32Array(srcSize + 1);
    for (let e = 0; e < pre.length; e++) {
      const j = pre[e];
      rows[j + 1]++;
      const at = cursor[tBase + post[e]]++;
      inBlock[at] = blockBase + j * k;
      inSource[at] = sBase + j;
      inProj[at] = q;
    }
    for (let j = 0; j < srcSize; j++) rows[j + 1] += rows[j];
    outPtr.push(rows);
  }

  const learnBitsPerNeuron = new Float64Array(nPops);
  for (const pr of projs) {
    if (pr.plasticity !== 'none') learnBitsPerNeuron[pr.target] = target.learning.perNeuronStateBits;
  }
  // §5.10: a SAL pathway's neurons hold their sample's spike record (T bits) as learning state
  const sal = salStateBits(network);
  for (let p = 0; p < nPops; p++) learnBitsPerNeuron[p] += sal[p];
  const coster = projs.map((pr) => new BlockCoster(target, synapseFormatOf(pr)));
  // Compartment configurations: one per distinct (model, parameters); key order fixed by sorting.
  const configOfPop = new Int32Array(nPops).fill(-1);
  const configKeys = new Map<string, number>();
  for (let p = 0; p < nPops; p++) {
    const params = pops[p].params as unknown as Record<string, unknown> | null;
    const key = params ? Object.keys(params).sort().map((k) => `${k}=${String(params[k])}`).join(';') : `input:${p}`;
    let id = configKeys.get(key);
    if (id === undefined) { id = configKeys.size; configKeys.set(key, id); }
    configOfPop[p] = id;
  }

  return {
    view: {
      network, target, popOffset, popOfNeuron, isInputPop, learnBitsPerNeuron, neurons, compartmentNeurons, synapses,
      outProjections, popBlockBase, blockSource, blockProjection, blocks, inPtr, inBlock, inSource, inProj, outPtr, coster,
      configOfPop, configs: configKeys.size,
    },
    diagnostics,
  };
}

/** Calls fn(targetGlobalId) for every synapse of global neuron j (all outgoing projections). */
export function forEachTarget(view: MapperView, j: number, fn: (t: number) => void): void {
  const p = view.popOfNeuron[j];
  const local = j - view.popOffset[p];
  for (const q of view.outProjections[p]) {
    const pr = view.network.projections[q];
    const rows = view.outPtr[q];
    const tBase = view.popOffset[pr.target];
    for (let e = rows[local]; e < rows[local + 1]; e++) fn(tBase + pr.post[e]);
  }
}
