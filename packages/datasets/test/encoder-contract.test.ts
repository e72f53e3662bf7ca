/**
 * The spike encoders against their written contract, computed here from the documents rather than
 * from the encoders' own helpers. The reference simulator and the emulator read the same rasters,
 * so a wrong code passes every differential test: only these pin it.
 *
 * - rate, Bernoulli (docs/datasets.md "Spike encoders", rate-encoder.ts's header): p = maxRate x I / 255,
 *   the uniform of (t, i) the keyed hash mix32(mix32(t N + i, k0), k1) with k0, k1 the first two
 *   words of Rng(seed).fork('rate').fork(sampleKey);
 * - rate, regular: pixel i spikes at step t iff floor(((t + 1) q + h_i) / Q) > floor((t q + h_i) / Q),
 *   q = I x round(maxRate x 2^16), Q = 255 x 2^16, h_i = floor(frac(0.618... x i) x Q);
 * - latency: one spike at floor((255 - I)(T - 1) / 255), none at or below the threshold;
 * - rows: row t thresholded (spike iff I > threshold).
 */
import { createHash } from 'node:crypto';
import { expect } from 'chai';
import fc from 'fast-check';
import { mix32, Rng } from '@snnc/common';
import { bernoulliProbability, makeEncoder } from '../src/index.js';

const Q = 255 * 65536;
/** h_i of docs/datasets.md, written out: the fractional part of 0.6180339887498949 x i, times Q, floored. */
const phase = (i: number): number => {
  const x = 0.6180339887498949 * i;
  return Math.floor((x - Math.floor(x)) * Q);
};

const sha = (a: Uint8Array): string => createHash('sha256').update(a).digest('hex').slice(0, 16);

