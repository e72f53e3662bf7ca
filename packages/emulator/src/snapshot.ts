/**
 * Versioned state snapshots (docs/emulator.md, "Snapshots"): everything that persists across
 * samples (§3.4) — epoch, thresholds, rate estimates, every synaptic weight, every modulatory
 * state — bound to the image it was taken from. Little-endian:
 *
 *   0   8  magic "SNNCEMU\0"          8  2 major   10 2 minor
 *   12  4  CRC-32 of the image payload (the image this state belongs to)
 *   16  4  epoch     20 4 compartments   24 4 synapses   28 4 modulatory blocks
 *   32     int32 vth[compartments], sbar[compartments], weight[synapses], then m of each block,
 *          then the decoder Wmh (N x M) of each SAL block (§5.10; none for fixed feedback)
 *   end 4  CRC-32 of every preceding byte
 *
 * Restore parses and checks everything before changing any state (SNNC421x on refusal).
 */
import { checkTrailingCrc, diag, hasMagic, readVersion, sealTrailingCrc, writePrefix, type ContainerKind, type Diagnostic } from '@snnc/common';
import type { Emulator } from './emulator.js';
import type { Machine } from './machine.js';

export const SNAPSHOT_MAGIC = 'SNNCEMU\0';
export const SNAPSHOT_VERSION = { major: 1, minor: 0 } as const;
/** The container kind of snapshots (@snnc/common's framing: magic, version, trailing CRC-32). */
const SNAPSHOT: ContainerKind = { magic: SNAPSHOT_MAGIC, ...SNAPSHOT_VERSION };
const HEAD = 32;

export function saveState(emu: Emulator, imageCrc: number): Uint8Array {
  const m = emu.mach;
  const blocks = emu.mgmt.blocks;
  const dec = salDecoders(emu);
  const words = 2 * m.nComp + m.nSyn + blocks.reduce((s, b) => s + b.m, 0) + dec.reduce((s, w) => s + w.length, 0);
  const out = new Uint8Array(HEAD + 4 * words + 4);
  const dv = new DataView(out.buffer);
  writePrefix(out, SNAPSHOT);
  dv.setUint32(12, imageCrc >>> 0, true);
  dv.setUint32(16, emu.epoch, true);
  dv.setUint32(20, m.nComp, true);
  dv.setUint32(24, m.nSyn, true);
  dv.setUint32(28, blocks.length, true);
  let o = HEAD;
  const put = (a: Int32Array | Int16Array) => {
    for (let i = 0; i < a.length; i++, o += 4) dv.setInt32(o, a[i], true);
  };
  put(m.vth);
  put(m.sbar);
  put(m.synW);
  for (const b of blocks) put(b.state);
  for (const w of dec) for (let i = 0; i < w.length; i++, o += 4) dv.setInt32(o, w[i], true);
  sealTrailingCrc(out);
  return out;
}

