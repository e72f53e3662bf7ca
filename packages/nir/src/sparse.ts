/**
 * Sparse linear maps in compressed rows (row = output element): what a chain of NIR's stateless
 * nodes (Affine, Linear, Scale, convolutions, pooling, Flatten) amounts to between two neuron
 * populations. `compose(op, m)` is op applied after m; each output row is accumulated in a dense
 * scratch vector with a touched list, so the cost is the number of products, not nIn x nOut.
 */
export interface Csr {
  nOut: number;
  nIn: number;
  rowPtr: Int32Array;
  col: Uint32Array;
  val: Float64Array;
}

/** Row-by-row builder; rows must be appended in order. */
export class CsrBuilder {
  private col: Uint32Array;
  private val: Float64Array;
  private rowPtr: Int32Array;
  private len = 0;
  private row = 0;
  constructor(readonly nOut: number, readonly nIn: number, capacity = 1024) {
    this.col = new Uint32Array(Math.max(16, capacity));
    this.val = new Float64Array(Math.max(16, capacity));
    this.rowPtr = new Int32Array(nOut + 1);
  }
  push(c: number, v: number): void {
    if (this.len === this.col.length) {
      const col = new Uint32Array(this.col.length * 2);
      const val = new Float64Array(this.val.length * 2);
      col.set(this.col);
      val.set(this.val);
      this.col = col;
      this.val = val;
    }
    this.col[this.len] = c;
    this.val[this.len++] = v;
  }
  endRow(): void {
    this.rowPtr[++this.row] = this.len;
  }
  finish(): Csr {
    while (this.row < this.nOut) this.endRow();
    return { nOut: this.nOut, nIn: this.nIn, rowPtr: this.rowPtr, col: this.col.slice(0, this.len), val: this.val.slice(0, this.len) };
  }
}

export function identity(n: number): Csr {
  const b = new CsrBuilder(n, n, n);
  for (let i = 0; i < n; i++) {
    b.push(i, 1);
    b.endRow();
  }
  return b.finish();
}

/** op after m: rows of the result are op-weighted sums of m's rows; columns sorted, zeros dropped. */
/** Multiply-adds `compose(op, m)` performs: for each entry of op, the length of the row of m it selects. */
export function composeWork(op: Csr, m: Csr): number {
  let work = 0;
  for (let k = 0; k < op.val.length; k++) work += m.rowPtr[op.col[k] + 1] - m.rowPtr[op.col[k]];
  return work;
}

export function compose(op: Csr, m: Csr): Csr {
  const acc = new Float64Array(m.nIn);
  const mark = new Uint8Array(m.nIn);
  const touched: number[] = [];
  const b = new CsrBuilder(op.nOut, m.nIn, op.val.length * 2);
  for (let o = 0; o < op.nOut; o++) {
    for (let k = op.rowPtr[o]; k < op.rowPtr[o + 1]; k++) {
      const i = op.col[k];
      const c = op.val[k];
      for (let q = m.rowPtr[i]; q < m.rowPtr[i + 1]; q++) {
        const j = m.col[q];
        if (!mark[j]) {
          mark[j] = 1;
          touched.push(j);
        }
        acc[j] += c * m.val[q];
      }
    }
    touched.sort((x, y) => x - y);
    for (const j of touched) {
      if (acc[j] !== 0) b.push(j, acc[j]);
      acc[j] = 0;
      mark[j] = 0;
    }
    touched.length = 0;
    b.endRow();
  }
  return b.finish();
}

/** a + b (same dimensions). */
export function add(a: Csr, b: Csr): Csr {
  const out = new CsrBuilder(a.nOut, a.nIn, a.val.length + b.val.length);
  for (let o = 0; o < a.nOut; o++) {
    let p = a.rowPtr[o];
    let q = b.rowPtr[o];
    const pe = a.rowPtr[o + 1];
    const qe = b.rowPtr[o + 1];
    while (p < pe || q < qe) {
      if (q >= qe || (p < pe && a.col[p] < b.col[q])) out.push(a.col[p], a.val[p++]);
      else if (p >= pe || b.col[q] < a.col[p]) out.push(b.col[q], b.val[q++]);
      else {
        const v = a.val[p] + b.val[q];
        if (v !== 0) out.push(a.col[p], v);
        p++;
        q++;
      }
    }
    out.endRow();
  }
  return out.finish();
}

export function isIdentity(m: Csr): boolean {
  if (m.nOut !== m.nIn || m.val.length !== m.nOut) return false;
  for (let o = 0; o < m.nOut; o++) if (m.rowPtr[o + 1] - m.rowPtr[o] !== 1 || m.col[m.rowPtr[o]] !== o || m.val[m.rowPtr[o]] !== 1) return false;
  return true;
}
