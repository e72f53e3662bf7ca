/**
 * The wire form of the payload: schemas/chip.proto, loaded at run time with protobuf.loadSync.
 * Its TypeScript (wire messages generated/chip.ts, in-memory image generated/image.ts and the
 * converters generated/convert.ts) is generated from the same .proto by scripts/gen-image.mjs and
 * checked for staleness by test/generated.test.ts.
 *
 * Why runtime loading rather than pbjs static code: the .proto stays the single source of truth,
 * protobufjs-cli is not a dependency of the project, and the reflection encoder is deterministic
 * (fields in declaration order, no maps; protobufjs is pinned, packages/image/README.md). The
 * schema is found relative to this module (dist/src/proto.js -> <repo>/schemas/chip.proto), never via cwd.
 *
 * The converters are generated too: what the in-memory form chooses beyond the proto types
 * (names such as energyPJ, enum names, rows written only when nonzero so that older images keep
 * their bytes, the flat synapse memory of synapse-wire.ts) is the short MEMORY table of
 * scripts/gen-image-memory.mjs. test/converters.test.ts builds from chip.proto a payload with
 * every field set and requires the round trip to keep its bytes.
 */
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type * as W from './generated/chip.js';

export { fromMessage, toMessage } from './generated/convert.js';

let cached: protobuf.Type | undefined;

export function schemaPath(): string {
  return fileURLToPath(new URL('../../../../schemas/chip.proto', import.meta.url));
}

export function chipImageType(): protobuf.Type {
  if (!cached) cached = protobuf.loadSync(schemaPath()).lookupType('snnc.chip.ChipImage');
  return cached;
}

/**
 * Decodes a payload into the wire form (generated/chip.ts, from schemas/chip.proto by
 * scripts/gen-image.mjs): the one place where protobufjs's untyped message meets those types.
 */
export function decodeMessage(payload: Uint8Array): W.ChipImageMessage {
  return chipImageType().decode(payload) as unknown as W.ChipImageMessage;
}
