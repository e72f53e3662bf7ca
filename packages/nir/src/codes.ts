/**
 * Diagnostic codes of NIR interoperability (SNNC6xxx, see @snnc/common). Stable: tests and users
 * grep for them; never renumber, only add.
 */
export const NirCodes = {
  fileUnreadable: 'SNNC6001',
  notHdf5: 'SNNC6002',
  missingGroup: 'SNNC6003',
  missingParameter: 'SNNC6004',
  wrongParameterType: 'SNNC6005',
  unknownNodeType: 'SNNC6006',
  badEdge: 'SNNC6007',
  shapeMismatch: 'SNNC6008',
  shapeInferred: 'SNNC6009',
  defaulted: 'SNNC6010',
  unsupported: 'SNNC6011',
  algebraicLoop: 'SNNC6012',
  heterogeneous: 'SNNC6013',
  unstableEuler: 'SNNC6014',
  approximation: 'SNNC6015',
  exportLoss: 'SNNC6016',
  writeFailed: 'SNNC6017',
  badDt: 'SNNC6018',
  /** a size, stride, padding or dimension that is not a whole number of its least value, or a negative delay */
  parameterRange: 'SNNC6019',
  /** dt far below a time constant: the 12-bit decay resolves it coarsely or not at all */
  dtBelowTau: 'SNNC6030',
  /** lowering at the chosen dt rounded most nonzero weights to mantissa 0 */
  weightsZeroed: 'SNNC6031',
  /** a declared size or nesting beyond LIMITS (docs/limits.md): refused before reading */
  tooLarge: 'SNNC6040',
  /** the HDF5 WebAssembly module could not start (usually a virtual-memory limit) */
  hdf5Start: 'SNNC6041',
} as const;

/** Every code of @snnc/nir with its one-line meaning (docs/diagnostics.md is generated from it). */
export const catalogue: Readonly<Record<(typeof NirCodes)[keyof typeof NirCodes], string>> = {
  SNNC6001: 'NIR file unreadable',
  SNNC6002: 'not an HDF5 file, or truncated',
  SNNC6003: 'NIR group missing',
  SNNC6004: 'node parameter missing',
  SNNC6005: 'node parameter of the wrong type (non-numeric)',
  SNNC6006: 'unknown NIR node type',
  SNNC6007: 'bad edge (names a missing node or port)',
  SNNC6008: 'shape mismatch between nodes',
  SNNC6009: 'shape inferred (warning)',
  SNNC6010: 'field defaulted (warning)',
  SNNC6011: 'NIR construct not supported',
  SNNC6012: 'algebraic loop (a cycle without delay)',
  SNNC6013: 'heterogeneous per-neuron parameter where one value is needed',
  SNNC6014: 'unstable Euler step at the chosen dt',
  SNNC6015: 'approximation in the conversion (warning)',
  SNNC6016: 'information lost in the export (warning)',
  SNNC6017: 'NIR file cannot be written',
  SNNC6018: 'bad dt',
  SNNC6019: 'node parameter outside its range (a size, stride, padding or dimension not a whole number of its least value; a negative delay)',
  SNNC6030: 'dt far below a time constant: the 12-bit decay resolves it coarsely or not at all (warning)',
  SNNC6031: 'lowering at the chosen dt rounded most nonzero weights to mantissa 0 (warning)',
  SNNC6040: 'a declared size or nesting beyond LIMITS (docs/limits.md), refused before reading',
  SNNC6041: 'the HDF5 library (WebAssembly) could not start: usually too little memory (a virtual-memory limit)',
};
