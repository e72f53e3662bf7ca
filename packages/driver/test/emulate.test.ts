import { expect } from 'chai';
import path from 'node:path';
import { loadImage } from '@snnc/emulator';
import { repoRoot } from '@snnc/ir';
import { compile, MAX_SAMPLE_BYTES, runEmulation, type EmulateOptions } from '../src/index.js';

/** The body of `snnc emulate` on seeded random input (`--steps N`, up to 2^24). */
const TINY = path.join(repoRoot(), 'packages', 'training', 'test', 'fixtures', 'tiny-synthetic.json');

describe('runEmulation on random input', function () {
  this.timeout(120000);
  const emulator = () => loadImage(compile(TINY, 'loihi2').imageBytes!).emulator!;
  const opts: EmulateOptions = { train: false, seed: 3, rate: 0.05, keepSteps: 10 };

  it('draws each sample when it is presented: 2^22 steps hold one raster at a time, not all 2^19 of them (hundreds of MB before the first step)', () => {
    const emu = emulator();
    const before = process.memoryUsage().arrayBuffers;
    let grown: number | undefined;
    const stop = new Error('stop');
    try {
      runEmulation(emu, { ...opts, steps: 1 << 22, onSample: () => { grown = process.memoryUsage().arrayBuffers - before; throw stop; } });
    } catch (e) {
      if (e !== stop) throw e;
    } finally {
      emu.close();
    }
    // the first sample was presented; growth may be negative (a collection between the two readings
    // freed earlier buffers: -632,499 bytes in one CI run), so only the ceiling is asserted
    expect(grown, 'the first sample was presented').to.be.a('number');
    expect(grown).to.be.below(32e6);
  });

  it('a sample longer than one array can hold is refused at the image\'s /timesteps before it is drawn (it was a RangeError: exit 70)', () => {
    const emu = emulator();
    try {
      // the image's T x inputs as a real image of 2^19 steps would have them, past MAX_SAMPLE_BYTES
      const inputSize = Math.ceil((MAX_SAMPLE_BYTES + 1) / 2 ** 19);
      const long = Object.create(emu, { timesteps: { value: 2 ** 19 }, inputSize: { value: inputSize } }) as typeof emu;
      const r = runEmulation(long, { ...opts, steps: 1 });
      expect(r.run).to.equal(undefined);
      expect(r.diagnostics.map((d) => [d.code, d.pointer, d.found])).to.deep.equal([['SNNC4330', '/timesteps', `${2 ** 19 * inputSize} bytes`]]);
      expect(r.diagnostics[0].message).to.contain(`longer than any Node.js allocates (${MAX_SAMPLE_BYTES} bytes)`);
    } finally {
      emu.close();
    }
  });

  it('the same run at any length: the first samples of a longer run are the shorter run', () => {
    const spikes = (steps: number, stopAfter: number) => {
      const emu = emulator();
      const seen: number[] = [];
      const stop = new Error('stop');
      try {
        runEmulation(emu, { ...opts, steps, onSample: (done) => { seen.push(emu.stats().spikes); if (done === stopAfter) throw stop; } });
      } catch (e) {
        if (e !== stop) throw e;
      } finally {
        emu.close();
      }
      return seen;
    };
    const emu = emulator();
    const T = emu.timesteps;
    emu.close();
    expect(spikes(5 * T, 5)).to.deep.equal(spikes(50 * T, 5));
  });
});

describe('runEmulation on a dataset: graded ports (§2.4)', function () {
  this.timeout(120000);
  const TINY_SPEC = path.join(repoRoot(), 'packages', 'training', 'test', 'fixtures', 'tiny-synthetic.json');

  it('an image mixing graded and plain ports is refused at /hostPorts: an encoder writes one kind of raster', () => {
    const emu = loadImage(compile(TINY_SPEC, 'loihi2').imageBytes!).emulator!;
    try {
      expect(emu.image.hostPorts.length).to.be.greaterThan(1);
      // the loaded image, edited in memory: one port graded, the others plain
      (emu.image.hostPorts[0] as { graded: boolean }).graded = true;
      const r = runEmulation(emu, { train: false, seed: 3, rate: 0.05, keepSteps: 10, dataset: 'synthetic', samples: 2, encoder: 'rows' });
      expect(r.run).to.equal(undefined);
      expect(r.diagnostics.map((d) => [d.code, d.pointer])).to.deep.equal([['SNNC4306', '/hostPorts']]);
      expect(r.diagnostics[0].message).to.contain('mixes graded and plain');
    } finally {
      emu.close();
    }
  });
});
