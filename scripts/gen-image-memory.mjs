/**
 * The in-memory chip image and its converters, generated from schemas/chip.proto (issue 13 item 3):
 * packages/image/src/generated/image.ts (one interface per message, comments from the .proto) and
 * generated/convert.ts (toMessage / fromMessage between that form and the wire messages of
 * generated/chip.ts). scripts/gen-image.mjs writes them with the wire types; its test regenerates
 * all three in memory and fails when a committed file differs.
 *
 * The in-memory form follows from each field's proto type: scalars stay numbers / strings /
 * booleans, repeated uint32 -> Uint32Array, repeated sint32 -> Int32Array, bytes -> Int8Array
 * (chip.proto: int8 matrices are bytes in two's complement), enums -> string names, a message
 * whose fields form one oneof -> a union of its members tagged by the oneof's name. MEMORY below
 * holds only what the .proto cannot say; each entry says why.
 */
import protobuf from 'protobufjs';

export const MEMORY = {
  /** message -> in-memory type name (a Core message is the program of one core) */
  typeNames: { Core: 'CoreProgram' },
  /** enum -> in-memory type and value names (the names the IR and the target files use); unnamed values (Rule.NONE) are invalid in an image */
  enums: {
    Rule: { type: 'RuleKind', names: { THREE_FACTOR: 'threeFactor', DELTA: 'delta' } },
    Rival: { type: 'Rival', names: { WINNER: 'winner', STRONGEST_OTHER: 'strongest-other' } },
  },
  /** message.field (camelCase as protobufjs names it) -> in-memory choices */
  fields: {
    // the names of the target file and the lowered network (energyPJ, B, Wem, Wmh, H)
    'CostModel.energyPj': { name: 'energyPJ' },
    'CostModel.clockMhz': { name: 'clockMHz' },
    'ModulatoryBlock.b': { name: 'B' },
    'ModulatoryBlock.wem': { name: 'Wem' },
    'ModulatoryBlock.wmh': { name: 'Wmh' },
    'SalProgram.h': { name: 'H' },
    // rows added later (issue 12 item 9): absent in memory unless nonzero, so older images decode and re-encode unchanged
    'OpCosts.managementMac': { presence: 'nonzero' },
    'OpCosts.managementWord': { presence: 'nonzero' },
    // §5.5 rate regularisation: 0/0 (off) writes nothing, so images without it keep their bytes
    'ManagementLearning.rateRegMant': { writtenUnlessAllZero: ['rateRegMant', 'rateRegShift'] },
    'ManagementLearning.rateRegShift': { writtenUnlessAllZero: ['rateRegMant', 'rateRegShift'] },
    // §5.2 causal eligibility: 0 (coincident) writes nothing, so images without it keep their bytes
    'ManagementLearning.eligibility': { writtenUnlessAllZero: ['eligibility'] },
    // §5.7 readout decay: 0 (off) writes nothing, so images without it keep their bytes
    'ManagementLearning.readoutDecayShift': { writtenUnlessAllZero: ['readoutDecayShift'] },
    // §4 potential score: 0 (spike counts) writes nothing, so images without it keep their bytes
    'ManagementLearning.readoutScore': { writtenUnlessAllZero: ['readoutScore'] },
    // §2.4 graded host ports: false writes nothing, so images without graded inputs keep their bytes
    'HostPort.graded': { writtenUnlessAllZero: ['graded'] },
    // absent messages: an image that cannot train, a decoder that does not learn (§5.10)
    'Management.learning': { presence: 'null' },
    'ModulatoryBlock.sal': { presence: 'optional' },
  },
  /** messages kept in a hand-written form with hand-written wire functions (the flat synapse memory) */
  external: {
    SynapseMemory: { type: 'SynapseMemory', typeFrom: '../synapse-memory.js', toMessage: 'synapsesToMessage', fromMessage: 'synapsesFromMessage', from: '../synapse-wire.js' },
  },
};

const SIGNED = new Set(['sint32', 'int32', 'sfixed32']);
const UNSIGNED = new Set(['uint32', 'fixed32']);
const NUMBER = new Set([...SIGNED, ...UNSIGNED, 'double', 'float']);

