import type { Command } from 'commander';

/** Registers `snnc evaluate` (not yet implemented). */
export function register(_program: Command): void {}
