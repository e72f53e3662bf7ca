/**
 * The documented resource limits of snnc (docs/limits.md), in one place. Every reader checks the
 * sizes a file declares against these before it allocates anything, and refuses what is larger
 * with a located diagnostic, in well under a second: a hostile or mistaken file must never make
 * snnc run out of memory, spin, or take minutes to say no. Raising a limit is a change of this file
 * and of docs/limits.md, nothing else.
 */
export const LIMITS = {
  /** bytes of a JSON input (spec, target, placement): more than any real one by far */
  jsonFileBytes: 256 * 2 ** 20,
  /** bytes of a binary input (chip image, checkpoint, .nir file) */
  binaryFileBytes: 2 ** 31 - 1,
  /** nesting depth of a JSON document (arrays and objects); real specs nest fewer than 10 deep */
  jsonDepth: 512,
  /** neurons of one network, all populations together (2^24: 16.7 M) */
  networkNeurons: 2 ** 24,
  /** synapses of one network before expansion (the estimate from sizes and densities) */
  networkSynapses: 300_000_000,
  /** neurons of a population with a modulatory block: the chip image's cap on a block (2^20) */
  learningBlockNeurons: 2 ** 20,
  /** entries of one modulatory matrix (M x N, also C x N): 2^24 float64 entries = 128 MiB */
  modulatoryEntries: 2 ** 24,
  /** cores of a target system: chips x cores per chip (2^20) */
  systemCores: 2 ** 20,
  /** tiles of a target's whole chip grid: chipsX x chipsY x meshX x meshY (2^20, the chip image's cap) */
  systemTiles: 2 ** 20,
  /** tiles along one side of a chip's mesh, and cores per tile (the chip image's ranges) */
  meshSide: 4096,
  coresPerTile: 64,
  /** chips along one side of the system grid (the chip image's range) */
  chipGridSide: 1024,
  /** per core: compartments and compartment configurations (arrays of this length are allocated per core) */
  coreCompartments: 2 ** 20,
  /** per core: input and output axons */
  coreAxons: 2 ** 24,
  /** per core: bits of synapse memory and learning state, and the word width (the image's range) */
  coreBits: 2 ** 40,
  /** bits per synapse field of the encoding (index, delay, tag) and per axon block overhead */
  encodingBits: 64,
  axonBlockBits: 2 ** 16,
  /** longest synaptic delay of a target (steps; the image's range and the delay lines' length) */
  maxDelay: 4096,
  /** steps of a sample and of a hardware learning epoch (the emulator's and the image's range, 2^19) */
  sampleSteps: 2 ** 19,
  /** elements of one parameter array of a .nir file (a 4096 x 4096 Affine) */
  nirParameterElements: 2 ** 24,
  /** elements of all parameter arrays of a .nir file together */
  nirTotalElements: 2 ** 26,
  /** nested NIRGraph groups in a .nir file (real files nest 1 or 2 deep), and groups visited in all (HDF5 hard links can form cycles) */
  nirDepth: 8,
  nirGroups: 100_000,
} as const;

export type ResourceLimit = keyof typeof LIMITS;

/** "<= 16777216 (limits.networkNeurons, docs/limits.md)": the `expected` text of a refusal. */
export function withinLimit(name: ResourceLimit, unit = ''): string {
  return `<= ${LIMITS[name]}${unit ? ` ${unit}` : ''} (limits.${name}, docs/limits.md)`;
}
