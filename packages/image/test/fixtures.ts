/**
 * Test images: a hand-made valid image (two cores on two tiles, both neuron models, host input,
 * routes, a plastic three-factor block and a delta-rule block) and a fast-check arbitrary of
 * structurally random images (valid field types, not necessarily a sane network) for the codec
 * identity property.
 */
import fc from 'fast-check';
import { packSynapses, type ChipImage, type CoreProgram, type OpCosts, type SynapseBlock } from '../src/index.js';

const costs = (k: number): OpCosts => ({
  synapticOp: 3.5 * k,
  synapticUpdate: 6.1 * k,
  neuronActive: 8.4 * k,
  neuronInactive: 5.3 * k,
  spikeInTile: 2.1 * k,
  hopEastWest: 4.1 * k,
  hopNorthSouth: 6.5 * k,
  chipCrossing: 20 * k,
  barrier: 113 * k,
});

function block(b: Partial<SynapseBlock>): SynapseBlock {
  return {
    format: 'sparse',
    weightBits: 8,
    weightExp: 0,
    delay: 1,
    rule: 0,
    projection: 0,
    baseSlot: 0,
    slots: new Uint32Array(0),
    weights: new Int32Array(0),
    synapseIndex: new Uint32Array(0),
    bits: 64,
    ...b,
  };
}

