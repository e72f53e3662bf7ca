/**
 * The split of a machine's cores into shares, one per thread (docs/emulator.md, "Threads"): n
 * contiguous ranges of cores in core order, balanced by work, deterministic (a function of the
 * image and n only). A core's weight is its synapses (the deliver phase's work grows with them)
 * plus its compartments (the update's), so a network of few synapses still splits.
 */
import type { DeliveryScope } from '../delivery.js';
import type { Machine } from '../machine.js';

/** Core boundaries b (length n + 1): share s holds cores [b[s], b[s+1]), never empty. Needs 1 <= n <= nCores. */
export function partitionCores(m: Machine, n: number): Int32Array {
  const nCores = m.nCores;
  const { axonStart, axonBlockStart, blkSynStart, compStart } = m;
  const prefix = new Float64Array(nCores + 1);
  for (let c = 0; c < nCores; c++) {
    const syn = blkSynStart[axonBlockStart[axonStart[c + 1]]] - blkSynStart[axonBlockStart[axonStart[c]]];
    prefix[c + 1] = prefix[c] + syn + (compStart[c + 1] - compStart[c]);
  }
  const total = prefix[nCores];
  const b = new Int32Array(n + 1);
  b[n] = nCores;
  for (let s = 1; s < n; s++) {
    const goal = (total * s) / n;
    // the first boundary whose prefix reaches the goal, or the one just before it if that is nearer
    let c = b[s - 1] + 1;
    while (c < nCores - (n - s) && prefix[c] < goal) c++;
    if (c - 1 > b[s - 1] && goal - prefix[c - 1] < prefix[c] - goal) c--;
    b[s] = c;
  }
  return b;
}

/** The delivery scope of share s of n (boundaries from partitionCores). */
export function shareScope(m: Machine, bounds: Int32Array, s: number): DeliveryScope {
  const n = bounds.length - 1;
  const c0 = bounds[s], c1 = bounds[s + 1];
  return { c0, c1, g0: m.compStart[c0], g1: m.compStart[c1], hosts: s === 0, linkShare: s, linkShares: n };
}
