import { expect } from 'chai';
import fc from 'fast-check';
import { Rng } from '@snnc/common';
import { createSimulator, eligibilityTable, weightBounds, type SimulatorSnapshot } from '../src/index.js';
import { randomNet, randomRaster } from './random-net.js';

/** Invariants of the reference on random small networks (fast-check drives the seeds). */

const bytes = (s: SimulatorSnapshot) =>
  Buffer.concat([
    Buffer.from(JSON.stringify([s.epoch])),
    ...s.weights.map((w) => Buffer.from(w.buffer, w.byteOffset, w.byteLength)),
    Buffer.from(s.vth.buffer),
    Buffer.from(s.sbar.buffer),
    ...s.m.map((m) => Buffer.from(m.buffer)),
  ]);

describe('reference: properties', () => {
  it('§5.2 eligibility equals the closed form over recorded spikes, and stays 0 elsewhere; events = synapses of spiking neurons', () => {
    let nonzero = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 0, max: 4096 }), (seed, decayE) => {
        const net = randomNet(seed, { decayE });
        const sim = createSimulator(net, { learning: true });
        const rng = new Rng(seed).fork('raster');
        const T = net.timesteps;
        const spikes: Uint8Array[] = [];
        sim.runSample(randomRaster(rng, T, sim.inputSize, 0.4), undefined, { onStep: (v) => void spikes.push(v.spikes.slice()) });
        // phase 3 visits exactly the synapses of spiking presynaptic neurons, nothing else
        let events = 0;
        for (const q of net.projections)
          for (let s = 0; s < q.pre.length; s++) for (let t = 0; t < T; t++) events += spikes[t][sim.offset[q.source] + q.pre[s]];
        expect(sim.counters.synapticEvents).to.equal(events);
        const P = eligibilityTable(decayE, T);
        for (const p of [0, 1]) {
          const q = net.projections[p];
          const so = sim.offset[q.source];
          const to = sim.offset[q.target];
          const e = sim.eligibility(p)!;
          for (let s = 0; s < q.pre.length; s++) {
            let want = 0;
            for (let t = 0; t < T; t++) if (spikes[t][so + q.pre[s]] && spikes[t][to + q.post[s]]) want += P[T - 1 - t];
            expect(e[s], `projection ${p} synapse ${s}`).to.equal(want);
            if (want) nonzero++;
          }
        }
      }),
      { numRuns: 30 },
    );
    expect(nonzero).to.be.greaterThan(100); // the hidden layer is active enough for the check to bite
  });

  it('determinism: same network, seed and samples give byte-identical snapshots; weights stay in range', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const net = randomNet(seed);
        const runs = [0, 1].map(() => {
          const sim = createSimulator(net, { learning: true });
          const rng = new Rng(seed).fork('data');
          for (let k = 0; k < 12; k++) sim.runSample(randomRaster(rng, net.timesteps, sim.inputSize, 0.3), k % 3);
          return sim;
        });
        expect(bytes(runs[0].snapshot()).equals(bytes(runs[1].snapshot()))).to.equal(true);
        expect(runs[0].counters).to.deep.equal(runs[1].counters);
        net.projections.forEach((q, p) => {
          const [lo, hi] = weightBounds(q.weightBits);
          for (const w of runs[0].weights[p]) expect(w >= lo && w <= hi).to.equal(true);
        });
      }),
      { numRuns: 15 },
    );
  });

  it('a different rounding seed changes the learned weights; snapshot/restore replays exactly', () => {
    const net = randomNet(42);
    const other = { ...net, learning: { ...net.learning!, roundingSeed: 99 } };
    const data = (() => {
      const rng = new Rng(3);
      return Array.from({ length: 20 }, () => randomRaster(rng, net.timesteps, 12, 0.3));
    })();
    const train = (n: typeof net, sim = createSimulator(n, { learning: true })) => {
      data.forEach((r, k) => sim.runSample(r, k % 3));
      return sim;
    };
    expect(bytes(train(net).snapshot()).equals(bytes(train(other).snapshot()))).to.equal(false);
    const a = createSimulator(net, { learning: true });
    data.slice(0, 10).forEach((r, k) => a.runSample(r, k % 3));
    const snap = a.snapshot();
    data.slice(10).forEach((r, k) => a.runSample(r, (k + 10) % 3));
    const b = createSimulator(net, { learning: true });
    b.restore(snap);
    data.slice(10).forEach((r, k) => b.runSample(r, (k + 10) % 3));
    expect(bytes(a.snapshot()).equals(bytes(b.snapshot()))).to.equal(true);
  });

  it('cost grows with activity: a silent input delivers nothing and touches no synapse', () => {
    const net = randomNet(7);
    const sim = createSimulator(net, { learning: true });
    sim.runSample(new Uint8Array(net.timesteps * sim.inputSize), 0);
    expect(sim.counters.synapticEvents).to.equal(0);
    expect(sim.counters.eligibilityEvents).to.equal(0);
    sim.runSample(randomRaster(new Rng(1), net.timesteps, sim.inputSize, 0.5), 0);
    expect(sim.counters.synapticEvents).to.be.greaterThan(0);
  });
});
