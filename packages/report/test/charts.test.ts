import { expect } from 'chai';
import fc from 'fast-check';
import { barChart, colorAt, heatmap, lineChart, meshMap, rasterPlot, spikesFromRaster } from '../src/index.js';
import { attributeValues, xmlProblems } from './xml-check.js';

const NASTY = `a<b&c"d'e`;
const NASTY_ESCAPED = 'a&lt;b&amp;c&quot;d&#39;e';

function wellFormed(svg: string): void {
  expect(xmlProblems(svg)).to.deep.equal([]);
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).to.equal(true);
  for (const v of attributeValues(svg)) expect(v).to.not.match(/NaN|Infinity|undefined/);
}

function countTag(svg: string, tag: string): number {
  return svg.split(`<${tag}`).length - 1;
}

describe('lineChart', () => {
  const spec = {
    title: `acc ${NASTY}`,
    xLabel: 'epoch',
    yLabel: 'accuracy',
    series: [
      { name: `train ${NASTY}`, points: [[0, 0.1], [1, 0.5], [2, 0.8]] as [number, number][] },
      { name: 'test', points: [[0, 0.1], [1, NaN], [2, 0.7], [3, 0.75]] as [number, number][] },
    ],
    yRange: [0, 1] as [number, number],
  };
  it('is well formed, escapes labels and is byte-identical across calls', () => {
    const a = lineChart(spec);
    wellFormed(a);
    expect(a).to.include(`acc ${NASTY_ESCAPED}`);
    expect(a).to.not.include(NASTY);
    expect(lineChart(structuredClone(spec))).to.equal(a);
  });
  it('draws one path per series, broken at non-finite points, and a legend entry each', () => {
    const svg = lineChart(spec);
    const paths = [...svg.matchAll(/<path d="([^"]*)"/g)].map((m) => m[1]);
    expect(paths).to.have.length(2);
    expect(paths[0].split('M')).to.have.length(2);
    expect(paths[1].split('M')).to.have.length(3); // NaN split the second line in two
    expect(svg).to.include('>test</text>');
    expect(countTag(svg, 'circle')).to.equal(6);
  });
  it('keeps every point inside the frame when yRange clips', () => {
    const svg = lineChart({ ...spec, series: [{ name: 's', points: [[0, -5], [1, 0.5], [2, 7]] }] });
    const ys = [...svg.matchAll(/cy="([^"]*)"/g)].map((m) => Number(m[1]));
    expect(ys).to.have.length(3);
    for (const y of ys) expect(y).to.be.within(40, 420 - 64);
  });
  it('handles empty, NaN-only and degenerate input', () => {
    for (const series of [[], [{ name: 'x', points: [] }], [{ name: 'x', points: [[NaN, NaN]] }], [{ name: 'x', points: [[1, 1]] }]] as any[]) {
      const svg = lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series });
      wellFormed(svg);
    }
    expect(lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: [] })).to.include('no data');
  });
  it('is well formed for arbitrary numbers (property)', () => {
    const pt = fc.tuple(fc.double(), fc.double());
    fc.assert(
      fc.property(fc.array(fc.array(pt, { maxLength: 20 }), { maxLength: 3 }), (ss) => {
        wellFormed(lineChart({ title: 't', xLabel: 'x', yLabel: 'y', series: ss.map((p, i) => ({ name: `s${i}`, points: p })) }));
      }),
      { numRuns: 60 },
    );
  });
});

describe('barChart', () => {
  it('draws one rect per finite value with escaped tooltips', () => {
    const svg = barChart({
      title: 'per class',
      yLabel: 'acc',
      categories: ['0', `1${NASTY}`, '2'],
      series: [
        { name: 'a', values: [0.5, -0.25, NaN] },
        { name: 'b', values: [0.75, 0.5] },
      ],
    });
    wellFormed(svg);
    const bars = [...svg.matchAll(/<rect[^>]*><title>([^<]*)<\/title>/g)];
    expect(bars).to.have.length(4);
    expect(svg).to.include(`b / 1${NASTY_ESCAPED}: 0.5`);
  });
  it('handles no categories and many rotated ones', () => {
    wellFormed(barChart({ title: 't', yLabel: 'y', categories: [], series: [] }));
    const cats = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const svg = barChart({ title: 't', yLabel: 'y', categories: cats, series: [{ name: 's', values: cats.map((_, i) => i) }] });
    wellFormed(svg);
    expect(svg).to.include('rotate(-45');
  });
});

