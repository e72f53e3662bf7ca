/**
 * A hardware target (targets/*.json, schema schemas/target.schema.json). Every number a mapper,
 * code generator or emulator needs about the chip is data here, never a constant in code.
 * Values from ../shared/LOIHI.md carry their source in `sources`; unconfirmed ones are listed in
 * `unverified` (JSON Pointers into the target file).
 */
export const TARGET_VERSION = '1.0';

export interface Target {
  targetVersion: string;
  name: string;
  description: string;
  chip: {
    /** mesh of tiles per chip */
    meshX: number;
    meshY: number;
    coresPerTile: number;
    /** neuromorphic cores per chip = meshX * meshY * coresPerTile */
    cores: number;
    managementCores: number;
  };
  system: {
    maxChips: number;
    /** chips are arranged in a chipsX x chipsY grid; inter-chip links join neighbouring edges */
    chipsX: number;
    chipsY: number;
  };
  core: {
    maxCompartments: number;
    maxInputAxons: number;
    maxOutputAxons: number;
    synapseMemoryBits: number;
    synapseWordBits: number;
    /** per-core learning state budget in bits (post traces, learning signals), see mapper docs */
    learningStateBits: number;
    /** distinct compartment (neuron parameter) configurations per core; absent = no limit */
    maxCompartmentConfigs?: number;
  };
  formats: {
    neuronModels: Array<'srlif' | 'cuba'>;
    maxWeightBits: number;
    weightExpMin: number;
    weightExpMax: number;
    voltageBits: number;
    currentBits: number;
    decayBits: number;
    thresholdMantBits: number;
    maxDelay: number;
  };
  synapseEncoding: {
    /** per input-axon block overhead (bits) */
    axonBlockOverheadBits: number;
    /** bits of the postsynaptic index in sparse format */
    indexBits: number;
    delayBits: number;
    /** eligibility/tag bits per plastic synapse */
    tagBits: number;
    /** whether the dense (index-free) format is available */
    denseFormat: boolean;
  };
  learning: {
    supported: boolean;
    maxEpochSteps: number;
    traceBits: number;
    tagBits: number;
    /** per-neuron learning state bits (L_i, post trace) counted against core.learningStateBits */
    perNeuronStateBits: number;
  };
  cost: {
    /** energy per operation, picojoules */
    energyPJ: {
      synapticOp: number;
      synapticUpdate: number;
      neuronActive: number;
      neuronInactive: number;
      spikeInTile: number;
      hopEastWest: number;
      hopNorthSouth: number;
      chipCrossing: number;
    };
    /** time per operation, nanoseconds */
    timeNs: {
      synapticOp: number;
      synapticUpdate: number;
      neuronActive: number;
      neuronInactive: number;
      spikeInTile: number;
      hopEastWest: number;
      hopNorthSouth: number;
      chipCrossing: number;
      barrier: number;
    };
    /** core clock used to express times as cycles */
    clockMHz: number;
  };
  sources: Record<string, string>;
  unverified: string[];
}
