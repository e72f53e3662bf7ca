import type { Graph, LoweredNetwork } from './graph.js';
import type { Target } from './target.js';
import { inputSize, neuronCount, synapseCount } from './network.js';
import { roundToWords, sparseSynapseBits, synapseFormatOf } from './synapse-cost.js';

/**
 * Statistics of an expanded network: sizes, synapse counts, fan-in/fan-out per population and
 * projection, and a per-target memory estimate. The estimate is deliberately simple (the mapper
 * does the exact version): it assumes all synapses of one presynaptic neuron within a projection
 * form one axon block, costing n * (weightBits + indexBits [+ delayBits if delay > 1]
 * [+ tagBits if plastic]) + axonBlockOverheadBits, rounded up to whole synapse words.
 */
export interface Spread {
  min: number;
  mean: number;
  max: number;
}

export interface PopulationStats {
  id: string;
  role: string;
  model: string;
  size: number;
  /** synapses arriving at / leaving one neuron, over all projections */
  fanIn: Spread;
  fanOut: Spread;
}

export interface ProjectionStats {
  id: string;
  source: string;
  target: string;
  kind: string;
  plasticity: string;
  delay: number;
  synapses: number;
  /** synapses / (source size * target size) */
  density: number;
  fanIn: Spread;
  fanOut: Spread;
}

export interface MemoryEstimate {
  target: string;
  synapseBits: number;
  learningStateBits: number;
  /**
   * cores each per-core limit alone would need at the estimated demand (an estimate on the
   * un-quantised graph; the true lower bound of a lowered network is the mapper's coreLowerBound)
   */
  coresBySynapseMemory: number;
  coresByCompartments: number;
  coresByLearningState: number;
}

export interface GraphStats {
  name: string;
  timesteps: number;
  neurons: number;
  inputs: number;
  synapses: number;
  plasticSynapses: number;
  populations: PopulationStats[];
  projections: ProjectionStats[];
  memory: MemoryEstimate[];
}

type Net = Graph | LoweredNetwork;

function spread(counts: Uint32Array): Spread {
  if (counts.length === 0) return { min: 0, mean: 0, max: 0 };
  let min = Infinity;
  let max = 0;
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (c < min) min = c;
    if (c > max) max = c;
    sum += c;
  }
  return { min, mean: sum / counts.length, max };
}

export function graphStats(net: Net, targets: Target[] = []): GraphStats {
  const inCounts = net.populations.map((p) => new Uint32Array(p.size));
  const outCounts = net.populations.map((p) => new Uint32Array(p.size));
  const projections: ProjectionStats[] = net.projections.map((p) => {
    const src = net.populations[p.source];
    const tgt = net.populations[p.target];
    const fin = new Uint32Array(tgt.size);
    const fout = new Uint32Array(src.size);
    for (let s = 0; s < p.pre.length; s++) {
      fin[p.post[s]]++;
      fout[p.pre[s]]++;
    }
    const ti = inCounts[p.target];
    const so = outCounts[p.source];
    for (let i = 0; i < fin.length; i++) ti[i] += fin[i];
    for (let j = 0; j < fout.length; j++) so[j] += fout[j];
    return {
      id: p.id,
      source: src.id,
      target: tgt.id,
      kind: p.kind,
      plasticity: p.plasticity,
      delay: p.delay,
      synapses: p.pre.length,
      density: p.pre.length / (src.size * tgt.size),
      fanIn: spread(fin),
      fanOut: spread(fout),
    };
  });
  const populations: PopulationStats[] = net.populations.map((p, i) => ({
    id: p.id,
    role: p.role,
    model: p.model,
    size: p.size,
    fanIn: spread(inCounts[i]),
    fanOut: spread(outCounts[i]),
  }));
  const synapses = synapseCount(net);
  return {
    name: net.name,
    timesteps: net.timesteps,
    neurons: neuronCount(net),
    inputs: inputSize(net),
    synapses,
    plasticSynapses: net.projections.filter((p) => p.plasticity !== 'none').reduce((a, p) => a + p.pre.length, 0),
    populations,
    projections,
    memory: targets.map((t) => memoryEstimate(net, t)),
  };
}

export function memoryEstimate(net: Net, t: Target): MemoryEstimate {
  // the synapse-memory model of synapse-cost.ts, sparse format, at the target's widest weights
  // (the graph's weights are not yet quantised): one block per (source neuron, projection)
  const overhead = t.synapseEncoding.axonBlockOverheadBits;
  const word = t.core.synapseWordBits;
  let synapseBits = 0;
  for (const p of net.projections) {
    const perSynapse = sparseSynapseBits(t, synapseFormatOf({ weightBits: t.formats.maxWeightBits, delay: p.delay, plasticity: p.plasticity }));
    const perPre = new Uint32Array(net.populations[p.source].size);
    for (let s = 0; s < p.pre.length; s++) perPre[p.pre[s]]++;
    for (let j = 0; j < perPre.length; j++) {
      if (perPre[j] === 0) continue;
      synapseBits += roundToWords(perPre[j] * perSynapse + overhead, word);
    }
  }
  const neurons = neuronCount(net);
  const learningTargets = new Set(net.projections.filter((p) => p.plasticity !== 'none').map((p) => p.target));
  const learningNeurons = [...learningTargets].reduce((a, i) => a + net.populations[i].size, 0);
  const learningStateBits = learningNeurons * t.learning.perNeuronStateBits;
  const coresBySynapseMemory = Math.ceil(synapseBits / t.core.synapseMemoryBits);
  const coresByCompartments = Math.ceil(neurons / t.core.maxCompartments);
  const coresByLearningState = t.core.learningStateBits > 0 ? Math.ceil(learningStateBits / t.core.learningStateBits) : learningStateBits > 0 ? Infinity : 0;
  return {
    target: t.name,
    synapseBits,
    learningStateBits,
    coresBySynapseMemory,
    coresByCompartments,
    coresByLearningState,
  };
}
