/**
 * @snnc/verify: runs the reference simulator (what the network means) and the chip emulator (what
 * the compiled chip image does) side by side and reports the first divergence (docs/semantics.md §6,
 * docs/verify.md).
 */
export { verifyNetwork, formatDivergence, MAX_VERIFY_STEPS, STEPS_REFUSAL_CODE, type Divergence, type VerifyOptions, type VerifyResult } from './verify.js';
export { checkImageLayout, type LayoutMismatch } from './layout.js';
export { verifySpec, type VerifySpecOptions, type VerifySpecResult, type Accuracy, accuracyOf } from './spec.js';
export { placeNaive, type NaivePlacementOptions } from './place.js';
