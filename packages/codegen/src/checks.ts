/**
 * What the code generator refuses before it builds anything (so that building never crashes), and
 * the per-core limits it checks again after building (defence in depth: the mapper checked them
 * first). Codes SNNC41xx; pointers are into the lowered network (/populations/..., /projections/...)
 * or the placement (/cores/...).
 */
import { diag, pointerJoin, warning, type Diagnostic } from '@snnc/common';
import { checkNetwork, isInputPopulation, type LoweredNetwork, type Target } from '@snnc/ir';
import { firstSlotConflict, type Placement } from '@snnc/mapper';

export function checkInputs(net: LoweredNetwork, placement: Placement, target: Target): Diagnostic[] {
  // the network's own structure first: ir's one verifier of lowered networks (SNNC28xx)
  const structural = checkNetwork(net, { structureOnly: true });
  if (structural.length) return structural;
  const out: Diagnostic[] = [];
  if (placement.target !== target.name) {
    out.push(diag('SNNC4103', 'placement was computed for another target', { pointer: '/target', expected: target.name, found: placement.target, fix: `map again with --target ${target.name}` }));
  }
  // every core inside the target's system, each id once (a crafted placement file may say anything)
  const ch = target.chip;
  const systemCores = ch.cores * target.system.maxChips;
  const ids = new Set<number>();
  placement.cores.forEach((c, i) => {
    const bad = (field: string, value: number, range: string) =>
      out.push(diag('SNNC4101', `placement core ${i} lies outside the target's system`, { pointer: pointerJoin('/cores', i, field), expected: range, found: String(value), fix: `map again with --target ${target.name}` }));
    const inRange = (v: number, n: number) => Number.isInteger(v) && v >= 0 && v < n;
    if (!inRange(c.id, systemCores) || ids.has(c.id)) bad('id', c.id, `a core id in 0..${systemCores - 1}, each once`);
    else if (!inRange(c.chip, target.system.maxChips)) bad('chip', c.chip, `0..${target.system.maxChips - 1}`);
    else if (!inRange(c.x, ch.meshX)) bad('x', c.x, `0..${ch.meshX - 1}`);
    else if (!inRange(c.y, ch.meshY)) bad('y', c.y, `0..${ch.meshY - 1}`);
    else if (!inRange(c.coreInTile, ch.coresPerTile)) bad('coreInTile', c.coreInTile, `0..${ch.coresPerTile - 1}`);
    ids.add(c.id);
  });
  if (out.length) return out;
  const pops = net.populations;
  if (placement.neuronCore.length !== pops.length || placement.neuronSlot.length !== pops.length) {
    out.push(diag('SNNC4101', 'placement does not match the network', { pointer: '/neuronCore', expected: `${pops.length} populations`, found: String(placement.neuronCore.length) }));
    return out;
  }
  // Pass 1: every (core, slot) in range, compartments per core; then the mapper's slot rule (a core
  // of k compartments holds slots 0..k-1 once each), in memory proportional to the neurons: one
  // Uint8Array(maxCompartments) per placement core was 20 GB (a V8 fatal error) for a placement of
  // 20,000 cores on a target of 2^20 compartments per core.
  const nCores = placement.cores.length;
  const count = new Int32Array(nCores);
  const placed = pops.map((p, pi) => {
    const cores = placement.neuronCore[pi], slots = placement.neuronSlot[pi];
    if (cores.length !== p.size || slots.length !== p.size) {
      out.push(diag('SNNC4101', `placement of ${p.id} has the wrong size`, { pointer: pointerJoin('/populations', pi), expected: String(p.size), found: String(cores.length) }));
      return false;
    }
    if (isInputPopulation(p)) return false;
    if (!target.formats.neuronModels.includes(p.model as 'srlif' | 'cuba') || !p.params) {
      out.push(diag('SNNC4104', `target ${target.name} cannot run ${p.model} neurons (${p.id})`, { pointer: pointerJoin('/populations', pi, 'model'), expected: target.formats.neuronModels.join(' | '), found: p.model }));
    }
    const rb = target.formats.refractoryDelayBits;
    if (p.params?.model === 'cuba' && rb !== undefined && p.params.refractory > 2 ** rb - 2) {
      out.push(diag('SNNC4105', `${p.id}: refractory beyond the target's ${rb}-bit refractory delay field (which holds refractory + 1)`, { pointer: pointerJoin('/populations', pi, 'params', 'refractory'), expected: `0..${2 ** rb - 2}`, found: String(p.params.refractory) }));
    }
    for (let n = 0; n < p.size; n++) {
      const c = cores[n], s = slots[n];
      if (!(Number.isInteger(c) && c >= 0 && c < nCores && Number.isInteger(s) && s >= 0 && s < target.core.maxCompartments)) {
        out.push(diag('SNNC4102', `neuron ${n} of ${p.id} has no valid (core, slot) or shares its slot`, { pointer: pointerJoin('/populations', pi), found: `core ${c}, slot ${s}` }));
        return false;
      }
      count[c]++;
    }
    return true;
  });
  const conflict = firstSlotConflict(placement.neuronCore, placement.neuronSlot, count, (pi) => !placed[pi]);
  if (conflict?.other) {
    const { p: pi, i: n, core: c, slot: s, other } = conflict;
    out.push(diag('SNNC4102', `neuron ${n} of ${pops[pi].id} shares its slot with neuron ${other.i} of ${pops[other.p].id}`, { pointer: pointerJoin('/populations', pi), found: `core ${c}, slot ${s}` }));
  } else if (conflict) {
    const { core: c, slot: s, count: k } = conflict;
    out.push(diag('SNNC4102', `core ${placement.cores[c].id}: compartment slots are not 0..${k - 1}`, { pointer: pointerJoin('/cores', c), found: `slot ${s} of ${k} neurons, so one of 0..${k - 1} is empty` }));
  }
  const f = target.formats;
  net.projections.forEach((pr, q) => {
    const at = (k: string) => pointerJoin('/projections', q, k);
    if (!(pr.weightBits >= 1 && pr.weightBits <= f.maxWeightBits)) {
      out.push(diag('SNNC4105', `projection ${pr.id}: weightBits outside the target`, { pointer: at('weightBits'), expected: `1..${f.maxWeightBits}`, found: String(pr.weightBits) }));
    }
    if (!(pr.weightExp >= Math.max(-6, f.weightExpMin) && pr.weightExp <= Math.min(7, f.weightExpMax))) {
      out.push(diag('SNNC4105', `projection ${pr.id}: weightExp outside the target`, { pointer: at('weightExp'), expected: `${f.weightExpMin}..${f.weightExpMax}`, found: String(pr.weightExp) }));
    }
    if (!(Number.isInteger(pr.delay) && pr.delay >= 1 && pr.delay <= f.maxDelay)) {
      out.push(diag('SNNC4105', `projection ${pr.id}: delay outside the target`, { pointer: at('delay'), expected: `1..${f.maxDelay}`, found: String(pr.delay) }));
    }
    const lim = 2 ** (pr.weightBits - 1);
    const bad = pr.weight.findIndex((w) => w < -lim || w >= lim);
    if (bad >= 0) out.push(diag('SNNC4105', `projection ${pr.id}: weight ${bad} does not fit ${pr.weightBits} bits`, { pointer: at(`weight/${bad}`), found: String(pr.weight[bad]) }));
    if (pr.plasticity !== 'none' && !target.learning.supported) {
      out.push(diag('SNNC4106', `projection ${pr.id} is plastic but target ${target.name} has no on-chip learning`, { pointer: at('plasticity'), fix: 'use a target with learning.supported, or compile a frozen network' }));
    }
    if (pr.plasticity !== 'none' && !net.learning) {
      out.push(diag('SNNC4120', `projection ${pr.id} is plastic but the network has no learning section`, { pointer: at('plasticity') }));
    }
  });
  if (net.learning && net.timesteps > target.learning.maxEpochSteps) {
    out.push(warning('SNNC4107', `the learning epoch (${net.timesteps} steps) is longer than the chip's ${target.learning.maxEpochSteps}: the management core extends it`, { pointer: '/timesteps' }));
  }
  return out;
}

