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

  it('three seeds on two workers: every seed is trained once, in its own worker, as on the main thread; outcomes, epochs, checkpoints and progress carry their own seed', async () => {
    const ds = synthetic({ noise: 0.3, seed: 5 }).dataset!;
    const job = (seed: number): SeedJob => ({
      specText: fs.readFileSync(TINY, 'utf8'), specName: 'tiny.json', target: loadTarget('loihi2').target!, datasetName: 'synthetic',
      epochs: 2, train: 30, validation: 10, test: 10, seed,
    });
    const jobs = [job(6), job(7), job(8)];
    const epochs: string[] = [];
    const partial = new Map<number, Buffer>();
    const progressed = new Set<number>();
    const pool = trainSeedsOnWorkers(jobs, 2, {
      onEpoch: (seed, r) => epochs.push(`${seed}/${r.epoch}`),
      onCheckpoint: (seed, bytes, done) => partial.set(seed, Buffer.from(bytes)).get(seed) && expect(done).to.equal(1),
      onProgress: (seed) => progressed.add(seed),
    }, ds);
    const outcomes = await Promise.all(pool.outcomes);
    for (const [k, o] of outcomes.entries()) {
      const seed = jobs[k].seed!;
      let mine: Buffer | undefined;
      const here = trainSeed(jobs[k], { onCheckpoint: (bytes) => (mine = Buffer.from(bytes)) }, ds);
      expect(o.result!.run.seed, `job ${k}`).to.equal(seed);
      expect(Buffer.from(o.result!.checkpoint!).equals(Buffer.from(here.result!.checkpoint!)), `seed ${seed}`).to.equal(true);
      // the run so far after epoch 1, reported under its own seed
      expect(partial.get(seed)?.equals(mine!), `seed ${seed} after epoch 1`).to.equal(true);
    }
    expect(Buffer.from(outcomes[0].result!.checkpoint!).equals(Buffer.from(outcomes[1].result!.checkpoint!))).to.equal(false);
    expect([...epochs].sort()).to.deep.equal(['6/1', '6/2', '7/1', '7/2', '8/1', '8/2']);
    expect([...progressed].sort()).to.deep.equal([6, 7, 8]);
  });

  it('a seed whose worker throws rejects with its own error; the seeds not yet trained are rejected naming it, and are never started', async () => {
    const ds = synthetic({ size: 50 }).dataset!;
    const bad = { specText: fs.readFileSync(TINY, 'utf8'), specName: 'tiny.json', target: {}, // a target without formats: lowering throws
      datasetName: 'synthetic', epochs: 1, train: 20, test: 10, seed: 7 } as unknown as SeedJob;
    const good: SeedJob = { ...bad, target: loadTarget('loihi2').target!, seed: 8 };
    let epochs = 0;
    const pool = trainSeedsOnWorkers([bad, good], 1, { onEpoch: () => epochs++ }, ds);
    const [first, second] = await Promise.allSettled(pool.outcomes);
    expect(first.status).to.equal('rejected');
    expect(((first as PromiseRejectedResult).reason as Error).message).to.match(/^seed 7: /).and.not.contain('not trained');
    expect(second.status).to.equal('rejected');
    expect(((second as PromiseRejectedResult).reason as Error).message).to.equal('seed 8 not trained: seed 7 failed');
    expect(epochs).to.equal(0);
  });
});
