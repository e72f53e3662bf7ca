import { diag, hasErrors, pointerJoin, Rng, type Diagnostic } from '@snnc/common';
import type { LoweredNetwork, Target } from '@snnc/ir';
import { packWithOutputAxons, type PackResult } from './fanout.js';
import { FIRST_FIT_MAX_CELLS, heavyFirstOrder, packFirstFit } from './firstfit.js';
import { layoutCost, layoutLocality, layoutSequential, layoutSequentialConstrained, symmetrise } from './layout.js';
import { BOUND_LIMITS, certifiedBounds, type CertifiedBounds } from './certified.js';
import { classCapacity, classNames, resolveConstraints, type PlacementConstraints, type ResolvedConstraints } from './constraints.js';
import { checkSingleNeurons, distinctTargets, lowerBounds, LIMIT_NAMES, limitCapacity, type LimitName } from './limits.js';
import { Mesh } from './mesh.js';
import { buildMetrics, hopTrafficOf, routeTraffic } from './metrics.js';
import { segmentUsage, type SegmentUsage } from './packer.js';
import { INTERLEAVE_RANGES, interleavedOrder } from './interleave.js';
import { keepHeaviest, localityOrder } from './partition.js';
import { refineMoves, REFINE_MAX_CELLS } from './refine.js';
import { searchApplies, searchSmall } from './search.js';
import { PLACEMENT_VERSION, type CoreUsage, type Placement, type PopulationSummary } from './placement.js';
import { coreOfSegmentation, coreTraffic, permuteTraffic, type CoreTraffic } from './traffic.js';
import { buildView, type MapperView } from './view.js';

export type Strategy = 'sequential' | 'locality';
export const STRATEGIES: readonly Strategy[] = ['sequential', 'locality'];

export interface MapOptions {
  strategy: Strategy;
  /** seed of the partitioner's random choices (default: the network's seed) */
  seed?: number;
  /** per population: expected spikes per step of each neuron; absent = weight by synapse counts */
  activity?: Float64Array[];
  /** locality: above this many synapses only the partitioner's order is tried (default: no limit,
   *  so locality never uses more cores than sequential; a smaller value trades that for time) */
  maxSecondCandidateSynapses?: number;
  /** cores and chips to avoid, a cap on neurons per core, pins (constraints.ts, docs/mapper.md §9) */
  constraints?: PlacementConstraints;
  /** called as each phase starts (view, bounds, partition, packing, layout, finish): what a long run shows as progress */
  onPhase?: (phase: MapPhase) => void;
}

/** Packing is told per candidate order when there are several (at 1M neurons each takes seconds). */
export type MapPhase = 'view' | 'bounds' | 'partition' | 'packing' | `packing: order ${number} of ${number}` | 'layout' | 'finish';

export interface MapResult {
  placement?: Placement;
  diagnostics: Diagnostic[];
}

/**
 * Places every neuron of a lowered network on the cores of one or more chips (docs/mapper.md).
 *  sequential: compartment neurons in population order, each core filled until the next neuron
 *    would break a limit (the fill-in-order baseline), cores laid out in id order;
 *  locality: neurons ordered by recursive multilevel bisection of the synapse graph
 *    (partition.ts), packed along that order, cores laid out along a Hilbert curve and refined to
 *    shorten hop-weighted traffic (layout.ts).
 * Both pack with the exact per-core accounting of packer.ts and then split cores whose output
 * axons overflow (fanout.ts), so every placement returned satisfies every per-core limit. When a
 * neuron cannot fit even an empty core, or the cores exceed the system, no placement is returned
 * and the diagnostics say which population, which limit, how much, and the smallest fix.
 */
export function mapNetwork(network: LoweredNetwork, target: Target, opts: MapOptions): MapResult {
  return mapInner(network, target, opts);
}