export function restoreState(emu: Emulator, bytes: Uint8Array, imageCrc: number): Diagnostic[] {
  const fail = (code: string, message: string, extra: Partial<Diagnostic> = {}) => [diag(code, message, { pointer: '/snapshot', ...extra })];
  if (bytes.length < HEAD + 4 || !hasMagic(bytes, SNAPSHOT)) return fail('SNNC4211', 'not an emulator state snapshot (bad magic or too short)');
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { major, minor } = readVersion(bytes);
  if (major !== SNAPSHOT_VERSION.major) {
    return fail('SNNC4212', 'unsupported snapshot version', { expected: `${SNAPSHOT_VERSION.major}.x`, found: `${major}.${minor}` });
  }
  const end = bytes.length - 4;
  const sum = checkTrailingCrc(bytes);
  if (sum.stored !== sum.actual) return fail('SNNC4213', 'corrupted snapshot: checksum mismatch');
  if (dv.getUint32(12, true) !== imageCrc >>> 0) return fail('SNNC4214', 'snapshot was taken from another chip image');
  const m = emu.mach;
  const blocks = emu.mgmt.blocks;
  const nComp = dv.getUint32(20, true), nSyn = dv.getUint32(24, true), nBlocks = dv.getUint32(28, true);
  const dec = salDecoders(emu);
  const words = 2 * m.nComp + m.nSyn + blocks.reduce((s, b) => s + b.m, 0) + dec.reduce((s, w) => s + w.length, 0);
  if (nComp !== m.nComp || nSyn !== m.nSyn || nBlocks !== blocks.length || end !== HEAD + 4 * words) {
    return fail('SNNC4214', 'snapshot does not match this image', { expected: `${m.nComp}/${m.nSyn}/${blocks.length}`, found: `${nComp}/${nSyn}/${nBlocks}` });
  }
  let o = HEAD;
  const take = (n: number) => {
    const a = new Int32Array(n);
    for (let i = 0; i < n; i++, o += 4) a[i] = dv.getInt32(o, true);
    return a;
  };
  const vth = take(m.nComp), sbar = take(m.nComp), w = take(m.nSyn);
  const ms = blocks.map((b) => take(b.m));
  const ws = dec.map((w) => take(w.length));
  for (const a of ws) for (const x of a) if (!decoderFits(x)) return fail('SNNC4215', 'snapshot SAL decoder outside [-127, 127]');
  // values must be states this image can hold
  for (let g = 0; g < m.nComp; g++) if (!thresholdFits(m, g, vth[g])) return fail('SNNC4215', `snapshot threshold of compartment ${g} outside its range`);
  for (let g = 0; g < m.nComp; g++) if (!rateFits(sbar[g])) return fail('SNNC4215', `snapshot rate estimate of compartment ${g} outside Q12 [0, 4096]`, { expected: 'an integer in 0..4096', found: String(sbar[g]) });
  for (let s = 0; s < m.nSyn; s++) {
    const p = m.synPlastic.length === 0 ? -1 : m.synPlastic[s];
    if (p < 0) {
      if (w[s] !== m.synW[s]) return fail('SNNC4215', `snapshot changes static synapse ${s}`);
    } else if (!plasticWeightFits(m, p, w[s])) return fail('SNNC4215', `snapshot weight of synapse ${s} outside its bits`);
  }
  for (const a of ms) for (const x of a) if (!modulatoryFits(x)) return fail('SNNC4215', 'snapshot modulatory state outside 16 bits');
  emu.epoch = dv.getUint32(16, true);
  m.vth.set(vth);
  m.sbar.set(sbar);
  m.synW.set(w);
  ms.forEach((a, k) => blocks[k].state.set(a));
  ws.forEach((a, k) => dec[k].set(a));
  return [];
}

/**
 * The values a restored state may hold, one definition for both orders (this file's chip order and
 * network-state.ts's network order): integers a compartment, a plastic synapse, a modulatory state
 * a rate estimate or a SAL decoder of this image can hold.
 */
export function thresholdFits(m: Machine, g: number, v: number): boolean {
  const k = m.compCfg[g];
  return Number.isInteger(v) && (m.cfgModel[k] !== 0 || (v >= m.cfgVthMin[k] && v <= m.cfgVthMax[k]));
}
/** plastic synapse p (its rule's weight bits) */
export function plasticWeightFits(m: Machine, p: number, w: number): boolean {
  const r = m.plRule[p];
  return Number.isInteger(w) && w >= m.ruleLo[r] && w <= m.ruleHi[r];
}
/**
 * §3.2 a rate estimate in Q12: it starts at targetRate (the image holds it in [0, 4096]) and
 * sbar + ((S << 12) - sbar) >> rateShift never leaves [0, 4096], so nothing else is a state.
 */
export function rateFits(x: number): boolean {
  return Number.isInteger(x) && x >= 0 && x <= 4096;
}
export function modulatoryFits(x: number): boolean {
  return Number.isInteger(x) && x >= -32768 && x <= 32767;
}
export function decoderFits(x: number): boolean {
  return Number.isInteger(x) && x >= -127 && x <= 127;
}

/** The live decoders of the SAL blocks (§5.10), in block order. */
function salDecoders(emu: Emulator): Int8Array[] {
  return (emu.sal?.decoders() ?? []).filter((w): w is Int8Array => w !== null);
}