export interface CoreTotals {
  compartments: Int32Array;
  inputAxons: Int32Array;
  outputAxons: Int32Array;
  synapseBits: Float64Array;
  learningStateBits: Float64Array;
  configs: Int32Array;
}

/** Every per-core limit, recomputed from what was built. */
export function checkCoreLimits(placement: Placement, target: Target, t: CoreTotals, maxConfigs: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  const c = target.core;
  const limits: Array<[string, keyof CoreTotals, number, string]> = [
    ['SNNC4110', 'compartments', c.maxCompartments, 'maxCompartments'],
    ['SNNC4111', 'inputAxons', c.maxInputAxons, 'maxInputAxons'],
    ['SNNC4112', 'outputAxons', c.maxOutputAxons, 'maxOutputAxons'],
    ['SNNC4113', 'synapseBits', c.synapseMemoryBits, 'synapseMemoryBits'],
    ['SNNC4114', 'learningStateBits', c.learningStateBits, 'learningStateBits'],
    ['SNNC4115', 'configs', maxConfigs > 0 ? maxConfigs : Infinity, 'maxCompartmentConfigs'],
  ];
  placement.cores.forEach((core, i) => {
    for (const [code, key, cap, name] of limits) {
      const v = t[key][i];
      if (v > cap) {
        out.push(diag(code, `core ${core.id} needs ${v} ${key}, more than the target's ${cap}`, {
          pointer: pointerJoin('/cores', i), expected: `<= ${cap} (target /core/${name})`, found: String(v), fix: 'map again (the placement breaks a per-core limit)',
        }));
      }
    }
  });
  return out;
}