function mapInner(network: LoweredNetwork, target: Target, opts: MapOptions): MapResult {
  const diagnostics: Diagnostic[] = [];
  if (!STRATEGIES.includes(opts.strategy)) {
    return { diagnostics: [diag('SNNC3020', `unknown mapping strategy '${String(opts.strategy)}'`, {
      pointer: '', expected: STRATEGIES.join(' | '), found: String(opts.strategy), fix: 'use --strategy sequential or --strategy locality',
    })] };
  }
  const phase = opts.onPhase ?? (() => {});
  phase('view');
  const built = buildView(network, target);
  diagnostics.push(...built.diagnostics);
  const view = built.view;
  if (!view || hasErrors(diagnostics)) return { diagnostics };
  const rate = flattenActivity(view, opts.activity, diagnostics);
  diagnostics.push(...checkSingleNeurons(view));
  if (hasErrors(diagnostics)) return { diagnostics };

  const mesh = new Mesh(target);
  const rc = resolveConstraints(view, mesh, opts.constraints);
  diagnostics.push(...rc.diagnostics);
  if (!rc.resolved || hasErrors(diagnostics)) return { diagnostics };
  const con = rc.resolved;
  if (con.cap < Infinity) view.maxNeuronsPerCore = con.cap;
  if (con.allowed.length > 1) view.pinClassOfPop = con.pinClassOfPop;

  phase('bounds');
  const targets = distinctTargets(view);
  const bounds = lowerBounds(view, targets);
  const certified = certifiedBounds(view, con.cap < Infinity ? { maxNeuronsPerCore: con.cap } : {});
  // Only the certified bound may refuse a network before trying: the in-order one assumes the
  // population order, which a placement is free to change.
  if (certified.lowerBound > con.available) {
    diagnostics.push(tooManyCores(view, mesh, con, certified.lowerBound, certified.boundKind, true));
    return { diagnostics };
  }
  const pinned = pinnedShortfall(view, con, certified);
  if (pinned) { diagnostics.push(pinned); return { diagnostics }; }

  const popOrder = new Int32Array(view.compartmentNeurons);
  for (let i = 0, m = 0; i < view.neurons; i++) if (!view.isInputPop[view.popOfNeuron[i]]) popOrder[m++] = i;
  // Candidate orders: sequential has one; locality tries the partitioner's order and, as a safety
  // net, population order (laid out by the locality layout), and keeps the better (fewest cores,
  // then least hop-weighted traffic between cores). So locality is never worse than the
  // baseline on either count (the population order packs exactly as sequential does).
  // Small networks (firstfit.ts): locality also packs first-fit, along its own order and heavy
  // populations first, since next-fit strands the room a heavy neuron leaves in a core.
  phase('partition');
  const orders: Int32Array[] = opts.strategy === 'sequential'
    ? [popOrder]
    : view.synapses > (opts.maxSecondCandidateSynapses ?? Infinity)
      ? [localityOrder(view, rate, new Rng(opts.seed ?? network.seed).fork('locality'))]
      : [localityOrder(view, rate, new Rng(opts.seed ?? network.seed).fork('locality')), popOrder];
  const candidates: Array<() => (PackResult & { order: Int32Array }) | undefined> = orders.map((order) => () => ({ ...packWithOutputAxons(view, order, bounds.cores), order }));
  let firstInterleaved = Infinity;
  if (opts.strategy === 'locality' && view.neurons * certified.lowerBound <= FIRST_FIT_MAX_CELLS) {
    candidates.push(() => packFirstFit(view, orders[0]), () => packFirstFit(view, heavyFirstOrder(view)));
    // layered topographic networks: matching position ranges of every population side by side
    if (!con.active) {
      firstInterleaved = candidates.length;
      for (const ranges of INTERLEAVE_RANGES) {
        candidates.push(() => { const order = interleavedOrder(view, ranges); return { ...packWithOutputAxons(view, order, bounds.cores), order }; });
      }
    }
  }
  type Laid = { order: Int32Array; segs: Int32Array; phys: Int32Array; cost: number; usage?: SegmentUsage; t: CoreTraffic };
  let best: Laid | undefined;
  let failure: Diagnostic[] = [];
  let shortOfRoom: Diagnostic[] | undefined;
  // locality: the population order packed next-fit is exactly what sequential places; its cores and
  // its hop traffic in sequential's layout are the baseline the metrics compare against
  let baseline: { cores: number; hopTraffic: number } | undefined;
  // Pack every candidate first, then lay out in order of cores (stable): a candidate with more
  // cores than one already laid out is never laid out (at 1M neurons that saves a layout).
  phase('packing');
  const packed = candidates.map((c, ci) => {
    if (candidates.length > 1) phase(`packing: order ${ci + 1} of ${candidates.length}`);
    return { ci, r: c() };
  });
  phase('layout');
  const coresOf = (x: (typeof packed)[number]) => (x.r && !hasErrors(x.r.diagnostics) ? x.r.bounds.length - 1 : -1);
  packed.sort((a, b) => coresOf(a) - coresOf(b) || a.ci - b.ci);
  for (const { ci, r: repaired } of packed) {
    if (!repaired) continue;
    if (hasErrors(repaired.diagnostics)) { failure = repaired.diagnostics; continue; }
    const order = repaired.order;
    const segs = repaired.bounds;
    const k = segs.length - 1;
    if (k > con.available) { failure = [tooManyCores(view, mesh, con, k, bounds.by, false)]; continue; }
    const isBaseline = opts.strategy === 'locality' && orders[ci] === popOrder;
    if (best && k > best.segs.length - 1 && !isBaseline) continue;
    // under constraints: each core's pin class, and whether the pins and avoided cores leave room
    let coreClass: Int32Array | undefined;
    let fixedStart: Int32Array | undefined;
    if (con.active) {
      coreClass = coreClasses(view, order, segs);
      const fit = layoutSequentialConstrained(mesh, con, coreClass);
      // the candidate with the fewest cores says what is short (candidates come in order of cores):
      // a later one, packed less tightly, would claim a population needs more cores than it does
      if (!fit.phys) { failure = shortOfRoom ??= [noRoom(view, mesh, con, fit.short!)]; continue; }
      fixedStart = fit.phys;
    }
    const t = coreTraffic(view, order, segs, coreOfSegmentation(view, order, segs), { matrix: true, rate });
    if (isBaseline) baseline = { cores: k, hopTraffic: hopTrafficOf(mesh, fixedStart ?? layoutSequential(k), t) };
    if (best && k > best.segs.length - 1) continue;
    let phys: Int32Array;
    let cost: number;
    if (opts.strategy === 'sequential') {
      phys = fixedStart ?? layoutSequential(k);
      cost = 0;
    } else {
      // Layout candidates: Hilbert start and physical-order start, both refined; keep the cheaper.
      // Many cores: the heaviest partners of each core only, one start, fewer passes (the light
      // edges are the long-range shortcuts, spread evenly, which no layout can shorten).
      const big = k > 256;
      let rp = t.rowPtr, cl = t.col, wt = t.weight;
      if (big) ({ rowPtr: rp, col: cl, wt } = keepHeaviest(k, t.rowPtr, t.col, t.weight, 24));
      // The objective is the reported hop-weighted traffic between neuron cores. Host-port traffic
      // is left out: every layout pays at least one hop per input message, and where input
      // enters a real system (host link, embedded cores) varies; it is reported apart.
      const g = symmetrise(k, rp, cl.subarray(0, rp[k]), wt.subarray(0, rp[k]), new Float64Array(k));
      const constraints = coreClass ? { resolved: con, coreClass } : undefined;
      phys = layoutLocality(mesh, g, { passes: big ? 3 : 8, radius: 2, start: 'curve', constraints });
      cost = layoutCost(mesh, g, phys);
      if (!constraints) {
        // Topographic start: cores along the curve by where their neurons sit within their
        // population, so that matching parts of linked layers start side by side.
        const topo = layoutLocality(mesh, g, { passes: big ? 3 : 8, radius: 2, start: 'curve', startOrder: topographicOrder(view, order, segs) });
        const c2 = layoutCost(mesh, g, topo);
        if (c2 < cost) { phys = topo; cost = c2; }
      }
      if (!big) {
        const linear = layoutLocality(mesh, g, { passes: 8, radius: 2, start: 'linear', constraints });
        const c2 = layoutCost(mesh, g, linear);
        if (c2 < cost) { phys = linear; cost = c2; }
      }
    }
    let usage = repaired.usage;
    let [o2, s2, t2] = [order, segs, t];
    if (opts.strategy === 'locality' && k > 1 && view.neurons * k <= REFINE_MAX_CELLS) {
      // Small placements: move neurons between the laid-out cores where that shortens routes.
      const r = refineMoves(view, mesh, order, segs, phys);
      if (r.moves > 0) {
        [o2, s2] = [r.order, r.segs];
        t2 = coreTraffic(view, o2, s2, coreOfSegmentation(view, o2, s2), { matrix: true, rate });
        const g2 = symmetrise(k, t2.rowPtr, t2.col, t2.weight, new Float64Array(k));
        const c2 = layoutCost(mesh, g2, phys);
        if (c2 < cost) { cost = c2; usage = undefined; } else [o2, s2, t2] = [order, segs, t];
      }
    }
    const cand = { order: o2, segs: s2, phys, cost, usage, t: t2 };
    // an interleaved order must save 5% to displace one with as many cores: the search that
    // follows (from the winner only) evens out smaller differences
    if (ci >= firstInterleaved && best && k === best.segs.length - 1 && cost > 0.95 * best.cost) continue;
    if (!best || k < best.segs.length - 1 || cost < best.cost) best = cand;
  }
  if (!best) {
    diagnostics.push(...failure);
    return { diagnostics };
  }
  // A few dozen cores: annealed positions, neuron moves and swaps (search.ts) on the winner, kept
  // only if cheaper. Not under pins or avoided cores, nor with activity weighting (see search.ts).
  if (opts.strategy === 'locality' && !con.active && !rate && searchApplies(view, best.segs.length - 1)) {
    const r = searchSmall(view, mesh, best, new Rng(opts.seed ?? network.seed).fork('search'));
    if (r.improved) best = { order: r.order, segs: r.segs, phys: r.phys, cost: r.cost, t: r.t };
  }
  const k = best.segs.length - 1;
  let order = best.order;
  let segs = best.segs;
  const phys0 = best.phys;

  phase('finish');
  // Used cores ascending by physical id (the Placement's convention): renumber segments.
  const byPhys = Int32Array.from({ length: k }, (_, c) => c).sort((a, b) => phys0[a] - phys0[b]);
  const order2 = new Int32Array(order.length);
  const segs2 = new Int32Array(k + 1);
  const phys = new Int32Array(k);
  for (let c = 0, m = 0; c < k; c++) {
    const s = byPhys[c];
    phys[c] = phys0[s];
    order2.set(order.subarray(segs[s], segs[s + 1]), m);
    m += segs[s + 1] - segs[s];
    segs2[c + 1] = m;
  }
  order = order2;
  segs = segs2;
  const perm = new Int32Array(k);
  for (let c = 0; c < k; c++) perm[byPhys[c]] = c;
  const t = permuteTraffic(best.t, perm);

  // Usage: recorded while packing (permuted like the segments), or recomputed after splits.
  let su: SegmentUsage;
  if (best.usage) {
    const u0 = best.usage;
    su = {
      compartments: new Int32Array(k), inputAxons: new Int32Array(k), synapseBits: new Float64Array(k),
      learningStateBits: new Float64Array(k), synapses: new Float64Array(k), configs: new Int32Array(k),
    };
    for (let c = 0; c < k; c++) {
      const s = byPhys[c];
      su.compartments[c] = u0.compartments[s]; su.inputAxons[c] = u0.inputAxons[s]; su.synapseBits[c] = u0.synapseBits[s];
      su.learningStateBits[c] = u0.learningStateBits[s]; su.synapses[c] = u0.synapses[s]; su.configs[c] = u0.configs[s];
    }
  } else su = segmentUsage(view, order, segs);
  const usage: CoreUsage[] = [];
  for (let c = 0; c < k; c++) {
    usage.push({
      compartments: su.compartments[c], inputAxons: su.inputAxons[c], outputAxons: t.outputAxons[c],
      synapseBits: su.synapseBits[c], learningStateBits: su.learningStateBits[c], synapses: su.synapses[c], configs: su.configs[c],
    });
  }
  const routed = routeTraffic(mesh, phys, t);
  const pops = network.populations;
  const neuronCore: Int32Array[] = pops.map((p) => new Int32Array(p.size).fill(-1));
  const neuronSlot: Int32Array[] = pops.map((p) => new Int32Array(p.size).fill(-1));
  for (let c = 0; c < k; c++) {
    for (let m = segs[c]; m < segs[c + 1]; m++) {
      const i = order[m];
      const p = view.popOfNeuron[i];
      neuronCore[p][i - view.popOffset[p]] = c;
      neuronSlot[p][i - view.popOffset[p]] = m - segs[c];
    }
  }
  const lb: Record<string, { cores: number; method: string; demand?: number; inOrder?: number }> = {};
  for (const l of BOUND_LIMITS) {
    const c = certified.byLimit[l];
    lb[l] = { cores: c.cores, method: c.method };
    if ((LIMIT_NAMES as readonly string[]).includes(l)) Object.assign(lb[l], { demand: bounds.demand[l as LimitName], inOrder: bounds.byLimit[l as LimitName] });
  }
  const placement: Placement = {
    placementVersion: PLACEMENT_VERSION,
    network: network.name,
    target: target.name,
    strategy: opts.strategy,
    cores: Array.from(phys, (id) => mesh.location(id)),
    usage,
    neuronCore,
    neuronSlot,
    metrics: buildMetrics(view, mesh, phys, bounds, certified, routed, t, usage, rate ? 'activity' : 'synapses', baseline),
    mesh: {
      meshX: mesh.meshX, meshY: mesh.meshY, coresPerTile: mesh.coresPerTile, coresPerChip: mesh.coresPerChip,
      chipsX: mesh.chipsX, chipsY: mesh.chipsY, chipsAvailable: mesh.chipsAvailable,
    },
    capacity: {
      compartments: limitCapacity(view, 'compartments'), inputAxons: limitCapacity(view, 'inputAxons'),
      outputAxons: limitCapacity(view, 'outputAxons'), synapseBits: limitCapacity(view, 'synapseBits'),
      learningStateBits: limitCapacity(view, 'learningStateBits'),
    },
    populations: summarise(view, neuronCore, k),
    traffic: routed.traffic,
    links: routed.links,
    lowerBounds: lb,
  };
  return { placement, diagnostics };
}

