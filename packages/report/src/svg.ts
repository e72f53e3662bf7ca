/**
 * The small SVG vocabulary the charts share: the document wrapper, axes with ticks, a series
 * legend and a colour bar. Everything is plain strings assembled in a fixed order; styling is
 * inline attributes (no CSS classes) so an SVG stays correct when embedded in any page, and the
 * only font is the generic "sans-serif" family so nothing is ever fetched.
 */
import { decimalsForStep, escapeHtml, formatValue, num } from './format.js';
import { colorAt, type ColorScaleName } from './color.js';
import { niceTicks, type Extent, type LinearScale } from './scale.js';

export const FONT = 'font-family="sans-serif"';

/** Attribute string from ordered pairs; values are escaped, undefined values skipped. */
export function attrs(pairs: Record<string, string | number | undefined>): string {
  let s = '';
  for (const k of Object.keys(pairs)) {
    const v = pairs[k];
    if (v === undefined) continue;
    s += ` ${k}="${escapeHtml(typeof v === 'number' ? num(v) : v)}"`;
  }
  return s;
}

export function text(x: number, y: number, content: string, extra: Record<string, string | number | undefined> = {}): string {
  return `<text${attrs({ x, y, ...extra })}>${escapeHtml(content)}</text>`;
}

/**
 * Estimated width in px of `content` in the generic sans-serif face. No font metrics are
 * available when the SVG is written (and none are fetched), so this is the mean advance of
 * DejaVu Sans / Helvetica-like faces, ~0.58 em (0.62 em bold): wide enough that a text judged to
 * fit does fit on the common faces; used only to decide layout (wrap, rotate, margins).
 */
export function textWidth(content: string, fontSize: number, bold = false): number {
  return content.length * fontSize * (bold ? 0.62 : 0.58);
}

const TITLE_SIZE = 16;
const TITLE_LINE = 20;

/** Break a title into lines of at most `width` px at spaces (a word longer than a line stays whole). */
export function wrapText(content: string, width: number, fontSize: number, bold = false): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of content.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && textWidth(next, fontSize, bold) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  lines.push(line);
  return lines;
}

/**
 * Wrap a body into a standalone SVG document with a title (shown as tooltip and read by screen
 * readers). A title wider than the document is wrapped onto several lines, the document grows by
 * the extra lines and the body moves down by as much (a centred single line would be clipped at
 * both ends, as a confusion matrix's long title was).
 */
export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  const lines = wrapText(title, width - 16, TITLE_SIZE, true);
  const extra = (lines.length - 1) * TITLE_LINE;
  const w = num(width, 0);
  const h = num(height + extra, 0);
  const heading = lines.map((line, i) => text(width / 2, 22 + i * TITLE_LINE, line, { 'text-anchor': 'middle', 'font-size': TITLE_SIZE, 'font-weight': 'bold' })).join('\n');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" ${FONT} font-size="12">\n` +
    `<title>${escapeHtml(title)}</title>\n` +
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#ffffff"/>\n` +
    heading +
    '\n' +
    (extra > 0 ? `<g transform="translate(0 ${num(extra)})">\n${body.join('\n')}\n</g>` : body.join('\n')) +
    '\n</svg>\n'
  );
}

