/**
 * A worker thread of `--threads N` (docs/emulator.md, "Threads"): rebuilds its share of the machine
 * around the shared arrays, then runs samples as the main thread commands (barrier.ts) until told
 * to quit. Any error marks the run failed (every thread then throws instead of waiting).
 */
import { workerData } from 'node:worker_threads';
import type { ChipImage } from '@snnc/image';
import { CostCounter } from '../cost.js';
import type { DeliveryScope } from '../delivery.js';
import { Share } from '../share.js';
import { ALIVE, ARG_FLAGS, ARG_T, Barrier, CMD, CMD_QUIT, FLAG_HOLD, FLAG_HOOKS, FLAG_SWEEP, FLAG_TRAINING } from './barrier.js';
import { runShareSteps } from './loop.js';
import { machineView, type MachineFields } from './shared.js';

export interface WorkerInit {
  s: number;
  n: number;
  machine: MachineFields;
  scope: DeliveryScope;
  cost: ChipImage['cost'];
  coreSize: Int32Array;
  coreCycles: Float64Array;
  mesh: ChipImage['mesh'];
  kernel: Float64Array;
  /** §5.2 causal pairing */
  causal: boolean;
  vBits: number;
  cBits: number;
  spikeCount: Int32Array;
  elig: Int32Array;
  x: Int32Array;
  spike: Uint8Array;
  lists: [Int32Array[], Int32Array[]];
  touched: [Int32Array, Int32Array];
  ctl: Int32Array;
  message: Uint8Array;
  records: Float64Array;
  raster: Uint8Array;
}

function main(d: WorkerInit): void {
  const barrier = new Barrier(d.ctl, d.n, d.message);
  Atomics.store(d.ctl, ALIVE + d.s, 1);
  try {
    const m = machineView(d.machine);
    const cost = new CostCounter({ cost: d.cost, cores: Array.from(d.coreSize, (k) => ({ compartmentConfig: { length: k } })) }, d.coreCycles);
    const share = new Share(m, cost, d.mesh, d.scope, d.kernel, d.vBits, d.cBits, {
      spikeCount: d.spikeCount, elig: d.elig, x: d.x, spike: d.spike, lists: [d.lists[0][d.s], d.lists[1][d.s]], eligTouched: d.touched[0], axonTouched: d.touched[1],
    }, d.causal);
    const cx = { s: d.s, n: d.n, barrier, lists: d.lists, records: d.records, raster: d.raster };
    barrier.wait(); // started
    for (;;) {
      barrier.wait(); // the main thread's command
      if (d.ctl[CMD] === CMD_QUIT) return;
      const f = d.ctl[ARG_FLAGS];
      runShareSteps(share, cx, d.ctl[ARG_T], (f & FLAG_TRAINING) !== 0, (f & FLAG_HOLD) !== 0, (f & FLAG_SWEEP) !== 0, (f & FLAG_HOOKS) !== 0);
    }
  } catch (e) {
    barrier.fail(`share ${d.s}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
}

main(workerData as WorkerInit);
