import { expect } from 'chai';
import fc from 'fast-check';
import { constraintsFromJson, mapNetwork, placementToJson, type PlacementConstraints, type PopulationPinOption, type Strategy } from '../src/index.js';
import { violations } from './check.js';
import { makeNetwork, makeTarget, SMALL_LIMITS, netShapeArb, type NetShape, type TargetLimits } from './helpers.js';

/**
 * User constraints (constraints.ts, docs/mapper.md §9): avoided cores and chips are never used,
 * no core holds more neurons than the cap, pinned populations stay where pinned, every placement
 * still satisfies every limit, and infeasible requests say which constraint, how much and the fix.
 */
const STRATEGIES: Strategy[] = ['sequential', 'locality'];

const shapeArb: fc.Arbitrary<NetShape> = netShapeArb({ maxSize: 30, minPops: 2, maxPops: 4, minDensity: 0, maxDensity: 0.5, maxDelay: 3, maxProjections: 5, plasticities: ['none', 'delta'] });

// a small system: 4 chips x 8 cores, tight cores so that networks spread over several
const LIMITS: TargetLimits = { ...SMALL_LIMITS, maxCompartments: 8, synapseMemoryBits: 2048 };
const TOTAL = 4 * 2 * 2 * 2;

function usedIds(p: { cores: { id: number }[] }): number[] {
  return p.cores.map((c) => c.id);
}

