/**
 * The one form of a core's input-axon table and synapse memory (issue 13 item 3): five typed arrays,
 * exactly the words schemas/chip.proto's SynapseMemory carries (docs/chip-image.md, "Synapse
 * memory"). The code generator writes it, the wire copies it, decoding reads it back as typed
 * arrays, and the emulator's Machine reads it; nothing on that path holds an object per block or
 * per synapse. Readers walk it with a BlockCursor (no allocation); `blockAt` gives a block as
 * views (write-through) for dumps and tests, and `packSynapses` builds the form from blocks written
 * out by hand (test images).
 *
 * Layout: input axon a of the core owns the next axonBlocks[a] block records (BLOCK_WORDS words
 * each, in axon order); block k's entries follow the previous blocks' in `weights` (nWeights),
 * `slots` (nSlots: one per synapse of a sparse block, none for dense) and `synapseIndex` (nIndex:
 * one per entry of a plastic block, none for static).
 */
import { NO_SYNAPSE, type BlockFormat as FormatName, type InputAxon, type SynapseBlock } from './types.js';
import { BlockFormat } from './generated/chip.js';

export interface SynapseMemory {
  /** blocks per input axon; the core has axonBlocks.length input axons */
  axonBlocks: Uint32Array;
  /** BLOCK_WORDS words per block (offsets B_*), blocks in axon order */
  blocks: Int32Array;
  weights: Int32Array;
  /** sparse blocks: target slot of each synapse */
  slots: Uint32Array;
  /** plastic blocks: canonical synapse index within the projection (§1.4) per entry; NO_SYNAPSE for a hole of a dense block */
  synapseIndex: Uint32Array;
}

/** Words per block record (schemas/chip.proto, SynapseMemory.blocks). */
export const BLOCK_WORDS = 11;
/** 0 sparse, 1 dense */
export const B_FORMAT = 0;
export const B_WEIGHT_BITS = 1;
export const B_WEIGHT_EXP = 2;
export const B_DELAY = 3;
/** 0 = static; r >= 1 = the core's learning.rules[r - 1] */
export const B_RULE = 4;
export const B_PROJECTION = 5;
/** dense: synapse k targets baseSlot + k */
export const B_BASE_SLOT = 6;
export const B_N_WEIGHTS = 7;
export const B_N_SLOTS = 8;
export const B_N_INDEX = 9;
/** the mapper's accounting of the block (synapseBlockBits) */
export const B_BITS = 10;
export const FORMAT_SPARSE = BlockFormat.SPARSE;
export const FORMAT_DENSE = BlockFormat.DENSE;

export function emptySynapses(): SynapseMemory {
  return { axonBlocks: new Uint32Array(0), blocks: new Int32Array(0), weights: new Int32Array(0), slots: new Uint32Array(0), synapseIndex: new Uint32Array(0) };
}

/**
 * Whether the counts agree with the array lengths (every other reader relies on it): a
 * hand-made image must not make a reader index past an array.
 */
export function synapseShapeOk(sm: SynapseMemory): boolean {
  let nb = 0;
  for (let a = 0; a < sm.axonBlocks.length; a++) nb += sm.axonBlocks[a];
  if (sm.blocks.length !== nb * BLOCK_WORDS) return false;
  let ne = 0, ns = 0, ni = 0;
  for (let w = 0; w < sm.blocks.length; w += BLOCK_WORDS) {
    const e = sm.blocks[w + B_N_WEIGHTS], s = sm.blocks[w + B_N_SLOTS], i = sm.blocks[w + B_N_INDEX];
    if (e < 0 || s < 0 || i < 0) return false;
    ne += e;
    ns += s;
    ni += i;
  }
  return ne === sm.weights.length && ns === sm.slots.length && ni === sm.synapseIndex.length;
}

/**
 * Walks the blocks of a core in order without allocating: after next() returns true the fields
 * name the current block (its axon, its index in the core, its record's first word, and where its
 * entries start and how many there are). Requires synapseShapeOk.
 */
