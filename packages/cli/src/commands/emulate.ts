import type { Command } from 'commander';

/** Registers `snnc emulate` (not yet implemented). */
export function register(_program: Command): void {}