function summarise(view: MapperView, neuronCore: Int32Array[], k: number): PopulationSummary[] {
  const { network } = view;
  const seen = new Int32Array(k).fill(-1);
  return network.populations.map((pop, p) => {
    let cores = 0;
    for (const c of neuronCore[p]) if (c >= 0 && seen[c] !== p) { seen[c] = p; cores++; }
    let synapsesIn = 0, synapsesOut = 0;
    for (const pr of network.projections) {
      if (pr.target === p) synapsesIn += pr.pre.length;
      if (pr.source === p) synapsesOut += pr.pre.length;
    }
    return { id: pop.id, size: pop.size, input: view.isInputPop[p] === 1, cores, synapsesIn, synapsesOut };
  });
}

function flattenActivity(view: MapperView, activity: Float64Array[] | undefined, out: Diagnostic[]): Float64Array | undefined {
  if (!activity) return undefined;
  const pops = view.network.populations;
  if (activity.length !== pops.length) {
    out.push(diag('SNNC3052', `activity profile has ${activity.length} populations, the network ${pops.length}`, {
      pointer: '/activity', expected: `${pops.length} arrays (one per population)`, found: String(activity.length),
    }));
    return undefined;
  }
  const rate = new Float64Array(view.neurons);
  for (let p = 0; p < pops.length; p++) {
    const a = activity[p];
    if (!a || a.length !== pops[p].size) {
      out.push(diag('SNNC3052', `activity of ${pops[p].id} has ${a ? a.length : 0} values for ${pops[p].size} neurons`, {
        pointer: pointerJoin('/activity', p), expected: String(pops[p].size), found: String(a ? a.length : 0),
      }));
      continue;
    }
    for (let n = 0; n < a.length; n++) {
      const r = a[n];
      if (!(Number.isFinite(r) && r >= 0)) {
        out.push(diag('SNNC3052', `activity of ${pops[p].id} neuron ${n} is not a non-negative rate`, {
          pointer: pointerJoin('/activity', p, n), expected: 'a finite number >= 0 (spikes per step)', found: String(r),
        }));
        break;
      }
      rate[view.popOffset[p] + n] = r;
    }
  }
  return rate;
}

