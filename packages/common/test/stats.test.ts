import { expect } from 'chai';
import fc from 'fast-check';
import { binomialInterval, logGamma, mean, meanInterval, regularizedBeta, sampleStd, studentTQuantile } from '../src/index.js';

/** Reference values from SciPy 1.17 (stats.t.ppf, stats.beta.ppf), to the digits printed. */
const T975: [number, number][] = [
  [1, 12.706204736174694], [2, 4.302652729749462], [3, 3.1824463052837078], [4, 2.7764451051977934],
  [5, 2.5705818356363146], [9, 2.262157162798205], [29, 2.045229642132703], [100, 1.9839715185235518],
];
const CLOPPER: [number, number, number, number][] = [
  [0, 10, 0, 0.3084971078187607],
  [5, 10, 0.18708602844739855, 0.8129139715526015],
  [10, 10, 0.6915028921812392, 1],
  [1, 3, 0.008403758659612636, 0.9057006759497539],
  [47, 50, 0.8345180533962271, 0.9874514121646659],
  [1904, 2000, 0.9416975076588543, 0.9609496629444231],
];

describe('common: stats', () => {
  it('mean and sample standard deviation (n - 1)', () => {
    expect(mean([1, 2, 3, 4])).to.equal(2.5);
    expect(sampleStd([2, 4, 4, 4, 5, 5, 7, 9])).to.be.closeTo(Math.sqrt(32 / 7), 1e-15);
    expect(Number.isNaN(mean([]))).to.equal(true);
    expect(Number.isNaN(sampleStd([1]))).to.equal(true);
  });

  it('logGamma matches factorials', () => {
    let f = 0;
    for (let n = 1; n < 60; n++) {
      expect(logGamma(n)).to.be.closeTo(f, 1e-12 * Math.max(1, f));
      f += Math.log(n);
    }
    expect(logGamma(0.5)).to.be.closeTo(Math.log(Math.sqrt(Math.PI)), 1e-14);
  });

  it('Student-t 97.5% quantiles equal SciPy to 1e-9', () => {
    for (const [df, t] of T975) expect(studentTQuantile(0.975, df), `df ${df}`).to.be.closeTo(t, 1e-9);
    expect(studentTQuantile(0.025, 3)).to.be.closeTo(-3.1824463052837078, 1e-9);
    expect(studentTQuantile(0.5, 7)).to.equal(0);
  });

  it('Clopper-Pearson bounds equal SciPy beta quantiles to 1e-9', () => {
    for (const [x, n, lo, hi] of CLOPPER) {
      const ci = binomialInterval(x, n);
      expect(ci.lo, `${x}/${n} lo`).to.be.closeTo(lo, 1e-9);
      expect(ci.hi, `${x}/${n} hi`).to.be.closeTo(hi, 1e-9);
    }
    expect(binomialInterval(0, 10).lo).to.equal(0);
    expect(binomialInterval(10, 10).hi).to.equal(1);
    expect(() => binomialInterval(11, 10)).to.throw(RangeError);
    expect(() => binomialInterval(1.5, 10)).to.throw(RangeError);
  });

  it('the t interval of three accuracies equals the hand computation', () => {
    const ci = meanInterval([0.952, 0.9545, 0.949]);
    expect(ci.mean).to.be.closeTo(0.9518333333333332, 1e-15);
    expect(ci.std).to.be.closeTo(0.0027537852736430803, 1e-15);
    expect(ci.lo).to.be.closeTo(0.9449925514850137, 1e-10);
    expect(ci.hi).to.be.closeTo(0.9586741151816527, 1e-10);
    const one = meanInterval([0.9]);
    expect(one.mean).to.equal(0.9);
    expect(Number.isNaN(one.lo) && Number.isNaN(one.hi)).to.equal(true);
  });

  it('property: the t interval is centred on the mean, contains it, and widens with the level', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 2, maxLength: 12 }), (xs) => {
        const a = meanInterval(xs, 0.9);
        const b = meanInterval(xs, 0.99);
        const eps = 1e-12;
        return (
          Math.abs(a.mean - (a.lo + a.hi) / 2) < eps &&
          a.lo <= a.mean + eps && a.mean <= a.hi + eps &&
          b.lo <= a.lo + eps && a.hi <= b.hi + eps
        );
      }),
    );
  });

  it('property: I_x(a, b) is monotone in x and symmetric, I_x(a, b) = 1 - I_{1-x}(b, a)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.5, max: 200, noNaN: true }), fc.double({ min: 0.5, max: 200, noNaN: true }),
        (x, y, a, b) => {
          const [u, v] = x < y ? [x, y] : [y, x];
          return regularizedBeta(u, a, b) <= regularizedBeta(v, a, b) + 1e-12 &&
            Math.abs(regularizedBeta(x, a, b) - (1 - regularizedBeta(1 - x, b, a))) < 1e-10;
        },
      ),
    );
  });

  it('property: the Clopper-Pearson interval holds the observed proportion and nests by level', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const x = Math.round(f * n);
        const a = binomialInterval(x, n, 0.9);
        const b = binomialInterval(x, n, 0.99);
        return 0 <= b.lo && b.lo <= a.lo && a.lo <= x / n && x / n <= a.hi && a.hi <= b.hi && b.hi <= 1;
      }),
      { numRuns: 60 },
    );
  });
});
