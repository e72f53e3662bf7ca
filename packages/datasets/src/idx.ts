/**
 * The IDX format of MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/, "file formats"):
 *
 *   bytes 0..1   zero
 *   byte  2      element type (0x08 = unsigned byte, the only type these datasets use)
 *   byte  3      number of dimensions d
 *   4 * d bytes  dimension sizes, u32 big-endian
 *   then         the elements, row-major, product(dims) of them
 *
 * Files may be gzip-compressed (as Debian ships them). Nothing larger than the limit is ever
 * allocated: the file is read by readInputBytes (never a device or a FIFO, never past
 * IDX_MAX_BYTES), inflating is capped at the limit (the gzip trailer's size is compared only
 * afterwards: a truncated file has no trailer), and the header's dimensions are checked against
 * the limit and the bytes present before the elements are used. A bad file becomes a diagnostic with the byte `offset` of the
 * problem; for a gzip file the message says whether it counts compressed or decompressed bytes.
 */
import zlib from 'node:zlib';
import { describeReadError, diag, InputRefused, readInputBytes, type Diagnostic } from '@snnc/common';
import { DataCode } from './codes.js';

/**
 * Largest IDX file accepted, decompressed: 256 MiB. Fashion-MNIST's largest file is 47 MB
 * (60,000 x 28 x 28); the limit keeps a corrupt header or a wrong file from exhausting memory.
 */
export const IDX_MAX_BYTES = 256 * 1024 * 1024;

const UBYTE = 0x08;
const TYPE_NAMES: Record<number, string> = { 0x08: 'ubyte', 0x09: 'sbyte', 0x0b: 'short', 0x0c: 'int', 0x0d: 'float', 0x0e: 'double' };

export interface IdxArray {
  /** Dimension sizes, outermost first. */
  dims: number[];
  /** product(dims) unsigned bytes (a view into the decoded file, not a copy). */
  data: Uint8Array;
}

export interface IdxReadOptions {
  /** The number of dimensions the caller needs (3 for images, 1 for labels). */
  rank: number;
  /** Override of IDX_MAX_BYTES (tests). */
  maxBytes?: number;
  /** How to name the file in diagnostics (default: the path as given). */
  shown?: string;
}

/** Read and check an IDX file of unsigned bytes, gzip-compressed or raw. Never throws for bad bytes. */
export function readIdxFile(file: string, o: IdxReadOptions): { idx?: IdxArray; diagnostics: Diagnostic[] } {
  const shown = o.shown ?? file;
  const limit = o.maxBytes ?? IDX_MAX_BYTES;
  let bytes: Uint8Array;
  try {
    // bounded, and never from a FIFO or a device (a FIFO blocked for ever, /dev/zero grew until the heap aborted)
    bytes = readInputBytes(file, limit);
  } catch (e) {
    if (e instanceof InputRefused && e.code === 'ETOOBIG') return { diagnostics: [tooLarge(shown, `a file that ${e.message}`, limit)] };
    return { diagnostics: [diag(DataCode.IdxUnreadable, `cannot read the IDX file: it ${describeReadError(e)}`, { file: shown, offset: 0, expected: 'a readable regular file' })] };
  }
  return decodeIdx(bytes, { ...o, shown, maxBytes: limit });
}

/** Decode IDX bytes (gzip-compressed when they start with the gzip magic 1f 8b). */
export function decodeIdx(bytes: Uint8Array, o: IdxReadOptions): { idx?: IdxArray; diagnostics: Diagnostic[] } {
  const shown = o.shown ?? '<idx>';
  const limit = o.maxBytes ?? IDX_MAX_BYTES;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    const g = gunzip(bytes, shown, limit);
    if (!g.bytes) return { diagnostics: g.diagnostics };
    return parseIdx(g.bytes, shown, o.rank, ' of the decompressed data', limit);
  }
  if (bytes.length > limit) return { diagnostics: [tooLarge(shown, `${bytes.length} bytes`, limit)] };
  return parseIdx(bytes, shown, o.rank, '', limit);
}

function tooLarge(file: string, found: string, limit: number): Diagnostic {
  return diag(DataCode.IdxTooLarge, 'the IDX file is larger than snnc accepts', {
    file,
    offset: 0,
    expected: `at most ${limit} bytes (IDX_MAX_BYTES)`,
    found,
    fix: 'check that this is the right file; the largest Fashion-MNIST file is 47,040,016 bytes',
  });
}

