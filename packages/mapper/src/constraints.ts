import { diag, pointerJoin, type Diagnostic } from '@snnc/common';
import { coreId, parseJsonText, validateSchema, type PlacementConstraintsDocument, type Target } from '@snnc/ir';
import type { Mesh } from './mesh.js';
import type { MapperView } from './view.js';

/**
 * What users of a real system ask the mapper for (docs/mapper.md §9): cores and chips it must
 * not use (defective, reserved for other jobs), a cap on neurons per core (stable benchmarks),
 * and populations pinned to chips or core ranges. `snnc map --avoid file.json` reads them from a
 * file (schemas/avoid.schema.json); `--max-neurons-per-core` and `--pin` add to it. Diagnostics
 * point into that document's shape (/cores/2, /pins/0/population), so the CLI can name the file.
 */
export interface PopulationPinOption {
  population: string;
  /** chips the population may use */
  chips?: number[];
  /** inclusive ranges [first, last] of global core ids the population may use */
  cores?: Array<[number, number]>;
}

export interface PlacementConstraints {
  /** global core ids never to use */
  avoidCores?: number[];
  /** chips never to use */
  avoidChips?: number[];
  /** at most this many neurons per core */
  maxNeuronsPerCore?: number;
  pins?: PopulationPinOption[];
}

export const CONSTRAINTS_VERSION = '1.0';

/** Reads a constraints file: JSON (SNNC1002, 1013, 1016), then its schema (SNNC3070 at the field), then core locations. */
export function constraintsFromJson(text: string, target: Target, file?: string): { constraints?: PlacementConstraints; diagnostics: Diagnostic[] } {
  // syntax (SNNC3070, at its line and column), nesting depth and repeated keys (SNNC1016, 1013),
  // located like every JSON input: JSON.parse would keep the last of two "cores" silently, and the
  // schema pass recurse past the stack on deep nesting
  const parsed = parseJsonText(text, file);
  if (parsed.diagnostics.length) {
    return { diagnostics: parsed.diagnostics.map((d) => d.code === 'SNNC1002' ? { ...d, code: 'SNNC3070', message: `constraints file is not JSON: ${d.message}` } : d) };
  }
  const doc = parsed.value;
  const out: Diagnostic[] = [];
  for (const e of validateSchema('avoid', doc, file)) {
    out.push(diag('SNNC3070', `constraints file is malformed at ${e.pointer || 'the root'}: ${e.message}`, {
      pointer: e.pointer ?? '', file, ...(e.expected !== undefined ? { expected: e.expected } : {}), ...(e.found !== undefined ? { found: e.found } : {}),
      fix: 'see schemas/avoid.schema.json and docs/mapper.md §9',
    }));
  }
  if (out.length) return { diagnostics: out };
  const d = doc as PlacementConstraintsDocument;
  const { meshX, meshY, coresPerTile } = target.chip;
  const avoidCores: number[] = [];
  (d.cores ?? []).forEach((c, i) => {
    if (typeof c === 'number') { avoidCores.push(c); return; }
    const bad = (field: string, max: number, v: number, where = '/chip') => out.push(diag('SNNC3071', `core location outside ${where === '/chip' ? 'a chip' : 'the system'} of ${target.name}: ${field} ${v}`, {
      pointer: pointerJoin('/cores', i, field), file, expected: `0..${max - 1}`, found: String(v), fix: `use ${field} below ${max} (target ${where})`,
    }));
    // the chip first: past the system it was refused later as the core id it gave, at /cores/i
    if (c.chip >= target.system.maxChips) bad('chip', target.system.maxChips, c.chip, '/system/maxChips');
    else if (c.x >= meshX) bad('x', meshX, c.x);
    else if (c.y >= meshY) bad('y', meshY, c.y);
    else if (c.coreInTile >= coresPerTile) bad('coreInTile', coresPerTile, c.coreInTile);
    avoidCores.push(coreId(target.chip, c.chip, c.x, c.y, c.coreInTile));
  });
  if (out.length) return { diagnostics: out };
  return {
    constraints: {
      avoidCores, avoidChips: d.chips ?? [],
      ...(d.maxNeuronsPerCore !== undefined ? { maxNeuronsPerCore: d.maxNeuronsPerCore } : {}),
      pins: (d.pins ?? []).map((p) => ({ population: p.population, ...(p.chips ? { chips: p.chips } : {}), ...(p.cores ? { cores: p.cores.map((r) => [r[0], r[1]] as [number, number]) } : {}) })),
    },
    diagnostics: [],
  };
}

