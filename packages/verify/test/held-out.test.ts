/**
 * `snnc verify --train --test-samples N` (docs/verify.md): the training samples learn, the N held
 * out after them run in inference mode on both sides, the accuracies are split at that boundary,
 * and a `--rate-schedule` is spread over the training samples alone (§5.11, as `snnc train` spreads
 * it over a run). A held-out sample that learns is test data leaking into training; a schedule
 * spread over all samples trains with other rates than the run it stands for.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { Emulator } from '@snnc/emulator';
import { ReferenceSimulator } from '@snnc/reference';
import { accuracyOf, verifySpec } from '../src/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const SMALL = path.join(ROOT, 'examples/srsnn-small.json');

type AnyFn = (...args: unknown[]) => unknown;

describe('verify with held-out samples', function () {
  this.timeout(60_000);
  const emu = Emulator.prototype as unknown as Record<string, AnyFn>;
  const ref = ReferenceSimulator.prototype as unknown as Record<string, AnyFn>;
  const saved = { run: emu.runSample, shift: emu.setRateShift, refShift: ref.setRateShift };
  afterEach(() => {
    emu.runSample = saved.run;
    emu.setRateShift = saved.shift;
    ref.setRateShift = saved.refShift;
  });

  it('accuracyOf splits at trainCount: samples before it are training, from it on held out', () => {
    const predictions = Int32Array.from([1, 0, 2, 2, 1, 0]);
    const labels = [1, 1, 2, 2, 0, 0];
    // right: 0, 2, 3, 5; training 0..2 (2 of 3), held out 3..5 (2 of 3)
    expect(accuracyOf(predictions, labels, 3)).to.deep.equal({ train: 2 / 3, trainSamples: 3, test: 2 / 3, testSamples: 3 });
    expect(accuracyOf(predictions, labels, 4)).to.deep.equal({ train: 3 / 4, trainSamples: 4, test: 1 / 2, testSamples: 2 });
    expect(accuracyOf(predictions, labels, 6)).to.deep.equal({ train: 4 / 6, trainSamples: 6, test: 0, testSamples: 0 });
  });

  it('random input: 5 training samples learn under the schedule spread over them, the 3 held out do not learn', () => {
    const learning: boolean[] = [];
    const shifts: { emu: number[]; ref: number[] } = { emu: [], ref: [] };
    emu.runSample = function (this: unknown, raster: unknown, label: unknown, opts?: unknown) {
      learning.push(!!(opts as { learning?: boolean } | undefined)?.learning);
      return saved.run.call(this, raster, label, opts);
    };
    emu.setRateShift = function (this: unknown, a: unknown, ...rest: unknown[]) {
      shifts.emu.push(a as number);
      return saved.shift.call(this, a, ...rest);
    };
    ref.setRateShift = function (this: unknown, a: unknown, ...rest: unknown[]) {
      shifts.ref.push(a as number);
      return saved.refShift.call(this, a, ...rest);
    };
    const v = verifySpec(SMALL, 'loihi2', 'locality', { samples: 5, testSamples: 3, train: true, seed: 3, rateSchedule: [0, 1, 2] });
    const r = v.result!;
    expect(r.bitExact).to.equal(true);
    expect(r.samples).to.equal(8);
    expect(learning).to.deep.equal([true, true, true, true, true, false, false, false]);
    // floor(3 k / 5) for k = 0..4: 0, 0, 1, 1, 2
    expect(shifts.emu).to.deep.equal([0, 0, 1, 1, 2]);
    expect(shifts.ref).to.deep.equal([0, 0, 1, 1, 2]);
    expect(v.accuracy!.emulator.trainSamples).to.equal(5);
    expect(v.accuracy!.emulator.testSamples).to.equal(3);
  });
});
