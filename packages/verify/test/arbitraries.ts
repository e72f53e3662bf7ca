/**
 * Random small lowered networks and targets for the differential tests (fast-check arbitraries).
 * Networks are built directly as LoweredNetwork objects (no spec, no lowering) so that every
 * integer range of docs/semantics.md can be reached, saturation and wrap included: an input
 * population, 1 to 3 hidden populations (srlif or cuba), a readout with population coding, random
 * connectivity with delays, recurrent and skip projections, three-factor projections into
 * modulated populations and a delta-rule readout.
 */
import fc from 'fast-check';
import { loadTarget, type LoweredNetwork, type LoweredPopulation, type LoweredProjection, type SrlifParams, type CubaParams, type Target } from '@snnc/ir';

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);

export const srlifArb: fc.Arbitrary<SrlifParams> = fc
  .record({
    decayV: fc.oneof(fc.integer({ min: 0, max: 4096 }), pick([0, 4096, 205])),
    vth0: fc.integer({ min: 1, max: 3000 }),
    vthSpan: fc.integer({ min: 0, max: 2000 }),
    bias: fc.integer({ min: -50, max: 200 }),
    rateShift: fc.integer({ min: 0, max: 8 }),
    targetRate: fc.integer({ min: 0, max: 4096 }),
    etaThetaMant: fc.integer({ min: 0, max: 64 }),
    etaThetaShift: fc.integer({ min: 0, max: 12 }),
  })
  .map(({ vth0, vthSpan, ...r }) => ({ model: 'srlif' as const, vth0, vthMin: Math.max(1, vth0 - vthSpan), vthMax: vth0 + vthSpan, ...r }));

export const cubaArb: fc.Arbitrary<CubaParams> = fc.record({
  model: fc.constant('cuba' as const),
  decayU: fc.oneof(fc.integer({ min: 0, max: 4095 }), pick([0, 4095])),
  decayV: fc.oneof(fc.integer({ min: 0, max: 4096 }), pick([0, 4096])),
  vthMant: fc.integer({ min: 0, max: 200 }),
  biasMant: fc.integer({ min: -100, max: 300 }),
  biasExp: fc.integer({ min: 0, max: 6 }),
  refractory: fc.integer({ min: 0, max: 3 }),
});

export interface NetShape {
  nIn: number;
  hidden: Array<{ size: number; cuba: boolean }>;
  classes: number;
  npc: number;
  readoutCuba: boolean;
  T: number;
  learning: boolean;
}

const shapeArb: fc.Arbitrary<NetShape> = fc.record({
  nIn: fc.integer({ min: 1, max: 6 }),
  hidden: fc.array(fc.record({ size: fc.integer({ min: 1, max: 9 }), cuba: fc.boolean() }), { minLength: 1, maxLength: 3 }),
  classes: fc.integer({ min: 2, max: 3 }),
  npc: fc.integer({ min: 1, max: 2 }),
  readoutCuba: fc.boolean(),
  T: fc.integer({ min: 3, max: 24 }),
  learning: fc.boolean(),
});

/** (pre, post) pairs of a random connection mask, sorted, with weights in weightBits. */
function synapsesArb(nPre: number, nPost: number, density: number): fc.Arbitrary<{ pre: Uint32Array; post: Uint32Array; w: number[] }> {
  return fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: nPre * nPost, maxLength: nPre * nPost }).map((u) => {
    const pre: number[] = [], post: number[] = [];
    for (let a = 0; a < nPre; a++) for (let b = 0; b < nPost; b++) if (u[a * nPost + b] < density) { pre.push(a); post.push(b); }
    return { pre: Uint32Array.from(pre), post: Uint32Array.from(post), w: [] };
  });
}

function projectionArb(index: number, source: number, target: number, nPre: number, nPost: number, kind: LoweredProjection['kind'],
  plasticity: LoweredProjection['plasticity'], maxDelay: number): fc.Arbitrary<LoweredProjection> {
  return fc
    .record({
      syn: synapsesArb(nPre, nPost, 0.6),
      weightBits: fc.integer({ min: 2, max: 8 }),
      weightExp: fc.integer({ min: -3, max: 3 }),
      delay: fc.integer({ min: 1, max: maxDelay }),
      seedW: fc.array(fc.integer({ min: -128, max: 127 }), { minLength: nPre * nPost, maxLength: nPre * nPost }),
      learnMant: fc.integer({ min: 1, max: 64 }),
      learnShift: fc.integer({ min: 0, max: 14 }),
      positive: fc.boolean(),
    })
    .map(({ syn, weightBits, weightExp, delay, seedW, learnMant, learnShift, positive }) => {
      const lim = 2 ** (weightBits - 1);
      const weight = Int16Array.from(syn.pre, (_, s) => {
        const w = seedW[s] % lim;
        return positive ? Math.abs(w) % lim : w;
      });
      return {
        id: `p${index}`, index, source, target, kind, delay, plasticity, pre: syn.pre, post: syn.post, weight, weightBits, weightExp,
        learnMant: plasticity === 'none' ? 0 : learnMant, learnShift: plasticity === 'none' ? 0 : learnShift,
      };
    });
}

