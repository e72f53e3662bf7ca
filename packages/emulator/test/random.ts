/** Random small networks and placements for property tests (fast-check arbitraries). */
import fc from 'fast-check';
import type { CompartmentConfig } from '@snnc/image';
import type { MeshSpec, Net, Proj } from './build.js';

export const MESH: MeshSpec = { meshX: 2, meshY: 2, coresPerTile: 2, chipsX: 2, chipsY: 1 };
export const SYSTEM_CORES = 16;

const srlifArb: fc.Arbitrary<CompartmentConfig> = fc.record({
  model: fc.constant('srlif' as const),
  decayV: fc.integer({ min: 0, max: 4096 }),
  vth0: fc.integer({ min: 50, max: 400 }),
  vthMin: fc.constant(20),
  vthMax: fc.constant(800),
  bias: fc.integer({ min: -5, max: 30 }),
  rateShift: fc.integer({ min: 0, max: 6 }),
  targetRate: fc.integer({ min: 0, max: 2048 }),
  etaThetaMant: fc.integer({ min: 0, max: 8 }),
  etaThetaShift: fc.integer({ min: 0, max: 6 }),
});
const cubaArb: fc.Arbitrary<CompartmentConfig> = fc.record({
  model: fc.constant('cuba' as const),
  decayU: fc.integer({ min: 0, max: 4095 }),
  decayV: fc.integer({ min: 0, max: 4096 }),
  vthMant: fc.integer({ min: 1, max: 8 }),
  biasMant: fc.integer({ min: -4, max: 8 }),
  biasExp: fc.integer({ min: 0, max: 4 }),
  refractory: fc.integer({ min: 0, max: 2 }),
});

function projArb(source: number, target: number, nPre: number, nPost: number, rule?: 'threeFactor' | 'delta'): fc.Arbitrary<Proj> {
  return fc.record({
    mask: fc.array(fc.boolean(), { minLength: nPre * nPost, maxLength: nPre * nPost }),
    w: fc.array(fc.integer({ min: -30, max: 60 }), { minLength: nPre * nPost, maxLength: nPre * nPost }),
    delay: fc.integer({ min: 1, max: 3 }),
    weightExp: fc.integer({ min: -2, max: 1 }),
    learnMant: fc.integer({ min: 1, max: 8 }),
    learnShift: fc.integer({ min: 0, max: 12 }),
  }).map(({ mask, w, delay, weightExp, learnMant, learnShift }) => {
    const syn: Array<[number, number, number]> = [];
    for (let a = 0; a < nPre; a++) for (let b = 0; b < nPost; b++) if (mask[a * nPost + b]) syn.push([a, b, w[a * nPost + b]]);
    return { source, target, syn, delay, weightExp, ...(rule ? { rule, learnMant, learnShift } : {}) };
  });
}

/** input (In) -> hidden srlif (H) -> recurrent H -> cuba (C) ; H -> readout (R, delta) ; In -> H three-factor */
export const netArb: fc.Arbitrary<Net> = fc
  .record({ nIn: fc.integer({ min: 1, max: 4 }), nH: fc.integer({ min: 1, max: 5 }), nC: fc.integer({ min: 1, max: 3 }), T: fc.integer({ min: 2, max: 10 }) })
  .chain(({ nIn, nH, nC, T }) =>
    fc.record({
      h: srlifArb,
      c: cubaArb,
      r: srlifArb,
      p0: projArb(0, 1, nIn, nH, 'threeFactor'),
      p1: projArb(1, 1, nH, nH),
      p2: projArb(1, 2, nH, nC),
      p3: projArb(1, 3, nH, 2, 'delta'),
      p4: projArb(2, 3, nC, 2),
      m: fc.integer({ min: 1, max: 2 }),
      mats: fc.array(fc.integer({ min: -128, max: 127 }), { minLength: 4 * nH + 4 * nH, maxLength: 4 * nH + 4 * nH }),
      gamma: fc.integer({ min: 0, max: 6 }),
      rival: fc.constantFrom('winner' as const, 'strongest-other' as const),
      decayE: fc.integer({ min: 0, max: 4096 }),
      seed: fc.nat(),
    }).map(({ h, c, r, p0, p1, p2, p3, p4, m, mats, gamma, rival, decayE, seed }): Net => ({
      timesteps: T,
      classes: 2,
      pops: [
        { name: 'in', size: nIn, input: true },
        { name: 'H', size: nH, config: h, modBlock: 0 },
        { name: 'C', size: nC, config: c },
        { name: 'R', size: 2, config: r, readout: { npc: 1 } },
      ],
      projs: [p0, p1, p2, p3, p4],
      learning: {
        gamma, rival, decayE, decayM: 512, roundingSeed: seed,
        // §5.2 causal pairing for about half the networks (a bit of the seed, so the other fields are unchanged)
        eligibility: (seed >>> 20) & 1,
        // §4 potential score (the readout R is srlif) for about half, from another bit: the readout's
        // v and vth are then read across shares (threads), placements and releases alike
        readoutScore: (seed >>> 21) & 1,
        tanhTable: Int32Array.from({ length: 256 }, (_, i) => Math.round(127 * Math.tanh((i - 128) / 40))),
        blocks: [{
          population: 1, n: nH, m,
          B: Int8Array.from(mats.slice(0, 2 * nH)),
          Wem: Int8Array.from(mats.slice(2 * nH, 2 * nH + m * nH)),
          Wmh: Int8Array.from(mats.slice(4 * nH, 4 * nH + nH * m)),
          emShift: 2, mhShift: 3,
        }],
      },
    })),
  );

/** A random placement: every non-input neuron on one of the system's cores. */
export function placementArb(net: Net): fc.Arbitrary<number[][]> {
  return fc.tuple(...net.pops.map((p) => fc.array(fc.integer({ min: 0, max: SYSTEM_CORES - 1 }), { minLength: p.input ? 0 : p.size, maxLength: p.input ? 0 : p.size })));
}

export function rasterArb(net: Net, samples: number): fc.Arbitrary<Uint8Array[]> {
  const n = net.timesteps * net.pops[0].size;
  return fc.array(fc.uint8Array({ minLength: n, maxLength: n, min: 0, max: 1 }), { minLength: samples, maxLength: samples });
}
