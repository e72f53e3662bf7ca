/**
 * `snnc emulate --dataset --train --test N` (docs/emulator.md "Command"): the `samples` are
 * presented with learning on, then the N held-out samples in inference mode, and the figures
 * reported are the held-out ones alone (samples, steps, correct), the others in `before`. A
 * held-out sample that learns, or a training sample counted in the figures, is test data leaking.
 * The emulator's runSample is wrapped to record what each presentation was given.
 */
import { expect } from 'chai';
import path from 'node:path';
import { Emulator, loadImage } from '@snnc/emulator';
import { repoRoot } from '@snnc/ir';
import { compile, runEmulation } from '../src/index.js';

const TINY = path.join(repoRoot(), 'packages', 'training', 'test', 'fixtures', 'tiny-synthetic.json');

type Run = (this: Emulator, raster: Uint8Array, label?: number, opts?: { learning?: boolean }) => { predicted: number; steps: number };

describe('runEmulation with held-out samples (--test)', function () {
  this.timeout(60000);
  const proto = Emulator.prototype as unknown as { runSample: Run };
  const original = proto.runSample;
  afterEach(() => {
    proto.runSample = original;
  });

  it('6 training samples learn, the 4 held out do not, and the figures are the 4 alone', () => {
    const seen: Array<{ learning: boolean; label: number | undefined; right: boolean; steps: number }> = [];
    proto.runSample = function (this: Emulator, raster, label, opts) {
      const r = original.call(this, raster, label, opts);
      seen.push({ learning: !!opts?.learning, label, right: r.predicted === label, steps: r.steps });
      return r;
    };
    const emu = loadImage(compile(TINY, 'loihi2').imageBytes!).emulator!;
    try {
      const r = runEmulation(emu, { train: true, seed: 3, rate: 0.05, keepSteps: 0, dataset: 'synthetic', samples: 6, test: 4 });
      const run = r.run!;
      expect(seen.map((s) => s.learning)).to.deep.equal([true, true, true, true, true, true, false, false, false, false]);
      expect(seen.every((s) => s.label !== undefined)).to.equal(true);
      const held = seen.slice(6);
      expect(run.samples).to.equal(4);
      expect(run.steps).to.equal(held.reduce((a, s) => a + s.steps, 0));
      expect(run.correct).to.equal(held.filter((s) => s.right).length);
      expect(run.before).to.deep.equal({ samples: 6, correct: seen.slice(0, 6).filter((s) => s.right).length, train: true });
      expect(run.stats.samples).to.equal(4);
    } finally {
      emu.close();
    }
  });

  it('random input: ceil(steps / T) whole samples', () => {
    const emu = loadImage(compile(TINY, 'loihi2').imageBytes!).emulator!;
    try {
      const T = emu.timesteps;
      const r = runEmulation(emu, { train: false, seed: 3, rate: 0.05, keepSteps: 0, steps: 2 * T + 1 });
      expect(r.run!.samples).to.equal(3);
      expect(r.run!.steps).to.equal(3 * T);
    } finally {
      emu.close();
    }
  });
});
