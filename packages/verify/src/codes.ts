import type { CodeCatalogue } from '@snnc/common';

/** Codes of @snnc/verify (reference against emulator). */
export const catalogue: CodeCatalogue = {
  SNNC4301: 'the reference simulator refused the network',
  SNNC4302: 'training verification needs one label per sample',
  SNNC4303: 'an input raster does not have T x inputs entries',
  SNNC4307: 'training verification needs a readout with classes',
  SNNC4309: 'a verification run of more steps than the spike count it keeps of every step can hold (MAX_VERIFY_STEPS)',
  SNNC4311: 'a verification run given no input sample: nothing would be compared, so it cannot say bit-exact',
};
