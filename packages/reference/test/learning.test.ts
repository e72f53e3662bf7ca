import { expect } from 'chai';
import type { LoweredModulatory } from '@snnc/ir';
import { createSimulator, hash4, teachingSignal, type EpochView } from '../src/index.js';
import { cuba, learning, network, pop, proj, raster, srlif, tanhTable } from './helpers.js';

/** §5 by hand. Every expected number below is worked out in the comment next to it. */

describe('§5.1 teaching signal (WTA margin)', () => {
  const run = (z: number[], y: number, gamma: number, rival: 'winner' | 'strongest-other') => {
    const d = new Int32Array(z.length);
    const mg = teachingSignal(Int32Array.from(z), y, gamma, rival, d);
    return { mg, d: Array.from(d) };
  };
  it('wrong class: r = c*, delta_c* = +mg, delta_y = -mg', () => {
    // c* = 1 (5 spikes), y = 2: mg = 2 + 5 - 1 = 6
    expect(run([3, 5, 1], 2, 2, 'winner')).to.deep.equal({ mg: 6, d: [0, 6, -6] });
  });
  it('correct with margin: no teaching under either rival rule when the margin holds', () => {
    expect(run([3, 9, 1], 1, 2, 'winner')).to.deep.equal({ mg: 0, d: [0, 0, 0] });
    // strongest-other: r = 0, mg = max(0, 2 + 3 - 9) = 0
    expect(run([3, 9, 1], 1, 2, 'strongest-other')).to.deep.equal({ mg: 0, d: [0, 0, 0] });
  });
  it('correct without margin: only strongest-other teaches', () => {
    expect(run([3, 5, 1], 1, 4, 'winner')).to.deep.equal({ mg: 0, d: [0, 0, 0] });
    // r = 0, mg = 4 + 3 - 5 = 2
    expect(run([3, 5, 1], 1, 4, 'strongest-other')).to.deep.equal({ mg: 2, d: [2, -2, 0] });
  });
  it('ties go to the lowest index, for the winner and for the rival', () => {
    // c* = 0 (tie 4, 4) != y = 1: mg = 2 + 4 - 4 = 2
    expect(run([4, 4, 0], 1, 2, 'winner')).to.deep.equal({ mg: 2, d: [2, -2, 0] });
    // y = 0 wins the tie: winner rule silent; strongest-other: r = 1 (tie of 1 and 2 at 3)
    expect(run([4, 3, 3], 0, 2, 'winner').mg).to.equal(0);
    expect(run([4, 3, 3], 0, 2, 'strongest-other')).to.deep.equal({ mg: 1, d: [-1, 1, 0] });
    // all silent, y = 2: c* = 0, mg = gamma
    expect(run([0, 0, 0], 2, 3, 'winner')).to.deep.equal({ mg: 3, d: [3, 0, -3] });
  });
  it('the margin saturates at 127; one class teaches nothing', () => {
    expect(run([200, 0], 1, 2, 'winner')).to.deep.equal({ mg: 127, d: [127, -127] });
    expect(run([5], 0, 2, 'strongest-other')).to.deep.equal({ mg: 0, d: [0] });
  });
});

/**
 * in(2) -> h(2, srlif) three-factor, h -> out(2 classes) delta rule, one modulatory block (M = 1).
 * h has bias = vth = 100 and decayV = 4096: v alternates 0, 100, so both h neurons spike at odd t.
 * out never spikes (vth 10^6), so z = [0, 0]; with y = 1: c* = 0, mg = 2, delta = [2, -2].
 */
