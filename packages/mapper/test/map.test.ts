import { expect } from 'chai';
import fc from 'fast-check';
import { coreLowerBound, mapNetwork, placementFromJson, placementToJson, type Strategy } from '../src/index.js';
import { violations } from './check.js';
import { makeNetwork, makeTarget, SMALL_LIMITS, netShapeArb, type NetShape, type TargetLimits } from './helpers.js';

const STRATEGIES: Strategy[] = ['sequential', 'locality'];

const shapeArb: fc.Arbitrary<NetShape> = netShapeArb({ maxSize: 24, minPops: 2, maxPops: 5, minDensity: 0, maxDensity: 0.6, maxDelay: 3, maxProjections: 6, plasticities: ['none', 'threeFactor', 'delta'] });

const limitsArb: fc.Arbitrary<TargetLimits> = fc.record({
  meshX: fc.integer({ min: 1, max: 3 }), meshY: fc.integer({ min: 1, max: 3 }), coresPerTile: fc.integer({ min: 1, max: 4 }),
  maxChips: fc.integer({ min: 1, max: 4 }), chipsX: fc.integer({ min: 1, max: 2 }), chipsY: fc.integer({ min: 1, max: 2 }),
  maxCompartments: fc.integer({ min: 1, max: 32 }), maxInputAxons: fc.integer({ min: 4, max: 96 }),
  maxOutputAxons: fc.integer({ min: 2, max: 64 }), synapseMemoryBits: fc.integer({ min: 256, max: 8192 }),
  synapseWordBits: fc.constantFrom(16, 32, 64), learningStateBits: fc.integer({ min: 0, max: 512 }),
  perNeuronStateBits: fc.integer({ min: 0, max: 64 }), axonBlockOverheadBits: fc.integer({ min: 0, max: 16 }),
  indexBits: fc.integer({ min: 4, max: 13 }), denseFormat: fc.boolean(),
});

/**
 * Whether one neuron per core is a feasible placement: every neuron fits an empty core alone,
 * its distinct targets fit the output axons, and there are enough cores. When it is, the mapper
 * must not fail ("never fail when a feasible placement exists").
 */
function trivialFeasible(shape: NetShape, l: TargetLimits): boolean {
  const net = makeNetwork(shape);
  const neurons = shape.sizes.slice(1).reduce((a, b) => a + b, 0);
  const cores = Math.min(l.maxChips, l.chipsX * l.chipsY) * l.meshX * l.meshY * l.coresPerTile;
  if (neurons > cores) return false;
  const plastic = new Set(net.projections.filter((q) => q.plasticity !== 'none').map((q) => q.target));
  for (let p = 1; p < shape.sizes.length; p++) {
    if (plastic.has(p) && l.perNeuronStateBits > l.learningStateBits) return false;
    for (let n = 0; n < shape.sizes[p]; n++) {
      const sources = new Set<string>();
      let bits = 0;
      for (const pr of net.projections) {
        if (pr.target !== p) continue;
        const per = pr.weightBits + (pr.delay > 1 ? 3 : 0) + (pr.plasticity !== 'none' ? 8 : 0);
        for (let e = 0; e < pr.pre.length; e++) {
          if (pr.post[e] !== n) continue;
          sources.add(`${pr.source}:${pr.pre[e]}`);
          const sparse = Math.ceil((per + l.indexBits + l.axonBlockOverheadBits) / l.synapseWordBits) * l.synapseWordBits;
          const dense = Math.ceil((per + l.axonBlockOverheadBits) / l.synapseWordBits) * l.synapseWordBits;
          bits += l.denseFormat ? Math.min(sparse, dense) : sparse;
        }
      }
      if (sources.size > l.maxInputAxons || bits > l.synapseMemoryBits) return false;
    }
    for (let j = 0; j < shape.sizes[p]; j++) {
      const targets = new Set<string>();
      for (const pr of net.projections) {
        if (pr.source !== p) continue;
        for (let e = 0; e < pr.pre.length; e++) if (pr.pre[e] === j) targets.add(`${pr.target}:${pr.post[e]}`);
      }
      if (targets.size > l.maxOutputAxons) return false;
    }
  }
  return true;
}

