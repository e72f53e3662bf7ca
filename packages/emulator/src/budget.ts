/**
 * The emulator's state whose size is a product of an image's fields, checked before it is
 * allocated (docs/limits.md: sizes are checked before allocating, a refusal is a located
 * diagnostic, never an out-of-memory crash). Machine's tables grow with what the image holds (a
 * compartment, an axon, a block each costs payload bytes), and the driver's SNNC4330 estimate
 * covers them from the file's size. Three tables do not:
 *
 * - the delay lines (step.ts): depth x compartments accumulators plus a dirty bitset per slot,
 *   depth being the longest block delay (up to 4096, one block record);
 * - §5.10 SAL buffers (sal.ts): classes x T counts and contrasts (`management.classes` is one
 *   varint), and per SAL block n x T spike records and m x T window sums;
 * - §5.2 causal pairing (share.ts): (longest three-factor delay + 2) x plastic axons records.
 *
 * A 14 MB image asking for delay 4096 on 10^6 compartments needed 16 GB (an internal error
 * "Array buffer allocation failed", or the machine's memory, before this check), and a 38 kB
 * inference image with classes 65536 and T = 2^19 an array of 2^35 entries.
 */
import { tablesRefusal, type Diagnostic, type SizedTable } from '@snnc/common';
import type { ChipImage } from '@snnc/image';
import { KIND_THREE_FACTOR, modeKind, type Machine } from './machine.js';

export const BUDGET_CODE = 'SNNC4223';

/** Bytes of every product-sized table the emulator allocates for `image` (worst case: float64 accumulators). */
export function productTables(image: ChipImage, m: Machine): SizedTable[] {
  let longest = 0, longestPlastic = 0;
  for (let b = 0; b < m.blkDelay.length; b++) {
    longest = Math.max(longest, m.blkDelay[b]);
    if (modeKind(m.blkMode[b]) === KIND_THREE_FACTOR) longestPlastic = Math.max(longestPlastic, m.blkDelay[b]);
  }
  const depth = longest + 1;
  const words = Math.ceil(m.nComp / 32) + 1;
  const T = image.timesteps;
  const learning = image.management.learning;
  const sal = (learning?.blocks ?? []).filter((b) => b.sal);
  const tables: SizedTable[] = [{
    what: `the delay lines (longest delay ${depth} x ${m.nComp} compartments)`, pointer: '/formats/maxDelay',
    bytes: depth * (8 * m.nComp + 4 * words), fix: 'compile the network with shorter delays or onto fewer compartments',
  }];
  if (sal.length) {
    const perBlock = sal.reduce((s, b) => s + 8 * b.n * T + 8 * b.m * T, 0);
    tables.push({
      what: `the SAL buffers (§5.10: ${image.management.classes} classes and ${sal.length} block(s) x ${T} steps)`, pointer: '/timesteps',
      bytes: 12 * image.management.classes * T + perBlock, fix: 'compile the network with fewer timesteps, classes or SAL feedback neurons',
    });
  }
  if (learning?.eligibility === 1) {
    tables.push({
      what: `the causal eligibility records (§5.2: ${longestPlastic + 2} steps x ${m.nAxons} axons)`, pointer: '/management/learning/eligibility',
      bytes: 5 * (longestPlastic + 2) * m.nAxons, fix: 'compile the network with shorter plastic delays',
    });
  }
  return tables;
}

/**
 * SNNC4223 for the first table that, with the others, would not fit `limitBytes` (default: 90% of
 * the machine's memory); empty when they all fit.
 */
export function budgetRefusal(image: ChipImage, m: Machine, limitBytes?: number): Diagnostic[] {
  return tablesRefusal('the emulator', BUDGET_CODE, productTables(image, m), limitBytes);
}
