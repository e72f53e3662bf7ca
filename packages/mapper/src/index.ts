export * from './placement.js';
export { mapNetwork, STRATEGIES, type Strategy, type MapOptions, type MapResult } from './map.js';
export { placementToJson, placementFromJson } from './serialize.js';
export { LIMIT_NAMES, type LimitName } from './limits.js';
export { Mesh, hilbertOrder } from './mesh.js';
export { benchNetwork, type BenchNetworkOptions } from './bench.js';
export { coreLowerBound, type CoreLowerBound } from './lower-bound.js';
export { certifiedBounds, BOUND_LIMITS, type BoundLimit, type BoundMethod, type CertifiedBounds, type LimitBound } from './certified.js';
export { l2Bound } from './l2.js';
