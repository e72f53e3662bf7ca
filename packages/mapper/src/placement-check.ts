import type { PlacementDocument } from '@snnc/ir';
import { firstSlotConflict, slotCounts } from './slots.js';

/**
 * What a placement file's schema cannot say about its arrays, checked before anything reads them
 * (snnc report renders only the file; snnc compile --placement also checks it against the network):
 * neuronSlot has the shape of neuronCore, an input neuron (core -1) has slot -1 and every other
 * neuron a slot inside the core's compartments; each core's usage counts the neurons placed on it,
 * which hold its slots 0..n-1 once each; populations, when present, are parallel to
 * neuronCore with their sizes; metrics.cores counts the cores; traffic names used cores and is
 * parallel (host: one entry per core); links are parallel, in the mesh, with a direction 0..3.
 * A hand-edited file that breaks one of these would otherwise be drawn as a wrong report, or
 * (traffic between cores that do not exist) silently dropped from it.
 *
 * `bad(pointer, expected, found)` records a refusal; the first one ends the check.
 */
export function checkPlacementArrays(v: PlacementDocument, bad: (pointer: string, expected: string, found: unknown) => void): boolean {
  const k = v.cores.length;
  const rows = v.neuronCore.length;
  const fail = (pointer: string, expected: string, found: unknown) => { bad(pointer, expected, found); return false; };
  if (v.neuronSlot.length !== rows) return fail('/neuronSlot', `${rows} rows, parallel to /neuronCore`, `${v.neuronSlot.length} rows`);
  const cap = (v.capacity as { compartments?: unknown } | undefined)?.compartments;
  const slots = typeof cap === 'number' && Number.isInteger(cap) && cap > 0 ? cap : Infinity;
  for (let p = 0; p < rows; p++) {
    const cores = v.neuronCore[p], slot = v.neuronSlot[p];
    if (slot.length !== cores.length) return fail(`/neuronSlot/${p}`, `${cores.length} entries, parallel to /neuronCore/${p}`, `${slot.length} entries`);
    for (let i = 0; i < cores.length; i++) {
      const ok = cores[i] === -1 ? slot[i] === -1 : slot[i] >= 0 && slot[i] < slots;
      if (!ok) {
        const where = `/neuronCore/${p}/${i} is ${cores[i]}`;
        return fail(`/neuronSlot/${p}/${i}`, cores[i] === -1 ? `-1 (${where}: no core)` : `a compartment slot in 0..${slots === Infinity ? 'the core size' : slots - 1} (${where})`, slot[i]);
      }
    }
  }
  // per core: the neurons placed there are what its usage counts, on slots 0..n-1 each used once
  // (a hand-edited neuronCore or a duplicated slot was drawn as the file's usage, in silence; the
  // chip image found the slots only at compile)
  const count = slotCounts(v.neuronCore, k);
  for (let c = 0; c < k; c++) {
    const said = v.usage[c]?.compartments;
    if (said !== count[c]) return fail(`/usage/${c}/compartments`, `${count[c]} (the neurons /neuronCore places on used core ${c})`, said);
  }
  const conflict = firstSlotConflict(v.neuronCore, v.neuronSlot, count);
  if (conflict) {
    const { p, i, core: c, slot, other } = conflict;
    const at = `/neuronSlot/${p}/${i}`;
    if (!other) return fail(at, `a slot in 0..${count[c] - 1} (used core ${c} holds ${count[c]} neurons)`, slot);
    return fail(at, `a slot of used core ${c} that no other neuron has (/neuronSlot/${other.p}/${other.i} has slot ${slot})`, slot);
  }
  if (v.populations) {
    if (v.populations.length !== rows) return fail('/populations', `${rows} populations, parallel to /neuronCore`, `${v.populations.length}`);
    for (let p = 0; p < rows; p++) {
      const size = (v.populations[p] as { size?: unknown }).size;
      if (size !== undefined && size !== v.neuronCore[p].length) return fail(`/populations/${p}/size`, `${v.neuronCore[p].length} (the neurons of /neuronCore/${p})`, size);
    }
  }
  const cores = (v.metrics as { cores?: unknown }).cores;
  if (cores !== undefined && cores !== k) return fail('/metrics/cores', `${k} (the length of /cores)`, cores);
  const t = v.traffic;
  if (t) {
    for (const key of ['to', 'weight'] as const) {
      if (t[key].length !== t.from.length) return fail(`/traffic/${key}`, `${t.from.length} entries, parallel to /traffic/from`, `${t[key].length} entries`);
    }
    if (t.host.length !== k) return fail('/traffic/host', `${k} entries, one per core`, `${t.host.length} entries`);
    for (const key of ['from', 'to'] as const) {
      const i = t[key].findIndex((c) => !isIndexBelow(c, k));
      if (i >= 0) return fail(`/traffic/${key}/${i}`, `a used-core index below ${k}`, t[key][i]);
    }
  }
  const l = v.links;
  if (l) {
    for (const key of ['y', 'dir', 'load'] as const) {
      if (l[key].length !== l.x.length) return fail(`/links/${key}`, `${l.x.length} entries, parallel to /links/x`, `${l[key].length} entries`);
    }
    const m = v.mesh;
    const limit = { x: m ? m.chipsX * m.meshX : Infinity, y: m ? m.chipsY * m.meshY : Infinity, dir: 4 };
    for (const key of ['x', 'y', 'dir'] as const) {
      const i = l[key].findIndex((c) => !isIndexBelow(c, limit[key]));
      if (i >= 0) return fail(`/links/${key}/${i}`, key === 'dir' ? 'a direction 0..3 (east, west, north, south)' : `a global tile ${key} below ${limit[key]} (the mesh)`, l[key][i]);
    }
  }
  return true;
}

/** A whole number in [0, n) (not null: a non-finite number the writer turned into null). */
function isIndexBelow(c: unknown, n: number): boolean {
  return typeof c === 'number' && Number.isInteger(c) && c >= 0 && c < n;
}
