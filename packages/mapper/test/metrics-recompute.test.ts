import { expect } from 'chai';
import fc from 'fast-check';
import { LIMIT_NAMES, mapNetwork, placementFromJson, placementToJson, type Placement, type Strategy } from '../src/index.js';
import type { LoweredNetwork, Target } from '@snnc/ir';
import { makeNetwork, makeTarget, SMALL_LIMITS, netShapeArb, type TargetLimits } from './helpers.js';

/**
 * Every metric of `snnc map --json` recomputed from its definition (docs/mapper.md §1, §5) out of
 * the network and the placement's neuron-to-core arrays alone, never from the mapper's own
 * accumulators: core-to-core traffic (weight = synapses a message reaches), hops on the global
 * tile grid, X-then-Y links, chips, the ratios to the bound, and the utilisation per limit.
 * Mutants of metrics.ts and mesh.ts (a swapped x/y, a lost host hop, a link direction, a min for a
 * max) passed every other mapper test but the slow example files.
 */
const LIMITS: TargetLimits = { ...SMALL_LIMITS, maxCompartments: 6, synapseMemoryBits: 2048, meshX: 3, meshY: 2, chipsX: 2, chipsY: 2, maxChips: 4 };
const isInput = (p: LoweredNetwork['populations'][number]) => p.role === 'input' || p.model === 'input';

interface Expected {
  pairs: Map<string, number>;
  host: number[];
  intra: number;
}

/** Core-to-core traffic of the definition: per synapse, its weight 1 goes from its source's core to its target's. */
function expectedTraffic(net: LoweredNetwork, pl: Placement): Expected {
  const pairs = new Map<string, number>();
  const host = new Array(pl.cores.length).fill(0);
  let intra = 0;
  for (const pr of net.projections) {
    for (let e = 0; e < pr.pre.length; e++) {
      const b = pl.neuronCore[pr.target][pr.post[e]];
      if (isInput(net.populations[pr.source])) { host[b]++; continue; }
      const a = pl.neuronCore[pr.source][pr.pre[e]];
      if (a === b) { intra++; continue; }
      pairs.set(`${a}>${b}`, (pairs.get(`${a}>${b}`) ?? 0) + 1);
    }
  }
  return { pairs, host, intra };
}