describe('encoders: the written contract, computed independently of the encoders', () => {
  it('Bernoulli: every entry is the documented keyed draw against p = maxRate x I / 255 (seed, key, counter t N + i)', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 24 }),
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 0, max: 0xffffffff }),
        (img, steps, m64, seed, key) => {
          const maxRate = m64 / 64; // exact in binary, so the bound below is exact
          const r = makeEncoder('rate', { steps, maxRate, seed }).encoder!.raster(img, key);
          const keys = new Rng(seed).fork('rate').fork(key);
          const k0 = keys.uint32();
          const k1 = keys.uint32();
          const n = img.length;
          for (let t = 0; t < steps; t++)
            for (let i = 0; i < n; i++) {
              const u = mix32(mix32(t * n + i, k0), k1);
              // u / 2^32 < maxRate x I / 255, in integers
              const expected = u * 255 < img[i] * maxRate * 2 ** 32 ? 1 : 0;
              if (r[t * n + i] !== expected) return false;
            }
          return true;
        },
      ),
      { numRuns: 150 },
    );
  });

  it('Bernoulli: the probability is maxRate x I / 255 exactly (to 2^-32); a full pixel at maxRate 1 spikes at every one of 100,000 steps', () => {
    for (const maxRate of [1, 0.5, 0.25, 1 / 64])
      for (const level of [1, 2, 127, 128, 254, 255]) {
        const p = bernoulliProbability(maxRate, level);
        expect(Math.abs(p - (maxRate * level) / 255), `${maxRate} ${level}`).to.be.below(2 ** -31);
      }
    expect(bernoulliProbability(1, 255)).to.equal(1);
    const r = makeEncoder('rate', { steps: 100000, maxRate: 1, seed: 5 }).encoder!.raster(Uint8Array.from([255, 255]), 3);
    expect(r.every((v) => v === 1)).to.equal(true);
  });

  it('Bernoulli: the run seed selects the noise (docs/datasets.md: seeds differ in the rate encoder\'s noise), the key the sample\'s', () => {
    const img = new Uint8Array(64).fill(128);
    const a = makeEncoder('rate', { steps: 16, maxRate: 1, seed: 0 }).encoder!;
    const b = makeEncoder('rate', { steps: 16, maxRate: 1, seed: 1 }).encoder!;
    expect(sha(a.raster(img, 7))).to.not.equal(sha(b.raster(img, 7)));
    expect(sha(a.raster(img, 7))).to.not.equal(sha(a.raster(img, 8)));
  });

  it('regular: every entry is the documented train with the phase h_i = floor(frac(0.618... x i) x Q)', () => {
    expect([0, 1, 2, 3].map(phase)).to.deep.equal([0, 10328386, 3945092, 14273478]);
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 1000 }), (img, steps, m) => {
        const maxRate = m / 1000;
        const r = makeEncoder('rate', { steps, maxRate, regular: 1 }).encoder!.raster(img, 0);
        const k = Math.round(maxRate * 65536);
        const n = img.length;
        for (let i = 0; i < n; i++) {
          const q = img[i] * k;
          const h = phase(i);
          for (let t = 0; t < steps; t++) {
            const expected = Math.floor(((t + 1) * q + h) / Q) > Math.floor((t * q + h) / Q) ? 1 : 0;
            if (r[t * n + i] !== expected) return false;
          }
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  it('latency: exactly one spike at floor((255 - I)(T - 1) / 255) for I above the threshold, none at or below it (every level, every threshold 0..254)', () => {
    const img = Uint8Array.from({ length: 256 }, (_, i) => i);
    for (const steps of [1, 2, 5, 16, 32, 256])
      for (let threshold = 0; threshold < 255; threshold += 17) {
        const r = makeEncoder('latency', { steps, threshold }).encoder!.raster(img, 0);
        for (let i = 0; i < 256; i++) {
          const at = i > threshold ? Math.floor(((255 - i) * (steps - 1)) / 255) : -1;
          for (let t = 0; t < steps; t++) if (r[t * 256 + i] !== (t === at ? 1 : 0)) expect.fail(`steps ${steps} threshold ${threshold} level ${i} step ${t}`);
        }
      }
  });

  it('rows: a pixel equal to the threshold is silent, one above it spikes (every threshold)', () => {
    for (let threshold = 0; threshold < 255; threshold++) {
      const r = makeEncoder('rows', { steps: 1, width: 3, threshold }).encoder!.raster(Uint8Array.from([threshold, threshold + 1, Math.max(0, threshold - 1)]), 0);
      expect(Array.from(r), String(threshold)).to.deep.equal([0, 1, 0]);
    }
  });

  it('the rasters of one fixed image are the bytes they were (commit 90b05be): a checkpoint rebuilds the encoder from its record and must present what training did', () => {
    const img = Uint8Array.from({ length: 49 }, (_, i) => (i * 37 + 11) & 255);
    const got = {
      bernoulli: sha(makeEncoder('rate', { steps: 16, maxRate: 1, seed: 3 }).encoder!.raster(img, 12345)),
      bernoulliHalf: sha(makeEncoder('rate', { steps: 16, maxRate: 0.5, seed: 0 }).encoder!.raster(img, 0)),
      regular: sha(makeEncoder('rate', { steps: 16, maxRate: 1, regular: 1 }).encoder!.raster(img, 0)),
      regularSlow: sha(makeEncoder('rate', { steps: 40, maxRate: 0.3, regular: 1 }).encoder!.raster(img, 0)),
      graded: sha(makeEncoder('rate', { steps: 4, maxRate: 0.7, graded: 1 }).encoder!.raster(img, 0)),
      latency: sha(makeEncoder('latency', { steps: 16, threshold: 20 }).encoder!.raster(img, 0)),
      rows: sha(makeEncoder('rows', { steps: 9, width: 7, threshold: 127 }).encoder!.raster(img, 0)),
    };
    expect(got).to.deep.equal(GOLDEN);
  });
});

const GOLDEN = {
  bernoulli: 'f8d2f4a11ea8ac79',
  bernoulliHalf: '2fab3e877a0b484b',
  regular: 'ab71dd5b6d3b0c59',
  regularSlow: 'f2c65c49875c42cb',
  graded: 'c38561daf98721df',
  latency: '1278e5a1584b2f70',
  rows: '38a32240d37241a4',
};
