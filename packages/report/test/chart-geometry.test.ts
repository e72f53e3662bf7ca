import { expect } from 'chai';
import { barChart, colorAt, heatmap, lineChart, rasterPlot, spikesFromRaster } from '../src/index.js';

/**
 * Where the charts draw what they are given: which way an axis grows, what a point that cannot be
 * drawn does to the axes, where a spike tick and a band boundary sit, and how many marks are drawn.
 * Coordinates are computed from the default frame (720 x 420; line chart plot box 72..540 x
 * 40..356, raster plot box 72..610 x 40..356) and the 1/2/5 ticks of scale.ts.
 */
const cys = (svg: string) => [...svg.matchAll(/<circle cx="[^"]*" cy="([^"]*)"/g)].map((m) => Number(m[1]));
const yTickLabels = (svg: string) => [...svg.matchAll(/text-anchor="end">([^<]*)<\/text>/g)].map((m) => m[1]);
const ticksDrawn = (svg: string) => (/<path d="([^"]*)"/.exec(svg)?.[1] ?? '').split('M').length - 1;
const caption = (svg: string) => /<text [^>]*font-size="11">([^<]*spikes[^<]*)<\/text>/.exec(svg)?.[1];

describe('lineChart geometry', () => {
  const base = { title: 't', xLabel: 'x', yLabel: 'y' };

  it('a larger y is drawn higher (the y axis grows upwards)', () => {
    const [a, b] = cys(lineChart({ ...base, series: [{ name: 's', points: [[0, 1], [1, 2]] }] }));
    expect(b).to.be.below(a);
  });

  it('a point with a non-finite coordinate draws nothing and moves no axis: the chart is the one without it', () => {
    const pts: [number, number][] = [[0, 1], [1, 2]];
    const without = lineChart({ ...base, series: [{ name: 's', points: pts }] });
    expect(lineChart({ ...base, series: [{ name: 's', points: [...pts, [100, NaN]] }] })).to.equal(without);
    expect(lineChart({ ...base, series: [{ name: 's', points: [...pts, [Infinity, 50]] }] })).to.equal(without);
  });

  it('a fixed y range keeps its ticks inside it: [0, 180] in steps of 50 stops at 150, not 200', () => {
    const svg = lineChart({ ...base, yRange: [0, 180], series: [{ name: 's', points: [[0, 10], [1, 20]] }] });
    expect(yTickLabels(svg)).to.deep.equal(['0', '50', '100', '150']);
  });

  it('a y range given high to low is the same range; an empty one ([1, 1]) is no range', () => {
    const series = [{ name: 's', points: [[0, 0.2], [1, 0.6]] as [number, number][] }];
    expect(lineChart({ ...base, yRange: [1, 0], series })).to.equal(lineChart({ ...base, yRange: [0, 1], series }));
    expect(lineChart({ ...base, yRange: [1, 1], series })).to.equal(lineChart({ ...base, series }));
  });

  it('markers (with tooltips) on a series of up to 60 points, none beyond', () => {
    const pts = (n: number) => Array.from({ length: n }, (_, i) => [i, i % 7] as [number, number]);
    expect(cys(lineChart({ ...base, series: [{ name: 's', points: pts(60) }] }))).to.have.length(60);
    expect(cys(lineChart({ ...base, series: [{ name: 's', points: pts(61) }] }))).to.have.length(0);
  });
});

