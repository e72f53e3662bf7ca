import type { Command } from 'commander';

/** Registers `snnc bench emulator` (not yet implemented). */
export function register(_program: Command): void {}