describe('mapNetwork: properties', function () {
  this.timeout(60_000);

  it('every placement is complete, within every limit and routed; failures only when needed', () => {
    let placed = 0;
    fc.assert(
      fc.property(shapeArb, limitsArb, fc.constantFrom(...STRATEGIES), (shape, limits, strategy) => {
        const net = makeNetwork(shape);
        const target = makeTarget(limits);
        const r = mapNetwork(net, target, { strategy, seed: 7 });
        if (!r.placement) {
          expect(r.diagnostics.length, 'a failure says why').to.be.greaterThan(0);
          for (const d of r.diagnostics) expect(d.code).to.match(/^SNNC30(0[1-6]|10)$/);
          expect(trivialFeasible(shape, limits), `failed although one neuron per core fits: ${r.diagnostics[0].message}`).to.equal(false);
          return;
        }
        placed++;
        expect(violations(net, target, r.placement)).to.equal('');
        // coreLowerBound is a true bound: no placement uses fewer cores
        expect(r.placement.cores.length).to.be.at.least(coreLowerBound(net, target).bound!.cores);
        expect(r.placement.metrics.cores).to.be.at.least(r.placement.metrics.lowerBoundStrict ?? 0);
      }),
      { numRuns: 250, seed: 4242 },
    );
    expect(placed, 'enough cases are feasible to mean something').to.be.greaterThan(60);
  });

  it('is deterministic for a seed and round-trips through JSON byte for byte', () => {
    fc.assert(
      fc.property(shapeArb, fc.constantFrom(...STRATEGIES), (shape, strategy) => {
        const net = makeNetwork(shape);
        const target = makeTarget(SMALL_LIMITS);
        const a = mapNetwork(net, target, { strategy, seed: 3 });
        const b = mapNetwork(makeNetwork(shape), target, { strategy, seed: 3 });
        if (!a.placement) { expect(b.placement).to.equal(undefined); return; }
        const text = placementToJson(a.placement);
        expect(placementToJson(b.placement!)).to.equal(text);
        const back = placementFromJson(text);
        expect(back.diagnostics).to.deep.equal([]);
        expect(placementToJson(back.placement!)).to.equal(text);
      }),
      { numRuns: 40, seed: 99 },
    );
  });

  it('a malformed placement file is located by its schema (schemas/placement.schema.json): SNNC3060 at the field', () => {
    const p = mapNetwork(makeNetwork({ sizes: [4, 4], seed: 1, projections: [] }), makeTarget(SMALL_LIMITS), { strategy: 'sequential' }).placement!;
    const doc = JSON.parse(placementToJson(p));
    const edit = (f: (d: any) => void) => { const d = structuredClone(doc); f(d); return placementFromJson(JSON.stringify(d), 'p.json').diagnostics; };
    expect(edit(() => {})).to.deep.equal([]);
    expect(edit((d) => { d.neuronSlot[1][2] = 1.5; })[0]).to.include({ code: 'SNNC3060', pointer: '/neuronSlot/1/2', file: 'p.json' });
    expect(edit((d) => { delete d.cores[0].x; })[0]).to.include({ code: 'SNNC3060', pointer: '/cores/0/x' });
    expect(edit((d) => { d.network = 7; })[0]).to.include({ code: 'SNNC3060', pointer: '/network' });
    expect(edit((d) => { d.traffic = { from: [] }; })[0]).to.include({ code: 'SNNC3060' });
    expect(edit((d) => { d.usage.push({ ...d.usage[0] }); })[0]).to.include({ code: 'SNNC3060', pointer: '/usage' });
    expect(edit((d) => { d.placementVersion = '0.9'; })[0]).to.include({ code: 'SNNC3061' });
    // the fields `snnc report` prints: a null bound crashed it (exit 70), an empty metrics object
    // or a string count was drawn as "undefined cores" and "[object Object]" with exit 0
    expect(edit((d) => { d.lowerBounds.compartments = null; })[0]).to.include({ code: 'SNNC3060', pointer: '/lowerBounds/compartments' });
    expect(edit((d) => { d.metrics = {}; })[0]).to.include({ code: 'SNNC3060', pointer: '/metrics/cores' });
    expect(edit((d) => { d.metrics.trafficWeighting = 'hops'; })[0]).to.include({ code: 'SNNC3060', pointer: '/metrics/trafficWeighting' });
    expect(edit((d) => { d.usage[0].compartments = 'x'; })[0]).to.include({ code: 'SNNC3060', pointer: '/usage/0/compartments' });
    expect(edit((d) => { d.capacity.synapseBits = {}; })[0]).to.include({ code: 'SNNC3060', pointer: '/capacity/synapseBits' });
    expect(edit((d) => { d.populations[0].cores = -1; })[0]).to.include({ code: 'SNNC3060', pointer: '/populations/0/cores' });
    // a ratio the writer could not hold (Infinity) is null in the file, and reads back
    expect(edit((d) => { d.metrics.coresToBound = null; d.metrics.maxUtilisation.compartments = null; })).to.deep.equal([]);
    // what the schema cannot say: the cores lie in the mesh, at their ids; neurons in the cores
    expect(edit((d) => { d.mesh.meshX = -1; })[0]).to.include({ code: 'SNNC3060', pointer: '/mesh/meshX' });
    expect(edit((d) => { d.mesh.coresPerChip += 1; })[0]).to.include({ code: 'SNNC3060', pointer: '/mesh/coresPerChip' });
    // a target's limits (the report draws every core of every used chip: a 100 KB file made a 100 MB page)
    const huge = (d: any) => Object.assign(d.mesh, { meshX: 64, meshY: 64, coresPerTile: 64, coresPerChip: 64 ** 3, chipsX: 100, chipsY: 100, chipsAvailable: 10000 });
    expect(edit(huge)[0]).to.include({ code: 'SNNC3060', pointer: '/mesh/chipsAvailable', found: String(10000 * 64 ** 3) });
    expect(edit((d) => { huge(d); d.mesh.coresPerTile = 65; })[0]).to.include({ code: 'SNNC3060', pointer: '/mesh/coresPerTile' });
    expect(edit((d) => { d.cores[0].chip = 1e9; })[0]).to.include({ code: 'SNNC3060', pointer: '/cores/0/chip' });
    expect(edit((d) => { d.cores[0].y = d.mesh.meshY; })[0]).to.include({ code: 'SNNC3060', pointer: '/cores/0/y' });
    expect(edit((d) => { d.cores[0].id += 1; })[0]).to.include({ code: 'SNNC3060', pointer: '/cores/0/id' });
    expect(edit((d) => { d.neuronCore[1][0] = d.cores.length; })[0]).to.include({ code: 'SNNC3060', pointer: '/neuronCore/1/0' });
    // per core, what usage counts is what neuronCore places there, on slots 0..n-1 each used once
    // (before: a report of the file's usage, and duplicated slots found only by compile, SNNC4102)
    expect(edit((d) => { d.usage[0].compartments += 1; })[0]).to.include({ code: 'SNNC3060', pointer: '/usage/0/compartments' });
    expect(edit((d) => { d.neuronSlot[1][1] = d.neuronSlot[1][0]; })[0]).to.include({ code: 'SNNC3060', pointer: '/neuronSlot/1/1' });
    expect(edit((d) => { d.neuronSlot[1][0] = d.usage[d.neuronCore[1][0]].compartments; })[0]).to.include({ code: 'SNNC3060', pointer: '/neuronSlot/1/0' });
  });

  it('locality never uses more cores than sequential, and reports sequential\'s cores and hop traffic exactly', () => {
    let compared = 0;
    fc.assert(
      fc.property(shapeArb, limitsArb, (shape, limits) => {
        const net = makeNetwork(shape);
        const target = makeTarget(limits);
        const s = mapNetwork(net, target, { strategy: 'sequential' });
        const l = mapNetwork(net, target, { strategy: 'locality' });
        if (s.placement) expect(l.placement, 'locality places whatever sequential places').to.not.equal(undefined);
        if (!s.placement || !l.placement) return;
        compared++;
        const m = l.placement.metrics;
        expect(m.cores).to.be.at.most(s.placement.metrics.cores);
        expect(m.sequentialCores).to.equal(s.placement.metrics.cores);
        expect(m.sequentialHopTraffic).to.be.closeTo(s.placement.metrics.hopTraffic, 1e-6 * (1 + s.placement.metrics.hopTraffic));
        expect(m.coresToSequential).to.be.at.most(1);
        expect(m.coresToBound).to.be.at.least(1);
        expect(s.placement.metrics.sequentialCores, 'the baseline is reported by locality only').to.equal(undefined);
      }),
      { numRuns: 60, seed: 5 },
    );
    expect(compared).to.be.greaterThan(20);
  });
});
