/**
 * Hand-computed cases from docs/semantics.md §2-§3 (numbers worked out on paper in the comments,
 * never taken from another implementation).
 */
import { expect } from 'chai';
import type { CompartmentConfig } from '@snnc/image';
import { createEmulator, type Emulator, type StepView } from '../src/index.js';
import { buildImage, onOneCore, type Net } from './build.js';

function emulator(net: Net): Emulator {
  const { emulator, diagnostics } = createEmulator(buildImage(net, { meshX: 1, meshY: 1, coresPerTile: 1 }, onOneCore(net)));
  expect(diagnostics).to.deep.equal([]);
  return emulator!;
}

/** Runs one sample and records, per step, the given fields of network-global neuron `n`. */
function trace(emu: Emulator, raster: number[], n: number, learning = false) {
  const out = { spikes: [] as number[], v: [] as number[], u: [] as number[], vth: [] as number[], sbar: [] as number[] };
  emu.runSample(Uint8Array.from(raster), undefined, {
    learning,
    hooks: {
      onStep: (s: StepView) => {
        out.spikes.push(s.spikes[n]);
        out.v.push(s.v[n]);
        out.u.push(s.u[n]);
        out.vth.push(s.vth[n]);
        out.sbar.push(s.sbar[n]);
      },
    },
  });
  return out;
}

const srlif = (o: Partial<Extract<CompartmentConfig, { model: 'srlif' }>> = {}): CompartmentConfig => ({
  model: 'srlif', decayV: 1024, vth0: 1000, vthMin: 500, vthMax: 2000, bias: 0, rateShift: 2, targetRate: 1024, etaThetaMant: 3, etaThetaShift: 4, ...o,
});

