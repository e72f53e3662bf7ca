import { diag, pointerJoin, type Diagnostic } from '@snnc/common';
import { salStateBits } from '@snnc/ir';
import type { MapperView } from './view.js';

/**
 * What no placement can avoid: (1) a neuron that does not fit an empty core on its own (then no
 * feasible placement exists and we say why and what to change, SNNC300x), and (2) the lower bound
 * on cores, the maximum over the per-core limits of ceil(total demand / capacity). The demand of
 * synapse memory is the network's synapses encoded unsplit (one block per source and projection)
 * in each population's own neuron order: a placement that keeps that order (both strategies keep
 * it within a core's run of a population) cannot pay less. `strictCores` replaces it with the
 * cheapest format per synapse, a bound for any order but a loose one (docs/mapper.md §3).
 */

export type LimitName = 'compartments' | 'inputAxons' | 'outputAxons' | 'synapseBits' | 'learningStateBits';
export const LIMIT_NAMES: readonly LimitName[] = ['compartments', 'inputAxons', 'outputAxons', 'synapseBits', 'learningStateBits'];

export interface LowerBounds {
  /** per limit: ceil(demand / capacity) */
  byLimit: Record<LimitName, number>;
  /** per limit: the unavoidable total demand the bound divides */
  demand: Record<LimitName, number>;
  cores: number;
  by: LimitName;
  /** the same with synapse memory at its best per-synapse format, valid for every neuron order */
  strictCores: number;
  strictBy: LimitName;
}

export function limitCapacity(view: MapperView, limit: LimitName): number {
  const c = view.target.core;
  switch (limit) {
    case 'compartments': return c.maxCompartments;
    case 'inputAxons': return c.maxInputAxons;
    case 'outputAxons': return c.maxOutputAxons;
    case 'synapseBits': return c.synapseMemoryBits;
    case 'learningStateBits': return c.learningStateBits;
  }
}

