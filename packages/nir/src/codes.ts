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
  /** dt far below a time constant: the 12-bit decay resolves it coarsely or not at all */
  dtBelowTau: 'SNNC6030',
  /** lowering at the chosen dt rounded most nonzero weights to mantissa 0 */
  weightsZeroed: 'SNNC6031',
  /** a declared size or nesting beyond LIMITS (docs/limits.md): refused before reading */
  tooLarge: 'SNNC6040',
} as const;