describe('rasterPlot geometry', () => {
  it('spikesFromRaster reads only steps x neurons entries of a longer raster', () => {
    const raster = new Uint8Array(7);
    raster[6] = 1; // past 2 steps x 3 neurons
    raster[5] = 1; // step 1, neuron 2
    expect(spikesFromRaster(raster, 2, 3)).to.deep.equal([[1, 2]]);
  });

  it('a tick sits in the middle of its step; a band boundary at the band\'s end', () => {
    // 10 steps over 538 px: 53.8 px a step, step 3 spans 233.4..287.2; 10 neurons over 316 px from y = 40
    const svg = rasterPlot({ title: 'r', spikes: [[3, 0]], numSteps: 10, numNeurons: 10, bands: [{ name: 'A', start: 0, end: 4 }] });
    expect(/<path d="([^"]*)"/.exec(svg)![1]).to.equal('M260.3 40v31.6');
    expect(svg).to.match(/<line x1="72" y1="166.4" x2="610" y2="166.4" [^>]*stroke-dasharray/);
  });

  it('an empty band (end = start) draws no boundary and no name', () => {
    const svg = rasterPlot({ title: 'r', spikes: [[0, 0]], numSteps: 2, numNeurons: 10, bands: [{ name: 'EMPTY', start: 5, end: 5 }] });
    expect(svg).to.not.include('stroke-dasharray').and.not.include('EMPTY');
  });

  it('a spike at step numSteps or neuron numNeurons is outside the axes and counted as ignored; a negative index is not a spike', () => {
    const svg = rasterPlot({ title: 'r', spikes: [[1, 0], [2, 0], [0, 3], [0, -1], [-1, 0]], numSteps: 2, numNeurons: 3 });
    expect(caption(svg)).to.equal('1 spikes, 2 outside the axes ignored');
    expect(ticksDrawn(svg)).to.equal(1);
  });

  it('numSteps or numNeurons below 1 is not given: the axes come from the spikes', () => {
    const spikes: [number, number][] = [[4, 2], [1, 0]];
    expect(rasterPlot({ title: 'r', spikes, numSteps: 0, numNeurons: 0.5 })).to.equal(rasterPlot({ title: 'r', spikes }));
  });

  it('never draws more than maxSpikes ticks, and all of them up to the default 50,000', () => {
    for (const [n, max] of [[150, 100], [101, 100], [1000, 7]]) {
      const spikes = Array.from({ length: n }, (_, i) => [i % 40, i % 11] as [number, number]);
      const drawn = ticksDrawn(rasterPlot({ title: 'r', spikes, maxSpikes: max }));
      expect(drawn, `${n} spikes, at most ${max}`).to.be.at.most(max).and.at.least(max / 2);
    }
    const many = Array.from({ length: 1000 }, (_, i) => [i % 40, i % 11] as [number, number]);
    expect(ticksDrawn(rasterPlot({ title: 'r', spikes: many }))).to.equal(1000);
  });
});

describe('barChart geometry', () => {
  const rects = (svg: string) =>
    [...svg.matchAll(/<rect x="([^"]*)" y="([^"]*)" width="([^"]*)" height="([^"]*)"[^>]*><title>([^<]*)<\/title>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), h: Number(m[4]), title: m[5] }));
  const zeroLine = (svg: string) => Number(/<line x1="72" y1="([^"]*)" x2="[^"]*" y2="[^"]*" stroke="#333333"\/>/.exec(svg)![1]);

  it('bars grow from zero: up for a positive value, down for a negative one, zero on the axis even when every value is positive', () => {
    const svg = barChart({ title: 't', yLabel: 'y', categories: ['a', 'b'], series: [{ name: 'p', values: [2, -1] }] });
    const zero = zeroLine(svg);
    const [up, down] = rects(svg);
    expect(up.y + up.h).to.be.closeTo(zero, 0.011);
    expect(down.y).to.be.closeTo(zero, 0.011);
    // 2 is twice as far from zero as -1
    expect(up.h / down.h).to.be.closeTo(2, 1e-3);
    const positive = barChart({ title: 't', yLabel: 'y', categories: ['a', 'b'], series: [{ name: 'p', values: [1, 2] }] });
    expect(yTickLabels(positive)).to.include('0');
    const [one, two] = rects(positive);
    expect(two.h / one.h).to.be.closeTo(2, 1e-3);
  });

  it('the bars of a category stand side by side under its centred label, a legend from two series on', () => {
    const svg = barChart({ title: 't', yLabel: 'y', categories: ['a', 'b'], series: [{ name: 'p', values: [1, 2] }, { name: 'q', values: [3, 4] }] });
    const [pa, qa, pb] = rects(svg);
    expect(qa.x).to.be.at.least(pa.x + pa.w);
    expect(pb.x).to.be.above(qa.x + qa.w);
    const label = Number(/<text x="([^"]*)" y="[^"]*" text-anchor="middle">a<\/text>/.exec(svg)![1]);
    expect(label).to.be.closeTo((pa.x + qa.x + qa.w) / 2, 0.51);
    // one swatch and name per series
    expect(svg).to.include('>p</text>').and.include('>q</text>');
    expect(barChart({ title: 't', yLabel: 'y', categories: ['a'], series: [{ name: 'only', values: [1] }] })).to.not.include('>only</text>');
  });

  it('more than 12 categories are rotated however short their labels, 12 are not', () => {
    const cats = (n: number) => Array.from({ length: n }, (_, i) => String.fromCharCode(97 + i));
    const chart = (n: number) => barChart({ title: 't', yLabel: 'y', categories: cats(n), series: [{ name: 's', values: cats(n).map(() => 1) }] });
    expect(chart(12)).to.not.include('rotate(-45');
    expect(chart(13)).to.include('rotate(-45');
  });
});

