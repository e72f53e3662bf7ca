/**
 * Test inputs for the code generator: a fixed small network (for the golden dump), a seeded random
 * network generator (for properties), a fixed small target and a fill-in-order placement. The
 * code generator may not depend on the mapper's algorithms for its own tests, only on the
 * Placement interface.
 */
import { Rng } from '@snnc/common';
import type { CubaParams, LoweredNetwork, LoweredProjection, SrlifParams, Target } from '@snnc/ir';
import { PLACEMENT_VERSION, type Placement } from '@snnc/mapper';

const ops = { synapticOp: 23.6, synapticUpdate: 120, neuronActive: 81, neuronInactive: 52, spikeInTile: 1.7, hopEastWest: 3, hopNorthSouth: 4, chipCrossing: 40 };

export function smallTarget(o: { maxCompartments?: number; chipsX?: number; dense?: boolean; synapseMemoryBits?: number; name?: string; indexBits?: number } = {}): Target {
  const chipsX = o.chipsX ?? 2;
  return {
    targetVersion: '1.1', name: o.name ?? 'codegen-test', description: 'code generator test target',
    chip: { meshX: 2, meshY: 1, coresPerTile: 2, cores: 4, managementCores: 1 },
    system: { maxChips: chipsX, chipsX, chipsY: 1 },
    core: { maxCompartments: o.maxCompartments ?? 4, maxInputAxons: 64, maxOutputAxons: 64, synapseMemoryBits: o.synapseMemoryBits ?? 8192, synapseWordBits: 64, learningStateBits: 1024 },
    formats: { neuronModels: ['srlif', 'cuba'], maxWeightBits: 8, weightExpMin: -6, weightExpMax: 7, voltageBits: 24, currentBits: 24, decayBits: 12, thresholdMantBits: 17, maxDelay: 8 },
    synapseEncoding: { axonBlockOverheadBits: 10, indexBits: o.indexBits ?? 6, delayBits: 6, tagBits: 9, denseFormat: o.dense ?? true },
    learning: { supported: true, maxEpochSteps: 63, tagBits: 9, perNeuronStateBits: 32 },
    cost: { energyPJ: ops, timeNs: { ...ops, barrier: 465 }, clockMHz: 1000 },
    sources: {}, unverified: [],
  };
}

/** Neurons fill cores in order (or in a seeded random order); core ids 0.. or random distinct ids. */
export function placeInOrder(net: LoweredNetwork, target: Target, rng?: Rng): Placement {
  const per = target.core.maxCompartments;
  const pairs: Array<[number, number]> = [];
  net.populations.forEach((p, pi) => {
    if (p.model !== 'input') for (let n = 0; n < p.size; n++) pairs.push([pi, n]);
  });
  if (rng) rng.shuffle(pairs);
  const nCores = Math.ceil(pairs.length / per);
  const perChip = target.chip.meshX * target.chip.meshY * target.chip.coresPerTile;
  let ids = Array.from({ length: nCores }, (_, i) => i);
  if (rng) ids = rng.shuffle(Array.from({ length: perChip * target.system.maxChips }, (_, i) => i)).slice(0, nCores).sort((a, b) => a - b);
  const neuronCore = net.populations.map((p) => new Int32Array(p.size).fill(-1));
  const neuronSlot = net.populations.map((p) => new Int32Array(p.size).fill(-1));
  pairs.forEach(([pi, n], k) => {
    neuronCore[pi][n] = Math.floor(k / per);
    neuronSlot[pi][n] = k % per;
  });
  const cores = ids.map((id) => {
    const chip = Math.floor(id / perChip), tile = Math.floor((id % perChip) / target.chip.coresPerTile);
    return { id, chip, x: tile % target.chip.meshX, y: Math.floor(tile / target.chip.meshX), coreInTile: id % target.chip.coresPerTile };
  });
  return {
    placementVersion: PLACEMENT_VERSION, network: net.name, target: target.name, strategy: 'test', cores,
    usage: cores.map(() => ({ compartments: 0, inputAxons: 0, outputAxons: 0, synapseBits: 0, learningStateBits: 0, synapses: 0 })),
    neuronCore, neuronSlot,
    metrics: { cores: nCores, chips: 1, lowerBound: 0, lowerBoundBy: 'none', interCoreSpikes: 0, interChipSpikes: 0, hopTraffic: 0, maxLinkLoad: 0, trafficWeighting: 'synapses' },
  };
}

const srlif = (r: Rng): SrlifParams => {
  const vth0 = r.int(50, 400);
  return { model: 'srlif', decayV: r.int(0, 4096), vth0, vthMin: vth0 >> 1, vthMax: vth0 * 2, bias: r.int(-5, 20), rateShift: r.int(0, 6), targetRate: r.int(0, 2048), etaThetaMant: r.int(0, 8), etaThetaShift: r.int(0, 6) };
};
const cuba = (r: Rng): CubaParams => ({ model: 'cuba', decayU: r.int(0, 4095), decayV: r.int(0, 4096), vthMant: r.int(1, 8), biasMant: r.int(-4, 8), biasExp: r.int(0, 4), refractory: r.int(0, 2) });