/** Inflate a single-member gzip file after checking its trailer's size against the limit. */
function gunzip(bytes: Uint8Array, shown: string, limit: number): { bytes?: Uint8Array; diagnostics: Diagnostic[] } {
  // 10-byte header + 8-byte trailer (CRC-32, ISIZE = uncompressed size mod 2^32, little-endian).
  if (bytes.length < 18) {
    return { diagnostics: [diag(DataCode.IdxCorrupt, 'the gzip file is truncated (shorter than its header and trailer)', { file: shown, offset: bytes.length, expected: 'at least 18 bytes', found: `${bytes.length} bytes` })] };
  }
  const n = bytes.length;
  const isize = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  // Inflating is capped at the limit, so nothing larger is ever allocated; the trailer's size is
  // only compared afterwards (a truncated file's last four bytes are not a trailer at all).
  let out: Buffer;
  try {
    out = zlib.gunzipSync(bytes, { maxOutputLength: limit });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const truncated = err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message);
    if (err.code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
      return { diagnostics: [tooLarge(shown, `more bytes once decompressed (the gzip trailer, byte ${n - 4} of the compressed file, says ${isize})`, limit)] };
    }
    return {
      diagnostics: [
        truncated
          ? diag(DataCode.IdxCorrupt, `the gzip stream ends early, at byte ${n} of the compressed file`, { file: shown, offset: n, expected: 'a complete gzip stream', found: `${n} bytes`, fix: 'the file is truncated: reinstall or re-download it' })
          : diag(DataCode.IdxCorrupt, `the compressed data is corrupt (zlib: ${err.message}); it starts at byte 10 of the compressed file`, { file: shown, offset: 10, fix: 'reinstall or re-download the file' }),
      ],
    };
  }
  if (out.length !== isize) {
    return { diagnostics: [diag(DataCode.IdxCorrupt, `the gzip trailer (byte ${n - 4} of the compressed file) disagrees with the data`, { file: shown, offset: n - 4, expected: `${out.length} bytes (decompressed)`, found: `${isize}` })] };
  }
  return { bytes: out, diagnostics: [] };
}

/** Parse the IDX header and check the element count against the bytes present. */
export function parseIdx(bytes: Uint8Array, shown: string, rank: number, where: string, limit = IDX_MAX_BYTES): { idx?: IdxArray; diagnostics: Diagnostic[] } {
  const bad = (offset: number, message: string, expected: string, found: string, fix?: string) => ({
    diagnostics: [diag(DataCode.IdxCorrupt, `${message} (byte ${offset}${where})`, { file: shown, offset, expected, found, ...(fix ? { fix } : {}) })],
  });
  const header = 4 + 4 * rank;
  if (bytes.length < 4) return bad(bytes.length, 'the IDX header is truncated', `${header} header bytes`, `${bytes.length} bytes`);
  if (bytes[0] !== 0 || bytes[1] !== 0) return bad(0, 'not an IDX file: the magic number must start with two zero bytes', '00 00', hex(bytes, 0, 2), 'check the file name: this is not an IDX file');
  if (bytes[2] !== UBYTE) return bad(2, 'the IDX element type is not unsigned byte', '0x08 (ubyte)', `0x${bytes[2].toString(16).padStart(2, '0')} (${TYPE_NAMES[bytes[2]] ?? 'unknown type'})`);
  if (bytes[3] !== rank) return bad(3, `the IDX file has ${bytes[3]} dimensions`, `${rank} (${rank === 1 ? 'labels' : rank === 3 ? 'images' : 'the expected rank'})`, String(bytes[3]), 'check that images and labels files are not swapped');
  if (bytes.length < header) return bad(bytes.length, 'the IDX header is truncated', `${header} header bytes`, `${bytes.length} bytes`);
  const dims: number[] = [];
  let count = 1;
  for (let k = 0; k < rank; k++) {
    const at = 4 + 4 * k;
    const d = ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
    dims.push(d);
    count *= d; // exact: a product past 2^53 is far past any limit and fails the length check below
  }
  const total = header + count;
  if (total > limit) {
    return bad(4, `the IDX dimensions ${dims.join(' x ')} exceed the size limit`, `at most ${limit} bytes (IDX_MAX_BYTES)`, `${total} bytes`, 'the header is corrupt or this is not the right file');
  }
  if (bytes.length < total) {
    return bad(bytes.length, 'the IDX data is truncated', `${total} bytes for dimensions ${dims.join(' x ')}`, `${bytes.length} bytes`, 'the file is incomplete: reinstall or re-download it');
  }
  if (bytes.length > total) {
    return bad(total, `the IDX file has ${bytes.length - total} bytes past its data`, `${total} bytes for dimensions ${dims.join(' x ')}`, `${bytes.length} bytes`);
  }
  return { idx: { dims, data: bytes.subarray(header, total) }, diagnostics: [] };
}

function hex(b: Uint8Array, from: number, n: number): string {
  return Array.from(b.subarray(from, from + n), (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/** Encode an IDX ubyte file (raw); for tests and fixtures. */
export function encodeIdx(dims: readonly number[], data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + data.length);
  out[2] = UBYTE;
  out[3] = dims.length;
  const dv = new DataView(out.buffer);
  dims.forEach((d, k) => dv.setUint32(4 + 4 * k, d, false));
  out.set(data, 4 + 4 * dims.length);
  return out;
}
