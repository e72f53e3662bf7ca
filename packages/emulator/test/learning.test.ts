/**
 * The learning epoch (§5) on a network small enough to follow on paper, plus the primitives of §1.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { createEmulator, type EpochView } from '../src/index.js';
import { decay, floorDiv, fmix, hash4, stochasticRound, wrap } from '../src/fixed.js';
import { buildImage, type Net } from './build.js';
import { net } from './nets.js';

describe('emulator: learning epoch (§5)', () => {
  for (const [name, place, mesh] of [
    ['one core', [[], [0, 0], [0, 0]], { meshX: 1, meshY: 1, coresPerTile: 1 }],
    ['three cores on two chips', [[], [0, 5], [7, 2]], { meshX: 2, meshY: 1, coresPerTile: 2, chipsX: 2 }],
  ] as const) {
    it(`hand-computed epoch, ${name}`, () => {
      const img = buildImage(net, mesh, place.map((a) => [...a]));
      const { emulator: emu, diagnostics } = createEmulator(img);
      expect(diagnostics).to.deep.equal([]);
      let ep: EpochView | undefined;
      let elig: Int32Array | null = null;
      const r = emu!.runSample(Uint8Array.of(1, 1, 1, 1), 0, {
        learning: true,
        hooks: { onEpoch: (e) => { ep = { ...e, counts: e.counts.slice(), delta: e.delta.slice() }; elig = emu!.eligibility(0); } },
      });
      expect(Array.from(r.counts)).to.deep.equal([1, 2]);
      expect(r.predicted).to.equal(1);
      // §5.1: c* = 1 != y = 0, mg = 2 + 2 - 1 = 3; delta = [-3, +3]
      expect(ep!.margin).to.equal(3);
      expect(Array.from(ep!.delta)).to.deep.equal([-3, 3]);
      expect(ep!.epoch).to.equal(0);
      // §5.2: (i0, h0) co-spike at t = 1, 2, 3: P[2] + P[1] + P[0] = 1024 + 2048 + 4096; (i0, h1) at t = 2: P[1]
      expect(Array.from(elig!)).to.deep.equal([7168, 2048]);
      // §5.3 dtilde = [1*-3 + 3*3, 2*-3 + -1*3] = [6, -9]; §5.4 g = 2*6 - 9 = 3, m = decay(0) + 3 = 3
      expect(emu!.modulatoryState().map((m) => Array.from(m))).to.deep.equal([[3]]);
      // §5.5 h = [15, -12]; identity tanh table: L = [15, -12]
      expect(emu!.learningSignals().map((m) => Array.from(m))).to.deep.equal([[15, -12]]);
      // §5.6 (seed 0, epoch 0, p 0, s 0) hashes to 0: R(-7168*15, 12) = floor(-107520 / 4096) = -27 -> w = 2 - 27
      //      s 1: -2048 * -12 = 24576 = 6 * 4096, exact for any hash: w = 1 + 6
      expect(Array.from(emu!.weights(0)!)).to.deep.equal([-25, 7]);
      // §5.7 x(h0) = 3, x(h1) = 1: dw = -x * delta_c: (h0,r0) +9, (h0,r1) -9, (h1,r1) -3
      expect(Array.from(emu!.weights(1)!)).to.deep.equal([10, -7, -2]);
      expect(emu!.epoch).to.equal(1);
      expect(emu!.eligibility(1)).to.equal(null);
      // a second epoch decays m: decay(3, 1024) = floor(2.25) = 2, plus the new g
      const before = emu!.modulatoryState()[0][0];
      emu!.runSample(Uint8Array.of(0, 0, 0, 0), 1, { learning: true });
      // nothing spikes: counts 0, 0; c* = 0 != y = 1: mg = 2; delta = [2, -2]
      // dtilde = [1*2 + 3*-2, 2*2 + -1*-2] = [-4, 6]; g = -8 + 6 = -2; m = decay(3) + -2 = 0
      expect(before).to.equal(3);
      expect(emu!.modulatoryState()[0][0]).to.equal(0);
    });
  }

  it('§5.2 a co-spike at step 0 adds P[T - 1]: hidden neurons at vth 0 spike at every step, the first included', () => {
    const h = net.pops[1];
    const at0: Net = { ...net, pops: [net.pops[0], { ...h, config: { ...h.config!, vth0: 0, vthMin: 0 } as typeof h.config }, net.pops[2]] };
    const emu = createEmulator(buildImage(at0, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], [0, 0], [0, 0]])).emulator!;
    let elig: number[] = [];
    emu.runSample(Uint8Array.of(1, 1, 1, 1), 0, { learning: true, hooks: { onEpoch: () => (elig = Array.from(emu.eligibility(0)!)) } });
    // decayE 2048: P = 4096, 2048, 1024, 512; both synapses co-spike at t = 0..3
    expect(elig).to.deep.equal([7680, 7680]);
  });

  it('§5.5 rate regularisation clamps L_i at -128: a hidden rate far below its target', () => {
    // hidden targetRate 4096 (sbar starts there), rateShift 1: sbar(h0) ends at 3840, sbar(h1) at 1280;
    // L = [15, -12] + 255 * (sbar - 4096) is far below -128 for both: L = -128
    const h = net.pops[1];
    const reg: Net = {
      ...net,
      pops: [net.pops[0], { ...h, config: { ...h.config!, targetRate: 4096 } as typeof h.config }, net.pops[2]],
      projs: [{ ...net.projs[0], weightBits: 16 }, net.projs[1]],
      learning: { ...net.learning!, rateRegMant: 255, rateRegShift: 0 },
    };
    const emu = createEmulator(buildImage(reg, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], [0, 0], [0, 0]])).emulator!;
    emu.runSample(Uint8Array.of(1, 1, 1, 1), 0, { learning: true });
    // §5.6 e = [7168, 2048]: dw = -1 * e * -128 / 2^12 = [224, 64], exact (no rounding key matters)
    expect(Array.from(emu.weights(0)!)).to.deep.equal([2 + 224, 1 + 64]);
  });

  it('§5.7 a readout weight at its bound pushed further is unchanged, and not counted as a weight update', () => {
    // (h0, r1) = 7, the top of 4 weight bits: r1 gets 448 per h0 spike and spikes at t = 2, 3 (z = [1, 2]);
    // y = 1 wins, strongest-other: r = 0, mg = 2 + 1 - 2 = 1, delta = [1, -1]
    const bound: Net = { ...net, projs: [net.projs[0], { ...net.projs[1], syn: [[0, 0, 1], [0, 1, 7], [1, 1, 1]], weightBits: 4 }], learning: { ...net.learning!, rival: 'strongest-other' } };
    const emu = createEmulator(buildImage(bound, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], [0, 0], [0, 0]])).emulator!;
    emu.runSample(Uint8Array.of(1, 1, 1, 1), 1, { learning: true });
    // §5.7 dw = -x delta: (h0, r0) 1 - 3, (h0, r1) 7 + 3 clamps to 7, (h1, r1) 1 + 1
    expect(Array.from(emu.weights(1)!)).to.deep.equal([-2, 7, 2]);
    // §5.6: dtilde = [-2, 3], m = -1, L = [-5, 4]: dw = R(7168 * 5 / 4096) (8 or 9) and -2048 * 4 / 4096 = -2, both nonzero
    const w0 = Array.from(emu.weights(0)!);
    expect(w0[0] === 2 + 8 || w0[0] === 2 + 9).to.equal(true);
    expect(w0[1]).to.equal(1 - 2);
    expect(emu.stats().ops.weightUpdates).to.equal(2 + 2);
  });

  it('inference mode runs nothing of §5', () => {
    const emu = createEmulator(buildImage(net, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], [0, 0], [0, 0]])).emulator!;
    emu.runSample(Uint8Array.of(1, 1, 1, 1), 0);
    expect(Array.from(emu.weights(0)!)).to.deep.equal([2, 1]);
    expect(emu.epoch).to.equal(0);
    // no eligibility is recorded, and the learning engines cost nothing
    expect(Array.from(emu.eligibility(0)!)).to.deep.equal([0, 0]);
    const st = emu.stats();
    expect([st.ops.eligibilityEvents, st.ops.synapticUpdates, st.cycles.perCore[0].learn]).to.deep.equal([0, 0, 0]);
  });

  it('rival = strongest-other teaches a correct winner inside the margin', () => {
    const n2: Net = { ...net, learning: { ...net.learning!, rival: 'strongest-other' } };
    const emu = createEmulator(buildImage(n2, { meshX: 1, meshY: 1, coresPerTile: 1 }, [[], [0, 0], [0, 0]])).emulator!;
    let margin = -1;
    emu.runSample(Uint8Array.of(1, 1, 1, 1), 1, { learning: true, hooks: { onEpoch: (e) => (margin = e.margin) } });
    // y = 1 wins (2 vs 1); rival r = 0: mg = 2 + 1 - 2 = 1
    expect(margin).to.equal(1);
  });

  /**
   * §4 readoutScore 1, the reference's hand example (reference/test/readout-score.test.ts) on a chip:
   * in(2) -> out(4 srlif, 2 classes x 2), vth 255 fixed, weights seen once at t = 0, T = 4; the
   * readout spread over cores of two chips, so the management core gathers v and vth from each.
   */
  it('readout score 1: z_c adds floor((sum floor(256 v / vth) + 128) / 256), read from the readout compartments', () => {
    const cfg = { model: 'srlif' as const, decayV: 0, vth0: 255, vthMin: 1, vthMax: 1000, bias: 0, rateShift: 3, targetRate: 410, etaThetaMant: 0, etaThetaShift: 0 };
    const WA = [0, -2, 4, 0], WB = [2, 0, 4, -1];
    const scored = (readoutScore: number): Net => ({
      timesteps: 4,
      classes: 2,
      pops: [{ name: 'in', size: 2, input: true }, { name: 'out', size: 4, config: cfg, readout: { npc: 2 } }],
      projs: [{ source: 0, target: 1, syn: [...WA.map((w, n): [number, number, number] => [0, n, w]), ...WB.map((w, n): [number, number, number] => [1, n, w])], rule: 'delta', learnMant: 2, learnShift: 0 }],
      learning: { gamma: 4, rival: 'strongest-other', decayE: 0, decayM: 0, readoutScore, blocks: [] },
    });
    const mesh = { meshX: 2, meshY: 1, coresPerTile: 2, chipsX: 2 };
    const emu = (k: number) => createEmulator(buildImage(scored(k), mesh, [[], [0, 5, 2, 7]])).emulator!;
    const onlyA = Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0), onlyB = Uint8Array.of(0, 1, 0, 0, 0, 0, 0, 0);
    // a: v = [0, -128, 1, 0], x = [0, 0, 1, 0]; r = [0, floor(-128.50) = -129, 1, 0];
    // z = [floor(-1 / 256), 1 + floor(129 / 256)] = [-1, 1]; y = 1, strongest-other: mg = 4 - 1 - 1 = 2
    const on = emu(1);
    let ep: EpochView | undefined;
    const r = on.runSample(onlyA, 1, { learning: true, hooks: { onEpoch: (e) => (ep = { ...e, counts: e.counts.slice(), delta: e.delta.slice() }) } });
    expect([Array.from(r.counts), r.predicted]).to.deep.equal([[-1, 1], 1]);
    expect([ep!.margin, Array.from(ep!.delta)]).to.deep.equal([2, [2, -2]]);
    expect(Array.from(on.weights(0)!)).to.deep.equal([-4, -6, 8, 4, ...WB]);
    // b (inference): v = [128, 0, 1, -64]; z = [floor(256 / 256), 1 + floor((1 - 65 + 128) / 256)] = [1, 1]: a tie, class 0
    const b = emu(1).runSample(onlyB);
    expect([Array.from(b.counts), b.predicted]).to.deep.equal([[1, 1], 0]);
    // readout score 0: the spike counts
    const off = emu(0).runSample(onlyB);
    expect([Array.from(off.counts), off.predicted]).to.deep.equal([[0, 1], 1]);
  });
});

