import type { Command } from 'commander';

/** Registers `snnc nir` (not yet implemented). */
export function register(_program: Command): void {}
