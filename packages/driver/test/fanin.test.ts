import { expect } from 'chai';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { lowerSpec, repoRoot, type GraphSpec, type NetworkSpec, type SrsnnSpec, type Target } from '@snnc/ir';
import { checkSpecFanIn, mapNetwork, SPEC_FANIN_CODE } from '@snnc/mapper';
import { compile } from '../src/index.js';

/**
 * The fan-in estimate before expansion (mapper spec-fanin.ts, SNNC3007) refuses only what the mapper
 * refuses after expansion (SNNC3002 distinct sources, SNNC3003 synapse memory of a neuron alone).
 */
const read = (p: string) => JSON.parse(fs.readFileSync(path.join(repoRoot(), p), 'utf8'));
const small = (): SrsnnSpec => read('examples/srsnn-small.json');
const tiny = (): Target => read('targets/test-tiny.json');
const withCore = (core: Partial<Target['core']>): Target => {
  const t = tiny();
  return { ...t, core: { ...t.core, ...core, maxCompartments: 1024 }, system: { ...t.system, maxChips: 4 } };
};
const mapperCodes = (spec: NetworkSpec, t: Target) => {
  const low = lowerSpec({ document: spec, name: 's.json' }, t);
  expect(low.network, JSON.stringify(low.diagnostics)).to.not.equal(undefined);
  return mapNetwork(low.network!, t, { strategy: 'locality' }).diagnostics.map((d) => d.code);
};