describe('heatmap', () => {
  it('draws rows x cols cells with the colour of each value', () => {
    const svg = heatmap({ title: `traffic ${NASTY}`, rows: 2, cols: 3, values: [0, 1, 2, 3, 4, NaN], rowLabels: ['r0', `r${NASTY}`] });
    wellFormed(svg);
    const cells = [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"><title>([^<]*)<\/title>/g)];
    expect(cells).to.have.length(6);
    expect(cells[0][1]).to.equal(colorAt('viridis', 0));
    expect(cells[4][1]).to.equal(colorAt('viridis', 1));
    expect(cells[5][1]).to.equal('#d9d9d9');
    expect(cells[3][2]).to.equal(`r${NASTY_ESCAPED} -&gt; 0: 3`);
  });
  it('bins 2000 rows into equal blocks and sums them', () => {
    const svg = heatmap({ title: 'big', rows: 2000, cols: 2, values: new Float64Array(4000).fill(1) });
    wellFormed(svg);
    const tips = [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]).slice(1);
    expect(tips).to.have.length(63 * 2); // ceil(2000 / 64) = 32 rows per bin -> 63 bins
    expect(tips[0]).to.equal('0..31 -&gt; 0: 32');
    expect(tips[tips.length - 1]).to.equal('1984..1999 -&gt; 1: 16');
    expect(svg).to.include('binned 32 rows x 1 cols per cell (sum)');
  });
  it('is deterministic for typed and plain arrays alike', () => {
    const v = Array.from({ length: 30 * 40 }, (_, i) => (i * 7919) % 101);
    const a = heatmap({ title: 'h', rows: 30, cols: 40, values: v, scale: 'log' });
    expect(heatmap({ title: 'h', rows: 30, cols: 40, values: Float64Array.from(v), scale: 'log' })).to.equal(a);
  });
  it('survives empty, short and NaN-only inputs', () => {
    for (const s of [
      { rows: 0, cols: 0, values: [] },
      { rows: 3, cols: 3, values: [1, 2] },
      { rows: 2, cols: 2, values: [NaN, NaN, NaN, NaN] },
      { rows: NaN, cols: 2, values: [1, 2] },
      { rows: 1, cols: 1, values: [5] },
    ]) {
      wellFormed(heatmap({ title: 't', ...s }));
    }
    expect(heatmap({ title: 't', rows: 3, cols: 3, values: [1, 2] })).to.include('values has 2 entries, expected 9');
  });
});

describe('meshMap', () => {
  const chips = [
    {
      chip: 0,
      tilesX: 2,
      tilesY: 2,
      coresPerTile: 4,
      cores: [
        { x: 0, y: 0, coreInTile: 0, value: 0, label: `L1${NASTY}` },
        { x: 1, y: 1, coreInTile: 3, value: 1, label: 'L2' },
        { x: 5, y: 0, coreInTile: 0, value: 0.5, label: 'off mesh' },
        { x: 1, y: 0, coreInTile: 1, value: NaN },
      ],
    },
    { chip: 1, tilesX: 1, tilesY: 1, coresPerTile: 2, cores: [] },
  ];
  it('draws every valid core with colour by utilisation and a tooltip', () => {
    const svg = meshMap({ title: 'util', chips });
    wellFormed(svg);
    const cores = [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"><title>([^<]*)<\/title>/g)];
    expect(cores).to.have.length(3);
    expect(cores[0][1]).to.equal(colorAt('viridis', 0));
    expect(cores[0][2]).to.equal(`chip 0 tile (0, 0) core 0: L1${NASTY_ESCAPED} - 0%`);
    expect(cores[1][1]).to.equal(colorAt('viridis', 1));
    expect(svg).to.include('chip 0: 2/16 cores, mean 50%');
    expect(svg).to.include('(1 outside mesh ignored)');
    expect(svg).to.include('chip 1: 0/2 cores, mean n/a');
    expect(meshMap({ title: 'util', chips })).to.equal(svg);
  });
  it('handles no chips and nonsense geometry', () => {
    wellFormed(meshMap({ title: 't', chips: [] }));
    wellFormed(meshMap({ title: 't', chips: [{ chip: 0, tilesX: NaN, tilesY: -3, coresPerTile: 0, cores: [{ x: 0, y: 0, coreInTile: 0, value: 2 }] }] }));
  });
});

describe('rasterPlot', () => {
  it('draws one tick per spike in a single path', () => {
    const raster = new Uint8Array(5 * 4);
    raster[0 * 4 + 1] = 1;
    raster[2 * 4 + 3] = 1;
    raster[4 * 4 + 0] = 1;
    const spikes = spikesFromRaster(raster, 5, 4);
    expect(spikes).to.deep.equal([[0, 1], [2, 3], [4, 0]]);
    const svg = rasterPlot({ title: `r ${NASTY}`, spikes, numSteps: 5, numNeurons: 4, bands: [{ name: 'L1', start: 0, end: 2 }] });
    wellFormed(svg);
    const d = /<path d="([^"]*)"/.exec(svg)![1];
    expect(d.split('M')).to.have.length(4);
    expect(svg).to.include('3 spikes');
  });
  it('subsamples beyond maxSpikes and ignores bad points', () => {
    const spikes: [number, number][] = Array.from({ length: 1000 }, (_, i) => [i % 50, i % 13]);
    spikes.push([NaN, 1], [-1, 2], [3, Infinity]);
    const svg = rasterPlot({ title: 'r', spikes, maxSpikes: 100 });
    wellFormed(svg);
    expect(/<path d="([^"]*)"/.exec(svg)![1].split('M')).to.have.length(101);
    expect(svg).to.include('every 10th drawn');
    wellFormed(rasterPlot({ title: 'empty', spikes: [] }));
  });
});
