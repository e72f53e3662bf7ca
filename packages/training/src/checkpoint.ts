import { CHECKPOINT_MAGIC, canonicalJson, checkTrailingCrc, describeHead, diag, hasMagic, readVersion, sealTrailingCrc, startsLikeMagic, writeFileAtomic, writePrefix, type ContainerKind, type Diagnostic } from '@snnc/common';
import type { Target } from '@snnc/ir';
import type { SimulatorSnapshot } from '@snnc/reference';
import { checkCheckpointHeader, checkHeaderVersion } from './checkpoint-header.js';
import { CHECKPOINT_CRC_BYTES, CHECKPOINT_PREFIX_BYTES, checkArrayLayout, lengthProblem } from './checkpoint-layout.js';
import { checkRunCounts } from './checkpoint-counts.js';
import { CheckpointCode } from './checkpoint-codes.js';

/**
 * The training checkpoint (.snnck): everything needed to rebuild the trained network bit for bit.
 *
 *   bytes 0..7    magic "SNNCKPT\n"
 *   bytes 8..11   format version (u32 LE)
 *   bytes 12..15  header length H (u32 LE)
 *   H bytes       header: canonical JSON (sorted keys), UTF-8
 *   body          the arrays listed in header.arrays, little-endian, each at its byte offset
 *   last 4 bytes  CRC-32 of everything before it (u32 LE)
 *
 * The header carries the spec text and the target, so a checkpoint is self-contained: loading it
 * recompiles the spec and refuses it when the recompiled network's hash (hashNetwork of the
 * untrained LoweredNetwork) differs from the recorded one, i.e. when the compiler changed how the
 * spec expands or lowers. No timings, no absolute paths: the same run gives identical bytes.
 *
 * This module is the format: its types, the writer and the reader of the bytes (decodeCheckpoint,
 * which checks everything the bytes alone can say); checkpoint-load.ts holds a decoded checkpoint
 * against the network its spec recompiles to.
 */
/** The magic is defined once, in common's registry of snnc's binary files (container.ts). */
export { CHECKPOINT_MAGIC };
/** 2: the run records train / validation / test parts and the split seed (docs/datasets.md). */
export const CHECKPOINT_VERSION = 2;
/**
 * The format minor this build writes (the container's bytes 10..11; the header's JSON `version` is
 * the major). 2.1: the run records every parameter its encoder records (checkpoint-encoding.ts), and
 * a reader refuses one missing. 2.0 (every checkpoint before): a parameter missing is upgraded to
 * the value training used then. A 2.0 reader reads 2.1 unchanged (the same fields).
 */
export const CHECKPOINT_MINOR = 1;

export { CheckpointCode } from './checkpoint-codes.js';

export interface CheckpointArrayInfo {
  name: string;
  type: 'int16' | 'int32';
  length: number;
  offset: number;
}

/** What a training run records about itself (deterministic fields only). */
export interface CheckpointRun {
  dataset: string;
  /** the content of the dataset the run trained on, datasets' datasetDigest (absent: older
   *  checkpoints); evaluate warns and resume refuses when the dataset of that name differs
   *  (checkpoint-dataset.ts) */
  datasetDigest?: string;
  encoding: { name: string; params: Record<string, number> };
  /** the run seed (network instance, epoch orders, encoder noise) */
  seed: number;
  /** the split seed of splitParts (fixed, not the run seed) */
  splitSeed: number;
  trainSamples: number;
  validationSamples: number;
  testSamples: number;
  /** epochs trained */
  epochs: number;
  /** only in a checkpoint written between epochs of a longer run (session.ts, `onPartialCheckpoint`):
   *  the epochs the run was started for, over which its schedule and training shift are spread;
   *  `snnc train --resume` continues it to them (resume.ts). Absent: the run is complete. */
  plannedEpochs?: number;
  hiddenPlasticity: boolean;
  modulation: 'compressed' | 'direct';
  /** training presentations moved by up to `shift` pixels (absent: none; older checkpoints), in the
   * first `epochs` epochs only (absent: every epoch) */
  augment?: { shift: number; epochs?: number };
  /** §5.11 learning-rate schedule, one rate shift per equal segment of the run (absent: none, [0]) */
  rateSchedule?: number[];
  /** §5.11 the hidden rule's own shifts h, parallel to rateSchedule (absent: h = a; older checkpoints) */
  rateScheduleHidden?: number[];
  /** §5.11 homeostasis holds, parallel to rateSchedule (absent: none held; written only when some entry holds) */
  rateScheduleHold?: boolean[];
  trainAccuracy: number;
  /** after the last epoch */
  validationAccuracy: number;
  /** the one evaluation of the test part, after the last epoch (absent in a partial checkpoint:
   *  the test part is read only at the end of the run) */
  testAccuracy?: number;
  /** per-epoch accuracies (no timings: they would make the bytes differ between runs) */
  curve: { epoch: number; trainAccuracy: number; validationAccuracy: number }[];
}

