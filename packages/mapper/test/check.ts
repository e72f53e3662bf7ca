import type { LoweredNetwork, Target } from '@snnc/ir';
import { synapseBlockBits, synapseFormatOf } from '@snnc/ir';
import type { Placement } from '../src/index.js';

/**
 * An independent checker of a placement, written from the definitions (docs/mapper.md §2-4)
 * rather than from the mapper's accumulators: it recomputes every core's usage from the placement
 * alone and returns the first violation it finds as text ('' when the placement is sound).
 */
export interface Recomputed {
  compartments: number[];
  inputAxons: number[];
  outputAxons: number[];
  synapseBits: number[];
  learningStateBits: number[];
  configs: number[];
}

const isInput = (p: LoweredNetwork['populations'][number]) => p.role === 'input' || p.model === 'input';

export function recompute(net: LoweredNetwork, target: Target, pl: Placement): Recomputed {
  const k = pl.cores.length;
  const r: Recomputed = {
    compartments: new Array(k).fill(0), inputAxons: new Array(k).fill(0), outputAxons: new Array(k).fill(0),
    synapseBits: new Array(k).fill(0), learningStateBits: new Array(k).fill(0), configs: new Array(k).fill(0),
  };
  const plasticTargets = new Set(net.projections.filter((q) => q.plasticity !== 'none').map((q) => q.target));
  const configSets = Array.from({ length: k }, () => new Set<string>());
  net.populations.forEach((pop, p) => {
    if (isInput(pop)) return;
    const key = JSON.stringify(Object.entries(pop.params ?? {}).sort());
    for (let n = 0; n < pop.size; n++) {
      const c = pl.neuronCore[p][n];
      r.compartments[c]++;
      if (plasticTargets.has(p)) r.learningStateBits[c] += target.learning.perNeuronStateBits;
      configSets[c].add(key);
    }
  });
  configSets.forEach((s, c) => (r.configs[c] = s.size));
  // Input axons: distinct (source population, source neuron) per core; output axons: distinct
  // destination cores per source neuron, charged to the source's core.
  const axons = Array.from({ length: k }, () => new Set<string>());
  const dests = new Map<string, Set<number>>();
  net.projections.forEach((pr) => {
    const fmt = synapseFormatOf(pr);
    const blocks = new Map<string, { n: number; lo: number; hi: number; core: number }>();
    for (let e = 0; e < pr.pre.length; e++) {
      const c = pl.neuronCore[pr.target][pr.post[e]];
      const slot = pl.neuronSlot[pr.target][pr.post[e]];
      const src = `${pr.source}:${pr.pre[e]}`;
      axons[c].add(src);
      if (!dests.has(src)) dests.set(src, new Set());
      dests.get(src)!.add(c);
      const key = `${pr.pre[e]}@${c}`;
      const b = blocks.get(key);
      if (!b) blocks.set(key, { n: 1, lo: slot, hi: slot, core: c });
      else { b.n++; b.lo = Math.min(b.lo, slot); b.hi = Math.max(b.hi, slot); }
    }
    for (const b of blocks.values()) r.synapseBits[b.core] += synapseBlockBits(target, fmt, b.n, b.hi - b.lo + 1).bits;
  });
  axons.forEach((s, c) => (r.inputAxons[c] = s.size));
  for (const [src, set] of dests) {
    const [p, n] = src.split(':').map(Number);
    if (isInput(net.populations[p])) continue;
    r.outputAxons[pl.neuronCore[p][n]] += set.size;
  }
  return r;
}

/** '' if the placement is complete, consistent and within every limit; else the first problem. */
export function violations(net: LoweredNetwork, target: Target, pl: Placement): string {
  const k = pl.cores.length;
  const perChip = target.chip.meshX * target.chip.meshY * target.chip.coresPerTile;
  const chips = Math.min(target.system.maxChips, target.system.chipsX * target.system.chipsY);
  for (let c = 0; c < k; c++) {
    const loc = pl.cores[c];
    if (c > 0 && loc.id <= pl.cores[c - 1].id) return `cores not ascending at ${c}`;
    if (loc.chip !== Math.floor(loc.id / perChip) || loc.chip >= chips) return `core ${loc.id} on chip ${loc.chip} outside the system`;
    const inChip = loc.id - loc.chip * perChip;
    const tile = Math.floor(inChip / target.chip.coresPerTile);
    if (loc.x !== tile % target.chip.meshX || loc.y !== Math.floor(tile / target.chip.meshX)) return `core ${loc.id} has wrong (x, y)`;
  }
  // Every neuron exactly once: a (core, slot) pair per neuron, slots 0..n-1 per core, inputs -1.
  const taken = Array.from({ length: k }, () => new Set<number>());
  for (let p = 0; p < net.populations.length; p++) {
    const pop = net.populations[p];
    if (pl.neuronCore[p].length !== pop.size || pl.neuronSlot[p].length !== pop.size) return `${pop.id}: wrong array sizes`;
    for (let n = 0; n < pop.size; n++) {
      const c = pl.neuronCore[p][n], s = pl.neuronSlot[p][n];
      if (isInput(pop)) { if (c !== -1 || s !== -1) return `input ${pop.id}:${n} placed on a core`; continue; }
      if (!(c >= 0 && c < k)) return `${pop.id}:${n} has no core`;
      if (taken[c].has(s)) return `${pop.id}:${n} shares slot ${s} of core ${c}`;
      taken[c].add(s);
    }
  }
  for (let c = 0; c < k; c++) {
    for (let s = 0; s < taken[c].size; s++) if (!taken[c].has(s)) return `core ${c}: slots not contiguous`;
    if (taken[c].size === 0) return `core ${c} is empty`;
  }
  const r = recompute(net, target, pl);
  const cap = target.core;
  const maxConfigs = cap.maxCompartmentConfigs ?? Infinity;
  for (let c = 0; c < k; c++) {
    const checks: Array<[string, number, number]> = [
      ['compartments', r.compartments[c], cap.maxCompartments], ['inputAxons', r.inputAxons[c], cap.maxInputAxons],
      ['outputAxons', r.outputAxons[c], cap.maxOutputAxons], ['synapseBits', r.synapseBits[c], cap.synapseMemoryBits],
      ['learningStateBits', r.learningStateBits[c], cap.learningStateBits], ['configs', r.configs[c], maxConfigs],
    ];
    for (const [name, used, limit] of checks) if (used > limit) return `core ${c}: ${name} ${used} > ${limit}`;
    const u = pl.usage[c];
    for (const name of ['compartments', 'inputAxons', 'outputAxons', 'synapseBits', 'learningStateBits'] as const) {
      if (u[name] !== r[name][c]) return `core ${c}: usage.${name} ${u[name]} but recomputed ${r[name][c]}`;
    }
  }
  // Every synapse routed: its (source core or host, destination core) pair is in the traffic list.
  const pairs = new Set<string>();
  const t = pl.traffic!;
  for (let e = 0; e < t.from.length; e++) pairs.add(`${t.from[e]}>${t.to[e]}`);
  for (const pr of net.projections) {
    const srcInput = isInput(net.populations[pr.source]);
    for (let e = 0; e < pr.pre.length; e++) {
      const b = pl.neuronCore[pr.target][pr.post[e]];
      if (srcInput) { if (!(t.host[b] > 0)) return `${pr.id}: host traffic into core ${b} missing`; continue; }
      const a = pl.neuronCore[pr.source][pr.pre[e]];
      if (a !== b && !pairs.has(`${a}>${b}`)) return `${pr.id}: synapse ${e} (core ${a} -> ${b}) not routed`;
    }
  }
  return '';
}
