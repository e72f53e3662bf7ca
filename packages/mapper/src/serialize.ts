import { diag, pointerJoin, type Diagnostic } from '@snnc/common';
import { PLACEMENT_VERSION, type Placement } from './placement.js';

/**
 * The placement file (docs/mapper.md §7): JSON, keys sorted, typed arrays written as plain arrays
 * of numbers on one line each (so a million-neuron placement stays a few lines per population and
 * two runs with the same seed give the same bytes), objects indented for reading. No timestamps,
 * no paths. `placementFromJson` checks the shape and says where it is wrong.
 */
export function placementToJson(p: Placement): string {
  return write(p, '') + '\n';
}

function write(v: unknown, indent: string): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'null';
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (ArrayBuffer.isView(v)) return '[' + Array.from(v as unknown as ArrayLike<number>, (x) => write(x, '')).join(',') + ']';
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    if (v.every((x) => typeof x === 'number')) return '[' + v.map((x) => write(x, '')).join(',') + ']';
    return '[\n' + v.map((x) => inner + write(x, inner)).join(',\n') + '\n' + indent + ']';
  }
  const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
  if (keys.length === 0) return '{}';
  return '{\n' + keys.map((k) => `${inner}${JSON.stringify(k)}: ${write((v as Record<string, unknown>)[k], inner)}`).join(',\n') + '\n' + indent + '}';
}

type Json = Record<string, unknown>;

export function placementFromJson(text: string, file?: string): { placement?: Placement; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const bad = (pointer: string, expected: string, found: unknown) =>
    out.push(diag('SNNC3060', `placement file is malformed at ${pointer || 'the root'}`, {
      pointer, file, expected, found: typeof found === 'object' ? (Array.isArray(found) ? 'an array' : found === null ? 'null' : 'an object') : String(found),
    }));
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { diagnostics: [diag('SNNC3060', `placement file is not JSON: ${(e as Error).message}`, { pointer: '', file, expected: 'a JSON object' })] };
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) { bad('', 'an object', doc); return { diagnostics: out }; }
  const d = doc as Json;
  if (d.placementVersion !== PLACEMENT_VERSION) {
    out.push(diag('SNNC3061', 'unsupported placement version', {
      pointer: '/placementVersion', file, expected: PLACEMENT_VERSION, found: String(d.placementVersion), fix: 'map the network again with this snnc',
    }));
    return { diagnostics: out };
  }
  for (const k of ['network', 'target', 'strategy']) if (typeof d[k] !== 'string') bad(`/${k}`, 'a string', d[k]);
  if (!Array.isArray(d.cores)) bad('/cores', 'an array', d.cores);
  if (!Array.isArray(d.usage) || (Array.isArray(d.cores) && d.usage.length !== d.cores.length)) bad('/usage', 'an array parallel to /cores', d.usage);
  if (!d.metrics || typeof d.metrics !== 'object') bad('/metrics', 'an object', d.metrics);
  const ints = (key: string): Int32Array[] | undefined => {
    const a = d[key];
    if (!Array.isArray(a)) { bad(`/${key}`, 'an array of integer arrays', a); return undefined; }
    return a.map((row, i) => {
      if (!Array.isArray(row) || !row.every((x) => Number.isInteger(x))) { bad(pointerJoin(`/${key}`, i), 'an array of integers', row); return new Int32Array(0); }
      return Int32Array.from(row as number[]);
    });
  };
  const neuronCore = ints('neuronCore');
  const neuronSlot = ints('neuronSlot');
  if (Array.isArray(d.cores)) {
    (d.cores as unknown[]).forEach((c, i) => {
      const o = c as Json;
      for (const f of ['id', 'chip', 'x', 'y', 'coreInTile']) {
        if (!o || !Number.isInteger(o[f])) bad(pointerJoin('/cores', i, f), 'an integer', o?.[f]);
      }
    });
  }
  if (out.length > 0 || !neuronCore || !neuronSlot) return { diagnostics: out };
  const placement = { ...(d as unknown as Placement), neuronCore, neuronSlot };
  const tr = d.traffic as Json | undefined;
  if (tr) {
    placement.traffic = {
      from: Int32Array.from(tr.from as number[]), to: Int32Array.from(tr.to as number[]),
      weight: Float64Array.from(tr.weight as number[]), host: Float64Array.from(tr.host as number[]),
    };
  }
  const li = d.links as Json | undefined;
  if (li) {
    placement.links = {
      x: Int32Array.from(li.x as number[]), y: Int32Array.from(li.y as number[]), dir: Int32Array.from(li.dir as number[]),
      load: Float64Array.from(li.load as number[]), hostLink: Number(li.hostLink),
    };
  }
  return { placement, diagnostics: out };
}
