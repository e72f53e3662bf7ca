import type { CodeCatalogue } from '@snnc/common';

/** Codes of @snnc/driver (the compile pipeline and the emulation run). */
export const catalogue: CodeCatalogue = {
  SNNC4310: 'the image has no input ports or no readout classes, so it cannot classify a dataset',
  SNNC4330: 'expanding a spec (its synapse estimate against the machine\'s memory, located at the field that contributes most), compiling or loading the network, a verification run of random input (what it keeps of every step and sample it has run), one input sample (steps x inputs) or a verification\'s sample trajectory (5 x steps x neurons) would need more memory than the process may use: JavaScript heap, machine memory or the longest array (estimate, limit, fix)',
};