function checkMetrics(net: LoweredNetwork, target: Target, pl: Placement): void {
  const { meshX, meshY } = target.chip;
  const { chipsX } = target.system;
  const gridX = chipsX * meshX;
  const perChip = meshX * meshY * target.chip.coresPerTile;
  const gx = pl.cores.map((c) => (c.chip % chipsX) * meshX + c.x);
  const gy = pl.cores.map((c) => Math.floor(c.chip / chipsX) * meshY + c.y);
  const m = pl.metrics;
  const ex = expectedTraffic(net, pl);
  // the traffic list is the definition's
  const t = pl.traffic!;
  const listed = new Map<string, number>();
  for (let e = 0; e < t.from.length; e++) listed.set(`${t.from[e]}>${t.to[e]}`, t.weight[e]);
  expect(Object.fromEntries(listed), 'traffic').to.deep.equal(Object.fromEntries(ex.pairs));
  expect(Array.from(t.host), 'host traffic').to.deep.equal(ex.host);
  expect(m.intraCoreSpikes).to.equal(ex.intra);
  // sums over it
  let inter = 0, interChip = 0, hops = 0, hostSpikes = 0, hostHops = 0;
  const load = new Map<string, number>();
  const add = (x: number, y: number, dir: number, w: number) => load.set(`${x},${y},${dir}`, (load.get(`${x},${y},${dir}`) ?? 0) + w);
  const route = (x1: number, y1: number, x2: number, y2: number, w: number) => {
    for (let x = x1; x !== x2; x += x < x2 ? 1 : -1) add(x, y1, x < x2 ? 0 : 1, w);
    for (let y = y1; y !== y2; y += y < y2 ? 1 : -1) add(x2, y, y < y2 ? 2 : 3, w);
  };
  for (const [key, w] of ex.pairs) {
    const [a, b] = key.split('>').map(Number);
    inter += w;
    if (pl.cores[a].chip !== pl.cores[b].chip) interChip += w;
    hops += w * (Math.abs(gx[a] - gx[b]) + Math.abs(gy[a] - gy[b]));
    route(gx[a], gy[a], gx[b], gy[b], w);
  }
  ex.host.forEach((w, b) => {
    if (w === 0) return;
    hostSpikes += w;
    hostHops += w * (1 + gx[b] + gy[b]);
    route(0, 0, gx[b], gy[b], w);
  });
  expect(m.interCoreSpikes, 'interCoreSpikes').to.equal(inter);
  expect(m.interChipSpikes, 'interChipSpikes').to.equal(interChip);
  expect(m.hopTraffic, 'hopTraffic').to.equal(hops);
  expect(m.hostSpikes, 'hostSpikes').to.equal(hostSpikes);
  expect(m.hostHopTraffic, 'hostHopTraffic').to.equal(hostHops);
  // links: every loaded directed link, in index order 4 * (gy * gridX + gx) + dir
  const links = [...load].map(([k, w]) => { const [x, y, dir] = k.split(',').map(Number); return { x, y, dir, w }; })
    .sort((p, q) => (4 * (p.y * gridX + p.x) + p.dir) - (4 * (q.y * gridX + q.x) + q.dir));
  const l = pl.links!;
  expect(Array.from(l.x), 'links x').to.deep.equal(links.map((z) => z.x));
  expect(Array.from(l.y), 'links y').to.deep.equal(links.map((z) => z.y));
  expect(Array.from(l.dir), 'links dir').to.deep.equal(links.map((z) => z.dir));
  expect(Array.from(l.load), 'links load').to.deep.equal(links.map((z) => z.w));
  expect(l.hostLink).to.equal(hostSpikes);
  expect(m.maxLinkLoad, 'maxLinkLoad').to.equal(Math.max(0, ...links.map((z) => z.w)));
  // a link between chips: east out of the last tile column of a chip, west out of the first, ...
  const crosses = (z: { x: number; y: number; dir: number }) =>
    z.dir === 0 ? (z.x + 1) % meshX === 0 : z.dir === 1 ? z.x % meshX === 0 : z.dir === 2 ? (z.y + 1) % meshY === 0 : z.y % meshY === 0;
  expect(m.maxInterChipLinkLoad, 'maxInterChipLinkLoad').to.equal(Math.max(0, ...links.filter(crosses).map((z) => z.w)));
  // cores, chips, bound ratios
  expect(m.cores).to.equal(pl.cores.length);
  expect(m.chips, 'chips').to.equal(new Set(pl.cores.map((c) => Math.floor(c.id / perChip))).size);
  expect(m.lowerBoundChips, 'lowerBoundChips').to.equal(Math.ceil(m.lowerBound / perChip));
  expect(m.coresToBound, 'coresToBound').to.equal(Math.round((pl.cores.length / m.lowerBound) * 10000) / 10000);
  expect(m.lowerBound).to.be.at.most(pl.cores.length);
  expect(m.lowerBoundInOrder!).to.be.at.least(m.lowerBound);
  // the bound in population order (§3): per limit ceil(demand / capacity), the largest of them
  // (and of the certified bound); axon demand: each neuron's distinct targets over maxCompartments
  const C = target.core.maxCompartments;
  const targetsOf = new Map<string, Set<string>>();
  for (const pr of net.projections) {
    for (let e = 0; e < pr.pre.length; e++) {
      const key = `${pr.source}:${pr.pre[e]}`;
      if (!targetsOf.has(key)) targetsOf.set(key, new Set());
      targetsOf.get(key)!.add(`${pr.target}:${pr.post[e]}`);
    }
  }
  let inAx = 0, outAx = 0;
  for (const [key, set] of targetsOf) {
    const spread = Math.ceil(set.size / C);
    inAx += spread;
    if (!isInput(net.populations[Number(key.split(':')[0])])) outAx += spread;
  }
  const lb = pl.lowerBounds!;
  expect(lb.inputAxons.demand, 'inputAxons demand').to.equal(inAx);
  expect(lb.outputAxons.demand, 'outputAxons demand').to.equal(outAx);
  let inOrder = m.lowerBound;
  for (const name of LIMIT_NAMES) {
    const d = lb[name].demand!;
    const capacity = name === 'compartments' ? C : name === 'inputAxons' ? target.core.maxInputAxons : name === 'outputAxons' ? target.core.maxOutputAxons
      : name === 'synapseBits' ? target.core.synapseMemoryBits : target.core.learningStateBits;
    expect(lb[name].inOrder, `${name} inOrder`).to.equal(d === 0 ? 0 : Math.ceil(d / capacity));
    inOrder = Math.max(inOrder, lb[name].inOrder!);
  }
  expect(m.lowerBoundInOrder, 'lowerBoundInOrder').to.equal(inOrder);
  // utilisation: the highest used / capacity of any core, per limit
  const cap: Record<string, number> = {
    compartments: target.core.maxCompartments, inputAxons: target.core.maxInputAxons, outputAxons: target.core.maxOutputAxons,
    synapseBits: target.core.synapseMemoryBits, learningStateBits: target.core.learningStateBits,
  };
  for (const name of LIMIT_NAMES) {
    expect(m.maxUtilisation![name], `maxUtilisation.${name}`).to.equal(Math.max(...pl.usage.map((u) => u[name] / cap[name])));
    expect(m.maxUtilisation![name]).to.be.at.most(1);
  }
}

