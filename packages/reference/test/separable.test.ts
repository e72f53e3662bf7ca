import { expect } from 'chai';
import { Rng } from '@snnc/common';
import { createSimulator } from '../src/index.js';
import { learning, network, pop, proj, srlif } from './helpers.js';

/**
 * Learning end to end on a tiny linearly separable task: 4 classes, each a fixed input pattern
 * (4 of 16 inputs firing every other step). Fixed random feed-forward weights into a three-factor
 * hidden layer, delta-rule readout starting from zero. Local learning alone must reach 100% train
 * accuracy within a few epochs; a wrong sign or a lost update in §5.7 would not.
 */
function task(seed: number) {
  const rng = new Rng(seed);
  const nin = 16;
  const nh = 12;
  const C = 4;
  const T = 10;
  const ff: Array<[number, number, number]> = [];
  for (let j = 0; j < nin; j++) for (let i = 0; i < nh; i++) if (rng.float() < 0.5) ff.push([j, i, rng.int(1, 8)]);
  const ro: Array<[number, number, number]> = [];
  for (let j = 0; j < nh; j++) for (let c = 0; c < C; c++) ro.push([j, c, 0]);
  const M = 2;
  const int8 = (n: number) => Int8Array.from({ length: n }, () => rng.int(-127, 127));
  const net = network(
    [
      pop(0, 'in', nin, null),
      pop(1, 'h', nh, srlif({ vth0: 600, vthMin: 200, vthMax: 4000, decayV: 1024, targetRate: 800, etaThetaMant: 1, etaThetaShift: 4 })),
      pop(2, 'out', C, srlif({ vth0: 400, decayV: 1024 }), { role: 'readout', classes: C, neuronsPerClass: 1 }),
    ],
    [
      proj(0, 0, 1, ff, { plasticity: 'threeFactor', learnMant: 1, learnShift: 18 }),
      proj(1, 1, 2, ro, { plasticity: 'delta', learnMant: 1, learnShift: 1 }),
    ],
    T,
    learning({
      readout: 2, gamma: 3, rival: 'strongest-other', decayE: 400, decayM: 400, roundingSeed: seed,
      modulatory: [{ population: 1, m: M, B: int8(C * nh), Wem: int8(M * nh), Wmh: int8(nh * M), emShift: 8, mhShift: 7 }],
    }),
  );
  const patterns = Array.from({ length: C }, (_, c) => {
    const r = new Uint8Array(T * nin);
    for (let t = c % 2; t < T; t += 2) for (let k = 0; k < 4; k++) r[t * nin + 4 * c + k] = 1;
    return r;
  });
  return { net, patterns };
}

describe('reference: learning a separable task', () => {
  it('reaches 100% train accuracy within 8 epochs from zero readout weights', () => {
    const { net, patterns } = task(11);
    const sim = createSimulator(net, { learning: true });
    const order = [0, 1, 2, 3];
    const rng = new Rng(5);
    let acc = 0;
    let epochs = 0;
    for (; epochs < 8 && acc < 1; epochs++) {
      rng.shuffle(order);
      for (const c of order) sim.runSample(patterns[c], c);
      sim.setLearning(false);
      acc = patterns.filter((r, c) => sim.runSample(r).predicted === c).length / patterns.length;
      sim.setLearning(true);
    }
    expect(acc).to.equal(1);
    expect(epochs).to.be.greaterThan(0);
    // before learning every pattern predicts class 0 (silent readout): 25%
    const fresh = createSimulator(net);
    expect(patterns.filter((r, c) => fresh.runSample(r).predicted === c).length).to.equal(1);
  });
});
