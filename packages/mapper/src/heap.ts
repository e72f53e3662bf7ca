/**
 * Max-heap of vertex ids keyed by a float, with update and removal by id (positions tracked).
 * Ties go to the smaller id, so every pass that uses it is deterministic.
 */
export class IndexedMaxHeap {
  private readonly key: Float64Array;
  private readonly heap: Int32Array;
  private readonly pos: Int32Array;
  size = 0;

  constructor(capacity: number) {
    this.key = new Float64Array(capacity);
    this.heap = new Int32Array(capacity);
    this.pos = new Int32Array(capacity).fill(-1);
  }

  has(v: number): boolean {
    return this.pos[v] >= 0;
  }

  top(): number {
    return this.size > 0 ? this.heap[0] : -1;
  }

  keyOf(v: number): number {
    return this.key[v];
  }

  clear(): void {
    for (let i = 0; i < this.size; i++) this.pos[this.heap[i]] = -1;
    this.size = 0;
  }

  /** Inserts v or changes its key. */
  set(v: number, k: number): void {
    const p = this.pos[v];
    if (p < 0) {
      this.key[v] = k;
      this.heap[this.size] = v;
      this.pos[v] = this.size;
      this.up(this.size++);
      return;
    }
    const old = this.key[v];
    this.key[v] = k;
    if (k > old) this.up(p);
    else this.down(p);
  }

  remove(v: number): void {
    const p = this.pos[v];
    if (p < 0) return;
    const last = this.heap[--this.size];
    this.pos[v] = -1;
    if (p === this.size) return;
    this.heap[p] = last;
    this.pos[last] = p;
    this.up(p);
    this.down(this.pos[last]);
  }

  pop(): number {
    const v = this.heap[0];
    this.remove(v);
    return v;
  }

  private better(a: number, b: number): boolean {
    const ka = this.key[a], kb = this.key[b];
    return ka > kb || (ka === kb && a < b);
  }

  private up(i: number): void {
    const h = this.heap;
    const v = h[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.better(v, h[parent])) break;
      h[i] = h[parent];
      this.pos[h[i]] = i;
      i = parent;
    }
    h[i] = v;
    this.pos[v] = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const v = h[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.size) break;
      const r = l + 1;
      const c = r < this.size && this.better(h[r], h[l]) ? r : l;
      if (!this.better(h[c], v)) break;
      h[i] = h[c];
      this.pos[h[i]] = i;
      i = c;
    }
    h[i] = v;
    this.pos[v] = i;
  }
}
