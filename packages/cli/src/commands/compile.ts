import type { Command } from 'commander';

/** Registers `snnc compile` (not yet implemented). */
export function register(_program: Command): void {}