/** populations: 0 input (2), 1 hidden srlif (2), 2 readout cuba (2 neurons, 2 classes) */
export function tinyImage(): ChipImage {
  const core0: CoreProgram = {
    id: 0,
    chip: 0,
    x: 0,
    y: 0,
    coreInTile: 0,
    configs: [
      { model: 'srlif', decayV: 410, vth0: 1000, vthMin: 500, vthMax: 4000, bias: 0, rateShift: 4, targetRate: 205, etaThetaMant: 1, etaThetaShift: 2 },
    ],
    compartmentConfig: Uint32Array.of(0, 0),
    initVth: Int32Array.of(1000, 1000),
    initSbar: Int32Array.of(205, 205),
    probePopulation: Uint32Array.of(1, 1),
    probeNeuron: Uint32Array.of(0, 1),
    routeCount: Uint32Array.of(1, 1),
    routeCore: Uint32Array.of(5, 5),
    routeAxon: Uint32Array.of(0, 1),
    synapses: packSynapses([
      { blocks: [block({ format: 'dense', baseSlot: 0, weights: Int32Array.of(20, -3), rule: 1, projection: 0, synapseIndex: Uint32Array.of(0, 1) })] },
      { blocks: [block({ slots: Uint32Array.of(1), weights: Int32Array.of(7), rule: 1, projection: 0, synapseIndex: Uint32Array.of(2), delay: 2 })] },
    ]),
    learning: {
      rules: [{ rule: 'threeFactor', learnMant: 3, learnShift: 10, weightBits: 8 }],
      modBlock: Int32Array.of(0, 0),
      modRow: Int32Array.of(0, 1),
      readoutClass: Int32Array.of(-1, -1),
    },
    synapseBits: 128,
    learningStateBits: 32,
  };
  const core5: CoreProgram = {
    id: 5,
    chip: 0,
    x: 1,
    y: 0,
    coreInTile: 1,
    configs: [{ model: 'cuba', decayU: 4095, decayV: 0, vthMant: 10, biasMant: 0, biasExp: 0, refractory: 1 }],
    compartmentConfig: Uint32Array.of(0, 0),
    initVth: Int32Array.of(0, 0),
    initSbar: Int32Array.of(0, 0),
    probePopulation: Uint32Array.of(2, 2),
    probeNeuron: Uint32Array.of(0, 1),
    routeCount: Uint32Array.of(0, 0),
    routeCore: new Uint32Array(0),
    routeAxon: new Uint32Array(0),
    synapses: packSynapses([
      { blocks: [block({ format: 'dense', weights: Int32Array.of(5, -5), rule: 1, projection: 1, synapseIndex: Uint32Array.of(0, 1) })] },
      { blocks: [block({ slots: Uint32Array.of(1), weights: Int32Array.of(9), rule: 1, projection: 1, synapseIndex: Uint32Array.of(2), weightExp: 2 })] },
    ]),
    learning: {
      rules: [{ rule: 'delta', learnMant: 1, learnShift: 2, weightBits: 8 }],
      modBlock: Int32Array.of(-1, -1),
      modRow: Int32Array.of(-1, -1),
      readoutClass: Int32Array.of(0, 1),
    },
    synapseBits: 128,
    learningStateBits: 0,
  };
  return {
    network: 'tiny',
    target: 'test-tiny',
    timesteps: 8,
    mesh: { meshX: 2, meshY: 2, coresPerTile: 4, coresPerChip: 16, chipsX: 1, chipsY: 1, hostX: 0, hostY: 0 },
    formats: { voltageBits: 24, currentBits: 24, maxDelay: 2, gradedInputSpikes: false },
    limits: {
      maxCompartments: 1024,
      maxInputAxons: 4096,
      maxOutputAxons: 4096,
      synapseMemoryBits: 1048576,
      synapseWordBits: 64,
      learningStateBits: 65536,
      maxCompartmentConfigs: 32,
      maxEpochSteps: 63,
      learningSupported: true,
    },
    cost: { energyPJ: costs(1), timeNs: costs(1), clockMHz: 1000 },
    populations: [
      { name: 'in', size: 2, input: true },
      { name: 'hidden', size: 2, input: false },
      { name: 'readout', size: 2, input: false },
    ],
    cores: [core0, core5],
    hostPorts: [
      { population: 0, neuron: 0, core: Uint32Array.of(0), axon: Uint32Array.of(0), graded: false },
      { population: 0, neuron: 1, core: Uint32Array.of(0), axon: Uint32Array.of(1), graded: false },
    ],
    management: {
      classes: 2,
      readoutCore: Uint32Array.of(5, 5),
      readoutSlot: Uint32Array.of(0, 1),
      readoutClass: Uint32Array.of(0, 1),
      learning: {
        gamma: 2,
        rival: 'winner',
        decayE: 512,
        decayM: 256,
        rateRegMant: 160,
        rateRegShift: 11,
        eligibility: 1,
        readoutDecayShift: 9,
        readoutScore: 0, // 1 needs an srlif readout (validate.ts); this one is cuba
        tanhTable: Int32Array.from({ length: 256 }, (_, i) => Math.round(127 * Math.tanh((i - 128) / 32))),
        roundingSeed: 12345,
        blocks: [
          { population: 1, n: 2, m: 1, c: 2, B: Int8Array.of(1, -2, 3, 4), Wem: Int8Array.of(5, -6), Wmh: Int8Array.of(7, -8), emShift: 1, mhShift: 0 },
        ],
        plastic: [
          { projection: 0, synapses: 3, rule: 'threeFactor' },
          { projection: 1, synapses: 3, rule: 'delta' },
        ],
      },
    },
  };
}

