import { expect } from 'chai';
import { loadTarget } from '@snnc/ir';
import { REFERENCE_BUDGET_CODE } from '@snnc/reference';
import { compileForTraining } from '../src/index.js';

/**
 * A network whose reference tables outgrow the machine is refused with the spec's location before
 * training builds a simulator (the simulator's own refusal named the lowered network:
 * "<input>#/projections/0/delay").
 */
describe('training: the reference simulator\'s tables, located in the spec', function () {
  this.timeout(60000);
  it('a delay ring of 4096 x 1.1M neurons (over 2^32 entries) is SNNC2830 at the spec\'s projection', () => {
    const loihi2 = loadTarget('loihi2').target!;
    const target = { ...loihi2, name: 'deep', formats: { ...loihi2.formats, maxDelay: 4096 } };
    const neuron = { model: 'cuba', alphaU: 0.5, alphaV: 0.875, vth: 1 };
    const spec = {
      irVersion: '1.0', kind: 'graph', name: 'ring', seed: 1, timesteps: 4,
      populations: [
        { id: 'in', kind: 'input', size: 1 },
        { id: 'h', kind: 'neuron', size: 1_100_000, neuron },
        { id: 'out', kind: 'neuron', size: 2, role: 'readout', classes: 2, neuronsPerClass: 1, neuron },
      ],
      projections: [{ id: 'long', source: 'in', target: 'h', delay: 4096, connectivity: { type: 'random', density: 0.0001, weight: { dist: 'constant', value: 1 } } }],
    };
    const c = compileForTraining(JSON.stringify(spec), 'ring.json', target);
    const budget = c.diagnostics.filter((d) => d.code === REFERENCE_BUDGET_CODE);
    expect(budget.map((d) => [d.file, d.pointer])).to.deep.equal([['ring.json', '/projections/0/delay']]); // before: the whole projection
    expect(budget[0].message).to.contain('the delay ring (longest delay 4096 x 1100003 neurons)');
  });
});
