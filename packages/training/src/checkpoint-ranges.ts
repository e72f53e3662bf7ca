import { diag, type Diagnostic } from '@snnc/common';
import { populationOffsets, type LoweredNetwork, type SrlifParams } from '@snnc/ir';
import type { SimulatorSnapshot } from '@snnc/reference';
import { CheckpointCode } from './checkpoint-codes.js';

/**
 * Content ranges of a checkpoint's arrays against the network they belong to (docs/semantics.md):
 * weights inside the projection's mantissa (§5.6 clamp), thresholds inside [vthMin, vthMax] (or at
 * vth0, §3.4) of an srlif population and never negative (§3.2), rate estimates in Q12 [0, 4096] (§3.2), modulatory
 * states in sat_16 (§5.4). Lengths alone are not enough: a crafted array that passes the CRC
 * would otherwise run with exit 0 and give wrong results. SNNC5108, located by the header's
 * `/arrays/k` entry and the element index.
 */

interface ArrayInfo {
  name: string;
}

export function checkSnapshotRanges(net: LoweredNetwork, s: SimulatorSnapshot, arrays: readonly ArrayInfo[], file?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const index = new Map(arrays.map((a, k) => [a.name, k]));
  const check = (name: string, a: ArrayLike<number>, from: number, to: number, lo: number, hi: number, what: string) => {
    for (let i = from; i < to; i++) {
      const x = a[i];
      if (x >= lo && x <= hi) continue;
      out.push(
        diag(CheckpointCode.range, `checkpoint array "${name}" holds ${what} out of range at element ${i}`, {
          file,
          pointer: `/arrays/${index.get(name) ?? 0}`,
          expected: `${lo}..${hi}`,
          found: String(x),
          fix: 'use a checkpoint written by `snnc train`',
        }),
      );
      return;
    }
  };
  net.projections.forEach((p, k) => {
    const lim = 2 ** (p.weightBits - 1);
    check(`weights/${k}`, s.weights[k], 0, s.weights[k].length, -lim, lim - 1, `a weight beyond its ${p.weightBits}-bit mantissa`);
  });
  const off = populationOffsets(net);
  net.populations.forEach((pop, k) => {
    const o = off[k];
    const P = pop.params?.model === 'srlif' ? (pop.params as SrlifParams) : null;
    check('vth', s.vth, o, o + pop.size, P ? Math.max(0, Math.min(P.vthMin, P.vth0)) : 0, P ? Math.max(P.vthMax, P.vth0) : 2 ** 31 - 1, `a threshold of population "${pop.id}"`);
    check('sbar', s.sbar, o, o + pop.size, 0, 4096, `a rate estimate (Q12) of population "${pop.id}"`);
  });
  s.m.forEach((m, k) => check(`m/${k}`, m, 0, m.length, -32768, 32767, 'a modulatory state beyond sat_16'));
  if (!Number.isSafeInteger(s.epoch) || s.epoch < 0) {
    out.push(diag(CheckpointCode.range, 'checkpoint learning epoch is not a count', { file, pointer: '/learningEpoch', expected: 'an integer >= 0', found: String(s.epoch) }));
  }
  return out.slice(0, 20);
}
