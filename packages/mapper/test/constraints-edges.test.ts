import { expect } from 'chai';
import { constraintsFromJson, mapNetwork, type PlacementConstraints } from '../src/index.js';
import { makeNetwork, makeTarget, SMALL_LIMITS, type TargetLimits } from './helpers.js';

/**
 * The edges of constraint resolution (constraints.ts, docs/mapper.md §9), found by mutation: an
 * entry one past the system (chip = chips available, core range ending at the core count, core
 * location x = meshX) must be refused, not silently dropped or turned into another core; and a
 * pin's free cores are its cores less the avoided ones.
 */
// 4 chips x 8 cores (2 x 2 tiles of 2 cores), 8 neurons per core
const LIMITS: TargetLimits = { ...SMALL_LIMITS, maxCompartments: 8, synapseMemoryBits: 2048 };
const TOTAL = 32;

describe('constraints: one past the system is refused, avoided cores leave a pin', function () {
  this.timeout(30_000);
  const target = makeTarget(LIMITS);
  const net = makeNetwork({ sizes: [4, 20, 10], seed: 1, projections: [{ source: 0, target: 1, density: 0.5, weightBits: 4, delay: 1, plasticity: 'none' }, { source: 1, target: 2, density: 0.3, weightBits: 4, delay: 1, plasticity: 'none' }] });
  const run = (c: PlacementConstraints) => mapNetwork(net, target, { strategy: 'sequential', constraints: c });

  it('an avoided chip equal to the number of chips is refused at /chips/i (a chip >= chips was dropped in silence)', () => {
    const r = run({ avoidChips: [1, 4] });
    expect(r.placement).to.equal(undefined);
    expect(r.diagnostics[0]).to.include({ code: 'SNNC3071', pointer: '/chips/1', found: '4', expected: '0..3' });
    // the last chip itself is a chip of the system
    const ok = run({ avoidChips: [3] });
    expect(ok.diagnostics).to.deep.equal([]);
    for (const c of ok.placement!.cores) expect(c.chip).to.not.equal(3);
  });

  it('a pinned core range ending at the core count is refused; ending at the last core is not', () => {
    const r = run({ pins: [{ population: 'p1', cores: [[28, TOTAL]] }] });
    expect(r.placement).to.equal(undefined);
    expect(r.diagnostics[0]).to.include({ code: 'SNNC3073', pointer: '/pins/0/cores/0', found: `[28, ${TOTAL}]` });
    const ok = run({ pins: [{ population: 'p1', cores: [[28, TOTAL - 1]] }] });
    expect(ok.diagnostics).to.deep.equal([]);
    const used = ok.placement!.neuronCore[1];
    for (const c of used) expect(ok.placement!.cores[c].id).to.be.within(28, TOTAL - 1);
  });

  it('a pinned chip equal to the number of chips is refused at /pins/i/chips/j; the last chip is pinnable', () => {
    const r = run({ pins: [{ population: 'p1', chips: [4] }] });
    expect(r.placement).to.equal(undefined);
    expect(r.diagnostics[0]).to.include({ code: 'SNNC3073', pointer: '/pins/0/chips/0', found: '4', expected: '0..3' });
    const ok = run({ pins: [{ population: 'p1', chips: [3] }] });
    expect(ok.diagnostics).to.deep.equal([]);
    for (const c of ok.placement!.neuronCore[1]) expect(ok.placement!.cores[c].chip).to.equal(3);
  });

  it('a single-core pin range [a, a] allows exactly core a', () => {
    // p2: 10 neurons, 8 per core: 2 cores; pinned to [6, 6] and [9, 9]
    const r = run({ pins: [{ population: 'p2', cores: [[6, 6], [9, 9]] }] });
    expect(r.diagnostics).to.deep.equal([]);
    const ids = new Set(Array.from(r.placement!.neuronCore[2], (c) => r.placement!.cores[c].id));
    expect([...ids].sort((a, b) => a - b)).to.deep.equal([6, 9]);
  });

  it('a pin\'s free cores exclude the avoided ones: p1 (3 cores) pinned to 0-3 with 0 and 1 avoided is refused, SNNC3074 found 3, have 2', () => {
    const r = run({ pins: [{ population: 'p1', cores: [[0, 3]] }], avoidCores: [0, 1] });
    expect(r.placement).to.equal(undefined);
    expect(r.diagnostics[0]).to.include({ code: 'SNNC3074', pointer: '/pins/0', found: '3', expected: '<= 2 cores (the pin\'s chips and core ranges, less avoided cores)' });
    // no other pin takes any: the two lost cores are the avoided ones, and it says so
    expect(r.diagnostics[0].message).to.equal('p1 needs at least 3 cores, but its pin allows 2 free cores (not avoided)');
    // with one avoided core p1 fits in the three left, none of them avoided
    const ok = run({ pins: [{ population: 'p1', cores: [[0, 3]] }], avoidCores: [0] });
    expect(ok.diagnostics).to.deep.equal([]);
    const ids = new Set(Array.from(ok.placement!.neuronCore[1], (c) => ok.placement!.cores[c].id));
    expect([...ids].sort((a, b) => a - b)).to.deep.equal([1, 2, 3]);
  });

  it('a core location one past its chip, tile row, tile column or tile is refused at its field, never read as another core', () => {
    const doc = (c: object) => JSON.stringify({ constraintsVersion: '1.0', cores: [c] });
    const read = (c: object) => constraintsFromJson(doc(c), target, 'c.json');
    expect(read({ chip: 4, x: 0, y: 0, coreInTile: 0 }).diagnostics[0]).to.include({ code: 'SNNC3071', pointer: '/cores/0/chip', found: '4', expected: '0..3' });
    expect(read({ chip: 0, x: 2, y: 0, coreInTile: 0 }).diagnostics[0]).to.include({ code: 'SNNC3071', pointer: '/cores/0/x', found: '2', expected: '0..1' });
    expect(read({ chip: 0, x: 0, y: 2, coreInTile: 0 }).diagnostics[0]).to.include({ code: 'SNNC3071', pointer: '/cores/0/y', found: '2', expected: '0..1' });
    expect(read({ chip: 0, x: 0, y: 0, coreInTile: 2 }).diagnostics[0]).to.include({ code: 'SNNC3071', pointer: '/cores/0/coreInTile', found: '2', expected: '0..1' });
    // the last of each is a core: chip 3, tile (1, 1), core 1 = 3 * 8 + (1 * 2 + 1) * 2 + 1 = 31;
    // tile (1, 0) core 0 of chip 0 is core 2, tile (0, 1) core 1 is core 5 (x and y not swapped)
    const ok = constraintsFromJson(JSON.stringify({ constraintsVersion: '1.0', cores: [{ chip: 3, x: 1, y: 1, coreInTile: 1 }, { chip: 0, x: 1, y: 0, coreInTile: 0 }, { chip: 0, x: 0, y: 1, coreInTile: 1 }] }), target);
    expect(ok.diagnostics).to.deep.equal([]);
    expect(ok.constraints!.avoidCores).to.deep.equal([31, 2, 5]);
  });
});
