/**
 * verify's bitExact must mean that everything docs/semantics.md §6 names was compared
 * (docs/verify.md): a fault planted in the emulator's answer at any one of them, at the last
 * neuron, class, synapse or entry (a loop that stops one short misses it), is reported as the
 * first divergence, field named, bitExact false. The faults are planted by wrapping the
 * emulator's methods (not the image), so each touches exactly one compared value and nothing the
 * emulator computes afterwards; a comparison of a value with itself, or one skipped, lets it pass.
 *
 * And what both sides are given per sample is what the caller gave: the sample's own label, the
 * §5.11 rate shift (a, h = a when no hidden shift is given, hold) before each training sample.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { Rng } from '@snnc/common';
import type { LoweredNetwork } from '@snnc/ir';
import { compileNetwork } from '@snnc/codegen';
import type { ChipImage } from '@snnc/image';
import type { Placement } from '@snnc/mapper';
import { Emulator } from '@snnc/emulator';
import { ReferenceSimulator } from '@snnc/reference';
import { randomInputs } from '@snnc/datasets';
import { placeNaive, verifyNetwork, type VerifyOptions, type VerifyResult } from '../src/index.js';
import { makeTarget, networkArb } from './arbitraries.js';

type AnyFn = (...args: never[]) => unknown;
type Orig = (...args: unknown[]) => unknown;
const proto = Emulator.prototype as unknown as Record<string, AnyFn>;
const refProto = ReferenceSimulator.prototype as unknown as Record<string, AnyFn>;
const saved: Array<[Record<string, AnyFn>, string, AnyFn]> = [];
/** Replace a prototype method for one test (restored in afterEach). */
function patch(on: Record<string, AnyFn>, name: string, make: (orig: Orig) => AnyFn): void {
  const orig = on[name];
  saved.push([on, name, orig]);
  on[name] = make(orig as unknown as Orig);
}

/** The last index whose element passes (-1 when none). */
function lastIndex<T>(xs: readonly T[], ok: (x: T) => boolean): number {
  for (let k = xs.length - 1; k >= 0; k--) if (ok(xs[k])) return k;
  return -1;
}

/** The largest §5.11 shift the network allows: k + a <= learnShift of every delta-rule projection (at most 3). */
function topShift(net: LoweredNetwork): number {
  const k = net.learning?.readoutDecayShift ?? 0;
  let top = 3;
  for (const q of net.projections) if (k > 0 && q.plasticity === 'delta') top = Math.min(top, q.learnShift - k);
  return top;
}

interface Case {
  net: LoweredNetwork;
  image: ChipImage;
  placement: Placement;
  inputs: { rasters: Uint8Array[]; labels: number[] };
}

/**
 * A small learning network from the differential generator that has everything §6 compares: a cuba
 * hidden population (u), srlif neurons (vth, sbar), a three-factor projection (eligibility) and a
 * block that learns its decoder by SAL; the readout is the last population, so its last neuron is the
 * network's last.
 */
function findCase(wanted = (net: LoweredNetwork) => hasEverything(net), seed = 42): Case {
  const nets = fc.sample(networkArb(2), { seed, numRuns: 400 });
  for (const net of nets) {
    if (!net.learning || !wanted(net)) continue;
    const classes = net.populations[net.populations.length - 1].classes!;
    if (classes < 2 || topShift(net) < 1) continue;
    const neurons = net.populations.reduce((s, p) => s + p.size, 0);
    const target = makeTarget({ maxCompartments: neurons });
    const placement = placeNaive(net, target, { rng: new Rng(3) });
    const g = compileNetwork(net, placement, target);
    if (!g.image) continue;
    const inputs = randomInputs(4, net.timesteps, net.populations[0].size, classes, 0.4, 7);
    const r = verifyNetwork(net, g.image, placement, { ...inputs, train: true });
    if (!r.bitExact || r.spikes === 0) continue;
    return { net, image: g.image, placement, inputs };
  }
  throw new Error('no network of the kind wanted among the samples');
}

