/**
 * The streamed image (CodegenOptions.stream, docs/emulator.md "Streamed load"): the emulator sizes
 * its tables from the stream's per-core counts before it reads a core (machine.ts), so each count
 * must be exactly what the core's synapse memory holds: blocks, weight entries, and plastic
 * entries (synapses, not the NO_SYNAPSE holes of a dense block). And each streamed core is the
 * core of the whole image.
 */
import { expect } from 'chai';
import { blockCount, plasticEntries } from '@snnc/image';
import { compileNetwork } from '../src/index.js';
import { placeInOrder, randomNetwork, smallTarget } from './helpers.js';

describe('codegen: the streamed synapse counts are the cores\' own', () => {
  it('blocks, entries and plastic entries per core equal those of the core the stream writes, which is the whole image\'s (500 networks, both formats; dense plastic blocks with holes are rare)', () => {
    for (let seed = 0; seed < 500; seed++)
      for (const dense of [true, false]) {
        const net = randomNetwork(seed);
        const target = smallTarget({ dense, maxCompartments: 4 });
        const placement = placeInOrder(net, target);
        const whole = compileNetwork(net, placement, target).image!;
        const s = compileNetwork(net, placement, target, { stream: true }).synapses!;
        for (let c = 0; c < whole.cores.length; c++) {
          const sm = s.core(c);
          expect([s.blocks[c], s.entries[c], s.plastic[c]], `seed ${seed} core ${c}`).to.deep.equal([blockCount(sm), sm.weights.length, plasticEntries(sm)]);
          expect(Array.from(sm.weights)).to.deep.equal(Array.from(whole.cores[c].synapses.weights));
          expect(Array.from(sm.synapseIndex)).to.deep.equal(Array.from(whole.cores[c].synapses.synapseIndex));
        }
      }
  });
});