// ------------------------------------------------------------------ arbitrary (structure only)

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const s32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });
const name = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 });
const dbl = fc.double({ noNaN: true });
const u32s = fc.array(u32, { maxLength: 6 }).map((a) => Uint32Array.from(a));
const s32s = fc.array(s32, { maxLength: 6 }).map((a) => Int32Array.from(a));
const i8s = fc.int8Array({ maxLength: 6 });
const opCosts = fc.record({
  synapticOp: dbl, synapticUpdate: dbl, neuronActive: dbl, neuronInactive: dbl, spikeInTile: dbl,
  hopEastWest: dbl, hopNorthSouth: dbl, chipCrossing: dbl, barrier: dbl,
});
const blockArb = fc.record({
  format: fc.constantFrom('sparse' as const, 'dense' as const),
  weightBits: u32, weightExp: s32, delay: u32, rule: u32, projection: u32, baseSlot: u32,
  slots: u32s, weights: s32s, synapseIndex: u32s, bits: u32,
});
const configArb = fc.oneof(
  fc.record({ model: fc.constant('srlif' as const), decayV: u32, vth0: s32, vthMin: s32, vthMax: s32, bias: s32, rateShift: u32, targetRate: s32, etaThetaMant: s32, etaThetaShift: u32 }),
  fc.record({ model: fc.constant('cuba' as const), decayU: u32, decayV: u32, vthMant: s32, biasMant: s32, biasExp: u32, refractory: u32 }),
);
const coreArb = fc.record({
  id: u32, chip: u32, x: u32, y: u32, coreInTile: u32,
  configs: fc.array(configArb, { maxLength: 3 }),
  compartmentConfig: u32s, initVth: s32s, initSbar: s32s, probePopulation: u32s, probeNeuron: u32s,
  routeCount: u32s, routeCore: u32s, routeAxon: u32s,
  synapses: fc.array(fc.record({ blocks: fc.array(blockArb, { maxLength: 3 }) }), { maxLength: 3 }).map(packSynapses),
  learning: fc.record({
    rules: fc.array(fc.record({ rule: fc.constantFrom('threeFactor' as const, 'delta' as const), learnMant: s32, learnShift: u32, weightBits: u32 }), { maxLength: 2 }),
    modBlock: s32s, modRow: s32s, readoutClass: s32s,
  }),
  synapseBits: u32, learningStateBits: u32,
});

export const imageArb: fc.Arbitrary<ChipImage> = fc.record({
  network: fc.string({ unit: 'grapheme', maxLength: 10 }),
  target: name,
  timesteps: u32,
  mesh: fc.record({ meshX: u32, meshY: u32, coresPerTile: u32, coresPerChip: u32, chipsX: u32, chipsY: u32, hostX: u32, hostY: u32 }),
  formats: fc.record({ voltageBits: u32, currentBits: u32, maxDelay: u32, gradedInputSpikes: fc.boolean() }),
  limits: fc.record({
    maxCompartments: u32, maxInputAxons: u32, maxOutputAxons: u32, synapseMemoryBits: u32, synapseWordBits: u32,
    learningStateBits: u32, maxCompartmentConfigs: u32, maxEpochSteps: u32, learningSupported: fc.boolean(),
  }),
  cost: fc.record({ energyPJ: opCosts, timeNs: opCosts, clockMHz: dbl }),
  populations: fc.array(fc.record({ name, size: u32, input: fc.boolean() }), { maxLength: 3 }),
  cores: fc.array(coreArb, { maxLength: 3 }),
  hostPorts: fc.array(fc.record({ population: u32, neuron: u32, core: u32s, axon: u32s, graded: fc.boolean() }), { maxLength: 3 }),
  management: fc.record({
    classes: u32, readoutCore: u32s, readoutSlot: u32s, readoutClass: u32s,
    learning: fc.option(
      fc.record({
        gamma: s32, rival: fc.constantFrom('winner' as const, 'strongest-other' as const), decayE: u32, decayM: u32, rateRegMant: u32, rateRegShift: u32, eligibility: u32, readoutDecayShift: u32, readoutScore: u32,
        tanhTable: s32s, roundingSeed: u32,
        blocks: fc.array(fc.record({ population: u32, n: u32, m: u32, c: u32, B: i8s, Wem: i8s, Wmh: i8s, emShift: u32, mhShift: u32 }), { maxLength: 2 }),
        plastic: fc.array(fc.record({ projection: u32, synapses: u32, rule: fc.constantFrom('threeFactor' as const, 'delta' as const) }), { maxLength: 2 }),
      }),
      { nil: null },
    ),
  }),
});
