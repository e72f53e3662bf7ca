/**
 * The figures over several run seeds (`snnc train --seeds N`, docs/results.md: mean ± sample sd and
 * the 95% Student-t interval of the mean) against values worked out by hand, not against the
 * function that computes them: a t quantile of another df (n instead of n - 1), sqrt(n - 1), a
 * one-sided quantile, validation and test swapped or an interval left unclipped all change these
 * numbers. No training: the run records are written out.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { formatAccuracy, formatSeedFigure, seedRange, summariseSeeds, type SeedFigure } from '../src/index.js';

/** Student's t 0.975 quantiles, df 1..6 (any table; R: qt(0.975, df)). */
const T975 = [NaN, 12.706204736174698, 4.302652729749464, 3.182446305284263, 2.776445105197799, 2.570581835636314, 2.446911851144969];

const run = (seed: number, validationAccuracy: number, testAccuracy: number) => ({ seed, validationAccuracy, testAccuracy });

describe('several seeds: mean ± sd and the 95% t-interval, by hand', () => {
  it('three seeds: sd with n - 1, the t quantile of 2 degrees of freedom, validation and test kept apart', () => {
    const s = summariseSeeds([run(7, 0.8, 0.9), run(8, 0.82, 0.92), run(9, 0.84, 0.94)]);
    expect(s.seeds).to.deep.equal([7, 8, 9]);
    // test: mean 0.92, sd sqrt(((0.02)^2 + 0 + (0.02)^2) / 2) = 0.02, half width t(0.975, 2) x 0.02 / sqrt(3)
    const h = (4.302652729749464 * 0.02) / Math.sqrt(3);
    expect(s.test.mean).to.be.closeTo(0.92, 1e-12);
    expect(s.test.std).to.be.closeTo(0.02, 1e-12);
    expect(s.test.lo).to.be.closeTo(0.92 - h, 1e-9);
    expect(s.test.hi).to.be.closeTo(0.92 + h, 1e-9);
    expect([s.test.level, s.test.n]).to.deep.equal([0.95, 3]);
    // validation from the validation accuracies only (a swap gave 0.92 here)
    expect(s.validation.mean).to.be.closeTo(0.82, 1e-12);
    expect(s.validation.lo).to.be.closeTo(0.82 - h, 1e-9);
    expect(s.validation.hi).to.be.closeTo(0.82 + h, 1e-9);
    expect(s.validation.n).to.equal(3);
  });

  it('prints mean ± sd (not the standard error) and the interval, as docs/results.md reports it', () => {
    const s = summariseSeeds([run(0, 0.8, 0.9), run(1, 0.82, 0.92), run(2, 0.84, 0.94)]);
    expect(formatSeedFigure(s.test)).to.equal('92.00 ± 2.00% [87.03, 96.97] (95% t-interval, 3 seeds)');
    expect(formatSeedFigure(s.validation)).to.equal('82.00 ± 2.00% [77.03, 86.97] (95% t-interval, 3 seeds)');
    const one = summariseSeeds([run(0, 0.8, 0.9)]);
    expect(formatSeedFigure(one.test)).to.equal('90.00%');
  });

  it('an interval past [0, 1] is clipped to it: two seeds 0.5 and 0.6 (t(0.975, 1) = 12.7)', () => {
    const s = summariseSeeds([run(0, 0.5, 0.5), run(1, 0.6, 0.6)]);
    expect(s.test.lo).to.equal(0);
    expect(s.test.hi).to.equal(1);
    // inside [0, 1] nothing is clipped: 0.2, 0.21 (half width 12.7 x 0.00707 / sqrt 2 = 0.0635)
    const t = summariseSeeds([run(0, 0.2, 0.2), run(1, 0.21, 0.21)]);
    const h = (12.706204736174698 * Math.SQRT1_2 * 0.01) / Math.SQRT2;
    expect(t.test.hi).to.be.closeTo(0.205 + h, 1e-9);
    expect(t.test.lo).to.be.closeTo(0.205 - h, 1e-9);
  });

  it('property: for 2..6 seeds the half width is t(0.975, n - 1) sd / sqrt(n) around the mean, sd with n - 1, whatever the test part holds', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 300, max: 700 }), fc.integer({ min: 0, max: 1000 })), { minLength: 2, maxLength: 6 }), (xs) => {
        const v = xs.map(([a]) => a / 1000);
        const runs = xs.map(([a, b], k) => run(k, a / 1000, b / 1000));
        const s = summariseSeeds(runs);
        const n = v.length;
        const mean = v.reduce((x, y) => x + y, 0) / n;
        const sd = Math.sqrt(v.reduce((x, y) => x + (y - mean) ** 2, 0) / (n - 1));
        const h = (T975[n - 1] * sd) / Math.sqrt(n);
        const f: SeedFigure = s.validation;
        expect(f.n).to.equal(n);
        expect(f.mean).to.be.closeTo(mean, 1e-12);
        expect(f.std).to.be.closeTo(sd, 1e-9);
        expect(f.lo).to.be.closeTo(Math.max(0, mean - h), 1e-9);
        expect(f.hi).to.be.closeTo(Math.min(1, mean + h), 1e-9);
      }),
      { numRuns: 200, seed: 5 },
    );
  });

  it('one run: its accuracy with the exact 95% binomial interval (docs example 1904/2000)', () => {
    expect(formatAccuracy(1904, 2000)).to.equal('95.20% (1904/2000) [94.17, 96.09]');
    expect(formatAccuracy(0, 0)).to.equal('n/a (0 samples)');
  });

  it('seed ranges reach the last 32-bit seed and no further', () => {
    expect(seedRange(0xfffffffe, 2)).to.deep.equal([0xfffffffe, 0xffffffff]);
    expect(seedRange(0xffffffff, 1)).to.deep.equal([0xffffffff]);
    expect(seedRange(0xffffffff, 2)).to.equal(undefined);
    expect(seedRange(0, 0)).to.equal(undefined);
    expect(seedRange(5, 1)).to.deep.equal([5]);
  });
});
