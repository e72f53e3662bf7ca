/**
 * SNNC5024 (sparse-encoding.ts, docs/datasets.md "Spike encoders"): the regular code's silent grey
 * levels and the least maxRate that makes level 1 spike, checked against the encoder's own rasters
 * for every image width, not only 784 pixels: the levels are silent "only when even the largest
 * phase of the image's pixels stays below a spike", so every pixel's phase counts.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { makeEncoder, sparseEncoding } from '../src/index.js';

const regular = (steps: number, maxRate: number) => makeEncoder('rate', { steps, maxRate, regular: 1 }).encoder!;
/** True when an image of `pixels` pixels, all of intensity `level`, spikes anywhere within the steps. */
const spikes = (steps: number, maxRate: number, level: number, pixels: number) => regular(steps, maxRate).raster(new Uint8Array(pixels).fill(level), 0).some((v) => v > 0);

describe('SNNC5024 for the regular code, against the rasters', () => {
  it('property: the silent levels it reports are exactly the levels whose image spikes nowhere, at any width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 400 }), (pixels, steps, m) => {
        const maxRate = m / 4000; // 0.00025 .. 0.1: sparse enough to leave levels silent
        let silent = 0;
        while (silent < 255 && !spikes(steps, maxRate, silent + 1, pixels)) silent++;
        const d = sparseEncoding(regular(steps, maxRate), pixels);
        if (silent === 0) return d === undefined;
        return d !== undefined && d.found!.startsWith(`${silent} level${silent === 1 ? '' : 's'} that never spike`);
      }),
      { numRuns: 120 },
    );
    // 4 pixels: the largest phase is the last pixel's (h_3), the one a short loop would miss
    const d = sparseEncoding(regular(16, 0.01), 4)!;
    const silent = Number(/^(\d+) level/.exec(d.found!)![1]);
    expect(silent).to.be.below(255);
    expect([spikes(16, 0.01, silent, 4), spikes(16, 0.01, silent + 1, 4)]).to.deep.equal([false, true]);
  });

  it('the fix names the least maxRate at which level 1 spikes: at it level 1 spikes, at the double just below it does not', () => {
    for (const [steps, pixels] of [[16, 784], [40, 4], [8, 100], [300, 1]]) {
      const d = sparseEncoding(regular(steps, 0.0001), pixels)!;
      const least = Number(/^maxRate (\S+) or more makes level 1 spike/.exec(d.fix!)![1]);
      expect(spikes(steps, least, 1, pixels), `${steps} ${pixels}`).to.equal(true);
      const below = least * (1 - 2 ** -52);
      expect(spikes(steps, below, 1, pixels), `${steps} ${pixels} below`).to.equal(false);
    }
  });
});