/** Neurons that cannot be placed even alone in an empty core; one diagnostic per population and limit. */
export function checkSingleNeurons(view: MapperView): Diagnostic[] {
  const out: Diagnostic[] = [];
  const { network, target, popOffset, inPtr, inBlock, blockSource, blockProjection, coster } = view;
  const core = target.core;
  const salBits = salStateBits(network);
  if (!(core.maxCompartments >= 1)) {
    out.push(diag('SNNC3001', `target ${target.name} allows ${core.maxCompartments} compartments per core`, {
      pointer: '/core/maxCompartments', expected: 'at least 1', found: String(core.maxCompartments),
      fix: 'use a target with maxCompartments >= 1',
    }));
    return out;
  }
  const stamp = new Int32Array(view.neurons);
  const perProjection = new Float64Array(network.projections.length);
  // A neuron alone in a core: every block holds one synapse, whatever the format.
  const single = Float64Array.from(coster, (c) => c.bits(1, 1));
  for (let p = 0; p < network.populations.length; p++) {
    if (view.isInputPop[p]) continue;
    const pop = network.populations[p];
    let worstFanIn = 0, worstFanInNeuron = -1, worstBits = 0, worstBitsNeuron = -1, badFanIn = 0, badBits = 0;
    for (let i = popOffset[p]; i < popOffset[p + 1]; i++) {
      let fanIn = 0;
      let bits = 0;
      for (let e = inPtr[i]; e < inPtr[i + 1]; e++) {
        const b = inBlock[e];
        const j = blockSource[b];
        if (stamp[j] !== i + 1) { stamp[j] = i + 1; fanIn++; }
        bits += single[blockProjection[b]];
      }
      if (fanIn > core.maxInputAxons) badFanIn++;
      if (bits > core.synapseMemoryBits) badBits++;
      if (fanIn > worstFanIn) { worstFanIn = fanIn; worstFanInNeuron = i; }
      if (bits > worstBits) { worstBits = bits; worstBitsNeuron = i; }
    }
    if (badFanIn > 0) {
      const contrib = contributions(view, worstFanInNeuron, perProjection, false);
      out.push(diag('SNNC3002',
        `${pop.id} needs fan-in ${worstFanIn} per neuron > ${core.maxInputAxons} input axons per core (${badFanIn} of ${pop.size} neurons)`, {
          pointer: pointerJoin('/populations', p), expected: `fan-in <= ${core.maxInputAxons} (target /core/maxInputAxons)`,
          found: String(worstFanIn), fix: reduceFix(view, contrib, worstFanIn - core.maxInputAxons, 1, 'maxInputAxons', worstFanIn),
        }));
    }
    if (badBits > 0) {
      const contrib = contributions(view, worstBitsNeuron, perProjection, true);
      const q = argmax(contrib);
      const per = q >= 0 ? coster[q].sparsePerSynapse : 1;
      out.push(diag('SNNC3003',
        `${pop.id} needs ${worstBits} synapse-memory bits per neuron > ${core.synapseMemoryBits} per core (${badBits} of ${pop.size} neurons)`, {
          pointer: pointerJoin('/populations', p), expected: `<= ${core.synapseMemoryBits} bits (target /core/synapseMemoryBits)`,
          found: String(worstBits), fix: reduceFix(view, contrib, worstBits - core.synapseMemoryBits, per, 'synapseMemoryBits', worstBits),
        }));
    }
    const learn = view.learnBitsPerNeuron[p];
    if (learn > core.learningStateBits) {
      const sal = salBits[p] > 0 ? ` (${salBits[p]} of them the SAL spike record of its feedback pathway, docs/semantics.md §5.10)` : '';
      out.push(diag('SNNC3004',
        `${pop.id} needs ${learn} learning-state bits per neuron${sal} > ${core.learningStateBits} per core`, {
          pointer: pointerJoin('/populations', p), expected: `<= ${core.learningStateBits} bits (target /core/learningStateBits)`,
          found: String(learn), fix: salBits[p] > 0 ? 'use {"rule": "fixed"} feedback for it, shorten the sample, or use a target with a larger learningStateBits' : 'make the projections into it non-plastic, or use a target with a larger learningStateBits',
        }));
    }
  }
  // Fan-out: a neuron's targets occupy at least ceil(targets / maxCompartments) cores.
  const targets = distinctTargets(view);
  for (let p = 0; p < network.populations.length; p++) {
    if (view.isInputPop[p]) continue;
    let worst = 0;
    for (let j = popOffset[p]; j < popOffset[p + 1]; j++) worst = Math.max(worst, targets[j]);
    const need = Math.ceil(worst / core.maxCompartments);
    if (need > core.maxOutputAxons) {
      out.push(diag('SNNC3005',
        `${network.populations[p].id} has neurons with ${worst} targets, which need at least ${need} output axons > ${core.maxOutputAxons} per core`, {
          pointer: pointerJoin('/populations', p), expected: `<= ${core.maxOutputAxons} output axons (target /core/maxOutputAxons)`,
          found: String(need), fix: `reduce the fan-out of ${network.populations[p].id} below ${core.maxOutputAxons * core.maxCompartments} targets`,
        }));
    }
  }
  return out;
}

/** Per projection: fan-in (or bits) neuron i receives through it. */
function contributions(view: MapperView, i: number, acc: Float64Array, bits: boolean): Float64Array {
  acc.fill(0);
  for (let e = view.inPtr[i]; e < view.inPtr[i + 1]; e++) {
    const q = view.blockProjection[view.inBlock[e]];
    acc[q] += bits ? view.coster[q].bits(1, 1) : 1;
  }
  return acc;
}

function argmax(a: Float64Array): number {
  let best = -1;
  for (let i = 0; i < a.length; i++) if (a[i] > 0 && (best < 0 || a[i] > a[best])) best = i;
  return best;
}

/** "reduce <projection> density below X, or use a target with <limit> >= demand". */
function reduceFix(view: MapperView, contrib: Float64Array, excess: number, unit: number, limit: string, demand: number): string {
  const alt = `use a target with ${limit} >= ${demand}`;
  const q = argmax(contrib);
  if (q < 0) return alt;
  const pr = view.network.projections[q];
  const pops = view.network.populations;
  const removeSynapses = Math.ceil(excess / unit);
  const have = contrib[q] / unit;
  if (removeSynapses >= have) return `remove part of the fan-in from several projections, or ${alt}`;
  const density = pr.pre.length / Math.max(1, pops[pr.source].size * pops[pr.target].size);
  const below = density * (have - removeSynapses) / have;
  return `reduce ${pr.id} density below ${formatFraction(below)} (now ${formatFraction(density)}), or ${alt}`;
}

