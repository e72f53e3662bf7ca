/**
 * The main thread's side of `--threads N` (docs/emulator.md, "Threads"): splits the cores into N
 * shares (partition.ts), moves the state into shared memory (shared.ts), starts N - 1 workers
 * (worker.ts; the main thread runs share 0) and runs samples on them, merging each step's records
 * by share index into the emulator's counters exactly as one thread closes a step. Workers are
 * terminated on any failure and by close(); a failing worker makes every thread throw instead of
 * waiting for it.
 */
import { Worker } from 'node:worker_threads';
import { collectGarbage } from '../collect.js';
import { CostCounter } from '../cost.js';
import type { Emulator } from '../emulator.js';
import { Share } from '../share.js';
import { PROGRESS_STEPS, type EmulatorHooks } from '../types.js';
import { ALIVE, Barrier, CMD, CMD_QUIT, CMD_RUN, ARG_FLAGS, ARG_T, controlSize, FLAG_HOLD, FLAG_HOOKS, FLAG_SWEEP, FLAG_TRAINING, touchAt, ThreadFailure } from './barrier.js';
import { REC, R_BUSY, R_CORE, R_ELIG, R_HOST, R_INPUT, R_LATENCY, R_LOAD, R_MSGS, R_OPS, R_SPIKES, runShareSteps, type LoopContext } from './loop.js';
import { partitionCores, shareScope } from './partition.js';
import { sharedArray, shareMachine, toShared } from './shared.js';
import type { WorkerInit } from './worker.js';

/** How long a worker may take to start running its module before the pool gives up. */
const START_TIMEOUT_MS = 60_000;
/**
 * A worker's young generation, in MB. Building a share's delivery tables makes short-lived
 * garbage; with V8's default (up to ~48 MB) the worker's semi-spaces fill and stay resident, which
 * was most of what `--threads 2` added to peak memory (100k x 100: 670 MB against 622 on one
 * thread, docs/benchmarks.md "Emulation memory"). The step loop allocates nothing, so a small
 * young generation costs only more, cheaper scavenges while loading.
 */
const WORKER_YOUNG_MB = 4;

export interface ThreadPool {
  readonly n: number;
  /** the core boundaries of the shares (share s: cores [bounds[s], bounds[s + 1])) */
  readonly bounds: Int32Array;
  /** hold: §5.11 homeostasis hold, to every share through the run's flags */
  run(raster: Uint8Array, T: number, training: boolean, hold: boolean, sweepAll: boolean, hooks: EmulatorHooks | undefined, onProgress?: (done: number, steps: number) => void): void;
  /** every share's touched plastic ids and axons of the last sample, concatenated in share order; returns the plastic ids' count */
  mergeTouched(elig: Int32Array, axons: Int32Array): number;
  readonly nAxonTouched: number;
  close(): void;
}

export function startThreads(emu: Emulator, n: number): ThreadPool {
  return new Pool(emu, n);
}

class Pool implements ThreadPool {
  readonly bounds: Int32Array;
  private readonly workers: Worker[] = [];
  private readonly barrier: Barrier;
  private readonly cx: LoopContext;
  private readonly share: Share;
  private readonly touched: Array<[Int32Array, Int32Array]> = [];
  private readonly ovf: Float64Array[] = [];
  nAxonTouched = 0;
  private closed = false;