describe('mapNetwork: user constraints', function () {
  this.timeout(120_000);
  const target = makeTarget(LIMITS);

  it('no constraints and empty constraints give the same placement, byte for byte', () => {
    fc.assert(fc.property(shapeArb, fc.constantFrom(...STRATEGIES), (shape, strategy) => {
      const net = makeNetwork(shape);
      const a = mapNetwork(net, target, { strategy, seed: 1 });
      const b = mapNetwork(net, target, { strategy, seed: 1, constraints: { avoidCores: [], avoidChips: [], pins: [] } });
      expect(b.placement === undefined).to.equal(a.placement === undefined);
      if (a.placement) expect(placementToJson(b.placement!)).to.equal(placementToJson(a.placement));
    }), { numRuns: 40, seed: 3 });
  });

  it('no placement ever uses an avoided core or a core of an avoided chip', () => {
    let placed = 0;
    fc.assert(fc.property(shapeArb, fc.constantFrom(...STRATEGIES), fc.uniqueArray(fc.integer({ min: 0, max: TOTAL - 1 }), { maxLength: 20 }),
      fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { maxLength: 2 }), (shape, strategy, cores, chips) => {
        const net = makeNetwork(shape);
        const r = mapNetwork(net, target, { strategy, seed: 2, constraints: { avoidCores: cores, avoidChips: chips } });
        if (!r.placement) {
          for (const d of r.diagnostics) expect(d.code).to.match(/^SNNC30(0[1-6]|10|75)$/);
          return;
        }
        placed++;
        expect(violations(net, target, r.placement)).to.equal('');
        for (const id of usedIds(r.placement)) {
          expect(cores, `core ${id} is avoided`).to.not.include(id);
          expect(chips, `core ${id} is on an avoided chip`).to.not.include(Math.floor(id / 8));
        }
      }), { numRuns: 120, seed: 11 });
    expect(placed).to.be.greaterThan(40);
  });

  it('no core holds more neurons than --max-neurons-per-core, and the bound counts the cap', () => {
    let placed = 0;
    fc.assert(fc.property(shapeArb, fc.constantFrom(...STRATEGIES), fc.integer({ min: 1, max: 6 }), (shape, strategy, cap) => {
      const net = makeNetwork(shape);
      const r = mapNetwork(net, target, { strategy, constraints: { maxNeuronsPerCore: cap } });
      const neurons = shape.sizes.slice(1).reduce((a, b) => a + b, 0);
      if (!r.placement) {
        expect(r.diagnostics.map((d) => d.code)).to.satisfy((codes: string[]) => codes.every((c) => /^SNNC30(0[1-6]|75)$/.test(c)));
        return;
      }
      placed++;
      expect(violations(net, target, r.placement)).to.equal('');
      for (const u of r.placement.usage) expect(u.compartments).to.be.at.most(cap);
      expect(r.placement.metrics.lowerBound).to.be.at.least(Math.ceil(neurons / cap));
    }), { numRuns: 100, seed: 12 });
    expect(placed).to.be.greaterThan(40);
  });

  it('pinned populations are where pinned (chips or core ranges), the rest is unconstrained', () => {
    let placed = 0;
    const pinArb = fc.oneof(
      fc.record({ chips: fc.uniqueArray(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2 }) }),
      fc.record({ cores: fc.array(fc.tuple(fc.integer({ min: 0, max: TOTAL - 1 }), fc.integer({ min: 0, max: 12 })).map(([a, n]) => [a, Math.min(TOTAL - 1, a + n)] as [number, number]), { minLength: 1, maxLength: 2 }) }),
    );
    fc.assert(fc.property(shapeArb, fc.constantFrom(...STRATEGIES), pinArb, fc.nat(), fc.uniqueArray(fc.integer({ min: 0, max: TOTAL - 1 }), { maxLength: 6 }), (shape, strategy, where, which, avoid) => {
      const net = makeNetwork(shape);
      const p = 1 + (which % (shape.sizes.length - 1));
      const pin: PopulationPinOption = { population: net.populations[p].id, ...where };
      const r = mapNetwork(net, target, { strategy, seed: 5, constraints: { pins: [pin], avoidCores: avoid } });
      const allowed = new Set<number>();
      for (const chip of pin.chips ?? []) for (let c = 0; c < 8; c++) allowed.add(chip * 8 + c);
      for (const [a, b] of pin.cores ?? []) for (let c = a; c <= b; c++) allowed.add(c);
      for (const a of avoid) allowed.delete(a);
      if (!r.placement) {
        for (const d of r.diagnostics) expect(d.code).to.match(/^SNNC30(0[1-6]|10|7[345])$/);
        if (r.diagnostics.some((d) => d.code === 'SNNC3074')) expect(r.diagnostics[0].fix).to.match(/widen the pin/);
        return;
      }
      placed++;
      expect(violations(net, target, r.placement)).to.equal('');
      const ids = usedIds(r.placement);
      for (const c of r.placement.neuronCore[p]) expect(allowed.has(ids[c]), `core ${ids[c]} is outside the pin`).to.equal(true);
      for (const id of ids) expect(avoid).to.not.include(id);
    }), { numRuns: 120, seed: 13 });
    expect(placed).to.be.greaterThan(40);
  });

  it('infeasible requests name the constraint, the value and the fix', () => {
    const net = makeNetwork({ sizes: [4, 20, 10], seed: 1, projections: [{ source: 0, target: 1, density: 0.5, weightBits: 4, delay: 1, plasticity: 'none' }, { source: 1, target: 2, density: 0.3, weightBits: 4, delay: 1, plasticity: 'none' }] });
    const run = (c: PlacementConstraints) => mapNetwork(net, target, { strategy: 'sequential', constraints: c }).diagnostics;
    expect(run({ avoidCores: [TOTAL] })[0]).to.include({ code: 'SNNC3071', pointer: '/cores/0', found: String(TOTAL), expected: `0..${TOTAL - 1}` });
    expect(run({ avoidChips: [9] })[0]).to.include({ code: 'SNNC3071', pointer: '/chips/0' });
    expect(run({ maxNeuronsPerCore: 0 })[0]).to.include({ code: 'SNNC3072', pointer: '/maxNeuronsPerCore' });
    expect(run({ pins: [{ population: 'nope', chips: [0] }] })[0]).to.include({ code: 'SNNC3073', pointer: '/pins/0/population', found: 'nope' });
    expect(run({ pins: [{ population: 'in', chips: [0] }] })[0]).to.include({ code: 'SNNC3073' });
    expect(run({ pins: [{ population: 'p1', cores: [[5, 2]] }] })[0]).to.include({ code: 'SNNC3073', pointer: '/pins/0/cores/0' });
    // 30 neurons, at most 1 per core, 32 cores less 8 avoided: 30 > 24
    const cap = run({ maxNeuronsPerCore: 1, avoidChips: [3] })[0];
    expect(cap).to.include({ code: 'SNNC3075', found: '30', expected: '<= 24 cores' });
    expect(cap.fix).to.match(/raise --max-neurons-per-core \(now 1\)/).and.to.match(/avoid fewer cores/);
    // p1 (20 neurons, at most 8 per core) needs 3 cores; pinned to cores 0-1
    const pin = run({ pins: [{ population: 'p1', cores: [[0, 1]] }] })[0];
    expect(pin).to.include({ code: 'SNNC3074', pointer: '/pins/0', found: '3' });
    expect(pin.message).to.match(/p1 needs at least 3 cores, but its pin allows 2 free cores/);
    expect(pin.fix).to.match(/widen the pin of p1 to at least 3 free cores/);
    const empty = run({ pins: [{ population: 'p1', cores: [[0, 1]] }], avoidCores: [0, 1] })[0];
    expect(empty).to.include({ code: 'SNNC3073', pointer: '/pins/0' });
  });

  it('a system too small after avoiding points at what avoided the cores: /chips, /cores, or the whole file', () => {
    // before: always '/cores', a pointer into nothing when only chips were avoided
    const net = makeNetwork({ sizes: [4, 20, 10], seed: 1, projections: [{ source: 0, target: 1, density: 0.5, weightBits: 4, delay: 1, plasticity: 'none' }] });
    const run = (c: PlacementConstraints) => mapNetwork(net, target, { strategy: 'sequential', constraints: c }).diagnostics[0];
    const all = Array.from({ length: TOTAL }, (_, i) => i);
    expect(run({ avoidChips: [0, 1, 2, 3] })).to.include({ code: 'SNNC3075', pointer: '/chips', expected: '<= 0 cores' });
    expect(run({ avoidCores: all })).to.include({ code: 'SNNC3075', pointer: '/cores' });
    expect(run({ avoidChips: [0, 1], avoidCores: all.slice(TOTAL / 2) })).to.include({ code: 'SNNC3075', pointer: '' });
  });

  it('overlapping pins with no room: the refusal names the real shortfall, not a looser candidate packing\'s', () => {
    // p1 (16 neurons, 8 per core) fills its cores 0-1, leaving p2 (pinned to 1-2) one core; locality
    // reported the last candidate tried, packed in an interleaved order: "p1 needs at least 5 cores"
    const pr = (source: number, target: number, density: number) => ({ source, target, density, weightBits: 4, delay: 1, plasticity: 'none' as const });
    const net = makeNetwork({ sizes: [4, 16, 16, 4], seed: 1, projections: [pr(0, 1, 0.5), pr(1, 2, 0.3), pr(2, 1, 0.3), pr(1, 3, 0.3), pr(2, 3, 0.3)] });
    const pins = [{ population: 'p1', cores: [[0, 1]] as Array<[number, number]> }, { population: 'p2', cores: [[1, 2]] as Array<[number, number]> }];
    for (const strategy of STRATEGIES) {
      const r = mapNetwork(net, target, { strategy, constraints: { pins } });
      expect(r.placement, strategy).to.equal(undefined);
      expect(r.diagnostics[0], strategy).to.include({ code: 'SNNC3074', pointer: '/pins/1', found: '2', expected: '<= 1 cores (the pin\'s chips and core ranges, less avoided cores)' });
    }
  });

  it('overlapping pins with room are placed whatever their order (first-fit refused one order)', () => {
    // p1 (1 core) pinned to cores 0-1, p2 (2 cores) to {0, 2}: p1 on 1, p2 on 0 and 2 fits. Before,
    // with p1's pin listed first, first-fit put p1 on core 0 and refused p2: "SNNC3074 p2 needs at
    // least 2 cores, but its pin allows 1 free core"; listed the other way round it was placed
    const pr = (source: number, target: number, density: number) => ({ source, target, density, weightBits: 4, delay: 1, plasticity: 'none' as const });
    const net = makeNetwork({ sizes: [4, 4, 16], seed: 1, projections: [pr(0, 1, 0.5), pr(0, 2, 0.3), pr(1, 2, 0.3)] });
    const p1 = { population: 'p1', cores: [[0, 1]] as Array<[number, number]> };
    const p2 = { population: 'p2', cores: [[0, 0], [2, 2]] as Array<[number, number]> };
    for (const pins of [[p1, p2], [p2, p1]]) {
      for (const strategy of STRATEGIES) {
        const r = mapNetwork(net, target, { strategy, constraints: { pins } });
        expect(r.placement, `${pins[0].population} first, ${strategy}: ${r.diagnostics[0]?.message}`).to.not.equal(undefined);
        expect(violations(net, target, r.placement!)).to.equal('');
        const ids = usedIds(r.placement!);
        const on = (p: number) => [...new Set(Array.from(r.placement!.neuronCore[p], (c) => ids[c]))].sort();
        expect([on(1), on(2)]).to.deep.equal([[1], [0, 2]]);
      }
    }
  });

  it('200,000 refused entries: the first 10 one by one and one summary (it overflowed the call stack, exit 70)', () => {
    const net = makeNetwork({ sizes: [4, 20, 10], seed: 1, projections: [{ source: 0, target: 1, density: 0.5, weightBits: 4, delay: 1, plasticity: 'none' }] });
    const run = (c: PlacementConstraints) => mapNetwork(net, target, { strategy: 'sequential', constraints: c }).diagnostics;
    const cores = run({ avoidCores: Array.from({ length: 200_000 }, (_, i) => TOTAL + i) });
    expect(cores).to.have.length(11);
    expect(cores[10]).to.include({ code: 'SNNC3071', pointer: '/cores', found: '200000 refused entries in all' });
    expect(cores[10].message).to.match(/^199990 more entries of \/cores \(after the 10 above\) are refused like them/);
    const pins = run({ pins: Array.from({ length: 200_000 }, () => ({ population: 'nope', chips: [0] })) });
    expect(pins).to.have.length(11);
    expect(pins[10]).to.include({ code: 'SNNC3073', pointer: '/pins' });
  });

  it('the constraints file is checked against its schema and located (SNNC3070, SNNC3071)', () => {
    const ok = constraintsFromJson(JSON.stringify({ constraintsVersion: '1.0', chips: [1], cores: [3, { chip: 2, x: 1, y: 0, coreInTile: 1 }], maxNeuronsPerCore: 4, pins: [{ population: 'p1', cores: [[0, 7]] }] }), target, 'c.json');
    expect(ok.diagnostics).to.deep.equal([]);
    expect(ok.constraints).to.deep.equal({ avoidCores: [3, 2 * 8 + (0 * 2 + 1) * 2 + 1], avoidChips: [1], maxNeuronsPerCore: 4, pins: [{ population: 'p1', cores: [[0, 7]] }] });
    const bad = (doc: unknown) => constraintsFromJson(JSON.stringify(doc), target, 'c.json').diagnostics[0];
    expect(bad({ constraintsVersion: '1.0', cores: ['x'] })).to.include({ code: 'SNNC3070', file: 'c.json' }).and.have.property('pointer').that.match(/^\/cores\/0/);
    expect(bad({ constraintsVersion: '1.0', chips: [-1] })).to.include({ code: 'SNNC3070', pointer: '/chips/0' });
    expect(bad({ constraintsVersion: '1.0', maxNeuronsPerCore: 0 })).to.include({ code: 'SNNC3070', pointer: '/maxNeuronsPerCore' });
    expect(bad({ constraintsVersion: '1.0', pins: [{ chips: [0] }] })).to.include({ code: 'SNNC3070', pointer: '/pins/0/population' });
    expect(bad({ constraintsVersion: '1.0', extra: 1 })).to.include({ code: 'SNNC3070' });
    expect(bad({ cores: [] })).to.include({ code: 'SNNC3070', pointer: '/constraintsVersion' });
    expect(bad({ constraintsVersion: '1.0', cores: [{ chip: 0, x: 5, y: 0, coreInTile: 0 }] })).to.include({ code: 'SNNC3071', pointer: '/cores/0/x', found: '5' });
    expect(constraintsFromJson('{', target, 'c.json').diagnostics[0]).to.include({ code: 'SNNC3070', pointer: '' });
    // a chip past the system: before, refused later as the core id it gave ('found 127872' at /cores/0)
    expect(bad({ constraintsVersion: '1.0', cores: [{ chip: 999, x: 0, y: 0, coreInTile: 0 }] })).to.include({ code: 'SNNC3071', pointer: '/cores/0/chip', found: '999', expected: '0..3', fix: 'use chip below 4 (target /system/maxChips)' });
  });

  it('a repeated key or deep nesting in a constraints file is refused and located, like every JSON input', () => {
    // JSON.parse kept the last "cores" silently (core 1 was used), and 100,000 brackets overflowed the stack
    const dup = constraintsFromJson('{"constraintsVersion": "1.0", "cores": [1], "cores": [2]}', target, 'c.json');
    expect(dup.constraints).to.equal(undefined);
    expect(dup.diagnostics[0]).to.include({ code: 'SNNC1013', file: 'c.json', pointer: '/cores' });
    const deep = constraintsFromJson('{"constraintsVersion": "1.0", "cores": ' + '['.repeat(100_000) + ']'.repeat(100_000) + '}', target, 'c.json');
    expect(deep.diagnostics[0]).to.include({ code: 'SNNC1016', file: 'c.json' });
    const syntax = constraintsFromJson('{"constraintsVersion": "1.0",\n "cores": [1,]}', target, 'c.json').diagnostics[0];
    expect(syntax).to.include({ code: 'SNNC3070', pointer: '/cores' });
    expect(syntax.message).to.contain('line 2');
  });
});
