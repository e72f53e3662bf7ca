import { expect } from 'chai';
import type { LoweredNetwork } from '@snnc/ir';
import { LIMIT_NAMES, mapNetwork, type Strategy } from '../src/index.js';
import { violations } from './check.js';
import { makeNetwork, makeTarget, SMALL_LIMITS } from './helpers.js';

/**
 * Per-core limits at their edge (packer.ts, docs/mapper.md §1): the compartment-configuration
 * limit (distinct neuron parameter sets per core) held no test, so a packer admitting one more
 * configuration than the target allows passed them all; and a core filled exactly to a limit is
 * accepted (a packer refusing at the limit wastes cores and breaks the bound's promise).
 */
const STRATEGIES: Strategy[] = ['sequential', 'locality'];

/** `pops` populations of `size` neurons, each its own parameter set (vthMant), chained. */
function distinctConfigs(pops: number, size: number): LoweredNetwork {
  const proj = (source: number, target: number) => ({ source, target, density: 0.5, weightBits: 4, delay: 1, plasticity: 'none' as const });
  const net = makeNetwork({ sizes: [2, ...new Array(pops).fill(size)], seed: 4, projections: Array.from({ length: pops }, (_, i) => proj(i, i + 1)) });
  net.populations.forEach((p, i) => { if (p.params) p.params = { ...p.params, vthMant: 100 + i } as typeof p.params; });
  return net;
}

describe('per-core limits at their edge', function () {
  this.timeout(30_000);

  it('no core holds more compartment configurations than maxCompartmentConfigs', () => {
    // 4 parameter sets of 3 neurons: 12 neurons fit one core of 16 by compartments, but 2 configs per core need 2 cores
    const target = makeTarget({ ...SMALL_LIMITS, maxCompartments: 16 });
    target.core.maxCompartmentConfigs = 2;
    const net = distinctConfigs(4, 3);
    for (const strategy of STRATEGIES) {
      const r = mapNetwork(net, target, { strategy, seed: 1 });
      expect(r.diagnostics, strategy).to.deep.equal([]);
      const pl = r.placement!;
      expect(violations(net, target, pl), strategy).to.equal('');
      for (let c = 0; c < pl.cores.length; c++) {
        const sets = new Set<number>();
        for (let p = 1; p < net.populations.length; p++) if (pl.neuronCore[p].includes(c)) sets.add(p);
        expect(sets.size, `${strategy}: core ${c}`).to.be.at.most(2);
      }
      expect(pl.cores.length, strategy).to.equal(2);
      // the certified bound sees the configurations (2 per core: 2 cores); the population-order
      // bound's own limits do not (all at most 1), so lowerBoundInOrder is 2 only through its max
      // with the certified bound (docs/mapper.md §3: it is never below lowerBound)
      const lb = pl.lowerBounds!;
      expect(Math.max(...LIMIT_NAMES.map((l) => lb[l].inOrder ?? 0)), strategy).to.equal(1);
      expect([pl.metrics.lowerBound, pl.metrics.lowerBoundInOrder], strategy).to.deep.equal([2, 2]);
    }
  });

  it('a core filled exactly to maxCompartments is accepted: 12 neurons in 3 cores of 4', () => {
    const target = makeTarget({ ...SMALL_LIMITS, maxCompartments: 4 });
    const net = makeNetwork({ sizes: [2, 12], seed: 1, projections: [{ source: 0, target: 1, density: 0.5, weightBits: 4, delay: 1, plasticity: 'none' }] });
    for (const strategy of STRATEGIES) {
      const pl = mapNetwork(net, target, { strategy, seed: 1 }).placement!;
      expect(pl.cores.length, strategy).to.equal(3);
      expect(pl.usage.map((u) => u.compartments), strategy).to.deep.equal([4, 4, 4]);
      expect(pl.metrics.lowerBound).to.equal(3);
      expect(pl.metrics.coresToBound).to.equal(1);
    }
  });

  it('a core filled exactly to learningStateBits is accepted: 16 bits per plastic neuron, 64 bits hold 4', () => {
    const target = makeTarget({ ...SMALL_LIMITS, maxCompartments: 16, learningStateBits: 64, perNeuronStateBits: 16 });
    const net = makeNetwork({ sizes: [2, 8], seed: 1, projections: [{ source: 0, target: 1, density: 1, weightBits: 4, delay: 1, plasticity: 'delta' }] });
    for (const strategy of STRATEGIES) {
      const pl = mapNetwork(net, target, { strategy, seed: 1 }).placement!;
      expect(violations(net, target, pl), strategy).to.equal('');
      expect(pl.usage.map((u) => u.learningStateBits), strategy).to.deep.equal([64, 64]);
    }
  });
});