/**
 * Cores ordered by the relative position of their first neuron within its population (then by
 * population, then by core): a layout start that puts matching parts of topographically linked
 * layers next to each other.
 */
function topographicOrder(view: MapperView, order: Int32Array, segs: Int32Array): Int32Array {
  const k = segs.length - 1;
  const key = new Float64Array(k);
  const pop = new Int32Array(k);
  for (let c = 0; c < k; c++) {
    const i = order[segs[c]];
    const p = view.popOfNeuron[i];
    pop[c] = p;
    key[c] = (i - view.popOffset[p]) / Math.max(1, view.popOffset[p + 1] - view.popOffset[p]);
  }
  return Int32Array.from({ length: k }, (_, c) => c).sort((a, b) => key[a] - key[b] || pop[a] - pop[b] || a - b);
}

/** Per core of a segmentation: the pin class of its pinned members (0 if none). */
function coreClasses(view: MapperView, order: Int32Array, segs: Int32Array): Int32Array {
  const k = segs.length - 1;
  const out = new Int32Array(k);
  const pin = view.pinClassOfPop;
  if (!pin) return out;
  for (let c = 0; c < k; c++) {
    for (let m = segs[c]; m < segs[c + 1]; m++) {
      const x = pin[view.popOfNeuron[order[m]]];
      if (x !== 0) { out[c] = x; break; }
    }
  }
  return out;
}

