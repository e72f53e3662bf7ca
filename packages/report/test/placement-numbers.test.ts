import { expect } from 'chai';
import type { Placement } from '@snnc/mapper';
import { placementCsv, placementReportHtml } from '../src/index.js';

/**
 * The placement report's numbers (pages/placement.ts), cell by cell, from a hand-made placement
 * whose every figure is distinct, so that a shifted or swapped CSV column, an x read as y, a
 * capacity written as its use, or a utilisation over the wrong limit shows. Only the CSV header
 * was tested (cli map.test): every row mutant survived.
 */
function placement(): Placement {
  // capacities: compartments 10, inputAxons 100, outputAxons 200, synapseBits 1000, learningStateBits 40
  return {
    placementVersion: '1.0', network: 'net', target: 'tgt', strategy: 'sequential',
    cores: [
      { id: 3, chip: 0, x: 1, y: 0, coreInTile: 1 },
      { id: 13, chip: 1, x: 0, y: 1, coreInTile: 1 },
    ],
    usage: [
      { compartments: 5, inputAxons: 20, outputAxons: 30, synapseBits: 900, learningStateBits: 8, synapses: 77, configs: 2 },
      { compartments: 7, inputAxons: 90, outputAxons: 10, synapseBits: 300, learningStateBits: 0, synapses: 55, configs: 1 },
    ],
    neuronCore: [new Int32Array([-1, -1]), Int32Array.from([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1])],
    neuronSlot: [new Int32Array([-1, -1]), Int32Array.from([0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 5, 6])],
    metrics: {
      cores: 2, chips: 2, lowerBound: 1, lowerBoundBy: 'compartments', boundKind: 'synapseBits/sum', interCoreSpikes: 11, interChipSpikes: 9,
      hopTraffic: 23, maxLinkLoad: 6, trafficWeighting: 'synapses', lowerBoundChips: 1, hostSpikes: 4, intraCoreSpikes: 17, maxInterChipLinkLoad: 5,
      lowerBoundInOrder: 2,
      maxUtilisation: { compartments: 0.7, inputAxons: 0.9, outputAxons: 0.15, synapseBits: 0.9, learningStateBits: 0.2 },
    },
    mesh: { meshX: 2, meshY: 2, coresPerTile: 2, coresPerChip: 8, chipsX: 2, chipsY: 2, chipsAvailable: 4 },
    capacity: { compartments: 10, inputAxons: 100, outputAxons: 200, synapseBits: 1000, learningStateBits: 40 },
    links: { x: Int32Array.from([1, 2]), y: Int32Array.from([0, 0]), dir: Int32Array.from([0, 2]), load: Float64Array.from([5, 6]), hostLink: 4 },
  } as unknown as Placement;
}

