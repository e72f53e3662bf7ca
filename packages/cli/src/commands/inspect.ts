import type { Command } from 'commander';

/** Registers `snnc inspect` (not yet implemented). */
export function register(_program: Command): void {}
