import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { examplesDir } from '@snnc/ir';
import { DEFAULT_MNIST_SPEC, DEFAULT_ROWS_SPEC, DEFAULT_SPEC, defaultSpec } from '../src/commands/train.js';

const read = (f: string) => JSON.parse(fs.readFileSync(path.join(examplesDir(), path.basename(f)), 'utf8'));
/** A spec without the fields a variant is allowed to change, so that what remains must equal the seed spec. */
function strip(s: { name?: string; description?: string; learning: { readoutDecay?: number }; layers: Array<{ size?: number }> }) {
  delete s.name;
  delete s.description;
  delete s.learning.readoutDecay;
  for (const l of s.layers) delete l.size;
  return s;
}

/** The spec `snnc train` picks without one, per dataset and encoding (docs/results.md). */
describe('snnc train: the default spec per dataset', () => {
  it('MNIST presented at once trains the wide spec, rows the rows spec, every other dataset the seed spec', () => {
    expect(DEFAULT_MNIST_SPEC).to.equal('examples/srsnn-seed-mnist-wide.json');
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
    expect(strip(long)).to.deep.equal(strip(seed));
  });

  it('the MNIST default is the seed spec with both layers twice as wide and the readout decay at 2^-8, nothing else', () => {
    const seed = read(DEFAULT_SPEC), wide = read(DEFAULT_MNIST_SPEC);
    expect(wide.layers.map((l: { size: number }) => l.size)).to.deep.equal(seed.layers.map((l: { size: number }) => 2 * l.size));
    expect(wide.learning.readoutDecay).to.equal(0.004);
    expect(strip(wide)).to.deep.equal(strip(seed));
  });
});