const typeName = (t) => MEMORY.typeNames[t.name] ?? t.name;
const fieldOpts = (t, f) => MEMORY.fields[`${t.name}.${f.name}`] ?? {};
const memName = (t, f) => fieldOpts(t, f).name ?? f.name;
const isUnion = (t) => t.oneofsArray.length === 1 && t.fieldsArray.every((f) => f.partOf === t.oneofsArray[0]);
/** The oneof a message is a member of: its in-memory interface carries the tag. */
function unionOf(ns, t) {
  for (const u of ns.nestedArray) if (u instanceof protobuf.Type && isUnion(u)) for (const f of u.fieldsArray) if (f.resolvedType === t) return { tag: u.oneofsArray[0].name, value: f.name };
  return undefined;
}

function comment(text, indent) {
  if (!text) return [];
  const lines = text.split('\n');
  return lines.length === 1 ? [`${indent}/** ${lines[0]} */`] : [`${indent}/**`, ...lines.map((l) => `${indent} * ${l}`), `${indent} */`];
}

function memType(t, f) {
  const r = f.resolvedType;
  if (r instanceof protobuf.Enum) return MEMORY.enums[r.name].type;
  if (r instanceof protobuf.Type) {
    const name = MEMORY.external[r.name]?.type ?? typeName(r);
    return f.repeated ? `${name}[]` : name;
  }
  if (f.type === 'bytes') return 'Int8Array';
  if (f.repeated) {
    if (SIGNED.has(f.type)) return 'Int32Array';
    if (UNSIGNED.has(f.type)) return 'Uint32Array';
    throw new Error(`${f.fullName}: no typed array for repeated ${f.type} (add one to scripts/gen-image-memory.mjs)`);
  }
  if (NUMBER.has(f.type)) return 'number';
  if (f.type === 'string') return 'string';
  if (f.type === 'bool') return 'boolean';
  throw new Error(`${f.fullName}: unsupported type ${f.type}`);
}

const banner = (schema) => [`// GENERATED by scripts/gen-image.mjs (scripts/gen-image-memory.mjs) from ${schema}; do not edit.`, '/* eslint-disable */'];

/** generated/image.ts: the in-memory types. */
export function memoryTypes(ns, schema) {
  const out = [
    ...banner(schema),
    '// The chip image in memory: the tree of chip.proto with camelCase names, typed arrays for repeated',
    '// numbers and string enums; comments are the .proto\'s. generated/convert.ts converts to the wire form.',
    '',
  ];
  const externals = Object.values(MEMORY.external);
  for (const e of externals) out.push(`import type { ${e.type} } from '${e.typeFrom}';`);
  out.push('');
  for (const [name, e] of Object.entries(MEMORY.enums)) {
    out.push(`/** enum ${name} */`, `export type ${e.type} = ${Object.values(e.names).map((v) => `'${v}'`).join(' | ')};`, '');
  }
  for (const t of ns.nestedArray) {
    if (!(t instanceof protobuf.Type) || MEMORY.external[t.name]) continue;
    out.push(...comment(t.comment, ''));
    if (isUnion(t)) {
      out.push(`export type ${typeName(t)} = ${t.fieldsArray.map((f) => typeName(f.resolvedType)).join(' | ')};`, '');
      continue;
    }
    out.push(`export interface ${typeName(t)} {`);
    const u = unionOf(ns, t);
    if (u) out.push(`  ${u.tag}: '${u.value}';`);
    for (const f of t.fieldsArray) {
      const o = fieldOpts(t, f);
      out.push(...comment(f.comment, '  '));
      const ty = memType(t, f);
      if (o.presence === 'nonzero' || o.presence === 'optional') out.push(`  ${memName(t, f)}?: ${ty};`);
      else if (o.presence === 'null') out.push(`  ${memName(t, f)}: ${ty} | null;`);
      else out.push(`  ${memName(t, f)}: ${ty};`);
    }
    out.push('}', '');
  }
  return out.join('\n');
}

