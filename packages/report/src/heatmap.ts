/**
 * Heatmaps of a row-major matrix, e.g. spike traffic between cores or chips. Large matrices (up
 * to thousands of rows or columns) are binned into equal blocks so the SVG stays a few thousand
 * cells; each cell carries a <title> tooltip naming the rows and columns it covers.
 */
import { colorAt, MISSING_COLOR, type ColorScaleName } from './color.js';
import { escapeHtml, formatValue, num } from './format.js';
import { finiteExtent, padExtent, type Extent } from './scale.js';
import { attrs, colorBar, note, svgDocument, text, type PlotBox } from './svg.js';

export type BinReduce = 'sum' | 'mean' | 'max';

export interface HeatmapSpec {
  title: string;
  rows: number;
  cols: number;
  /** rows x cols values, row-major; NaN marks a missing value. */
  values?: Float64Array | Float32Array | readonly number[];
  /**
   * Instead of values: the nonzero cells of a sparse matrix (every other cell is 0), e.g. traffic
   * between thousands of cores, binned without ever holding rows x cols numbers. Entries outside
   * the matrix or not finite are skipped.
   */
  entries?: { row: ArrayLike<number>; col: ArrayLike<number>; value: ArrayLike<number> };
  rowLabels?: readonly string[];
  colLabels?: readonly string[];
  colorScale?: ColorScaleName;
  /** Colour range; defaults to the finite extent of the (binned) values. */
  valueRange?: readonly [number, number];
  /** 'log' maps v >= 0 through log(1 + v); suits heavy-tailed traffic. */
  scale?: 'linear' | 'log';
  /** Largest number of cells along either axis before binning (default 64). */
  maxBins?: number;
  /** How a block of values becomes one cell (default 'sum': traffic adds up). */
  binReduce?: BinReduce;
  xLabel?: string;
  yLabel?: string;
}

interface Binning {
  size: number;
  count: number;
}

function binning(n: number, maxBins: number): Binning {
  const size = Math.max(1, Math.ceil(n / maxBins));
  return { size, count: Math.ceil(n / size) };
}

/** Labels are shown one per cell only when cells are unbinned and not too dense to read. */
const MAX_LABELLED = 48;

export function heatmap(spec: HeatmapSpec): string {
  const rows = Number.isInteger(spec.rows) && spec.rows > 0 ? spec.rows : 0;
  const cols = Number.isInteger(spec.cols) && spec.cols > 0 ? spec.cols : 0;
  const values = spec.values ?? [];
  const sparse = spec.entries;
  const maxBins = Math.max(1, Math.floor(spec.maxBins ?? 64));
  const reduce: BinReduce = spec.binReduce ?? 'sum';
  const rb = binning(rows, maxBins);
  const cb = binning(cols, maxBins);
  const colorScale: ColorScaleName = spec.colorScale ?? 'viridis';

  const cell = rows === 0 || cols === 0 ? 20 : Math.max(4, Math.min(28, Math.floor(560 / Math.max(rb.count, cb.count))));
  const box: PlotBox = { left: 120, top: 56, width: cell * Math.max(1, cb.count), height: cell * Math.max(1, rb.count) };
  const width = box.left + box.width + 120;
  const height = box.top + box.height + 90;
  const body: string[] = [];

  if (rows === 0 || cols === 0) {
    body.push(note({ ...box, width: 300 }, 'no data'));
    return svgDocument(Math.max(width, 440), height, spec.title, body);
  }
  const binned = sparse ? binEntries(sparse, rows, cols, rb, cb, reduce) : binValues(values, rows, cols, rb, cb, reduce);
  const range = colourRange(binned, spec.valueRange);
  const toT = colourMapping(range, spec.scale ?? 'linear');

  if (!sparse && values.length !== rows * cols) {
    body.push(text(box.left, 44, `values has ${values.length} entries, expected ${rows * cols}; missing cells shown grey`, { fill: '#b00000' }));
  } else if (rb.size > 1 || cb.size > 1) {
    body.push(text(box.left, 44, `binned ${rb.size} rows x ${cb.size} cols per cell (${reduce})`, { fill: '#555555' }));
  }
  for (let r = 0; r < rb.count; r++) {
    for (let c = 0; c < cb.count; c++) {
      const v = binned[r * cb.count + c];
      const fill = Number.isNaN(v) ? MISSING_COLOR : colorAt(colorScale, toT(v));
      const tip = `${span(spec.rowLabels, r, rb, rows)} -> ${span(spec.colLabels, c, cb, cols)}: ${formatValue(v)}`;
      body.push(
        `<rect${attrs({ x: box.left + c * cell, y: box.top + r * cell, width: cell, height: cell, fill })}><title>${escapeHtml(tip)}</title></rect>`,
      );
    }
  }
  body.push(`<rect${attrs({ x: box.left, y: box.top, width: box.width, height: box.height, fill: 'none', stroke: '#333333' })}/>`);
  body.push(...axisLabels(box, cell, rb, spec.rowLabels, 'row'));
  body.push(...axisLabels(box, cell, cb, spec.colLabels, 'col'));
  if (spec.yLabel) body.push(text(16, box.top - 8, spec.yLabel));
  if (spec.xLabel) body.push(text(box.left + box.width / 2, box.top + box.height + 76, spec.xLabel, { 'text-anchor': 'middle' }));
  body.push(...colorBar(box.left + box.width + 20, box.top, Math.max(80, Math.min(box.height, 300)), colorScale, range));
  return svgDocument(width, height, spec.title, body);
}

