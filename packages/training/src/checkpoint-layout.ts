import { diag, type Diagnostic } from '@snnc/common';
import { CheckpointCode } from './checkpoint-codes.js';

/**
 * The byte layout a checkpoint's header declares (checkpoint.ts: 16-byte prefix, header, body of
 * arrays, 4-byte CRC), held against the bytes present, before any array is read.
 *
 * Arrays: each lies inside the body, no two share a name or a byte. The decoder allocates every
 * array the header lists; with overlapping arrays a crafted checkpoint of 64 MB that passed its CRC
 * listed 300 arrays over the same body and allocated 300 times the body (`snnc evaluate` ran out of
 * memory after half a minute, "internal error: Array buffer allocation failed"). Disjoint arrays
 * bound what is allocated by the body's size. A repeated name was read, and the last one silently
 * won.
 *
 * Truncation: a checkpoint cut short (an interrupted copy, a full disk) fails its CRC, and the CRC
 * "expected" is then four bytes of whatever the cut left at the end. `checkpointLength` says how
 * long the file should be, from the prefix or the header when they are intact, so that the
 * diagnostic says the file is truncated, and where, instead of naming two meaningless checksums.
 */

/** Prefix (magic, version, header length) and trailing CRC-32 bytes around the header and body. */
export const CHECKPOINT_PREFIX_BYTES = 16;
export const CHECKPOINT_CRC_BYTES = 4;

interface ArrayLayout {
  name: string;
  type: 'int16' | 'int32';
  length: number;
  offset: number;
}

const width = (a: ArrayLayout) => (a.type === 'int16' ? 2 : 4);

/**
 * Every problem of the arrays' layout in a body of `bodyBytes` bytes, located at `/arrays/k`; the
 * arrays' fields themselves have passed checkCheckpointHeader (names strings, offsets aligned counts).
 */
export function checkArrayLayout(arrays: readonly ArrayLayout[], bodyBytes: number, file?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = new Map<string, number>();
  arrays.forEach((a, k) => {
    const first = names.get(a.name);
    if (first !== undefined)
      out.push(diag(CheckpointCode.header, `checkpoint array "${a.name}" is listed twice`, { file, pointer: `/arrays/${k}/name`, expected: `a name no other array has (/arrays/${first} is "${a.name}")`, found: JSON.stringify(a.name), fix: 'use a checkpoint written by `snnc train`' }));
    else names.set(a.name, k);
    const end = a.offset + a.length * width(a);
    if (end > bodyBytes)
      out.push(diag(CheckpointCode.corrupt, `array "${a.name}" lies outside the checkpoint body`, { file, pointer: `/arrays/${k}`, expected: `an array ending within the body's ${bodyBytes} bytes`, found: `bytes ${a.offset}..${end}` }));
  });
  if (out.length) return out.slice(0, 20);
  // disjoint: sorted by offset, each array ends at or before the next one starts
  const order = arrays.map((_, k) => k).sort((i, j) => arrays[i].offset - arrays[j].offset);
  for (let s = 1; s < order.length; s++) {
    const p = arrays[order[s - 1]];
    const q = arrays[order[s]];
    const pEnd = p.offset + p.length * width(p);
    if (q.length > 0 && p.length > 0 && q.offset < pEnd)
      out.push(diag(CheckpointCode.corrupt, `checkpoint arrays "${p.name}" and "${q.name}" overlap`, { file, pointer: `/arrays/${order[s]}/offset`, expected: `an offset at or after ${pEnd}, where "${p.name}" (/arrays/${order[s - 1]}) ends`, found: String(q.offset), fix: 'use a checkpoint written by `snnc train`' }));
    if (out.length >= 20) break;
  }
  return out;
}

/**
 * The length in bytes the checkpoint declares of itself (and what declares it), or undefined when its prefix or header is
 * too damaged to say: at least the prefix, header and CRC when the header runs past the end, else
 * also the body its arrays span (each padded to 4 bytes, as encodeCheckpoint writes them).
 */
export function checkpointLength(bytes: Uint8Array): { bytes: number; from: 'prefix' | 'header length' | 'header' } | undefined {
  if (bytes.length < CHECKPOINT_PREFIX_BYTES) return { bytes: CHECKPOINT_PREFIX_BYTES + CHECKPOINT_CRC_BYTES, from: 'prefix' };
  const hlen = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(12, true);
  const bodyStart = CHECKPOINT_PREFIX_BYTES + hlen;
  if (bodyStart + CHECKPOINT_CRC_BYTES > bytes.length) return { bytes: bodyStart + CHECKPOINT_CRC_BYTES, from: 'header length' };
  let arrays: unknown;
  try {
    arrays = (JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(CHECKPOINT_PREFIX_BYTES, bodyStart))) as { arrays?: unknown })?.arrays;
  } catch {
    return undefined;
  }
  if (!Array.isArray(arrays)) return undefined;
  let end = 0;
  for (const a of arrays as Partial<ArrayLayout>[]) {
    if (typeof a !== 'object' || a === null || !Number.isSafeInteger(a.offset) || !Number.isSafeInteger(a.length) || (a.type !== 'int16' && a.type !== 'int32')) return undefined;
    end = Math.max(end, a.offset! + a.length! * width(a as ArrayLayout));
  }
  return { bytes: bodyStart + ((end + 3) & ~3) + CHECKPOINT_CRC_BYTES, from: 'header' };
}

/**
 * Why a checkpoint whose CRC does not match is shorter or longer than it declares, located at the
 * byte where it ends or where it should have ended; undefined when its length is as declared (or
 * cannot be known), i.e. the damage is elsewhere.
 */
export function lengthProblem(bytes: Uint8Array, file?: string): Diagnostic | undefined {
  const declared = checkpointLength(bytes);
  if (declared === undefined || declared.bytes === bytes.length) return undefined;
  const want = declared.bytes;
  // only the header's arrays give the whole length; the prefix and the header length a lower bound
  const atLeast = declared.from === 'header' ? '' : 'at least ';
  const by = declared.from === 'prefix' ? 'the format (a 16-byte prefix and a 4-byte CRC)' : declared.from === 'header length' ? 'its header length (bytes 12..15)' : 'its header';
  if (want > bytes.length)
    return diag(CheckpointCode.corrupt, `the checkpoint is truncated: it ends at byte ${bytes.length}, and ${by} asks for ${atLeast}${want} bytes`, {
      file, offset: bytes.length, expected: `${atLeast}${want} bytes`, found: `${bytes.length} bytes`, fix: 'the file was cut short (an interrupted copy or a full disk): copy it again from where `snnc train` wrote it',
    });
  return diag(CheckpointCode.corrupt, `the checkpoint has ${bytes.length - want} bytes past its end (byte ${want}, as its header declares)`, {
    file, offset: want, expected: `${want} bytes`, found: `${bytes.length} bytes`, fix: 'something was appended to the file: copy it again from where `snnc train` wrote it',
  });
}
