/**
 * Cycle and energy accounting (docs/emulator.md, "Cost model"). The emulator counts operations;
 * this module turns counts into cycles per core per phase and energy, from the image's cost table.
 * Each operation's time is rounded up to whole cycles of the core clock once, at load time, so
 * every cycle count is an exact integer.
 */
import type { ChipImage, OpCosts } from '@snnc/image';

/** What the cost model reads from an image: its cost table and the compartments of each core. */
export type CostSource = Pick<ChipImage, 'cost'> & { cores: ReadonlyArray<{ compartmentConfig: { length: number } }> };

export const PHASES = ['emit', 'deliver', 'update', 'learn'] as const;
export type Phase = (typeof PHASES)[number];
export const PH_EMIT = 0, PH_DELIVER = 1, PH_UPDATE = 2, PH_LEARN = 3;
const NPH = 4;

/** Operation counters; index = OP_* below. */
export const OPS = [
  'synapticOps', 'synapticUpdates', 'neuronActive', 'neuronInactive',
  'inTileMessages', 'hopsEastWest', 'hopsNorthSouth', 'chipCrossings',
  'managementMacs', 'managementWords',
] as const;
export const OP_SYN = 0, OP_UPD = 1, OP_ACTIVE = 2, OP_INACTIVE = 3, OP_INTILE = 4, OP_EW = 5, OP_NS = 6, OP_CROSS = 7, OP_MAC = 8, OP_WORD = 9;
export const NOPS = OPS.length;
const costKey: Array<keyof OpCosts> = ['synapticOp', 'synapticUpdate', 'neuronActive', 'neuronInactive', 'spikeInTile', 'hopEastWest', 'hopNorthSouth', 'chipCrossing', 'managementMac', 'managementWord'];

export class CostCounter {
  readonly nCores: number;
  /** cycles per operation (index OP_*), and of one barrier */
  readonly cyc = new Float64Array(NOPS);
  readonly barrierCycles: number;
  readonly energy = new Float64Array(NOPS);
  readonly clockMHz: number;

  /** the current step: cycles per core per phase, and operation counts */
  readonly stepCore: Float64Array;
  readonly stepOps = new Float64Array(NOPS);
  /** the current step's longest message latency (cycles) */
  stepLatency = 0;

  // totals since the last reset
  readonly coreCycles: Float64Array; // nCores x phases
  readonly ops = new Float64Array(NOPS);
  readonly criticalCount: Int32Array;
  totalCycles = 0;
  nocCycles = 0;
  /** cycles of the management core's learning-epoch work (serial with the neurocores) */
  managementCycles = 0;
  /** the current epoch's management-core cycles */
  stepManagement = 0;
  barrierTotal = 0;
  maxStepCycles = 0;
  energyPJ = 0;
  steps = 0;
  epochs = 0;
  // last step
  lastStepCycles = 0;
  lastCritical = -1;
  lastStepEnergy = 0;

  /**
   * `coreCycles` may be given (a SharedArrayBuffer view, threads/): shares of cores then
   * accumulate their own cores' cycles into one array (docs/emulator.md, "Threads").
   */
  constructor(image: CostSource, coreCycles?: Float64Array) {
    const c = image.cost;
    this.nCores = image.cores.length;
    this.clockMHz = c.clockMHz;
    const toCycles = (ns: number) => Math.max(ns > 0 ? 1 : 0, Math.ceil((ns * c.clockMHz) / 1000 - 1e-9));
    costKey.forEach((k, i) => {
      this.cyc[i] = toCycles(c.timeNs[k] ?? 0);
      this.energy[i] = c.energyPJ[k] ?? 0;
    });
    this.barrierCycles = toCycles(c.timeNs.barrier);
    this.stepCore = new Float64Array(this.nCores * NPH);
    this.coreCycles = coreCycles ?? new Float64Array(this.nCores * NPH);
    this.criticalCount = new Int32Array(this.nCores);
    this.coreMsgs = new Int32Array(this.nCores);
    this.coreSyn = new Int32Array(this.nCores);
    this.coreActive = new Int32Array(this.nCores);
    this.coreSize = Int32Array.from(image.cores, (k) => k.compartmentConfig.length);
  }

  /**
   * Counts the step loop keeps with integer adds (docs/emulator.md, "Performance design"); fold()
   * turns them into cycles and operations once per step, before endStep.
   * coreMsgs: messages injected per core; coreSyn: synaptic operations per core; coreActive:
   * active compartments per core (the rest of coreSize were inactive).
   */
  readonly coreMsgs: Int32Array;
  readonly coreSyn: Int32Array;
  readonly coreActive: Int32Array;
  readonly coreSize: Int32Array;

