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
  /** a JSON number beyond a double's range (1e999): JSON.parse reads Infinity */
  numberOverflow: 'SNNC1017',
  /** a chip image or checkpoint (an snnc binary file, by its magic) where a JSON document is expected */
  binaryNotJson: 'SNNC1018',
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
  /** a population's kind and its fields disagree (neuron model, role, graded) */
  kindMismatch: 'SNNC2011',
  degreeTooLarge: 'SNNC2012',
  tooManySynapses: 'SNNC2013',
  badDistribution: 'SNNC2014',
  plasticWithoutLearning: 'SNNC2015',
  degreeOrDensity: 'SNNC2016',
  homeostasisInert: 'SNNC2017',
  shortcutToSelf: 'SNNC2018',
  feedbackWiring: 'SNNC2019',
  /** a feedback rule that cannot work (SAL with M < C or a constant distribution) */
  feedbackRule: 'SNNC2020',
  /** feedback, compression or feedbackGain at a scale that lowers the learning chain to a zero or sign-only signal (learning-scale.ts) */
  learningScale: 'SNNC2021',
  /** feedback, compression or the decoder all zeros: a hidden rule that never changes a weight (learning-scale.ts) */
  learningSilent: 'SNNC2022',
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
  /** §5.10: the SAL statistic of this network could leave the contract's exact range */
  salRange: 'SNNC2110',
  /** §5.7: the readout decay cannot be expressed at the readout's learning-rate shift */
  readoutDecayRange: 'SNNC2111',
  /** §4: readoutScore "potential" on a readout that has no per-neuron threshold (not srlif) or whose score leaves 32 bits */
  readoutScore: 'SNNC2112',
  /** a sample longer than LIMITS.sampleSteps, the chip image's and the emulator's range */
  sampleTooLong: 'SNNC2113',
  /** §2.4: a graded input on a target whose host spikes carry no value */
  gradedUnsupported: 'SNNC2114',
} as const;

export type Code = (typeof Codes)[keyof typeof Codes];

/** Literal codes of the lowered-network verifier (check-network.ts), one per contract rule. */
const networkCodes = {
  SNNC2801: 'lowered network or graph: timesteps is not a positive integer',
  SNNC2802: 'lowered network or graph: a population carries the wrong index',
  SNNC2803: 'lowered network or graph: a population has no neurons',
  SNNC2804: 'lowered network or graph: a population lacks neuron parameters of its model',
  SNNC2805: 'lowered network or graph: a projection carries the wrong index',
  SNNC2806: 'lowered network or graph: a projection names a missing population or targets an input',
  SNNC2807: 'lowered network or graph: delay, weightExp, weightBits or learnShift outside the contract',
  SNNC2808: 'lowered network or graph: synapse arrays differ in length or index out of range',
  SNNC2809: 'lowered network or graph: synapses not sorted by (pre, post) or duplicated (§1.4)',
  SNNC2810: 'lowered network or graph: learning.readout names no readout population with classes',
  SNNC2811: 'lowered network: tanhTable does not have 256 entries (§5.5)',
  SNNC2812: 'lowered network or graph: a modulatory block names no neuron population',
  SNNC2813: 'lowered network: a population has two modulatory blocks',
  SNNC2814: 'lowered network or graph: modulatory matrices B, Wem, Wmh of the wrong shape',
  SNNC2815: 'lowered network: a delta-rule projection does not target the readout (§5.7)',
  SNNC2816: 'lowered network: a plastic projection in a network without learning parameters',
  SNNC2817: 'lowered network: a SAL program (§5.10) of the wrong shape or outside its fields',
  SNNC2819: 'lowered network: rate regularisation (§5.5) out of range or half given',
  SNNC2818: 'lowered network: readout decay (§5.7) out of 1..30 or above a delta-rule projection\'s learnShift',
  // SNNC2820-2827 were the float twin's repeats of SNNC2801-2814, retired (docs/benchmarks.md): not reused
  SNNC2828: 'lowered network or graph: readoutScore "potential" (§4) on a readout that is not srlif, or a class score beyond 32 bits',
} as const;

