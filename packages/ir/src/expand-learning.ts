import { diag, DiagnosticError, type Diagnostic, type Rng } from '@snnc/common';
import { Codes } from './codes.js';
import type { Learning } from './generated/spec.js';
import type { GraphModulatory, GraphPopulation, GraphProjection } from './graph.js';
import { readoutDecoder, readoutShares } from './feedback-wiring.js';
import { salParamsOf } from './sal.js';
import { distScaleText, drawMatrix } from './weights.js';

/** Default of learning.feedbackGain (docs/spec-format.md "Learning"). */
export const FEEDBACK_GAIN_DEFAULT = 0.1;

/**
 * The fixed matrices of one hidden population's modulatory block (§5.3-5.5):
 * B (C x N) from `feedback`, Wem (M x N) and Wmh (N x M) from `compression`. Each matrix has its
 * own stream keyed by the population id, independent of every projection's draws.
 * With `feedbackWiring: "readout"` Wmh is the decoder solved from B, Wem and the population's
 * long-range synapses into `readout` (feedback-wiring.ts); its random draw is not used.
 * `layer` (hidden-layer order) selects the pathway's feedback rule (sal.ts).
 */
export function buildModulatory(
  rng: Rng,
  pop: GraphPopulation,
  m: number,
  classes: number,
  l: Learning,
  wiring?: { readout: GraphPopulation; projections: readonly GraphProjection[] },
  layer = 0,
): GraphModulatory {
  const n = pop.size;
  const B = drawMatrix(l.feedback, rng.fork('feedback/' + pop.id), classes, n, classes);
  const Wem = drawMatrix(l.compression, rng.fork('compression-em/' + pop.id), m, n, n);
  let Wmh: Float64Array | null;
  if (l.feedbackWiring === 'readout') {
    if (!wiring) throw new Error('feedbackWiring "readout" needs the readout population and the projections');
    const share = readoutShares(pop, wiring.readout, wiring.projections, classes);
    Wmh = readoutDecoder(B, Wem, n, m, classes, share, l.feedbackGain ?? FEEDBACK_GAIN_DEFAULT);
    // The semantic check (SNNC2019) refuses M < C and constant distributions; what is left is a
    // random M x C matrix of full rank with probability 1, unless its scale leaves the range of a
    // double: B and Wem drawn at 1e-300 make Wem B^T underflow to 0 (singular), at 1e200 overflow
    // (a decoder of NaN, which the lowering quantised to zeros: no learning, in silence).
    if (!Wmh || !Wmh.every(Number.isFinite)) throw new DiagnosticError([unsolvableDecoder(pop.id, l)]);
  } else {
    Wmh = drawMatrix(l.compression, rng.fork('compression-mh/' + pop.id), n, m, m);
  }
  // §5.10: a SAL pathway carries its real parameters; a fixed one nothing (hashes unchanged)
  const sal = salParamsOf(l, layer);
  return { population: pop.index, m, B, Wem, Wmh, ...(sal ? { sal } : {}) };
}

/** SNNC2019: the readout decoder of `id` cannot be solved in double precision (the scale of B and Wem). */
function unsolvableDecoder(id: string, l: Learning): Diagnostic {
  return diag(Codes.feedbackWiring, `feedbackWiring "readout" cannot solve the decoder of "${id}": Wem B^T, at the scale of these feedback and compression draws, leaves the range of a double (underflow to 0 or overflow)`, {
    pointer: '/learning/feedback',
    expected: 'feedback and compression drawn at a scale near 1 (the decoder is scale-free: only their product matters)',
    found: `feedback ${distScaleText(l.feedback)}, compression ${distScaleText(l.compression)}`,
    fix: 'draw feedback and compression with std near 1',
  });
}
