import type { MapperView } from './view.js';
import { l2Bound } from './l2.js';
import { neuronSynapseWeights, sharedSources } from './synapse-weights.js';

/**
 * Certified lower bounds on cores (docs/mapper.md §3): for each per-core limit, a number of cores
 * that no placement of the network can go below, whatever the neuron order, the synapse formats
 * or the strategy. Each argument is stated where it is computed; `lowerBound` is their maximum and
 * `boundKind` names the limit and the argument ("synapseBits/L2"). Nothing here depends on a
 * packing, so the figures also hold for placements that avoid cores or pin populations (those only
 * remove placements); the neuron cap per core (`maxNeuronsPerCore`) does enter, as a smaller
 * compartment capacity.
 *
 * Per-neuron quantities, all lower bounds on what the neuron costs in whatever core holds it:
 *  - w[i], synapse bits (synapse-weights.ts): the sum of w over a core's neurons is at most the
 *    core's synapse bits, whatever the slot order and the formats.
 *  - spread[j]: destination cores of neuron j, at least ceil(T / C) for its T distinct targets
 *    and ceil(T_p / k_p) for its targets in population p (a core holds at most k_p of them).
 * k_p (the most neurons of population p in one core) = the longest prefix of p's weights in
 * ascending order that fits synapse memory, capped by compartments and learning state. Smaller k
 * raises g, which raises w, which can lower k: iterated to a fixed point (each round is sound).
 */

export type BoundLimit = 'compartments' | 'inputAxons' | 'outputAxons' | 'synapseBits' | 'learningStateBits' | 'compartmentConfigs';
export const BOUND_LIMITS: readonly BoundLimit[] = ['compartments', 'inputAxons', 'outputAxons', 'synapseBits', 'learningStateBits', 'compartmentConfigs'];

/** How a limit's bound was argued (docs/mapper.md §3). */
export type BoundMethod = 'count' | 'total' | 'L2' | 'spread' | 'none';

export interface LimitBound {
  cores: number;
  method: BoundMethod;
}

export interface CertifiedBounds {
  /** the best certified bound: no placement uses fewer cores */
  lowerBound: number;
  /** "<limit>/<method>" of the bound that sets lowerBound */
  boundKind: string;
  byLimit: Record<BoundLimit, LimitBound>;
  /** per population: the most of its neurons one core can hold (0 for inputs) */
  maxPerCore: Int32Array;
}

export interface BoundOptions {
  /** a user cap on neurons per core (acts as a smaller maxCompartments) */
  maxNeuronsPerCore?: number;
}

/** Relative slack against floating-point sums: a bound is only ever rounded down by it. */
const SLACK = 1 - 1e-9;

