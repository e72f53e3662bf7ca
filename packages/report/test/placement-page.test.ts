import { expect } from 'chai';
import fc from 'fast-check';
import type { Placement } from '@snnc/mapper';
import { heatmap, placementReportHtml } from '../src/index.js';

/**
 * The placement page's traffic matrix is sparse (one entry per pair of cores that exchange
 * spikes): binned from its entries, never as a dense cores x cores array (at 65,537 cores that is
 * more numbers than a typed array holds, and 50,000 cores took 45 s to bin).
 */
describe('placement page: traffic between many cores', () => {
  it('a heatmap from sparse entries is the heatmap of the dense matrix they describe', () => {
    const cell = fc.record({ r: fc.nat(69), c: fc.nat(69), v: fc.integer({ min: 0, max: 1_000_000 }) });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 1, max: 70 }), fc.array(cell, { maxLength: 60 }), fc.constantFrom('sum', 'mean', 'max'), (rows, cols, cells, binReduce: 'sum' | 'mean' | 'max') => {
        const inside = cells.filter((x) => x.r < rows && x.c < cols);
        const dense = new Float64Array(rows * cols);
        for (const x of inside) dense[x.r * cols + x.c] = binReduce === 'max' ? Math.max(dense[x.r * cols + x.c], x.v) : dense[x.r * cols + x.c] + x.v;
        const spec = { title: 't', rows, cols, binReduce, scale: 'log' as const };
        // entries outside the matrix are skipped, as a dense array cannot hold them
        const entries = { row: cells.map((x) => x.r), col: cells.map((x) => x.c), value: cells.map((x) => x.v) };
        const sparse = heatmap({ ...spec, entries });
        expect(sparse).to.equal(heatmap({ ...spec, entries: { row: inside.map((x) => x.r), col: inside.map((x) => x.c), value: inside.map((x) => x.v) } }));
        // whole numbers: sums in any order are exact
        expect(sparse).to.equal(heatmap({ ...spec, values: dense }));
      }),
      { numRuns: 150, seed: 11 },
    );
  });

  it('a placement of 70,000 cores is drawn, its traffic binned, in a few seconds', function () {
    this.timeout(60_000);
    const k = 70_000;
    const cores = Array.from({ length: k }, (_, i) => ({ id: i, chip: 0, x: (i >> 1) % 256, y: i >> 9, coreInTile: i & 1 }));
    const usage = cores.map(() => ({ compartments: 1, inputAxons: 1, outputAxons: 1, synapseBits: 64, learningStateBits: 0, synapses: 1 }));
    const p = {
      placementVersion: '1.0', network: 'n', target: 't', strategy: 'sequential', cores, usage,
      neuronCore: [Int32Array.from(cores, (_, i) => i)], neuronSlot: [new Int32Array(k)],
      metrics: { cores: k, chips: 1, lowerBound: k, lowerBoundBy: 'compartments', interCoreSpikes: 6, interChipSpikes: 0, hopTraffic: 6, maxLinkLoad: 1, trafficWeighting: 'synapses' },
      mesh: { meshX: 256, meshY: 256, coresPerTile: 2, coresPerChip: 131072, chipsX: 1, chipsY: 1, chipsAvailable: 1 },
      traffic: { from: Int32Array.from([0, k - 1]), to: Int32Array.from([1, 0]), weight: Float64Array.from([1, 5]), host: new Float64Array(k) },
    } as unknown as Placement;
    const t0 = Date.now();
    const html = placementReportHtml(p);
    expect(Date.now() - t0).to.be.below(20_000);
    expect(html).to.include('binned 1094 rows x 1094 cols per cell (sum)');
    expect(html).to.include('<title>68922..69999 -&gt; 0..1093: 5</title>');
  });
});

describe('placement page: links', () => {
  it('the most loaded links: the 20 largest loads, largest first (25 loaded links)', () => {
    const cores = [{ id: 0, chip: 0, x: 0, y: 0, coreInTile: 0 }, { id: 1, chip: 0, x: 1, y: 0, coreInTile: 0 }];
    const usage = cores.map(() => ({ compartments: 1, inputAxons: 1, outputAxons: 1, synapseBits: 64, learningStateBits: 0, synapses: 1 }));
    const n = 25;
    // link i has load i + 1 (tile x = i, direction i mod 4)
    const links = { x: Int32Array.from({ length: n }, (_, i) => i), y: new Int32Array(n), dir: Uint8Array.from({ length: n }, (_, i) => i % 4), load: Float64Array.from({ length: n }, (_, i) => i + 1) };
    const p = {
      placementVersion: '1.0', network: 'n', target: 't', strategy: 'sequential', cores, usage, links,
      metrics: { cores: 2, chips: 1, lowerBound: 2, lowerBoundBy: 'compartments', interCoreSpikes: 0, interChipSpikes: 0, hopTraffic: 0, maxLinkLoad: n, trafficWeighting: 'synapses' },
    } as unknown as Placement;
    const html = placementReportHtml(p);
    const section = html.slice(html.indexOf('<th>tile x</th>'), html.indexOf('</table>', html.indexOf('<th>tile x</th>')));
    const loads = [...section.matchAll(/<tr><td class="num">(\d+)<\/td><td class="num">0<\/td><td>(\w+)<\/td><td class="num">(\d+)<\/td><\/tr>/g)].map((m) => Number(m[3]));
    expect(loads).to.deep.equal(Array.from({ length: 20 }, (_, i) => 25 - i));
  });
});
