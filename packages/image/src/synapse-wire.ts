/**
 * The wire form of a core's SynapseMemory (schemas/chip.proto, format 2): the same five arrays of
 * 32-bit words as the in-memory form (synapse-memory.ts), each carried as little-endian protobuf
 * bytes. Large networks put hundreds of thousands of small blocks in one image; one protobuf
 * message (or one varint) per block field made encoding take 29 s and decoding 21 s for 800k
 * blocks (docs/chip-image.md). Encoding hands protobufjs byte views of the arrays (little-endian
 * hosts copy nothing); decoding copies each bytes field once into an aligned typed array.
 */
import type { SynapseMemoryMessage } from './generated/chip.js';
import { BLOCK_WORDS, B_FORMAT, emptySynapses, FORMAT_DENSE, FORMAT_SPARSE, synapseShapeOk, type SynapseMemory } from './synapse-memory.js';

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** 32-bit words as little-endian bytes (a view on little-endian hosts). */
function wordsToBytes(a: Int32Array | Uint32Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const out = new Uint8Array(a.length * 4);
  const dv = new DataView(out.buffer);
  for (let i = 0; i < a.length; i++) dv.setUint32(4 * i, a[i] >>> 0, true);
  return out;
}

/** Little-endian bytes -> 32-bit words (an aligned copy), or null when the length is not a multiple of 4. */
function bytesToWords<A extends Int32Array | Uint32Array>(b: Uint8Array | undefined, make: (n: number) => A): A | null {
  const src = b ?? new Uint8Array(0);
  if (src.length % 4 !== 0) return null;
  const out = make(src.length / 4);
  if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(src);
  else {
    const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
    for (let i = 0; i < out.length; i++) out[i] = dv.getUint32(4 * i, true);
  }
  return out;
}

/** The synapse memory of one core as SynapseMemory (schemas/chip.proto). */
export function synapsesToMessage(sm: SynapseMemory): SynapseMemoryMessage {
  return {
    axonBlocks: wordsToBytes(sm.axonBlocks), blocks: wordsToBytes(sm.blocks), weights: wordsToBytes(sm.weights),
    slots: wordsToBytes(sm.slots), synapseIndex: wordsToBytes(sm.synapseIndex),
  };
}

/**
 * A decoded SynapseMemory (at JSON Pointer `where`, e.g. /cores/3/synapses). Every length is
 * checked (a hand-made file must not crash a reader): inconsistencies go to `bad`, and the core then
 * has no axons; unknown block formats go to `badEnums`.
 */
export function synapsesFromMessage(msg: SynapseMemoryMessage | null | undefined, where: string, bad: string[], badEnums: string[]): SynapseMemory {
  const axonBlocks = bytesToWords(msg?.axonBlocks, (n) => new Uint32Array(n));
  const blocks = bytesToWords(msg?.blocks, (n) => new Int32Array(n));
  const weights = bytesToWords(msg?.weights, (n) => new Int32Array(n));
  const slots = bytesToWords(msg?.slots, (n) => new Uint32Array(n));
  const synapseIndex = bytesToWords(msg?.synapseIndex, (n) => new Uint32Array(n));
  if (!axonBlocks || !blocks || !weights || !slots || !synapseIndex || !synapseShapeOk({ axonBlocks, blocks, weights, slots, synapseIndex })) {
    bad.push(where);
    return emptySynapses();
  }
  for (let w = 0, b = 0; w < blocks.length; w += BLOCK_WORDS, b++) {
    const code = blocks[w + B_FORMAT];
    if (code !== FORMAT_SPARSE && code !== FORMAT_DENSE) badEnums.push(`${where}/blocks/${b}/format`);
  }
  return { axonBlocks, blocks, weights, slots, synapseIndex };
}
