import { Rng } from '@snnc/common';
import type { LoweredModulatory, LoweredNetwork } from '@snnc/ir';
import { learning, network, pop, proj, srlif } from './helpers.js';

/**
 * A small random srsnn-shaped lowered network for property tests: in -> h (ff + rec, three-factor)
 * -> out (delta rule), one modulatory block on h. Everything from one seed.
 */
export interface RandomNetOptions {
  nin?: number;
  nh?: number;
  classes?: number;
  T?: number;
  density?: number;
  decayE?: number;
}

export function randomNet(seed: number, o: RandomNetOptions = {}): LoweredNetwork {
  const rng = new Rng(seed);
  const nin = o.nin ?? 12;
  const nh = o.nh ?? 10;
  const C = o.classes ?? 3;
  const T = o.T ?? 10;
  const dens = o.density ?? 0.5;
  const syn = (ns: number, nt: number, lo: number, hi: number, self = true) => {
    const out: Array<[number, number, number]> = [];
    for (let j = 0; j < ns; j++)
      for (let i = 0; i < nt; i++) if ((self || i !== j) && rng.float() < dens) out.push([j, i, rng.int(lo, hi)]);
    return out;
  };
  const int8 = (n: number) => Int8Array.from({ length: n }, () => rng.int(-127, 127));
  const M = 2;
  const block: LoweredModulatory = { population: 1, m: M, B: int8(C * nh), Wem: int8(M * nh), Wmh: int8(nh * M), emShift: 6, mhShift: 11 };
  return network(
    [
      pop(0, 'in', nin, null),
      pop(1, 'h', nh, srlif({ vth0: 400, vthMin: 100, vthMax: 4000, decayV: 512, rateShift: 3, targetRate: 600, etaThetaMant: 5, etaThetaShift: 6 })),
      pop(2, 'out', C, srlif({ vth0: 300, decayV: 256 }), { role: 'readout', classes: C, neuronsPerClass: 1 }),
    ],
    [
      proj(0, 0, 1, syn(nin, nh, -3, 12), { plasticity: 'threeFactor', learnMant: 7, learnShift: 16 }),
      proj(1, 1, 1, syn(nh, nh, -6, 6, false), { plasticity: 'threeFactor', learnMant: 5, learnShift: 16, kind: 'rec', delay: 2 }),
      proj(2, 1, 2, syn(nh, C, -2, 4), { plasticity: 'delta', learnMant: 3, learnShift: 2 }),
    ],
    T,
    learning({ readout: 2, gamma: 2, rival: 'strongest-other', decayE: o.decayE ?? 700, decayM: 300, modulatory: [block], roundingSeed: seed ^ 0x5a5a }),
  );
}

/** A Bernoulli raster T x n with probability p per entry. */
export function randomRaster(rng: Rng, T: number, n: number, p: number): Uint8Array {
  const r = new Uint8Array(T * n);
  for (let k = 0; k < r.length; k++) r[k] = rng.float() < p ? 1 : 0;
  return r;
}
