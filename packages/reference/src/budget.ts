/**
 * The reference simulator's tables whose size is a product of network fields, checked before any
 * is allocated (docs/limits.md: a refusal is a located diagnostic, never an out-of-memory crash),
 * as the emulator's budget.ts checks an image's:
 *
 * - the delay ring (simulator.ts `acc`): longest delay x neurons float64 accumulators;
 * - the per-class step records (sal.ts Z and D, made for every network with a readout): classes x
 *   T, and per §5.10 SAL block n x T spike records and m x T window sums;
 * - §5.2 causal pairing (causal.ts): (longest three-factor delay + 1) x source neurons.
 *
 * Classes 65,536 at T = 2^19 asked for one array of 2^35 entries ("Invalid typed array length",
 * printed as the simulator's refusal, or exit 70 in training), and delay 4096 on 10^6 neurons for
 * 33 GB.
 */
import { constants as bufferConstants } from 'node:buffer';
import os from 'node:os';
import { diag, type Diagnostic } from '@snnc/common';
import { populationOffsets, readoutPopulation, type LoweredNetwork } from '@snnc/ir';

/** Refuse above this share of the machine's memory (as the emulator's and the driver's refusals). */
export const REFERENCE_MEMORY_SHARE = 0.9;
export const REFERENCE_BUDGET_CODE = 'SNNC2830';

/** One product-sized table: its entries (one typed array of `entries`), its bytes, and the network field that sizes it. */
export interface ReferenceTable {
  what: string;
  pointer: string;
  entries: number;
  bytes: number;
  fix: string;
}

/** Every product-sized table the reference simulator allocates for `net`. */
export function referenceTables(net: LoweredNetwork): ReferenceTable[] {
  const pops = net.populations;
  const neurons = populationOffsets(net)[pops.length]; // inputs included, as the simulator's state
  let longest = 1, longestAt = -1, longestPlastic = 1, sources = 0;
  const source = new Uint8Array(pops.length);
  net.projections.forEach((q, k) => {
    if (q.delay > longest) [longest, longestAt] = [q.delay, k];
    if (q.plasticity === 'threeFactor') {
      longestPlastic = Math.max(longestPlastic, q.delay);
      source[q.source] = 1;
    }
  });
  pops.forEach((p, k) => (sources += source[k] ? p.size : 0));
  const T = net.timesteps;
  const classes = readoutPopulation(net)?.classes ?? 0;
  const tables: ReferenceTable[] = [{
    what: `the delay ring (longest delay ${longest} x ${neurons} neurons)`, pointer: longestAt >= 0 ? `/projections/${longestAt}/delay` : '/populations',
    entries: longest * neurons, bytes: 8 * longest * neurons, fix: 'shorter delays or fewer neurons',
  }, {
    what: `the per-class step records (${classes} classes x ${T} steps)`, pointer: '/timesteps',
    entries: classes * T, bytes: 12 * classes * T, fix: 'fewer timesteps or classes',
  }];
  for (const b of net.learning?.modulatory ?? []) {
    if (!b.sal) continue;
    const n = pops[b.population].size;
    tables.push({
      what: `the SAL records (§5.10: ${n} neurons x ${T} steps)`, pointer: '/timesteps',
      entries: n * T, bytes: 8 * n * T + 8 * b.m * T + 8 * n * b.m, fix: 'fewer timesteps or SAL feedback neurons',
    });
  }
  if (net.learning?.eligibility === 'causal') {
    tables.push({
      what: `the causal eligibility history (§5.2: ${longestPlastic + 1} steps x ${sources} neurons)`, pointer: '/learning/eligibility',
      entries: (longestPlastic + 1) * sources, bytes: 4 * (longestPlastic + 1) * sources, fix: 'shorter plastic delays',
    });
  }
  return tables;
}

/**
 * SNNC2830 for the first table longer than one typed array may be, else for the largest when all
 * together would not fit `limitBytes` (default: 90% of the machine's memory); empty when they fit.
 */
export function referenceBudget(net: LoweredNetwork, limitBytes = REFERENCE_MEMORY_SHARE * os.totalmem()): Diagnostic[] {
  const tables = referenceTables(net);
  const gb = (b: number) => (b / 1e9).toFixed(2);
  const long = tables.find((t) => t.entries > bufferConstants.MAX_LENGTH);
  if (long) {
    return [diag(REFERENCE_BUDGET_CODE, `the reference simulator would need one array of ${long.entries} entries for ${long.what}, longer than any Node.js allocates`, {
      pointer: long.pointer, expected: `<= ${bufferConstants.MAX_LENGTH} entries`, found: `${long.entries} entries`, fix: long.fix,
    })];
  }
  const total = tables.reduce((s, t) => s + t.bytes, 0);
  if (total <= limitBytes) return [];
  const worst = tables.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return [diag(REFERENCE_BUDGET_CODE, `the reference simulator would need ${gb(total)} GB for ${worst.what}${tables.length > 1 ? ' and its other sized tables' : ''}, more than it may use`, {
    pointer: worst.pointer, expected: `<= ${gb(limitBytes)} GB (${Math.round(REFERENCE_MEMORY_SHARE * 100)}% of the machine's memory)`, found: `${gb(total)} GB`,
    fix: `${worst.fix}, or a machine with more memory`,
  })];
}
