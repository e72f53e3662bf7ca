import { expect } from 'chai';
import type { LoweredModulatory } from '@snnc/ir';
import { createSimulator, hash4 } from '../src/index.js';
import { learning, network, pop, proj, raster, srlif } from './helpers.js';

/**
 * §5.10 by hand. in(4) drives h(2) and out(2 classes) one step later (weight 2 -> 128 >= vth 100,
 * decayV 4096 so nothing carries over): in0 at t=0 -> h0 spikes at 1; in1 at 2 -> h1 at 3;
 * in2 at 1 and 4 -> out0 at 2 and 5; in3 at 3 -> out1 at 4. So Z_0 = {2, 5}, Z_1 = {4}.
 */
function salNet(sal = true) {
  const block: LoweredModulatory = {
    population: 1,
    m: 2,
    B: Int8Array.from([1, 2, 3, 4]),
    Wem: Int8Array.from([1, 0, 0, 1]),
    Wmh: Int8Array.from([10, -20, 30, 40]), // h0: a0 10, a1 -20; h1: a0 30, a1 40
    emShift: 0,
    mhShift: 0,
    ...(sal ? { sal: { mant: 1024, leak: 256, shift: 10, decayS: 2048, H: Int8Array.from([2, -1, 0, 3]) } } : {}),
  };
  const n = srlif({ vth0: 100, decayV: 4096 });
  return network(
    [pop(0, 'in', 4, null), pop(1, 'h', 2, n), pop(2, 'out', 2, n, { role: 'readout', classes: 2, neuronsPerClass: 1 })],
    [proj(0, 0, 1, [[0, 0, 2], [1, 1, 2]]), proj(1, 0, 2, [[2, 0, 2], [3, 1, 2]])],
    6,
    learning({ readout: 2, gamma: 0, modulatory: [block], roundingSeed: 7 }),
  );
}
const salRaster = () => raster(6, 4, [[0, 0], [2, 1], [1, 2], [4, 2], [3, 3]]);
/** §1.4 with the §5.10 key (seed 7, epoch, P + b = 2 + 0, i*M + a) */
const R = (x: number, s: number, syn: number, epoch = 0) => Math.floor((x + (hash4(7, epoch, 2, syn) % 2 ** s)) / 2 ** s);

