import type { CodeCatalogue } from '@snnc/common';

/** Codes of @snnc/driver (the compile pipeline and the emulation run). */
export const catalogue: CodeCatalogue = {
  SNNC4310: 'the image has no input ports or no readout classes, so it cannot classify a dataset',
  SNNC4330: 'compiling or loading the network, or holding the random input samples verify draws before its first step, would need more memory than the process may use: JavaScript heap or machine memory (estimate, limit, fix)',
};