function epochNet(over: { learnShift?: number; weightBits?: number; delay?: number; causal?: boolean } = {}) {
  const block: LoweredModulatory = {
    population: 1,
    m: 1,
    B: Int8Array.from([3, -1, 2, 5]), // B[c*N + i]
    Wem: Int8Array.from([10, 4]),
    Wmh: Int8Array.from([20, -30]),
    emShift: 2,
    mhShift: 1,
  };
  return network(
    [
      pop(0, 'in', 2, null),
      pop(1, 'h', 2, srlif({ vth0: 100, bias: 100, decayV: 4096 })),
      pop(2, 'out', 2, srlif({ vth0: 1000000 }), { role: 'readout', classes: 2, neuronsPerClass: 1 }),
    ],
    [
      proj(0, 0, 1, [[0, 0, 0], [0, 1, 0], [1, 0, 5]], {
        plasticity: 'threeFactor', learnMant: 3, learnShift: over.learnShift ?? 10, weightBits: over.weightBits ?? 8, delay: over.delay ?? 1,
      }),
      proj(1, 1, 2, [[0, 0, 0], [0, 1, 0], [1, 1, 0]], { plasticity: 'delta', learnMant: 5, learnShift: 3 }),
    ],
    6,
    learning({ readout: 2, gamma: 2, decayE: 1024, decayM: 2048, modulatory: [block], roundingSeed: 7, ...(over.causal ? { eligibility: 'causal' as const } : {}) }),
  );
}
// input 0 spikes at t = 1, 2, 3; input 1 at t = 0, 5
const epochRaster = () => raster(6, 2, [[1, 0], [2, 0], [3, 0], [0, 1], [5, 1]]);
/** §1.4 written out: floor((x + (hash mod 2^s)) / 2^s) */
const R = (x: number, s: number, p: number, syn: number, epoch = 0) => Math.floor((x + (hash4(7, epoch, p, syn) % 2 ** s)) / 2 ** s);

