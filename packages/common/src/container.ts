/**
 * The framing shared by snnc's binary files: chip images (docs/chip-image.md), emulator state
 * snapshots (docs/emulator.md) and training checkpoints (docs/datasets.md). Every such file starts
 * with the same 12-byte prefix, little-endian:
 *
 *   0   8  magic (8 ASCII bytes naming the kind of file, e.g. "SNNCIMG\0")
 *   8   2  format major (a reader refuses another major)
 *   10  2  format minor (additions a reader of the same major may ignore)
 *
 * and its integrity is a CRC-32 (IEEE 802.3) over byte ranges: a trailing CRC of every preceding
 * byte (snapshots, checkpoints) or CRCs of the header and of the payload (images). What follows
 * the prefix is each format's own. A checkpoint's historical u32 version 2 is the same bytes as
 * major 2, minor 0.
 */
import { crc32 } from './files.js';

/** A kind of container: its magic and the version this build writes. */
export interface ContainerKind {
  /** exactly 8 ASCII characters */
  readonly magic: string;
  readonly major: number;
  readonly minor: number;
}

/** The magic of each kind of snnc binary file: the one definition (image and training use these). */
export const IMAGE_MAGIC = 'SNNCIMG\0';
export const CHECKPOINT_MAGIC = 'SNNCKPT\n';

/** What a file of a known magic is and which commands read it, for a reader given one by mistake. */
export interface ContainerFile {
  readonly magic: string;
  /** "a chip image" */
  readonly what: string;
  /** "`snnc emulate` and `snnc inspect`" */
  readonly readBy: string;
}

export const CONTAINER_FILES: readonly ContainerFile[] = [
  { magic: IMAGE_MAGIC, what: 'a chip image', readBy: '`snnc emulate` and `snnc inspect`' },
  { magic: CHECKPOINT_MAGIC, what: 'a training checkpoint', readBy: '`snnc evaluate` and `snnc train --resume`' },
];

/** The kind of snnc binary file the text (or bytes) starts with, if any. */
export function containerFileOf(head: string): ContainerFile | undefined {
  return CONTAINER_FILES.find((f) => head.startsWith(f.magic));
}

/** Bytes of the prefix (magic, major, minor). */
export const CONTAINER_PREFIX_BYTES = 12;
const MAGIC_LENGTH = 8;

/** The magic as bytes; throws for a magic that is not 8 ASCII characters (a programming error). */
export function magicBytes(kind: ContainerKind): Uint8Array {
  const m = new TextEncoder().encode(kind.magic);
  if (m.length !== MAGIC_LENGTH || kind.magic.length !== MAGIC_LENGTH) throw new RangeError(`a container magic is 8 ASCII bytes, got ${JSON.stringify(kind.magic)}`);
  return m;
}

/** True when the bytes start with the whole magic of `kind`. */
export function hasMagic(bytes: Uint8Array, kind: ContainerKind): boolean {
  const m = magicBytes(kind);
  if (bytes.length < m.length) return false;
  for (let i = 0; i < m.length; i++) if (bytes[i] !== m[i]) return false;
  return true;
}

/** What a file that is not the expected kind starts with, for a refusal's `found`: its first 8 bytes as text, quoted. */
export function describeHead(bytes: Uint8Array): string {
  return bytes.length === 0 ? 'an empty file' : `a file starting ${JSON.stringify(Buffer.from(bytes.subarray(0, 8)).toString('latin1'))}`;
}

/** True when the bytes could start a container of `kind`: its magic or a nonempty part of it (a truncated file). */
export function startsLikeMagic(head: Uint8Array, kind: ContainerKind): boolean {
  const m = magicBytes(kind);
  const n = Math.min(head.length, m.length);
  if (n === 0) return false;
  for (let i = 0; i < n; i++) if (head[i] !== m[i]) return false;
  return true;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Writes magic, major and minor of `kind` at the start of `out` (at least 12 bytes). */
export function writePrefix(out: Uint8Array, kind: ContainerKind): void {
  out.set(magicBytes(kind), 0);
  const dv = view(out);
  dv.setUint16(8, kind.major, true);
  dv.setUint16(10, kind.minor, true);
}

/** The version in a prefix (the caller has checked the magic and that 12 bytes are there). */
export function readVersion(bytes: Uint8Array): { major: number; minor: number } {
  const dv = view(bytes);
  return { major: dv.getUint16(8, true), minor: dv.getUint16(10, true) };
}

/** Stores at `at` the CRC-32 of bytes [from, to) of `out`. */
export function storeCrc(out: Uint8Array, from: number, to: number, at: number): void {
  view(out).setUint32(at, crc32(out.subarray(from, to)), true);
}

/** The CRC-32 stored at `at` and the one of bytes [from, to): equal when intact. */
export function checkCrc(bytes: Uint8Array, from: number, to: number, at: number): { stored: number; actual: number } {
  return { stored: view(bytes).getUint32(at, true), actual: crc32(bytes.subarray(from, to)) };
}

/** Seals a container whose last 4 bytes hold the CRC-32 of every preceding byte. */
export function sealTrailingCrc(out: Uint8Array): void {
  storeCrc(out, 0, out.length - 4, out.length - 4);
}

/** The trailing CRC-32 of a container (at least 4 bytes) and the one of its preceding bytes. */
export function checkTrailingCrc(bytes: Uint8Array): { stored: number; actual: number } {
  return checkCrc(bytes, 0, bytes.length - 4, bytes.length - 4);
}
