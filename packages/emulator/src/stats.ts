import { overflowRecords } from '@snnc/common';
/** Builds the plain EmulatorStats object from the live counters (docs/emulator.md, "Cost model"). */
import { OPS, OP_ACTIVE, OP_CROSS, OP_EW, OP_INACTIVE, OP_INTILE, OP_NS, OP_SYN, OP_UPD, OP_WORD } from './cost.js';
import type { Emulator } from './emulator.js';
import type { CoreCycles, EmulatorStats } from './types.js';

export function collectStats(emu: Emulator): EmulatorStats {
  const c = emu.cost;
  const ops = c.ops;
  const perCore: CoreCycles[] = [];
  let coreMax = 0, coreSum = 0, crit = -1;
  for (let k = 0; k < c.nCores; k++) {
    const o = k * 4;
    const cc = c.coreCycles;
    const total = cc[o] + cc[o + 1] + cc[o + 2] + cc[o + 3];
    perCore.push({ core: emu.mach.coreId[k], emit: cc[o], deliver: cc[o + 1], update: cc[o + 2], learn: cc[o + 3], total });
    coreMax = Math.max(coreMax, total);
    coreSum += total;
    if (crit < 0 || c.criticalCount[k] > c.criticalCount[crit]) crit = k;
  }
  const byOp: Record<string, number> = {};
  OPS.forEach((name, k) => (byOp[name] = ops[k] * c.energy[k]));
  const steps = c.steps;
  return {
    samples: emu.samples,
    steps,
    epochs: c.epochs,
    spikes: emu.spikes,
    inputSpikes: emu.inputSpikes,
    ops: {
      synapticOps: ops[OP_SYN],
      synapticUpdates: ops[OP_UPD],
      eligibilityEvents: emu.eligibilityEvents,
      weightUpdates: emu.weightUpdates,
      // §5.10, only for images with SAL feedback (other images keep their statistics' shape)
      ...(emu.sal ? { feedbackUpdates: emu.sal.updates, feedbackChanged: emu.feedbackUpdates } : {}),
      neuronActive: ops[OP_ACTIVE],
      neuronInactive: ops[OP_INACTIVE],
      managementOps: emu.managementOps,
      managementWords: ops[OP_WORD],
    },
    noc: {
      messages: emu.messages,
      hostMessages: emu.hostMessages,
      inTileMessages: ops[OP_INTILE],
      hopsEastWest: ops[OP_EW],
      hopsNorthSouth: ops[OP_NS],
      chipCrossings: ops[OP_CROSS],
      maxLinkLoad: emu.maxLinkLoad,
      meanMaxLinkLoad: steps ? emu.sumMaxLinkLoad / steps : 0,
    },
    cycles: {
      total: c.totalCycles,
      noc: c.nocCycles,
      management: c.managementCycles,
      barrier: c.barrierTotal,
      maxStep: c.maxStepCycles,
      meanStep: steps ? c.totalCycles / (steps + c.epochs) : 0,
      perCore,
      coreMax,
      coreMean: c.nCores ? coreSum / c.nCores : 0,
      criticalCore: crit >= 0 ? emu.mach.coreId[crit] : -1,
      clockMHz: c.clockMHz,
    },
    energyPJ: {
      total: c.energyPJ,
      perStep: steps ? c.energyPJ / steps : 0,
      perInference: emu.samples ? c.energyPJ / emu.samples : 0,
      byOp,
    },
    overflow: overflowRecords(emu.image.populations.map((p) => p.name), (p) => !emu.image.populations[p].input, emu.overflowWraps(), emu.overflowSaturations()),
  };
}

/** Zeroes every counter (not the network state). */
export function resetStats(emu: Emulator): void {
  emu.cost.reset();
  emu.samples = 0;
  emu.spikes = emu.inputSpikes = emu.messages = emu.hostMessages = 0;
  emu.eligibilityEvents = emu.weightUpdates = emu.managementOps = 0;
  emu.feedbackUpdates = 0;
  if (emu.sal) emu.sal.updates = 0;
  emu.maxLinkLoad = emu.sumMaxLinkLoad = 0;
  emu.mach.ovf.fill(0);
}
