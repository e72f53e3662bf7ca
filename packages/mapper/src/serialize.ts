import { diag, LIMITS, withinLimit, type Diagnostic } from '@snnc/common';
import { parseJsonText, validateSchema, type PlacementDocument } from '@snnc/ir';
import { checkPlacementArrays } from './placement-check.js';
import { PLACEMENT_VERSION, type Placement } from './placement.js';

/**
 * The placement file (docs/mapper.md §7): JSON, keys sorted, typed arrays written as plain arrays
 * of numbers on one line each (so a million-neuron placement stays a few lines per population and
 * two runs with the same seed give the same bytes), objects indented for reading. No timestamps,
 * no paths. `placementFromJson` checks the shape against schemas/placement.schema.json (ajv, like the
 * spec and the target) and says where it is wrong.
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
  // syntax, nesting depth and repeated keys, located like every JSON input
  const parsed = parseJsonText(text, file);
  if (parsed.diagnostics.length) return { diagnostics: parsed.diagnostics };
  const doc = parsed.value;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) { bad('', 'an object', doc); return { diagnostics: out }; }
  const d = doc as Json;
  if (d.placementVersion !== PLACEMENT_VERSION) {
    out.push(diag('SNNC3061', 'unsupported placement version', {
      pointer: '/placementVersion', file, expected: PLACEMENT_VERSION, found: String(d.placementVersion), fix: 'map the network again with this snnc',
    }));
    return { diagnostics: out };
  }
  // the shape: schemas/placement.schema.json, validated by ajv like the spec and the target
  for (const e of validateSchema('placement', doc, file)) {
    out.push(diag('SNNC3060', `placement file is malformed at ${e.pointer || 'the root'}: ${e.message}`, {
      pointer: e.pointer ?? '', file, ...(e.expected !== undefined ? { expected: e.expected } : {}), ...(e.found !== undefined ? { found: e.found } : {}),
    }));
  }
  if (out.length > 0) return { diagnostics: out };
  // what a schema cannot say: usage is parallel to cores, the cores lie in the mesh, neurons in the
  // cores, and the other arrays agree with them (placement-check.ts)
  const v = doc as PlacementDocument;
  if (v.usage.length !== v.cores.length) bad('/usage', 'an array parallel to /cores', v.usage);
  const m = v.mesh;
  if (m) {
    // the mesh of a target (docs/limits.md): the report draws every core of every used chip, so a
    // hand-edited mesh of 300 chips of 64 x 64 tiles of 64 cores made a 100 KB file a 100 MB page
    const over = ([['/mesh/coresPerTile', m.coresPerTile, 'coresPerTile'], ['/mesh/chipsX', m.chipsX, 'chipGridSide'], ['/mesh/chipsY', m.chipsY, 'chipGridSide'],
      ['/mesh/chipsAvailable', m.chipsAvailable * m.coresPerChip, 'systemCores']] as const).find(([, x, limit]) => x > LIMITS[limit]);
    if (over) bad(over[0], withinLimit(over[2], over[2] === 'systemCores' ? 'cores (chipsAvailable x coresPerChip)' : ''), over[1]);
    else if (m.coresPerChip !== m.meshX * m.meshY * m.coresPerTile) bad('/mesh/coresPerChip', `meshX x meshY x coresPerTile = ${m.meshX * m.meshY * m.coresPerTile}`, m.coresPerChip);
    if (m.chipsAvailable > m.chipsX * m.chipsY) bad('/mesh/chipsAvailable', `at most chipsX x chipsY = ${m.chipsX * m.chipsY}`, m.chipsAvailable);
    for (let i = 0; i < v.cores.length && out.length === 0; i++) {
      const c = v.cores[i];
      const at = `/cores/${i}`;
      if (c.chip >= m.chipsAvailable) bad(`${at}/chip`, `a chip below /mesh/chipsAvailable = ${m.chipsAvailable}`, c.chip);
      else if (c.x >= m.meshX) bad(`${at}/x`, `a tile x below /mesh/meshX = ${m.meshX}`, c.x);
      else if (c.y >= m.meshY) bad(`${at}/y`, `a tile y below /mesh/meshY = ${m.meshY}`, c.y);
      else if (c.coreInTile >= m.coresPerTile) bad(`${at}/coreInTile`, `a core below /mesh/coresPerTile = ${m.coresPerTile}`, c.coreInTile);
      else if (c.id !== c.chip * m.coresPerChip + (c.y * m.meshX + c.x) * m.coresPerTile + c.coreInTile) bad(`${at}/id`, 'chip x coresPerChip + (y x meshX + x) x coresPerTile + coreInTile', c.id);
    }
  }
  const ids = new Set(v.cores.map((c) => c.id));
  if (out.length === 0 && ids.size !== v.cores.length) bad('/cores', 'distinct core ids', `${v.cores.length - ids.size} repeated`);
  for (let p = 0; p < v.neuronCore.length && out.length === 0; p++) {
    const row = v.neuronCore[p];
    const k = row.findIndex((c) => c < -1 || c >= v.cores.length);
    if (k >= 0) bad(`/neuronCore/${p}/${k}`, `-1 or a used-core index below ${v.cores.length}`, row[k]);
  }
  if (out.length === 0) checkPlacementArrays(v, bad);
  if (out.length > 0) return { diagnostics: out };
  const neuronCore = v.neuronCore.map((row) => Int32Array.from(row));
  const neuronSlot = v.neuronSlot.map((row) => Int32Array.from(row));
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
