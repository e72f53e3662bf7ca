/**
 * The verifier must be able to fail: bugs planted in a correct image (a weight, a neuron
 * parameter, a route, a learning rate, the rounding seed) are each reported as the first
 * divergence at the right place, with both values.
 */
import { expect } from 'chai';
import { Rng } from '@snnc/common';
import type { LoweredNetwork } from '@snnc/ir';
import { compileNetwork } from '@snnc/codegen';
import { blockViews, type ChipImage } from '@snnc/image';
import { randomInputs } from '@snnc/datasets';
import { formatDivergence, placeNaive, verifyNetwork } from '../src/index.js';
import { makeTarget } from './arbitraries.js';

const srlif = { model: 'srlif' as const, decayV: 410, vth0: 120, vthMin: 60, vthMax: 900, bias: 3, rateShift: 3, targetRate: 400, etaThetaMant: 8, etaThetaShift: 4 };

/** in(4) -> h(6, srlif, three-factor, recurrent) -> out(2 classes x 2, delta). */
export function smallNet(): LoweredNetwork {
  const rng = new Rng(5);
  const dense = (a: number, b: number, self: boolean) => {
    const pre: number[] = [], post: number[] = [], w: number[] = [];
    for (let i = 0; i < a; i++) for (let j = 0; j < b; j++) if (self || i !== j) { pre.push(i); post.push(j); w.push(rng.int(-10, 90)); }
    return { pre: Uint32Array.from(pre), post: Uint32Array.from(post), weight: Int16Array.from(w) };
  };
  const base = { weightBits: 8, weightExp: 0, learnMant: 0, learnShift: 0 };
  return {
    irVersion: '1.0', name: 'planted', seed: 1, timesteps: 12,
    populations: [
      { id: 'in', index: 0, size: 4, role: 'input', layer: 0, model: 'input', params: null },
      { id: 'h', index: 1, size: 6, role: 'hidden', layer: 1, model: 'srlif', params: srlif },
      { id: 'out', index: 2, size: 4, role: 'readout', layer: -1, model: 'srlif', params: srlif, classes: 2, neuronsPerClass: 2 },
    ],
    projections: [
      { id: 'ff', index: 0, source: 0, target: 1, kind: 'ff', delay: 1, plasticity: 'threeFactor', ...dense(4, 6, true), ...base, learnMant: 41, learnShift: 22 },
      { id: 'rec', index: 1, source: 1, target: 1, kind: 'rec', delay: 2, plasticity: 'none', ...dense(6, 6, false), ...base },
      { id: 'ro', index: 2, source: 1, target: 2, kind: 'lr', delay: 1, plasticity: 'delta', ...dense(6, 4, true), ...base, learnMant: 31, learnShift: 3 },
    ],
    learning: {
      readout: 2, gamma: 4, rival: 'strongest-other', decayE: 600, decayM: 300, roundingSeed: 12345,
      tanhTable: Int16Array.from({ length: 256 }, (_, i) => Math.round(127 * Math.tanh((i - 128) / 32))),
      modulatory: [{ population: 1, m: 2, B: Int8Array.from({ length: 12 }, (_, i) => (i * 37) % 255 - 127), Wem: Int8Array.from({ length: 12 }, (_, i) => (i * 53) % 255 - 127), Wmh: Int8Array.from({ length: 12 }, (_, i) => (i * 71) % 255 - 127), emShift: 2, mhShift: 4 }],
    },
  };
}

export function setup() {
  const net = smallNet();
  const target = makeTarget({ maxCompartments: 4 });
  const placement = placeNaive(net, target, { rng: new Rng(3) });
  const image = compileNetwork(net, placement, target).image!;
  const inputs = randomInputs(8, net.timesteps, 4, 2, 0.4, 11);
  return { net, placement, image, inputs };
}

const firstPlastic = (img: ChipImage) => {
  for (const c of img.cores) for (const b of blockViews(c.synapses)) if (b.rule) return { c, b };
  throw new Error('no plastic block');
};

