/**
 * Boundaries of what a dataset may hand on (dataset.ts, presentation.ts, docs/datasets.md):
 *
 * - `datasetDigest` is "crc32:" and 8 hex digits over the pixels, then the labels (docs/datasets.md,
 *   "The protocol": a checkpoint records it, and a copy with other samples is warned or refused);
 * - `checkDataset` refuses a label equal to numClasses (labels are 0..numClasses-1) and a published
 *   test set larger than the dataset;
 * - `datasetInputs` refuses a readout with fewer classes than the dataset, by even one;
 * - the Bernoulli code's probability is the share of 32-bit uniforms below its bound, counted
 *   exactly (a ceiling: u < bound holds for ceil(bound) integers u).
 */
import { expect } from 'chai';
import { crc32 } from '@snnc/common';
import { bernoulliProbability, checkDataset, DataCode, datasetDigest, datasetInputs, type Dataset } from '../src/index.js';

function toy(n: number, classes: number): Dataset {
  const labels = Uint8Array.from({ length: n }, (_, i) => i % classes);
  const images = Uint8Array.from({ length: n * 3 }, (_, k) => (k * 31 + 7) & 255);
  return { name: 'toy', inputShape: [3], numClasses: classes, size: n, features: 3, images, labels };
}

describe('datasets: digest, checks and bounds', () => {
  it('datasetDigest is the CRC-32 of the pixels followed by the labels, as 8 hex digits', () => {
    const ds = toy(20, 4);
    const all = new Uint8Array(ds.images.length + ds.labels.length);
    all.set(ds.images);
    all.set(ds.labels, ds.images.length);
    expect(datasetDigest(ds)).to.equal(`crc32:${crc32(all).toString(16).padStart(8, '0')}`);
    expect(datasetDigest(ds)).to.match(/^crc32:[0-9a-f]{8}$/);
  });

  it('checkDataset refuses a label equal to numClasses and a published test set larger than the dataset, and accepts the bounds', () => {
    const ds = toy(10, 3);
    expect(checkDataset(ds)).to.deep.equal([]);
    const edge = toy(10, 3);
    edge.labels[4] = 3;
    expect(checkDataset(edge).map((d) => [d.code, d.pointer])).to.deep.equal([[DataCode.InconsistentDataset, '/labels/4']]);
    expect(checkDataset({ ...ds, standardTest: 10 })).to.deep.equal([]);
    expect(checkDataset({ ...ds, standardTest: 11 }).map((d) => d.pointer)).to.deep.equal(['/standardTest']);
  });

  it('datasetInputs refuses a readout one class short of the dataset, and accepts one of exactly its classes', () => {
    const base = { dataset: 'synthetic', datasetOptions: { classes: 4, features: 16, size: 40 }, samples: 4, T: 4, nIn: 16, seed: 0 };
    expect(datasetInputs({ ...base, classes: 4 }).inputs).to.not.equal(undefined);
    const r = datasetInputs({ ...base, classes: 3 });
    expect(r.inputs).to.equal(undefined);
    expect(r.diagnostics.map((d) => d.code)).to.include(DataCode.TooManyClasses);
  });

  it('the Bernoulli probability counts the uniforms below the bound exactly: ceil(level x maxRate / 255 x 2^32) of 2^32', () => {
    // 2^32 / 255 = 16843009.0039...: 16843010 uniforms 0..16843009 fall below it
    expect(bernoulliProbability(1, 1) * 2 ** 32).to.equal(16843010);
    expect(bernoulliProbability(0.5, 2) * 2 ** 32).to.equal(16843010);
    expect(bernoulliProbability(1, 255)).to.equal(1);
  });
});