function formatFraction(x: number): string {
  return (Math.floor(x * 1000) / 1000).toString();
}

/** Distinct postsynaptic neurons of every global neuron (0 for neurons without synapses). */
export function distinctTargets(view: MapperView): Int32Array {
  const { network, popOffset, outPtr } = view;
  const out = new Int32Array(view.neurons);
  const stamp = new Int32Array(view.neurons);
  for (let p = 0; p < network.populations.length; p++) {
    const projs = view.outProjections[p];
    if (projs.length === 0) continue;
    // One projection per target population (the common case): no overlap, no stamping needed.
    const tgts = new Set(projs.map((q) => network.projections[q].target));
    const disjoint = tgts.size === projs.length;
    for (let n = 0; n < network.populations[p].size; n++) {
      const j = popOffset[p] + n;
      let count = 0;
      for (const q of projs) {
        const rows = outPtr[q];
        if (disjoint) { count += rows[n + 1] - rows[n]; continue; }
        const pr = network.projections[q];
        const tBase = popOffset[pr.target];
        for (let e = rows[n]; e < rows[n + 1]; e++) {
          const t = tBase + pr.post[e];
          if (stamp[t] !== j + 1) { stamp[t] = j + 1; count++; }
        }
      }
      out[j] = count;
    }
  }
  return out;
}

export function lowerBounds(view: MapperView, targets: Int32Array): LowerBounds {
  const { network, target, popOffset, outPtr, coster } = view;
  const core = target.core;
  let inAx = 0, outAx = 0, bits = 0, strictBits = 0, learn = 0;
  for (let j = 0; j < view.neurons; j++) {
    if (targets[j] === 0) continue;
    const spread = Math.ceil(targets[j] / core.maxCompartments);
    inAx += spread;
    if (!view.isInputPop[view.popOfNeuron[j]]) outAx += spread;
  }
  for (let q = 0; q < network.projections.length; q++) {
    const rows = outPtr[q];
    const c = coster[q];
    const post = network.projections[q].post;
    for (let n = 0; n + 1 < rows.length; n++) {
      const count = rows[n + 1] - rows[n];
      if (count === 0) continue;
      strictBits += c.minimumBits(count);
      // Unsplit, in the population's own order: one block per (source, projection).
      bits += c.bits(count, post[rows[n + 1] - 1] - post[rows[n]] + 1);
    }
  }
  for (let p = 0; p < network.populations.length; p++) {
    if (!view.isInputPop[p]) learn += view.learnBitsPerNeuron[p] * (popOffset[p + 1] - popOffset[p]);
  }
  const demand: Record<LimitName, number> = {
    compartments: view.compartmentNeurons, inputAxons: inAx, outputAxons: outAx, synapseBits: bits, learningStateBits: learn,
  };
  const byLimit = {} as Record<LimitName, number>;
  let best: LimitName = 'compartments';
  for (const l of LIMIT_NAMES) {
    const cap = limitCapacity(view, l);
    byLimit[l] = demand[l] === 0 ? 0 : cap > 0 ? Math.ceil(demand[l] / cap) : Infinity;
    if (byLimit[l] > byLimit[best]) best = l;
  }
  const cores = Math.max(byLimit[best], view.compartmentNeurons > 0 ? 1 : 0);
  const capBits = limitCapacity(view, 'synapseBits');
  let strict = 0;
  let strictBy: LimitName = 'compartments';
  for (const l of LIMIT_NAMES) {
    const v = l === 'synapseBits' ? (strictBits === 0 ? 0 : capBits > 0 ? Math.ceil(strictBits / capBits) : Infinity) : byLimit[l];
    if (v > strict) { strict = v; strictBy = l; }
  }
  strict = Math.max(strict, view.compartmentNeurons > 0 ? 1 : 0);
  return { byLimit, demand, cores, by: best, strictCores: strict, strictBy };
}
