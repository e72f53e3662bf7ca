/**
 * Plastic feedback by spike-based alignment learning on the chip (docs/semantics.md §5.10),
 * split as a chip splits it: during the sample every SAL compartment's core records the steps at
 * which it spiked (T bits of learning state per compartment) and the management core counts the
 * readout's spikes per class and step (Z, from the readout compartments' spikes it reads); in the
 * learning epoch the cores send the records of their spiking SAL compartments and the management
 * core forms the window contrast D, relays it through H and updates the decoder rows of the
 * compartments that spiked. Buffers are allocated at load; nothing per step or epoch.
 */
import type { ChipImage, SalProgram } from '@snnc/image';
import { stochasticRound } from './fixed.js';
import type { ManagementCore } from './learning.js';
import type { Machine } from './machine.js';

interface SalBlock {
  sal: SalProgram;
  n: number;
  m: number;
  /** the live decoder, shared with the management core's §5.5 */
  Wmh: Int8Array;
  initial: Int8Array;
  Q: Float64Array;
  R: Float64Array; // M x T
  K: Float64Array; // N x M
  evT: Int32Array;
  evI: Int32Array;
  nEv: number;
  spiked: Uint8Array;
  list: Int32Array;
  nList: number;
}

export class SalEngine {
  private readonly blocks: (SalBlock | null)[];
  private readonly T: number;
  private readonly C: number;
  private readonly Z: Int32Array;
  private readonly D: Float64Array;
  /** management-core multiply-accumulates and words received in the last epoch (cost model) */
  ops = 0;
  words = 0;
  /** decoder entries updated since load (each one synaptic update of the management core) */
  updates = 0;

  constructor(image: ChipImage, mgmt: ManagementCore) {
    this.T = image.timesteps;
    this.C = image.management.classes;
    const T = this.T;
    this.blocks = (image.management.learning?.blocks ?? []).map((b, k) => {
      if (!b.sal) return null;
      // §5.10 window table, the contract's recurrence (as §5.2's)
      const Q = new Float64Array(Math.max(T, 1));
      Q[0] = 4096;
      for (let j = 0; j + 1 < T; j++) Q[j + 1] = Math.floor((Q[j] * (4096 - b.sal.decayS)) / 4096);
      return {
        sal: b.sal, n: b.n, m: b.m, Wmh: mgmt.blocks[k].Wmh, initial: b.Wmh, Q,
        R: new Float64Array(b.m * T), K: new Float64Array(b.n * b.m),
        evT: new Int32Array(b.n * T), evI: new Int32Array(b.n * T), nEv: 0,
        spiked: new Uint8Array(b.n), list: new Int32Array(b.n), nList: 0,
      };
    });
    // classes x T costs the image nothing: an image without SAL (the engine is then dropped) allocates none
    const ct = this.active ? this.C * T : 0;
    this.Z = new Int32Array(ct);
    this.D = new Float64Array(ct);
  }

  get active(): boolean {
    return this.blocks.some((b) => b !== null);
  }

  /** §3.4: the decoders start at the image's Wmh. */
  resetPersistent(): void {
    for (const b of this.blocks) if (b) b.Wmh.set(b.initial);
  }

  resetSample(): void {
    this.Z.fill(0);
    for (const b of this.blocks) {
      if (!b) continue;
      for (let k = 0; k < b.nList; k++) b.spiked[b.list[k]] = 0;
      b.nList = 0;
      b.nEv = 0;
    }
  }

  /** Step t's spiking compartments (`list[0..n)`, global ids): Z_c(t) and the SAL records. */
  record(mach: Machine, t: number, list: Int32Array, n: number): void {
    const T = this.T;
    const cls = mach.compClass, blk = mach.compModBlock, row = mach.compModRow;
    for (let k = 0; k < n; k++) {
      const g = list[k];
      if (cls[g] >= 0) this.Z[cls[g] * T + t]++; // readout compartments only carry a class
      const bi = blk[g];
      if (bi < 0) continue;
      const b = this.blocks[bi];
      if (!b) continue;
      const i = row[g];
      b.evT[b.nEv] = t;
      b.evI[b.nEv++] = i;
      if (b.spiked[i] === 0) {
        b.spiked[i] = 1;
        b.list[b.nList++] = i;
      }
    }
  }

  /** §5.10 decoder update of the epoch; returns decoder entries changed. */
  update(seed: number, epoch: number): number {
    const T = this.T, C = this.C, Z = this.Z, D = this.D;
    let changed = 0, ops = 0, words = 0;
    for (const b of this.blocks) {
      if (!b) continue;
      const Q = b.Q;
      for (let c = 0; c < C; c++) {
        for (let t = 0; t < T; t++) {
          let d = 0;
          for (let u = t + 1; u < T; u++) d += Q[u - t - 1] * Z[c * T + u];
          for (let u = t - 1; u >= 0; u--) d -= Q[t - 1 - u] * Z[c * T + u];
          D[c * T + t] = d;
        }
      }
      const { m: M, sal, R, K, Wmh } = b;
      const H = sal.H;
      for (let a = 0; a < M; a++) {
        for (let t = 0; t < T; t++) {
          let r = 0;
          for (let c = 0; c < C; c++) r += H[a * C + c] * D[c * T + t];
          R[a * T + t] = Math.floor(r / 4096);
        }
      }
      for (let e = 0; e < b.nEv; e++) {
        const t = b.evT[e], base = b.evI[e] * M;
        for (let a = 0; a < M; a++) K[base + a] += R[a * T + t];
      }
      for (let k = 0; k < b.nList; k++) {
        const base = b.list[k] * M;
        for (let a = 0; a < M; a++) {
          const s = base + a;
          const dw = stochasticRound(sal.mant * K[s] - sal.leak * Wmh[s], sal.shift, seed, epoch, sal.keyProjection, s);
          K[s] = 0;
          const v = Wmh[s] + dw;
          const w = v < -127 ? -127 : v > 127 ? 127 : v;
          if (w !== Wmh[s]) {
            Wmh[s] = w;
            changed++;
          }
        }
      }
      this.updates += b.nList * M;
      ops += C * T * T + M * T * C + b.nEv * M + 2 * b.nList * M;
      words += b.nList; // one spike record per spiking SAL compartment
    }
    this.ops = ops;
    this.words = words + C * T;
    return changed;
  }

  /** The live decoders of the SAL blocks, in block order (null for a fixed block). */
  decoders(): (Int8Array | null)[] {
    return this.blocks.map((b) => b?.Wmh ?? null);
  }
}
