import fc from 'fast-check';
import { Rng } from '@snnc/common';
import type { LoweredNetwork, LoweredPopulation, LoweredProjection, Plasticity, Target } from '@snnc/ir';
import type { Diagnostic } from '@snnc/common';
import { mapNetwork, placementFromJson, placementToJson, type Placement } from '../src/index.js';

/**
 * Test fixtures built directly as objects (no spec, no lowering): small targets whose limits can
 * be varied, and lowered networks with random populations and projections.
 */

export interface TargetLimits {
  meshX: number;
  meshY: number;
  coresPerTile: number;
  maxChips: number;
  chipsX: number;
  chipsY: number;
  maxCompartments: number;
  maxInputAxons: number;
  maxOutputAxons: number;
  synapseMemoryBits: number;
  synapseWordBits: number;
  learningStateBits: number;
  perNeuronStateBits: number;
  axonBlockOverheadBits: number;
  indexBits: number;
  denseFormat: boolean;
}

export const SMALL_LIMITS: TargetLimits = {
  meshX: 2, meshY: 2, coresPerTile: 2, maxChips: 4, chipsX: 2, chipsY: 2,
  maxCompartments: 16, maxInputAxons: 64, maxOutputAxons: 64, synapseMemoryBits: 4096, synapseWordBits: 64,
  learningStateBits: 256, perNeuronStateBits: 16, axonBlockOverheadBits: 10, indexBits: 10, denseFormat: true,
};

export function makeTarget(l: TargetLimits, name = 'test-target'): Target {
  const zeros = { synapticOp: 1, synapticUpdate: 1, neuronActive: 1, neuronInactive: 1, spikeInTile: 1, hopEastWest: 1, hopNorthSouth: 1, chipCrossing: 1 };
  return {
    targetVersion: '1.1', name, description: 'test',
    chip: { meshX: l.meshX, meshY: l.meshY, coresPerTile: l.coresPerTile, cores: l.meshX * l.meshY * l.coresPerTile, managementCores: 1 },
    system: { maxChips: l.maxChips, chipsX: l.chipsX, chipsY: l.chipsY },
    core: {
      maxCompartments: l.maxCompartments, maxInputAxons: l.maxInputAxons, maxOutputAxons: l.maxOutputAxons,
      synapseMemoryBits: l.synapseMemoryBits, synapseWordBits: l.synapseWordBits, learningStateBits: l.learningStateBits,
    },
    formats: { neuronModels: ['srlif', 'cuba'], maxWeightBits: 8, weightExpMin: -6, weightExpMax: 7, voltageBits: 24, currentBits: 24, decayBits: 12, thresholdMantBits: 17, maxDelay: 8 },
    synapseEncoding: { axonBlockOverheadBits: l.axonBlockOverheadBits, indexBits: l.indexBits, delayBits: 3, tagBits: 8, denseFormat: l.denseFormat },
    learning: { supported: true, maxEpochSteps: 63, tagBits: 8, perNeuronStateBits: l.perNeuronStateBits },
    cost: { energyPJ: zeros, timeNs: { ...zeros, barrier: 1 }, clockMHz: 100 },
    sources: {}, unverified: [],
  };
}

export interface NetShape {
  /** sizes; population 0 is the input */
  sizes: number[];
  projections: Array<{ source: number; target: number; density: number; weightBits: number; delay: number; plasticity: Plasticity }>;
  seed: number;
}

export function makeNetwork(shape: NetShape, name = 'net'): LoweredNetwork {
  const rng = new Rng(shape.seed);
  const populations: LoweredPopulation[] = shape.sizes.map((size, index) => ({
    id: index === 0 ? 'in' : `p${index}`, index, size, role: index === 0 ? 'input' : 'hidden', layer: index,
    model: index === 0 ? 'input' : 'cuba',
    params: index === 0 ? null : { model: 'cuba', decayU: 100, decayV: 100, vthMant: 100, biasMant: 0, biasExp: 0, refractory: 0 },
  }));
  const projections: LoweredProjection[] = shape.projections.map((s, index) => {
    const pre: number[] = [];
    const post: number[] = [];
    const r = rng.fork(index);
    for (let i = 0; i < shape.sizes[s.source]; i++) {
      for (let j = 0; j < shape.sizes[s.target]; j++) if (r.float() < s.density) { pre.push(i); post.push(j); }
    }
    return {
      id: `q${index}`, index, source: s.source, target: s.target, kind: 'other', delay: s.delay, plasticity: s.plasticity,
      pre: Uint32Array.from(pre), post: Uint32Array.from(post), weightBits: s.weightBits, weightExp: 0,
      weight: Int16Array.from(pre, () => 1), learnMant: 0, learnShift: 0,
    };
  });
  return { irVersion: '1.0', name, seed: shape.seed, timesteps: 10, populations, projections, learning: null };
}

export interface ShapeRanges {
  /** population sizes 1..maxSize, populations minPops..maxPops (population 0 is the input) */
  maxSize: number;
  minPops: number;
  maxPops: number;
  minDensity: number;
  maxDensity: number;
  maxDelay: number;
  maxProjections: number;
  plasticities: Plasticity[];
  /** at most this many non-input neurons (for brute force) */
  maxNeurons?: number;
}

/** Random network shapes for property tests (one generator, ranges per test). */
export function netShapeArb(r: ShapeRanges): fc.Arbitrary<NetShape> {
  const rec = fc.record({
    sizes: fc.array(fc.integer({ min: 1, max: r.maxSize }), { minLength: r.minPops, maxLength: r.maxPops }),
    seed: fc.integer({ min: 0, max: 1 << 30 }),
    raw: fc.array(fc.record({
      s: fc.nat(), t: fc.nat(), density: fc.double({ min: r.minDensity, max: r.maxDensity, noNaN: true }),
      weightBits: fc.integer({ min: 1, max: 8 }), delay: fc.integer({ min: 1, max: r.maxDelay }),
      plasticity: fc.constantFrom<Plasticity>(...r.plasticities),
    }), { minLength: 1, maxLength: r.maxProjections }),
  });
  const bounded = r.maxNeurons === undefined ? rec : rec.filter((x) => x.sizes.slice(1).reduce((a, b) => a + b, 0) <= r.maxNeurons!);
  return bounded.map(({ sizes, seed, raw }) => ({
    sizes, seed,
    projections: raw.map((p) => ({
      source: p.s % sizes.length, target: 1 + (p.t % (sizes.length - 1)), density: p.density,
      weightBits: p.weightBits, delay: p.delay, plasticity: p.plasticity,
    })),
  }));
}

/**
 * A small placement file to edit (placement-file tests): the document of a sequential placement of
 * three populations on 2 x 2 tiles of 2 cores, and `edit(f)`: the diagnostics of reading it back
 * after `f` changed a copy.
 */
export function placementFileFixture(): { placement: Placement; doc: any; edit: (f: (d: any) => void) => Diagnostic[] } {
  const proj = (source: number, target: number) => ({ source, target, density: 0.8, weightBits: 8, delay: 1, plasticity: 'none' as const });
  const net = makeNetwork({ sizes: [4, 6, 5], seed: 2, projections: [proj(0, 1), proj(1, 2), proj(2, 1)] });
  const p = mapNetwork(net, makeTarget({ ...SMALL_LIMITS, maxCompartments: 4 }), { strategy: 'sequential' }).placement!;
  const doc = JSON.parse(placementToJson(p));
  const edit = (f: (d: any) => void) => {
    const d = structuredClone(doc);
    f(d);
    return placementFromJson(JSON.stringify(d), 'p.json').diagnostics;
  };
  return { placement: p, doc, edit };
}
