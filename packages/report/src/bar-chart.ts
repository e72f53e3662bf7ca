/**
 * Grouped bar charts: one group per category, one bar per series (e.g. per-class accuracy of
 * several runs, or neurons per layer). Bars grow from zero, so negative values point down.
 */
import { seriesColor } from './color.js';
import { escapeHtml, formatValue, num } from './format.js';
import { finiteExtent, linearScale, padExtent } from './scale.js';
import { attrs, axes, note, seriesLegend, svgDocument, text, textWidth, ticksFor, type PlotBox } from './svg.js';

export interface BarSeries {
  name: string;
  /** One value per category; missing or non-finite entries draw no bar. */
  values: readonly number[];
}

export interface BarChartSpec {
  title: string;
  xLabel?: string;
  yLabel: string;
  categories: readonly string[];
  series: readonly BarSeries[];
  width?: number;
  height?: number;
}

/** Beyond this many categories the labels are rotated so they do not overlap. */
const ROTATE_LABELS_ABOVE = 12;

export function barChart(spec: BarChartSpec): string {
  const categories = spec.categories ?? [];
  const series = spec.series ?? [];
  const width = spec.width ?? Math.max(480, Math.min(1600, 140 + categories.length * Math.max(24, 12 * series.length) + 180));
  const plotWidth = width - 72 - 180;
  // Rotated when there are many, or when the widest label would run into its neighbours
  // ("synapse bits" under a 50 px group did on the placement report).
  const widest = Math.max(0, ...categories.map((c) => textWidth(c, 12)));
  const rotate = categories.length > ROTATE_LABELS_ABOVE || (categories.length > 1 && widest > plotWidth / categories.length - 4);
  const height = spec.height ?? (rotate ? 480 : 420);
  const box: PlotBox = { left: 72, top: 40, width: plotWidth, height: height - 40 - (rotate ? 124 : 64) };
  const body: string[] = [];

  const values: number[] = [0];
  for (const s of series) for (let c = 0; c < categories.length; c++) values.push(s.values?.[c] ?? NaN);
  const yt = ticksFor(padExtent(finiteExtent(values)), 5);
  const sy = linearScale(yt.domain, box.top + box.height, box.top);
  // The x axis is categorical; a unit scale only positions the frame, its ticks are not drawn.
  const sx = linearScale({ min: 0, max: 1 }, box.left, box.left + box.width);
  body.push(...axes(box, sx, sy, [], yt.ticks, '', spec.yLabel));
  if (spec.xLabel) body.push(text(box.left + box.width / 2, height - 12, spec.xLabel, { 'text-anchor': 'middle' }));
  if (categories.length === 0 || series.length === 0) {
    body.push(note(box, 'no data'));
    return svgDocument(width, height, spec.title, body);
  }

  const groupW = box.width / categories.length;
  const barW = (groupW * 0.8) / series.length;
  const zeroY = sy(0);
  body.push(`<line${attrs({ x1: box.left, y1: zeroY, x2: box.left + box.width, y2: zeroY, stroke: '#333333' })}/>`);
  categories.forEach((cat, c) => {
    const gx = box.left + c * groupW + groupW * 0.1;
    series.forEach((s, i) => {
      const v = s.values?.[c];
      if (v === undefined || !Number.isFinite(v)) return;
      const y = sy(v);
      body.push(
        `<rect${attrs({ x: gx + i * barW, y: Math.min(y, zeroY), width: Math.max(0.5, barW - 1), height: Math.abs(zeroY - y), fill: seriesColor(i) })}>` +
          `<title>${escapeHtml(`${s.name} / ${cat}: ${formatValue(v)}`)}</title></rect>`,
      );
    });
    const lx = box.left + (c + 0.5) * groupW;
    const ly = box.top + box.height + 16;
    body.push(
      rotate
        ? text(lx, ly, cat, { 'text-anchor': 'end', transform: `rotate(-45 ${num(lx)} ${num(ly)})` })
        : text(lx, ly, cat, { 'text-anchor': 'middle' }),
    );
  });
  if (series.length > 1) {
    body.push(...seriesLegend(box.left + box.width + 16, box.top + 4, series.map((s, i) => ({ name: s.name, color: seriesColor(i) }))));
  }
  return svgDocument(width, height, spec.title, body);
}
