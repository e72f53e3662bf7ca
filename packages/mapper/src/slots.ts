/**
 * The slot rule of a placement (docs/mapper.md §7): the neurons placed on a used core hold its
 * compartment slots 0..n-1, once each. One check for the placement file (placement-check.ts) and
 * for the code generator's inputs (codegen checks.ts), in memory proportional to the neurons placed
 * (slot s of core c is entry first[c] + s), never to cores x compartments per core.
 */

/** Neurons per used core; input neurons (core < 0) are not counted. Cores must be < nCores. */
export function slotCounts(neuronCore: readonly ArrayLike<number>[], nCores: number): Int32Array {
  const count = new Int32Array(nCores);
  for (const row of neuronCore) for (let i = 0; i < row.length; i++) if (row[i] >= 0) count[row[i]]++;
  return count;
}

/** The first neuron (population order, then neuron order) that breaks the rule. */
export interface SlotConflict {
  p: number;
  i: number;
  core: number;
  slot: number;
  /** the neurons the core holds */
  count: number;
  /** the earlier neuron on the same slot; absent: the slot is outside 0..count - 1 */
  other?: { p: number; i: number };
}

/**
 * The first conflict with the slot rule, given each core's neuron count (`slotCounts`, or the
 * caller's own count of the same neurons); populations for which `skip` holds are not read.
 * Slots must be integers >= 0 (the callers check their range first).
 */
export function firstSlotConflict(
  neuronCore: readonly ArrayLike<number>[], neuronSlot: readonly ArrayLike<number>[], count: Int32Array, skip: (p: number) => boolean = () => false,
): SlotConflict | undefined {
  const first = new Float64Array(count.length + 1);
  for (let c = 0; c < count.length; c++) first[c + 1] = first[c] + count[c];
  const ownerP = new Int32Array(first[count.length]).fill(-1);
  const ownerI = new Int32Array(first[count.length]);
  for (let p = 0; p < neuronCore.length; p++) {
    if (skip(p)) continue;
    const cores = neuronCore[p], slots = neuronSlot[p];
    for (let i = 0; i < cores.length; i++) {
      const core = cores[i], slot = slots[i];
      if (core < 0) continue;
      if (slot >= count[core]) return { p, i, core, slot, count: count[core] };
      const e = first[core] + slot;
      if (ownerP[e] >= 0) return { p, i, core, slot, count: count[core], other: { p: ownerP[e], i: ownerI[e] } };
      ownerP[e] = p;
      ownerI[e] = i;
    }
  }
  return undefined;
}
