/**
 * The statistics snnc reports with its figures: mean, sample standard deviation, the Student-t
 * 95% interval of a mean over a few seeds, and the exact (Clopper-Pearson) binomial interval of
 * an accuracy measured on n samples.
 *
 * Both intervals need quantiles of the beta family. They are computed, not tabulated: the
 * regularized incomplete beta I_x(a, b) by its continued fraction (Numerical Recipes' betacf,
 * modified Lentz), inverted by bisection on [0, 1]. Bisection is slow (about 60 steps) but cannot
 * fail to converge, and these functions run a handful of times per report. Accuracy is that of
 * I_x itself, about 1e-13 for the small parameters used here (checked against SciPy in the tests).
 */

/** A two-sided interval [lo, hi] for a confidence level (e.g. 0.95). */
export interface Interval {
  lo: number;
  hi: number;
  level: number;
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n - 1 in the denominator); NaN below two values. */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

/**
 * The Student-t interval of the mean: mean ± t_{(1+level)/2, n-1} · s / √n. Needs n ≥ 2 (one seed
 * says nothing about the spread); with n < 2 the bounds are NaN. Assumes the values are a sample
 * of a roughly normal quantity, which accuracies over seeds are.
 */
export function meanInterval(xs: readonly number[], level = 0.95): Interval & { mean: number; std: number; n: number } {
  const n = xs.length;
  const m = mean(xs);
  const s = sampleStd(xs);
  if (n < 2) return { mean: m, std: s, n, lo: NaN, hi: NaN, level };
  const h = (studentTQuantile((1 + level) / 2, n - 1) * s) / Math.sqrt(n);
  return { mean: m, std: s, n, lo: m - h, hi: m + h, level };
}

/**
 * The exact (Clopper-Pearson) interval of a proportion after `successes` of `trials`: the bounds
 * are beta quantiles, so the coverage is at least `level` for every true proportion. The bounds
 * are 0 (no success) and 1 (all successes) exactly.
 */
export function binomialInterval(successes: number, trials: number, level = 0.95): Interval {
  if (!Number.isInteger(successes) || !Number.isInteger(trials) || trials < 1 || successes < 0 || successes > trials) {
    throw new RangeError(`binomialInterval needs integers 0 <= successes <= trials, trials >= 1; got ${successes} of ${trials}`);
  }
  const alpha = 1 - level;
  const lo = successes === 0 ? 0 : betaQuantile(alpha / 2, successes, trials - successes + 1);
  const hi = successes === trials ? 1 : betaQuantile(1 - alpha / 2, successes + 1, trials - successes);
  return { lo, hi, level };
}

/**
 * The p-quantile of Student's t with `df` degrees of freedom (df ≥ 1, 0 < p < 1). For t ≥ 0,
 * P(T ≤ t) = 1 − I_x(df/2, 1/2) / 2 with x = df / (df + t²); solve for x, then t = √(df (1−x) / x).
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`studentTQuantile needs 0 < p < 1 and df > 0; got p=${p}, df=${df}`);
  if (p === 0.5) return 0;
  const upper = p > 0.5 ? 1 - p : p; // tail mass beyond |t|
  const x = betaQuantile(2 * upper, df / 2, 0.5);
  const t = Math.sqrt((df * (1 - x)) / x);
  return p > 0.5 ? t : -t;
}

/** The x in [0, 1] with I_x(a, b) = p, by bisection (I_x is increasing in x). */
export function betaQuantile(p: number, a: number, b: number): number {
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200 && hi - lo > 1e-16; i++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (regularizedBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The regularized incomplete beta function I_x(a, b), a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** ln Γ(z) for z > 0 (Lanczos, g = 7, n = 9; relative error below 1e-15). */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const zz = z - 1;
  let x = c[0];
  for (let i = 1; i < g + 2; i++) x += c[i] / (zz + i);
  const t = zz + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (zz + 0.5) * Math.log(t) - t + Math.log(x);
}
