import type { CodeCatalogue } from '@snnc/common';

/** Codes of @snnc/codegen: placement and network checks before an image is built (SNNC41xx). */
export const catalogue: CodeCatalogue = {
  SNNC4101: 'placement does not match the network (population count or size)',
  SNNC4102: 'a neuron has no valid (core, slot), or compartment slots are not dense',
  SNNC4103: 'placement was computed for another target',
  SNNC4104: 'the target cannot run a population\'s neuron model',
  SNNC4105: 'a parameter (refractory, weightBits, weightExp, delay, weight) outside the target\'s fields',
  SNNC4106: 'a plastic projection on a target without on-chip learning',
  SNNC4107: 'the learning epoch is longer than the chip\'s; the management core extends it (warning)',
  SNNC4110: 'a core exceeds its compartments',
  SNNC4111: 'a core exceeds its input axons',
  SNNC4112: 'a core exceeds its output axons',
  SNNC4113: 'a core exceeds its synapse memory bits',
  SNNC4114: 'a core exceeds its learning state bits',
  SNNC4115: 'a core exceeds its compartment configurations',
  SNNC4120: 'learning section missing or inconsistent (plastic without learning, tanh table, block sizes)',
  SNNC4121: 'a delta-rule projection does not end in the readout population (§5.7)',
  SNNC4190: 'the generated image does not validate (a compiler bug or an unchecked parameter)',
};