function hasEverything(net: LoweredNetwork): boolean {
  const L = net.learning;
  if (!L || !L.modulatory.some((b) => b.sal)) return false;
  if (!net.populations.some((p) => p.model === 'cuba' && p.role === 'hidden')) return false;
  if (!net.populations.some((p) => p.model === 'srlif')) return false;
  return net.projections.some((q) => q.plasticity === 'threeFactor' && q.pre.length > 1);
}

describe('verify: every compared value can fail, at its last entry (docs/verify.md, §6)', function () {
  this.timeout(60_000);
  let c: Case;
  before(() => {
    c = findCase();
  });
  afterEach(() => {
    for (const [on, name, orig] of saved.reverse()) on[name] = orig;
    saved.length = 0;
  });
  const verify = (over: Partial<VerifyOptions> = {}): VerifyResult => verifyNetwork(c.net, c.image, c.placement, { ...c.inputs, train: true, ...over });
  const N = () => c.net.populations.reduce((s, p) => s + p.size, 0);
  const expectCaught = (r: VerifyResult, field: string) => {
    expect(r.bitExact, `${field}: bitExact`).to.equal(false);
    expect(r.firstDivergence, `${field}: a divergence`).to.not.equal(undefined);
    expect(r.firstDivergence!.field).to.equal(field);
  };

  it('the unplanted case is bit-exact and compares learning (the baseline)', () => {
    const r = verify();
    expect(r.bitExact).to.equal(true);
    expect(r.samples).to.equal(4);
    expect(r.steps).to.equal(4 * c.net.timesteps);
    expect(r.weightsCompared).to.be.greaterThan(0);
    expect(r.eligibilityCompared).to.be.greaterThan(0);
  });

  it('no sample at all is not bit-exact: SNNC4311 says nothing was compared (it said bitExact with 0 samples)', () => {
    const r = verify({ rasters: [], labels: [] });
    expect(r.bitExact).to.equal(false);
    expect(r.samples).to.equal(0);
    expect(r.diagnostics.map((d) => [d.code, d.severity])).to.deep.equal([['SNNC4311', 'error']]);
  });

  /** A wrong value of `field` at neuron g (global index) at one step of the second sample. */
  const plantStep = (field: 'spikes' | 'v' | 'vth' | 'sbar' | 'u', g: number) => {
    let sample = -1;
    patch(proto, 'runSample', (orig) => function (this: unknown, raster: unknown, label: unknown, opts: { hooks?: { onStep?: (s: Record<string, Int32Array | Uint8Array | number>) => void } } = {}) {
      sample++;
      const inner = opts.hooks?.onStep;
      if (sample !== 1 || !inner) return orig.call(this, raster, label, opts);
      const onStep = (s: Record<string, Int32Array | Uint8Array | number>) => {
        const a = s[field] as Int32Array | Uint8Array;
        if (s.t !== 2) return inner(s);
        a[g] ^= 1;
        try {
          inner(s);
        } finally {
          a[g] ^= 1;
        }
      };
      return orig.call(this, raster, label, { ...opts, hooks: { ...opts.hooks, onStep } });
    });
  };

  it("the last neuron's v, and an srlif neuron's spike, vth and sbar, at a step of a later sample", () => {
    const last = N() - 1;
    const srlif = lastIndex(c.net.populations, (p) => p.model === 'srlif');
    const off = c.net.populations.slice(0, srlif + 1).reduce((s, p) => s + p.size, 0) - 1;
    for (const [field, g, name] of [['v', last, 'v'], ['spikes', off, 'spike'], ['vth', off, 'vth'], ['sbar', off, 'sbar']] as const) {
      plantStep(field, g);
      const r = verify();
      expectCaught(r, name);
      expect(r.firstDivergence!).to.include({ sample: 1, step: 2 });
      for (const [on, n, orig] of saved.splice(0)) on[n] = orig;
    }
  });

  it("a cuba neuron's u (and v): the last neuron of a cuba population", () => {
    const pi = lastIndex(c.net.populations, (p) => p.model === 'cuba');
    const g = c.net.populations.slice(0, pi + 1).reduce((s, p) => s + p.size, 0) - 1;
    for (const field of ['u', 'v'] as const) {
      plantStep(field, g);
      const r = verify();
      expectCaught(r, field);
      expect(r.firstDivergence!.population).to.equal(c.net.populations[pi].id);
      for (const [on, n, orig] of saved.splice(0)) on[n] = orig;
    }
  });

  /** The emulator's answer of a sample (after the first) edited by `edit`. */
  const plantResult = (edit: (r: { counts: Int32Array; predicted: number }) => { counts: Int32Array; predicted: number }) => {
    let sample = -1;
    patch(proto, 'runSample', (orig) => function (this: unknown, ...args: unknown[]) {
      sample++;
      const r = orig.apply(this, args) as { counts: Int32Array; predicted: number };
      return sample === 1 ? edit({ ...r, counts: r.counts.slice() }) : r;
    });
  };

  it("the last class's score, and the prediction alone (§4)", () => {
    const C = c.net.populations[c.net.populations.length - 1].classes!;
    plantResult((r) => {
      r.counts[C - 1] += 1;
      return r;
    });
    expectCaught(verify(), `class score z[${C - 1}]`);
    for (const [on, n, orig] of saved.splice(0)) on[n] = orig;
    plantResult((r) => ({ ...r, predicted: (r.predicted + 1) % C }));
    expectCaught(verify(), 'prediction');
  });

  it('a sample the emulator runs a step short of T', () => {
    patch(proto, 'runSample', (orig) => function (this: unknown, raster: unknown, label: unknown, opts: { hooks?: { onStep?: (s: { t: number }) => void } } = {}) {
      const inner = opts.hooks?.onStep;
      if (!inner) return orig.call(this, raster, label, opts);
      const T = c.net.timesteps;
      return orig.call(this, raster, label, { ...opts, hooks: { ...opts.hooks, onStep: (s: { t: number }) => (s.t === T - 1 ? undefined : inner(s)) } });
    });
    expectCaught(verify(), 'steps per sample');
  });

  /** The emulator's learning-epoch view edited (or dropped, when `edit` returns null). */
  const plantEpoch = (edit: (e: { epoch: number; margin: number; delta: Int32Array; counts: Int32Array }) => unknown) => {
    patch(proto, 'runSample', (orig) => function (this: unknown, raster: unknown, label: unknown, opts: { hooks?: { onEpoch?: (e: unknown) => void } } = {}) {
      const inner = opts.hooks?.onEpoch;
      if (!inner) return orig.call(this, raster, label, opts);
      const onEpoch = (e: { epoch: number; margin: number; delta: Int32Array; counts: Int32Array }) => {
        const x = edit({ ...e, delta: e.delta.slice() });
        if (x !== null) inner(x);
      };
      return orig.call(this, raster, label, { ...opts, hooks: { ...opts.hooks, onEpoch } });
    });
  };

  it("the teaching signal: the last class's delta, the margin, the epoch index, the number of epochs run", () => {
    const C = c.net.populations[c.net.populations.length - 1].classes!;
    plantEpoch((e) => {
      e.delta[C - 1] += 1;
      return e;
    });
    expectCaught(verify(), `teaching delta[${C - 1}]`);
    for (const [on, n, orig] of saved.splice(0)) on[n] = orig;
    plantEpoch((e) => ({ ...e, margin: e.margin + 1 }));
    expectCaught(verify(), 'teaching margin');
    for (const [on, n, orig] of saved.splice(0)) on[n] = orig;
    plantEpoch((e) => ({ ...e, epoch: e.epoch + 1 }));
    expectCaught(verify(), 'epoch index');
    for (const [on, n, orig] of saved.splice(0)) on[n] = orig;
    plantEpoch(() => null);
    expectCaught(verify(), 'learning epochs run');
  });

  it("after a later sample's epoch: the last weight and eligibility of a plastic projection, the last modulatory state, the last SAL decoder entry", () => {
    const three = lastIndex(c.net.projections, (q) => q.plasticity === 'threeFactor' && q.pre.length > 1);
    const delta = lastIndex(c.net.projections, (q) => q.plasticity === 'delta');
    const lastOf = <T extends { length: number; [k: number]: number }>(a: T): T => {
      const b = (a as unknown as { slice(): T }).slice();
      b[b.length - 1] += b[b.length - 1] > 0 ? -1 : 1;
      return b;
    };
    // each is read once per training sample (per projection): the fault is planted at the third sample's
    const third = () => {
      let n = 0;
      return () => n++ === 2;
    };
    const caught = (field: string | RegExp) => {
      const r = verify();
      expect(r.bitExact, String(field)).to.equal(false);
      if (typeof field === 'string') expect(r.firstDivergence!.field).to.equal(field);
      else expect(r.firstDivergence!.field).to.match(field);
      expect(r.firstDivergence!.sample).to.equal(2);
      for (const [on, n, orig] of saved.splice(0)) on[n] = orig;
      return r.firstDivergence!;
    };
    for (const p of [delta, three]) {
      const now = third();
      patch(proto, 'weights', (orig) => function (this: unknown, q: unknown) {
        const w = orig.call(this, q) as Int16Array | null;
        return q === p && w && now() ? lastOf(w) : w;
      });
      expect(caught('weight')).to.include({ projection: p, synapse: c.net.projections[p].pre.length - 1 });
    }
    const nowE = third();
    patch(proto, 'eligibility', (orig) => function (this: unknown, q: unknown) {
      const e = orig.call(this, q) as Int32Array | null;
      return q === three && e && nowE() ? lastOf(e) : e;
    });
    expect(caught('eligibility')).to.include({ projection: three, synapse: c.net.projections[three].pre.length - 1 });
    let entries = 0;
    const nowM = third();
    patch(proto, 'modulatoryState', (orig) => function (this: unknown) {
      const m = orig.call(this) as Int32Array[];
      if (!nowM()) return m;
      const x = m.map((a) => a.slice());
      x[x.length - 1] = lastOf(x[x.length - 1]);
      entries = x[x.length - 1].length;
      return x;
    });
    const M = c.net.learning!.modulatory;
    const dm = caught(new RegExp(`^modulatory state m\\[\\d+\\] of block ${M.length - 1}$`));
    expect(entries).to.be.greaterThan(0);
    expect(dm.neuron).to.equal(entries - 1);
    const b = M.map((x) => !!x.sal).lastIndexOf(true);
    const nowD = third();
    patch(proto, 'decoders', (orig) => function (this: unknown) {
      const d = orig.call(this) as Int8Array[];
      if (!nowD()) return d;
      const x = d.map((a) => a.slice());
      x[b] = lastOf(x[b]);
      return x;
    });
    const rows = d0Rows(b);
    const dd = caught(new RegExp(`^decoder Wmh\\[\\d+, \\d+\\] of block ${b}$`));
    expect(dd.field).to.equal(`decoder Wmh[${rows - 1}, ${M[b].m - 1}] of block ${b}`);
  });

  /** Rows of block b's decoder: the entries over its m columns. */
  const d0Rows = (b: number) => c.net.populations[c.net.learning!.modulatory[b].population].size;

  it('a lazy sequence with a raster of the wrong size stops with SNNC4303: not bit-exact, though nothing diverged before it', () => {
    const rasters = [...c.inputs.rasters.slice(0, 2), new Uint8Array(3), c.inputs.rasters[3]];
    const lazy = { length: rasters.length, [Symbol.iterator]: () => rasters[Symbol.iterator]() };
    const r = verify({ rasters: lazy, labels: c.inputs.labels });
    expect(r.firstDivergence).to.equal(undefined);
    expect(r.diagnostics.map((d) => d.code)).to.include('SNNC4303');
    expect(r.bitExact).to.equal(false);
    expect(r.samples).to.equal(2);
  });

  it("both sides are taught each sample's own label, and only the trainCount samples train", () => {
    const seen: { ref: Array<number | undefined>; emu: Array<number | undefined> } = { ref: [], emu: [] };
    patch(proto, 'runSample', (orig) => function (this: unknown, raster: unknown, label: unknown, ...rest: unknown[]) {
      seen.emu.push(label as number | undefined);
      return orig.call(this, raster, label, ...rest);
    });
    patch(refProto, 'runSample', (orig) => function (this: unknown, raster: unknown, label: unknown, ...rest: unknown[]) {
      seen.ref.push(label as number | undefined);
      return orig.call(this, raster, label, ...rest);
    });
    const labels = [1, 0, 1, 0].map((x, k) => (k === 0 ? 1 : x));
    const r = verify({ labels, trainCount: 3 });
    expect(r.bitExact).to.equal(true);
    expect(seen.emu).to.deep.equal([1, 0, 1, undefined]);
    expect(seen.ref).to.deep.equal([1, 0, 1, undefined]);
  });

  it('§5.11: the rate shift, hidden shift (h = a when none is given) and hold before each training sample, the same on both sides', () => {
    const calls: { ref: unknown[][]; emu: unknown[][] } = { ref: [], emu: [] };
    patch(proto, 'setRateShift', (orig) => function (this: unknown, ...args: unknown[]) {
      calls.emu.push(args);
      return orig.apply(this, args);
    });
    patch(refProto, 'setRateShift', (orig) => function (this: unknown, ...args: unknown[]) {
      calls.ref.push(args);
      return orig.apply(this, args);
    });
    const a = topShift(c.net);
    expect(verify({ rateShifts: [0, a, 1, a], homeostasisHolds: [false, true, false, true] }).bitExact).to.equal(true);
    const want = [[0, 0, false], [a, a, true], [1, 1, false], [a, a, true]];
    expect(calls.emu).to.deep.equal(want);
    expect(calls.ref).to.deep.equal(want);
    calls.emu.length = calls.ref.length = 0;
    expect(verify({ rateShifts: [a, 0, 1, 0], hiddenRateShifts: [8, 2, 0, 1], trainCount: 3 }).bitExact).to.equal(true);
    const hidden = [[a, 8, false], [0, 2, false], [1, 0, false]];
    expect(calls.emu).to.deep.equal(hidden);
    expect(calls.ref).to.deep.equal(hidden);
    // holds alone: written with the shifts of no schedule (0, h = 0)
    calls.emu.length = calls.ref.length = 0;
    expect(verify({ homeostasisHolds: [true, false, true, true] }).bitExact).to.equal(true);
    const holds = [[0, 0, true], [0, 0, false], [0, 0, true], [0, 0, true]];
    expect(calls.emu).to.deep.equal(holds);
    expect(calls.ref).to.deep.equal(holds);
  });
  it('a plastic projection of one synapse is compared too', () => {
    const one = findCase((net) => net.projections.some((q) => q.plasticity !== 'none' && q.pre.length === 1), 7);
    const p = one.net.projections.findIndex((q) => q.plasticity !== 'none' && q.pre.length === 1);
    let n = 0;
    patch(proto, 'weights', (orig) => function (this: unknown, q: unknown) {
      const w = orig.call(this, q) as Int16Array | null;
      if (q !== p || !w || n++ !== 2) return w;
      const x = w.slice();
      x[0] += x[0] > 0 ? -1 : 1;
      return x;
    });
    const r = verifyNetwork(one.net, one.image, one.placement, { ...one.inputs, train: true });
    expect(r.bitExact).to.equal(false);
    expect(r.firstDivergence).to.include({ field: 'weight', projection: p, synapse: 0, sample: 2 });
  });
});
