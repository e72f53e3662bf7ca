/**
 * The threads' control block and barrier (docs/emulator.md, "Threads"): one Int32Array on a
 * SharedArrayBuffer. A barrier is a generation counter: the last of n threads to arrive resets the
 * arrival count and bumps the generation; the others spin briefly, then sleep in Atomics.wait
 * until it changes. A failing thread raises FAILED and wakes everyone, so no thread waits forever
 * for one that will not arrive: every waiter then throws ThreadFailure.
 */

/** Control block slots. */
export const GEN = 0, ARRIVED = 1, FAILED = 2, CMD = 3, ARG_T = 4, ARG_FLAGS = 5, MSG_LEN = 6;
/** per share s: ALIVE + s (set when its worker runs), COUNTS + 2s + parity (its spike list's length), TOUCH + 2s (+1) (touched plastic ids, axons) */
export const ALIVE = 8;
export const controlSize = (n: number) => ALIVE + 5 * n;
export const countsAt = (n: number) => ALIVE + n;
export const touchAt = (n: number) => ALIVE + 3 * n;

export const CMD_RUN = 1, CMD_QUIT = 2;
export const FLAG_TRAINING = 1, FLAG_SWEEP = 2, FLAG_HOOKS = 4, FLAG_HOLD = 8;

/** A thread stopped with an error (its message), or the run was aborted. */
export class ThreadFailure extends Error {}

/**
 * Spin limits: a step of a small network lasts ~0.1-0.3 ms, so waking from Atomics.wait on every
 * barrier would cost a large part of it; but on a machine with more runnable threads than cores a
 * spinning thread takes the core from the one it waits for. The limit adapts: it grows while
 * waits end within it and halves when a wait has to sleep.
 */
const SPIN_MIN = 1 << 10, SPIN_MAX = 1 << 18;

export class Barrier {
  private spin = 1 << 14;

  constructor(readonly ctl: Int32Array, readonly n: number, readonly message: Uint8Array) {}

  /**
   * Waits until all n threads arrived. `poll` runs every 100 ms of waiting (it may throw, e.g. when
   * a worker never started).
   */
  wait(poll?: () => void): void {
    const ctl = this.ctl;
    const gen = Atomics.load(ctl, GEN);
    if (Atomics.load(ctl, FAILED) !== 0) throw this.failure();
    if (Atomics.add(ctl, ARRIVED, 1) === this.n - 1) {
      Atomics.store(ctl, ARRIVED, 0);
      Atomics.add(ctl, GEN, 1);
      Atomics.notify(ctl, GEN);
      return;
    }
    for (let i = 0, k = this.spin; i < k; i++) {
      if (Atomics.load(ctl, GEN) !== gen) {
        if (this.spin < SPIN_MAX) this.spin += this.spin >> 2;
        return;
      }
    }
    if (this.spin > SPIN_MIN) this.spin >>= 1;
    while (Atomics.load(ctl, GEN) === gen) {
      if (Atomics.load(ctl, FAILED) !== 0) throw this.failure();
      Atomics.wait(ctl, GEN, gen, 100);
      poll?.();
    }
  }

  /** Marks the run failed (the first failure's message is kept) and wakes every waiter. */
  fail(message: string): void {
    if (Atomics.compareExchange(this.ctl, FAILED, 0, 1) === 0) {
      const bytes = new TextEncoder().encode(message).subarray(0, this.message.length);
      this.message.set(bytes);
      Atomics.store(this.ctl, MSG_LEN, bytes.length);
    }
    Atomics.notify(this.ctl, GEN);
  }

  failure(): ThreadFailure {
    const len = Atomics.load(this.ctl, MSG_LEN);
    const text = new TextDecoder().decode(this.message.slice(0, len));
    return new ThreadFailure(`emulator thread failed: ${text || 'aborted'}`);
  }
}
