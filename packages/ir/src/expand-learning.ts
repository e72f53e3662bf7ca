import type { Rng } from '@snnc/common';
import type { Learning } from './generated/spec.js';
import type { GraphModulatory, GraphPopulation } from './graph.js';
import { drawMatrix } from './weights.js';

/**
 * The fixed random matrices of one hidden population's modulatory block (§5.3-5.5):
 * B (C x N) from `feedback`, Wem (M x N) and Wmh (N x M) from `compression`. Each matrix has its
 * own stream keyed by the population id, independent of every projection's draws.
 */
export function buildModulatory(rng: Rng, pop: GraphPopulation, m: number, classes: number, l: Learning): GraphModulatory {
  const n = pop.size;
  return {
    population: pop.index,
    m,
    B: drawMatrix(l.feedback, rng.fork('feedback/' + pop.id), classes, n, classes),
    Wem: drawMatrix(l.compression, rng.fork('compression-em/' + pop.id), m, n, n),
    Wmh: drawMatrix(l.compression, rng.fork('compression-mh/' + pop.id), n, m, m),
  };
}
