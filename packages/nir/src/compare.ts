/**
 * Spike-count agreement between the fixed-point network (the reference simulator running the
 * lowered integers, semantics §3) and the float64 simulation of the NIR graph (simulate.ts) on the
 * same input rasters. Per population: total spikes on each side and the per-neuron absolute count
 * difference (mean and max over neurons, summed over samples). The always-on bias population has
 * no NIR counterpart and is skipped.
 */
import type { LoweredNetwork } from '@snnc/ir';
import { ReferenceSimulator } from '@snnc/reference';
import type { NirNetwork } from './compose.js';
import { simulateFloat } from './simulate.js';

export interface PopulationAgreement {
  id: string;
  neurons: number;
  fixedSpikes: number;
  floatSpikes: number;
  /** mean over neurons of |count_fixed - count_float| */
  meanAbsDiff: number;
  maxAbsDiff: number;
  /** sum |diff| / max(1, sum of float counts): the relative count error */
  relativeError: number;
}

export function compareSpikeCounts(net: NirNetwork, lowered: LoweredNetwork, dt: number, delays: number[], rasters: Uint8Array[]): PopulationAgreement[] {
  const T = lowered.timesteps;
  const ref = new ReferenceSimulator(lowered, { learning: false });
  const off = new Int32Array(lowered.populations.length + 1);
  lowered.populations.forEach((p, i) => (off[i + 1] = off[i] + p.size));
  const fixedCounts = new Int32Array(off[lowered.populations.length]);
  const out = net.populations.map((p) => ({ id: p.id, neurons: p.size, fixedSpikes: 0, floatSpikes: 0, meanAbsDiff: 0, maxAbsDiff: 0, relativeError: 0 }));
  const absDiff = net.populations.map((p) => new Float64Array(p.size));
  const popIndex = new Map(lowered.populations.map((p, i) => [p.id, i]));
  for (const raster of rasters) {
    fixedCounts.fill(0);
    ref.runSample(raster, undefined, {
      onStep(view) {
        const s = view.spikes;
        for (let g = 0; g < s.length; g++) fixedCounts[g] += s[g];
      },
    });
    const fl = simulateFloat(net, dt, delays, raster, T);
    net.populations.forEach((p, k) => {
      if (p.type === 'Input') return;
      const li = popIndex.get(p.id)!;
      const fc = fl.counts.get(p.id)!;
      for (let n = 0; n < p.size; n++) {
        const a = fixedCounts[off[li] + n];
        out[k].fixedSpikes += a;
        out[k].floatSpikes += fc[n];
        absDiff[k][n] += Math.abs(a - fc[n]);
      }
    });
  }
  return out
    .map((o, k) => {
      let sum = 0;
      let max = 0;
      for (const d of absDiff[k]) {
        sum += d;
        if (d > max) max = d;
      }
      return { ...o, meanAbsDiff: sum / o.neurons, maxAbsDiff: max, relativeError: sum / Math.max(1, o.floatSpikes) };
    })
    .filter((_, k) => net.populations[k].type !== 'Input');
}

/**
 * The stated tolerance (docs/nir.md "Agreement"): per population over `samples` samples,
 *   mean_i |count_fixed,i - count_float,i| / samples <= 0.1 * (mean float count per neuron per sample) + 0.5
 *   |total_fixed - total_float| <= 0.05 * total_float + 0.05 * neurons * samples + 1
 * The relative parts cover weight quantisation (about 1-2 % rms per projection, compounding over
 * layers); the absolute parts cover neurons that sit at their threshold, where any rounding (decay
 * toward zero, the bias missing at step 0) flips one spike.
 */
export function withinTolerance(a: PopulationAgreement, samples: number): boolean {
  const perNeuronRate = a.floatSpikes / a.neurons / samples;
  const okNeuron = a.meanAbsDiff / samples <= 0.1 * perNeuronRate + 0.5;
  const okTotal = Math.abs(a.fixedSpikes - a.floatSpikes) <= 0.05 * a.floatSpikes + 0.05 * a.neurons * samples + 1;
  return okNeuron && okTotal;
}