describe('placement report: the numbers of the CSV and the page', () => {
  it('the CSV: one row per used core, every column under its header (docs/mapper.md §7 usage and capacity)', () => {
    const lines = placementCsv(placement()).split('\n');
    expect(lines[0]).to.equal('core,chip,x,y,coreInTile,compartmentsUsed,compartmentsCapacity,inputAxonsUsed,inputAxonsCapacity,outputAxonsUsed,outputAxonsCapacity,synapseBitsUsed,synapseBitsCapacity,learningStateBitsUsed,learningStateBitsCapacity,synapses,configs');
    expect(lines[1]).to.equal('3,0,1,0,1,5,10,20,100,30,200,900,1000,8,40,77,2');
    expect(lines[2]).to.equal('13,1,0,1,1,7,10,90,100,10,200,300,1000,0,40,55,1');
    expect(lines.length).to.equal(4);
    expect(lines[3]).to.equal('');
    // parsed by header: the name picks its value
    const head = lines[0].split(',');
    const row = Object.fromEntries(lines[2].split(',').map((v, i) => [head[i], Number(v)]));
    expect(row).to.include({ core: 13, chip: 1, x: 0, y: 1, inputAxonsUsed: 90, synapseBitsCapacity: 1000, synapses: 55 });
  });

  it('the cores table: each core\'s figures and its utilisation = its tightest used / capacity', () => {
    const html = placementReportHtml(placement());
    const td = (xs: (number | string)[]) => xs.map((x) => `<td class="num">${x}</td>`).join('');
    // core 3: synapse bits 900 / 1000 is its tightest; core 13: input axons 90 / 100
    expect(html).to.include('<tr>' + td([3, 0, 1, 0, 1, 5, 20, 30, 900, 8, 77, 0.9]) + '</tr>');
    expect(html).to.include('<tr>' + td([13, 1, 0, 1, 1, 7, 90, 10, 300, 0, 55, 0.9]) + '</tr>');
    // the mesh map names each core's tightest limit
    expect(html).to.include('core 3, 5 neurons, tightest limit synapseBits');
    expect(html).to.include('core 13, 7 neurons, tightest limit inputAxons');
  });

  it('the summary: cores / lower bound, chips, traffic figures and link loads as given', () => {
    const html = placementReportHtml(placement());
    const row = (k: string, v: string | number) => `<tr><td>${k}</td>${typeof v === 'number' ? `<td class="num">${v}</td>` : `<td>${v}</td>`}</tr>`;
    expect(html).to.include(row('cores used', 2));
    expect(html).to.include(row('certified lower bound (cores)', '1 (set by synapseBits/sum)'));
    expect(html).to.include(row('cores / lower bound', '2.000'));
    expect(html).to.include(row('bound in population order (not certified)', 2));
    expect(html).to.include(row('chips used', 2));
    expect(html).to.include(row('inter-core spikes', 11));
    expect(html).to.include(row('inter-chip spikes', 9));
    expect(html).to.include(row('host-port spikes', 4));
    expect(html).to.include(row('intra-core spikes', 17));
    expect(html).to.include(row('hop-weighted traffic', 23));
    expect(html).to.include(row('max link load', 6));
    expect(html).to.include(row('max inter-chip link load', 5));
    expect(html).to.include(row('host link load', 4));
    // the most loaded link first, with its direction named
    const links = html.slice(html.indexOf('Most loaded mesh links'));
    expect(links).to.include('<tr><td class="num">2</td><td class="num">0</td><td>north</td><td class="num">6</td></tr>\n<tr><td class="num">1</td><td class="num">0</td><td>east</td><td class="num">5</td></tr>');
  });

  it('a file without capacities (an older mapper) leaves capacity columns empty and claims no utilisation', () => {
    const p = placement();
    delete (p as { capacity?: unknown }).capacity;
    expect(placementCsv(p).split('\n')[1]).to.equal('3,0,1,0,1,5,,20,,30,,900,,8,,77,2');
    const html = placementReportHtml(p);
    const td = (xs: (number | string)[]) => xs.map((x) => `<td class="num">${x}</td>`).join('');
    expect(html).to.include('<tr>' + td([3, 0, 1, 0, 1, 5, 20, 30, 900, 8, 77, 0]) + '</tr>');
  });

  it('the per-limit chart: mean over cores and worst core per limit; the mesh map puts each chip at its grid place', () => {
    const html = placementReportHtml(placement());
    // mean of used / capacity over the two cores; worst = metrics.maxUtilisation
    const bars: Array<[string, string, string]> = [['neurons', '0.6', '0.7'], ['in axons', '0.55', '0.9'], ['out axons', '0.1', '0.15'], ['synapse mem', '0.6', '0.9'], ['learn state', '0.1', '0.2']];
    for (const [cat, mean, worst] of bars) {
      expect(html).to.include(`<title>mean over cores / ${cat}: ${mean}</title>`);
      expect(html).to.include(`<title>worst core / ${cat}: ${worst}</title>`);
    }
    // chip 1 of a 2 x 2 chip grid is column 1, row 0; its core 13 at tile (0, 1), core 1, at 90%
    expect(html).to.include('chip 1 at (1, 0)');
    expect(html).to.include('chip 0 at (0, 0)');
    expect(html).to.include('chip 1 tile (0, 1) core 1: core 13, 7 neurons, tightest limit inputAxons - 90%');
  });
});
