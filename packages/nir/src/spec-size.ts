import { diag, LIMITS, withinLimit, type Diagnostic } from '@snnc/common';
import type { GraphSpec } from '@snnc/ir';
import { NirCodes } from './codes.js';

/**
 * The spec an import writes must be one snnc reads back: at most LIMITS.jsonFileBytes of JSON
 * (docs/limits.md). NIR holds weights as dense float arrays, so a file of a few MB (gzip) can
 * become a spec of hundreds of MB: one 4096 x 4096 Linear was written as a 485 MB spec that
 * `snnc validate` then refused, and two of them ended in "internal error: Invalid string length"
 * (V8's longest string) when the spec was serialised. Checked on the spec object, before any text,
 * exactly: the CLI writes the spec with canonicalJson (cli util.ts writeJson).
 */

/**
 * The bytes of `value` as `canonicalJson(value)` writes it (JSON.stringify with keys sorted and an
 * indent of 2: every array element on its own line, so a dense weight matrix costs its numbers
 * plus an indented line each), computed without building the text. Counting stops once past
 * `stop` (the answer is then only known to exceed it). `depth` is the nesting level of `value`.
 */
export function canonicalJsonBytes(value: unknown, stop = Infinity, depth = 0): number {
  let n = 0;
  const walk = (v: unknown, d: number): void => {
    if (n > stop) return;
    if (typeof v === 'number') n += Number.isFinite(v) ? String(v).length : 4;
    else if (typeof v === 'string') n += Buffer.byteLength(JSON.stringify(v));
    else if (typeof v === 'boolean') n += v ? 4 : 5;
    else if (v === null || v === undefined) n += 4; // undefined only inside arrays (as null)
    else if (Array.isArray(v) || ArrayBuffer.isView(v)) {
      const a = v as unknown as ArrayLike<unknown>;
      // "[\n", per element its indent, text, "," (all but the last) and "\n", then the indent and "]"
      n += a.length === 0 ? 2 : 3 + 2 * d + a.length * (2 * (d + 1) + 2) - 1;
      for (let i = 0; i < a.length && n <= stop; i++) walk(a[i], d + 1);
    } else if (typeof v === 'object') {
      const entries = Object.entries(v as object).filter(([, x]) => x !== undefined);
      n += entries.length === 0 ? 2 : 3 + 2 * d + entries.length * (2 * (d + 1) + 4) - 1;
      for (const [k, x] of entries) {
        n += Buffer.byteLength(JSON.stringify(k));
        walk(x, d + 1);
      }
    }
  };
  walk(value, depth);
  return n;
}

/** SNNC6040 at the largest projection when the spec's JSON would exceed jsonFileBytes; undefined when it fits. */
export function specSizeRefusal(spec: GraphSpec, file?: string): Diagnostic | undefined {
  const limit = LIMITS.jsonFileBytes;
  // the spec without its projections' contents, then each projection (at depth 2: root, array)
  let total = canonicalJsonBytes({ ...spec, projections: spec.projections.map(() => null) }, limit) + 1; // the final newline
  let largest = { index: -1, bytes: 0 };
  spec.projections.forEach((p, i) => {
    if (total > limit) return;
    const bytes = canonicalJsonBytes(p, limit, 2) - 4; // replaces its null
    total += bytes;
    if (bytes > largest.bytes) largest = { index: i, bytes };
  });
  if (total <= limit) return undefined;
  const p = spec.projections[largest.index];
  return diag(NirCodes.tooLarge, `the imported spec would be more JSON than snnc reads${p ? ` (the largest projection, "${p.id}", has at least ${largest.bytes} bytes)` : ''}`, {
    file, pointer: p ? `/projections/${largest.index}` : '', expected: withinLimit('jsonFileBytes', 'bytes of spec JSON'), found: `more than ${limit} bytes`,
    fix: 'a smaller network: NIR weights become explicit synapses or dense weights in the spec (only a Conv2d directly on a population stays a conv2d)',
  });
}
