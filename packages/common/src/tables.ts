import { constants as bufferConstants } from 'node:buffer';
import os from 'node:os';
import { diag, type Diagnostic } from './diagnostics.js';

/**
 * Tables whose size is a product of input fields (a delay depth x compartments, classes x
 * timesteps), checked before any is allocated (docs/limits.md): the emulator's (budget.ts,
 * SNNC4223) and the reference simulator's (budget.ts, SNNC2830). A refusal names the largest table
 * and the field that sizes it.
 */
export interface SizedTable {
  /** what it holds, e.g. "the delay lines (longest delay 4096 x 10^6 compartments)" */
  what: string;
  /** the input field that sizes it */
  pointer: string;
  bytes: number;
  /** entries of its one typed array, when it is one (at most Node's longest array) */
  entries?: number;
  fix: string;
}

/** Refuse above this share of the machine's memory (the rest of the process and the machine need room too). */
export const MEMORY_SHARE = 0.9;

/**
 * `code` for a table longer than any typed array Node allocates (buffer.constants.MAX_LENGTH), else
 * for the largest when all together would not fit `limitBytes` (default: MEMORY_SHARE of the
 * machine's memory); empty when they fit. `who`: "the emulator".
 */
export function tablesRefusal(who: string, code: string, tables: readonly SizedTable[], limitBytes = MEMORY_SHARE * os.totalmem()): Diagnostic[] {
  const gb = (b: number) => (b / 1e9).toFixed(2);
  const long = tables.find((t) => t.entries !== undefined && t.entries > bufferConstants.MAX_LENGTH);
  if (long) {
    return [diag(code, `${who} would need one array of ${long.entries} entries for ${long.what}, longer than any Node.js allocates`, {
      pointer: long.pointer, expected: `<= ${bufferConstants.MAX_LENGTH} entries`, found: `${long.entries} entries`, fix: long.fix,
    })];
  }
  const total = tables.reduce((s, t) => s + t.bytes, 0);
  if (total <= limitBytes) return [];
  const worst = tables.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return [diag(code, `${who} would need ${gb(total)} GB for ${worst.what}${tables.length > 1 ? ' and its other sized tables' : ''}, more than it may use`, {
    pointer: worst.pointer, expected: `<= ${gb(limitBytes)} GB (${Math.round(MEMORY_SHARE * 100)}% of the machine's memory)`, found: `${gb(total)} GB`,
    fix: `${worst.fix}, or use a machine with more memory`,
  })];
}