export class BlockCursor {
  axon = -1;
  block = -1;
  word = -BLOCK_WORDS;
  weight0 = 0;
  slot0 = 0;
  index0 = 0;
  n = 0;
  nSlots = 0;
  nIndex = 0;
  private left = 0;

  constructor(readonly sm: SynapseMemory) {}

  next(): boolean {
    const { axonBlocks, blocks } = this.sm;
    if (this.block >= 0) {
      this.weight0 += this.n;
      this.slot0 += this.nSlots;
      this.index0 += this.nIndex;
    }
    while (this.left === 0) {
      if (this.axon + 1 >= axonBlocks.length) return false;
      this.left = axonBlocks[++this.axon];
    }
    this.left--;
    this.block++;
    const w = (this.word += BLOCK_WORDS);
    this.n = blocks[w + B_N_WEIGHTS];
    this.nSlots = blocks[w + B_N_SLOTS];
    this.nIndex = blocks[w + B_N_INDEX];
    return true;
  }

  /** whether this is the first block of its axon */
  get firstOfAxon(): boolean {
    return this.left === this.sm.axonBlocks[this.axon] - 1;
  }

  field(offset: number): number {
    return this.sm.blocks[this.word + offset];
  }

  get dense(): boolean {
    return this.sm.blocks[this.word + B_FORMAT] === FORMAT_DENSE;
  }

  /** target slot of entry k */
  slot(k: number): number {
    return this.dense ? (this.sm.blocks[this.word + B_BASE_SLOT] >>> 0) + k : this.sm.slots[this.slot0 + k];
  }
}

/** Number of blocks in the core. */
export function blockCount(sm: SynapseMemory): number {
  return sm.blocks.length / BLOCK_WORDS;
}

/**
 * Block k of input axon `axon` as views into the flat arrays (writes go through): for dumps and
 * tests, which read a handful of blocks. Undefined when there is no such block.
 */
export function blockAt(sm: SynapseMemory, axon: number, k: number): (SynapseBlock & { word: number }) | undefined {
  const c = new BlockCursor(sm);
  while (c.next()) {
    if (c.axon > axon) return undefined;
    if (c.axon === axon && k-- === 0) return viewOf(c);
  }
  return undefined;
}

/** The current block of a cursor as views. */
export function viewOf(c: BlockCursor): SynapseBlock & { word: number } {
  const sm = c.sm, w = c.word;
  const b = sm.blocks;
  return {
    word: w,
    format: b[w + B_FORMAT] === FORMAT_DENSE ? 'dense' : 'sparse',
    weightBits: b[w + B_WEIGHT_BITS] >>> 0,
    weightExp: b[w + B_WEIGHT_EXP],
    delay: b[w + B_DELAY] >>> 0,
    rule: b[w + B_RULE] >>> 0,
    projection: b[w + B_PROJECTION] >>> 0,
    baseSlot: b[w + B_BASE_SLOT] >>> 0,
    slots: sm.slots.subarray(c.slot0, c.slot0 + c.nSlots),
    weights: sm.weights.subarray(c.weight0, c.weight0 + c.n),
    synapseIndex: sm.synapseIndex.subarray(c.index0, c.index0 + c.nIndex),
    bits: b[w + B_BITS] >>> 0,
  };
}

const FORMAT_CODE: Record<FormatName, number> = { sparse: FORMAT_SPARSE, dense: FORMAT_DENSE };

/** Writes block `b`'s record at word w (entries are the caller's). */
export function writeBlockRecord(out: Int32Array, w: number, b: Omit<SynapseBlock, 'slots' | 'weights' | 'synapseIndex'>, n: number, nSlots: number, nIndex: number): void {
  out[w + B_FORMAT] = FORMAT_CODE[b.format];
  out[w + B_WEIGHT_BITS] = b.weightBits;
  out[w + B_WEIGHT_EXP] = b.weightExp;
  out[w + B_DELAY] = b.delay;
  out[w + B_RULE] = b.rule;
  out[w + B_PROJECTION] = b.projection;
  out[w + B_BASE_SLOT] = b.baseSlot;
  out[w + B_N_WEIGHTS] = n;
  out[w + B_N_SLOTS] = nSlots;
  out[w + B_N_INDEX] = nIndex;
  out[w + B_BITS] = b.bits;
}