/** A pin class whose neurons cannot fit its allowed cores by the certified per-population capacity. */
function pinnedShortfall(view: MapperView, con: ResolvedConstraints, b: CertifiedBounds): Diagnostic | undefined {
  const C = Math.min(view.target.core.maxCompartments, con.cap);
  for (let cls = 1; cls < con.allowed.length; cls++) {
    let n = 0, need = 0;
    for (const p of con.classPops[cls]) {
      const size = view.network.populations[p].size;
      n += size;
      need = Math.max(need, Math.ceil(size / Math.max(1, b.maxPerCore[p])));
    }
    need = Math.max(need, Math.ceil(n / C));
    const have = classCapacity(con, cls);
    if (need > have) return noRoom(view, null, con, { cls, need, have });
  }
  return undefined;
}

function noRoom(view: MapperView, mesh: Mesh | null, con: ResolvedConstraints, s: { cls: number; need: number; have: number }): Diagnostic {
  if (s.cls === 0) {
    return diag('SNNC3075', `the unpinned neurons need ${s.need} cores, but only ${s.have} are left after avoiding ${con.avoided} core(s) and placing the pinned populations`, {
      pointer: con.avoidedAt, expected: `<= ${s.have} cores`, found: String(s.need),
      fix: `avoid fewer cores, narrow the pins, or use a target with more chips${mesh ? ` (system.maxChips, now ${mesh.chipsAvailable})` : ''}`,
    });
  }
  const names = classNames(view, con, s.cls);
  return diag('SNNC3074', `${names} need${con.classPops[s.cls].length > 1 ? '' : 's'} at least ${s.need} cores, but its pin allows ${s.have} free core${s.have === 1 ? '' : 's'} (not avoided${s.have < classCapacity(con, s.cls) ? ', not taken by other pins' : ''})`, {
    pointer: pointerJoin('/pins', con.classPin[s.cls]), expected: `<= ${s.have} cores (the pin's chips and core ranges, less avoided cores)`, found: String(s.need),
    fix: `widen the pin of ${names} to at least ${s.need} free cores, or avoid fewer cores there${con.cap < Infinity ? `, or raise --max-neurons-per-core (now ${con.cap})` : ''}`,
  });
}

