/**
 * Behaviour does not depend on where neurons live (§1.4 keys by canonical index, §2.3 order-free
 * sums): random networks under random placements on a two-chip mesh give identical spikes, states,
 * weights, eligibility and modulatory states, while the cost figures are free to differ.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { encodeImage } from '@snnc/image';
import { createEmulator, loadImage } from '../src/index.js';
import { buildImage } from './build.js';
import { record } from './nets.js';
import { MESH, netArb, placementArb, rasterArb } from './random.js';

describe('emulator: placement invariance (property)', () => {
  it('two random placements of a random network behave identically', () => {
    fc.assert(
      fc.property(
        netArb.chain((net) => fc.tuple(fc.constant(net), placementArb(net), placementArb(net), rasterArb(net, 3), fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3, maxLength: 3 }))),
        ([net, a, b, rasters, labels]) => {
          const ea = createEmulator(buildImage(net, MESH, a));
          const eb = createEmulator(buildImage(net, MESH, b));
          expect(ea.diagnostics).to.deep.equal([]);
          expect(eb.diagnostics).to.deep.equal([]);
          expect(record(eb.emulator!, net, rasters, labels)).to.deep.equal(record(ea.emulator!, net, rasters, labels));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('an image loaded from bytes behaves like the in-memory image', () => {
    fc.assert(
      fc.property(netArb.chain((net) => fc.tuple(fc.constant(net), placementArb(net), rasterArb(net, 2))), ([net, place, rasters]) => {
        const img = buildImage(net, MESH, place);
        const loaded = loadImage(encodeImage(img));
        expect(loaded.diagnostics).to.deep.equal([]);
        const labels = [0, 1];
        expect(record(loaded.emulator!, net, rasters, labels)).to.deep.equal(record(createEmulator(img).emulator!, net, rasters, labels));
      }),
      { numRuns: 40 },
    );
  });
});
