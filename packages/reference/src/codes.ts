import type { CodeCatalogue } from '@snnc/common';

/** Codes of @snnc/reference: what the float twin needs of a Graph (float/check.ts). */
export const catalogue: CodeCatalogue = {
  SNNC2820: 'float twin: timesteps is not a positive integer',
  SNNC2821: 'float twin: a population lacks neuron parameters of its model',
  SNNC2822: 'float twin: a projection needs a source and a neuron target',
  SNNC2823: 'float twin: a projection delay below 1',
  SNNC2824: 'float twin: pre, post and weight lengths differ',
  SNNC2825: 'float twin: a synapse out of range or not sorted by (pre, post)',
  SNNC2826: 'float twin: learning.readout names no readout population with classes',
  SNNC2827: 'float twin: modulatory matrices B, Wem, Wmh of the wrong shape',
};
