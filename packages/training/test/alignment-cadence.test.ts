import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '@snnc/datasets';
import { loadTarget } from '@snnc/ir';
import { progressCadence, runTrainingJob } from '../src/index.js';

const TINY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/tiny-synthetic.json');

/** --alignment-every: the curve is taken at every multiple asked for, whatever the progress cadence. */
describe('training: alignment curve cadence', function () {
  this.timeout(60000);

  it('the progress cadence divides alignmentEvery (about 1,600 steps, at most 50, otherwise)', () => {
    expect(progressCadence(8)).to.equal(50);
    expect(progressCadence(100)).to.equal(16);
    expect(progressCadence(100, 500)).to.equal(4);
    expect(progressCadence(100, 50)).to.equal(2);
    expect(progressCadence(16, 100)).to.equal(50);
    for (const T of [1, 7, 16, 33, 100, 1000, 5000]) for (const every of [50, 150, 500, 2000]) expect(every % progressCadence(T, every)).to.equal(0);
  });

  it('at 100 steps per sample, every 50 samples: the curve has 0, 50, 100 and the end (it had only 0 and the end)', () => {
    const spec = JSON.parse(fs.readFileSync(TINY, 'utf8'));
    spec.timesteps = 100;
    const r = runTrainingJob({
      specText: JSON.stringify(spec), specName: 'tiny-100.json', target: loadTarget('loihi2').target!,
      dataset: loadDataset('synthetic', { noise: 0.35 }).dataset!, datasetName: 'synthetic',
      epochs: 1, train: 120, validation: 20, test: 20, seed: 1, alignmentEvery: 50, clock: () => 0,
    });
    expect(r.result, JSON.stringify(r.diagnostics)).to.not.equal(undefined);
    expect(r.result!.alignment!.samples).to.deep.equal([0, 50, 100, 120]);
  });
});
