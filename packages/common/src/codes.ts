/**
 * Diagnostic code catalogues. Every package keeps one in src/codes.ts: `catalogue` maps each code
 * it owns to a one-line meaning. A code is registered in exactly one catalogue and never means two
 * things (test/src/codes.test.ts); docs/diagnostics.md is generated from the catalogues
 * (scripts/gen-diagnostics.mjs). Ranges: SNNC1xxx spec/schema/CLI, SNNC2xxx semantics and lowering,
 * SNNC3xxx mapping, SNNC4xxx image/emulator/runs, SNNC5xxx data/checkpoints/training, SNNC6xxx NIR.
 */
export type CodeCatalogue = Readonly<Record<string, string>>;

/** Codes of @snnc/common. */
export const catalogue: CodeCatalogue = {
  SNNC4320: 'fixed-point overflow in a run: u wrapped or v saturated in a population (warning, docs/semantics.md §1.2)',
};
