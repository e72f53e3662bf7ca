/**
 * The hot paths write into caller-owned buffers that the trainer reuses sample after sample and
 * epoch after epoch (encoder.ts: `encode` "writes every element of a caller-owned buffer"; split.ts:
 * epochOrder "writes into `out` when its length matches", and epoch e's order "does not depend on
 * how many epochs ran before"). Every other test hands them fresh buffers, where stale contents
 * cannot show: here the buffers hold the previous sample's output, or all ones, first.
 */
import fc from 'fast-check';
import { epochOrder, makeEncoder } from '../src/index.js';

const ENCODERS: [string, Record<string, number>][] = [
  ['rate', { steps: 6, maxRate: 0.7, seed: 2 }],
  ['rate', { steps: 6, maxRate: 0.7, regular: 1 }],
  ['rate', { steps: 6, maxRate: 0.7, graded: 1 }],
  ['latency', { steps: 6, threshold: 30 }],
  ['rows', { steps: 6, width: 4, threshold: 100 }],
  ['rows', { steps: 6, width: 4, graded: 1 }],
];

describe('reused buffers: encode and epochOrder overwrite what was there', () => {
  it('property: encoding into a buffer that held another raster (or all ones) gives the fresh raster, for every encoder', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.nat(1000), (a, b, key) => {
        for (const [name, options] of ENCODERS) {
          const enc = makeEncoder(name, options).encoder!;
          const fresh = enc.raster(b, key + 1);
          const reused = enc.raster(a, key);
          enc.encode(b, key + 1, reused);
          if (!Buffer.from(reused).equals(Buffer.from(fresh))) return false;
          const ones = new Uint8Array(fresh.length).fill(1);
          enc.encode(b, key + 1, ones);
          if (!Buffer.from(ones).equals(Buffer.from(fresh))) return false;
        }
        return true;
      }),
      { numRuns: 100 },
    );
  });

  it("property: epoch e's order in a reused buffer (holding any earlier epoch's, or zeros) is the order drawn fresh", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.nat(1000), fc.nat(30), fc.nat(30), (n, seed, e1, e2) => {
        const train = Uint32Array.from({ length: n }, (_, i) => i * 5 + 1);
        const buf = new Uint32Array(n);
        const zeros = epochOrder(train, seed, e2, buf);
        if (zeros !== buf) return false;
        const fresh = Array.from(epochOrder(train, seed, e2));
        if (Array.from(zeros).some((v, i) => v !== fresh[i])) return false;
        epochOrder(train, seed, e1, buf);
        return Array.from(epochOrder(train, seed, e2, buf)).every((v, i) => v === fresh[i]);
      }),
      { numRuns: 100 },
    );
  });
});
