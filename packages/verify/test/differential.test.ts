/**
 * The differential property (issue 5): random small lowered networks x random small targets x
 * placements, learning on and off -> the emulator running the compiled image equals the reference
 * bit for bit over hundreds of steps; and two different placements of one network give identical
 * spikes and weights. A failure prints the first divergence (docs/verify.md).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { hasErrors, formatDiagnostic, Rng } from '@snnc/common';
import type { LoweredNetwork, Target } from '@snnc/ir';
import { compileNetwork } from '@snnc/codegen';
import { decodeImage, encodeImage } from '@snnc/image';
import type { Placement } from '@snnc/mapper';
import { randomInputs } from '@snnc/datasets';
import { mapWith } from '@snnc/driver';
import { formatDivergence, placeNaive, verifyNetwork, type VerifyResult } from '../src/index.js';
import { networkArb, targetArb } from './arbitraries.js';

/** Soak testing: DIFF_RUNS=5000 DIFF_SEED=<n> run the properties longer / elsewhere (docs/verify.md). */
const SCALE = Math.max(1, Number(process.env.DIFF_RUNS ?? 0) / 150);
const SEED = process.env.DIFF_SEED !== undefined ? Number(process.env.DIFF_SEED) : undefined;
const runs = (n: number, seed: number) => ({ numRuns: Math.round(n * SCALE), seed: SEED ?? seed });

const neurons = (net: LoweredNetwork) => net.populations.reduce((s, p) => s + (p.model === 'input' ? 0 : p.size), 0);

/** Raise the compartment limit just enough that the network fits the target's cores. */
function fit(net: LoweredNetwork, t: Target): Target {
  const cores = t.chip.cores * t.system.maxChips;
  const need = Math.ceil(neurons(net) / cores);
  return need > t.core.maxCompartments ? { ...t, core: { ...t.core, maxCompartments: need } } : t;
}

/**
 * §5.11: half the cases change the host's rate shift between samples (0..3, at most what the
 * readout decay allows: k + a <= learnShift of every delta-rule projection), from the input seed.
 */
function rateShiftsOf(net: LoweredNetwork, samples: number, inputSeed: number): number[] | undefined {
  if (inputSeed % 2 === 0) return undefined;
  const k = net.learning?.readoutDecayShift ?? 0;
  let top = 3;
  for (const q of net.projections) if (k > 0 && q.plasticity === 'delta') top = Math.min(top, q.learnShift - k);
  const rng = new Rng(inputSeed);
  return Array.from({ length: samples }, () => rng.int(0, top));
}

/**
 * §5.11 hidden shift: half the cases that change the rate shift give the hidden (three-factor)
 * rule its own shift h before each sample, drawn apart from a (0..3, or 8: the frozen rule),
 * from the input seed; the rest leave h = a (the one-argument write).
 */
function hiddenRateShiftsOf(samples: number, inputSeed: number): number[] | undefined {
  if (inputSeed % 4 !== 1) return undefined;
  const rng = new Rng(inputSeed ^ 0x5114);
  return Array.from({ length: samples }, () => [0, 1, 2, 3, 8][rng.int(0, 4)]);
}

/**
 * §5.11 homeostasis hold: in three of four training cases the host sets hold before each sample,
 * drawn per sample from the input seed (apart from the shifts), so held and unheld samples follow
 * each other; the rest never hold (no write at all when the shifts are not drawn either).
 */
function homeostasisHoldsOf(samples: number, inputSeed: number): boolean[] | undefined {
  if (inputSeed % 4 === 3) return undefined;
  const rng = new Rng(inputSeed ^ 0x4011d);
  return Array.from({ length: samples }, () => rng.int(0, 1) === 1);
}

/** 'sequential' | 'locality': the mapper; a number: a naive random placement; null: naive in order. */
type How = 'sequential' | 'locality' | number | null;

function place(net: LoweredNetwork, target: Target, how: How): Placement {
  if (how === 'sequential' || how === 'locality') {
    const m = mapWith(net, target, how, 5);
    if (!m.placement) throw new Error(m.diagnostics.map(formatDiagnostic).join('\n'));
    return m.placement;
  }
  return placeNaive(net, target, how === null ? {} : { rng: new Rng(how) });
}

/** Per-core limit refusals of the code generator (SNNC4110..4115) and the mapper's "does not fit" codes. */
const LIMIT = /^SNNC(411[0-5]|300[1-6]|3010)$/;
let skipped = 0;

/**
 * null when the case cannot be placed: the mapper refuses a network the target cannot hold, or a
 * naive placement breaks a per-core limit. A mapper placement that the code generator refuses is
 * a failure (their accounting differs).
 */