export function certifiedBounds(view: MapperView, opts: BoundOptions = {}): CertifiedBounds {
  const { network, target, popOffset, popOfNeuron, isInputPop } = view;
  const core = target.core;
  const C = Math.max(0, Math.min(core.maxCompartments, opts.maxNeuronsPerCore ?? Infinity));
  const nPops = network.populations.length;
  const s = target.learning.perNeuronStateBits;
  const learnCap = s > 0 ? Math.floor(core.learningStateBits / s) : Infinity;
  const byLimit = {} as Record<BoundLimit, LimitBound>;
  const ceilDiv = (a: number, b: number) => (a <= 0 ? 0 : b > 0 ? Math.ceil(a / b) : Infinity);

  // compartments: one per non-input neuron.
  byLimit.compartments = { cores: ceilDiv(view.compartmentNeurons, C), method: 'count' };
  // learning state: every neuron of a plastic target population costs s bits, so a core holds at
  // most floor(L / s) of them (whole neurons: tighter than total bits / L).
  let plastic = 0;
  for (let p = 0; p < nPops; p++) if (!isInputPop[p] && view.learnBitsPerNeuron[p] > 0) plastic += popOffset[p + 1] - popOffset[p];
  byLimit.learningStateBits = { cores: ceilDiv(plastic, Math.min(C, learnCap)), method: 'count' };
  // compartment configurations: the neurons of configuration c occupy >= ceil(n_c / C) cores, and
  // each core hosts at most M configurations.
  const M = core.maxCompartmentConfigs;
  if (typeof M === 'number' && M > 0) {
    const perConfig = new Float64Array(view.configs);
    for (let p = 0; p < nPops; p++) if (!isInputPop[p]) perConfig[view.configOfPop[p]] += popOffset[p + 1] - popOffset[p];
    let slots = 0;
    for (const n of perConfig) slots += ceilDiv(n, C);
    byLimit.compartmentConfigs = { cores: ceilDiv(slots, M), method: 'count' };
  } else byLimit.compartmentConfigs = { cores: 0, method: 'none' };

  // Per-projection cheapest synapse cost and the prefix minimum of minimumBits(m) / m.
  const word = core.synapseWordBits;
  const overhead = target.synapseEncoding.axonBlockOverheadBits;
  const perSyn = view.coster.map((c) => (target.synapseEncoding.denseFormat ? Math.min(c.densePerSynapse, c.sparsePerSynapse) : c.sparsePerSynapse));
  const S = core.synapseMemoryBits;
  const maxPerCore = new Int32Array(nPops);
  for (let p = 0; p < nPops; p++) {
    if (isInputPop[p]) continue;
    maxPerCore[p] = Math.min(C, view.learnBitsPerNeuron[p] > 0 ? learnCap : Infinity, popOffset[p + 1] - popOffset[p]);
  }
  const w = new Float64Array(view.neurons);
  const shared = sharedSources(view);
  const wTotals = new Float64Array(network.projections.length);
  for (let round = 0; round < 6; round++) {
    neuronSynapseWeights(view, maxPerCore, shared, w, wTotals);
    for (let i = 0; i < w.length; i++) w[i] *= SLACK;
    let changed = false;
    for (let p = 0; p < nPops; p++) {
      if (isInputPop[p]) continue;
      const ws = w.slice(popOffset[p], popOffset[p + 1]).sort();
      let acc = 0, m = 0;
      while (m < ws.length && m < maxPerCore[p] && acc + ws[m] <= S) acc += ws[m++];
      if (m < maxPerCore[p]) { maxPerCore[p] = Math.max(1, m); changed = true; }
    }
    if (!changed) break;
  }

  // synapse bits: (a) the total, per projection q the larger of two lower bounds on the bits of
  // q's blocks over all cores: the rows (a row of n synapses into population p lies in >= c =
  // ceil(n / k_p) cores, so it pays >= ceil((n x per + c x overhead) / word) words; the word
  // rounding of c blocks is subadditive) and the sum of q's share of w (each core's q-blocks cost
  // at least the sum over its neurons); (b) L2 over the indivisible per-neuron weights w.
  let totalBits = 0;
  for (let q = 0; q < network.projections.length; q++) {
    const rows = view.outPtr[q];
    const k = Math.max(1, maxPerCore[network.projections[q].target]);
    let rowBits = 0;
    for (let n = 0; n + 1 < rows.length; n++) {
      const count = rows[n + 1] - rows[n];
      if (count > 0) rowBits += Math.ceil((count * perSyn[q] + Math.ceil(count / k) * overhead) / word) * word;
    }
    totalBits += Math.max(rowBits, wTotals[q] * SLACK);
  }
  const items = new Float64Array(view.compartmentNeurons);
  for (let i = 0, m = 0; i < view.neurons; i++) if (!isInputPop[popOfNeuron[i]]) items[m++] = w[i];
  const bitsTotal = ceilDiv(totalBits, S);
  const bitsL2 = l2Bound(items, S);
  byLimit.synapseBits = bitsL2 >= bitsTotal ? { cores: bitsL2, method: 'L2' } : { cores: bitsTotal, method: 'total' };

  // axons: spread[j] destination cores per neuron.
  const spread = destinationSpread(view, C, maxPerCore);
  let inDemand = 0;
  const outItems = new Float64Array(view.compartmentNeurons);
  for (let j = 0, m = 0; j < view.neurons; j++) {
    inDemand += spread[j];
    if (!isInputPop[popOfNeuron[j]]) outItems[m++] = spread[j];
  }
  // input axons: each core a source reaches holds one input axon for it.
  byLimit.inputAxons = { cores: ceilDiv(inDemand, core.maxInputAxons), method: 'spread' };
  // output axons: a neuron's destination cores are indivisible items of the core that holds it.
  byLimit.outputAxons = { cores: l2Bound(outItems, core.maxOutputAxons), method: 'L2' };

  let best: BoundLimit = 'compartments';
  for (const l of BOUND_LIMITS) if (byLimit[l].cores > byLimit[best].cores) best = l;
  const lowerBound = Math.max(byLimit[best].cores, view.compartmentNeurons > 0 ? 1 : 0);
  return { lowerBound, boundKind: `${best}/${byLimit[best].method}`, byLimit, maxPerCore };
}

/** Per global neuron: a lower bound on the cores its targets occupy. */
export function destinationSpread(view: MapperView, C: number, maxPerCore: Int32Array): Int32Array {
  const { network, popOffset, outPtr } = view;
  const out = new Int32Array(view.neurons);
  const stamp = new Int32Array(view.neurons);
  const nPops = network.populations.length;
  const perPop = new Int32Array(nPops);
  for (let P = 0; P < nPops; P++) {
    const projs = view.outProjections[P];
    if (projs.length === 0) continue;
    // targets of several projections into one population may coincide: count distinct ones there
    const tgts = projs.map((q) => network.projections[q].target);
    const shared = projs.map((_, a) => tgts.some((t, b) => b !== a && t === tgts[a]));
    const reached = [...new Set(tgts)];
    for (let n = 0; n < network.populations[P].size; n++) {
      const j = popOffset[P] + n;
      for (const p of reached) perPop[p] = 0;
      for (let a = 0; a < projs.length; a++) {
        const q = projs[a];
        const rows = outPtr[q];
        if (!shared[a]) { perPop[tgts[a]] += rows[n + 1] - rows[n]; continue; }
        const post = network.projections[q].post;
        const base = popOffset[tgts[a]];
        for (let e = rows[n]; e < rows[n + 1]; e++) {
          const t = base + post[e];
          if (stamp[t] !== j + 1) { stamp[t] = j + 1; perPop[tgts[a]]++; }
        }
      }
      let total = 0, need = 0;
      for (const p of reached) {
        if (perPop[p] === 0) continue;
        total += perPop[p];
        need = Math.max(need, Math.ceil(perPop[p] / Math.max(1, maxPerCore[p])));
      }
      out[j] = Math.max(need, total > 0 ? Math.ceil(total / Math.max(1, C)) : 0);
    }
  }
  return out;
}