/** A random lowered network; `maxDelay` bounds projection delays (the target's formats.maxDelay). */
export function networkArb(maxDelay = 4): fc.Arbitrary<LoweredNetwork> {
  return shapeArb.chain((sh) => {
    const pops: Array<fc.Arbitrary<LoweredPopulation>> = [];
    pops.push(fc.constant({ id: 'in', index: 0, size: sh.nIn, role: 'input', layer: 0, model: 'input', params: null } as LoweredPopulation));
    sh.hidden.forEach((h, k) =>
      pops.push((h.cuba ? cubaArb : srlifArb).map((params) => ({ id: `h${k + 1}`, index: k + 1, size: h.size, role: 'hidden', layer: k + 1, model: params.model, params }) as LoweredPopulation)),
    );
    const R = sh.hidden.length + 1;
    const roSize = sh.classes * sh.npc;
    pops.push((sh.readoutCuba ? cubaArb : srlifArb).map((params) => ({
      id: 'out', index: R, size: roSize, role: 'readout', layer: -1, model: params.model, params, classes: sh.classes, neuronsPerClass: sh.npc,
    }) as LoweredPopulation));
    const size = (p: number) => (p === 0 ? sh.nIn : p === R ? roSize : sh.hidden[p - 1].size);
    // projections: ff chain, recurrent in each hidden, a skip from the input to the last hidden, readout
    const plan: Array<[number, number, LoweredProjection['kind'], boolean]> = [];
    for (let k = 1; k < R; k++) {
      plan.push([k - 1, k, 'ff', sh.learning && k === 1]);
      plan.push([k, k, 'rec', sh.learning && k === R - 1]);
    }
    if (R > 2) plan.push([0, R - 1, 'lr', false]);
    plan.push([R - 1, R, 'lr', false]);
    const projs = plan.map(([s, t, kind, threeF], q) =>
      projectionArb(q, s, t, size(s), size(t), kind, t === R && sh.learning ? 'delta' : threeF ? 'threeFactor' : 'none', maxDelay));
    const modulated = sh.learning ? sh.hidden.map((_, k) => k + 1).filter((k) => k === 1 || k === R - 1) : [];
    const int8 = (n: number) => fc.array(fc.integer({ min: -128, max: 127 }), { minLength: n, maxLength: n }).map((a) => Int8Array.from(a));
    const learning = fc.record({
      gamma: fc.integer({ min: 0, max: 8 }),
      rival: pick(['winner', 'strongest-other'] as const),
      decayE: fc.integer({ min: 0, max: 4096 }),
      decayM: fc.integer({ min: 0, max: 4096 }),
      tanhTable: fc.array(fc.integer({ min: -128, max: 128 }), { minLength: 256, maxLength: 256 }).map((a) => Int16Array.from(a)),
      roundingSeed: fc.nat(),
      modulatory: fc.tuple(...modulated.map((p) =>
        fc.record({ m: fc.integer({ min: 1, max: 3 }), emShift: fc.integer({ min: 0, max: 6 }), mhShift: fc.integer({ min: 0, max: 10 }) }).chain(({ m, emShift, mhShift }) =>
          fc.record({
            B: int8(sh.classes * size(p)), Wem: int8(m * size(p)), Wmh: int8(size(p) * m),
            // §5.10: about half the blocks learn their decoder by SAL
            sal: fc.option(fc.record({
              mant: fc.integer({ min: 0, max: 4095 }), leak: fc.integer({ min: 0, max: 4095 }), shift: fc.integer({ min: 0, max: 16 }),
              decayS: fc.integer({ min: 0, max: 4096 }), H: int8(m * sh.classes),
            }), { nil: undefined }),
          }).map(({ sal, ...mats }) => ({ population: p, m, emShift, mhShift, ...mats, ...(sal ? { sal } : {}) }))),
      )),
    });
    return fc.record({ pops: fc.tuple(...pops), projs: fc.tuple(...projs), learning }).map(({ pops: ps, projs: qs, learning: L }) => ({
      irVersion: '1.0', name: 'random', seed: 1, timesteps: sh.T, populations: ps, projections: qs,
      learning: sh.learning
        ? { readout: R, ...L, ...rateRegOf(L.roundingSeed), ...eligibilityOf(L.roundingSeed), ...readoutDecayOf(L.roundingSeed, qs), ...readoutScoreOf(L.roundingSeed, sh.readoutCuba) }
        : null,
    }));
  });
}

