/**
 * The lowered-network contract's small facts, defined once (docs/semantics.md §1-§4): which
 * populations are inputs, where each population starts in network-global neuron order, how many
 * inputs a sample has, and which population is the readout. The structural verifier of a lowered
 * network is check-network.ts.
 */
import type { LoweredNetwork, LoweredPopulation } from './graph.js';

/** An input population: its neurons carry the sample's raster spikes and have no compartment. */
export function isInputPopulation(p: { readonly role?: string; readonly model?: string }): boolean {
  return p.role === 'input' || p.model === 'input';
}

/**
 * Network-global neuron order: populations in index order, neuron n of population p at
 * offsets[p] + n; offsets[populations.length] is the number of neurons.
 */
export function populationOffsets(net: { readonly populations: readonly { readonly size: number }[] }): Int32Array {
  const pops = net.populations;
  const offsets = new Int32Array(pops.length + 1);
  for (let p = 0; p < pops.length; p++) offsets[p + 1] = offsets[p] + Math.max(0, pops[p].size | 0);
  return offsets;
}

/** Whether some input population is graded (§2.4): its raster entries are values, which only an encoder that writes values may fill. */
export function hasGradedInput(net: { readonly populations: readonly { readonly role?: string; readonly model?: string; readonly graded?: boolean }[] }): boolean {
  return net.populations.some((p) => isInputPopulation(p) && p.graded === true);
}

/**
 * §2.4: the first graded and the first plain input population (either absent), and where the
 * graded one's flag sits in the spec (an srsnn's /input/graded, a graph's population). A dataset
 * encoder writes one kind of raster, so it can feed a network only when one of the two is absent.
 */
export function inputKinds(net: LoweredNetwork): { graded?: LoweredPopulation; plain?: LoweredPopulation; gradedAt?: string } {
  const graded = net.populations.find((p) => isInputPopulation(p) && p.graded === true);
  const plain = net.populations.find((p) => isInputPopulation(p) && p.graded !== true);
  return { ...(graded ? { graded, gradedAt: gradedPointer(graded) } : {}), ...(plain ? { plain } : {}) };
}

/** Where a population's `graded` flag is (or would be) in its spec: an srsnn's /input, a graph's population. */
export function gradedPointer(p: LoweredPopulation): string {
  return `${p.specPointer ?? '/input'}/graded`;
}

/** Where the first input population's size is in the spec (an srsnn's /input/size, a graph's population): where an input that does not fit a dataset is fixed. */
export function inputSizePointer(net: { readonly populations: readonly { readonly role?: string; readonly model?: string; readonly specPointer?: string }[] }): string {
  const first = net.populations.find((p) => isInputPopulation(p));
  return `${first?.specPointer ?? '/input'}/size`;
}

/**
 * Per raster column (input neuron, §4 order): 1 where its population is graded (§2.4), else 0;
 * undefined when no input is graded. Random input draws a value for a graded column's spike.
 */
export function gradedInputColumns(net: { readonly populations: readonly { readonly size: number; readonly role?: string; readonly model?: string; readonly graded?: boolean }[] }): Uint8Array | undefined {
  if (!hasGradedInput(net)) return undefined;
  const out = new Uint8Array(inputSize(net));
  let n = 0;
  for (const p of net.populations) {
    if (!isInputPopulation(p)) continue;
    if (p.graded === true) out.fill(1, n, n + p.size);
    n += p.size;
  }
  return out;
}

/** Input neurons per step: the input populations concatenated in population order. */
export function inputSize(net: { readonly populations: readonly { readonly size: number; readonly role?: string; readonly model?: string }[] }): number {
  let n = 0;
  for (const p of net.populations) if (isInputPopulation(p)) n += p.size;
  return n;
}

/**
 * Where each input population's neurons start in a step of the raster (§4: the input populations
 * concatenated in population order); -1 for the other populations.
 */
export function inputOffsets(net: { readonly populations: readonly { readonly size: number; readonly role?: string; readonly model?: string }[] }): Int32Array {
  const out = new Int32Array(net.populations.length).fill(-1);
  let n = 0;
  net.populations.forEach((p, k) => {
    if (!isInputPopulation(p)) return;
    out[k] = n;
    n += p.size;
  });
  return out;
}

/** Neurons with a compartment (every population but the inputs). */
export function neuronCount(net: { readonly populations: readonly { readonly size: number; readonly role?: string; readonly model?: string }[] }): number {
  let n = 0;
  for (const p of net.populations) if (!isInputPopulation(p)) n += p.size;
  return n;
}

/** Synapses of every projection. */
export function synapseCount(net: { readonly projections: readonly { readonly pre: ArrayLike<number> }[] }): number {
  let n = 0;
  for (const q of net.projections) n += q.pre.length;
  return n;
}

/** §4: the readout is learning.readout when the network learns, else the population with role 'readout' (-1: none). */
export function readoutIndex(net: { readonly populations: readonly { readonly role?: string }[]; readonly learning?: { readonly readout: number } | null }): number {
  return net.learning ? net.learning.readout : net.populations.findIndex((p) => p.role === 'readout');
}

/** The readout population (see readoutIndex), or undefined. */
export function readoutPopulation(net: Pick<LoweredNetwork, 'populations' | 'learning'>): LoweredPopulation | undefined {
  const r = readoutIndex(net);
  return r >= 0 ? net.populations[r] : undefined;
}
