import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { examplesDir } from '@snnc/ir';
import { DEFAULT_MNIST_SPEC, DEFAULT_ROWS_SPEC, DEFAULT_SPEC, defaultSpec } from '../src/commands/train-setup.js';

const read = (f: string) => JSON.parse(fs.readFileSync(path.join(examplesDir(), path.basename(f)), 'utf8'));
/** A spec without the fields a variant is allowed to change, so that what remains must equal the seed spec. */
function strip(s: { name?: string; description?: string; learning: { readoutDecay?: number; etaOut?: number }; layers: Array<{ size?: number }> }) {
  delete s.name;
  delete s.description;
  delete s.learning.readoutDecay;
  delete s.learning.etaOut;
  for (const l of s.layers) delete l.size;
  return s;
}

/** The spec `snnc train` picks without one, per dataset and encoding (docs/results.md). */
describe('snnc train: the default spec per dataset', () => {
  it('MNIST presented at once trains the three-times-wide spec, rows the rows spec, every other dataset the seed spec', () => {
    expect(DEFAULT_MNIST_SPEC).to.equal('examples/srsnn-seed-mnist-wide3.json');
    expect(defaultSpec('mnist', 'rate')).to.equal(DEFAULT_MNIST_SPEC);
    expect(defaultSpec('mnist', 'rows')).to.equal(DEFAULT_ROWS_SPEC);
    expect(defaultSpec('fashion-mnist', 'rate')).to.equal(DEFAULT_SPEC);
    expect(defaultSpec('fashion-mnist', 'rows')).to.equal(DEFAULT_ROWS_SPEC);
    expect(defaultSpec('mnist', 'latency')).to.equal(DEFAULT_SPEC);
    expect(defaultSpec('synthetic', 'rate')).to.equal(DEFAULT_SPEC);
  });

  it('the long-run spec is the seed spec with only the readout decay doubled (2^-9 for 2^-10), so the two cannot drift apart', () => {
    const seed = read(DEFAULT_SPEC), long = read('examples/srsnn-seed-mnist-long.json');
    expect(seed.learning.readoutDecay).to.equal(0.001);
    expect(long.learning.readoutDecay).to.equal(0.002);
    expect(long.layers.map((l: { size: number }) => l.size)).to.deep.equal(seed.layers.map((l: { size: number }) => l.size));
    expect(long.learning.etaOut).to.equal(seed.learning.etaOut);
    expect(strip(long)).to.deep.equal(strip(seed));
  });

  it('the twice-wide spec is the seed spec with both layers twice as wide and the readout decay at 2^-8, nothing else', () => {
    const seed = read(DEFAULT_SPEC), wide = read('examples/srsnn-seed-mnist-wide.json');
    expect(wide.layers.map((l: { size: number }) => l.size)).to.deep.equal(seed.layers.map((l: { size: number }) => 2 * l.size));
    expect(wide.learning.readoutDecay).to.equal(0.004);
    expect(wide.learning.etaOut).to.equal(seed.learning.etaOut);
    expect(strip(wide)).to.deep.equal(strip(seed));
  });

  it('the MNIST default is the seed spec with both layers three times as wide, the readout decay at 2^-8 and the readout rate at 2/3, nothing else', () => {
    const seed = read(DEFAULT_SPEC), wide3 = read(DEFAULT_MNIST_SPEC);
    expect(wide3.layers.map((l: { size: number }) => l.size)).to.deep.equal(seed.layers.map((l: { size: number }) => 3 * l.size));
    expect(wide3.learning.readoutDecay).to.equal(0.004);
    // the readout hears 1.5x the twice-wide network's neurons: its rate is scaled by 1/1.5 so that
    // the decay holds the same equilibrium drive (docs/results.md "Three times as wide")
    expect(wide3.learning.etaOut).to.be.closeTo((seed.learning.etaOut * 2) / 3, 1e-12);
    expect(strip(wide3)).to.deep.equal(strip(seed));
  });
});