function tooManyCores(view: MapperView, mesh: Mesh, con: ResolvedConstraints, cores: number, by: string, bound: boolean): Diagnostic {
  const t = view.target;
  const what = bound ? `at least ${cores} cores (certified lower bound, set by ${by})` : `${cores} cores`;
  if (con.avoided > 0 || con.cap < Infinity) {
    const why = [con.avoided > 0 ? `avoiding ${con.avoided} core(s)` : '', con.cap < Infinity ? `at most ${con.cap} neurons per core` : ''].filter(Boolean).join(' and ');
    const fixes = [con.cap < Infinity ? `raise --max-neurons-per-core (now ${con.cap})` : '', con.avoided > 0 ? 'avoid fewer cores' : '', `use a target with more chips (system.maxChips, now ${mesh.chipsAvailable})`].filter(Boolean);
    return diag('SNNC3075', `network ${view.network.name} needs ${what} with ${why}; ${con.available} cores are usable on ${mesh.chipsAvailable} chip(s) of ${t.name}`, {
      pointer: con.cap < Infinity && con.avoided === 0 ? '/maxNeuronsPerCore' : con.avoidedAt, expected: `<= ${con.available} cores`, found: String(cores), fix: fixes.join(', or '),
    });
  }
  const chips = Math.ceil(cores / mesh.coresPerChip);
  const grid = t.system.chipsX * t.system.chipsY;
  const fix = chips <= grid
    ? `use a target with system.maxChips >= ${chips}`
    : `use a target whose chip grid (system.chipsX x system.chipsY, now ${t.system.chipsX}x${t.system.chipsY}) and maxChips hold ${chips} chips, or shrink the network`;
  return diag('SNNC3010', `network ${view.network.name} needs ${what} > ${mesh.coresAvailable} available on ${mesh.chipsAvailable} chip(s) of ${t.name}`, {
    pointer: '/system/maxChips', expected: `<= ${mesh.coresAvailable} cores (${mesh.coresPerChip} per chip)`, found: String(cores), fix,
  });
}

