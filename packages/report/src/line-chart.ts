/**
 * Line charts for learning curves (accuracy or loss per epoch or batch), several series on
 * shared axes. Non-finite points break a line instead of corrupting it, so a diverged run still
 * plots.
 */
import { seriesColor } from './color.js';
import { escapeHtml, formatValue, num } from './format.js';
import { finiteExtent, linearScale, padExtent, type Extent } from './scale.js';
import { attrs, axes, note, seriesLegend, svgDocument, ticksFor, type PlotBox } from './svg.js';

export interface LineSeries {
  name: string;
  points: readonly (readonly [number, number])[];
}

export interface LineChartSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: readonly LineSeries[];
  /** Fixed y axis, e.g. [0, 1] for accuracy; points outside are clamped to the frame. */
  yRange?: readonly [number, number];
  /** x is a count (epochs, steps): ticks at whole numbers only. */
  integerX?: boolean;
  width?: number;
  height?: number;
}

/** Markers are drawn (with tooltips) only on sparse series, where they help rather than clutter. */
const MARKER_LIMIT = 60;

export function lineChart(spec: LineChartSpec): string {
  const width = spec.width ?? 720;
  const height = spec.height ?? 420;
  const box: PlotBox = { left: 72, top: 40, width: width - 72 - 180, height: height - 40 - 64 };
  const series = spec.series ?? [];
  const xs: number[] = [];
  const ys: number[] = [];
  for (const s of series) for (const p of s.points ?? []) if (Number.isFinite(p[0]) && Number.isFinite(p[1])) {
    xs.push(p[0]);
    ys.push(p[1]);
  }
  const body: string[] = [];
  const fixed = validRange(spec.yRange);
  if (xs.length === 0) {
    body.push(...axesFor(box, { min: 0, max: 1 }, fixed ?? { min: 0, max: 1 }, spec));
    body.push(note(box, 'no data'));
    return svgDocument(width, height, spec.title, body);
  }
  const xt = ticksFor(padExtent(finiteExtent(xs)), 8, spec.integerX ? 1 : 0);
  const yt = fixed ? { ticks: ticksFor(fixed, 5).ticks.filter((v) => v >= fixed.min - 1e-12 && v <= fixed.max + 1e-12), domain: fixed } : ticksFor(padExtent(finiteExtent(ys)), 5);
  const sx = linearScale(xt.domain, box.left, box.left + box.width);
  const sy = linearScale(yt.domain, box.top + box.height, box.top);
  body.push(...axes(box, sx, sy, xt.ticks, yt.ticks, spec.xLabel, spec.yLabel));
  const clampY = (y: number) => Math.max(yt.domain.min, Math.min(yt.domain.max, y));

  series.forEach((s, i) => {
    const color = seriesColor(i);
    const pts = s.points ?? [];
    let d = '';
    let pen = false;
    for (const p of pts) {
      if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
        pen = false;
        continue;
      }
      d += `${pen ? 'L' : 'M'}${num(sx(p[0]))} ${num(sy(clampY(p[1])))}`;
      pen = true;
    }
    if (d) body.push(`<path${attrs({ d, fill: 'none', stroke: color, 'stroke-width': 2 })}/>`);
    if (pts.length <= MARKER_LIMIT) {
      for (const p of pts) {
        if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
        body.push(
          `<circle${attrs({ cx: sx(p[0]), cy: sy(clampY(p[1])), r: 3, fill: color })}><title>${tip(s.name, p)}</title></circle>`,
        );
      }
    }
  });
  body.push(...seriesLegend(box.left + box.width + 16, box.top + 4, series.map((s, i) => ({ name: s.name, color: seriesColor(i) }))));
  return svgDocument(width, height, spec.title, body);
}

function tip(name: string, p: readonly [number, number]): string {
  return `${escapeHtml(name)}: (${formatValue(p[0])}, ${formatValue(p[1])})`;
}

function validRange(r: readonly [number, number] | undefined): Extent | undefined {
  if (!r || !Number.isFinite(r[0]) || !Number.isFinite(r[1]) || r[0] === r[1]) return undefined;
  return { min: Math.min(r[0], r[1]), max: Math.max(r[0], r[1]) };
}

function axesFor(box: PlotBox, x: Extent, y: Extent, spec: LineChartSpec): string[] {
  const xt = ticksFor(x, 5);
  const yt = ticksFor(y, 5);
  return axes(
    box,
    linearScale(xt.domain, box.left, box.left + box.width),
    linearScale(yt.domain, box.top + box.height, box.top),
    xt.ticks,
    yt.ticks,
    spec.xLabel,
    spec.yLabel,
  );
}