describe('§5.2-5.8 one learning epoch by hand', () => {
  it('§5.2 eligibility: sum of P[T-1-t] over coincident spikes, recorded only in training mode', () => {
    const sim = createSimulator(epochNet(), { learning: true });
    sim.runSample(epochRaster(), undefined);
    // P = 4096, 3072, 2304, 1728, 1296, 972 (lambda_e = 0.75). h spikes at t = 1, 3, 5.
    // (0->0), (0->1): coincide at t = 1, 3: P[4] + P[2] = 1296 + 2304; (1->0): t = 5: P[0]
    expect(Array.from(sim.eligibility(0)!)).to.deep.equal([3600, 3600, 4096]);
    // one eligibility event per (synapse, step) pairing: 2 + 2 + 1
    expect(sim.counters.eligibilityEvents).to.equal(5);
    const inf = createSimulator(epochNet());
    inf.runSample(epochRaster());
    expect(Array.from(inf.eligibility(0)!)).to.deep.equal([0, 0, 0]);
    expect(inf.counters.eligibilityEvents).to.equal(0);
  });

  it('§5.2 causal pairing: P[T-1-t] for a postsynaptic spike at t and a presynaptic one at t - delay, never the same step', () => {
    const e = (over: { delay?: number; causal?: boolean }) => {
      const sim = createSimulator(epochNet(over), { learning: true });
      sim.runSample(epochRaster(), undefined);
      return Array.from(sim.eligibility(0)!);
    };
    // h spikes at t = 1, 3, 5 (its weights are 0: bias alone). Delay 1: (0->i) pairs t = 3 with
    // input 0's spike at 2: P[2]; (1->0) pairs t = 1 with input 1's spike at 0: P[4].
    expect(e({ causal: true })).to.deep.equal([2304, 2304, 1296]);
    // delay 2: input 1's spike at 0 reaches h0 at the update of step 1 (weight 5), so h0 spikes at
    // 1, 2, 4 and h1 still at 1, 3, 5. (0->0) pairs t = 4 with input 0 at 2: P[1]; (0->1) pairs
    // t = 3, 5 with input 0 at 1, 3: P[2] + P[0]; (1->0) pairs t = 2 with input 1 at 0: P[3].
    expect(e({ causal: true, delay: 2 })).to.deep.equal([3072, 6400, 1728]);
    // coincident pairing on the same spikes: (0->0) at t = 1, 2: P[4] + P[3]; (0->1) at 1, 3; (1->0) never
    expect(e({ delay: 2 })).to.deep.equal([3024, 3600, 0]);
    // one eligibility event per pairing, as in the coincident case: 1 + 1 + 1, then 1 + 2 + 1, then 2 + 2 + 0
    const events = (over: { delay?: number; causal?: boolean }) => {
      const sim = createSimulator(epochNet(over), { learning: true });
      sim.runSample(epochRaster(), undefined);
      return sim.counters.eligibilityEvents;
    };
    expect([events({ causal: true }), events({ causal: true, delay: 2 }), events({ delay: 2 })]).to.deep.equal([3, 4, 4]);
  });

  it('§2.4/§5.2 a graded spike of value g pairs with round(P g / 255): coincident the value of step t, causal of step t - delay', () => {
    // input 0 at t = 1, 2, 3 with values 85, 170, 51; input 1 at 0 and 5 with 255 (c(w) exactly): h spikes at 1, 3, 5
    const x = Uint8Array.of(0, 255, 85, 0, 170, 0, 51, 0, 0, 0, 0, 255);
    const e = (causal: boolean) => {
      const net = epochNet({ causal });
      const sim = createSimulator({ ...net, populations: net.populations.map((p) => (p.index === 0 ? { ...p, graded: true as const } : p)) }, { learning: true });
      sim.runSample(x, undefined);
      return Array.from(sim.eligibility(0)!);
    };
    // coincident: (0->i) at t = 1: round(1296 * 85 / 255) = 432, at t = 3: round(2304 * 51 / 255) = round(460.8) = 461; (1->0) at 5: 4096
    expect(e(false)).to.deep.equal([893, 893, 4096]);
    // causal, delay 1: (0->i) pairs t = 3 with input 0 at 2: round(2304 * 170 / 255) = 1536; (1->0) t = 1 with input 1 at 0: 1296
    expect(e(true)).to.deep.equal([1536, 1536, 1296]);
  });

  it('§5.2 decayE = 4096 (P = 4096, 0, 0, ...): a synapse that pairs early (adding 0) and at the last step is updated once', () => {
    const run = (causal: boolean, graded: boolean, spikes: Array<[number, number]>) => {
      const net = epochNet({ causal, learnShift: 20, weightBits: 16 });
      const sim = createSimulator({
        ...net,
        populations: net.populations.map((p) => (p.index === 0 && graded ? { ...p, graded: true as const } : p)),
        learning: { ...net.learning!, decayE: 4096 },
      }, { learning: true });
      sim.runSample(raster(6, 2, spikes).map((v) => v * (graded ? 255 : 1)), 1);
      expect(Array.from(sim.eligibility(0)!)).to.deep.equal([4096, 4096, 4096]);
      return Array.from(sim.weights[0]);
    };
    // h spikes at 1, 3, 5; L = [-124, 127] as in the hand epoch; one update of each synapse with e = 4096
    const once = [R(-3 * 4096 * -124, 20, 0, 0), R(-3 * 4096 * 127, 20, 0, 1), 5 + R(-3 * 4096 * -124, 20, 0, 2)];
    // coincident (plain, then graded at 255): input 0 at 1, 3, 5 and input 1 at 0, 5
    const co: Array<[number, number]> = [[1, 0], [3, 0], [5, 0], [0, 1], [5, 1]];
    expect(run(false, false, co)).to.deep.equal(once);
    expect(run(false, true, co)).to.deep.equal(once);
    // causal, delay 1: input 0 at 0, 2, 4 pairs with h at 1, 3, 5; input 1 at 4 with h0 at 5
    expect(run(true, false, [[0, 0], [2, 0], [4, 0], [4, 1]])).to.deep.equal(once);
  });

  it('§5.3-5.7: dtilde, m, L by the table, three-factor and delta-rule updates with stochastic rounding', () => {
    const sim = createSimulator(epochNet(), { learning: true });
    let seen: EpochView | undefined;
    sim.runSample(epochRaster(), 1, { onEpoch: (v) => (seen = { ...v, delta: v.delta.slice(), counts: v.counts.slice() }) });
    expect(seen!.margin).to.equal(2);
    expect(Array.from(seen!.delta)).to.deep.equal([2, -2]);
    expect(seen!.epoch).to.equal(0);
    // dtilde = [3*2 + 2*(-2), -1*2 + 5*(-2)] = [2, -12]; g = 10*2 + 4*(-12) = -28; m = 0 + (-28 >> 2) = -7
    expect(Array.from(sim.modulatoryState()[0])).to.deep.equal([-7]);
    // h = [20*(-7) >> 1, -30*(-7) >> 1] = [-70, 105]; L = table[-70 + 128], table[105 + 128]
    const tab = tanhTable();
    expect([sim.L[2], sim.L[3]]).to.deep.equal([tab[58], tab[233]]);
    expect([tab[58], tab[233]]).to.deep.equal([-124, 127]);
    // §5.6: dw = R(-3 * e * L, 10, (7, 0, p = 0, s))
    const w0 = sim.weights[0];
    const clamp8 = (x: number) => Math.max(-128, Math.min(127, x));
    expect(Array.from(w0)).to.deep.equal([clamp8(R(-3 * 3600 * -124, 10, 0, 0)), clamp8(R(-3 * 3600 * 127, 10, 0, 1)), clamp8(5 + R(-3 * 4096 * -124, 10, 0, 2))]);
    // magnitudes: 1339200 / 1024 = 1307.8 -> clamps to 127 in 8 bits; -1371600 / 1024 -> -128
    expect(Array.from(w0)).to.deep.equal([127, -128, 127]);
    // §5.7: x_j = 3 for both h neurons; dw = R(-5 * 3 * delta_c, 3, (7, 0, p = 1, s))
    expect(Array.from(sim.weights[1])).to.deep.equal([R(-30, 3, 1, 0), R(30, 3, 1, 1), R(30, 3, 1, 2)]);
    expect(sim.epoch).to.equal(1);
  });

  it('§5.5 rate regularisation: L_i gains (mant * (sbar_i - targetRate)) >> shift, clamped, before §5.6', () => {
    const net = epochNet({ learnShift: 20, weightBits: 16 });
    const on = createSimulator({ ...net, learning: { ...net.learning!, rateRegMant: 1, rateRegShift: 4 } }, { learning: true });
    on.runSample(epochRaster(), 1);
    // sbar from 410 with rateShift 3, h spiking at t = 1, 3, 5:
    // 410 -> 358 -> 825 -> 721 -> 1142 -> 999 -> 1386; excess 976, (1 * 976) >> 4 = 61
    expect([on.sbar[2], on.sbar[3]]).to.deep.equal([1386, 1386]);
    // L = [-124 + 61, clamp(127 + 61)] = [-63, 127]
    expect([on.L[2], on.L[3]]).to.deep.equal([-63, 127]);
    expect(Array.from(on.weights[0])).to.deep.equal([R(-3 * 3600 * -63, 20, 0, 0), R(-3 * 3600 * 127, 20, 0, 1), 5 + R(-3 * 4096 * -63, 20, 0, 2)]);
    // a neuron below its target gets the opposite sign: targetRate 4096 makes the excess -2710 -> -170
    const low = { ...net, learning: { ...net.learning!, rateRegMant: 1, rateRegShift: 4 } };
    low.populations = low.populations.map((p) => (p.index === 1 ? { ...p, params: srlif({ vth0: 100, bias: 100, decayV: 4096, targetRate: 4096 }) } : p));
    const under = createSimulator(low, { learning: true });
    under.runSample(epochRaster(), 1);
    // 4096 -> 3584 -> 3648 -> 3192 -> 3305 -> 2891 -> 3041; excess -1055, >> 4 = -66 (floor)
    expect(under.sbar[2]).to.equal(3041);
    // L = [clamp(-124 - 66), 127 - 66] = [-128, 61]
    expect([under.L[2], under.L[3]]).to.deep.equal([-128, 61]);
    // the contract regularises srlif blocks only: a CUBA block keeps the table's L = [-124, 127]
    const cubaNet = { ...low, populations: low.populations.map((p) => (p.index === 1 ? { ...p, model: 'cuba' as const, params: cuba({ vthMant: 1 }) } : p)) };
    const c = createSimulator(cubaNet, { learning: true });
    c.runSample(epochRaster(), 1);
    expect([c.L[2], c.L[3]]).to.deep.equal([-124, 127]);
  });

  it('§5.7 readout decay: w * 2^(learnShift - decayShift) joins the numerator, one rounding, only on updated synapses', () => {
    const net = epochNet();
    // hidden weights frozen (the ablation), so epoch 1 sees the same spikes and x_j = 3 again
    const on = createSimulator({ ...net, learning: { ...net.learning!, readoutDecayShift: 2 } }, { learning: true, hiddenPlasticity: false });
    const off = createSimulator(net, { learning: true, hiddenPlasticity: false });
    for (const sim of [on, off]) for (let k = 0; k < 2; k++) sim.runSample(epochRaster(), 1);
    // epoch 0: w = 0, so the decay adds nothing and both runs agree
    const w1 = [R(-30, 3, 1, 0), R(30, 3, 1, 1), R(30, 3, 1, 2)];
    expect(w1.some((v) => v !== 0)).to.equal(true);
    // epoch 1: the same delta [2, -2] and x_j = 3; dw = R(-5 * 3 * delta_c - w * 2^(3 - 2), 3, (7, 1, 1, s))
    const d = [-30, 30, 30];
    expect(Array.from(on.weights[1])).to.deep.equal(w1.map((w, s) => w + R(d[s] - 2 * w, 3, 1, s, 1)));
    expect(Array.from(off.weights[1])).to.deep.equal(w1.map((w, s) => w + R(d[s], 3, 1, s, 1)));
    // a synapse of a class without teaching (delta_c = 0) keeps its weight: the decay rides on updates
    const quiet = createSimulator({ ...net, learning: { ...net.learning!, readoutDecayShift: 2, gamma: 0 } }, { learning: true });
    quiet.weights[1].set([40, -40, 40]);
    quiet.runSample(epochRaster(), 0); // z = [0, 0], y = 0 wins the tie with margin 0: nothing taught
    expect(Array.from(quiet.weights[1])).to.deep.equal([40, -40, 40]);
  });

  it('§5.11 rate shift a: the updates use learnMant >> a and the readout decay 2^-(k + a); a = 0 is the contract without it', () => {
    const net = epochNet();
    const decayed = { ...net, learning: { ...net.learning!, readoutDecayShift: 2 } };
    const on = createSimulator(decayed, { learning: true, hiddenPlasticity: false });
    on.setRateShift(1);
    for (let k = 0; k < 2; k++) on.runSample(epochRaster(), 1);
    // epoch 0 (w = 0): dw = R(-(5 >> 1) * 3 * delta_c, 3); epoch 1 adds the decay w * 2^(3 - (2 + 1))
    const w1 = [R(-12, 3, 1, 0), R(12, 3, 1, 1), R(12, 3, 1, 2)];
    expect(Array.from(on.weights[1])).to.deep.equal(w1.map((w, s) => w + R([-12, 12, 12][s] - w, 3, 1, s, 1)));
    // the whole rule under a equals the rule of a network whose mantissas are >> a and decay k + a
    for (const a of [1, 2]) {
      const k = 1;
      const base = { ...net, learning: { ...net.learning!, readoutDecayShift: k } };
      const shifted = createSimulator(base, { learning: true });
      shifted.setRateShift(a);
      const lowered = createSimulator({
        ...base,
        projections: base.projections.map((q) => ({ ...q, learnMant: q.learnMant >> a })),
        learning: { ...base.learning!, readoutDecayShift: k + a },
      }, { learning: true });
      for (let n = 0; n < 4; n++) for (const sim of [shifted, lowered]) sim.runSample(epochRaster(), n % 2);
      expect(shifted.weights.map((w) => Array.from(w))).to.deep.equal(lowered.weights.map((w) => Array.from(w)));
    }
    // a shift the readout decay cannot carry (k + a > learnShift = 3) is refused
    expect(() => createSimulator(decayed, { learning: true }).setRateShift(2)).to.throw(RangeError, /at most 1/);
    expect(() => createSimulator(net, { learning: true }).setRateShift(-1)).to.throw(RangeError);
    expect(() => createSimulator(net, { learning: true }).setRateShift(31, 0)).to.throw(RangeError, /rate shift 31: expected an integer in 0..30/);
    expect(() => createSimulator(net, { learning: true }).setRateShift(30, 30)).to.not.throw();
  });

  it('§5.11 hidden shift h: §5.6 uses learnMant >> h, §5.7 still >> a; h = 8 freezes the hidden rule while the readout learns; a alone is a/a', () => {
    const net = epochNet();
    const base = { ...net, learning: { ...net.learning!, readoutDecayShift: 1 } };
    const run = (sim: ReturnType<typeof createSimulator>) => {
      for (let n = 0; n < 4; n++) sim.runSample(epochRaster(), n % 2);
      return sim.weights.map((w) => Array.from(w));
    };
    const w0 = createSimulator(base).weights.map((w) => Array.from(w));
    const full = run(createSimulator(base, { learning: true }));
    const frozenSim = createSimulator(base, { learning: true });
    frozenSim.setRateShift(0, 8);
    const frozen = run(frozenSim);
    // the hidden rule learns at h = 0 and not at all at h = 8 (3 >> 8 = 0); the readout learns either way
    expect(full[0]).to.not.deep.equal(w0[0]);
    expect(frozen[0]).to.deep.equal(w0[0]);
    expect(frozen[1]).to.not.deep.equal(w0[1]);
    // every (a, h): the network whose three-factor mantissas are >> h, delta ones >> a, decay k + a
    for (const [a, h] of [[0, 8], [1, 0], [2, 1], [0, 1]]) {
      const shifted = createSimulator(base, { learning: true });
      shifted.setRateShift(a, h);
      expect([shifted.rateShift, shifted.hiddenRateShift]).to.deep.equal([a, h]);
      const lowered = createSimulator({
        ...base,
        projections: base.projections.map((q) => ({ ...q, learnMant: q.learnMant >> (q.plasticity === 'threeFactor' ? h : a) })),
        learning: { ...base.learning!, readoutDecayShift: 1 + a },
      }, { learning: true });
      expect(run(shifted)).to.deep.equal(run(lowered));
    }
    // the one-argument call is a/a, and a later one-argument call sets h back to a
    for (const a of [0, 1, 2]) {
      const one = createSimulator(base, { learning: true });
      one.setRateShift(0, 8);
      one.setRateShift(a);
      const both = createSimulator(base, { learning: true });
      both.setRateShift(a, a);
      expect(one.hiddenRateShift).to.equal(a);
      expect(run(one)).to.deep.equal(run(both));
    }
    expect(() => createSimulator(base, { learning: true }).setRateShift(0, 31)).to.throw(RangeError);
    expect(() => createSimulator(base, { learning: true }).setRateShift(0, 0.5)).to.throw(RangeError);
  });

  it('§5.11 homeostasis hold: after a held training sample sbar and vth are exactly unchanged while spikes and weights still move; unheld they change; hold = false is the contract', () => {
    const base = epochNet();
    // homeostasis that moves: both srlif populations with etaTheta = 2^-5
    const net = { ...base, populations: base.populations.map((p) => (p.params?.model === 'srlif' ? { ...p, params: { ...p.params, etaThetaMant: 1, etaThetaShift: 5 } } : p)) };
    const state = (sim: ReturnType<typeof createSimulator>) => [Array.from(sim.sbar), Array.from(sim.vth)];
    const weights = (sim: ReturnType<typeof createSimulator>) => sim.weights.map((w) => Array.from(w));
    const sim = createSimulator(net, { learning: true });
    const s0 = state(sim);
    sim.runSample(epochRaster(), 1);
    const s1 = state(sim);
    expect(s1[0]).to.not.deep.equal(s0[0]);
    expect(s1[1]).to.not.deep.equal(s0[1]);
    const w1 = weights(sim);
    expect(w1).to.not.deep.equal(weights(createSimulator(net)));
    sim.setRateShift(0, 0, true);
    expect(sim.homeostasisHold).to.equal(true);
    let spikes = 0;
    sim.runSample(epochRaster(), 1, { onStep: (v) => { spikes += v.spikes.reduce((a, b) => a + b, 0); } });
    expect(spikes).to.be.greaterThan(2); // the hidden layer still fires (input alone spikes 5 times)
    expect(state(sim)).to.deep.equal(s1);
    expect(weights(sim)).to.not.deep.equal(w1);
    expect(sim.epoch).to.equal(2);
    // set again (a one-argument write is hold = false): homeostasis moves again
    sim.setRateShift(0);
    sim.runSample(epochRaster(), 1);
    expect(state(sim)[0]).to.not.deep.equal(s1[0]);
    expect(state(sim)[1]).to.not.deep.equal(s1[1]);
    // hold = false written before every sample is the run without any write, bit for bit
    const plain = createSimulator(net, { learning: true });
    const unheld = createSimulator(net, { learning: true });
    for (let n = 0; n < 3; n++) {
      unheld.setRateShift(0, 0, false);
      for (const x of [plain, unheld]) x.runSample(epochRaster(), n % 2);
    }
    expect([state(unheld), weights(unheld)]).to.deep.equal([state(plain), weights(plain)]);
  });

  it('§5.6 unclamped update uses the rounding key; §5.4 m decays toward zero across epochs', () => {
    const sim = createSimulator(epochNet({ learnShift: 20, weightBits: 16 }), { learning: true });
    sim.runSample(epochRaster(), 1);
    // 1339200 / 2^20 = 1.277: floor or ceil by the hash of (7, 0, 0, 0)
    const w = Array.from(sim.weights[0]);
    expect(w).to.deep.equal([R(1339200, 20, 0, 0), R(-1371600, 20, 0, 1), 5 + R(1523712, 20, 0, 2)]);
    expect(w[0] === 1 || w[0] === 2).to.equal(true);
    // second epoch: decay(-7, 2048) = -3 (toward zero), plus -7 again
    sim.runSample(epochRaster(), 1);
    expect(sim.modulatoryState()[0][0]).to.equal(-10);
    expect(sim.epoch).to.equal(2);
    // §3.4 resetPersistent: m = 0, the lowered weights, epoch 0
    sim.resetPersistent();
    expect(sim.modulatoryState()[0][0]).to.equal(0);
    expect(sim.weights.map((x) => Array.from(x))).to.deep.equal([[0, 0, 5], [0, 0, 0]]);
    expect(sim.epoch).to.equal(0);
  });

  it('ablation hiddenPlasticity: false freezes hidden weights and m, the readout still learns', () => {
    const sim = createSimulator(epochNet(), { learning: true, hiddenPlasticity: false });
    sim.runSample(epochRaster(), 1);
    expect(Array.from(sim.weights[0])).to.deep.equal([0, 0, 5]);
    expect(Array.from(sim.eligibility(0)!)).to.deep.equal([0, 0, 0]);
    expect(sim.modulatoryState()[0][0]).to.equal(0);
    expect(Array.from(sim.weights[1])).to.deep.equal([R(-30, 3, 1, 0), R(30, 3, 1, 1), R(30, 3, 1, 2)]);
  });

  it("ablation modulation: 'direct' forms L from dtilde >> directShift and leaves m alone", () => {
    const sim = createSimulator(epochNet(), { learning: true, modulation: 'direct', directShift: 1 });
    sim.runSample(epochRaster(), 1);
    const tab = tanhTable();
    // dtilde = [2, -12] >> 1 = [1, -6]
    expect([sim.L[2], sim.L[3]]).to.deep.equal([tab[129], tab[122]]);
    expect(sim.modulatoryState()[0][0]).to.equal(0);
    // >> is a floor: -12 >> 3 = -2 (not -1), 2 >> 3 = 0
    const three = createSimulator(epochNet(), { learning: true, modulation: 'direct', directShift: 3 });
    three.runSample(epochRaster(), 1);
    expect([three.L[2], three.L[3]]).to.deep.equal([tab[128], tab[126]]);
  });

  it('§5.4 m saturates at 16 bits; §5.5 h clamps to 127 before the table; weights clamp to the mantissa range on both sides; weightUpdates counts changed synapses', () => {
    const net = epochNet();
    // gamma 127: delta = [127, -127]; dtilde = [3*127 - 2*127, -127 - 5*127] = [127, -762]; Wem = [127, 127], emShift 0:
    // g = 127*127 - 127*762 = -80645, m = sat_16(-80645) = -32768; h = [20 m >> 1, -30 m >> 1], clamped to [-128, 127]
    const linear = Int16Array.from({ length: 256 }, (_, k) => Math.max(-127, k - 128)); // a table that shows h itself
    const block = { ...net.learning!.modulatory[0], Wem: Int8Array.from([127, 127]), emShift: 0 };
    const big = createSimulator({ ...net, learning: { ...net.learning!, gamma: 127, tanhTable: linear, modulatory: [block] } }, { learning: true });
    big.runSample(epochRaster(), 1);
    expect(Array.from(big.modulatoryState()[0])).to.deep.equal([-32768]);
    expect([big.L[2], big.L[3]]).to.deep.equal([-127, 127]);
    // §5.7 with learnMant 100 and no rounding: dw = -100 * 3 * delta_c = -600, +600, +600, clamped to [-128, 127]
    const fast = createSimulator({ ...net, projections: net.projections.map((q) => (q.plasticity === 'delta' ? { ...q, learnMant: 100, learnShift: 0 } : q)) }, { learning: true, hiddenPlasticity: false });
    fast.runSample(epochRaster(), 1);
    expect(Array.from(fast.weights[1])).to.deep.equal([-128, 127, 127]);
    expect(fast.counters.weightUpdates).to.equal(3);
    // both rules count the synapses whose weight changed: [0, 0, 5] -> [127, -128, 127] and the readout's nonzero updates
    const sim = createSimulator(net, { learning: true });
    sim.runSample(epochRaster(), 1);
    expect(sim.counters.weightUpdates).to.equal(3 + Array.from(sim.weights[1]).filter((w) => w !== 0).length);
  });

  it('§5.7 a readout neuron of no class (past classes * npc) keeps its synapses, readout decay included', () => {
    const net = epochNet();
    const out = { ...net.populations[2], size: 3 }; // 2 classes, npc 1: neuron 2 codes none
    const ro = proj(1, 1, 2, [[0, 0, 0], [0, 1, 0], [1, 1, 0], [1, 2, 40]], { plasticity: 'delta', learnMant: 5, learnShift: 3 });
    const sim = createSimulator({ ...net, populations: [net.populations[0], net.populations[1], out], projections: [net.projections[0], ro], learning: { ...net.learning!, readoutDecayShift: 2 } }, { learning: true, hiddenPlasticity: false });
    sim.runSample(epochRaster(), 1);
    // delta = [2, -2]: the class synapses move as in the hand epoch, the one into neuron 2 stays 40
    expect(Array.from(sim.weights[1])).to.deep.equal([R(-30, 3, 1, 0), R(30, 3, 1, 1), R(30, 3, 1, 2), 40]);
  });

  it('inference mode runs nothing of §5 and keeps homeostasis frozen', () => {
    const sim = createSimulator(epochNet());
    sim.runSample(epochRaster(), 1);
    expect(Array.from(sim.weights[0])).to.deep.equal([0, 0, 5]);
    expect(Array.from(sim.weights[1])).to.deep.equal([0, 0, 0]);
    expect(sim.epoch).to.equal(0);
    sim.setLearning(true);
    sim.runSample(epochRaster(), 1);
    expect(sim.epoch).to.equal(1);
  });

  it('refuses a label outside the classes', () => {
    const sim = createSimulator(epochNet(), { learning: true });
    expect(() => sim.runSample(epochRaster(), 2)).to.throw(RangeError, /label 2/);
  });
});

