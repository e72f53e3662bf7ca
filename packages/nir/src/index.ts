/**
 * @snnc/nir: NIR (Neuromorphic Intermediate Representation) interoperability. Import .nir (HDF5)
 * files as snnc graph specs at a documented dt, export snnc specs as .nir, and simulate the
 * imported graph in float64 to measure the fixed-point network's distance from it. docs/nir.md.
 */
export { NirCodes } from './codes.js';
export * from './types.js';
export { readNirFile, type ReadResult } from './read.js';
export { inferShapes, outExtent, type NodeShapes } from './shapes.js';
export { buildNetwork, toId, type NirNetwork, type NetPopulation, type NetProjection } from './compose.js';
export { coefficients, type NeuronCoefficients } from './dynamics.js';
export { toSpec, delaySteps, type ParameterError } from './discretise.js';
export { importNirFile, importNirGraph, chooseDt, DEFAULT_DT, type NirImportOptions, type NirImportResult, type DiscretisationReport } from './import.js';
export { simulateFloat, type FloatRun } from './simulate.js';
export { writeNirFile, NIR_FILE_VERSION, type WriteNode, type ParamValue } from './write.js';
export { graphToNirNodes, exportNirFile, type ExportOptions } from './export.js';
export { compareSpikeCounts, withinTolerance, type PopulationAgreement } from './compare.js';