/** A small Loihi-2-like target; `o` varies limits, mesh and encoding. */
export function makeTarget(o: Partial<{ name: string; maxCompartments: number; meshX: number; meshY: number; coresPerTile: number; chipsX: number; chipsY: number; dense: boolean; maxDelay: number; synapseMemoryBits: number; maxInputAxons: number; maxOutputAxons: number }> = {}): Target {
  const meshX = o.meshX ?? 2, meshY = o.meshY ?? 2, cpt = o.coresPerTile ?? 2, chipsX = o.chipsX ?? 1, chipsY = o.chipsY ?? 1;
  const ops = { synapticOp: 23.6, synapticUpdate: 120, neuronActive: 81, neuronInactive: 52, spikeInTile: 1.7, hopEastWest: 3, hopNorthSouth: 4, chipCrossing: 100 };
  return {
    targetVersion: '1.1', name: o.name ?? 'test-random', description: 'differential-test target',
    chip: { meshX, meshY, coresPerTile: cpt, cores: meshX * meshY * cpt, managementCores: 1 },
    system: { maxChips: chipsX * chipsY, chipsX, chipsY },
    core: { maxCompartments: o.maxCompartments ?? 8, maxInputAxons: o.maxInputAxons ?? 4096, maxOutputAxons: o.maxOutputAxons ?? 4096, synapseMemoryBits: o.synapseMemoryBits ?? 1 << 20, synapseWordBits: 64, learningStateBits: 1 << 16 },
    formats: { neuronModels: ['srlif', 'cuba'], maxWeightBits: 8, weightExpMin: -6, weightExpMax: 7, voltageBits: 24, currentBits: 24, decayBits: 12, thresholdMantBits: 17, maxDelay: o.maxDelay ?? 4 },
    synapseEncoding: { axonBlockOverheadBits: 10, indexBits: 10, delayBits: 6, tagBits: 9, denseFormat: o.dense ?? true },
    learning: { supported: true, maxEpochSteps: 63, tagBits: 9, perNeuronStateBits: 16 },
    cost: { energyPJ: ops, timeNs: { ...ops, barrier: 113 }, clockMHz: 100 },
    sources: {}, unverified: [],
  };
}

/** The repository's test targets (targets/test-tiny.json, targets/test-multichip.json). */
function fileTarget(name: string): Target {
  const t = loadTarget(name).target;
  if (!t) throw new Error(`targets/${name}.json does not load`);
  return t;
}

export const randomTargetArb: fc.Arbitrary<Target> = fc
  .record({
    maxCompartments: fc.integer({ min: 1, max: 12 }),
    meshX: fc.integer({ min: 1, max: 3 }),
    meshY: fc.integer({ min: 1, max: 3 }),
    coresPerTile: fc.integer({ min: 1, max: 4 }),
    chipsX: fc.integer({ min: 1, max: 2 }),
    chipsY: fc.integer({ min: 1, max: 2 }),
    dense: fc.boolean(),
    // tight limits: only mapper placements are expected to respect them (naive ones may be refused)
    synapseMemoryBits: fc.constantFrom(2048, 8192, 1 << 20),
    maxInputAxons: fc.constantFrom(12, 64, 4096),
    maxOutputAxons: fc.constantFrom(6, 64, 4096),
  })
  .map((o) => makeTarget(o));

/** Random limit variations, and the repository's two test targets. */
export const targetArb: fc.Arbitrary<Target> = fc.oneof(
  { weight: 3, arbitrary: randomTargetArb },
  { weight: 1, arbitrary: fc.constantFrom('test-tiny', 'test-multichip').map(fileTarget) },
);

/**
 * §5.2 pairing: causal for about half the networks, from a bit of the rounding seed that rateRegOf
 * does not read (derived, not drawn, for the same reason as rateRegOf).
 */
function eligibilityOf(seed: number): { eligibility?: 'causal' } {
  return (seed >>> 20) & 1 ? { eligibility: 'causal' } : {};
}

/**
 * §5.7 readout decay for about half the networks (a bit rateRegOf and eligibilityOf do not read),
 * with a shift in 1..the smallest delta-rule learnShift (derived, not drawn, as above); none when
 * a delta-rule projection has learnShift 0, where the lowering cannot express it either.
 */
function readoutDecayOf(seed: number, projections: readonly { plasticity: string; learnShift: number }[]): { readoutDecayShift?: number } {
  const shifts = projections.filter((q) => q.plasticity === 'delta').map((q) => q.learnShift);
  const most = Math.min(30, ...shifts);
  return (seed >>> 21) & 1 && most >= 1 ? { readoutDecayShift: 1 + ((seed >>> 22) % most) } : {};
}

/**
 * §4 potential score for about half the networks with an srlif readout (bit 19 of the rounding
 * seed, derived, not drawn, as above); never on a CUBA readout, which the lowering refuses
 * (SNNC2112). With vth >= 1, npc <= 2 and T <= 24 every class score stays inside 32 bits.
 */
function readoutScoreOf(seed: number, readoutCuba: boolean): { readoutScore?: 'potential' } {
  return !readoutCuba && (seed >>> 19) & 1 ? { readoutScore: 'potential' } : {};
}

/**
 * §5.5 rate regularisation, off (the seed's rule) for half the networks and on with a factor drawn
 * from the rounding seed's bits for the other half: derived rather than drawn, so that adding it
 * left every other field of the generated networks (and the cases the property explores) unchanged.
 */
function rateRegOf(seed: number): { rateRegMant?: number; rateRegShift?: number } {
  return seed & 1 ? { rateRegMant: 1 + ((seed >>> 1) % 255), rateRegShift: (seed >>> 9) % 17 } : {};
}
