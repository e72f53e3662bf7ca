/**
 * What a training job (session.ts) gives the loop and records, seen from outside: the samples it
 * reads in every epoch (the run seed's epoch order, a new one each epoch: docs/datasets.md), the
 * rate encoder's noise drawn from the run seed, the parts' sizes recorded under their own names,
 * and the partial checkpoints written between epochs only. Small parts of the synthetic dataset.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { epochOrder, loadDataset, splitParts } from '@snnc/datasets';
import { loadTarget } from '@snnc/ir';
import { loadCheckpointBytes, runTrainingJob, type TrainJobOptions } from '../src/index.js';
import { spied } from './helpers.js';

const TINY = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'tiny-synthetic.json'), 'utf8');

describe('a training job: what it reads and records', function () {
  this.timeout(30000);
  const target = loadTarget('loihi2').target!;
  const data = loadDataset('synthetic', { noise: 0.35 }).dataset!;
  const job = (over: Partial<TrainJobOptions> = {}): TrainJobOptions => ({
    specText: TINY, specName: 'tiny.json', target, dataset: data, datasetName: 'synthetic',
    epochs: 3, seed: 3, train: 24, validation: 6, test: 9, clock: () => 0, ...over,
  });

  it("every epoch trains on the run seed's epoch order of the train part, a new order each epoch", () => {
    const { ds, reads } = spied(data);
    const r = runTrainingJob(job({ dataset: ds })).result!;
    const parts = splitParts(data, { train: 24, validation: 6, test: 9 }).parts!;
    const orders = [0, 1, 2].map((e) => Array.from(epochOrder(parts.train, 3, e)));
    expect(reads).to.have.length(3 * (24 + 6) + 9);
    for (let e = 0; e < 3; e++) expect(reads.slice(30 * e, 30 * e + 24), `epoch ${e}`).to.deep.equal(orders[e]);
    expect(orders[0]).to.not.deep.equal(orders[1]);
    expect(orders[1]).to.not.deep.equal(orders[2]);
    expect(r.run.seed).to.equal(3);
  });

  it("the rate encoder's noise is drawn from the run seed (recorded, and another seed presents other spikes)", () => {
    const a = runTrainingJob(job({ seed: 3, epochs: 1 })).result!;
    const b = runTrainingJob(job({ seed: 4, epochs: 1 })).result!;
    expect(a.run.encoding.params.seed).to.equal(3);
    expect(b.run.encoding.params.seed).to.equal(4);
    const raster = (r: typeof a) => {
      const out = new Uint8Array(r.encoder.steps * r.encoder.channels(data.features));
      r.encoder.encode(data.images.subarray(0, data.features), 12345, out);
      return Array.from(out);
    };
    expect(raster(a)).to.not.deep.equal(raster(b));
  });

  it('the parts are recorded under their own names (6 validation and 9 test samples, not the other way round)', () => {
    const r = runTrainingJob(job({ epochs: 1 })).result!;
    expect([r.run.trainSamples, r.run.validationSamples, r.run.testSamples]).to.deep.equal([24, 6, 9]);
    expect([r.trainSamples, r.validationSamples, r.testSamples]).to.deep.equal([24, 6, 9]);
    expect(r.loop.test.samples).to.equal(9);
  });

  it('partial checkpoints: after every epoch but the last, each recording the epochs done and the plan', () => {
    const written: Array<[number, number, number | undefined]> = [];
    const r = runTrainingJob(job({
      onPartialCheckpoint: (bytes, done) => {
        const ck = loadCheckpointBytes(bytes, 'partial.snnck').checkpoint!;
        written.push([done, ck.header.run.epochs, ck.header.run.plannedEpochs]);
      },
    })).result!;
    expect(written).to.deep.equal([[1, 1, 3], [2, 2, 3]]);
    expect(r.run.epochs).to.equal(3);
  });
});
