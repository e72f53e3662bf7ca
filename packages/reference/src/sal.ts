import type { LoweredModulatory, LoweredNetwork, LoweredSal } from '@snnc/ir';
import { eligibilityTable, shr, stochasticRound } from './fixed.js';

/**
 * Plastic feedback by spike-based alignment learning, docs/semantics.md §5.10, for the reference
 * simulator: the per-step record (readout class spikes Z_c(t), the spike events of every SAL
 * block's neurons) and the decoder update of the learning epoch. Buffers are allocated once;
 * nothing is allocated per step or per epoch.
 */

/** One SAL block: the live decoder and the sample's spike events. */
interface SalBlock {
  index: number; // block index b (§5.10 key: P + b)
  population: number;
  n: number;
  m: number;
  sal: LoweredSal;
  /** the plastic decoder Wmh (N x M), what §5.5 reads */
  Wmh: Int8Array;
  initial: Int8Array;
  evT: Int32Array; // spike events (t, i) of the sample
  evI: Int32Array;
  nEv: number;
  Q: Int32Array; // window table of decayS
  R: Float64Array; // M x T relayed contrast
  K: Float64Array; // N x M statistic of the sample
  spiked: Uint8Array; // neuron spiked in the sample
  list: Int32Array; // neurons that spiked, first-spike order
  nList: number;
}

export class SalLearning {
  readonly blocks: SalBlock[] = [];
  private readonly T: number;
  private readonly C: number;
  private readonly npc: number;
  private readonly Z: Int32Array; // C x T: Z_c(t) at c*T + t
  private readonly D: Float64Array; // C x T
  private readonly projections: number;
  /** decoder entries written (the cost: one synaptic update of the management core each) */
  updates = 0;

  constructor(net: LoweredNetwork, classes: number, neuronsPerClass: number) {
    this.T = net.timesteps;
    this.C = classes;
    this.npc = neuronsPerClass;
    // the per-class records serve SAL blocks only: none without one (65,536 classes x 2^19 steps was one array of 2^35 entries)
    const records = (net.learning?.modulatory ?? []).some((b) => b.sal) ? classes * this.T : 0;
    this.Z = new Int32Array(records);
    this.D = new Float64Array(records);
    this.projections = net.projections.length;
    (net.learning?.modulatory ?? []).forEach((b, k) => {
      if (!b.sal) return;
      const n = net.populations[b.population].size;
      this.blocks.push({
        index: k, population: b.population, n, m: b.m, sal: b.sal,
        Wmh: Int8Array.from(b.Wmh), initial: b.Wmh,
        evT: new Int32Array(n * this.T), evI: new Int32Array(n * this.T), nEv: 0,
        Q: eligibilityTable(b.sal.decayS, this.T),
        R: new Float64Array(b.m * this.T), K: new Float64Array(n * b.m),
        spiked: new Uint8Array(n), list: new Int32Array(n), nList: 0,
      });
    });
  }

  get active(): boolean {
    return this.blocks.length > 0;
  }

  /** The block as §5.3-5.5 must see it: its Wmh is the live plastic decoder (others unchanged). */
  view(b: LoweredModulatory, k: number): LoweredModulatory {
    const s = this.blocks.find((x) => x.index === k);
    return s ? { ...b, Wmh: s.Wmh } : b;
  }

  /** §3.4 initial value: the lowered Wmh. */
  resetPersistent(): void {
    for (const b of this.blocks) b.Wmh.set(b.initial);
  }

  /** Start of a sample: empty record. */
  resetSample(): void {
    this.Z.fill(0);
    for (const b of this.blocks) {
      for (let k = 0; k < b.nList; k++) b.spiked[b.list[k]] = 0;
      b.nList = 0;
      b.nEv = 0;
    }
  }

  /**
   * §5.10 record of step t: `spikeList[p]` holds the first `spikeCount[p]` spiking neurons of
   * population p (local indices).
   */
  record(t: number, readout: number, spikeList: Int32Array[], spikeCount: Int32Array): void {
    const T = this.T, C = this.C, npc = this.npc;
    if (readout >= 0) {
      const l = spikeList[readout];
      for (let k = 0, n = spikeCount[readout]; k < n; k++) {
        const c = Math.floor(l[k] / npc);
        if (c < C) this.Z[c * T + t]++;
      }
    }
    for (const b of this.blocks) {
      const l = spikeList[b.population];
      for (let k = 0, n = spikeCount[b.population]; k < n; k++) {
        const i = l[k];
        b.evT[b.nEv] = t;
        b.evI[b.nEv++] = i;
        if (b.spiked[i] === 0) {
          b.spiked[i] = 1;
          b.list[b.nList++] = i;
        }
      }
    }
  }

  /** §5.10 decoder update of the epoch. Returns the decoder entries changed. */
  update(seed: number, epoch: number): number {
    const T = this.T, C = this.C, Z = this.Z, D = this.D;
    let changed = 0;
    for (const b of this.blocks) {
      const Q = b.Q;
      // D_c(t) = sum_{u>t} Q[u-t-1] Z_c(u) - sum_{u<t} Q[t-1-u] Z_c(u)
      for (let c = 0; c < C; c++) {
        for (let t = 0; t < T; t++) {
          let d = 0;
          for (let u = t + 1; u < T; u++) d += Q[u - t - 1] * Z[c * T + u];
          for (let u = 0; u < t; u++) d -= Q[t - 1 - u] * Z[c * T + u];
          D[c * T + t] = d;
        }
      }
      const { m: M, sal, R, K, Wmh } = b;
      const H = sal.H;
      // R_a(t) = (sum_c H[a*C + c] D_c(t)) >> 12
      for (let a = 0; a < M; a++) {
        for (let t = 0; t < T; t++) {
          let r = 0;
          for (let c = 0; c < C; c++) r += H[a * C + c] * D[c * T + t];
          R[a * T + t] = shr(r, 12);
        }
      }
      // K_ia = sum over spike steps of i of R_a(t)
      for (let e = 0; e < b.nEv; e++) {
        const t = b.evT[e], base = b.evI[e] * M;
        for (let a = 0; a < M; a++) K[base + a] += R[a * T + t];
      }
      const p = this.projections + b.index;
      for (let k = 0; k < b.nList; k++) {
        const base = b.list[k] * M;
        for (let a = 0; a < M; a++) {
          const s = base + a;
          const dw = stochasticRound(sal.mant * K[s] - sal.leak * Wmh[s], sal.shift, seed, epoch, p, s);
          K[s] = 0;
          const v = Wmh[s] + dw;
          const w = v < -127 ? -127 : v > 127 ? 127 : v;
          if (w !== Wmh[s]) {
            Wmh[s] = w;
            changed++;
          }
        }
        this.updates += M;
      }
    }
    return changed;
  }

  /** The live decoders of every modulatory block (a fixed block's lowered Wmh), for snapshots. */
  decoders(net: LoweredNetwork): Int8Array[] {
    return (net.learning?.modulatory ?? []).map((b, k) => this.blocks.find((x) => x.index === k)?.Wmh ?? b.Wmh);
  }
}
