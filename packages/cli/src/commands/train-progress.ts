/**
 * The progress bars of `snnc train` on stderr: one bar per phase (train, validation, test) of each
 * epoch, with the running accuracy and the samples per second; with --jobs, one per running seed.
 * `snnc verify` shows its samples with the same bar, or the same heartbeat.
 */
import cliProgress from 'cli-progress';
import type { TrainProgress } from '@snnc/training';
import { say } from '../util.js';

/**
 * Where a long run is: samples done of its phase's total. Training's phases belong to epochs and
 * have a running accuracy (a TrainProgress); verify's one phase has neither (random input's labels
 * are random), and its lines and bar leave them out.
 */
export type RunProgress = Omit<TrainProgress, 'phase' | 'epoch' | 'epochs' | 'accuracy'> & {
  phase: string;
  epoch?: number;
  epochs?: number;
  accuracy?: number;
};

export interface Progress {
  update(seed: number, p: RunProgress): void;
  /** a line for the log, printed above the bars */
  log(line: string): void;
  stop(): void;
}

/**
 * The progress bars on stderr: one bar per phase (train, validation, test) of each epoch, with the
 * running accuracy and the samples per second; with --jobs, one per running seed. Rendered by
 * cli-progress; when stderr is a terminal (not with --json) or --progress is given, so logs stay
 * clean.
 */
export function createProgress(parallel: number): Progress {
  return parallel > 1 ? createSeedBars() : createSingleBar();
}

/**
 * The bars when stderr is a terminal (and stdout not kept for --json) or --progress asks for them,
 * else the heartbeat: what a long run of `snnc train` or `snnc verify` shows.
 */
export function createRunProgress(o: { progress?: boolean; json?: boolean }, parallel = 1, labelSeeds = false): Progress {
  const showBar = o.progress === true || (!o.json && process.stderr.isTTY === true);
  return showBar ? createProgress(parallel) : createHeartbeat(labelSeeds);
}

/**
 * Without bars (stderr not a terminal, or --json): one plain line at most every `intervalMs` of
 * silence, so a log of a long run (a Fashion-MNIST epoch, a spec of 10^5 steps) still shows where
 * it is; short runs print nothing beyond their epoch lines. `now` and `write` are injected by tests.
 */
/** The heartbeat's silence in a log or with --json: one line at most every 2 minutes (train, phases, emulate). */
export const HEARTBEAT_MS = 120_000;

export function createHeartbeat(labelSeeds: boolean, { intervalMs = HEARTBEAT_MS, now = () => performance.now(), write = say }: { intervalMs?: number; now?: () => number; write?: (line: string) => void } = {}): Progress {
  const speed = phaseClock(now);
  let last = now();
  return {
    update(seed, p) {
      const rate = speed(seed, p);
      const t = now();
      if (t - last < intervalMs || p.done === 0) return;
      last = t;
      const accuracy = p.accuracy !== undefined ? `, accuracy so far ${(100 * p.accuracy).toFixed(2)}%` : '';
      write(`${labelSeeds ? `seed ${seed} ` : ''}${place(p)}: ${p.done}/${p.total} samples${accuracy}, ${rate.toFixed(rate < 1 ? 3 : 1)} samples/s`);
    },
    log(line) {
      last = now();
      write(line);
    },
    stop() {},
  };
}

/**
 * Samples per second of each seed's current phase. The trainer's first report of a phase comes
 * after `progressEvery` samples, not at 0, so a phase is timed from the seed's previous report (the
 * end of its previous phase), or from the clock's creation for its first.
 */
function phaseClock(now: () => number = () => performance.now()): (seed: number, p: RunProgress) => number {
  const created = now();
  const phase = new Map<number, { key: string; started: number; seen: number }>();
  return (seed, p) => {
    const key = `${p.phase}/${p.epoch}`;
    const t = now();
    const s = phase.get(seed);
    if (!s || s.key !== key) phase.set(seed, { key, started: s?.seen ?? created, seen: t });
    else s.seen = t;
    return (p.done * 1000) / Math.max(1, t - phase.get(seed)!.started);
  };
}

const BAR_OPTIONS = { stream: process.stderr, hideCursor: false, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 2000 } as const;
const BAR_FORMAT = '{place} [{bar}] {value}/{total}{acc} | {rate} samples/s';

/** "train epoch 2/3", or a phase without epochs alone ("verify") */
const place = (p: RunProgress, width = 0) => (p.epoch !== undefined ? `${p.phase.padEnd(width)} epoch ${p.epoch + 1}/${p.epochs}` : p.phase);

function barPayload(p: RunProgress, rate: number) {
  return {
    place: place(p, 10),
    acc: p.accuracy !== undefined ? ` | acc ${(100 * p.accuracy).toFixed(2)}%` : '',
    rate: rate.toFixed(rate < 1 ? 3 : 1),
  };
}

/** One thread: training runs synchronously here, so the bar redraws on its own updates (a SingleBar). */
function createSingleBar(): Progress {
  const bar = new cliProgress.SingleBar({ ...BAR_OPTIONS, format: BAR_FORMAT }, cliProgress.Presets.shades_classic);
  const speed = phaseClock();
  let key = '';
  const stop = () => {
    if (key) bar.stop();
    key = '';
  };
  return {
    update(seed, p) {
      const k = `${p.phase}/${p.epoch}`;
      const payload = barPayload(p, speed(seed, p));
      if (k !== key) {
        if (key) bar.stop();
        key = k;
        bar.start(p.total, p.done, payload);
      } else bar.update(p.done, payload);
    },
    log(line) {
      stop();
      say(line);
    },
    stop,
  };
}

/** --jobs: the main thread only waits on workers, so a MultiBar's timer redraws one bar per running seed. */
function createSeedBars(): Progress {
  const multi = new cliProgress.MultiBar({ ...BAR_OPTIONS, format: `seed {seed} ${BAR_FORMAT}` }, cliProgress.Presets.shades_classic);
  const speed = phaseClock();
  const bars = new Map<number, { bar: cliProgress.SingleBar; key: string }>();
  return {
    update(seed, p) {
      const k = `${p.phase}/${p.epoch}`;
      const payload = { seed, ...barPayload(p, speed(seed, p)) };
      let b = bars.get(seed);
      if (!b) {
        b = { bar: multi.create(p.total, p.done, payload), key: k };
        bars.set(seed, b);
      } else if (b.key !== k) {
        b.key = k;
        b.bar.setTotal(p.total);
      }
      b.bar.update(p.done, payload);
      // a finished seed's bar makes room for the next seed's
      if (p.phase === 'test' && p.done === p.total) {
        multi.remove(b.bar);
        bars.delete(seed);
      }
    },
    log(line) {
      multi.log(`snnc: ${line}\n`);
      multi.update(); // flush now: stop() drops lines still buffered
    },
    stop() {
      multi.stop();
      bars.clear();
    },
  };
}
