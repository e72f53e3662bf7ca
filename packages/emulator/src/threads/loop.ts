/**
 * One share's steps of a sample on one thread (docs/emulator.md, "Threads"), the same code on the
 * main thread and in workers. Per step: EMIT into its list, barrier, DELIVER from every share's
 * list, UPDATE, and its step record (the busiest of its cores, its operation counts, latency, link
 * load and counters) for the main thread to merge by share index. Lists and records alternate
 * between two buffers by step parity, so one barrier per step suffices: a share overwrites the
 * buffers of step t only in step t + 2, after every share has passed the barrier of step t + 1.
 */
import { NOPS } from '../cost.js';
import type { Share } from '../share.js';
import { Barrier, countsAt, touchAt } from './barrier.js';

/** Step record layout (Float64 words per share per parity). */
export const R_BUSY = 0, R_CORE = 1, R_LATENCY = 2, R_LOAD = 3, R_SPIKES = 4, R_INPUT = 5, R_MSGS = 6, R_HOST = 7, R_ELIG = 8, R_OPS = 9;
export const REC = R_OPS + NOPS;

export interface LoopContext {
  s: number;
  n: number;
  barrier: Barrier;
  /** lists[p][u]: share u's spike list of parity p */
  lists: [Int32Array[], Int32Array[]];
  records: Float64Array;
  raster: Uint8Array;
}

/** Main-thread work between phases: merge the records of step t (and call the hooks). */
export interface LoopHooks {
  /** after the barrier of step t (every share's step t - 1 is done) */
  afterEmit?(t: number): void;
  /** with per-step hooks: between two barriers after step t, every share idle */
  afterStep?(t: number): void;
}

export function runShareSteps(sh: Share, cx: LoopContext, T: number, training: boolean, hold: boolean, sweepAll: boolean, perStep: boolean, main?: LoopHooks): void {
  const { s, n, barrier, records, raster } = cx;
  const ctl = barrier.ctl;
  const counts = new Int32Array(n);
  const cAt = countsAt(n);
  sh.reset(training, sweepAll);
  for (let t = 0; t < T; t++) {
    const p = t & 1;
    sh.emit(t);
    ctl[cAt + 2 * s + p] = sh.pipe.nCompSpiking;
    barrier.wait();
    main?.afterEmit?.(t);
    for (let u = 0; u < n; u++) counts[u] = ctl[cAt + 2 * u + p];
    sh.deliver(t, T, training, raster, cx.lists[p], counts);
    sh.update(t, training, hold);
    sh.close();
    const o = (p * n + s) * REC;
    const cost = sh.cost;
    records[o + R_BUSY] = cost.busiest;
    records[o + R_CORE] = cost.busiestCore;
    records[o + R_LATENCY] = cost.stepLatency;
    records[o + R_LOAD] = sh.noc.maxLoad;
    records[o + R_SPIKES] = sh.spikes;
    records[o + R_INPUT] = sh.inputSpikes;
    records[o + R_MSGS] = sh.messages;
    records[o + R_HOST] = sh.hostMessages;
    records[o + R_ELIG] = sh.eligibilityEvents;
    for (let k = 0; k < NOPS; k++) records[o + R_OPS + k] = cost.stepOps[k];
    sh.endStep();
    if (perStep) {
      barrier.wait();
      main?.afterStep?.(t);
      barrier.wait();
    }
  }
  const tAt = touchAt(n);
  ctl[tAt + 2 * s] = sh.nEligTouched;
  ctl[tAt + 2 * s + 1] = sh.nAxonTouched;
  barrier.wait();
}
