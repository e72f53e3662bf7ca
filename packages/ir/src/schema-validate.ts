import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { diag, pointerGet, pointerJoin, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import { readSchema } from './paths.js';
import { validate as specValidator } from './generated/spec-validator.js';
import { validate as targetValidator } from './generated/target-validator.js';
import { validate as placementValidator } from './generated/placement-validator.js';
import { validate as avoidValidator } from './generated/avoid-validator.js';

/**
 * JSON Schema validation (ajv, draft 2020-12) with ALL errors, each mapped to a Diagnostic that
 * names the offending field by JSON Pointer and says what was expected and what was found.
 * Ajv's raw messages ("must be >= 1") are rewritten in the user's terms; noise that only restates
 * another error (the `if` wrapper, a discriminator whose tag is already reported missing, a
 * `oneOf` summary) is dropped.
 */
export type SchemaName = 'spec' | 'target' | 'placement' | 'avoid';

/** A spec identifier: $defs/Id of schemas/spec.schema.json, its pattern and maxLength (a test keeps them equal). */
export const ID_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
export const ID_MAX_LENGTH = 128;

const MAX_DIAGNOSTICS = 100;

interface Compiled {
  validate: ValidateFunction;
  root: Record<string, unknown>;
}

const compiled = new Map<SchemaName, Compiled>();

/**
 * The validators are precompiled by scripts/gen-types.mjs (ajv standalone code, same options:
 * all errors, verbose, discriminator) so that no process pays for schema compilation; a test
 * fails when they are stale. The schema itself is still read to word the diagnostics.
 */
const PRECOMPILED: Record<SchemaName, ValidateFunction> = {
  spec: specValidator as unknown as ValidateFunction,
  target: targetValidator as unknown as ValidateFunction,
  placement: placementValidator as unknown as ValidateFunction,
  avoid: avoidValidator as unknown as ValidateFunction,
};

function compile(name: SchemaName): Compiled {
  let c = compiled.get(name);
  if (!c) {
    c = { validate: PRECOMPILED[name], root: readSchema(name) as Record<string, unknown> };
    compiled.set(name, c);
  }
  return c;
}

/** Validates `value` against schemas/<name>.schema.json; [] when valid. */
export function validateSchema(name: SchemaName, value: unknown, file?: string): Diagnostic[] {
  const { validate, root } = compile(name);
  if (validate(value)) return [];
  const errors = validate.errors ?? [];
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const missing = new Set(
    errors.filter((e) => e.keyword === 'required').map((e) => pointerJoin(e.instancePath, String(e.params.missingProperty))),
  );
  // every instance path at or above a concrete error: a oneOf/anyOf summary is dropped when one
  // is reported under it. A set, not a scan of all concrete errors per summary: that was quadratic,
  // and an --avoid file of 200,000 bad core entries did not finish in minutes
  const concrete = new Set<string>();
  for (const e of errors) {
    if (['if', 'oneOf', 'anyOf', 'discriminator'].includes(e.keyword)) continue;
    for (let path = e.instancePath; !concrete.has(path); path = path.slice(0, Math.max(0, path.lastIndexOf('/')))) {
      concrete.add(path);
      if (path === '') break;
    }
  }
  for (const e of errors) {
    const d = mapError(e, value, root, missing, concrete);
    if (!d) continue;
    const key = `${d.pointer}|${d.code}|${d.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...d, file });
  }
  if (out.length > MAX_DIAGNOSTICS) {
    const more = out.length - MAX_DIAGNOSTICS;
    out.length = MAX_DIAGNOSTICS;
    out.push(diag(Codes.tooManyErrors, `${more} more schema errors not shown`, { file, pointer: '' }));
  }
  return out;
}

function mapError(
  e: ErrorObject,
  doc: unknown,
  root: Record<string, unknown>,
  missing: Set<string>,
  concrete: ReadonlySet<string>,
): Diagnostic | null {
  const ptr = e.instancePath;
  const field = fieldName(ptr);
  const about = describeSchema(e.parentSchema);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const name = String(p.missingProperty);
      return diag(Codes.missingField, `missing required field "${name}"${ptr ? ` in ${field}` : ''}`, {
        pointer: pointerJoin(ptr, name),
        expected: `field "${name}"${propertyAbout(e.parentSchema, name, root)}`,
        found: 'no such field',
      });
    }
    case 'type':
      return diag(Codes.wrongType, `wrong type for ${field}: expected ${String(p.type)}, found ${typeOf(e.data)}`, {
        pointer: ptr,
        expected: `${String(p.type)}${about}`,
        found: show(e.data),
      });
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum': {
      const cmp = String(p.comparison);
      const limit = Number(p.limit);
      let what = `${field} must be ${cmp} ${limit}`;
      if (cmp === '>=' && limit === 1 && Number(e.data) <= 0) what = `${field} must be at least 1, not ${e.data}`;
      else if ((cmp === '>=' || cmp === '>') && limit === 0 && Number(e.data) < 0) what = `${field} must not be negative`;
      else if (cmp === '<=' && limit === 1 && isProbability(e.parentSchema)) what = `${field} is a probability and must be <= 1`;
      return diag(Codes.outOfRange, what, { pointer: ptr, expected: `${cmp} ${limit}${about}`, found: show(e.data) });
    }
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return diag(Codes.notInEnum, `${field} must be one of ${allowed}`, { pointer: ptr, expected: `one of ${allowed}`, found: show(e.data) });
    }
    case 'const': {
      const want = JSON.stringify(p.allowedValue);
      if (ptr === '/irVersion' || ptr === '/targetVersion') {
        return diag(Codes.unsupportedVersion, `unsupported ${field} ${show(e.data)}`, { pointer: ptr, expected: want, found: show(e.data) });
      }
      return diag(Codes.notInEnum, `${field} must be ${want}`, { pointer: ptr, expected: want, found: show(e.data) });
    }
    case 'additionalProperties':
    case 'unevaluatedProperties': {
      const name = String(p.additionalProperty ?? p.unevaluatedProperty);
      const known = knownProperties(e.parentSchema, root);
      const near = closest(name, known);
      return diag(Codes.unknownField, `unknown field "${name}"${near ? ` (did you mean "${near}"?)` : ''}`, {
        pointer: pointerJoin(ptr, name),
        expected: known.length ? `one of ${known.map((k) => `"${k}"`).join(', ')}` : 'no further fields',
        found: `"${name}"`,
        fix: near ? `rename "${name}" to "${near}"` : `remove "${name}"`,
      });
    }
    case 'minItems':
    case 'maxItems': {
      const n = Array.isArray(e.data) ? e.data.length : 0;
      const word = e.keyword === 'minItems' ? 'at least' : 'at most';
      return diag(Codes.arrayLength, `${field} must have ${word} ${String(p.limit)} items`, {
        pointer: ptr,
        expected: `${word} ${String(p.limit)} items${about}`,
        found: `${n} items`,
      });
    }
    case 'pattern':
      return diag(Codes.badPattern, `${field} is not a valid identifier`, {
        pointer: ptr,
        expected: about ? about.slice(2, -1) : e.message ?? 'a valid string',
        found: show(e.data),
      });
    case 'maxLength':
    case 'minLength': {
      // the length is what is wrong, not the characters: say so (it said "not a valid string" and quoted the pattern)
      const n = typeof e.data === 'string' ? [...e.data].length : 0;
      const long = e.keyword === 'maxLength';
      return diag(Codes.badPattern, `${field} is ${long ? 'longer' : 'shorter'} than ${String(p.limit)} characters`, {
        pointer: ptr,
        expected: `${long ? 'at most' : 'at least'} ${String(p.limit)} characters${about}`,
        found: `${n} characters: ${show(e.data)}`,
        fix: long ? `shorten it to ${String(p.limit)} characters` : 'give a longer value',
      });
    }
    case 'discriminator': {
      const tag = String(p.tag);
      const tagPtr = pointerJoin(ptr, tag);
      if (missing.has(tagPtr)) return null;
      const options = discriminatorValues(e.parentSchema, root);
      const found = pointerGet(doc, tagPtr);
      if (p.error === 'mapping') {
        return diag(Codes.unknownVariant, `unknown ${tag} ${show(found)}`, {
          pointer: tagPtr,
          expected: `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`,
          found: show(found),
        });
      }
      return diag(Codes.wrongType, `${tag} must be a string`, { pointer: tagPtr, expected: `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`, found: show(found) });
    }
    case 'if':
      return null; // the failing then/else branch reported the detail
    case 'oneOf':
    case 'anyOf':
      // A summary of branch failures: keep only if no branch error is reported under it.
      if (concrete.has(ptr)) return null;
      return diag(Codes.schemaOther, `${field} matches none of the allowed forms`, { pointer: ptr, found: show(e.data) });
    case 'uniqueItems':
      return diag(Codes.schemaOther, `${field} has duplicate items (items ${String(p.j)} and ${String(p.i)})`, { pointer: ptr, expected: 'distinct items', found: show(e.data) });
    default:
      return diag(Codes.schemaOther, `${field}: ${e.message ?? 'invalid'}`, { pointer: ptr, found: show(e.data) });
  }
}

function fieldName(ptr: string): string {
  if (ptr === '') return 'the document';
  const tokens = ptr.split('/');
  const last = tokens[tokens.length - 1].replace(/~1/g, '/').replace(/~0/g, '~');
  if (/^[0-9]+$/.test(last) && tokens.length > 2) return `${tokens[tokens.length - 2]}[${last}]`;
  return `"${last}"`;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  let s: string;
  try {
    s = JSON.stringify(v);
  } catch {
    s = String(v);
  }
  if (s === undefined) s = String(v);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

function describeSchema(schema: unknown): string {
  const d = schema && typeof schema === 'object' ? (schema as { description?: unknown }).description : undefined;
  return typeof d === 'string' ? ` (${d.replace(/\.$/, '')})` : '';
}

function isProbability(schema: unknown): boolean {
  const d = schema && typeof schema === 'object' ? (schema as { description?: unknown }).description : undefined;
  return typeof d === 'string' && /probability/i.test(d);
}

function resolve(schema: unknown, root: Record<string, unknown>): Record<string, unknown> {
  let s = schema as Record<string, unknown> | undefined;
  for (let i = 0; i < 8 && s && typeof s.$ref === 'string'; i++) {
    s = pointerGet(root, (s.$ref as string).slice(1)) as Record<string, unknown> | undefined;
  }
  return s ?? {};
}

function propertyAbout(parent: unknown, name: string, root: Record<string, unknown>): string {
  const props = resolve(parent, root).properties as Record<string, unknown> | undefined;
  const prop = props?.[name];
  if (!prop) return '';
  const own = describeSchema(prop);
  return own || describeSchema(resolve(prop, root));
}

function knownProperties(parent: unknown, root: Record<string, unknown>): string[] {
  const names = new Set<string>();
  const visit = (s: unknown, depth: number) => {
    const r = resolve(s, root);
    for (const k of Object.keys((r.properties as object) ?? {})) names.add(k);
    if (depth < 4) for (const sub of (r.allOf as unknown[]) ?? []) visit(sub, depth + 1);
  };
  visit(parent, 0);
  return [...names].sort();
}

function discriminatorValues(parent: unknown, root: Record<string, unknown>): string[] {
  const r = resolve(parent, root);
  const tag = (r.discriminator as { propertyName?: string } | undefined)?.propertyName ?? '';
  const out: string[] = [];
  for (const branch of (r.oneOf as unknown[]) ?? []) {
    const c = (resolve(branch, root).properties as Record<string, { const?: unknown }> | undefined)?.[tag]?.const;
    if (typeof c === 'string') out.push(c);
  }
  return out;
}

/** The known name within edit distance 2 of `name`, if any (for "did you mean"). */
export function closest(name: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 99;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagPrev = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diagPrev + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagPrev = tmp;
    }
  }
  return prev[b.length];
}
