/**
 * The wire form of a core's input-axon table and synapse memory (schemas/chip.proto,
 * SynapseMemory, format 2): five little-endian arrays of 32-bit words carried as protobuf bytes.
 * Large networks put hundreds of thousands of small blocks in one image; one protobuf message (or
 * one varint) per block field made encoding take 29 s and decoding 21 s for 800k blocks
 * (docs/chip-image.md). Decoded block arrays are views into one array per core.
 */
import type * as T from './types.js';
import type { SynapseMemoryMessage } from './generated/chip.js';

const FORMAT_CODE: Record<T.BlockFormat, number> = { sparse: 0, dense: 1 };
const EMPTY_U32 = new Uint32Array(0);

/** Words per block record in SynapseMemory.blocks (schemas/chip.proto). */
export const BLOCK_WORDS = 11;
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** 32-bit words as little-endian bytes (a copy, so the result owns an aligned buffer). */
function wordsToBytes(a: Int32Array | Uint32Array): Uint8Array {
  const out = new Uint8Array(a.length * 4);
  if (LITTLE_ENDIAN) out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  else {
    const dv = new DataView(out.buffer);
    for (let i = 0; i < a.length; i++) dv.setUint32(4 * i, a[i] >>> 0, true);
  }
  return out;
}

/** Little-endian bytes -> 32-bit words, or null when the length is not a multiple of 4. */
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
export function synapsesToMessage(axons: T.InputAxon[]): Record<string, unknown> {
  let nb = 0, ne = 0, ns = 0, np = 0;
  for (const a of axons) {
    nb += a.blocks.length;
    for (const b of a.blocks) {
      ne += b.weights.length;
      ns += b.slots.length;
      np += b.synapseIndex.length;
    }
  }
  const axonBlocks = new Uint32Array(axons.length);
  const blocks = new Int32Array(nb * BLOCK_WORDS);
  const weights = new Int32Array(ne), slots = new Uint32Array(ns), synapseIndex = new Uint32Array(np);
  let w = 0, e = 0, sl = 0, si = 0;
  axons.forEach((a, ai) => {
    axonBlocks[ai] = a.blocks.length;
    for (const k of a.blocks) {
      blocks[w] = FORMAT_CODE[k.format];
      blocks[w + 1] = k.weightBits;
      blocks[w + 2] = k.weightExp;
      blocks[w + 3] = k.delay;
      blocks[w + 4] = k.rule;
      blocks[w + 5] = k.projection;
      blocks[w + 6] = k.baseSlot;
      blocks[w + 7] = k.weights.length;
      blocks[w + 8] = k.slots.length;
      blocks[w + 9] = k.synapseIndex.length;
      blocks[w + 10] = k.bits;
      w += BLOCK_WORDS;
      // element loops: blocks are mostly tiny, and TypedArray#set costs more per call than it copies
      const kw = k.weights, ks = k.slots, ki = k.synapseIndex;
      for (let i = 0; i < kw.length; i++) weights[e++] = kw[i];
      for (let i = 0; i < ks.length; i++) slots[sl++] = ks[i];
      for (let i = 0; i < ki.length; i++) synapseIndex[si++] = ki[i];
    }
  });
  return {
    axonBlocks: wordsToBytes(axonBlocks), blocks: wordsToBytes(blocks), weights: wordsToBytes(weights),
    slots: wordsToBytes(slots), synapseIndex: wordsToBytes(synapseIndex),
  };
}

/**
 * The blocks of a decoded SynapseMemory; block arrays are views into the three flat arrays. Every
 * length is checked before a view is taken (a hand-made file must not crash the reader):
 * inconsistencies go to `bad`, and the core then has no axons.
 */
export function synapsesFromMessage(sm: SynapseMemoryMessage | null | undefined, where: string, bad: string[], badEnums: string[]): T.InputAxon[] {
  const axonBlocks = bytesToWords(sm?.axonBlocks, (n) => new Uint32Array(n));
  const blocks = bytesToWords(sm?.blocks, (n) => new Int32Array(n));
  const weights = bytesToWords(sm?.weights, (n) => new Int32Array(n));
  const slots = bytesToWords(sm?.slots, (n) => new Uint32Array(n));
  const synapseIndex = bytesToWords(sm?.synapseIndex, (n) => new Uint32Array(n));
  const fail = () => {
    bad.push(`${where}/synapses`);
    return [];
  };
  if (!axonBlocks || !blocks || !weights || !slots || !synapseIndex) return fail();
  let nb = 0;
  for (const x of axonBlocks) nb += x;
  if (blocks.length !== nb * BLOCK_WORDS) return fail();
  let ne = 0, ns = 0, np = 0;
  for (let w = 0; w < blocks.length; w += BLOCK_WORDS) {
    if (blocks[w + 7] < 0 || blocks[w + 8] < 0 || blocks[w + 9] < 0) return fail();
    ne += blocks[w + 7];
    ns += blocks[w + 8];
    np += blocks[w + 9];
  }
  if (ne !== weights.length || ns !== slots.length || np !== synapseIndex.length) return fail();
  const out: T.InputAxon[] = new Array(axonBlocks.length);
  let w = 0, b = 0, e = 0, sl = 0, si = 0;
  for (let a = 0; a < axonBlocks.length; a++) {
    const list: T.SynapseBlock[] = new Array(axonBlocks[a]);
    for (let k = 0; k < list.length; k++, b++, w += BLOCK_WORDS) {
      const n = blocks[w + 7], nSlots = blocks[w + 8], nIdx = blocks[w + 9];
      const code = blocks[w];
      if (code !== 0 && code !== 1) badEnums.push(`${where}/synapses/blocks/${b}/format`);
      list[k] = {
        format: code === 1 ? 'dense' : 'sparse',
        weightBits: blocks[w + 1] >>> 0,
        weightExp: blocks[w + 2],
        delay: blocks[w + 3] >>> 0,
        rule: blocks[w + 4] >>> 0,
        projection: blocks[w + 5] >>> 0,
        baseSlot: blocks[w + 6] >>> 0,
        slots: nSlots ? slots.subarray(sl, sl + nSlots) : EMPTY_U32,
        weights: weights.subarray(e, e + n),
        synapseIndex: nIdx ? synapseIndex.subarray(si, si + nIdx) : EMPTY_U32,
        bits: blocks[w + 10] >>> 0,
      };
      e += n;
      sl += nSlots;
      si += nIdx;
    }
    out[a] = { blocks: list };
  }
  return out;
}