/** Blocks written out by hand (test images, fixtures) -> the one form. */
export function packSynapses(axons: InputAxon[]): SynapseMemory {
  let nb = 0, ne = 0, ns = 0, ni = 0;
  for (const a of axons) {
    for (const b of a.blocks) {
      nb++;
      ne += b.weights.length;
      ns += b.slots.length;
      ni += b.synapseIndex.length;
    }
  }
  const sm: SynapseMemory = {
    axonBlocks: Uint32Array.from(axons, (a) => a.blocks.length), blocks: new Int32Array(nb * BLOCK_WORDS),
    weights: new Int32Array(ne), slots: new Uint32Array(ns), synapseIndex: new Uint32Array(ni),
  };
  let w = 0, e = 0, s = 0, i = 0;
  for (const a of axons) {
    for (const b of a.blocks) {
      writeBlockRecord(sm.blocks, w, b, b.weights.length, b.slots.length, b.synapseIndex.length);
      w += BLOCK_WORDS;
      sm.weights.set(b.weights, e);
      sm.slots.set(b.slots, s);
      sm.synapseIndex.set(b.synapseIndex, i);
      e += b.weights.length;
      s += b.slots.length;
      i += b.synapseIndex.length;
    }
  }
  return sm;
}

/** Plastic entries of a core (canonical indices other than holes). */
export function plasticEntries(sm: SynapseMemory): number {
  let n = 0;
  for (let k = 0; k < sm.synapseIndex.length; k++) if (sm.synapseIndex[k] !== NO_SYNAPSE) n++;
  return n;
}

/** Every block of a core as views, with its axon (one object per block: for tests and small images only). */
export function blockViews(sm: SynapseMemory): Array<SynapseBlock & { word: number; axon: number }> {
  const out: Array<SynapseBlock & { word: number; axon: number }> = [];
  const c = new BlockCursor(sm);
  while (c.next()) out.push({ ...viewOf(c), axon: c.axon });
  return out;
}

/**
 * The synapse memory of an image's cores, handed over one core at a time instead of held in the
 * image (issue 14 item 4: the code generator writes each core's memory when the emulator's loader
 * asks for it, and the loader drops it once read, so the wire's block records of the whole image
 * never exist at once; docs/emulator.md "Streamed load"). The image that goes with it holds
 * `emptySynapsesOf(axons)` in every core. `blocks`, `entries` (weights) and `plastic` (synapses of
 * plastic blocks, plasticEntries) are exact per core, so a loader sizes its tables before the
 * first core. Cores are asked for in order, each once; after the last the stream lets go of
 * what it generates from.
 */
export interface SynapseStream {
  readonly blocks: ArrayLike<number>;
  readonly entries: ArrayLike<number>;
  readonly plastic: ArrayLike<number>;
  core(c: number): SynapseMemory;
}

/**
 * The synapse memory of a core with `axons` input axons and no blocks (valid, empty): what a
 * streamed or released image's cores hold. Read-only: every such memory's `axonBlocks` is a view
 * of one shared zero buffer (at 2,580 cores a zero-filled array per core would be ~4 bytes per
 * synapse held for nothing but its length).
 */
export function emptySynapsesOf(axons: number): SynapseMemory {
  if (axons > zeros.length) zeros = new Uint32Array(Math.max(axons, 2 * zeros.length));
  return { axonBlocks: zeros.subarray(0, axons), blocks: new Int32Array(0), weights: new Int32Array(0), slots: new Uint32Array(0), synapseIndex: new Uint32Array(0) };
}
let zeros = new Uint32Array(1024);
