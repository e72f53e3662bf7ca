/**
 * The mapper's output: where every neuron lives. The code generator and the reports consume it;
 * the emulator never sees it (it runs the emitted programs). Synapses live in the core of their
 * postsynaptic neuron (as on Loihi); an input axon of a core is one (source neuron, destination
 * core) pair; input populations are off-chip sources entering through the host port (§ mapper docs).
 */
export const PLACEMENT_VERSION = '1.0';

import type { CapacityDoc, CoreLocation, CoreUsageDoc, MeshDoc, PopulationDoc } from '@snnc/ir';
export type { CoreLocation };

/** What one used core holds (the placement schema's definition, schemas/placement.schema.json). */
export type CoreUsage = CoreUsageDoc;

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
  // ---- optional, written by mapNetwork so that a placement file is self-contained for reports
  /** the target's mesh geometry (chips, tiles, cores per tile) */
  mesh?: MeshGeometry;
  /** the target's per-core capacities, in the units of CoreUsage */
  capacity?: CoreCapacity;
  /** per population: what the report tables show */
  populations?: PopulationSummary[];
  /** directed core-to-core traffic (used-core indices, sorted by (from, to)) and host-port traffic */
  traffic?: CoreTrafficList;
  /** per directed mesh link with non-zero load (global tile coordinates, sorted) */
  links?: LinkLoadList;
  /** per limit: the certified lower bound on cores that limit alone implies, its argument, and the
   *  unavoidable demand and bound in population order (docs/mapper.md §3) */
  lowerBounds?: Record<string, { cores: number; method?: string; demand?: number; inOrder?: number }>;
}

/** The target's mesh geometry, as the placement schema defines it (schemas/placement.schema.json MeshDoc). */
export type MeshGeometry = MeshDoc;

/** The target's per-core capacities, in the units of CoreUsage (the placement schema's). */
export type CoreCapacity = CapacityDoc;

/**
 * One population as the report shows it (the placement schema's): `cores` holding at least one of
 * its neurons (0 for inputs), synapses whose postsynaptic (`synapsesIn`) or presynaptic
 * (`synapsesOut`) neuron is in it.
 */
export type PopulationSummary = PopulationDoc;

export interface CoreTrafficList {
  from: Int32Array;
  to: Int32Array;
  weight: Float64Array;
  /** per used core: weight arriving from the host port (input populations) */
  host: Float64Array;
}

/** Directions: 0 east (+x), 1 west, 2 north (+y), 3 south (mesh.ts). */
export interface LinkLoadList {
  x: Int32Array;
  y: Int32Array;
  dir: Int32Array;
  load: Float64Array;
  /** load on the link from the host port into tile (0, 0) of chip 0 */
  hostLink: number;
}

export interface PlacementMetrics {
  cores: number;
  chips: number;
  /** the best certified lower bound on cores (docs/mapper.md §3): no placement uses fewer */
  lowerBound: number;
  lowerBoundBy: string; // which limit sets the bound
  interCoreSpikes: number; // expected spikes per step crossing cores (or synapse-weighted)
  interChipSpikes: number;
  hopTraffic: number; // sum over core-to-core messages of weight x tile hops (host excluded)
  maxLinkLoad: number;
  trafficWeighting: 'synapses' | 'activity';
  /** optional extras (mapNetwork always sets them) */
  lowerBoundChips?: number;
  hostSpikes?: number; // weight entering from the host port
  hostHopTraffic?: number; // hop-weighted host-port traffic (not in hopTraffic)
  maxInterChipLinkLoad?: number; // the most loaded link between two chips
  /** "<limit>/<method>" of the certified bound (docs/mapper.md §3) */
  boundKind?: string;
  /** the certified bound again (older readers look for it here) */
  lowerBoundStrict?: number;
  /** a bound for placements that keep each population's neuron order in a core (not certified) */
  lowerBoundInOrder?: number;
  intraCoreSpikes?: number; // weight delivered within the source's core
  /** cores / lowerBound (4 decimals): how far from the certified optimum */
  coresToBound?: number;
  /** locality only (when the population order was packed): what sequential uses on the same
   *  network and target, and the ratios to it (cores, hop-weighted traffic; 4 decimals) */
  sequentialCores?: number;
  sequentialHopTraffic?: number;
  coresToSequential?: number;
  hopTrafficToSequential?: number;
  /** per limit: the highest utilisation (used / capacity) of any core */
  maxUtilisation?: Record<string, number>;
}
