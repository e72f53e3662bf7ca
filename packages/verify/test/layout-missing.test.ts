/**
 * The static layout check (layout.ts) before step 0: a synapse of the lowered network that the
 * image's synapse memory does not hold is a divergence ("synapse count", reference 1, emulator 0),
 * even when the run would never show it (a synapse whose presynaptic neuron stays silent, or a
 * zero weight, changes no step). The image is compiled from the network; the network is then given
 * one synapse more, as a compiler that dropped it would leave the pair (or another delay or weight
 * exponent, as one that wrote them wrong would).
 */
import { expect } from 'chai';
import { Rng } from '@snnc/common';
import type { LoweredNetwork } from '@snnc/ir';
import { compileNetwork } from '@snnc/codegen';
import { checkImageLayout, placeNaive, verifyNetwork } from '../src/index.js';
import { makeTarget } from './arbitraries.js';

/** in(3) -> out(2 classes x 1), static, every input to every output but (2, 1). */
function net(withMissing: boolean): LoweredNetwork {
  const pairs: Array<[number, number, number]> = [[0, 0, 40], [0, 1, 30], [1, 0, 20], [1, 1, 50], [2, 0, 10]];
  if (withMissing) pairs.push([2, 1, 0]);
  const srlif = { model: 'srlif' as const, decayV: 410, vth0: 120, vthMin: 60, vthMax: 900, bias: 3, rateShift: 3, targetRate: 400, etaThetaMant: 8, etaThetaShift: 4 };
  return {
    irVersion: '1.0', name: 'missing', seed: 1, timesteps: 6,
    populations: [
      { id: 'in', index: 0, size: 3, role: 'input', layer: 0, model: 'input', params: null },
      { id: 'out', index: 1, size: 2, role: 'readout', layer: -1, model: 'srlif', params: srlif, classes: 2, neuronsPerClass: 1 },
    ],
    projections: [{
      id: 'ro', index: 0, source: 0, target: 1, kind: 'ff', delay: 1, plasticity: 'none',
      pre: Uint32Array.from(pairs, (p) => p[0]), post: Uint32Array.from(pairs, (p) => p[1]), weight: Int16Array.from(pairs, (p) => p[2]),
      weightBits: 8, weightExp: 0, learnMant: 0, learnShift: 0,
    }],
    learning: null,
  };
}

describe('verify: a synapse the image does not hold is found before step 0', () => {
  it('the last synapse of a projection missing from synapse memory: "synapse count", reference 1, emulator 0', () => {
    const target = makeTarget({ maxCompartments: 4 });
    const placement = placeNaive(net(false), target, { rng: new Rng(1) });
    const image = compileNetwork(net(false), placement, target).image!;
    expect(checkImageLayout(net(false), image)).to.equal(null);
    const more = net(true);
    expect(checkImageLayout(more, image)).to.deep.include({ projection: 0, synapse: 5, pre: 2, post: 1, field: 'synapse count', reference: 1, emulator: 0 });
    // no input spikes: the zero-weight synapse would change nothing the run compares
    const silent = [new Uint8Array(6 * 3)];
    const r = verifyNetwork(more, image, placement, { rasters: silent, labels: [0], train: false });
    expect(r.bitExact).to.equal(false);
    expect(r.firstDivergence).to.deep.include({ step: -1, field: 'synapse memory: synapse count', projection: 0, synapse: 5 });
  });

  it("a projection's delay or weight exponent other than the image's is named with both values", () => {
    const target = makeTarget({ maxCompartments: 4 });
    const placement = placeNaive(net(false), target, { rng: new Rng(1) });
    const image = compileNetwork(net(false), placement, target).image!;
    const edited = (over: Partial<LoweredNetwork['projections'][number]>): LoweredNetwork => {
      const n = net(false);
      return { ...n, projections: [{ ...n.projections[0], ...over }] };
    };
    expect(checkImageLayout(edited({ delay: 2 }), image)).to.deep.include({ projection: 0, field: 'delay', reference: 2, emulator: 1 });
    expect(checkImageLayout(edited({ weightExp: 1 }), image)).to.deep.include({ projection: 0, field: 'weightExp', reference: 1, emulator: 0 });
  });
});