/** Aggregate the matrix into blocks; a block with no finite value stays NaN. */
function binValues(
  values: ArrayLike<number>,
  rows: number,
  cols: number,
  rb: Binning,
  cb: Binning,
  reduce: BinReduce,
): Float64Array {
  const n = rb.count * cb.count;
  const acc = new Float64Array(n).fill(reduce === 'max' ? -Infinity : 0);
  const cnt = new Uint32Array(n);
  const len = Math.min(values.length, rows * cols);
  for (let r = 0; r < rows; r++) {
    const br = Math.floor(r / rb.size) * cb.count;
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      if (i >= len) break;
      const v = values[i];
      if (!Number.isFinite(v)) continue;
      const b = br + Math.floor(c / cb.size);
      acc[b] = reduce === 'max' ? Math.max(acc[b], v) : acc[b] + v;
      cnt[b]++;
    }
  }
  for (let b = 0; b < n; b++) {
    if (cnt[b] === 0) acc[b] = NaN;
    else if (reduce === 'mean') acc[b] /= cnt[b];
  }
  return acc;
}

/** binValues for a sparse matrix: cells not listed are 0, so every block holds a finite value. */
function binEntries(
  e: NonNullable<HeatmapSpec['entries']>,
  rows: number,
  cols: number,
  rb: Binning,
  cb: Binning,
  reduce: BinReduce,
): Float64Array {
  const acc = new Float64Array(rb.count * cb.count);
  const n = Math.min(e.row.length, e.col.length, e.value.length);
  for (let k = 0; k < n; k++) {
    const r = e.row[k], c = e.col[k], v = e.value[k];
    if (!(Number.isInteger(r) && Number.isInteger(c) && r >= 0 && r < rows && c >= 0 && c < cols && Number.isFinite(v))) continue;
    const b = Math.floor(r / rb.size) * cb.count + Math.floor(c / cb.size);
    acc[b] = reduce === 'max' ? Math.max(acc[b], v) : acc[b] + v;
  }
  if (reduce === 'mean') {
    for (let br = 0; br < rb.count; br++) {
      const h = Math.min(rows, (br + 1) * rb.size) - br * rb.size;
      for (let bc = 0; bc < cb.count; bc++) acc[br * cb.count + bc] /= h * (Math.min(cols, (bc + 1) * cb.size) - bc * cb.size);
    }
  }
  return acc;
}

function colourRange(binned: Float64Array, fixed: readonly [number, number] | undefined): Extent {
  if (fixed && Number.isFinite(fixed[0]) && Number.isFinite(fixed[1]) && fixed[0] !== fixed[1]) {
    return { min: Math.min(fixed[0], fixed[1]), max: Math.max(fixed[0], fixed[1]) };
  }
  const e = finiteExtent(binned);
  return e && e.min === e.max ? { min: Math.min(0, e.min), max: e.max === 0 ? 1 : Math.max(0, e.max) } : padExtent(e);
}

function colourMapping(range: Extent, scale: 'linear' | 'log'): (v: number) => number {
  if (scale === 'log' && range.min >= 0) {
    const top = Math.log1p(range.max - range.min);
    return (v) => (top > 0 ? Math.log1p(Math.max(0, v - range.min)) / top : 0);
  }
  return (v) => (v - range.min) / (range.max - range.min);
}

/** Human name of the rows or columns behind one cell: a label, an index, or an index range. */
function span(labels: readonly string[] | undefined, bin: number, b: Binning, n: number): string {
  const first = bin * b.size;
  const last = Math.min(n, first + b.size) - 1;
  const name = (i: number) => labels?.[i] ?? String(i);
  return first === last ? name(first) : `${name(first)}..${name(last)}`;
}

function axisLabels(box: PlotBox, cell: number, b: Binning, labels: readonly string[] | undefined, axis: 'row' | 'col'): string[] {
  const out: string[] = [];
  const every = b.count <= MAX_LABELLED && b.size === 1 ? 1 : Math.ceil(b.count / 8);
  for (let i = 0; i < b.count; i += every) {
    const label = b.size === 1 ? labels?.[i] ?? String(i) : String(i * b.size);
    if (axis === 'row') {
      out.push(text(box.left - 6, box.top + (i + 0.5) * cell + 4, label, { 'text-anchor': 'end', 'font-size': 10 }));
    } else {
      const x = box.left + (i + 0.5) * cell;
      const y = box.top + box.height + 12;
      out.push(text(x, y, label, { 'text-anchor': 'end', 'font-size': 10, transform: `rotate(-45 ${num(x)} ${num(y)})` }));
    }
  }
  return out;
}