describe('emulator: primitives (§1)', () => {
  it('floorDiv: exact floor(a / b) for |a| < 2^40, negative a included (§4)', () => {
    expect([floorDiv(-32768, 255), floorDiv(32768, 255), floorDiv(-256, 256), floorDiv(-1, 256)]).to.deep.equal([-129, 128, -1, -1]);
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 31 }), (a, b) => {
        const q = BigInt(a) / BigInt(b); // BigInt division truncates: floor it
        const want = BigInt(a) % BigInt(b) < 0n ? q - 1n : q;
        expect(floorDiv(a, b)).to.equal(Number(want));
      }),
    );
  });
  it('§1.1 decay rounds toward zero', () => {
    expect(decay(-250, 1024)).to.equal(-187);
    expect(decay(250, 1024)).to.equal(187);
    expect(decay(12345, 0)).to.equal(12345);
    expect(decay(-12345, 4096)).to.equal(0);
  });
  it('§1.2 wrap', () => {
    expect(wrap(8388608, 24)).to.equal(-8388608);
    expect(wrap(-8388609, 24)).to.equal(8388607);
  });
  it('§1.3 fmix is the murmur3 finaliser (published vectors)', () => {
    expect(fmix(0)).to.equal(0);
    expect(fmix(1)).to.equal(0x514e28b7);
    expect(hash4(0, 0, 0, 0)).to.equal(0);
  });
  it('§1.4 stochastic rounding brackets x / 2^s and is unbiased over keys', () => {
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 1, max: 20 }), fc.nat(), (x, s, seed) => {
        const r = stochasticRound(x, s, seed, 1, 2, 3);
        const lo = Math.floor(x / 2 ** s);
        expect(r === lo || r === lo + 1).to.equal(true);
        if (x % 2 ** s === 0) expect(r).to.equal(x / 2 ** s);
      }),
    );
    let sum = 0;
    const n = 20000;
    for (let k = 0; k < n; k++) sum += stochasticRound(5, 4, 99, 0, 0, k); // 5/16
    expect(sum / n).to.be.closeTo(5 / 16, 0.02);
  });
});
