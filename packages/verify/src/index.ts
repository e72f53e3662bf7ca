/**
 * @snnc/verify: runs the reference simulator (what the network means) and the chip emulator (what
 * the compiled chip image does) side by side and reports the first divergence (docs/semantics.md §6).
 */
export {};
