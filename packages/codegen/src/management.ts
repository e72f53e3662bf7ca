/**
 * The management-core program (docs/chip-image.md, "Management"): which compartments are the
 * readout and their classes (§2.1, §4), and the learning epoch's data (§5): margin, rival, decays,
 * modulatory blocks, tanh table, rounding seed, and the plastic projections with their canonical
 * synapse counts (§1.4).
 */
import { diag, pointerJoin, type Diagnostic } from '@snnc/common';
import { readoutIndex, type LoweredNetwork } from '@snnc/ir';
import type { Placement } from '@snnc/mapper';
import type { Management } from '@snnc/image';

export interface Readout {
  population: number;
  classes: number;
  npc: number;
  /** class of readout neuron n, -1 beyond classes * npc */
  classOf(n: number): number;
}

/** The readout population: the learning section's, else the first population with role readout. */
export function readoutOf(net: LoweredNetwork): Readout | null {
  const ro = readoutIndex(net);
  const p = net.populations[ro];
  if (!p) return null;
  const classes = p.classes ?? 0;
  const npc = p.neuronsPerClass ?? 1;
  return { population: ro, classes, npc, classOf: (n) => (Math.floor(n / npc) < classes ? Math.floor(n / npc) : -1) };
}

export function buildManagement(net: LoweredNetwork, placement: Placement, readout: Readout | null): { management?: Management; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const rc: number[] = [], rs: number[] = [], rk: number[] = [];
  if (readout) {
    const p = net.populations[readout.population];
    for (let n = 0; n < p.size; n++) {
      const c = readout.classOf(n);
      if (c < 0) continue;
      rc.push(placement.cores[placement.neuronCore[readout.population][n]].id);
      rs.push(placement.neuronSlot[readout.population][n]);
      rk.push(c);
    }
  }
  const classes = readout?.classes ?? 0;
  const L = net.learning;
  net.projections.forEach((pr, q) => {
    if (pr.plasticity === 'delta' && (!readout || pr.target !== readout.population)) {
      out.push(diag('SNNC4121', `delta-rule projection ${pr.id} must end in the readout population (§5.7)`, { pointer: pointerJoin('/projections', q, 'target') }));
    }
  });
  if (L) {
    if (L.tanhTable.length !== 256) out.push(diag('SNNC4120', 'tanh table must have 256 entries (§5.5)', { pointer: '/learning/tanhTable', found: String(L.tanhTable.length) }));
    L.modulatory.forEach((b, k) => {
      const pop = net.populations[b.population];
      const N = pop?.size ?? -1;
      if (!pop || b.B.length !== classes * N || b.Wem.length !== b.m * N || b.Wmh.length !== N * b.m) {
        out.push(diag('SNNC4120', `modulatory block ${k}: matrix sizes do not match N = ${N}, M = ${b.m}, C = ${classes}`, { pointer: pointerJoin('/learning/modulatory', k) }));
      }
    });
  }
  return {
    diagnostics: out,
    management: {
      classes,
      readoutCore: Uint32Array.from(rc),
      readoutSlot: Uint32Array.from(rs),
      readoutClass: Uint32Array.from(rk),
      learning: L
        ? {
            gamma: L.gamma,
            rival: L.rival,
            decayE: L.decayE,
            decayM: L.decayM,
            rateRegMant: L.rateRegMant ?? 0,
            rateRegShift: L.rateRegShift ?? 0,
            eligibility: L.eligibility === 'causal' ? 1 : 0,
            readoutDecayShift: L.readoutDecayShift ?? 0,
            readoutScore: L.readoutScore === 'potential' ? 1 : 0,
            tanhTable: Int32Array.from(L.tanhTable),
            roundingSeed: L.roundingSeed >>> 0,
            blocks: L.modulatory.map((b, k) => ({
              population: b.population,
              n: net.populations[b.population]?.size ?? 0,
              m: b.m,
              c: classes,
              B: Int8Array.from(b.B),
              Wem: Int8Array.from(b.Wem),
              Wmh: Int8Array.from(b.Wmh),
              emShift: b.emShift,
              mhShift: b.mhShift,
              // §5.10: the key's projection slot P + b is carried, the image has no projection count
              ...(b.sal ? { sal: { mant: b.sal.mant, leak: b.sal.leak, shift: b.sal.shift, decayS: b.sal.decayS, H: Int8Array.from(b.sal.H), keyProjection: net.projections.length + k } } : {}),
            })),
            plastic: net.projections.flatMap((pr, q) =>
              pr.plasticity === 'none' || pr.pre.length === 0 ? [] : [{ projection: q, synapses: pr.pre.length, rule: pr.plasticity }],
            ),
          }
        : null,
    },
  };
}
