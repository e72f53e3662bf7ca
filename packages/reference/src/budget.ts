/**
 * The reference simulator's tables whose size is a product of network fields, checked before any
 * is allocated (docs/limits.md: a refusal is a located diagnostic, never an out-of-memory crash),
 * as the emulator's budget.ts checks an image's:
 *
 * - the delay ring (simulator.ts `acc`): longest delay x neurons float64 accumulators;
 * - with a §5.10 SAL block, the per-class step records (sal.ts Z and D): classes x T, and per SAL
 *   block n x T spike records and m x T window sums;
 * - §5.2 causal pairing (causal.ts): (longest three-factor delay + 1) x source neurons.
 *
 * Delay 4096 on 10^6 neurons asked for 33 GB (exit 70 "Array buffer allocation failed" in
 * training), and 65,536 classes at T = 2^19, before the per-class records were made for SAL only,
 * for one array of 2^35 entries.
 */
import { tablesRefusal, type Diagnostic, type SizedTable } from '@snnc/common';
import { populationOffsets, readoutPopulation, type LoweredNetwork } from '@snnc/ir';

export const REFERENCE_BUDGET_CODE = 'SNNC2830';

/** One product-sized table: its entries (one typed array), its bytes, and the network field that sizes it. */
export type ReferenceTable = SizedTable & { entries: number };

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
  }];
  const sal = (net.learning?.modulatory ?? []).filter((b) => b.sal);
  // §5.10's per-class step records (sal.ts Z and D) exist with a SAL block only
  if (sal.length) {
    tables.push({
      what: `the per-class step records (§5.10: ${classes} classes x ${T} steps)`, pointer: '/timesteps',
      entries: classes * T, bytes: 12 * classes * T, fix: 'fewer timesteps or classes',
    });
  }
  for (const b of sal) {
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
export function referenceBudget(net: LoweredNetwork, limitBytes?: number): Diagnostic[] {
  return tablesRefusal('the reference simulator', REFERENCE_BUDGET_CODE, referenceTables(net), limitBytes);
}