describe('driver: fan-in refused before expansion', function () {
  this.timeout(300000);

  it('at the boundary: 16 inputs at density 1 into a layer fit 16 input axons and not 15; the mapper agrees', () => {
    const s = small();
    for (const l of s.layers) Object.assign(l.recurrent, { density: 0, interDensity: 0 });
    s.layers[0].feedforward.density = 1;
    s.layers[1].feedforward.density = 0.1; // h2: a few of h1's 32; the readout: exactly 8 + 8 (long-range degree 8 from h1 and h2)
    expect(checkSpecFanIn(s, withCore({ maxInputAxons: 16 }))).to.deep.equal([]);
    expect(mapperCodes(s, withCore({ maxInputAxons: 16 }))).to.not.include('SNNC3002');
    const d = checkSpecFanIn(s, withCore({ maxInputAxons: 15 }), 's.json');
    expect(d.map((x) => [x.code, x.pointer])).to.deep.equal([[SPEC_FANIN_CODE, '/input/size'], [SPEC_FANIN_CODE, '/longRange/degree']]);
    expect(d[0].fix).to.contain('set /input/size to 15 or less (now 16)');
    expect(mapperCodes(s, withCore({ maxInputAxons: 15 }))).to.include('SNNC3002');
  });

  it('property: whatever it refuses, the mapper refuses after expanding (distinct sources and synapse memory)', () => {
    fc.assert(
      fc.property(
        fc.record({
          n1: fc.integer({ min: 8, max: 160 }), n2: fc.integer({ min: 8, max: 160 }),
          ff1: fc.double({ min: 0.05, max: 1, noNaN: true }), ff2: fc.double({ min: 0.05, max: 1, noNaN: true }),
          inter: fc.double({ min: 0, max: 1, noNaN: true }), axons: fc.integer({ min: 8, max: 300 }), words: fc.integer({ min: 8, max: 400 }),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        (r) => {
          const s = small();
          s.seed = r.seed;
          s.layers[0].size = r.n1;
          s.layers[1].size = r.n2;
          s.layers[0].feedforward.density = r.ff1;
          s.layers[1].feedforward.density = r.ff2;
          s.layers[0].recurrent.interDensity = r.inter;
          s.layers[1].recurrent.interDensity = r.inter;
          const t = withCore({ maxInputAxons: r.axons, synapseMemoryBits: r.words * 64 });
          const d = checkSpecFanIn(s, t);
          if (d.length === 0) return;
          const codes = mapperCodes(s, t);
          expect(codes.some((c) => c === 'SNNC3002' || c === 'SNNC3003'), `${JSON.stringify(r)}: ${d[0].message}; mapper: ${codes}`).to.equal(true);
        },
      ),
      { numRuns: 120, seed: 11 },
    );
  });

  // a graph spec: input -> h (random, or dense), h -> h (random, no self), h -> out (oneToOne-free explicit)
  const neuron = { model: 'cuba' as const, alphaU: 0.5, alphaV: 0.9, vth: 1 };
  const graph = (r: { nIn: number; nH: number; ff: number; rec: number; dense?: number[][]; seed?: number }): GraphSpec => ({
    irVersion: '1.0', kind: 'graph', name: 'g', seed: r.seed ?? 1, timesteps: 4,
    populations: [{ id: 'in', kind: 'input', size: r.nIn }, { id: 'h', kind: 'neuron', size: r.nH, neuron }, { id: 'out', kind: 'neuron', size: 2, neuron }],
    projections: [
      r.dense
        ? { id: 'ff', source: 'in', target: 'h', connectivity: { type: 'dense', weights: r.dense } }
        : { id: 'ff', source: 'in', target: 'h', connectivity: { type: 'random', density: r.ff, weight: { dist: 'constant', value: 1 } } },
      { id: 'rec', source: 'h', target: 'h', connectivity: { type: 'random', density: r.rec, weight: { dist: 'constant', value: 0.1 } } },
      { id: 'ro', source: 'h', target: 'out', connectivity: { type: 'explicit', pre: [0, 1], post: [0, 1], weight: [1, 1] } },
    ],
  }) as GraphSpec;

  it('graph specs too: a random projection of 30,000 inputs at 0.3 into 2,000 neurons is refused before expansion at the source\'s size; dense rows count their nonzero entries', () => {
    const t0 = Date.now();
    const r = compile({ document: graph({ nIn: 30000, nH: 2000, ff: 0.3, rec: 0 }), name: 'g.json' }, 'loihi2', { stage: 'placement' });
    expect(Date.now() - t0).to.be.below(3000);
    expect(r.graph).to.equal(undefined);
    expect(r.diagnostics.map((d) => [d.code, d.file, d.pointer])).to.deep.equal([[SPEC_FANIN_CODE, 'g.json', '/populations/0/size']]); // before: SNNC3002 after expanding 18M synapses
    expect(r.diagnostics[0].message).to.contain('a neuron of "h" would have at least');
    expect(r.diagnostics[0].fix).to.match(/^set \/populations\/0\/size to \d+ or less \(now 30000\)/);
    // dense: the fewest nonzero entries of a row (a lower bound for every neuron): rows of 11 and one
    // of 16 fit 16 input axons; rows of 17 (one of 22) do not
    const row = (k: number) => Array.from({ length: 40 }, (_, j) => (j < k ? 1 : 0));
    const dense = (k: number) => graph({ nIn: 40, nH: 4, ff: 0, rec: 0, dense: [row(k), row(k), row(k + 5), row(k)] });
    expect(checkSpecFanIn(dense(11), withCore({ maxInputAxons: 16 }))).to.deep.equal([]);
    expect(mapperCodes(dense(11), withCore({ maxInputAxons: 16 }))).to.not.include('SNNC3002');
    const d = checkSpecFanIn(dense(17), withCore({ maxInputAxons: 16 }), 'g.json');
    expect(d.map((x) => [x.code, x.pointer])).to.deep.equal([[SPEC_FANIN_CODE, '/projections/0/connectivity/weights']]);
    expect(mapperCodes(dense(17), withCore({ maxInputAxons: 16 }))).to.include('SNNC3002');
  });

  it('property, graph specs: whatever it refuses, the mapper refuses after expanding', () => {
    let refused = 0;
    fc.assert(
      fc.property(
        fc.record({
          nIn: fc.integer({ min: 4, max: 400 }), nH: fc.integer({ min: 4, max: 120 }),
          ff: fc.double({ min: 0.05, max: 1, noNaN: true }), rec: fc.double({ min: 0, max: 1, noNaN: true }),
          axons: fc.integer({ min: 8, max: 300 }), words: fc.integer({ min: 8, max: 400 }), seed: fc.integer({ min: 0, max: 1000 }),
        }),
        (r) => {
          const s = graph(r);
          const t = withCore({ maxInputAxons: r.axons, synapseMemoryBits: r.words * 64 });
          const d = checkSpecFanIn(s, t);
          if (d.length === 0) return;
          refused++;
          const codes = mapperCodes(s, t);
          expect(codes.some((c) => c === 'SNNC3002' || c === 'SNNC3003'), `${JSON.stringify(r)}: ${d[0].message}; mapper: ${codes}`).to.equal(true);
        },
      ),
      { numRuns: 120, seed: 12 },
    );
    expect(refused, 'cases the estimate refused (14 of 120 at seed 12)').to.be.greaterThan(10);
  });

  it('a 65,535-neuron layer before a density of 0.3 is refused in well under a second at its size, not after expanding 216M synapses', () => {
    const s = small();
    s.layers[0].size = 65535;
    const t0 = Date.now();
    const r = compile({ document: s, name: 'big.json' }, 'loihi2', { stage: 'placement' });
    expect(Date.now() - t0).to.be.below(3000);
    expect(r.graph).to.equal(undefined);
    expect(r.diagnostics.map((d) => [d.code, d.pointer])).to.deep.equal([[SPEC_FANIN_CODE, '/layers/0/size']]);
    expect(r.diagnostics[0].fix).to.match(/^set \/layers\/0\/size to \d+ or less \(now 65535\)/);
    // validate and inspect do not place: no refusal there
    expect(checkSpecFanIn(small(), read('targets/loihi2.json'))).to.deep.equal([]);
  });
});
