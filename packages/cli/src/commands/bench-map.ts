import type { Command } from 'commander';

/** Registers `snnc bench map` (not yet implemented). */
export function register(_program: Command): void {}
