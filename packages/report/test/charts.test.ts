import { expect } from 'chai';
import fc from 'fast-check';
import { barChart, colorAt, heatmap, lineChart, meshMap, rasterPlot, spikesFromRaster } from '../src/index.js';
import { textWidth } from '../src/svg.js';
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
  it('rotates a few labels too wide for their group (the placement report\'s per-limit chart)', () => {
    const cats = ['neurons', 'in axons', 'out axons', 'synapse bits', 'learn state'];
    const wide = barChart({ title: 't', yLabel: 'y', categories: cats, series: [{ name: 'a', values: [1, 2, 3, 4, 5] }, { name: 'b', values: [1, 2, 3, 4, 5] }] });
    expect(wide).to.include('rotate(-45');
    const short = barChart({ title: 't', yLabel: 'y', categories: ['a', 'b', 'c'], series: [{ name: 's', values: [1, 2, 3] }] });
    expect(short).to.not.include('rotate(-45');
  });
});

describe('svg: titles, tick labels', () => {
  /** The <text> lines of the title block (font-size 16), in order. */
  const titleLines = (svg: string) => [...svg.matchAll(/<text[^>]*font-size="16"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  it('wraps a title wider than the chart instead of clipping it, and moves the body down', () => {
    const long = 'Test confusion matrix, evaluated once after the last epoch (summed over 3 seeds) (rows: true class, columns: predicted)';
    const svg = heatmap({ title: long, rows: 2, cols: 2, values: [1, 2, 3, 4] });
    wellFormed(svg);
    const lines = titleLines(svg);
    expect(lines.length).to.be.greaterThan(1);
    expect(lines.join(' ')).to.equal(long);
    const width = Number(/width="(\d+)"/.exec(svg)![1]);
    for (const line of lines) expect(textWidth(line, 16, true)).to.be.at.most(width - 16);
    expect(svg).to.include(`<g transform="translate(0 ${20 * (lines.length - 1)})">`);
    const short = heatmap({ title: 'short', rows: 2, cols: 2, values: [1, 2, 3, 4] });
    expect(titleLines(short)).to.deep.equal(['short']);
    expect(short).to.not.include('<g transform="translate');
    // the document grows by the added lines
    expect(Number(/height="(\d+)"/.exec(svg)![1]) - Number(/height="(\d+)"/.exec(short)![1])).to.equal(20 * (lines.length - 1));
  });
  it('every title line fits, whatever the title (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[a-z]{1,12}$/), { minLength: 1, maxLength: 40 }), (words) => {
        const title = words.join(' ');
        const svg = lineChart({ title, xLabel: 'x', yLabel: 'y', series: [{ name: 's', points: [[0, 1], [1, 2]] }] });
        const lines = titleLines(svg);
        expect(lines.join(' ')).to.equal(title);
        for (const line of lines) if (line.includes(' ')) expect(textWidth(line, 16, true)).to.be.at.most(720 - 16);
      }),
      { numRuns: 100 },
    );
  });
  it('labels large ticks with SI suffixes, not exponents', () => {
    const svg = barChart({ title: 't', yLabel: 'cycles', categories: ['a', 'b'], series: [{ name: 's', values: [7.5e6, 2e6] }] });
    expect(svg).to.include('>8M</text>');
    expect(svg).to.not.match(/>[0-9.]+e\+/);
    // one unit per axis: 0.2M beside 1.8M, not 200000
    const energy = lineChart({ title: 't', xLabel: 'x', yLabel: 'pJ', series: [{ name: 's', points: [[0, 3e5], [1, 1.75e6]] }] });
    const yTicks = [...energy.matchAll(/text-anchor="end">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(yTicks.length).to.be.greaterThan(2);
    for (const t of yTicks) expect(t).to.match(/^(0|\d+(\.\d+)?M)$/);
  });
  it('puts only whole numbers on an integer x axis, even for a single epoch', () => {
    for (const points of [[[1, 0.5]], [[1, 0.5], [2, 0.6], [3, 0.7]]] as [number, number][][]) {
      const svg = lineChart({ title: 't', xLabel: 'epoch', yLabel: 'y', integerX: true, series: [{ name: 's', points }] });
      const xLabels = [...svg.matchAll(/<text x="[^"]*" y="(\d+(?:\.\d+)?)" text-anchor="middle">([^<]*)<\/text>/g)].filter((m) => Number(m[1]) === 420 - 64 + 18).map((m) => m[2]);
      expect(xLabels.length).to.be.greaterThan(1);
      for (const l of xLabels) expect(l).to.match(/^-?\d+$/);
    }
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
  it('draws chips where they sit in the system\'s chip grid (unused rows and columns left out)', () => {
    const chip = (id: number, gridX: number, gridY: number) => ({ chip: id, tilesX: 1, tilesY: 1, coresPerTile: 1, cores: [{ x: 0, y: 0, coreInTile: 0, value: 1 }], gridX, gridY });
    // a 4-wide grid: chips 0 (0,0), 1 (1,0), 4 (0,1) and 12 (0,3); row 2 is unused
    const svg = meshMap({ title: 'm', chips: [chip(0, 0, 0), chip(1, 1, 0), chip(4, 0, 1), chip(12, 0, 3)] });
    wellFormed(svg);
    const at = (id: number) => {
      const m = new RegExp(`<text x="([0-9.]+)" y="([0-9.]+)" font-size="11">chip ${id} at`).exec(svg)!;
      return [Number(m[1]), Number(m[2])];
    };
    const [x0, y0] = at(0), [x1, y1] = at(1), [x4, y4] = at(4), [x12, y12] = at(12);
    expect(y1).to.equal(y0); expect(x1).to.be.greaterThan(x0); // beside
    expect(x4).to.equal(x0); expect(y4).to.be.greaterThan(y0); // below
    expect(x12).to.equal(x0); expect(y12 - y4).to.equal(y4 - y0); // the next drawn row: row 2 left out
    expect(svg).to.include('chip 12 at (0, 3)');
  });
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
    expect(svg).to.include('one in 10 drawn');
    wellFormed(rasterPlot({ title: 'empty', spikes: [] }));
  });
});