  /**
   * Folds the batched per-core counts of the step into cycles per phase and operation counts, for
   * cores [c0, c1) (a share of cores, threads/; all by default).
   */
  fold(c0 = 0, c1 = this.nCores): void {
    const sc = this.stepCore, cyc = this.cyc, ops = this.stepOps;
    let syn = 0, act = 0, inact = 0;
    for (let c = c0; c < c1; c++) {
      const o = c * NPH;
      const a = this.coreActive[c], ia = this.coreSize[c] - a, m = this.coreMsgs[c], s = this.coreSyn[c];
      if (m !== 0) sc[o + PH_EMIT] += m * cyc[OP_INTILE];
      if (s !== 0) sc[o + PH_DELIVER] += s * cyc[OP_SYN];
      sc[o + PH_UPDATE] += a * cyc[OP_ACTIVE] + ia * cyc[OP_INACTIVE];
      syn += s;
      act += a;
      inact += ia;
    }
    ops[OP_SYN] += syn;
    ops[OP_ACTIVE] += act;
    ops[OP_INACTIVE] += inact;
    this.coreMsgs.fill(0, c0, c1);
    this.coreSyn.fill(0, c0, c1);
    this.coreActive.fill(0, c0, c1);
  }

  /**
   * The learning epoch's management-core work (issue 12 item 9): `macs` multiply-accumulates
   * (§5.3-§5.5: C*N + 2*M*N per modulatory block) and `words` values broadcast to the neurocores
   * (L_i and delta_c). One management core does it before the neurocores update weights, so its
   * cycles add to the epoch's, after the busiest core's.
   */
  chargeManagement(macs: number, words: number): void {
    this.stepManagement += macs * this.cyc[OP_MAC] + words * this.cyc[OP_WORD];
    this.stepOps[OP_MAC] += macs;
    this.stepOps[OP_WORD] += words;
  }

  /** Adds `count` operations of kind `op` done by `core` in `phase` of the current step. */
  charge(core: number, phase: number, op: number, count: number): void {
    this.stepCore[core * NPH + phase] += count * this.cyc[op];
    this.stepOps[op] += count;
  }

  /**
   * The barrier (§3.1 phase 5): the step lasts as long as its busiest core, plus the NoC
   * (longest latency, plus one hop time per extra message queued on the most loaded link),
   * plus the barrier itself. Returns the step's cycles.
   */
  endStep(maxLinkLoad: number, epoch = false): number {
    this.closeCores(0, this.nCores);
    return this.closeStep(this.busiest, this.busiestCore, maxLinkLoad, epoch);
  }

  /** closeCores' result: the largest busy cycles of the share's cores, and the lowest such core (-1: none) */
  busiest = -1;
  busiestCore = -1;

  /**
   * The cores' half of the barrier, for cores [c0, c1): adds the step's cycles per core and phase
   * to the totals, clears them, and leaves the busiest core (lowest index on ties) in
   * busiest/busiestCore. Shares of cores (threads/) each close their own.
   */
  closeCores(c0: number, c1: number): void {
    const sc = this.stepCore;
    let best = -1, bestBusy = -1;
    for (let c = c0; c < c1; c++) {
      const o = c * NPH;
      const busy = sc[o] + sc[o + 1] + sc[o + 2] + sc[o + 3];
      for (let p = 0; p < NPH; p++) this.coreCycles[o + p] += sc[o + p];
      if (busy > bestBusy) { bestBusy = busy; best = c; }
    }
    sc.fill(0, c0 * NPH, c1 * NPH);
    this.busiest = bestBusy;
    this.busiestCore = best;
  }

  /**
   * The step's half of the barrier, from the busiest core (`bestBusy` cycles, core `best`), the
   * step's operation counts and latency (stepOps, stepLatency: a share's are summed into these
   * first) and the most loaded link. Returns the step's cycles.
   */
  closeStep(bestBusy: number, best: number, maxLinkLoad: number, epoch = false): number {
    const hop = Math.max(this.cyc[OP_EW], this.cyc[OP_NS]);
    const noc = this.stepLatency + (maxLinkLoad > 1 ? (maxLinkLoad - 1) * hop : 0);
    const mgmt = this.stepManagement;
    this.stepManagement = 0;
    const cycles = Math.max(0, bestBusy) + noc + this.barrierCycles + mgmt;
    this.managementCycles += mgmt;
    let e = 0;
    for (let k = 0; k < NOPS; k++) {
      e += this.stepOps[k] * this.energy[k];
      this.ops[k] += this.stepOps[k];
    }
    this.stepOps.fill(0);
    this.stepLatency = 0;
    if (best >= 0) this.criticalCount[best]++;
    this.lastCritical = best;
    this.lastStepCycles = cycles;
    this.lastStepEnergy = e;
    this.energyPJ += e;
    this.totalCycles += cycles;
    this.nocCycles += noc;
    this.barrierTotal += this.barrierCycles;
    if (cycles > this.maxStepCycles) this.maxStepCycles = cycles;
    if (epoch) this.epochs++;
    else this.steps++;
    return cycles;
  }

  reset(): void {
    this.coreCycles.fill(0);
    this.ops.fill(0);
    this.criticalCount.fill(0);
    this.totalCycles = this.nocCycles = this.barrierTotal = this.maxStepCycles = this.energyPJ = this.managementCycles = 0;
    this.steps = this.epochs = 0;
    this.lastStepCycles = this.lastStepEnergy = 0;
    this.lastCritical = -1;
  }
}
