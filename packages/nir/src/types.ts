/**
 * The in-memory NIR graph: what a .nir file says, before any choice of snnc's. Nested NIRGraph
 * nodes are flattened by the reader into path-qualified names ("outer.inner"); the nested
 * graph's own Input/Output nodes become `Identity` pass-throughs so that edges keep their meaning.
 * Every numeric parameter is a float64 tensor in C order (row-major, last index fastest), which is
 * also snnc's neuron layout (index = c*H*W + y*W + x).
 */
export const NIR_NODE_TYPES = [
  'Input', 'Output', 'Affine', 'Linear', 'Scale', 'Threshold', 'Delay', 'I', 'IF', 'LI', 'LIF', 'CubaLI', 'CubaLIF',
  'Conv1d', 'Conv2d', 'SumPool2d', 'AvgPool2d', 'Flatten', 'NIRGraph',
] as const;

export type NirFileNodeType = (typeof NIR_NODE_TYPES)[number];
/** Node types after flattening (no NIRGraph; Identity stands for a nested graph's Input/Output). */
export type NirNodeType = Exclude<NirFileNodeType, 'NIRGraph'> | 'Identity';

export interface NirTensor {
  shape: number[];
  data: Float64Array;
}

export interface NirNode {
  /** path-qualified name, unique in the flattened graph */
  name: string;
  type: NirNodeType;
  params: Record<string, NirTensor>;
  /** where the node lives in the file (e.g. /node/nodes/lif1), for located diagnostics */
  path: string;
}

export interface NirGraph {
  version: string;
  /** sorted by name (iteration order never depends on the file's link order) */
  nodes: NirNode[];
  /** [source, target] names, in file order (duplicates removed) */
  edges: [string, string][];
}

/** Neuron (stateful) node types: they become snnc populations. */
export const NEURON_TYPES: ReadonlySet<NirNodeType> = new Set(['I', 'IF', 'LI', 'LIF', 'CubaLI', 'CubaLIF', 'Threshold']);
/** Linear, stateless node types: they compose into projections. */
export const LINEAR_TYPES: ReadonlySet<NirNodeType> = new Set(['Affine', 'Linear', 'Scale', 'Conv1d', 'Conv2d', 'SumPool2d', 'AvgPool2d', 'Flatten', 'Delay', 'Identity']);

export function tensorSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function scalarTensor(x: number): NirTensor {
  return { shape: [], data: Float64Array.of(x) };
}
