import { expect } from 'chai';
import protobuf from 'protobufjs';
import { BLOCK_WORDS, FORMAT_SPARSE } from '../src/index.js';
import { chipImageType, decodeMessage, fromMessage, toMessage } from '../src/proto.js';

/**
 * The converters (wire message <-> in-memory ChipImage) are generated from schemas/chip.proto
 * (generated/convert.ts, scripts/gen-image.mjs); what they choose beyond the proto types is a table
 * in the generator (names, rows written only when nonzero so that older images keep their bytes,
 * the flat synapse memory). What must not drift is coverage: every field of schemas/chip.proto has
 * to survive decode -> fromMessage -> toMessage -> encode. This test builds, from the .proto itself
 * (protobufjs reflection), a payload in which every field of every message holds a non-default
 * value (each oneof member in one element of a repeated field) and requires the round trip to give
 * the same bytes: a field the converters drop or move fails here.
 */
describe('image: converters carry every field of schemas/chip.proto', () => {
  const words = (a: Int32Array | Uint32Array) => new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
  // one sparse block with two synapses: a valid synapse memory (synapseShapeOk), every array nonempty
  const block = new Int32Array(BLOCK_WORDS);
  block.set([FORMAT_SPARSE, 8, -2, 3, 1, 4, 0, 2, 2, 2, 40]);
  const synapseMemory = {
    axonBlocks: words(Uint32Array.of(1)), blocks: words(block), weights: words(Int32Array.of(3, -4)),
    slots: words(Uint32Array.of(5, 6)), synapseIndex: words(Uint32Array.of(7, 8)),
  };

  let counter = 0;
  const seen = new Set<string>();
  /** A message of `type` with every field set (for a oneof: its member number `variant` mod members). */
  function fill(type: protobuf.Type, variant: number): Record<string, unknown> {
    if (type.name === 'SynapseMemory') {
      for (const f of type.fieldsArray) seen.add(`${type.name}.${f.name}`);
      return { ...synapseMemory };
    }
    const out: Record<string, unknown> = {};
    for (const f of type.fieldsArray) {
      if (f.partOf) {
        const members = f.partOf.fieldsArray;
        if (members[variant % members.length] !== f) continue;
      }
      seen.add(`${type.name}.${f.name}`);
      const one = (k: number): unknown => {
        const r = f.resolvedType;
        if (r instanceof protobuf.Type) return fill(r, k);
        if (r instanceof protobuf.Enum) return Math.max(...Object.values(r.values));
        const n = ++counter;
        switch (f.type) {
          case 'double': case 'float': return n + 0.5;
          case 'sint32': case 'int32': case 'sfixed32': return -n;
          case 'uint32': case 'fixed32': return n;
          case 'bool': return true;
          case 'string': return `s${n}`;
          case 'bytes': return Uint8Array.of(n & 255, 255 - (n & 255));
          default: throw new Error(`${f.fullName}: type ${f.type} not handled by this test`);
        }
      };
      out[f.name] = f.repeated ? [one(0), one(1)] : one(variant);
    }
    return out;
  }

  it('a payload with every field set decodes, converts and re-encodes to the same bytes', () => {
    const type = chipImageType();
    const full = fill(type, 0);
    const all: string[] = [];
    const walk = (t: protobuf.Type): void => {
      for (const f of t.fieldsArray) {
        const key = `${t.name}.${f.name}`;
        if (all.includes(key)) continue;
        all.push(key);
        if (f.resolvedType instanceof protobuf.Type) walk(f.resolvedType);
      }
    };
    walk(type);
    expect(all.filter((k) => !seen.has(k)), 'fields the test payload leaves unset').to.deep.equal([]);
    expect(all.length).to.be.greaterThan(100);

    const bytes = type.encode(type.create(full)).finish();
    const { image, badEnums, badShape } = fromMessage(decodeMessage(bytes));
    expect(badEnums).to.deep.equal([]);
    expect(badShape).to.deep.equal([]);
    const again = type.encode(type.create(toMessage(image))).finish();
    expect(Buffer.from(again).equals(Buffer.from(bytes)), 'the converters drop or move a field of chip.proto').to.equal(true);
  });

  it('can fail: a field the in-memory form loses changes the bytes', () => {
    const type = chipImageType();
    counter = 0;
    const bytes = type.encode(type.create(fill(type, 0))).finish();
    const { image } = fromMessage(decodeMessage(bytes));
    image.cores[0].learning.modRow = new Int32Array(0);
    const again = type.encode(type.create(toMessage(image))).finish();
    expect(Buffer.from(again).equals(Buffer.from(bytes))).to.equal(false);
  });
});
