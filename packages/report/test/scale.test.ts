import { expect } from 'chai';
import fc from 'fast-check';
import { finiteExtent, niceTicks, padExtent } from '../src/scale.js';

/**
 * The scales every chart is drawn on (scale.ts): the extent of the finite values, widened when it
 * is a single value, and ticks at 1, 2 or 5 times a power of ten, about `target` of them.
 */
describe('scale: extents and nice ticks', () => {
  it('the extent of a single finite value is that value, not "no data" (a one-point series was drawn on 0..1)', () => {
    expect(finiteExtent([7])).to.deep.equal({ min: 7, max: 7 });
    expect(finiteExtent([NaN, -3, Infinity])).to.deep.equal({ min: -3, max: -3 });
    expect(finiteExtent([NaN, -Infinity])).to.equal(undefined);
  });

  it('a degenerate extent is widened around its value, on either side of zero (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (v) => {
        const e = padExtent({ min: v, max: v });
        expect(e.min).to.be.below(v);
        expect(e.max).to.be.above(v);
        // symmetric: the value sits in the middle of its axis
        expect(e.max - v).to.be.closeTo(v - e.min, 1e-9 * Math.max(1, Math.abs(v)));
      }),
    );
    expect(padExtent({ min: -5, max: -5 })).to.deep.equal({ min: -5.5, max: -4.5 });
  });

  it('a span of exactly target steps of 1, 2 or 5 x 10^k is ticked at that step (the nearest nice step to span / target)', () => {
    for (const k of [-2, 0, 3]) {
      for (const m of [1, 2, 5]) {
        const step = m * 10 ** k;
        const t = niceTicks({ min: 0, max: 5 * step }, 5);
        expect(t.step, `step ${step}`).to.be.closeTo(step, step * 1e-9);
        expect(t.values, `step ${step}`).to.have.length(6);
      }
    }
  });

  it('a target below 1 is taken as 1 (one step across the extent), never an infinite or NaN step', () => {
    expect(niceTicks({ min: 0, max: 10 }, 0)).to.deep.equal(niceTicks({ min: 0, max: 10 }, 1));
    expect(niceTicks({ min: 0, max: 10 }, 0).values).to.deep.equal([0, 10]);
  });
});