/** Whether converting a message reports problems (enums, oneofs, external forms) and so needs its path. */
function needsPath(t, seen = new Set()) {
  if (MEMORY.external[t.name] || isUnion(t)) return true;
  if (seen.has(t)) return false;
  seen.add(t);
  return t.fieldsArray.some((f) => f.resolvedType instanceof protobuf.Enum || (f.resolvedType instanceof protobuf.Type && needsPath(f.resolvedType, seen)));
}

/** generated/convert.ts: toMessage / fromMessage. */
export function memoryConverters(ns, schema) {
  const externals = Object.values(MEMORY.external);
  const out = [
    ...banner(schema),
    '// In-memory image (generated/image.ts) <-> wire message (generated/chip.ts). fromMessage never throws:',
    '// unknown enum values and oneofs with no member go to badEnums, inconsistent synapse memories to',
    '// badShape (validateImage reports both). toMessage leaves out what MEMORY in the generator marks as',
    '// absent, so that older images keep their bytes.',
    '',
    "import * as W from './chip.js';",
    "import type * as T from './image.js';",
    ...externals.map((e) => `import { ${e.fromMessage}, ${e.toMessage} } from '${e.from}';`),
    '',
    'export interface Problems {',
    '  badEnums: string[];',
    '  badShape: string[];',
    '}',
    '',
    "const num = (x: unknown): number => (typeof x === 'number' ? x : 0);",
    'const u32 = (a: ArrayLike<number> | undefined): Uint32Array => Uint32Array.from(a ?? []);',
    'const s32 = (a: ArrayLike<number> | undefined): Int32Array => Int32Array.from(a ?? []);',
    '/** an int8 matrix: a copy (the decoded bytes may view a larger buffer) */',
    'const s8 = (a: Uint8Array | undefined): Int8Array => {',
    '  const src = a ?? new Uint8Array(0);',
    '  const out = new Int8Array(src.length);',
    '  out.set(new Int8Array(src.buffer, src.byteOffset, src.length));',
    '  return out;',
    '};',
    '/** an int8 matrix as bytes (a view) */',
    'const i8 = (a: Int8Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);',
    '',
  ];
  for (const [name, e] of Object.entries(MEMORY.enums)) {
    const entries = Object.entries(e.names);
    out.push(`const ${name.toUpperCase()}_CODE: Record<T.${e.type}, number> = { ${entries.map(([k, v]) => `${/^\w+$/.test(v) ? v : `'${v}'`}: W.${name}.${k}`).join(', ')} };`);
    out.push(`function ${name.toLowerCase()}Name(x: number | undefined, where: string, p: Problems): T.${e.type} {`, '  switch (x) {');
    for (const [k, v] of entries) out.push(`    case W.${name}.${k}: return '${v}';`);
    out.push('  }', '  p.badEnums.push(where);', `  return '${entries[0][1]}';`, '}', '');
  }
  const msgs = ns.nestedArray.filter((t) => t instanceof protobuf.Type && !MEMORY.external[t.name]);
  // in-memory -> wire
  for (const t of msgs) {
    const tn = typeName(t);
    out.push(`function to${t.name}(x: T.${tn}): W.${t.name}Message {`);
    if (isUnion(t)) {
      const tag = t.oneofsArray[0].name;
      for (const f of t.fieldsArray) out.push(`  if (x.${tag} === '${f.name}') return { ${f.name}: to${f.resolvedType.name}(x) };`);
      out.push('  return {};', '}', '');
      continue;
    }
    out.push('  return {');
    for (const f of t.fieldsArray) {
      const o = fieldOpts(t, f);
      const v = `x.${memName(t, f)}`;
      const r = f.resolvedType;
      let e;
      if (r instanceof protobuf.Enum) e = `${r.name.toUpperCase()}_CODE[${v}]`;
      else if (r instanceof protobuf.Type) {
        const conv = MEMORY.external[r.name]?.toMessage ?? `to${r.name}`;
        e = f.repeated ? `${v}.map(${conv})` : o.presence ? `${v} ? ${conv}(${v}) : undefined` : `${conv}(${v})`;
      } else if (f.type === 'bytes') e = `i8(${v})`;
      else e = v;
      // zero, or false for a bool: not written, so that images without the field keep their bytes
      if (o.writtenUnlessAllZero) e = `${o.writtenUnlessAllZero.map((n) => (f.type === 'bool' ? `x.${n}` : `x.${n} !== 0`)).join(' || ')} ? ${e} : undefined`;
      out.push(`    ${f.name}: ${e},`);
    }
    out.push('  };', '}', '');
  }
  // wire -> in-memory
  for (const t of msgs) {
    const tn = typeName(t);
    const path = needsPath(t);
    out.push(`function from${t.name}(m: W.${t.name}Message${path ? ', where: string, p: Problems' : ''}): T.${tn} {`);
    if (isUnion(t)) {
      const fs = t.fieldsArray;
      for (const f of fs.slice(0, -1)) out.push(`  if (m.${f.name}) return from${f.resolvedType.name}(m.${f.name}${needsPath(f.resolvedType) ? ', where, p' : ''});`);
      const last = fs[fs.length - 1];
      out.push(`  if (!m.${last.name}) p.badEnums.push(where);`, `  return from${last.resolvedType.name}(m.${last.name} ?? {}${needsPath(last.resolvedType) ? ', where, p' : ''});`, '}', '');
      continue;
    }
    out.push('  return {');
    const u = unionOf(ns, t);
    if (u) out.push(`    ${u.tag}: '${u.value}',`);
    for (const f of t.fieldsArray) {
      const o = fieldOpts(t, f);
      const v = `m.${f.name}`;
      const at = `\`\${where}/${memName(t, f)}\``;
      const r = f.resolvedType;
      let e;
      if (r instanceof protobuf.Enum) e = `${r.name.toLowerCase()}Name(${v}, ${at}, p)`;
      else if (r instanceof protobuf.Type) {
        const ext = MEMORY.external[r.name];
        const sub = needsPath(r);
        if (f.repeated) e = sub ? `(${v} ?? []).map((y, i) => from${r.name}(y, \`\${where}/${memName(t, f)}/\${i}\`, p))` : `(${v} ?? []).map((y) => from${r.name}(y))`;
        else if (ext) e = `${ext.fromMessage}(${v}, ${at}, p.badShape, p.badEnums)`;
        else if (o.presence === 'null') e = `${v} ? from${r.name}(${v}${sub ? `, ${at}, p` : ''}) : null`;
        else if (o.presence) e = `from${r.name}(${v}${sub ? `, ${at}, p` : ''})`;
        else e = `from${r.name}(${v} ?? {}${sub ? `, ${at}, p` : ''})`;
      } else if (f.type === 'bytes') e = `s8(${v})`;
      else if (f.repeated) e = `${SIGNED.has(f.type) ? 's32' : 'u32'}(${v})`;
      else if (f.type === 'string') e = `String(${v} ?? '')`;
      else if (f.type === 'bool') e = `${v} === true`;
      else e = `num(${v})`;
      if (o.presence === 'nonzero') out.push(`    ...(num(${v}) ? { ${memName(t, f)}: num(${v}) } : {}),`);
      else if (o.presence === 'optional') out.push(`    ...(${v} ? { ${memName(t, f)}: ${e} } : {}),`);
      else out.push(`    ${memName(t, f)}: ${e},`);
    }
    out.push('  };', '}', '');
  }
  const root = msgs[0];
  out.push(
    `/** The in-memory image as the message protobufjs encodes. */`,
    `export function toMessage(img: T.${typeName(root)}): W.${root.name}Message {`,
    `  return to${root.name}(img);`,
    '}',
    '',
    '/** Converts a decoded message; what it cannot represent is listed for validateImage. */',
    `export function fromMessage(m: W.${root.name}Message): { image: T.${typeName(root)}; badEnums: string[]; badShape: string[] } {`,
    '  const p: Problems = { badEnums: [], badShape: [] };',
    `  const image = from${root.name}(m, '', p);`,
    '  return { image, badEnums: p.badEnums, badShape: p.badShape };',
    '}',
    '',
  );
  return out.join('\n');
}
