import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { examplesDir } from '@snnc/ir';
import { DEFAULT_MNIST_SPEC, DEFAULT_ROWS_SPEC, DEFAULT_SPEC, defaultSpec } from '../src/commands/train.js';

/** The spec `snnc train` picks without one, per dataset and encoding (docs/results.md). */
describe('snnc train: the default spec per dataset', () => {
  it('MNIST presented at once trains the long-run spec, rows the rows spec, every other dataset the seed spec', () => {
    expect(defaultSpec('mnist', 'rate')).to.equal(DEFAULT_MNIST_SPEC);
    expect(defaultSpec('mnist', 'rows')).to.equal(DEFAULT_ROWS_SPEC);
    expect(defaultSpec('fashion-mnist', 'rate')).to.equal(DEFAULT_SPEC);
    expect(defaultSpec('fashion-mnist', 'rows')).to.equal(DEFAULT_ROWS_SPEC);
    expect(defaultSpec('mnist', 'latency')).to.equal(DEFAULT_SPEC);
    expect(defaultSpec('synthetic', 'rate')).to.equal(DEFAULT_SPEC);
  });

  it('the MNIST spec is the seed spec with only the readout decay doubled (2^-9 for 2^-10), so the two cannot drift apart', () => {
    const read = (f: string) => JSON.parse(fs.readFileSync(path.join(examplesDir(), path.basename(f)), 'utf8'));
    const seed = read(DEFAULT_SPEC), long = read(DEFAULT_MNIST_SPEC);
    expect(seed.learning.readoutDecay).to.equal(0.001);
    expect(long.learning.readoutDecay).to.equal(0.002);
    for (const s of [seed, long]) {
      delete s.name;
      delete s.description;
      delete s.learning.readoutDecay;
    }
    expect(long).to.deep.equal(seed);
  });
});
