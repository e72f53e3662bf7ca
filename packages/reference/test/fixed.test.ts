import { expect } from 'chai';
import fc from 'fast-check';
import { decay, eligibilityTable, floorDiv, fmix, hash4, sat, sat24, stochasticRound, wrap24 } from '../src/index.js';

// Independent BigInt model of §1.3 (no shared arithmetic with the implementation under test).
const M32 = (1n << 32n) - 1n;
function fmixBig(h: bigint): bigint {
  h &= M32;
  h ^= h >> 16n;
  h = (h * 0x85ebca6bn) & M32;
  h ^= h >> 13n;
  h = (h * 0xc2b2ae35n) & M32;
  h ^= h >> 16n;
  return h;
}
const mixBig = (a: bigint, b: bigint) => fmixBig(a ^ ((b * 0x9e3779b1n) & M32));

describe('§1 primitives', () => {
  it('§1.1 decay rounds toward zero', () => {
    expect(decay(100, 2048)).to.equal(50);
    expect(decay(101, 2048)).to.equal(50);
    expect(decay(-101, 2048)).to.equal(-50);
    expect(decay(-1, 1)).to.equal(0);
    expect(decay(12345, 0)).to.equal(12345);
    expect(decay(-12345, 4096)).to.equal(0);
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 23), max: 2 ** 23 - 1 }), fc.integer({ min: 0, max: 4096 }), (x, d) => {
        const y = decay(x, d);
        return Math.abs(y) <= Math.abs(x) && (y === 0 || Math.sign(y) === Math.sign(x)) && decay(-x, d) === -y;
      }),
    );
  });

  it('§1.2 saturation and wrap', () => {
    expect(sat24(2 ** 23)).to.equal(2 ** 23 - 1);
    expect(sat24(-(2 ** 23) - 5)).to.equal(-(2 ** 23));
    expect(sat(40000, 16)).to.equal(32767);
    expect(wrap24(2 ** 23)).to.equal(-(2 ** 23));
    expect(wrap24(-(2 ** 23) - 1)).to.equal(2 ** 23 - 1);
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), (x) => {
        const w = wrap24(x);
        return w >= -(2 ** 23) && w < 2 ** 23 && (x - w) % 2 ** 24 === 0;
      }),
    );
  });

  it('floorDiv agrees with a BigInt model for |a| < 2^40 (§4: floor(256 v / vth), negative v included)', () => {
    expect([floorDiv(-32768, 255), floorDiv(-16384, 255), floorDiv(32768, 255), floorDiv(-512, 256)]).to.deep.equal([-129, -65, 128, -2]);
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 1, max: 2 ** 31 }), (a, b) => {
        const q = BigInt(a) / BigInt(b);
        return floorDiv(a, b) === Number(BigInt(a) % BigInt(b) < 0n ? q - 1n : q);
      }),
    );
  });

  it('§1.3 hash agrees with a BigInt model', () => {
    expect(fmix(0)).to.equal(0);
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.nat(), fc.nat(), (s, a, b, c) => {
        const want = mixBig(mixBig(mixBig(BigInt(s >>> 0), BigInt(a >>> 0)), BigInt(b >>> 0)), BigInt(c >>> 0));
        return hash4(s, a, b, c) === Number(want);
      }),
    );
  });

  it('§1.4 stochastic rounding: identity at s = 0, floor or ceil, unbiased', () => {
    expect(stochasticRound(-37, 0, 1, 2, 3, 4)).to.equal(-37);
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 30), max: 2 ** 30 }), fc.integer({ min: 1, max: 30 }), fc.nat(), (x, s, k) => {
        const r = stochasticRound(x, s, 9, 1, 2, k);
        const lo = Math.floor(x / 2 ** s);
        const expect1 = Math.floor((x + (hash4(9, 1, 2, k) % 2 ** s)) / 2 ** s);
        return (r === lo || r === lo + 1) && r === expect1;
      }),
    );
    // E[R(x, s)] = x / 2^s: -3000 / 4096 = -0.732...
    let sum = 0;
    const n = 20000;
    for (let k = 0; k < n; k++) sum += stochasticRound(-3000, 12, 5, 0, 1, k);
    expect(sum / n).to.be.closeTo(-3000 / 4096, 0.02);
  });

  it('§5.2 eligibility table recurrence', () => {
    expect(Array.from(eligibilityTable(2048, 5))).to.deep.equal([4096, 2048, 1024, 512, 256]);
    expect(Array.from(eligibilityTable(0, 3))).to.deep.equal([4096, 4096, 4096]);
    expect(Array.from(eligibilityTable(1000, 3))).to.deep.equal([4096, 3096, 2340]);
  });
});
