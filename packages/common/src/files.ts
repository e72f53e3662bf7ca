import zlib from 'node:zlib';

/** JSON with object keys sorted recursively: the canonical text form used for golden files. */
export function canonicalJson(value: unknown, indent = 2): string {
  return JSON.stringify(sortKeys(value), null, indent) + '\n';
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

/** CRC-32 (IEEE 802.3) from Node's zlib; used for image and checkpoint integrity. */
export function crc32(bytes: Uint8Array, seed = 0): number {
  return zlib.crc32(bytes, seed) >>> 0;
}
