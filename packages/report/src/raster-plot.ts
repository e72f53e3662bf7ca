/**
 * Spike rasters: time step on x, neuron index on y, one short tick per spike. All ticks go into
 * a single <path>, so a raster of tens of thousands of spikes stays compact; beyond `maxSpikes`
 * an evenly strided subset is drawn and the figure says so.
 */
import { num } from './format.js';
import { finiteExtent, linearScale } from './scale.js';
import { attrs, axes, note, svgDocument, text, ticksFor, type PlotBox } from './svg.js';

export interface RasterBand {
  /** e.g. a layer name; the band covers neurons [start, end). */
  name: string;
  start: number;
  end: number;
}

export interface RasterPlotSpec {
  title: string;
  /** (step, neuron) pairs. */
  spikes: readonly (readonly [number, number])[];
  /** Axis extents; default to the largest step / neuron seen plus one. */
  numSteps?: number;
  numNeurons?: number;
  bands?: readonly RasterBand[];
  maxSpikes?: number;
  width?: number;
  height?: number;
}

/** (step, neuron) pairs of a dense raster stored row-major as steps x neurons (row t = step t). */
export function spikesFromRaster(raster: Uint8Array, steps: number, neurons: number): [number, number][] {
  const out: [number, number][] = [];
  const n = Math.min(raster.length, steps * neurons);
  for (let i = 0; i < n; i++) if (raster[i] !== 0) out.push([Math.floor(i / neurons), i % neurons]);
  return out;
}

export function rasterPlot(spec: RasterPlotSpec): string {
  const width = spec.width ?? 720;
  const height = spec.height ?? 420;
  const box: PlotBox = { left: 72, top: 40, width: width - 72 - 110, height: height - 40 - 64 };
  const all = (spec.spikes ?? []).filter(
    (p) => Number.isFinite(p[0]) && Number.isFinite(p[1]) && p[0] >= 0 && p[1] >= 0,
  );
  const stepExt = finiteExtent(all.map((p) => p[0]));
  const neuronExt = finiteExtent(all.map((p) => p[1]));
  const numSteps = positive(spec.numSteps) ?? (stepExt ? Math.floor(stepExt.max) + 1 : 1);
  const numNeurons = positive(spec.numNeurons) ?? (neuronExt ? Math.floor(neuronExt.max) + 1 : 1);
  const xt = ticksFor({ min: 0, max: numSteps }, 8);
  const yt = ticksFor({ min: 0, max: numNeurons }, 6);
  const sx = linearScale(xt.domain, box.left, box.left + box.width);
  // Neuron 0 at the top, like a matrix printout of the raster.
  const sy = linearScale(yt.domain, box.top, box.top + box.height);
  const body = axes(box, sx, sy, xt.ticks, yt.ticks, 'time step', 'neuron');

  const inRange = all.filter((p) => p[0] < numSteps && p[1] < numNeurons);
  const max = Math.max(1, Math.floor(spec.maxSpikes ?? 50000));
  const stride = Math.ceil(inRange.length / max);
  const tickH = Math.max(1, box.height / (yt.domain.max - yt.domain.min));
  const tickW = Math.max(1, box.width / (xt.domain.max - xt.domain.min));
  let d = '';
  for (let i = 0; i < inRange.length; i += stride) {
    const [t, n] = inRange[i];
    d += `M${num(sx(t + 0.5), 1)} ${num(sy(n), 1)}v${num(tickH, 1)}`;
  }
  if (d) body.push(`<path${attrs({ d, stroke: '#111111', 'stroke-width': num(Math.min(tickW, 3), 1), fill: 'none' })}/>`);
  if (inRange.length === 0) body.push(note(box, 'no spikes'));
  const dropped = all.length - inRange.length;
  const caption =
    `${inRange.length} spikes` +
    (stride > 1 ? `, one in ${stride} drawn` : '') +
    (dropped > 0 ? `, ${dropped} outside the axes ignored` : '');
  body.push(text(box.left, box.top - 8, caption, { fill: '#555555', 'font-size': 11 }));
  for (const b of spec.bands ?? []) {
    if (!Number.isFinite(b.start) || !Number.isFinite(b.end) || b.end <= b.start) continue;
    const y0 = sy(b.start);
    const y1 = sy(b.end);
    body.push(`<line${attrs({ x1: box.left, y1: y1, x2: box.left + box.width, y2: y1, stroke: '#c62a2f', 'stroke-dasharray': '4 3' })}/>`);
    body.push(text(box.left + box.width + 8, (y0 + y1) / 2 + 4, b.name, { fill: '#c62a2f' }));
  }
  return svgDocument(width, height, spec.title, body);
}

function positive(v: number | undefined): number | undefined {
  return v !== undefined && Number.isFinite(v) && v >= 1 ? Math.floor(v) : undefined;
}