describe('heatmap cells', () => {
  /** [fill, tooltip] of every cell, row-major. */
  const cells = (svg: string) => [...svg.matchAll(/<rect [^>]*fill="(#[0-9a-f]{6})"><title>([^<]*)<\/title>/g)].map((m) => [m[1], m[2].replace('-&gt;', '->')]);

  it('bins by mean and by max: [1, 3, 5, 7] in blocks of two rows is 2, 6 (mean) and 3, 7 (max)', () => {
    const values = [1, 3, 5, 7];
    expect(cells(heatmap({ title: 'h', rows: 4, cols: 1, values, maxBins: 2, binReduce: 'mean' })).map((c) => c[1])).to.deep.equal(['0..1 -> 0: 2', '2..3 -> 0: 6']);
    expect(cells(heatmap({ title: 'h', rows: 4, cols: 1, values, maxBins: 2, binReduce: 'max' })).map((c) => c[1])).to.deep.equal(['0..1 -> 0: 3', '2..3 -> 0: 7']);
  });

  it('a sparse matrix binned by max takes the largest entry of a block (cells not listed are 0)', () => {
    const tips = cells(heatmap({ title: 'h', rows: 4, cols: 1, entries: { row: [0, 1, 2], col: [0, 0, 0], value: [3, 5, 7] }, maxBins: 2, binReduce: 'max' })).map((c) => c[1]);
    expect(tips).to.deep.equal(['0..1 -> 0: 5', '2..3 -> 0: 7']);
  });

  it('a sparse matrix binned by mean divides by the cells a block really covers (the last block is smaller)', () => {
    // 3 x 3 ones in blocks of 2: blocks of 4, 2, 2 and 1 cells, each of mean 1
    const row: number[] = [], col: number[] = [], value: number[] = [];
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) { row.push(r); col.push(c); value.push(1); }
    const tips = cells(heatmap({ title: 'h', rows: 3, cols: 3, entries: { row, col, value }, maxBins: 2, binReduce: 'mean' })).map((c) => c[1]);
    expect(tips).to.deep.equal(['0..1 -> 0..1: 1', '0..1 -> 2: 1', '2 -> 0..1: 1', '2 -> 2: 1']);
  });

  it('a sparse entry outside the matrix is skipped, not added to a neighbouring cell', () => {
    const tips = cells(heatmap({ title: 'h', rows: 2, cols: 2, entries: { row: [0, 0, 2], col: [2, 1, 0], value: [5, 1, 9] } })).map((c) => c[1]);
    expect(tips).to.deep.equal(['0 -> 0: 0', '0 -> 1: 1', '1 -> 0: 0', '1 -> 1: 0']);
  });

  it('colours: a matrix of one positive value is all maximum (the range runs from 0), of zeros all minimum', () => {
    expect(cells(heatmap({ title: 'h', rows: 2, cols: 2, values: [5, 5, 5, 5] })).map((c) => c[0])).to.deep.equal(new Array(4).fill(colorAt('viridis', 1)));
    expect(cells(heatmap({ title: 'h', rows: 1, cols: 2, values: [0, 0] })).map((c) => c[0])).to.deep.equal(new Array(2).fill(colorAt('viridis', 0)));
  });

  it("the log scale maps v through log(1 + v): 1 sits halfway between 0 and 3; with a negative value the scale is linear", () => {
    const log = cells(heatmap({ title: 'h', rows: 1, cols: 3, values: [0, 1, 3], scale: 'log' }));
    expect(log.map((c) => c[0])).to.deep.equal([colorAt('viridis', 0), colorAt('viridis', 0.5), colorAt('viridis', 1)]);
    const neg = cells(heatmap({ title: 'h', rows: 1, cols: 3, values: [-1, 0, 8], scale: 'log' }));
    expect(neg.map((c) => c[0])).to.deep.equal([colorAt('viridis', 0), colorAt('viridis', 1 / 9), colorAt('viridis', 1)]);
  });

  it('binned rows are labelled by the first row of their block, about 8 labels along the axis', () => {
    // 2000 rows in blocks of 32 (63 blocks), a label every ceil(63 / 8) = 8 blocks = 256 rows
    const svg = heatmap({ title: 'big', rows: 2000, cols: 2, values: new Float64Array(4000).fill(1) });
    const rowLabels = [...svg.matchAll(/<text x="114" y="[^"]*" text-anchor="end" font-size="10">([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(rowLabels).to.deep.equal(['0', '256', '512', '768', '1024', '1280', '1536', '1792']);
  });
});
