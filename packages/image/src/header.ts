/**
 * The file header that wraps the protobuf payload (docs/chip-image.md, "Header"). All integers
 * little-endian:
 *
 *   0        8   magic "SNNCIMG\0"
 *   8        2   format major         10  2   format minor
 *   12       2   target-name length L (1..255)
 *   14       L   target name (UTF-8)
 *   14+L     4   payload length P
 *   18+L     4   CRC-32 of the payload
 *   22+L     4   CRC-32 of header bytes [0, 22+L)
 *   26+L     P   payload (schemas/chip.proto, message snnc.chip.ChipImage)
 *
 * The two checksums together cover every byte of the file, so no single corruption passes. The
 * prefix (magic, major, minor) and the checksums are the container framing of @snnc/common.
 */
import { checkCrc, diag, hasMagic, magicBytes, readVersion, startsLikeMagic, storeCrc, writePrefix, type ContainerKind, type Diagnostic } from '@snnc/common';
import { IMAGE_MAGIC, IMAGE_VERSION } from './types.js';

/** The container kind of chip images (magic and the version this build writes). */
export const IMAGE_CONTAINER: ContainerKind = { magic: IMAGE_MAGIC, ...IMAGE_VERSION };
export const MAGIC_BYTES = magicBytes(IMAGE_CONTAINER);
const MAX_TARGET_NAME = 255;
/** The shortest image: the 26 header bytes around a 1-byte target name, and an empty payload. */
const MIN_IMAGE_BYTES = 27;

export interface ImageHeader {
  major: number;
  minor: number;
  target: string;
  payloadLength: number;
  payloadCrc: number;
  /** offset of the payload in the file */
  payloadOffset: number;
}

/** True when the bytes start with the image magic (what `snnc inspect` dispatches on). */
export function isChipImage(bytes: Uint8Array): boolean {
  return hasMagic(bytes, IMAGE_CONTAINER);
}

/** True when the bytes could be the start of an image: its magic, or a part of it (a truncated file). */
export function startsLikeChipImage(head: Uint8Array): boolean {
  return startsLikeMagic(head, IMAGE_CONTAINER);
}

export function writeHeader(target: string, payload: Uint8Array): Uint8Array {
  const name = new TextEncoder().encode(target);
  if (name.length < 1 || name.length > MAX_TARGET_NAME) {
    throw new RangeError(`target name must be 1..${MAX_TARGET_NAME} UTF-8 bytes, got ${name.length}`);
  }
  const L = name.length;
  const out = new Uint8Array(26 + L + payload.length);
  const dv = new DataView(out.buffer);
  writePrefix(out, IMAGE_CONTAINER);
  dv.setUint16(12, L, true);
  out.set(name, 14);
  dv.setUint32(14 + L, payload.length, true);
  out.set(payload, 26 + L);
  storeCrc(out, 26 + L, out.length, 18 + L);
  storeCrc(out, 0, 22 + L, 22 + L);
  return out;
}

/**
 * Reads and checks the header: magic, major version, header checksum, completeness, trailing
 * bytes and payload checksum, in that order. `file` only labels the diagnostics.
 */
export function readHeader(bytes: Uint8Array, file?: string): { header?: ImageHeader; diagnostics: Diagnostic[] } {
  const at = (pointer: string) => ({ file, pointer });
  const fail = (code: string, message: string, extra: Partial<Diagnostic> = {}) => ({
    diagnostics: [diag(code, message, { ...at('/header'), ...extra })],
  });
  // a strict prefix of the magic is the start of an image cut short, not another kind of file
  if (bytes.length < MAGIC_BYTES.length && startsLikeChipImage(bytes)) {
    return fail('SNNC4002', `truncated chip image: ${bytes.length} of the magic's ${MAGIC_BYTES.length} bytes, nothing after them`, {
      expected: `at least ${MIN_IMAGE_BYTES} bytes (the header with a 1-byte target name)`,
      found: `${bytes.length} bytes`,
      fix: 'copy the image again, or recompile it with `snnc compile`',
    });
  }
  if (!isChipImage(bytes)) {
    return fail('SNNC4001', 'not an snnc chip image (bad magic)', {
      expected: 'file starting with "SNNCIMG\\0"',
      found: bytes.length < 8 ? `${bytes.length} bytes` : JSON.stringify(String.fromCharCode(...bytes.subarray(0, 8))),
      fix: 'produce the image with `snnc compile`',
    });
  }
  if (bytes.length < 14) return fail('SNNC4002', 'truncated chip image: header incomplete', { expected: `at least ${MIN_IMAGE_BYTES} bytes`, found: `${bytes.length} bytes` });
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { major, minor } = readVersion(bytes);
  if (major !== IMAGE_VERSION.major) {
    return fail('SNNC4003', 'unsupported chip image format version', {
      expected: `${IMAGE_VERSION.major}.x`,
      found: `${major}.${minor}`,
      fix: 'recompile the network with this version of snnc',
    });
  }
  const L = dv.getUint16(12, true);
  if (bytes.length < 26 + L) return fail('SNNC4002', 'truncated chip image: header incomplete', { expected: `at least ${26 + L} bytes (the header with its ${L}-byte target name)`, found: `${bytes.length} bytes` });
  const { stored: headerCrc, actual: actualHeaderCrc } = checkCrc(bytes, 0, 22 + L, 22 + L);
  if (headerCrc !== actualHeaderCrc) {
    return fail('SNNC4004', 'corrupted chip image: header checksum mismatch', {
      expected: hex(headerCrc),
      found: hex(actualHeaderCrc),
    });
  }
  if (L < 1 || L > MAX_TARGET_NAME) return fail('SNNC4004', 'corrupted chip image: bad target-name length', { found: String(L) });
  let target: string;
  try {
    target = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(14, 14 + L));
  } catch {
    return fail('SNNC4004', 'corrupted chip image: target name is not UTF-8');
  }
  const payloadLength = dv.getUint32(14 + L, true);
  const payloadOffset = 26 + L;
  const total = payloadOffset + payloadLength;
  if (bytes.length < total) {
    return fail('SNNC4002', 'truncated chip image: payload incomplete', {
      expected: `${total} bytes`,
      found: `${bytes.length} bytes`,
    });
  }
  if (bytes.length > total) {
    return fail('SNNC4008', 'chip image has trailing bytes after the payload', {
      expected: `${total} bytes`,
      found: `${bytes.length} bytes`,
    });
  }
  const { stored: payloadCrc, actual } = checkCrc(bytes, payloadOffset, total, 18 + L);
  if (payloadCrc !== actual) {
    return fail('SNNC4005', 'corrupted chip image: payload checksum mismatch', {
      expected: hex(payloadCrc),
      found: hex(actual),
    });
  }
  return { header: { major, minor, target, payloadLength, payloadCrc, payloadOffset }, diagnostics: [] };
}

function hex(x: number): string {
  return '0x' + (x >>> 0).toString(16).padStart(8, '0');
}