  constructor(private readonly emu: Emulator, readonly n: number) {
    const m = emu.mach;
    const image = emu.image;
    this.bounds = partitionCores(m, n);
    const fields = shareMachine(m);
    const arrays = {
      spikeCount: sharedArray(Int32Array, m.nComp),
      elig: sharedArray(Int32Array, m.nPlastic),
      x: sharedArray(Int32Array, m.hasDelta ? m.nAxons : 0),
    };
    const spike = sharedArray(Uint8Array, m.nComp);
    const coreCycles = toShared(emu.cost.coreCycles);
    (emu.cost as { coreCycles: Float64Array }).coreCycles = coreCycles;
    const ctl = sharedArray(Int32Array, controlSize(n));
    const message = sharedArray(Uint8Array, 2048);
    this.barrier = new Barrier(ctl, n, message);
    const lists: [Int32Array[], Int32Array[]] = [[], []];
    const scopes = Array.from({ length: n }, (_, s) => shareScope(m, this.bounds, s));
    for (const sc of scopes) {
      lists[0].push(sharedArray(Int32Array, sc.g1 - sc.g0));
      lists[1].push(sharedArray(Int32Array, sc.g1 - sc.g0));
      this.touched.push([sharedArray(Int32Array, m.nPlastic), sharedArray(Int32Array, m.hasDelta ? m.axonStart[sc.c1] - m.axonStart[sc.c0] : 0)]);
      this.ovf.push(sc === scopes[0] ? m.ovf : sharedArray(Float64Array, m.ovf.length));
    }
    const records = sharedArray(Float64Array, 2 * n * REC);
    const raster = sharedArray(Uint8Array, emu.timesteps * m.nPorts);
    this.cx = { s: 0, n, barrier: this.barrier, lists, records, raster };
    const coreSize = Int32Array.from({ length: m.nCores }, (_, c) => m.compStart[c + 1] - m.compStart[c]);
    const costOf = (cc: Float64Array) => new CostCounter({ cost: image.cost, cores: Array.from(coreSize, (k) => ({ compartmentConfig: { length: k } })) }, cc);
    this.share = new Share(m, costOf(coreCycles), image.mesh, scopes[0], emu.kernel, emu.vBits, emu.cBits, {
      ...arrays, spike, lists: [lists[0][0], lists[1][0]], eligTouched: this.touched[0][0], axonTouched: this.touched[0][1],
    }, emu.causal);
    emu.adoptShares(this.share, arrays, new Int32Array(m.nPlastic), new Int32Array(m.hasDelta ? m.nAxons : 0));
    // share 0's delivery build leaves its garbage on this thread: return it before the workers build theirs (collect.ts)
    collectGarbage();
    try {
      for (let s = 1; s < n; s++) {
        const init: WorkerInit = {
          s, n, machine: { ...fields, ovf: this.ovf[s] }, scope: scopes[s], cost: image.cost, coreSize, coreCycles, mesh: image.mesh,
          kernel: emu.kernel, causal: emu.causal, vBits: emu.vBits, cBits: emu.cBits, ...arrays, spike, lists, touched: this.touched[s], ctl, message, records, raster,
        };
        const w = new Worker(new URL('./worker.js', import.meta.url), { workerData: init, resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_MB } });
        w.unref();
        this.workers.push(w);
      }
      const t0 = Date.now();
      this.barrier.wait(() => {
        for (let s = 1; s < n; s++) {
          if (Atomics.load(ctl, ALIVE + s) === 0 && Date.now() - t0 > START_TIMEOUT_MS) throw new ThreadFailure(`emulator thread ${s} did not start within ${START_TIMEOUT_MS / 1000} s`);
        }
      });
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  run(raster: Uint8Array, T: number, training: boolean, hold: boolean, sweepAll: boolean, hooks: EmulatorHooks | undefined, onProgress?: (done: number, steps: number) => void): void {
    if (this.closed) throw new ThreadFailure('the emulator\'s threads were closed');
    const ctl = this.barrier.ctl;
    const perStep = hooks?.onStep !== undefined;
    this.cx.raster.set(raster.subarray(0, this.cx.raster.length));
    ctl[CMD] = CMD_RUN;
    ctl[ARG_T] = T;
    ctl[ARG_FLAGS] = (training ? FLAG_TRAINING : 0) | (hold ? FLAG_HOLD : 0) | (sweepAll ? FLAG_SWEEP : 0) | (perStep ? FLAG_HOOKS : 0);
    try {
      this.barrier.wait();
      runShareSteps(this.share, this.cx, T, training, hold, sweepAll, perStep, {
        // step t - 1 is whole once every share has emitted step t: told then (RunOptions.onProgress)
        afterEmit: perStep ? undefined : (t) => {
          if (t > 0) this.merge(t - 1);
          if (onProgress && t > 0 && t % PROGRESS_STEPS === 0) onProgress(t, T);
        },
        afterStep: (t) => {
          this.merge(t);
          this.emu.emitView(raster, t, hooks!);
          if (onProgress && (t + 1) % PROGRESS_STEPS === 0) onProgress(t + 1, T);
        },
      });
      if (!perStep) {
        this.merge(T - 1);
        if (onProgress && T % PROGRESS_STEPS === 0) onProgress(T, T);
      }
    } catch (e) {
      this.abort();
      throw e;
    }
    // §1.2 overflow counts of the other shares, in share order
    const ovf = this.emu.mach.ovf;
    for (let s = 1; s < this.n; s++) {
      const o = this.ovf[s];
      for (let i = 0; i < o.length; i++) ovf[i] += o[i];
      o.fill(0);
    }
  }

  /** Step t's records of every share, merged in share order (ascending core id) into the emulator's counters. */
  private merge(t: number): void {
    const rec = this.cx.records, n = this.n;
    const cost = this.emu.cost;
    const ops = cost.stepOps;
    let busy = -1, core = -1, latency = 0, load = 0;
    const c = { spikes: 0, inputSpikes: 0, messages: 0, hostMessages: 0, eligibilityEvents: 0 };
    for (let s = 0; s < n; s++) {
      const o = ((t & 1) * n + s) * REC;
      if (rec[o + R_BUSY] > busy) {
        busy = rec[o + R_BUSY];
        core = rec[o + R_CORE];
      }
      if (rec[o + R_LATENCY] > latency) latency = rec[o + R_LATENCY];
      if (rec[o + R_LOAD] > load) load = rec[o + R_LOAD];
      c.spikes += rec[o + R_SPIKES];
      c.inputSpikes += rec[o + R_INPUT];
      c.messages += rec[o + R_MSGS];
      c.hostMessages += rec[o + R_HOST];
      c.eligibilityEvents += rec[o + R_ELIG];
      for (let k = 0; k < ops.length; k++) ops[k] += rec[o + R_OPS + k];
    }
    cost.stepLatency = latency;
    this.emu.closeStep(busy, core, load, c);
  }

  mergeTouched(elig: Int32Array, axons: Int32Array): number {
    const ctl = this.barrier.ctl, at = touchAt(this.n);
    let ne = 0, na = 0;
    for (let s = 0; s < this.n; s++) {
      const [e, a] = this.touched[s];
      const ke = ctl[at + 2 * s], ka = ctl[at + 2 * s + 1];
      elig.set(e.subarray(0, ke), ne);
      axons.set(a.subarray(0, ka), na);
      ne += ke;
      na += ka;
    }
    this.nAxonTouched = na;
    return ne;
  }

  /** Stops the workers (they leave their command loop) and terminates them. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const ctl = this.barrier.ctl;
    if (Atomics.load(ctl, 2) === 0) {
      ctl[CMD] = CMD_QUIT;
      try {
        this.barrier.wait();
      } catch {
        // a failed worker: terminated below
      }
    }
    for (const w of this.workers) void w.terminate();
  }

  /** A failure: every waiting thread is woken and throws; the workers are terminated. */
  private abort(): void {
    this.closed = true;
    this.barrier.fail('aborted');
    for (const w of this.workers) void w.terminate();
  }
}