function run(net0: LoweredNetwork, target0: Target, how: How, samples: number, train: boolean, inputSeed: number): VerifyResult | null {
  // §2.4: a third of the cases have a graded input, whose spikes carry values 1..255, on a target
  // whose host spikes carry values (the image refuses a graded port elsewhere, format 2.1)
  const graded = inputSeed % 3 === 1;
  const net: LoweredNetwork = graded ? { ...net0, populations: net0.populations.map((p, k) => (k === 0 ? { ...p, graded: true as const } : p)) } : net0;
  const target: Target = graded ? { ...target0, formats: { ...target0.formats, gradedInputSpikes: true } } : target0;
  let placement: Placement;
  try {
    placement = place(net, target, how);
  } catch (e) {
    if (typeof how === 'string' && /SNNC(300[1-6]|3010)/.test((e as Error).message)) {
      skipped++;
      return null;
    }
    throw e;
  }
  const g = compileNetwork(net, placement, target);
  if (!g.image && typeof how !== 'string' && g.diagnostics.some((d) => LIMIT.test(d.code))) {
    skipped++;
    return null;
  }
  if (!g.image) throw new Error(g.diagnostics.map(formatDiagnostic).join('\n'));
  // through the bytes, as a user would load it
  const d = decodeImage(encodeImage(g.image), { expectTarget: target.name });
  if (!d.image || hasErrors(d.diagnostics)) throw new Error(d.diagnostics.map(formatDiagnostic).join('\n'));
  const nIn = net.populations[0].size;
  const classes = net.populations[net.populations.length - 1].classes!;
  const inputs = randomInputs(samples, net.timesteps, nIn, classes, 0.35, inputSeed);
  if (graded) {
    const rng = new Rng(inputSeed ^ 0x6ad3d);
    for (const r of inputs.rasters) for (let k = 0; k < r.length; k++) if (r[k] !== 0) r[k] = rng.int(1, 255);
  }
  const r = verifyNetwork(net, d.image, placement, { ...inputs, train, rateShifts: train ? rateShiftsOf(net, samples, inputSeed) : undefined, hiddenRateShifts: train ? hiddenRateShiftsOf(samples, inputSeed) : undefined,
    homeostasisHolds: train ? homeostasisHoldsOf(samples, inputSeed) : undefined,
  });
  if (!r.bitExact) {
    throw new Error((r.firstDivergence ? formatDivergence(r.firstDivergence) : '') + r.diagnostics.map(formatDiagnostic).join('\n'));
  }
  // §1.2 overflow is part of the arithmetic: both sides count the same wraps and saturations
  expect(r.overflow!.emulator).to.deep.equal(r.overflow!.reference);
  return r;
}

describe('differential: emulator(compiled image) == reference (property)', function () {
  // a soak (DIFF_RUNS) runs SCALE times the cases, so it gets SCALE times the time
  this.timeout(120_000 * SCALE);

  it('random networks x random targets x random placements, learning on and off, bit-exact over hundreds of steps', () => {
    let steps = 0, weights = 0, spikes = 0, verified = 0;
    skipped = 0;
    fc.assert(
      fc.property(networkArb(4), targetArb, fc.oneof(fc.constantFrom<How>('sequential', 'locality', null), fc.nat()), fc.nat(), (net, t, how, inputSeed) => {
        const target = fit(net, t);
        const samples = Math.max(2, Math.ceil(200 / net.timesteps));
        const train = net.learning !== null;
        const r = run(net, target, how, samples, train, inputSeed);
        if (!r) return;
        verified++;
        expect(r.steps).to.equal(samples * net.timesteps);
        steps += r.steps;
        weights += r.weightsCompared;
        spikes += r.spikes;
      }),
      runs(150, 20261123),
    );
    // the property must have exercised something: most cases placed and verified. About 69-70% are
    // (measured over 600-3,000 cases at DIFF_SEED 1, 2, 3 and 7120126), so the bar sits below the
    // mean: at 0.7 a soak run at another seed failed on coverage alone (2,029 of 3,000)
    expect(verified).to.be.greaterThan(0.6 * 150 * SCALE);
    expect(skipped + verified).to.equal(Math.round(150 * SCALE));
    expect(steps).to.be.greaterThan(15_000 * SCALE);
    expect(spikes).to.be.greaterThan(1000);
    expect(weights).to.be.greaterThan(100);
  });

  it('SAL (§5.10): networks whose decoders learn stay bit-exact, decoders included, under the mapper and naive placements', () => {
    let salCases = 0;
    fc.assert(
      fc.property(networkArb(4).filter((n) => n.learning?.modulatory.some((b) => b.sal !== undefined) === true), targetArb, fc.constantFrom<How>('sequential', 'locality', null), fc.nat(), (net, t, how, inputSeed) => {
        const r = run(net, fit(net, t), how, Math.max(2, Math.ceil(160 / net.timesteps)), true, inputSeed);
        if (!r) return;
        salCases++;
        const dec = net.learning!.modulatory.filter((b) => b.sal).reduce((s, b) => s + b.Wmh.length, 0);
        expect(r.weightsCompared).to.be.at.least(dec);
      }),
      runs(30, 511),
    );
    expect(salCases).to.be.greaterThan(15 * SCALE);
  });

  it('learning off: the same networks in inference mode (homeostasis frozen) stay bit-exact', () => {
    fc.assert(
      fc.property(networkArb(3), targetArb, fc.constantFrom<How>('sequential', 'locality'), fc.nat(), (net, t, how, inputSeed) => {
        run(net, fit(net, t), how, Math.ceil(150 / net.timesteps), false, inputSeed);
      }),
      runs(25, 7),
    );
  });

  it('placement must not change a single bit: sequential, locality and a random placement give identical spikes, predictions and weights', () => {
    fc.assert(
      fc.property(networkArb(4), targetArb, fc.nat(), fc.nat(), (net, t, seedA, inputSeed) => {
        const target = fit(net, t);
        const samples = Math.ceil(120 / net.timesteps);
        const train = net.learning !== null;
        const a = run(net, target, 'sequential', samples, train, inputSeed);
        const b = run(net, target, 'locality', samples, train, inputSeed);
        const c = run(net, target, seedA, samples, train, inputSeed);
        if (!a || !b) return;
        if (c) expect(c.predictions).to.deep.equal(a.predictions);
        // both equal the reference, hence each other; the summaries agree as well
        expect(b.predictions).to.deep.equal(a.predictions);
        expect(b.spikes).to.equal(a.spikes);
        expect(b.weightsCompared).to.equal(a.weightsCompared);
      }),
      runs(20, 99),
    );
  });
});
