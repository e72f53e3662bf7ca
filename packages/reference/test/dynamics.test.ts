import { expect } from 'chai';
import { createSimulator, type StepView } from '../src/index.js';
import { cuba, network, pop, proj, raster, srlif } from './helpers.js';

/** Records a field of neuron g after every step (the state for step t + 1) and the spikes S(t). */
function trace(field: 'v' | 'vth' | 'sbar' | 'u', g: number) {
  const vals: number[] = [];
  const spikes: number[] = [];
  return {
    vals,
    spikes,
    hooks: {
      onStep(view: StepView) {
        vals.push(view[field][g]);
        spikes.push(view.spikes[g]);
      },
    },
  };
}

describe('§3 one timestep', () => {
  // input 0 -> srlif 0 with w = 10, weightExp 0: one spike contributes 10 * 2^6 = 640 (§2.2)
  const single = (params = srlif({ vth0: 1000, decayV: 2048 }), delay = 1, T = 5) =>
    network([pop(0, 'in', 1, null), pop(1, 'h', 1, params)], [proj(0, 0, 1, [[0, 0, 10]], { delay })], T);

  it('§2.2 a negative exponent shifts the mantissa before the 6-bit scaling: (w >> -e) << 6 (issue 12 item 1)', () => {
    // srlif without decay (decayV 0), huge threshold: v after one step is the contribution itself.
    // w = 201, e = -2: (201 >> 2) << 6 = 50 * 64 = 3200 (not 201 * 2^4 = 3216);
    // w = -151, e = -2: floor(-151 / 4) = -38 -> -2432 (not -2416); e = +1: 201 * 2^7 = 25728.
    const run = (w: number, e: number) => {
      const net = network([pop(0, 'in', 1, null), pop(1, 'h', 1, srlif({ vth0: 2 ** 22, vthMax: 2 ** 22 }))], [proj(0, 0, 1, [[0, 0, w]], { weightExp: e, weightBits: 9 })], 1);
      const tr = trace('v', 1);
      createSimulator(net).runSample(raster(1, 1, [[0, 0]]), undefined, tr.hooks);
      return tr.vals[0];
    };
    expect(run(201, -2)).to.equal(3200);
    expect(run(-151, -2)).to.equal(-2432);
    expect(run(-1, -6)).to.equal(-64); // floor(-1 / 64) = -1
    expect(run(63, -6)).to.equal(0);
    expect(run(201, 1)).to.equal(25728);
  });

  it('§3.2 srlif in inference: decay, reset by subtraction, frozen threshold', () => {
    const sim = createSimulator(single());
    const tr = trace('v', 1);
    sim.runSample(raster(5, 1, [[0, 0], [1, 0], [2, 0]]), undefined, tr.hooks);
    expect(tr.vals).to.deep.equal([640, 960, 1120, 560 - 1000, -220]);
    expect(tr.spikes).to.deep.equal([0, 0, 0, 1, 0]);
    expect(sim.vth[1]).to.equal(1000);
    expect(sim.sbar[1]).to.equal(410);
  });

  it('§3.2 srlif homeostasis in training mode, reset by the threshold used for the decision', () => {
    const net = single(srlif({ vth0: 1000, decayV: 2048, rateShift: 2, targetRate: 1024, etaThetaMant: 3, etaThetaShift: 4 }));
    const sim = createSimulator(net, { learning: true });
    const v = trace('v', 1);
    const th: number[] = [];
    const sb: number[] = [];
    sim.runSample(raster(5, 1, [[0, 0], [1, 0], [2, 0]]), undefined, {
      onStep(view) {
        v.hooks.onStep(view);
        th.push(view.vth[1]);
        sb.push(view.sbar[1]);
      },
    });
    expect(v.spikes).to.deep.equal([0, 0, 1, 0, 0]);
    expect(sb).to.deep.equal([768, 576, 1456, 1092, 819]);
    // t = 4: 961 + ((3 * (819 - 1024)) >> 4) = 961 + floor(-615 / 16) = 961 - 39
    expect(th).to.deep.equal([952, 868, 949, 961, 922]);
    expect(v.vals).to.deep.equal([640, 960, 480 + 640 - 868, 126, 63]);
  });

  it('§3.2 H(0) = 1: v equal to the threshold spikes; vth clamps to its range', () => {
    const net = single(srlif({ vth0: 640, vthMin: 600, vthMax: 700, rateShift: 0, targetRate: 0, etaThetaMant: 1, etaThetaShift: 0 }));
    const sim = createSimulator(net, { learning: true });
    const tr = trace('vth', 1);
    sim.runSample(raster(5, 1, [[0, 0]]), undefined, tr.hooks);
    expect(tr.spikes).to.deep.equal([0, 1, 0, 0, 0]);
    // sbar jumps to 4096 at the spike: vth + 4096 clamps to 700; otherwise sbar = 0, target 0
    expect(tr.vals).to.deep.equal([640, 700, 700, 700, 700]);
  });

  it('§2.3 delays: a spike at t through delay d changes the state held at t + d', () => {
    const sim = createSimulator(single(srlif({ vth0: 100000 }), 3));
    const tr = trace('v', 1);
    sim.runSample(raster(5, 1, [[0, 0]]), undefined, tr.hooks);
    expect(tr.vals).to.deep.equal([0, 0, 640, 640, 640]);
    // two projections of different delays from the same spike share the ring without collision
    const net = network(
      [pop(0, 'in', 1, null), pop(1, 'h', 1, srlif({ vth0: 100000 }))],
      [proj(0, 0, 1, [[0, 0, 1]], { delay: 1 }), proj(1, 0, 1, [[0, 0, 2]], { delay: 4 })],
      6,
    );
    const s2 = createSimulator(net);
    const t2 = trace('v', 1);
    s2.runSample(raster(6, 1, [[0, 0], [1, 0]]), undefined, t2.hooks);
    expect(t2.vals).to.deep.equal([64, 128, 128, 256, 384, 384]);
  });

  it('§2.3 the accumulated input saturates once, after an exact sum; v saturates at 24 bits', () => {
    // 10 inputs of +127 * 2^13 and 2 of -128 * 2^13: exact sum 8306688 fits; partial sums do not
    const syn: Array<[number, number, number]> = [];
    for (let j = 0; j < 12; j++) syn.push([j, 0, j < 10 ? 127 : -128]);
    const net = network([pop(0, 'in', 12, null), pop(1, 'h', 1, srlif({ vth0: 2 ** 23 - 1 }))], [proj(0, 0, 1, syn, { weightExp: 7 })], 3);
    const sim = createSimulator(net);
    const tr = trace('v', 12);
    const all: Array<[number, number]> = [];
    for (let j = 0; j < 12; j++) all.push([0, j], [1, j]);
    sim.runSample(raster(3, 12, all), undefined, tr.hooks);
    expect(tr.vals[0]).to.equal(8306688);
    expect(tr.vals[1]).to.equal(2 ** 23 - 1); // sat_24(8306688 + 8306688)
    expect(tr.spikes[2]).to.equal(1); // v = vth: H(0) = 1
    expect(tr.vals[2]).to.equal(0);
  });

  it('§3.3 cuba: wrapped current, strict threshold, spike emitted one step later, refractory', () => {
    const net = network([pop(0, 'in', 1, null), pop(1, 'c', 1, cuba({ decayU: 1023, vthMant: 10, refractory: 2 }))], [proj(0, 0, 1, [[0, 0, 11]])], 6);
    const sim = createSimulator(net);
    const u = trace('u', 1);
    const v: number[] = [];
    sim.runSample(raster(6, 1, [[0, 0]]), undefined, {
      onStep(view) {
        u.hooks.onStep(view);
        v.push(view.v[1]);
      },
    });
    // u1 = 704 -> v' = 704 > 640: pending; u decays by 3072/4096 per step
    expect(u.vals).to.deep.equal([704, 528, 396, 297, 222, 166]);
    expect(u.spikes).to.deep.equal([0, 1, 0, 0, 0, 0]); // the t = 5 decision is emitted at t = 6
    // refractory for t = 1, 2; t = 3: v' = 297; t = 4: v' = 297 + 222 = 519 <= 640 stays;
    // t = 5: v' = 519 + 166 = 685 > 640: pending spike, v = 0
    expect(v).to.deep.equal([0, 0, 0, 297, 519, 0]);
  });

  it('§3.3 cuba: exactly at the threshold does not spike; u wraps at 24 bits', () => {
    const net = network([pop(0, 'in', 1, null), pop(1, 'c', 1, cuba({ decayU: 4095, vthMant: 10 }))], [proj(0, 0, 1, [[0, 0, 10]])], 3);
    const sim = createSimulator(net);
    const tr = trace('v', 1);
    sim.runSample(raster(3, 1, [[0, 0]]), undefined, tr.hooks);
    expect(tr.vals[0]).to.equal(640);
    expect(tr.spikes).to.deep.equal([0, 0, 0]);
    const syn: Array<[number, number, number]> = [];
    for (let j = 0; j < 9; j++) syn.push([j, 0, 127]);
    const big = network([pop(0, 'in', 9, null), pop(1, 'c', 1, cuba({ decayU: 4094, vthMant: 100000 }))], [proj(0, 0, 1, syn, { weightExp: 7 })], 2);
    const s2 = createSimulator(big);
    const t2 = trace('u', 9);
    const all: Array<[number, number]> = [];
    for (let j = 0; j < 9; j++) all.push([0, j], [1, j]);
    s2.runSample(raster(2, 9, all), undefined, t2.hooks);
    expect(t2.vals[0]).to.equal(2 ** 23 - 1); // A saturated
    expect(t2.vals[1]).to.equal(8390654 - 2 ** 24); // 2047 + 8388607 wraps
  });

  it('§2.4 a graded spike of value g delivers round(c(w) g / 255); g = 0 is no spike; events count spikes x synapses', () => {
    // c(10) = 640, c(-3) = -192 (§2.2); srlif without decay and with a threshold never reached
    const net = network([pop(0, 'in', 2, null, { graded: true }), pop(1, 'h', 1, srlif({ vth0: 2 ** 22, vthMax: 2 ** 22 }))], [proj(0, 0, 1, [[0, 0, 10], [1, 0, -3]])], 3);
    const sim = createSimulator(net);
    const tr = trace('v', 2);
    // t = 0: 640 * 100 / 255 = 250.98 -> 251, -192 * 200 / 255 = -150.59 -> -151; t = 1: 640 * 255 / 255 = 640,
    // -192 / 255 = -0.75 -> -1; t = 2: both 0, nothing delivered
    sim.runSample(Uint8Array.of(100, 200, 255, 1, 0, 0), undefined, tr.hooks);
    expect(tr.vals).to.deep.equal([100, 739, 739]);
    expect(sim.counters.synapticEvents).to.equal(4);
  });

  it('§3.4 per-sample reset keeps thresholds, clears voltages and delay lines', () => {
    const net = single(srlif({ vth0: 100000 }), 3, 2);
    const sim = createSimulator(net);
    sim.runSample(raster(2, 1, [[1, 0]]));
    const tr = trace('v', 1);
    sim.runSample(raster(2, 1, []), undefined, tr.hooks);
    expect(tr.vals).to.deep.equal([0, 0]); // the spike still in flight was dropped
  });
});

