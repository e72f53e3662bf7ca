/**
 * The host writes a state given in the network's own order into the chip: what a trained
 * checkpoint holds (docs/emulator.md "Snapshots"), so that the network `snnc train` trained in the
 * reference simulator runs on the chip image compiled from the same spec (`snnc evaluate --on-chip`).
 * Unlike restoreState (snapshot.ts), which takes the chip's own order and is bound to one image,
 * this state is placement-free: thresholds and rate estimates per network neuron (the global index
 * of §1.4: populations in order, inputs included and ignored), plastic weights per projection in
 * canonical (pre, post) order, modulatory states and decoders per block. Static synapses keep the
 * image's weights: learning never changes them, and the image compiled from the same spec holds
 * the same ones (a checkpoint binds its spec by the lowered network's hash).
 * Everything is checked against the image before any state changes (SNNC4217 on refusal).
 */
import { diag, type Diagnostic } from '@snnc/common';
import type { Emulator } from './emulator.js';
import { decoderFits, modulatoryFits, plasticWeightFits, rateFits, thresholdFits } from './snapshot.js';

export interface NetworkOrderState {
  /** learning epochs applied so far (the §1.4 key) */
  epoch: number;
  /** per projection, canonical order; only the plastic projections' are read */
  weights: ReadonlyArray<ArrayLike<number>>;
  /** per network neuron */
  vth: ArrayLike<number>;
  sbar: ArrayLike<number>;
  /** modulatory state m per block (§5.4) */
  m: ReadonlyArray<ArrayLike<number>>;
  /** §5.10 decoders Wmh per block, present when a pathway learns by SAL */
  wmh?: ReadonlyArray<ArrayLike<number>>;
}

const CODE = 'SNNC4217';

export function loadNetworkState(emu: Emulator, s: NetworkOrderState): Diagnostic[] {
  const m = emu.mach;
  const blocks = emu.mgmt.blocks;
  const fail = (pointer: string, message: string, expected: string, found: string) => [diag(CODE, message, { pointer, expected, found })];
  const N = m.neuronComp.length;
  if (s.vth.length !== N || s.sbar.length !== N) return fail('/vth', 'the state does not have one threshold and one rate estimate per neuron of this image', `${N} neurons`, `${s.vth.length} / ${s.sbar.length}`);
  if (!Number.isInteger(s.epoch) || s.epoch < 0 || s.epoch > 0xffffffff) return fail('/epoch', 'the learning epoch is not a 32-bit count', '0..4294967295', String(s.epoch));
  for (let n = 0; n < N; n++) {
    const g = m.neuronComp[n];
    if (g < 0) continue;
    const k = m.compCfg[g];
    if (!thresholdFits(m, g, s.vth[n])) return fail(`/vth/${n}`, `threshold of neuron ${n} outside its compartment's range`, `an integer in ${m.cfgVthMin[k]}..${m.cfgVthMax[k]}`, String(s.vth[n]));
    if (!rateFits(s.sbar[n])) return fail(`/sbar/${n}`, `rate estimate of neuron ${n} outside Q12`, 'an integer in 0..4096', String(s.sbar[n]));
  }
  for (const [p, ids] of m.plasticOf) {
    const w = s.weights[p];
    if (!w || w.length !== ids.length) return fail(`/weights/${p}`, `plastic projection ${p} does not have this image's synapses`, `${ids.length} weights`, String(w ? w.length : 'none'));
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k];
      if (id < 0) continue;
      const r = m.plRule[id];
      if (!plasticWeightFits(m, id, w[k])) return fail(`/weights/${p}/${k}`, `weight ${k} of projection ${p} outside its bits`, `an integer in ${m.ruleLo[r]}..${m.ruleHi[r]}`, String(w[k]));
    }
  }
  if (s.m.length !== blocks.length) return fail('/m', 'the state does not have one modulatory state per block', `${blocks.length} blocks`, String(s.m.length));
  for (let b = 0; b < blocks.length; b++) {
    const a = s.m[b];
    if (a.length !== blocks[b].m) return fail(`/m/${b}`, `modulatory block ${b} has another dimension`, String(blocks[b].m), String(a.length));
    for (let i = 0; i < a.length; i++) if (!modulatoryFits(a[i])) return fail(`/m/${b}/${i}`, 'modulatory state outside 16 bits', '-32768..32767', String(a[i]));
  }
  const dec = emu.sal?.decoders() ?? [];
  for (let b = 0; b < dec.length; b++) {
    const d = dec[b];
    if (!d) continue;
    const w = s.wmh?.[b];
    if (!w || w.length !== d.length) return fail(`/wmh/${b}`, `SAL block ${b}'s decoder does not fit this image`, `${d.length} entries`, String(w ? w.length : 'none'));
    for (let i = 0; i < w.length; i++) if (!decoderFits(w[i])) return fail(`/wmh/${b}/${i}`, 'SAL decoder entry outside [-127, 127]', '-127..127', String(w[i]));
  }
  // checked: write
  emu.epoch = s.epoch;
  for (let n = 0; n < N; n++) {
    const g = m.neuronComp[n];
    if (g >= 0) { m.vth[g] = s.vth[n]; m.sbar[g] = s.sbar[n]; }
  }
  for (const [p, ids] of m.plasticOf) {
    const w = s.weights[p];
    for (let k = 0; k < ids.length; k++) if (ids[k] >= 0) m.synW[m.plSyn[ids[k]]] = w[k];
  }
  blocks.forEach((b, k) => b.state.set(s.m[k]));
  dec.forEach((d, b) => { if (d) d.set(s.wmh![b]); });
  return [];
}

/**
 * The chip's persistent state in network order (loadNetworkState's input): every plastic
 * projection's weights (an empty array for the others), thresholds and rate estimates per network
 * neuron (0 for inputs), modulatory states and, for SAL blocks, decoders. Copies.
 */
export function readNetworkState(emu: Emulator): NetworkOrderState & { weights: Int16Array[]; vth: Int32Array; sbar: Int32Array; m: Int32Array[] } {
  const m = emu.mach;
  const N = m.neuronComp.length;
  const vth = new Int32Array(N), sbar = new Int32Array(N);
  for (let n = 0; n < N; n++) {
    const g = m.neuronComp[n];
    if (g >= 0) { vth[n] = m.vth[g]; sbar[n] = m.sbar[g]; }
  }
  const last = Math.max(-1, ...m.plasticOf.keys());
  const weights = Array.from({ length: last + 1 }, (_, p) => emu.weights(p) ?? new Int16Array(0));
  const dec = emu.sal?.decoders() ?? [];
  return {
    epoch: emu.epoch, weights, vth, sbar,
    m: emu.modulatoryState().map((a) => a.slice()),
    ...(dec.some((d) => d) ? { wmh: dec.map((d) => (d ? d.slice() : new Int8Array(0))) } : {}),
  };
}
