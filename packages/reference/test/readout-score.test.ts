import { expect } from 'chai';
import type { CubaParams, LoweredNetwork, SrlifParams } from '@snnc/ir';
import { createSimulator, type EpochView } from '../src/index.js';
import { cuba, learning, network, pop, proj, raster, srlif } from './helpers.js';

/**
 * §4 the potential score by hand: z_c = sum_n x_n + floor((sum_n floor(256 v_n / vth_n) + 128) / 256).
 *
 * in(2) -> out(4 srlif, 2 classes x 2 neurons), one delta-rule projection (learnMant 2, learnShift 0:
 * dw = -2 x_j delta_c exactly). vth = 255 and fixed (etaThetaMant 0), decayV 0 and bias 0, so a
 * weight w seen once at t = 0 leaves v(1) = 64 w, and over T = 4 steps the neuron spikes
 * x = min(3, floor(64 w / 255)) times and ends at v = 64 w - 255 x.
 */
const WA = [0, -2, 4, 0]; // input a -> out n
const WB = [2, 0, 4, -1]; // input b -> out n
function scoreNet(score?: 'potential', readout: SrlifParams | CubaParams = srlif({ vth0: 255, vthMin: 1, vthMax: 1000 })): LoweredNetwork {
  const syn: Array<[number, number, number]> = [...WA.map((w, n): [number, number, number] => [0, n, w]), ...WB.map((w, n): [number, number, number] => [1, n, w])];
  return network(
    [pop(0, 'in', 2, null), pop(1, 'out', 4, readout, { role: 'readout', classes: 2, neuronsPerClass: 2 })],
    [proj(0, 0, 1, syn, { plasticity: 'delta', learnMant: 2, learnShift: 0 })],
    4,
    learning({ readout: 1, gamma: 4, rival: 'strongest-other', ...(score ? { readoutScore: score } : {}) }),
  );
}
const onlyA = () => raster(4, 2, [[0, 0]]);
const onlyB = () => raster(4, 2, [[0, 1]]);

describe('§4 readout score "potential" by hand', () => {
  it('a negative potential floors (r = -129, not -128), so the class score is -1; the prediction and the margin follow z', () => {
    // a: n1 ends at v = -128, r = floor(-32768 / 255) = floor(-128.50) = -129; n0 at 0; class 0:
    // x = 0, floor((-129 + 0 + 128) / 256) = floor(-1 / 256) = -1 (a truncating division gives 0).
    // n2 spikes once (256 >= 255) and ends at 1, r = floor(256 / 255) = 1; n3 at 0; class 1:
    // x = 1, floor((1 + 128) / 256) = 0, z = 1.
    const sim = createSimulator(scoreNet('potential'), { learning: true });
    let seen: EpochView | undefined;
    const out = sim.runSample(onlyA(), 1, { onEpoch: (e) => (seen = { ...e, counts: e.counts.slice(), delta: e.delta.slice() }) });
    expect(Array.from(sim.v.subarray(2, 6))).to.deep.equal([0, -128, 1, 0]);
    expect(Array.from(sim.vth.subarray(2, 6))).to.deep.equal([255, 255, 255, 255]);
    expect(Array.from(out.counts)).to.deep.equal([-1, 1]);
    expect(out.predicted).to.equal(1);
    // y = 1 wins; strongest-other: r = 0, mg = 4 + z_0 - z_1 = 4 - 1 - 1 = 2, delta = [2, -2]
    expect(seen!.margin).to.equal(2);
    expect(Array.from(seen!.delta)).to.deep.equal([2, -2]);
    expect(Array.from(seen!.counts)).to.deep.equal([-1, 1]);
    // dw = -2 * x_a * delta_c on input a's synapses (x_a = 1); b did not spike: unchanged
    expect(Array.from(sim.weights[0])).to.deep.equal([0 - 4, -2 - 4, 4 + 4, 0 + 4, ...WB]);
    // the same sample scored by spikes: z = [0, 1], mg = 4 + 0 - 1 = 3
    const spikes = createSimulator(scoreNet(), { learning: true });
    expect(Array.from(spikes.runSample(onlyA(), 1).counts)).to.deep.equal([0, 1]);
    expect(Array.from(spikes.weights[0])).to.deep.equal([0 - 6, -2 - 6, 4 + 6, 0 + 6, ...WB]);
  });

  it('sub-threshold drive counts, a half rounds up once per class, and a tie goes to the lowest class', () => {
    // b: n0 ends at 128 without spiking, r = floor(32768 / 255) = floor(128.50) = 128; class 0:
    // floor((128 + 0 + 128) / 256) = 1. n2 spikes once and ends at 1 (r = 1), n3 at -64
    // (r = floor(-16384 / 255) = floor(-64.25) = -65); class 1: 1 + floor((1 - 65 + 128) / 256) = 1.
    const sim = createSimulator(scoreNet('potential'));
    const out = sim.runSample(onlyB());
    expect(Array.from(sim.v.subarray(2, 6))).to.deep.equal([128, 0, 1, -64]);
    expect(Array.from(out.counts)).to.deep.equal([1, 1]);
    expect(out.predicted).to.equal(0);
    // by spikes z = [0, 1]: class 1
    const spikes = createSimulator(scoreNet()).runSample(onlyB());
    expect([Array.from(spikes.counts), spikes.predicted]).to.deep.equal([[0, 1], 1]);
  });

  it('absent or "spikes" is the spike count, and a CUBA readout is refused (SNNC2828 at /learning/readoutScore)', () => {
    for (const net of [scoreNet(), { ...scoreNet(), learning: { ...scoreNet().learning!, readoutScore: undefined } }]) {
      expect(Array.from(createSimulator(net).runSample(onlyA()).counts)).to.deep.equal([0, 1]);
    }
    const cubaNet = scoreNet('potential', cuba());
    expect(() => createSimulator(cubaNet)).to.throw(/SNNC2828[^]*readoutScore/);
  });
});
