/**
 * A deliberately naive placement for verification: neurons fill cores in order (or in a seeded
 * random order, on seeded random physical cores). It knows only the compartment limit; the code
 * generator re-checks every other per-core limit, so a placement this helper gets wrong is refused
 * there, never silently miscompiled. Its purpose is to give the differential tests placements the
 * real mapper would never choose: "placement must not change a single bit" (docs/verify.md).
 */
import type { Rng } from '@snnc/common';
import { coreLocation, isInputPopulation, type LoweredNetwork, type Target } from '@snnc/ir';
import { PLACEMENT_VERSION, type Placement } from '@snnc/mapper';

export interface NaivePlacementOptions {
  /** compartments per core (default: the target's maxCompartments) */
  perCore?: number;
  /** when given: neurons in a random order, cores at random distinct physical positions */
  rng?: Rng;
}


export function placeNaive(net: LoweredNetwork, target: Target, opts: NaivePlacementOptions = {}): Placement {
  const perCore = Math.max(1, Math.min(opts.perCore ?? target.core.maxCompartments, target.core.maxCompartments));
  const pops = net.populations;
  // (population, neuron) pairs of every compartment, in network order
  const pairs: Array<[number, number]> = [];
  pops.forEach((p, pi) => {
    if (!isInputPopulation(p)) for (let n = 0; n < p.size; n++) pairs.push([pi, n]);
  });
  if (opts.rng) opts.rng.shuffle(pairs);
  const nCores = Math.ceil(pairs.length / perCore);
  const perChip = target.chip.meshX * target.chip.meshY * target.chip.coresPerTile;
  const available = perChip * Math.min(target.system.maxChips, target.system.chipsX * target.system.chipsY);
  let ids = Array.from({ length: nCores }, (_, i) => i);
  if (opts.rng && nCores <= available) {
    const all = Array.from({ length: available }, (_, i) => i);
    opts.rng.shuffle(all);
    ids = all.slice(0, nCores).sort((a, b) => a - b);
  }
  const neuronCore = pops.map((p) => new Int32Array(p.size).fill(-1));
  const neuronSlot = pops.map((p) => new Int32Array(p.size).fill(-1));
  pairs.forEach(([pi, n], k) => {
    neuronCore[pi][n] = Math.floor(k / perCore);
    neuronSlot[pi][n] = k % perCore;
  });
  const cores = ids.map((id) => coreLocation(target.chip, id));
  return {
    placementVersion: PLACEMENT_VERSION,
    network: net.name,
    target: target.name,
    strategy: opts.rng ? 'naive-random' : 'naive-sequential',
    cores,
    usage: cores.map((_, c) => ({
      compartments: Math.min(perCore, pairs.length - c * perCore), inputAxons: 0, outputAxons: 0, synapseBits: 0, learningStateBits: 0, synapses: 0,
    })),
    neuronCore,
    neuronSlot,
    metrics: {
      cores: nCores, chips: new Set(cores.map((c) => c.chip)).size, lowerBound: 0, lowerBoundBy: 'none',
      interCoreSpikes: 0, interChipSpikes: 0, hopTraffic: 0, maxLinkLoad: 0, trafficWeighting: 'synapses',
    },
  };
}