describe('verify: planted bugs are found', () => {
  it('the unmodified image is bit-exact (and learns)', () => {
    const { net, placement, image, inputs } = setup();
    const r = verifyNetwork(net, image, placement, { ...inputs, train: true });
    expect(r.firstDivergence, r.firstDivergence && formatDivergence(r.firstDivergence)).to.equal(undefined);
    expect(r.bitExact).to.equal(true);
    expect(r.steps).to.equal(8 * 12);
    expect(r.spikes).to.be.greaterThan(20);
    expect(r.weightsCompared).to.equal(8 * (24 + 24));
    expect(r.eligibilityCompared).to.equal(8 * 24);
  });

  it('training then inference (trainCount) stays bit-exact and compares learning only while training', () => {
    const { net, placement, image, inputs } = setup();
    const r = verifyNetwork(net, image, placement, { ...inputs, train: true, trainCount: 5 });
    expect(r.bitExact).to.equal(true);
    expect(r.weightsCompared).to.equal(5 * 48);
    expect(Array.from(r.predictions)).to.deep.equal(Array.from(r.referencePredictions));
    expect(r.predictions.every((p) => p >= 0)).to.equal(true);
  });

  it('without rasters, `steps` of seeded random input are run (whole samples)', () => {
    const { net, placement, image } = setup();
    const r = verifyNetwork(net, image, placement, { steps: 30, train: true, seed: 4 });
    expect(r.bitExact).to.equal(true);
    expect(r.steps).to.equal(36);
    expect(r.weightsCompared).to.equal(3 * 48);
  });

  it('a wrong weight in synapse memory is caught before the first step', () => {
    const { net, placement, image, inputs } = setup();
    const { c, b } = firstPlastic(image);
    b.weights[0] += b.weights[0] > 0 ? -1 : 1;
    const r = verifyNetwork(net, image, placement, { ...inputs, train: true });
    expect(r.bitExact).to.equal(false);
    expect(r.firstDivergence).to.include({ step: -1, field: 'synapse memory: weight', core: c.id, projection: b.projection });
  });

  it('a wrong neuron parameter is caught at the step and compartment where it first shows', () => {
    const { net, placement, image, inputs } = setup();
    const core = image.cores[1];
    (core.configs[0] as { decayV: number }).decayV += 1;
    const r = verifyNetwork(net, image, placement, { ...inputs, train: false });
    expect(r.bitExact).to.equal(false);
    const d = r.firstDivergence!;
    expect(d.core).to.equal(core.id);
    expect(d.field).to.equal('v');
    expect(d.step).to.be.greaterThanOrEqual(0);
    expect(core.probeNeuron[d.compartment]).to.equal(d.neuron);
    expect(d.reference).to.not.equal(d.emulator);
    expect(formatDivergence(d)).to.match(/core \d+ compartment \d+/);
  });

  it('a wrong learning rate shows in a weight after an epoch', () => {
    const { net, placement, image, inputs } = setup();
    for (const c of image.cores) for (const r of c.learning.rules) if (r.rule === 'delta') r.learnMant += 7;
    const r = verifyNetwork(net, image, placement, { ...inputs, train: true });
    expect(r.bitExact).to.equal(false);
    expect(r.firstDivergence).to.include({ field: 'weight', projection: 2 });
  });

  it('a wrong rounding seed shows in a hidden weight (§1.4 keys)', () => {
    const { net, placement, image, inputs } = setup();
    image.management.learning!.roundingSeed ^= 1;
    const r = verifyNetwork(net, image, placement, { ...inputs, train: true });
    expect(r.bitExact).to.equal(false);
    expect(r.firstDivergence!.field).to.equal('weight');
  });

  it('a route to the wrong axon is caught by the layout check', () => {
    const { net, placement, image, inputs } = setup();
    const h = image.hostPorts[0];
    const other = image.hostPorts.find((x) => x.core[0] === h.core[0] && x.axon[0] !== h.axon[0])!;
    h.axon[0] = other.axon[0];
    const r = verifyNetwork(net, image, placement, { ...inputs, train: false });
    expect(r.bitExact).to.equal(false);
    expect(r.firstDivergence!.step).to.equal(-1);
  });
});
