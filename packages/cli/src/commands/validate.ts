import type { Command } from 'commander';

/** Registers `snnc validate` (not yet implemented). */
export function register(_program: Command): void {}