describe('emulator: one timestep (§3)', () => {
  // input 0 -> srlif 0, w = 10 (640 per spike), alpha = 0.75
  const oneSrlif = (cfg: CompartmentConfig, T: number): Net => ({
    timesteps: T,
    pops: [{ name: 'in', size: 1, input: true }, { name: 'h', size: 1, config: cfg }],
    projs: [{ source: 0, target: 1, syn: [[0, 0, 10]] }],
  });

  it('§2.2 a negative exponent shifts the mantissa before the 6-bit scaling: (w >> -e) << 6 (issue 12 item 1)', () => {
    // no decay, unreachable threshold: v after the first step is the contribution. Static and
    // plastic (live-weight) blocks alike. 201 at e = -2: 50 * 64 = 3200; -151: -38 * 64 = -2432.
    const run = (w: number, e: number, rule?: 'delta') => {
      const net: Net = {
        timesteps: 1,
        pops: [{ name: 'in', size: 1, input: true }, { name: 'h', size: 1, config: srlif({ decayV: 0, vth0: 2 ** 22, vthMin: 2 ** 22, vthMax: 2 ** 22 }) }],
        projs: [{ source: 0, target: 1, syn: [[0, 0, w]], weightExp: e, weightBits: 9, ...(rule ? { rule, learnMant: 1, learnShift: 0 } : {}) }],
        ...(rule ? { classes: 1, learning: { gamma: 0, decayE: 0, decayM: 0, blocks: [] } } : {}),
      };
      return trace(emulator(net), [1], 1).v[0];
    };
    for (const rule of [undefined, 'delta'] as const) {
      expect(run(201, -2, rule)).to.equal(3200);
      expect(run(-151, -2, rule)).to.equal(-2432);
      expect(run(-1, -6, rule)).to.equal(-64);
      expect(run(63, -6, rule)).to.equal(0);
      expect(run(201, 1, rule)).to.equal(25728);
    }
  });

  it('§3.2 srlif inference: H(0) = 1, reset by subtracting vth, decay toward zero', () => {
    const tr = trace(emulator(oneSrlif(srlif(), 6)), [1, 1, 1, 1, 0, 0], 1);
    // v: 0 -> 640 -> 480+640=1120 -> (spike) 840+640-1000=480 -> 360+640=1000 -> (spike, v = vth) 750-1000=-250
    //    -> decay(-250) = -floor(187.5) = -187
    expect(tr.spikes).to.deep.equal([0, 0, 1, 0, 1, 0]);
    expect(tr.v).to.deep.equal([640, 1120, 480, 1000, -250, -187]);
    expect(tr.vth).to.deep.equal([1000, 1000, 1000, 1000, 1000, 1000]); // frozen in inference
    expect(tr.sbar).to.deep.equal([1024, 1024, 1024, 1024, 1024, 1024]);
  });

  it('§3.2 a threshold of 0 (a valid initVth) spikes at rest: S = [v >= vth] with v = 0, every step, without input', () => {
    // v(t+1) = 0 + 0 + 0 - 1 * 0 = 0: the compartment never becomes quiet; its neighbour at vth 1 never spikes
    const net: Net = { timesteps: 3, classes: 2, pops: [{ name: 'in', size: 1, input: true }, { name: 'h', size: 2, config: srlif({ decayV: 0, vth0: 0, vthMin: 0 }), readout: { npc: 1 } }], projs: [] };
    const image = buildImage(net, { meshX: 1, meshY: 1, coresPerTile: 1 }, onOneCore(net));
    image.cores[0].initVth[1] = 1;
    const emu = createEmulator(image).emulator!;
    const spikes: number[][] = [];
    const r = emu.runSample(new Uint8Array(3), undefined, { hooks: { onStep: (s) => spikes.push([s.spikes[1], s.spikes[2], s.v[1]]) } });
    expect(spikes).to.deep.equal([[1, 0, 0], [1, 0, 0], [1, 0, 0]]);
    expect(Array.from(r.counts)).to.deep.equal([3, 0]); // §4: the spike at step 0 counts too
  });

  it('§3.2 srlif training: homeostasis, reset by the threshold used for the decision', () => {
    const tr = trace(emulator(oneSrlif(srlif(), 5)), [1, 1, 1, 1, 0], 1, true);
    // t0: S=0 sbar=1024+(-1024>>2)=768  vth=1000+((3*-256)>>4)=952    v=640
    // t1: S=0 sbar=768-192=576          vth=952+((3*-448)>>4)=868     v=480+640=1120
    // t2: S=1 sbar=576+(3520>>2)=1456   vth=868+((3*432)>>4)=949      v=840+640-868=612
    // t3: S=0 sbar=1456-364=1092        vth=949+((3*68)>>4)=961       v=459+640=1099
    // t4: S=1 sbar=1092+(3004>>2)=1843  vth=961+((3*819)>>4)=1114     v=824-961=-137
    expect(tr.spikes).to.deep.equal([0, 0, 1, 0, 1]);
    expect(tr.sbar).to.deep.equal([768, 576, 1456, 1092, 1843]);
    expect(tr.vth).to.deep.equal([952, 868, 949, 961, 1114]);
    expect(tr.v).to.deep.equal([640, 1120, 612, 1099, -137]);
  });

  it('§3.2 thresholds clamp to [vthMin, vthMax] and persist across samples (§3.4), v does not', () => {
    const emu = emulator(oneSrlif(srlif({ vthMin: 990, etaThetaMant: 64, etaThetaShift: 0 }), 2));
    const a = trace(emu, [0, 0], 1, true);
    expect(a.vth).to.deep.equal([990, 990]);
    const b = trace(emu, [1, 0], 1, false);
    expect(b.vth).to.deep.equal([990, 990]);
    expect(b.v).to.deep.equal([640, 480]); // v restarted from 0
  });

  it('§3.3 cuba: decayU halves u, spike decided by the update and emitted next step, refractory', () => {
    const cfg: CompartmentConfig = { model: 'cuba', decayU: 2047, decayV: 0, vthMant: 15, biasMant: 0, biasExp: 0, refractory: 1 };
    const tr = trace(emulator(oneSrlif(cfg, 8)), [1, 1, 1, 1, 1, 1, 0, 0], 1);
    // threshold 15 << 6 = 960; u <- u/2 + 640
    expect(tr.u).to.deep.equal([640, 960, 1120, 1200, 1240, 1260, 630, 315]);
    expect(tr.v).to.deep.equal([640, 0, 0, 0, 0, 0, 0, 315]);
    expect(tr.spikes).to.deep.equal([0, 0, 1, 0, 1, 0, 1, 0]);
  });

  it('§3.3 cuba: the refractory count runs down without input (u = v = 0 while it lasts)', () => {
    // decayU 4095: u(t+1) = A(t) alone; 20 x 64 = 1280 > 640 at t0 and t4
    const cfg: CompartmentConfig = { model: 'cuba', decayU: 4095, decayV: 0, vthMant: 10, biasMant: 0, biasExp: 0, refractory: 3 };
    const net: Net = { ...oneSrlif(cfg, 6), projs: [{ source: 0, target: 1, syn: [[0, 0, 20]] }] };
    const tr = trace(emulator(net), [1, 0, 0, 0, 1, 0], 1);
    // t0 spikes (pending, ref 3), emitted t1; ref 3 -> 2 -> 1 -> 0 over t1..t3; t4 fires again, emitted t5
    expect(tr.spikes).to.deep.equal([0, 1, 0, 0, 0, 1]);
  });

  it('§3.3 cuba: strict threshold, bias mantissa and exponent', () => {
    const cfg: CompartmentConfig = { model: 'cuba', decayU: 4095, decayV: 0, vthMant: 1, biasMant: 1, biasExp: 5, refractory: 0 };
    const tr = trace(emulator({ ...oneSrlif(cfg, 4), projs: [] }), [0, 0, 0, 0], 1);
    // v += 32 per step; spike needs v' > 64: 32, 64 (not > 64), 96 -> spike (v = 0), emitted at t3
    expect(tr.v).to.deep.equal([32, 64, 0, 32]);
    expect(tr.spikes).to.deep.equal([0, 0, 0, 1]);
  });

  it('§3.3 cuba: A saturates once at 24 bits, u wraps at 24 bits', () => {
    const cfg: CompartmentConfig = { model: 'cuba', decayU: 0, decayV: 4096, vthMant: 131071, biasMant: 0, biasExp: 0, refractory: 0 };
    const net: Net = {
      timesteps: 2,
      pops: [{ name: 'in', size: 10, input: true }, { name: 'c', size: 1, config: cfg }],
      projs: [{ source: 0, target: 1, weightExp: 7, syn: Array.from({ length: 10 }, (_, j) => [j, 0, 127] as [number, number, number]) }],
    };
    const raster = [...new Array(10).fill(1), ...new Array(10).fill(1)];
    const tr = trace(emulator(net), raster, 10);
    // 10 * 127 * 2^13 = 10403840 -> A = 8388607; u1 = 8388607; v' = 8388607 > 8388544: spike, v = 0
    // u2 = floor(8388607 * 4095 / 4096) + 8388607 = 16775166 -> wrap: -2050; v = decay(0, 4096) + u2 = -2050
    expect(tr.u).to.deep.equal([8388607, -2050]);
    expect(tr.v).to.deep.equal([0, -2050]);
    expect(tr.spikes).to.deep.equal([0, 1]);
  });

  it('§2.3 the input sum is exact and saturates once, in any order', () => {
    const cfg = srlif({ vth0: 2000, vthMax: 2000, decayV: 0 });
    const syn = Array.from({ length: 13 }, (_, j) => [j, 0, j < 10 ? 127 : -127] as [number, number, number]);
    const net: Net = { timesteps: 1, pops: [{ name: 'in', size: 13, input: true }, { name: 'h', size: 1, config: cfg }], projs: [{ source: 0, target: 1, weightExp: 7, syn }] };
    const tr = trace(emulator(net), new Array(13).fill(1), 13);
    expect(tr.v).to.deep.equal([7 * 127 * 8192]); // 10 - 3 = 7 contributions; partial saturation would give less
  });

  it('§2.3 delays: a spike at t through delay d changes the state held at t + d; the delay line wraps', () => {
    const cfg = srlif({ vth0: 2000, vthMax: 2000, decayV: 0 });
    const net: Net = {
      timesteps: 7,
      pops: [{ name: 'in', size: 2, input: true }, { name: 'h', size: 1, config: cfg }],
      projs: [
        { source: 0, target: 1, syn: [[0, 0, 1]], delay: 1 },
        { source: 0, target: 1, syn: [[1, 0, 2]], delay: 3 },
      ],
    };
    // input 0 at t0 (+64 from state 1), input 1 at t0 and t3 (+128 from states 3 and 6)
    const tr = trace(emulator(net), [1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0], 2);
    expect(tr.v).to.deep.equal([64, 64, 192, 192, 192, 320, 320]);
  });

  it('§3.4 every sample starts from v = u = 0 with empty delay lines', () => {
    const cfg = srlif({ vth0: 2000, vthMax: 2000, decayV: 0 });
    const net: Net = { timesteps: 2, pops: [{ name: 'in', size: 1, input: true }, { name: 'h', size: 1, config: cfg }], projs: [{ source: 0, target: 1, syn: [[0, 0, 1]], delay: 2 }] };
    const emu = emulator(net);
    const a = trace(emu, [0, 1], 1); // the spike at t1 is due at step 2: beyond the sample
    const b = trace(emu, [0, 0], 1);
    expect(a.v).to.deep.equal([0, 0]);
    expect(b.v).to.deep.equal([0, 0]);
  });
});