/** The record of a finished run: its test part read once, after the last epoch. */
export type CompleteRun = CheckpointRun & { testAccuracy: number; plannedEpochs?: undefined };

export interface CheckpointHeader {
  format: 'snnc-checkpoint';
  /** the format major, as bytes 8..9 say it (checked against them: checkHeaderVersion) */
  version: number;
  networkName: string;
  /** hashNetwork of the untrained lowered network the spec + target compile to */
  networkHash: string;
  /** the spec as given (text), and the name it was given under (a file name, never a path) */
  specText: string;
  specName: string;
  target: Target;
  run: CheckpointRun;
  /** learning epochs applied (§1.4 rounding key) */
  learningEpoch: number;
  arrays: CheckpointArrayInfo[];
}

export interface Checkpoint {
  header: CheckpointHeader;
  snapshot: SimulatorSnapshot;
  /** the format minor of the bytes read (0: 2.0, whose missing encoder parameters loading upgrades; CHECKPOINT_MINOR: this build's) */
  minor: number;
}

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });
/**
 * The container kind of checkpoints (@snnc/common's framing: magic, version, trailing CRC-32). The
 * format's u32 version 2 at offset 8 is the same bytes as major 2, minor 0.
 */
const CHECKPOINT: ContainerKind = { magic: CHECKPOINT_MAGIC, major: CHECKPOINT_VERSION, minor: CHECKPOINT_MINOR };

/** Whether a file's first bytes could start a checkpoint (its magic, or a part of it: a truncated file). */
export function startsLikeCheckpoint(head: Uint8Array): boolean {
  return startsLikeMagic(head, CHECKPOINT);
}

/** Encode a checkpoint; arrays: weights per projection, then vth, sbar, then m per block, then (SAL, §5.10) the decoders wmh per block as int16. */
export function encodeCheckpoint(h: Omit<CheckpointHeader, 'format' | 'version' | 'arrays' | 'learningEpoch'>, snap: SimulatorSnapshot): Uint8Array {
  const named: [string, Int16Array | Int32Array][] = [];
  snap.weights.forEach((w, k) => named.push([`weights/${k}`, w]));
  named.push(['vth', snap.vth], ['sbar', snap.sbar]);
  snap.m.forEach((m, k) => named.push([`m/${k}`, m]));
  snap.wmh?.forEach((w, k) => named.push([`wmh/${k}`, Int16Array.from(w)]));
  const arrays: CheckpointArrayInfo[] = [];
  let off = 0;
  for (const [name, a] of named) {
    arrays.push({ name, type: a instanceof Int16Array ? 'int16' : 'int32', length: a.length, offset: off });
    off += a.byteLength;
    off = (off + 3) & ~3; // keep every array 4-byte aligned within the body
  }
  const header: CheckpointHeader = { ...h, format: 'snnc-checkpoint', version: CHECKPOINT_VERSION, learningEpoch: snap.epoch, arrays };
  const hb = enc.encode(canonicalJson(header, 0));
  const bodyStart = 16 + hb.length;
  const total = bodyStart + off + 4;
  const out = new Uint8Array(total);
  const dv = new DataView(out.buffer);
  writePrefix(out, CHECKPOINT);
  dv.setUint32(12, hb.length, true);
  out.set(hb, 16);
  named.forEach(([, a], k) => {
    const base = bodyStart + arrays[k].offset;
    for (let i = 0; i < a.length; i++) {
      if (a instanceof Int16Array) dv.setInt16(base + 2 * i, a[i], true);
      else dv.setInt32(base + 4 * i, a[i], true);
    }
  });
  sealTrailingCrc(out);
  return out;
}

export function saveCheckpoint(file: string, h: Omit<CheckpointHeader, 'format' | 'version' | 'arrays' | 'learningEpoch'>, snap: SimulatorSnapshot): void {
  writeFileAtomic(file, encodeCheckpoint(h, snap));
}

