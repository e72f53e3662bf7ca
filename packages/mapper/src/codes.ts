import type { CodeCatalogue } from '@snnc/common';

/** Codes of @snnc/mapper (SNNC3xxx, docs/mapper.md). */
export const catalogue: CodeCatalogue = {
  SNNC3001: 'the target allows no compartment per core',
  SNNC3002: "a neuron's distinct sources exceed maxInputAxons",
  SNNC3003: "a neuron's synapses alone exceed synapseMemoryBits",
  SNNC3004: 'learning state per neuron exceeds learningStateBits',
  SNNC3005: "a neuron's targets cannot fit maxOutputAxons destination cores",
  SNNC3006: 'output-axon splitting did not settle',
  SNNC3007: "a neuron's fan-in, bounded below from the spec (srsnn or graph) before expansion, exceeds a core's input axons or synapse memory (SNNC3002/3003 known before expanding; spec-fanin.ts)",
  SNNC3010: 'the network needs more cores than the system has',
  SNNC3020: 'unknown mapping strategy',
  SNNC3051: 'more synapses than the mapper indexes',
  SNNC3052: 'activity profile of the wrong shape or not a non-negative rate',
  SNNC3060: 'placement file unreadable or malformed',
  SNNC3061: 'unsupported placement version',
  SNNC3070: 'constraints file (--avoid) unreadable, not JSON syntax or against schemas/avoid.schema.json (deep nesting and repeated keys: SNNC1016, SNNC1013)',
  SNNC3071: 'an avoided core or chip (or a core location) outside the system',
  SNNC3072: 'the neuron cap per core is not a whole number >= 1',
  SNNC3073: 'a pin names no (or an input) population, a place outside the system, nothing, or only avoided cores',
  SNNC3074: 'a pinned population needs more cores than its pin leaves free',
  SNNC3075: 'the network (or its unpinned part) needs more cores than avoiding and the cap leave',
};
