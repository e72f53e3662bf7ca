import crypto from 'node:crypto';
import os from 'node:os';
import { canonicalJson } from '@snnc/common';
import type { Graph, LoweredNetwork } from './graph.js';

/**
 * Canonical forms of a Graph or LoweredNetwork, so that tests and tools can say "byte-identical":
 *  - canonicalText: JSON with sorted keys, typed arrays as plain arrays, `specPointer` omitted
 *    (it says where a thing came from, not what it is). Readable; for small networks and goldens.
 *  - hashNetwork: sha256 of a compact binary form: the canonical JSON of the structure with each
 *    typed array replaced by {"$array": type, "length": n}, followed by the arrays' bytes
 *    (little-endian) in the same order. Cheap for millions of synapses.
 */
export function canonicalText(x: Graph | LoweredNetwork): string {
  return canonicalJson(strip(x, null));
}

export function hashNetwork(x: Graph | LoweredNetwork): string {
  const arrays: ArrayBufferView[] = [];
  const skeleton = strip(x, arrays);
  const h = crypto.createHash('sha256');
  h.update(canonicalJson(skeleton, 0));
  for (const a of arrays) h.update(littleEndian(a));
  return h.digest('hex');
}

type TypedArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** Copies the value without specPointer; with `arrays`, typed arrays become placeholders. */
function strip(v: unknown, arrays: ArrayBufferView[] | null): unknown {
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
    if (!arrays) return Array.from(v as TypedArray);
    arrays.push(v);
    return { $array: v.constructor.name, length: (v as TypedArray).length };
  }
  if (Array.isArray(v)) return v.map((e) => strip(e, arrays));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    // Sorted here too, so that the order of `arrays` follows the canonical key order.
    for (const k of Object.keys(v).sort()) {
      if (k === 'specPointer') continue;
      const e = (v as Record<string, unknown>)[k];
      if (e !== undefined) out[k] = strip(e, arrays);
    }
    return out;
  }
  return v;
}

function littleEndian(a: ArrayBufferView): Uint8Array {
  const bytes = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const width = (a as TypedArray).BYTES_PER_ELEMENT;
  if (os.endianness() === 'LE' || width === 1) return bytes;
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i += width) for (let b = 0; b < width; b++) out[i + b] = bytes[i + width - 1 - b];
  return out;
}
