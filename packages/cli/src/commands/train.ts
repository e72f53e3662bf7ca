import type { Command } from 'commander';

/** Registers `snnc train` (not yet implemented). */
export function register(_program: Command): void {}
