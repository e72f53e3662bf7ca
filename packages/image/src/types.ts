/**
 * The chip image in memory. The tree of schemas/chip.proto (ChipImage, CoreProgram, ...) is
 * generated from the .proto into generated/image.ts, with its converters to the wire form
 * (generated/convert.ts), by scripts/gen-image.mjs; a test fails when they are stale. This file
 * holds what is not a message: the header constants and the block views of the flat synapse
 * memory (synapse-memory.ts). decode(encode(x)) is the identity on the in-memory form.
 * docs/chip-image.md documents each field; (§) are sections of docs/semantics.md.
 */

export type * from './generated/image.js';

export { IMAGE_MAGIC } from '@snnc/common';
/** Readers refuse another major; a newer minor only adds fields an older reader may ignore. */
/**
 * 2.0: the synapse memory of a core is one flattened message (SynapseMemory) instead of one message
 * per input axon and block; the in-memory form is unchanged.
 * 2.1: formats.gradedInputSpikes (the target's host spikes may carry values, §2.4); a graded host
 * port without it is refused (SNNC4010), since the chip would read its values as plain spikes.
 */
export const IMAGE_VERSION = { major: 2, minor: 1 } as const;

/** synapseIndex of a hole in a plastic dense block (a slot the block spans but no synapse targets; weight 0, never learns) */
export const NO_SYNAPSE = 0xffffffff;

export type BlockFormat = 'sparse' | 'dense';

/**
 * One block written out as an object: what `blockAt` returns (views into a core's SynapseMemory)
 * and what `packSynapses` takes (blocks written by hand in tests). Images never hold these: a
 * core's synapse memory is the flat SynapseMemory (synapse-memory.ts).
 */
export interface SynapseBlock {
  format: BlockFormat;
  weightBits: number;
  weightExp: number;
  delay: number;
  /** 0 = static; r >= 1 = the core's learning.rules[r - 1] */
  rule: number;
  projection: number;
  /** dense: synapse k targets baseSlot + k */
  baseSlot: number;
  /** sparse: target slot of each synapse (empty for dense) */
  slots: Uint32Array;
  weights: Int32Array;
  /** plastic blocks: canonical synapse index within the projection (§1.4); empty otherwise */
  synapseIndex: Uint32Array;
  bits: number;
}

export interface InputAxon {
  blocks: SynapseBlock[];
}
