/**
 * Diagnostic codes of the IR front end. SNNC1xxx: the document (file, JSON, schema, version);
 * SNNC2xxx: meaning (references, sizes, shapes, learning) and lowering onto a target.
 * Codes are stable: tests and users grep for them; never renumber, only add.
 */
export const Codes = {
  // ---- SNNC1xxx: file, syntax, schema
  fileUnreadable: 'SNNC1001',
  jsonSyntax: 'SNNC1002',
  missingField: 'SNNC1003',
  wrongType: 'SNNC1004',
  outOfRange: 'SNNC1005',
  notInEnum: 'SNNC1006',
  unknownField: 'SNNC1007',
  arrayLength: 'SNNC1008',
  badPattern: 'SNNC1009',
  unknownVariant: 'SNNC1010',
  unsupportedVersion: 'SNNC1011',
  schemaOther: 'SNNC1012',
  duplicateKey: 'SNNC1013',
  upgraded: 'SNNC1014',
  tooManyErrors: 'SNNC1015',
  /** JSON nested deeper than LIMITS.jsonDepth (docs/limits.md) */
  tooDeep: 'SNNC1016',
  unknownTarget: 'SNNC1020',
  targetInconsistent: 'SNNC1021',
  /** a target system larger than LIMITS (docs/limits.md): mesh, chips, cores */
  targetTooLarge: 'SNNC1025',

  // ---- SNNC2xxx: semantics of the spec
  duplicateId: 'SNNC2001',
  danglingReference: 'SNNC2002',
  indexOutOfRange: 'SNNC2003',
  lengthMismatch: 'SNNC2004',
  shapeMismatch: 'SNNC2005',
  readoutSize: 'SNNC2006',
  learningReference: 'SNNC2007',
  thresholdBounds: 'SNNC2008',
  inputAsTarget: 'SNNC2009',
  duplicateSynapse: 'SNNC2010',
  neuronMissing: 'SNNC2011',
  degreeTooLarge: 'SNNC2012',
  tooManySynapses: 'SNNC2013',
  badDistribution: 'SNNC2014',
  plasticWithoutLearning: 'SNNC2015',
  degreeOrDensity: 'SNNC2016',
  homeostasisInert: 'SNNC2017',
  shortcutToSelf: 'SNNC2018',
  feedbackWiring: 'SNNC2019',
  /** more neurons than LIMITS.networkNeurons (docs/limits.md) */
  tooManyNeurons: 'SNNC2030',
  /** a modulatory block beyond LIMITS (2^20 neurons, M x N entries) */
  learningBlockTooLarge: 'SNNC2031',

  // ---- SNNC21xx: lowering onto a target
  modelUnsupported: 'SNNC2101',
  delayTooLong: 'SNNC2102',
  weightRange: 'SNNC2103',
  learningUnsupported: 'SNNC2104',
  parameterRange: 'SNNC2105',
  learningRateRange: 'SNNC2106',
  epochTooLong: 'SNNC2107',
  noCurrentDecay: 'SNNC2108',
  refractoryRange: 'SNNC2109',
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];
