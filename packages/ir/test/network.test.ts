import { expect } from 'chai';
import {
  coreId, coreLocation, inputOffsets, inputSize, isInputPopulation, loadTarget, neuronCount, populationOffsets, readoutIndex, synapseCount,
} from '../src/index.js';

// The lowered-network contract's small facts (network.ts) and the mesh location (target.ts): each is
// defined once and every package imports it, so these tests pin the definitions themselves.
describe('ir: network facts and core locations', () => {
  const pops = [
    { size: 3, role: 'input', model: 'input' },
    { size: 4, role: 'hidden', model: 'srlif' },
    { size: 2, role: 'readout', model: 'srlif' },
    { size: 5, role: 'input', model: 'input' },
  ];
  const projections = [{ pre: [0, 1, 2] }, { pre: [0] }];

  it('an input is role input or model input; offsets, input size, neuron and synapse counts follow', () => {
    expect(pops.map(isInputPopulation)).to.deep.equal([true, false, false, true]);
    expect(isInputPopulation({ role: 'hidden', model: 'input' })).to.equal(true);
    expect(isInputPopulation({ role: 'input', model: 'srlif' })).to.equal(true);
    expect([...populationOffsets({ populations: pops })]).to.deep.equal([0, 3, 7, 9, 14]);
    expect(inputSize({ populations: pops })).to.equal(8);
    expect([...inputOffsets({ populations: pops })]).to.deep.equal([0, -1, -1, 3]);
    expect(neuronCount({ populations: pops })).to.equal(6);
    expect(synapseCount({ projections })).to.equal(4);
  });

  it('the readout: learning.readout when the network learns, else the population with role readout', () => {
    expect(readoutIndex({ populations: pops })).to.equal(2);
    expect(readoutIndex({ populations: pops, learning: { readout: 1 } })).to.equal(1);
    expect(readoutIndex({ populations: pops.slice(0, 2) })).to.equal(-1);
  });

  it('loihi2 (8 x 4 tiles of 4 cores): core 128 + 4 * 9 + 1 is chip 1, tile (1, 1), core 1', () => {
    const t = loadTarget('loihi2').target!;
    expect(coreLocation(t.chip, 128 + 4 * 9 + 1)).to.deep.equal({ id: 165, chip: 1, x: 1, y: 1, coreInTile: 1 });
    expect(coreId(t.chip, 1, 1, 1, 1)).to.equal(165);
  });

  for (const name of ['loihi2', 'test-multichip']) {
    it(`${name}: coreId inverts coreLocation over two chips of cores`, () => {
      const t = loadTarget(name).target!;
      const perChip = t.chip.meshX * t.chip.meshY * t.chip.coresPerTile;
      for (let id = 0; id < 2 * perChip; id++) {
        const l = coreLocation(t.chip, id);
        expect(l.x < t.chip.meshX && l.y < t.chip.meshY && l.coreInTile < t.chip.coresPerTile).to.equal(true);
        expect(coreId(t.chip, l.chip, l.x, l.y, l.coreInTile)).to.equal(id);
      }
    });
  }
});