export interface PlotBox {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A centred message inside the plot area, used for empty or unusable data. */
export function note(box: PlotBox, message: string): string {
  return text(box.left + box.width / 2, box.top + box.height / 2, message, { 'text-anchor': 'middle', fill: '#777777' });
}

/**
 * X and Y axes with gridlines, tick labels and axis titles. The scales' domains must already be
 * the rounded tick extents so the ticks land on the frame.
 */
export function axes(
  box: PlotBox,
  xs: LinearScale,
  ys: LinearScale,
  xTicks: number[],
  yTicks: number[],
  xLabel: string,
  yLabel: string,
): string[] {
  const out: string[] = [];
  const bottom = box.top + box.height;
  const right = box.left + box.width;
  const xLabelOf = tickLabeller(xTicks);
  const yLabelOf = tickLabeller(yTicks);
  let widest = 0;
  for (const v of yTicks) {
    const y = ys(v);
    const label = yLabelOf(v);
    widest = Math.max(widest, textWidth(label, 12));
    out.push(`<line${attrs({ x1: box.left, y1: y, x2: right, y2: y, stroke: '#e5e5e5' })}/>`);
    out.push(text(box.left - 6, y + 4, label, { 'text-anchor': 'end' }));
  }
  for (const v of xTicks) {
    const x = xs(v);
    out.push(`<line${attrs({ x1: x, y1: bottom, x2: x, y2: bottom + 5, stroke: '#333333' })}/>`);
    out.push(text(x, bottom + 18, xLabelOf(v), { 'text-anchor': 'middle' }));
  }
  out.push(`<rect${attrs({ x: box.left, y: box.top, width: box.width, height: box.height, fill: 'none', stroke: '#333333' })}/>`);
  if (xLabel) out.push(text(box.left + box.width / 2, bottom + 38, xLabel, { 'text-anchor': 'middle' }));
  if (yLabel) {
    // clear of the widest tick label, but never off the document's left edge
    const cx = Math.max(12, Math.min(box.left - 48, box.left - 6 - widest - 10));
    const cy = box.top + box.height / 2;
    out.push(text(cx, cy, yLabel, { 'text-anchor': 'middle', transform: `rotate(-90 ${num(cx)} ${num(cy)})` }));
  }
  return out;
}

const SI: readonly [number, string][] = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M']];

/**
 * The labels of one axis' ticks. From a million up, every tick of the axis in one SI unit chosen
 * by the largest ("0.8M 1M 1.2M", not "800000 1M" nor "8.0e+6", which reads as a formula and is
 * as wide as a word); beyond 1e15 in exponent form. Decimals tell the ticks apart.
 */
function tickLabeller(ticks: readonly number[]): (v: number) => string {
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : 1;
  const largest = Math.max(0, ...ticks.map((v) => Math.abs(v)));
  if (largest >= 1e15) return (v) => v.toExponential(1);
  const si = SI.find(([unit]) => largest >= unit);
  if (!si) {
    const decimals = Math.min(decimalsForStep(step), 6);
    return (v) => num(v, decimals);
  }
  const [unit, suffix] = si;
  const decimals = Math.min(decimalsForStep(step / unit), 6);
  return (v) => (v === 0 ? '0' : `${num(v / unit, decimals)}${suffix}`);
}

/** Ticks for an extent plus the rounded extent itself (the scale domain). */
export function ticksFor(e: Extent, target: number, minStep = 0): { ticks: number[]; domain: Extent } {
  const t = niceTicks(e, target, minStep);
  return { ticks: t.values, domain: { min: t.lo, max: t.hi } };
}

/** Coloured swatches with names, stacked vertically at (x, y). */
export function seriesLegend(x: number, y: number, entries: { name: string; color: string }[]): string[] {
  const out: string[] = [];
  entries.forEach((e, i) => {
    const yy = y + i * 18;
    out.push(`<rect${attrs({ x, y: yy, width: 12, height: 12, fill: e.color })}/>`);
    out.push(text(x + 18, yy + 10, e.name));
  });
  return out;
}

/**
 * A vertical colour bar drawn as discrete swatches (not a gradient: gradients need element ids,
 * which would collide when several SVGs are inlined into one HTML page).
 */
export function colorBar(
  x: number,
  y: number,
  height: number,
  scale: ColorScaleName,
  range: Extent,
  label: (v: number) => string = (v) => formatValue(v),
): string[] {
  const steps = 32;
  const h = height / steps;
  const out: string[] = [];
  for (let i = 0; i < steps; i++) {
    const t = 1 - (i + 0.5) / steps;
    out.push(`<rect${attrs({ x, y: y + i * h, width: 14, height: h + 0.5, fill: colorAt(scale, t) })}/>`);
  }
  out.push(`<rect${attrs({ x, y, width: 14, height, fill: 'none', stroke: '#333333' })}/>`);
  out.push(text(x + 18, y + 10, label(range.max)));
  out.push(text(x + 18, y + height, label(range.min)));
  return out;
}
