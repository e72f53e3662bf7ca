import { binomialInterval, meanInterval } from '@snnc/common';
import type { CompleteRun } from './checkpoint.js';

/**
 * Figures over several run seeds (`snnc train --seeds N`): per seed, and as mean ± sample
 * standard deviation with a 95% Student-t interval of the mean (docs/datasets.md). All seeds share
 * the split (the split seed is not the run seed), so they are scored on the same test samples.
 */
export interface SeedFigure {
  mean: number;
  /** sample standard deviation (n - 1); null for one seed */
  std: number | null;
  /** 95% Student-t interval of the mean, clipped to [0, 1]; null for one seed */
  lo: number | null;
  hi: number | null;
  level: number;
  n: number;
}

export interface SeedsSummary {
  seeds: number[];
  validation: SeedFigure;
  test: SeedFigure;
}

export function summariseSeeds(runs: readonly Pick<CompleteRun, 'seed' | 'validationAccuracy' | 'testAccuracy'>[], level = 0.95): SeedsSummary {
  const figure = (xs: number[]): SeedFigure => {
    const ci = meanInterval(xs, level);
    const num = (v: number) => (Number.isFinite(v) ? v : null);
    // an accuracy lies in [0, 1]; the t-interval of a few seeds can reach past it, so it is clipped
    return { mean: ci.mean, std: num(ci.std), lo: num(Math.max(0, ci.lo)), hi: num(Math.min(1, ci.hi)), level, n: xs.length };
  };
  return {
    seeds: runs.map((r) => r.seed),
    validation: figure(runs.map((r) => r.validationAccuracy)),
    test: figure(runs.map((r) => r.testAccuracy)),
  };
}

/** Seeds first .. first + count - 1, or undefined when they leave the 32-bit range. */
export function seedRange(first: number, count: number): number[] | undefined {
  if (!Number.isInteger(first) || !Number.isInteger(count) || first < 0 || count < 1 || first + count - 1 > 0xffffffff) return undefined;
  return Array.from({ length: count }, (_, k) => first + k);
}

/** "95.18 ± 0.28% [94.50, 95.87] (95% t-interval, 3 seeds)"; one seed: "95.18%". */
export function formatSeedFigure(f: SeedFigure): string {
  const p = (x: number) => (100 * x).toFixed(2);
  if (f.std === null || f.lo === null || f.hi === null) return `${p(f.mean)}%`;
  return `${p(f.mean)} ± ${p(f.std)}% [${p(f.lo)}, ${p(f.hi)}] (${Math.round(100 * f.level)}% t-interval, ${f.n} seeds)`;
}

/** "95.20% (1904/2000) [94.17, 96.09]": one run's accuracy with its exact 95% binomial interval. */
export function formatAccuracy(correct: number, samples: number): string {
  if (samples === 0) return 'n/a (0 samples)';
  const ci = binomialInterval(correct, samples);
  const p = (x: number) => (100 * x).toFixed(2);
  return `${p(correct / samples)}% (${correct}/${samples}) [${p(ci.lo)}, ${p(ci.hi)}]`;
}
