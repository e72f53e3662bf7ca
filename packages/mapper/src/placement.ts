/**
 * The mapper's output: where every neuron lives. The code generator and the reports consume it;
 * the emulator never sees it (it runs the emitted programs). Synapses live in the core of their
 * postsynaptic neuron (as on Loihi); an input axon of a core is one (source neuron, destination
 * core) pair; input populations are off-chip sources entering through the host port (§ mapper docs).
 */
export const PLACEMENT_VERSION = '1.0';

export interface CoreLocation {
  /** global core id = chip * coresPerChip + tile * coresPerTile + coreInTile */
  id: number;
  chip: number;
  /** tile coordinates within the chip's mesh */
  x: number;
  y: number;
  coreInTile: number;
}

export interface CoreUsage {
  compartments: number;
  inputAxons: number;
  outputAxons: number;
  synapseBits: number;
  learningStateBits: number;
  synapses: number;
}

export interface Placement {
  placementVersion: string;
  network: string; // network name
  target: string; // target name
  strategy: string;
  /** used cores, ascending by id; index in this array = "used core index" */
  cores: CoreLocation[];
  usage: CoreUsage[]; // parallel to cores
  /** per population: the used-core index of each neuron (-1 for input populations) */
  neuronCore: Int32Array[];
  /** per population: compartment slot of each neuron within its core (-1 for inputs) */
  neuronSlot: Int32Array[];
  metrics: PlacementMetrics;
}

export interface PlacementMetrics {
  cores: number;
  chips: number;
  lowerBound: number;
  lowerBoundBy: string; // which limit sets the bound
  interCoreSpikes: number; // expected spikes per step crossing cores (or synapse-weighted)
  interChipSpikes: number;
  hopTraffic: number; // sum over messages of hops
  maxLinkLoad: number;
  trafficWeighting: 'synapses' | 'activity';
}