function projection(r: Rng, index: number, source: number, target: number, nPre: number, nPost: number, plasticity: LoweredProjection['plasticity'], density: number, kind: LoweredProjection['kind'] = 'ff'): LoweredProjection {
  const pre: number[] = [], post: number[] = [], w: number[] = [];
  const weightBits = r.int(2, 8);
  const lim = 2 ** (weightBits - 1);
  for (let a = 0; a < nPre; a++) for (let b = 0; b < nPost; b++) if (r.float() < density) { pre.push(a); post.push(b); w.push(r.int(-lim, lim - 1)); }
  return {
    id: `p${index}`, index, source, target, kind, delay: r.int(1, 4), plasticity, pre: Uint32Array.from(pre), post: Uint32Array.from(post),
    weight: Int16Array.from(w), weightBits, weightExp: r.int(-2, 2), learnMant: plasticity === 'none' ? 0 : r.int(1, 32), learnShift: plasticity === 'none' ? 0 : r.int(0, 10),
  };
}

/**
 * input -> h1 (srlif or cuba, three-factor when learning) -> h1 recurrent -> readout (delta when
 * learning), sizes and densities from the seed; dense and sparse blocks both occur.
 */
export function randomNetwork(seed: number): LoweredNetwork {
  const r = new Rng(seed);
  const nIn = r.int(1, 5), nH = r.int(1, 8), classes = r.int(2, 3), npc = r.int(1, 2);
  const learn = r.float() < 0.6;
  const hParams = r.float() < 0.5 ? srlif(r) : cuba(r);
  const oParams = r.float() < 0.5 ? srlif(r) : cuba(r);
  return {
    irVersion: '1.0', name: `random-${seed}`, seed, timesteps: r.int(2, 16),
    populations: [
      { id: 'in', index: 0, size: nIn, role: 'input', layer: 0, model: 'input', params: null },
      { id: 'h1', index: 1, size: nH, role: 'hidden', layer: 1, model: hParams.model, params: hParams },
      { id: 'out', index: 2, size: classes * npc, role: 'readout', layer: -1, model: oParams.model, params: oParams, classes, neuronsPerClass: npc },
    ],
    projections: [
      projection(r, 0, 0, 1, nIn, nH, learn ? 'threeFactor' : 'none', r.float()),
      projection(r, 1, 1, 1, nH, nH, 'none', r.float() * 0.6, 'rec'),
      projection(r, 2, 1, 2, nH, classes * npc, learn ? 'delta' : 'none', r.float(), 'lr'),
    ],
    learning: learn
      ? {
          readout: 2, gamma: r.int(0, 5), rival: r.float() < 0.5 ? 'winner' : 'strongest-other', decayE: r.int(0, 4096), decayM: r.int(0, 4096),
          tanhTable: Int16Array.from({ length: 256 }, (_, i) => Math.round(127 * Math.tanh((i - 128) / 40))), roundingSeed: r.int(0, 0xffffffff),
          modulatory: [{ population: 1, m: 2, B: Int8Array.from({ length: classes * nH }, () => r.int(-128, 127)), Wem: Int8Array.from({ length: 2 * nH }, () => r.int(-128, 127)), Wmh: Int8Array.from({ length: 2 * nH }, () => r.int(-128, 127)), emShift: r.int(0, 4), mhShift: r.int(0, 6) }],
        }
      : null,
  };
}

/** The golden network: fixed, small, everything a core program can hold (both models, delays, dense and sparse blocks, plasticity). */
export function goldenNetwork(): LoweredNetwork {
  const net = randomNetwork(0);
  const r = new Rng(2026);
  const s: SrlifParams = { model: 'srlif', decayV: 512, vth0: 200, vthMin: 100, vthMax: 400, bias: 2, rateShift: 4, targetRate: 410, etaThetaMant: 3, etaThetaShift: 2 };
  const c: CubaParams = { model: 'cuba', decayU: 1024, decayV: 256, vthMant: 4, biasMant: 1, biasExp: 2, refractory: 1 };
  net.name = 'golden';
  net.timesteps = 8;
  net.populations = [
    { id: 'in', index: 0, size: 3, role: 'input', layer: 0, model: 'input', params: null },
    { id: 'h1', index: 1, size: 7, role: 'hidden', layer: 1, model: 'srlif', params: s },
    { id: 'h2', index: 2, size: 3, role: 'hidden', layer: 2, model: 'cuba', params: c },
    { id: 'out', index: 3, size: 8, role: 'readout', layer: -1, model: 'srlif', params: s, classes: 4, neuronsPerClass: 2 },
  ];
  net.projections = [
    projection(r, 0, 0, 1, 3, 7, 'threeFactor', 0.8),
    projection(r, 1, 1, 1, 7, 7, 'none', 0.3, 'rec'),
    projection(r, 2, 1, 2, 7, 3, 'none', 0.7),
    projection(r, 3, 2, 3, 3, 8, 'delta', 1, 'lr'),
  ];
  net.learning = {
    readout: 3, gamma: 3, rival: 'strongest-other', decayE: 512, decayM: 256, roundingSeed: 42,
    tanhTable: Int16Array.from({ length: 256 }, (_, i) => Math.round(127 * Math.tanh((i - 128) / 40))),
    modulatory: [{ population: 1, m: 2, B: Int8Array.from({ length: 28 }, () => r.int(-128, 127)), Wem: Int8Array.from({ length: 14 }, () => r.int(-128, 127)), Wmh: Int8Array.from({ length: 14 }, () => r.int(-128, 127)), emShift: 3, mhShift: 5 }],
  };
  return net;
}
