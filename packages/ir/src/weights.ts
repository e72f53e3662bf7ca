import type { Rng } from '@snnc/common';
import type { WeightDist } from './generated/spec.js';
import { fanIn } from './synapses.js';

/**
 * Draws one weight per synapse, in canonical synapse order, from a dedicated stream (so the
 * topology draws and the weight draws never depend on each other). With scaleByFanIn each draw is
 * divided by sqrt(fan-in of its postsynaptic neuron within this projection).
 */
export function drawWeights(dist: WeightDist, rng: Rng, post: Uint32Array, nPost: number): Float64Array {
  const n = post.length;
  const w = new Float64Array(n);
  fillDist(dist, rng, w);
  if (dist.scaleByFanIn) {
    const fin = fanIn(post, nPost);
    for (let s = 0; s < n; s++) w[s] /= Math.sqrt(fin[post[s]]);
  }
  return w;
}

/** The parameters of a distribution that carry its scale (every one but the shape), as [name, value]. */
export function distScaleParams(d: WeightDist): [string, number][] {
  if (d.dist === 'normal') return d.mean === 0 ? [['std', d.std]] : [['mean', d.mean], ['std', d.std]];
  if (d.dist === 'uniform') return [['low', d.low], ['high', d.high]];
  return [['value', d.value]];
}

/** A distribution's scale as diagnostics print it: "std 1", "mean 0.5, std 2", "low -1, high 1", "value 0". */
export function distScaleText(d: WeightDist): string {
  return distScaleParams(d).map(([k, v]) => `${k} ${v}`).join(', ');
}

/** Fills `out` with draws of `dist` (no fan-in scaling). */
export function fillDist(dist: WeightDist, rng: Rng, out: Float64Array): void {
  const n = out.length;
  switch (dist.dist) {
    case 'normal':
      for (let s = 0; s < n; s++) out[s] = dist.mean + dist.std * rng.normal();
      break;
    case 'uniform': {
      const span = dist.high - dist.low;
      for (let s = 0; s < n; s++) out[s] = dist.low + span * rng.float();
      break;
    }
    case 'constant':
      out.fill(dist.value);
      break;
  }
}

/** A dense random matrix (rows x cols, row-major); scaleByFanIn divides by sqrt(fanInDim). */
export function drawMatrix(dist: WeightDist, rng: Rng, rows: number, cols: number, fanInDim: number): Float64Array {
  const m = new Float64Array(rows * cols);
  fillDist(dist, rng, m);
  if (dist.scaleByFanIn) {
    const k = 1 / Math.sqrt(fanInDim);
    for (let i = 0; i < m.length; i++) m[i] *= k;
  }
  return m;
}
