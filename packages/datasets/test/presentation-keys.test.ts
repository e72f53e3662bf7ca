/**
 * The encoder keys of presentations (presentation.ts, docs/datasets.md "The protocol" and "Spike
 * encoders"): training presentation (i, e) gets trainKey(i, e, size), fresh every epoch; evaluation
 * (validation, test) always the sample's dataset index, testKey(i) = i, so that `snnc evaluate`
 * sees the very rasters the run evaluated on, and test images are never shifted. The reference
 * and the emulator are handed the same rasters, so a wrong key passes every differential test.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { datasetInputs, epochOrder, loadDataset, makeEncoder, sampleImage, splitParts, testKey, trainKey, TRAIN_DEFAULTS } from '../src/index.js';

describe('presentation keys', () => {
  it('property: a training key is distinct for every (sample, epoch) and from every evaluation key, up to the most epochs a run may have', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70000 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: TRAIN_DEFAULTS.maxEpochs - 1 }), fc.integer({ min: 0, max: TRAIN_DEFAULTS.maxEpochs - 1 }), (size, a, b, e1, e2) => {
        const i = a % size;
        const j = b % size;
        if (trainKey(i, e1, size) === testKey(j)) return false;
        return (i === j && e1 === e2) === (trainKey(i, e1, size) === trainKey(j, e2, size));
      }),
      { numRuns: 2000 },
    );
    // the epoch-0 key of sample 0 is not its evaluation key
    expect(trainKey(0, 0, 10)).to.not.equal(testKey(0));
    expect(testKey(123)).to.equal(123);
  });

  it('snnc verify --dataset: the test samples after the training ones are encoded with their dataset index, unshifted; the training ones with their epoch-0 key', function () {
    this.timeout(20000);
    if (!loadDataset('mnist').dataset) this.skip();
    const ds = loadDataset('mnist').dataset!;
    const seed = 4;
    const K = 6;
    const M = 5;
    // Bernoulli (MNIST's default code) at the trainer's maxRate, so the key decides the raster
    const enc = makeEncoder('rate', { steps: 8, maxRate: TRAIN_DEFAULTS.maxRate, seed }).encoder!;
    const v = datasetInputs({ dataset: 'mnist', samples: K, testSamples: M, T: 8, nIn: 784, classes: 10, seed, augmentShift: 0 }).inputs!;
    const parts = splitParts(ds, { train: K, validation: 0, test: M }).parts!;
    const order = epochOrder(parts.train, seed, 0);
    for (let k = 0; k < K; k++) {
      const i = order[k];
      expect(Buffer.from(v.raster(k)).equals(Buffer.from(enc.raster(sampleImage(ds, i), trainKey(i, 0, ds.size)))), `train ${k}`).to.equal(true);
      expect(v.labels[k]).to.equal(ds.labels[i]);
    }
    // with the default 1-pixel training shift too: test samples are never moved
    const shifted = datasetInputs({ dataset: 'mnist', samples: K, testSamples: M, T: 8, nIn: 784, classes: 10, seed }).inputs!;
    for (let m = 0; m < M; m++) {
      const i = parts.test[m];
      const want = Buffer.from(enc.raster(sampleImage(ds, i), testKey(i)));
      expect(Buffer.from(v.raster(K + m)).equals(want), `test ${m}`).to.equal(true);
      expect(Buffer.from(shifted.raster(K + m)).equals(want), `test ${m}, shift 1`).to.equal(true);
      expect(v.labels[K + m]).to.equal(ds.labels[i]);
    }
  });
});
