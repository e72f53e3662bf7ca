import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerDataset, synthetic, type Dataset } from '@snnc/datasets';
import { loadTarget } from '@snnc/ir';
import { sharedDataset, trainSeedsOnWorkers } from '../src/commands/train-jobs.js';
import { trainSeed, type SeedJob } from '../src/commands/train-seed.js';

const TINY = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'training', 'test', 'fixtures', 'tiny-synthetic.json');

/**
 * `snnc train --jobs`: the workers train on the dataset the command loaded, its arrays shared, not
 * a copy each reloaded by name (about 190 MB a worker for Fashion-MNIST; and a dataset registered
 * in the command's thread only was unknown to them).
 */
describe('snnc train --jobs: the workers share the command\'s dataset', function () {
  this.timeout(60000);

  it('a dataset the workers cannot load by name trains on them as on the main thread, byte for byte (it failed: unknown dataset)', async () => {
    // registered in this thread only: a worker's loadDataset does not know it
    const ds: Dataset = { ...synthetic({ noise: 0.3, seed: 5 }).dataset!, name: 'thread-only' };
    expect(registerDataset({ name: 'thread-only', description: 'test', load: () => ({ dataset: ds, diagnostics: [] }) })).to.deep.equal([]);
    const job = (seed: number): SeedJob => ({
      specText: fs.readFileSync(TINY, 'utf8'), specName: 'tiny.json', target: loadTarget('loihi2').target!, datasetName: 'thread-only',
      epochs: 1, train: 40, test: 20, seed,
    });
    const jobs = [job(0), job(1)];
    const pool = trainSeedsOnWorkers(jobs, 2, {}, ds);
    const outcomes = await Promise.all(pool.outcomes);
    for (const [k, o] of outcomes.entries()) {
      expect(o.diagnostics.filter((d) => d.severity === 'error'), `seed ${k}`).to.deep.equal([]);
      const here = trainSeed(jobs[k], {}, ds);
      expect(Buffer.from(o.result!.checkpoint!).equals(Buffer.from(here.result!.checkpoint!)), `seed ${k}`).to.equal(true);
    }
  });

  it('the shared copy holds the same samples, in memory every worker sees', () => {
    const ds = synthetic({ size: 50 }).dataset!;
    const s = sharedDataset(ds);
    expect(s.images.buffer).to.be.instanceOf(SharedArrayBuffer);
    expect(s.labels.buffer).to.equal(s.images.buffer);
    expect([Buffer.from(s.images).equals(Buffer.from(ds.images)), Buffer.from(s.labels).equals(Buffer.from(ds.labels))]).to.deep.equal([true, true]);
    expect([s.size, s.features, s.numClasses, s.inputShape]).to.deep.equal([ds.size, ds.features, ds.numClasses, ds.inputShape]);
  });
});