describe('placement metrics recomputed from their definitions (docs/mapper.md §5)', function () {
  this.timeout(60_000);
  const target = makeTarget(LIMITS);

  it('a hand-sized network over several chips: every metric as defined', () => {
    // 3 x 2 tiles of 2 cores per chip, 6 neurons per core: 100 neurons over 17+ cores, 2+ chips
    const net = makeNetwork({ sizes: [5, 40, 30, 30], seed: 7, projections: [
      { source: 0, target: 1, density: 0.4, weightBits: 4, delay: 1, plasticity: 'none' },
      { source: 1, target: 2, density: 0.3, weightBits: 4, delay: 1, plasticity: 'none' },
      { source: 2, target: 3, density: 0.3, weightBits: 4, delay: 1, plasticity: 'delta' },
      { source: 3, target: 1, density: 0.2, weightBits: 4, delay: 2, plasticity: 'none' },
    ] });
    for (const strategy of ['sequential', 'locality'] as Strategy[]) {
      const r = mapNetwork(net, target, { strategy, seed: 1 });
      expect(r.diagnostics, strategy).to.deep.equal([]);
      const pl = r.placement!;
      expect(pl.metrics.chips, 'the case spans chips').to.be.at.least(2);
      expect(pl.metrics.interChipSpikes).to.be.greaterThan(0);
      checkMetrics(net, target, pl);
    }
  });

  it('a file of two chips side by side, or one above the other, loads as written: its links lie in the whole mesh (§7)', () => {
    const net = makeNetwork({ sizes: [5, 40, 30, 30], seed: 7, projections: [
      { source: 0, target: 1, density: 0.4, weightBits: 4, delay: 1, plasticity: 'none' },
      { source: 1, target: 2, density: 0.3, weightBits: 4, delay: 1, plasticity: 'none' },
      { source: 2, target: 3, density: 0.3, weightBits: 4, delay: 1, plasticity: 'none' },
    ] });
    // chips 0 and 1 are side by side (global tile x past meshX), chips 0 and 2 one above the other
    for (const [avoidChips, axis] of [[[2, 3], 'x'], [[1, 3], 'y']] as const) {
      const pl = mapNetwork(net, target, { strategy: 'sequential', constraints: { avoidChips: [...avoidChips] } }).placement!;
      checkMetrics(net, target, pl);
      const far = axis === 'x' ? Math.max(...pl.links!.x) >= LIMITS.meshX : Math.max(...pl.links!.y) >= LIMITS.meshY;
      expect(far, `a link on the second chip along ${axis}`).to.equal(true);
      expect(placementFromJson(placementToJson(pl)).diagnostics, axis).to.deep.equal([]);
    }
  });

  it('random networks, both strategies, some with cores avoided: every metric as defined', () => {
    const shapeArb = netShapeArb({ maxSize: 30, minPops: 2, maxPops: 4, minDensity: 0.05, maxDensity: 0.5, maxDelay: 3, maxProjections: 5, plasticities: ['none', 'delta'] });
    let placed = 0;
    fc.assert(fc.property(shapeArb, fc.constantFrom<Strategy>('sequential', 'locality'), fc.uniqueArray(fc.integer({ min: 0, max: 47 }), { maxLength: 6 }), (shape, strategy, avoid) => {
      const net = makeNetwork(shape);
      const r = mapNetwork(net, target, { strategy, seed: 3, constraints: { avoidCores: avoid } });
      if (!r.placement) return;
      placed++;
      checkMetrics(net, target, r.placement);
    }), { numRuns: 40, seed: 5 });
    expect(placed).to.be.greaterThan(20);
  });
});