/** Every code of @snnc/ir with its one-line meaning (docs/diagnostics.md is generated from it). */
export const catalogue: Readonly<Record<Code | keyof typeof networkCodes, string>> = {
  SNNC1001: 'file unreadable (missing, a directory, no permission)',
  SNNC1002: 'JSON syntax error (line, column)',
  SNNC1003: 'required field missing',
  SNNC1004: 'wrong JSON type',
  SNNC1005: 'number out of range (e.g. negative size, probability > 1)',
  SNNC1006: 'value not one of the allowed words',
  SNNC1007: 'unknown field',
  SNNC1008: 'array too short or too long',
  SNNC1009: 'string does not match its pattern (identifier syntax)',
  SNNC1010: 'unknown variant (kind, dist, type, model)',
  SNNC1011: 'unsupported irVersion or targetVersion',
  SNNC1012: 'other schema violation (matches none of the allowed forms)',
  SNNC1013: 'duplicate key in a JSON object (JSON.parse would keep the last silently)',
  SNNC1014: 'document upgraded from an older irVersion or targetVersion (note)',
  SNNC1015: 'more schema errors than shown (the rest are summarised)',
  SNNC1016: 'JSON nested deeper than LIMITS.jsonDepth (docs/limits.md)',
  SNNC1017: 'a JSON number beyond the range of a double (e.g. 1e999, which would read as Infinity)',
  SNNC1018: 'a chip image or a training checkpoint (known by its magic) given where a JSON document is expected',
  SNNC1020: 'unknown target name or unreadable target file',
  SNNC1021: 'target inconsistent (mesh, chips, formats, learning fields or source pointers disagree)',
  SNNC1025: 'target beyond the resource limits (mesh side, cores per tile, chip grid; docs/limits.md)',
  SNNC2001: 'duplicate id',
  SNNC2002: 'reference to an unknown population or layer',
  SNNC2003: 'explicit synapse index outside its population',
  SNNC2004: 'lengths disagree (explicit arrays, dense matrix, perLayer)',
  SNNC2005: 'shape does not match size, or conv/pool shapes do not match',
  SNNC2006: 'readout without a consistent classes x neuronsPerClass',
  SNNC2007: 'learning refers to an unknown or unsuitable population',
  SNNC2008: 'threshold bounds violate vthMin <= vth <= vthMax',
  SNNC2009: 'an input population as a projection target',
  SNNC2010: 'the same synapse listed twice',
  SNNC2011: 'a population whose kind and fields disagree: a neuron population without a neuron model or with role "input" or graded; an input with a neuron model or another role',
  SNNC2012: 'degree larger than the source (error) or microcircuit larger than the layer (warning)',
  SNNC2013: 'too many synapses to expand',
  SNNC2014: 'bad distribution (uniform with low > high, or draws beyond the range of a double: |mean| + 9 std or high - low overflows)',
  SNNC2015: 'plastic projection but learning absent or disabled (warning)',
  SNNC2016: 'small-world needs exactly one of degree and density',
  SNNC2017: 'homeostasis cannot move the threshold (vthMin = vthMax, warning)',
  SNNC2018: 'a long-range shortcut from a layer to itself',
  SNNC2019: 'feedback wiring of a learning block that cannot work (M < C, a constant distribution, or B and Wem at a scale where Wem B^T leaves the range of a double)',
  SNNC2020: 'feedback rule that cannot work (SAL with M < C or a constant distribution; perLayer of the wrong length is SNNC2004)',
  SNNC2021: 'feedback, compression or feedbackGain at a scale that lowers the learning signal to zero or to its sign (B or Wem kept to its signs, Wmh rounded to zeros, or a tanh input gain below 1)',
  SNNC2022: 'feedback, compression or the feedback decoder drawn all zeros: the hidden three-factor rule of that block never changes a weight (warning)',
  SNNC2030: 'more neurons than LIMITS.networkNeurons (docs/limits.md)',
  SNNC2031: 'a modulatory block beyond LIMITS (2^20 neurons, M x N or C x N entries)',
  SNNC2101: 'neuron model not supported by the target',
  SNNC2102: "delay above the target's maximum",
  SNNC2103: 'weights clamped to the mantissa range (warning)',
  SNNC2104: 'plastic projections on a target without on-chip learning',
  SNNC2105: 'a parameter does not fit its field and is clamped (warning)',
  SNNC2106: 'learning rate outside the mantissa/shift range (warning)',
  SNNC2107: 'sample longer than the hardware learning epoch (note)',
  SNNC2108: 'cuba alphaU = 1 (no current decay): the chip always decays u',
  SNNC2109: "cuba refractory beyond the target's refractory delay field",
  SNNC2110: 'SAL (§5.10): timesteps^2 x classes x readout neurons too large for the exact statistic',
  SNNC2111: 'readout decay (§5.7) too small or too large for the readout\'s learning-rate shift',
  SNNC2112: 'readoutScore "potential" (§4) needs an srlif readout (a per-neuron threshold) whose class scores fit 32 bits',
  SNNC2113: 'timesteps beyond LIMITS.sampleSteps (2^19, the chip image\'s and the emulator\'s range; docs/limits.md)',
  SNNC2114: 'graded input spikes (§2.4) on a target without formats.gradedInputSpikes',
  ...networkCodes,
};
