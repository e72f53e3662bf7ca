import { expect } from 'chai';
import { mapNetwork, placementToJson } from '../src/index.js';
import { makeNetwork, makeTarget, SMALL_LIMITS } from './helpers.js';

describe('smoke', () => {
  it('maps', () => {
    const net = makeNetwork({ sizes: [20, 40, 30], seed: 1, projections: [
      { source: 0, target: 1, density: 0.3, weightBits: 8, delay: 1, plasticity: 'none' },
      { source: 1, target: 1, density: 0.2, weightBits: 4, delay: 2, plasticity: 'threeFactor' },
      { source: 1, target: 2, density: 0.3, weightBits: 8, delay: 1, plasticity: 'none' },
    ] });
    for (const strategy of ['sequential', 'locality'] as const) {
      const r = mapNetwork(net, makeTarget(SMALL_LIMITS), { strategy });
      console.log(r.diagnostics, r.placement && JSON.stringify(r.placement.metrics));
      expect(r.placement).to.not.equal(undefined);
      if (strategy === 'locality') console.log(placementToJson(r.placement!).slice(0, 3000));
    }
  });
});
