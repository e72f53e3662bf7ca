import { classCapacity, type ResolvedConstraints } from './constraints.js';

/**
 * Where the cores of a constrained placement start (docs/mapper.md §9): pinned cores first, the
 * most constrained class first, each on the first free position its pin allows; then the others on
 * the first free positions that are not avoided. `positions` is a preference order of physical
 * ids. Returns the position index per core, or the class (> 0) or 0 (unpinned) that ran out of room.
 *
 * First-fit alone is not enough when pins overlap: with `out` pinned to cores 0-1 and `h1` (two
 * cores) to cores {0, 2}, first-fit put out on core 0 and then refused h1 (SNNC3074, "its pin allows
 * 1 free core") although out on 1 and h1 on 0 and 2 fits; listing the pins the other way round
 * placed it. So when a class finds no free position, an augmenting path moves cores of other
 * classes to other positions their pins allow (bipartite matching: the refusal now means that no
 * assignment exists). Without a conflict the first-fit positions are kept unchanged.
 */
export function constrainedStart(k: number, coreClass: Int32Array, r: ResolvedConstraints, positions: Int32Array): { posOf?: Int32Array; short?: { cls: number; need: number; have: number } } {
  const posOf = new Int32Array(k).fill(-1);
  const holder = new Int32Array(positions.length).fill(-1); // the core at each position
  // each class's capacity once (O(system cores) each), not once per comparison of the sort
  const capacity = r.allowed.map((_, cls) => (cls === 0 ? 0 : classCapacity(r, cls)));
  const classes = Array.from({ length: r.allowed.length - 1 }, (_, i) => i + 1).sort((a, b) => capacity[a] - capacity[b] || a - b);
  const allows = (cls: number, q: number) => !r.blocked[positions[q]] && (cls === 0 || r.allowed[cls][positions[q]] === 1);
  const put = (c: number, q: number) => { holder[q] = c; posOf[c] = q; };
  for (const cls of [...classes, 0]) {
    let need = 0;
    for (let c = 0; c < k; c++) if (coreClass[c] === cls) need++;
    if (need === 0) continue;
    let p = 0;
    for (let c = 0; c < k; c++) {
      if (coreClass[c] !== cls) continue;
      while (p < positions.length && !(holder[p] < 0 && allows(cls, p))) p++;
      if (p < positions.length) { put(c, p); continue; }
      // unpinned cores may sit on any free position: if none is left, none can be made
      if (cls === 0 || !augment(c, cls, coreClass, positions.length, holder, allows, put)) {
        let have = 0;
        for (let q = 0; q < positions.length; q++) if (allows(cls, q) && (holder[q] < 0 || coreClass[holder[q]] === cls)) have++;
        return { short: { cls, need, have } };
      }
    }
  }
  return { posOf };
}

/**
 * Breadth-first search for an augmenting path for core `c` of class `cls`: from the positions
 * its pin allows, through the cores sitting there, to the positions their own pins allow, until a
 * free one; then every core on the path moves one step along it. Each class is expanded once (its
 * cores are interchangeable), so one search costs O(classes x positions).
 */
function augment(
  c: number, cls: number, coreClass: Int32Array, P: number, holder: Int32Array,
  allows: (cls: number, q: number) => boolean, put: (c: number, q: number) => void,
): boolean {
  const parent = new Int32Array(P).fill(-2); // -2 unvisited, -1 a start position
  const expanded = new Set<number>();
  const queue: number[] = [];
  const expand = (k: number, from: number): number => {
    expanded.add(k);
    for (let q = 0; q < P; q++) {
      if (parent[q] !== -2 || !allows(k, q)) continue;
      parent[q] = from;
      if (holder[q] < 0) return q;
      queue.push(q);
    }
    return -1;
  };
  let free = expand(cls, -1);
  for (let i = 0; free < 0 && i < queue.length; i++) {
    const k = coreClass[holder[queue[i]]];
    if (!expanded.has(k)) free = expand(k, queue[i]);
  }
  if (free < 0) return false;
  // shift along the path: the core at parent[q] moves to q, back to a start position
  for (let q = free; parent[q] !== -1;) {
    const from = parent[q];
    put(holder[from], q);
    q = from;
    if (parent[q] === -1) { put(c, q); return true; }
  }
  put(c, free);
  return true;
}
