import type { CodeCatalogue } from '@snnc/common';

/** Codes of @snnc/driver (the compile pipeline and the emulation run). */
export const catalogue: CodeCatalogue = {
  SNNC4310: 'the image has no input ports or no readout classes, so it cannot classify a dataset',
  SNNC4330: 'compiling or loading the network, or a verification run of random input (what it keeps of every step and sample it has run), would need more memory than the process may use: JavaScript heap or machine memory (estimate, limit, fix)',
};