/** Decode and check magic, version, CRC and array bounds. Never throws for bad bytes. */
export function decodeCheckpoint(bytes: Uint8Array, file?: string): { checkpoint?: Checkpoint; diagnostics: Diagnostic[] } {
  const fail = (code: string, message: string, extra: Partial<Diagnostic> = {}) => ({
    diagnostics: [diag(code, message, { file, pointer: '', ...extra })],
  });
  // a checkpoint cut inside its prefix: the magic is there, the rest of the frame is not
  if (bytes.length < CHECKPOINT_PREFIX_BYTES + CHECKPOINT_CRC_BYTES && startsLikeMagic(bytes, CHECKPOINT)) return { diagnostics: [lengthProblem(bytes, file)!] };
  if (bytes.length < CHECKPOINT_PREFIX_BYTES + CHECKPOINT_CRC_BYTES || !hasMagic(bytes, CHECKPOINT))
    return fail(CheckpointCode.notCheckpoint, 'not an snnc checkpoint', { offset: 0, pointer: undefined, expected: 'a file written by `snnc train` (starts with "SNNCKPT")', found: describeHead(bytes) });
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { major, minor } = readVersion(bytes);
  if (major !== CHECKPOINT_VERSION) {
    const version = minor === 0 ? String(major) : `${major}.${minor}`;
    return fail(CheckpointCode.version, `checkpoint format version ${version} is not supported by this snnc`, {
      offset: 8,
      pointer: undefined,
      expected: `version ${CHECKPOINT_VERSION}`,
      found: `version ${version}`,
      // a newer format is read by a newer snnc; an older one no longer by any
      fix: major > CHECKPOINT_VERSION ? `upgrade snnc to one that reads checkpoint format ${major} (a newer snnc wrote it)` : 'retrain with this version of snnc (`snnc train`)',
    });
  }
  const { stored, actual } = checkTrailingCrc(bytes);
  if (stored !== actual) {
    // cut short or appended to: say so, where, rather than name the checksum of bytes that are not the CRC
    const length = lengthProblem(bytes, file);
    if (length) return { diagnostics: [length] };
    return fail(CheckpointCode.corrupt, 'checkpoint is corrupt (CRC-32 mismatch)', { expected: `crc32 ${stored.toString(16)}`, found: `crc32 ${actual.toString(16)}` });
  }
  const hlen = dv.getUint32(12, true);
  if (16 + hlen > bytes.length - 4) return fail(CheckpointCode.corrupt, 'checkpoint header runs past the end of the file');
  let header: CheckpointHeader;
  try {
    header = JSON.parse(dec.decode(bytes.subarray(16, 16 + hlen))) as CheckpointHeader;
  } catch {
    return fail(CheckpointCode.corrupt, 'checkpoint header is not valid JSON', { offset: 16, pointer: undefined });
  }
  if (header === null || typeof header !== 'object' || header.format !== 'snnc-checkpoint')
    return fail(CheckpointCode.notCheckpoint, 'checkpoint header lacks format "snnc-checkpoint"', { pointer: '/format' });
  const version = checkHeaderVersion(header.version, major, file);
  if (version.length) return { diagnostics: version };
  const shape = checkCheckpointHeader(header, file);
  if (shape.length) return { diagnostics: shape };
  const counts = checkRunCounts(header, file);
  if (counts.length) return { diagnostics: counts };
  const bodyStart = 16 + hlen;
  // every array inside the body, named once, sharing no byte: what is allocated is bounded by the file
  const layout = checkArrayLayout(header.arrays, bytes.length - 4 - bodyStart, file);
  if (layout.length) return { diagnostics: layout };
  const get = new Map<string, Int16Array | Int32Array>();
  for (const a of header.arrays) {
    const width = a.type === 'int16' ? 2 : 4;
    const base = bodyStart + a.offset;
    const out = a.type === 'int16' ? new Int16Array(a.length) : new Int32Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = width === 2 ? dv.getInt16(base + 2 * i, true) : dv.getInt32(base + 4 * i, true);
    get.set(a.name, out);
  }
  const weights: Int16Array[] = [];
  for (let k = 0; get.has(`weights/${k}`); k++) weights.push(get.get(`weights/${k}`) as Int16Array);
  const m: Int32Array[] = [];
  for (let k = 0; get.has(`m/${k}`); k++) m.push(get.get(`m/${k}`) as Int32Array);
  const wmh: Int8Array[] = [];
  for (let k = 0; get.has(`wmh/${k}`); k++) {
    const w = get.get(`wmh/${k}`)!;
    if (!(w instanceof Int16Array) || w.some((x) => x < -127 || x > 127)) return fail(CheckpointCode.corrupt, `checkpoint array "wmh/${k}" is not an int8 decoder`);
    wmh.push(Int8Array.from(w));
  }
  const vth = get.get('vth');
  const sbar = get.get('sbar');
  if (!(vth instanceof Int32Array) || !(sbar instanceof Int32Array)) return fail(CheckpointCode.corrupt, 'checkpoint lacks the vth/sbar arrays');
  return { checkpoint: { header, snapshot: { epoch: header.learningEpoch, weights, vth, sbar, m, ...(wmh.length ? { wmh } : {}) }, minor }, diagnostics: [] };
}