/** The constraints resolved against a network and a system. */
export interface ResolvedConstraints {
  /** any constraint that changes packing or layout */
  active: boolean;
  /** per system core (chipsAvailable x coresPerChip): 1 = must not be used */
  blocked: Uint8Array;
  avoided: number;
  /** where the avoided cores come from in the constraints: '/chips', '/cores', or '' (both) */
  avoidedAt: string;
  /** cores left to use */
  available: number;
  cap: number;
  /** per population: pin class (0 = not pinned); per class: the cores it may use (index 0 unused) */
  pinClassOfPop: Int32Array;
  allowed: Uint8Array[];
  /** per class: the populations pinned there, and its pin's index in the constraints */
  classPops: number[][];
  classPin: number[];
}

/** Entries outside the system reported one by one per list (the rest: one summary). */
const LISTED = 10;

export function resolveConstraints(view: MapperView, mesh: Mesh, c: PlacementConstraints | undefined): { resolved?: ResolvedConstraints; diagnostics: Diagnostic[] } {
  const out: Diagnostic[] = [];
  const total = mesh.coresAvailable;
  const perChip = mesh.coresPerChip;
  const blocked = new Uint8Array(total);
  const pops = view.network.populations;
  const pinClassOfPop = new Int32Array(pops.length);
  const allowed: Uint8Array[] = [new Uint8Array(0)];
  const classPops: number[][] = [[]];
  const classPin: number[] = [-1];
  const sys = `${mesh.chipsAvailable} chip(s) of ${perChip} cores`;
  let cap = Infinity;
  let byChips = false, byCores = false;
  // refused entries of one list (outside the system, pins naming nothing): the first LISTED one
  // by one, the rest in one summary
  // (an --avoid file of 200,000 core ids ended in "internal error: Maximum call stack size
  // exceeded" when its 200,000 diagnostics were spread into the caller's array)
  const beyond = new Map<string, { n: number; d: Diagnostic }>();
  const outside = (list: string, d: Diagnostic) => {
    const b = beyond.get(list) ?? { n: 0, d };
    beyond.set(list, { n: b.n + 1, d: b.d });
    if (b.n < LISTED) out.push(d);
  };
  if (c?.maxNeuronsPerCore !== undefined) {
    const n = c.maxNeuronsPerCore;
    if (!Number.isInteger(n) || n < 1) {
      out.push(diag('SNNC3072', `the cap on neurons per core must be a whole number >= 1`, {
        pointer: '/maxNeuronsPerCore', expected: 'an integer >= 1', found: String(n), fix: 'use --max-neurons-per-core 1 or more',
      }));
    } else cap = n;
  }
  (c?.avoidChips ?? []).forEach((chip, i) => {
    if (!Number.isInteger(chip) || chip < 0 || chip >= mesh.chipsAvailable) {
      outside('/chips', diag('SNNC3071', `avoided chip ${chip} is not a chip of the system (${sys})`, {
        pointer: pointerJoin('/chips', i), expected: `0..${mesh.chipsAvailable - 1}`, found: String(chip), fix: 'remove it, or use a target with more chips (system.maxChips)',
      }));
      return;
    }
    blocked.fill(1, chip * perChip, (chip + 1) * perChip);
    byChips = true;
  });
  (c?.avoidCores ?? []).forEach((id, i) => {
    if (!Number.isInteger(id) || id < 0 || id >= total) {
      outside('/cores', diag('SNNC3071', `avoided core ${id} is not a core of the system (${sys})`, {
        pointer: pointerJoin('/cores', i), expected: `0..${total - 1}`, found: String(id), fix: 'remove it, or use a target with more chips (system.maxChips)',
      }));
      return;
    }
    blocked[id] = 1;
    byCores = true;
  });
  const byId = new Map(pops.map((p, i) => [p.id, i]));
  const keys = new Map<string, number>();
  (c?.pins ?? []).forEach((pin, i) => {
    const p = byId.get(pin.population);
    if (p === undefined || view.isInputPop[p]) {
      const names = pops.filter((_, q) => !view.isInputPop[q]).map((x) => x.id);
      outside('/pins', diag('SNNC3073', p === undefined ? `pin names no population: '${pin.population}'` : `input population '${pin.population}' enters from the host and cannot be pinned`, {
        pointer: pointerJoin('/pins', i, 'population'), expected: `one of ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''}`, found: pin.population,
        fix: 'pin a non-input population by its id (snnc inspect lists them)',
      }));
      return;
    }
    if (pinClassOfPop[p] !== 0) {
      outside('/pins', diag('SNNC3073', `population '${pin.population}' is pinned twice`, {
        pointer: pointerJoin('/pins', i), expected: 'one pin per population', found: 'a second pin', fix: 'merge the two pins into one (chips and core ranges add up)',
      }));
      return;
    }
    const set = new Uint8Array(total);
    let bad = false;
    (pin.chips ?? []).forEach((chip, r) => {
      if (!Number.isInteger(chip) || chip < 0 || chip >= mesh.chipsAvailable) {
        bad = true;
        outside(pointerJoin('/pins', i, 'chips'), diag('SNNC3073', `pin of '${pin.population}' names chip ${chip}, not a chip of the system (${sys})`, {
          pointer: pointerJoin('/pins', i, 'chips', r), expected: `0..${mesh.chipsAvailable - 1}`, found: String(chip), fix: 'pin to chips of the system, or use a target with more chips',
        }));
      } else set.fill(1, chip * perChip, (chip + 1) * perChip);
    });
    (pin.cores ?? []).forEach(([a, b], r) => {
      if (!(Number.isInteger(a) && Number.isInteger(b) && a >= 0 && a <= b && b < total)) {
        bad = true;
        outside(pointerJoin('/pins', i, 'cores'), diag('SNNC3073', `pin of '${pin.population}' has core range [${a}, ${b}] outside the system (${sys}) or reversed`, {
          pointer: pointerJoin('/pins', i, 'cores', r), expected: `[first, last] with 0 <= first <= last <= ${total - 1}`, found: `[${a}, ${b}]`, fix: 'use a range of existing core ids, first <= last',
        }));
      } else set.fill(1, a, b + 1);
    });
    if (!pin.chips?.length && !pin.cores?.length) {
      bad = true;
      outside('/pins', diag('SNNC3073', `pin of '${pin.population}' names no chip and no core range`, {
        pointer: pointerJoin('/pins', i), expected: 'chips or cores', found: 'neither', fix: 'add "chips": [..] or "cores": [[first, last]]',
      }));
    }
    if (bad) return;
    let free = 0;
    for (let k = 0; k < total; k++) if (set[k] && !blocked[k]) free++;
    if (free === 0) {
      outside('/pins', diag('SNNC3073', `pin of '${pin.population}' leaves no core: every core it allows is avoided`, {
        pointer: pointerJoin('/pins', i), expected: 'at least one allowed core that is not avoided', found: '0', fix: 'widen the pin or avoid fewer cores',
      }));
      return;
    }
    // populations pinned to the same cores share a class (they may share cores)
    const key = Array.from(set).join('');
    let cls = keys.get(key);
    if (cls === undefined) {
      cls = allowed.length;
      keys.set(key, cls);
      for (let k = 0; k < total; k++) if (blocked[k]) set[k] = 0;
      allowed.push(set);
      classPops.push([]);
      classPin.push(i);
    }
    pinClassOfPop[p] = cls;
    classPops[cls].push(p);
  });
  for (const [list, { n, d }] of beyond) {
    if (n > LISTED) out.push({ ...d, pointer: list, message: `${n - LISTED} more entries of ${list} (after the ${LISTED} above) are refused like them: ${d.message}`, found: `${n} refused entries in all` });
  }
  let avoided = 0;
  for (let k = 0; k < total; k++) avoided += blocked[k];
  const active = avoided > 0 || allowed.length > 1 || cap < Infinity;
  return {
    resolved: { active, blocked, avoided, avoidedAt: byChips && byCores ? '' : byChips ? '/chips' : '/cores', available: total - avoided, cap, pinClassOfPop, allowed, classPops, classPin },
    diagnostics: out,
  };
}

/** "L1 and L2" for the populations of a pin class. */
export function classNames(view: MapperView, r: ResolvedConstraints, cls: number): string {
  return r.classPops[cls].map((p) => view.network.populations[p].id).join(' and ');
}

/** Allowed cores of a class that are not avoided. */
export function classCapacity(r: ResolvedConstraints, cls: number): number {
  let n = 0;
  for (const x of r.allowed[cls]) n += x;
  return n;
}