describe('§2.1/§4 population coding in the readout', () => {
  it('class c counts neurons c*npc .. c*npc + npc - 1; neurons past classes * npc are ignored', () => {
    // in n -> out n one to one with weight 127 (8128 LSBs): out spikes the step after its input
    const net = network(
      [pop(0, 'in', 5, null), pop(1, 'out', 5, srlif({ vth0: 1000, decayV: 4096 }), { role: 'readout', classes: 2, neuronsPerClass: 2 })],
      [proj(0, 0, 1, [[0, 0, 127], [1, 1, 127], [2, 2, 127], [3, 3, 127], [4, 4, 127]])],
      6,
    );
    const sim = createSimulator(net);
    // neuron 0: 1 spike, 1: 2 spikes -> class 0 = 3; neuron 2: 2 spikes, 3: 0 -> class 1 = 2; neuron 4: 4 (ignored)
    const r = raster(6, 5, [[0, 0], [0, 1], [2, 1], [1, 2], [3, 2], [0, 4], [1, 4], [2, 4], [3, 4]]);
    const out = sim.runSample(r);
    expect(Array.from(out.counts)).to.deep.equal([3, 2]);
    expect(out.predicted).to.equal(0);
    // a tie goes to the lowest class
    const tie = sim.runSample(raster(6, 5, [[0, 1], [0, 2]]));
    expect(Array.from(tie.counts)).to.deep.equal([1, 1]);
    expect(tie.predicted).to.equal(0);
  });
});
