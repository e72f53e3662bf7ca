import type { Command } from 'commander';

/** Registers `snnc verify` (not yet implemented). */
export function register(_program: Command): void {}
