/**
 * The chip image in memory: the same tree as schemas/chip.proto (camelCase names), with typed arrays
 * for every repeated number. codec.ts converts between this form and the protobuf wire form;
 * decode(encode(x)) is the identity on this form. docs/chip-image.md documents each field; (§) are
 * sections of docs/semantics.md.
 */

import type { SynapseMemory } from './synapse-memory.js';

export const IMAGE_MAGIC = 'SNNCIMG\0';
/** Readers refuse another major; a newer minor only adds fields an older reader may ignore. */
/**
 * 2.0: the synapse memory of a core is one flattened message (SynapseMemory) instead of one message
 * per input axon and block; the in-memory form is unchanged.
 */
export const IMAGE_VERSION = { major: 2, minor: 0 } as const;

/** synapseIndex of a hole in a plastic dense block (a slot the block spans but no synapse targets; weight 0, never learns) */
export const NO_SYNAPSE = 0xffffffff;

export type BlockFormat = 'sparse' | 'dense';
export type RuleKind = 'threeFactor' | 'delta';
export type Rival = 'winner' | 'strongest-other';

export interface ChipImage {
  network: string;
  target: string;
  timesteps: number;
  mesh: Mesh;
  formats: Formats;
  limits: Limits;
  cost: CostModel;
  populations: ProbePopulation[];
  cores: CoreProgram[];
  hostPorts: HostPort[];
  management: Management;
}

export interface Mesh {
  meshX: number;
  meshY: number;
  coresPerTile: number;
  coresPerChip: number;
  chipsX: number;
  chipsY: number;
  /** global tile coordinates where host input enters the mesh */
  hostX: number;
  hostY: number;
}

export interface Formats {
  voltageBits: number;
  currentBits: number;
  maxDelay: number;
}

export interface Limits {
  maxCompartments: number;
  maxInputAxons: number;
  maxOutputAxons: number;
  synapseMemoryBits: number;
  synapseWordBits: number;
  learningStateBits: number;
  maxCompartmentConfigs: number;
  maxEpochSteps: number;
  learningSupported: boolean;
}

export interface OpCosts {
  synapticOp: number;
  synapticUpdate: number;
  neuronActive: number;
  neuronInactive: number;
  spikeInTile: number;
  hopEastWest: number;
  hopNorthSouth: number;
  chipCrossing: number;
  barrier: number;
  /** the learning epoch's management-core work (issue 12 item 9); absent or 0: not charged */
  managementMac?: number;
  managementWord?: number;
}

export interface CostModel {
  energyPJ: OpCosts;
  timeNs: OpCosts;
  clockMHz: number;
}

export interface ProbePopulation {
  name: string;
  size: number;
  input: boolean;
}

/** §3.2 */
export interface SrlifConfig {
  model: 'srlif';
  decayV: number;
  vth0: number;
  vthMin: number;
  vthMax: number;
  bias: number;
  rateShift: number;
  targetRate: number;
  etaThetaMant: number;
  etaThetaShift: number;
}

/** §3.3 */
export interface CubaConfig {
  model: 'cuba';
  decayU: number;
  decayV: number;
  vthMant: number;
  biasMant: number;
  biasExp: number;
  refractory: number;
}

export type CompartmentConfig = SrlifConfig | CubaConfig;

/**
 * One block written out as an object: what `blockAt` returns (views into a core's SynapseMemory)
 * and what `packSynapses` takes (blocks written by hand in tests). Images never hold these: a
 * core's synapse memory is the flat SynapseMemory (synapse-memory.ts).
 */
export interface SynapseBlock {
  format: BlockFormat;
  weightBits: number;
  weightExp: number;
  delay: number;
  /** 0 = static; r >= 1 = the core's learning.rules[r - 1] */
  rule: number;
  projection: number;
  /** dense: synapse k targets baseSlot + k */
  baseSlot: number;
  /** sparse: target slot of each synapse (empty for dense) */
  slots: Uint32Array;
  weights: Int32Array;
  /** plastic blocks: canonical synapse index within the projection (§1.4); empty otherwise */
  synapseIndex: Uint32Array;
  bits: number;
}

export interface InputAxon {
  blocks: SynapseBlock[];
}

export interface LearningRule {
  rule: RuleKind;
  learnMant: number;
  learnShift: number;
  weightBits: number;
}

export interface LearningEngine {
  rules: LearningRule[];
  /** per compartment, -1 = none */
  modBlock: Int32Array;
  modRow: Int32Array;
  readoutClass: Int32Array;
}

export interface CoreProgram {
  id: number;
  chip: number;
  x: number;
  y: number;
  coreInTile: number;
  configs: CompartmentConfig[];
  /** per compartment (index = slot) */
  compartmentConfig: Uint32Array;
  initVth: Int32Array;
  initSbar: Int32Array;
  probePopulation: Uint32Array;
  probeNeuron: Uint32Array;
  routeCount: Uint32Array;
  /** flattened in compartment order */
  routeCore: Uint32Array;
  routeAxon: Uint32Array;
  /** input axons and synapse memory, flat (synapse-memory.ts); input axons = synapses.axonBlocks.length */
  synapses: SynapseMemory;
  learning: LearningEngine;
  synapseBits: number;
  learningStateBits: number;
}

export interface HostPort {
  population: number;
  neuron: number;
  core: Uint32Array;
  axon: Uint32Array;
}

export interface ModulatoryBlock {
  population: number;
  n: number;
  m: number;
  c: number;
  B: Int8Array; // C x N
  Wem: Int8Array; // M x N
  Wmh: Int8Array; // N x M
  emShift: number;
  mhShift: number;
  /** §5.10: present when the decoder learns by SAL */
  sal?: SalProgram;
}

/** §5.10 data of a plastic decoder. */
export interface SalProgram {
  mant: number;
  leak: number;
  shift: number;
  decayS: number;
  H: Int8Array; // M x C
  /** projection slot of the rounding key: the network's projection count + block index */
  keyProjection: number;
}

export interface PlasticProjection {
  projection: number;
  synapses: number;
  rule: RuleKind;
}

export interface ManagementLearning {
  gamma: number;
  rival: Rival;
  decayE: number;
  decayM: number;
  /** §5.5 rate regularisation: mantissa 0..255 (0: off, the seed's rule) and shift 0..30 */
  rateRegMant: number;
  rateRegShift: number;
  tanhTable: Int32Array;
  roundingSeed: number;
  blocks: ModulatoryBlock[];
  plastic: PlasticProjection[];
}

export interface Management {
  classes: number;
  readoutCore: Uint32Array;
  readoutSlot: Uint32Array;
  readoutClass: Uint32Array;
  learning: ManagementLearning | null;
}
