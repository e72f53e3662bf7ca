import type { Command } from 'commander';

/** Registers `snnc map` (not yet implemented). */
export function register(_program: Command): void {}
