import type { Command } from 'commander';

/** Registers `snnc report` (not yet implemented). */
export function register(_program: Command): void {}