describe('§1.2 overflow counts per population', () => {
  it('srlif counts saturations of v in both directions, cuba wraps of u and saturations of v each in both directions, each in its own counter', () => {
    // inputs 0..8 carry +127 * 2^13 each, 9..17 carry -128 * 2^13: |A| > 2^23, so A saturates (§2.3) to
    // MAX = 2^23 - 1 at t = 0, 1 and to MIN = -2^23 at t = 2, 3. No neuron can spike (thresholds above MAX).
    const syn: Array<[number, number, number]> = [];
    for (let j = 0; j < 18; j++) syn.push([j, 0, j < 9 ? 127 : -128]);
    const net = network(
      [
        pop(0, 'in', 18, null),
        pop(1, 's', 1, srlif({ vth0: 2 ** 23, vthMax: 2 ** 23 })),
        pop(2, 'c0', 1, cuba({ decayU: 0, vthMant: 2 ** 17 })),
        pop(3, 'c1', 1, cuba({ decayU: 4095, vthMant: 2 ** 17 })),
      ],
      [1, 2, 3].map((t, k) => proj(k, 0, t, syn, { weightExp: 7 })),
      4,
    );
    const spikes: Array<[number, number]> = [];
    for (let j = 0; j < 9; j++) spikes.push([0, j], [1, j], [2, 9 + j], [3, 9 + j]);
    const sim = createSimulator(net);
    sim.runSample(raster(4, 18, spikes));
    // s (decayV 0): v = MAX; MAX + MAX saturates (+); MAX + MIN = -1; -1 + MIN saturates (-)
    // c0 (u decays by 4095/4096): u = MAX; 8386559 + MAX wraps (+) to -2050; -2049 + MIN wraps (-) to
    //   8386559, and v = 8386557 + 8386559 saturates (+); then u = 8384511 + MIN = -4097 fits: 2 wraps, 1 saturation
    // c1 (decayU 4095: u = A): v = MAX; MAX + MAX saturates (+); -1; -1 + MIN saturates (-)
    expect(sim.overflow()).to.deep.equal([
      { population: 's', uWraps: 0, vSaturations: 2 },
      { population: 'c0', uWraps: 2, vSaturations: 1 },
      { population: 'c1', uWraps: 0, vSaturations: 2 },
    ]);
    // the counts accumulate over samples until resetOverflow
    sim.runSample(raster(4, 18, spikes));
    expect(sim.overflow().map((r) => [r.uWraps, r.vSaturations])).to.deep.equal([[0, 4], [4, 2], [0, 4]]);
    sim.resetOverflow();
    expect(sim.overflow().map((r) => [r.uWraps, r.vSaturations])).to.deep.equal([[0, 0], [0, 0], [0, 0]]);
  });
});