describe('§5.10 SAL decoder update by hand', () => {
  it('Hebbian for readout spikes after a hidden spike, anti-Hebbian before, leak, keyed rounding', () => {
    const sim = createSimulator(salNet(), { learning: true });
    sim.runSample(salRaster(), 0);
    // Q = 4096, 2048, 1024, 512, ...
    // h0 at t=1: D_0 = Q[0] (u=2) + Q[3] (u=5) = 4608; D_1 = Q[2] (u=4) = 1024
    //   R_0 = (2*4608 - 1024) >> 12 = 2;  R_1 = (3*1024) >> 12 = 0
    // h1 at t=3: D_0 = Q[1] (u=5) - Q[0] (u=2) = -2048; D_1 = Q[0] (u=4) = 4096
    //   R_0 = (2*(-2048) - 4096) >> 12 = -2;  R_1 = (3*4096) >> 12 = 3
    // dw = R(1024 K - 256 Wmh, 10): [2048 - 2560, 0 + 5120, -2048 - 7680, 3072 - 10240]
    const w = sim.snapshot().wmh![0];
    expect(Array.from(w)).to.deep.equal([10 + R(-512, 10, 0), -20 + 5, 30 + R(-9728, 10, 2), 40 - 7]);
    expect(sim.counters.feedbackUpdates).to.equal(4 - (R(-512, 10, 0) === 0 ? 1 : 0));
  });

  it('a neuron that spikes twice sums R over both spike steps and its row is updated once', () => {
    const sim = createSimulator(salNet(), { learning: true });
    // in0 also at t = 3: h0 spikes at 1 and 4 (nothing else changes: h projects nowhere)
    sim.runSample(raster(6, 4, [[0, 0], [3, 0], [2, 1], [1, 2], [4, 2], [3, 3]]), 0);
    // h0 at t=4: D_0 = Q[0] (u=5) - Q[1] (u=2) = 2048; D_1 = 0 (u=4 is t itself)
    //   R_0 = (2*2048 - 0) >> 12 = 1;  R_1 = (3*0) >> 12 = 0;  so K_h0 = [2 + 1, 0 + 0]
    // dw(h0) = R(1024 K - 256 Wmh, 10): [3072 - 2560, 0 + 5120]; h1's row as in the case above
    expect(Array.from(sim.snapshot().wmh![0])).to.deep.equal([10 + R(512, 10, 0), -20 + 5, 30 + R(-9728, 10, 2), 40 - 7]);
    // one decoder entry written per changed (i, a): never a second pass over h0's row
    expect(sim.counters.feedbackUpdates).to.equal(4 - (R(512, 10, 0) === 0 ? 1 : 0));
  });

  it('§3.4 each sample starts with an empty record: two samples in a row equal the second alone from the first one\'s snapshot', () => {
    const a = createSimulator(salNet(), { learning: true });
    a.runSample(salRaster(), 0);
    const snap = a.snapshot();
    a.runSample(salRaster(), 1);
    expect(Array.from(a.snapshot().wmh![0])).to.not.deep.equal(Array.from(snap.wmh![0])); // the second epoch moved the decoder
    const b = createSimulator(salNet(), { learning: true });
    b.restore(snap);
    b.runSample(salRaster(), 1);
    expect(a.snapshot()).to.deep.equal(b.snapshot());
  });

  it('the next epoch reads the learnt decoder (§5.5), and resetPersistent restores the lowered one', () => {
    const sim = createSimulator(salNet(), { learning: true });
    sim.runSample(salRaster(), 0);
    const learnt = sim.snapshot().wmh![0].slice();
    const fixed = createSimulator({ ...salNet(false), learning: { ...salNet(false).learning!, modulatory: [{ ...salNet(false).learning!.modulatory[0], Wmh: learnt }] } }, { learning: true });
    // the same second sample on a network lowered with the learnt decoder gives the same L
    sim.runSample(salRaster(), 1);
    fixed.epoch = 1;
    fixed.restore({ ...fixed.snapshot(), m: sim.snapshot().m.map((m, k) => (k === 0 ? Int32Array.from([0, 0]) : m)), epoch: 1 });
    fixed.runSample(salRaster(), 1);
    expect(Array.from(sim.L)).to.deep.equal(Array.from(fixed.L));
    // and differs from what the lowered decoder gives (the test can fail)
    const lowered = createSimulator(salNet(false), { learning: true });
    lowered.runSample(salRaster(), 0);
    lowered.runSample(salRaster(), 1);
    expect(Array.from(lowered.L)).to.not.deep.equal(Array.from(sim.L));
    sim.resetPersistent();
    expect(Array.from(sim.snapshot().wmh![0])).to.deep.equal([10, -20, 30, 40]);
    // a snapshot without decoders (taken before SAL existed) restores the lowered ones
    sim.runSample(salRaster(), 0);
    expect(Array.from(sim.snapshot().wmh![0])).to.not.deep.equal([10, -20, 30, 40]);
    sim.restore({ ...sim.snapshot(), wmh: undefined });
    expect(Array.from(sim.snapshot().wmh![0])).to.deep.equal([10, -20, 30, 40]);
  });

  it('no record and no update in inference, without a label, or in the ablations', () => {
    for (const [opts, label] of [[{}, 0], [{ learning: true }, undefined], [{ learning: true, hiddenPlasticity: false }, 0], [{ learning: true, modulation: 'direct' as const }, 0]] as const) {
      const sim = createSimulator(salNet(), opts);
      sim.runSample(salRaster(), label);
      expect(Array.from(sim.snapshot().wmh![0])).to.deep.equal([10, -20, 30, 40]);
    }
  });

  it('a fixed pathway has no decoder in its snapshot (checkpoints of fixed runs are unchanged)', () => {
    const sim = createSimulator(salNet(false), { learning: true });
    sim.runSample(salRaster(), 0);
    expect(sim.snapshot().wmh).to.equal(undefined);
    expect(sim.sal).to.equal(null);
  });
});
