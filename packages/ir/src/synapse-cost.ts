import type { Target } from './target.js';

/**
 * Synapse-memory accounting: the single definition of what one input axon's synapses cost in a
 * core's synapse memory. The mapper packs cores with it, the code generator encodes with it (so the
 * chip image makes exactly the encoding decisions the mapper budgeted for, docs/mapper.md §2) and
 * the IR's statistics estimate with it.
 *
 * The unit is a *block*: the synapses of one projection from one source neuron into one core.
 * An input axon (source neuron, destination core) holds one block per projection that joins the
 * two, in projection order. A block of n synapses whose targets occupy compartment slots lo..hi
 * (span = hi - lo + 1) costs, rounded up to whole synapse words:
 *   sparse: n    * (weightBits + delayBits? + tagBits? + indexBits) + axonBlockOverheadBits
 *   dense:  span * (weightBits + delayBits? + tagBits?)             + axonBlockOverheadBits
 * delayBits are paid only when the projection's delay is > 1, tagBits only when it is plastic.
 * Dense (index-free) is used only when the target offers it and it is strictly cheaper.
 */

export interface SynapseFormat {
  /** weight mantissa width including the sign */
  weightBits: number;
  /** whether a delay field is stored (projection delay > 1) */
  delayed: boolean;
  /** whether a tag (eligibility) field is stored (plastic projection) */
  plastic: boolean;
}

export interface BlockCost {
  bits: number;
  dense: boolean;
}

/** The storage-relevant facts of a projection. */
export function synapseFormatOf(projection: { weightBits: number; delay: number; plasticity: string }): SynapseFormat {
  return {
    weightBits: projection.weightBits,
    delayed: projection.delay > 1,
    plastic: projection.plasticity !== 'none',
  };
}

/** Bits per synapse without the index field (what the dense format stores per covered slot). */
export function denseSynapseBits(target: Target, f: SynapseFormat): number {
  const e = target.synapseEncoding;
  return f.weightBits + (f.delayed ? e.delayBits : 0) + (f.plastic ? e.tagBits : 0);
}

/** Bits per synapse in the sparse (indexed) format. */
export function sparseSynapseBits(target: Target, f: SynapseFormat): number {
  return denseSynapseBits(target, f) + target.synapseEncoding.indexBits;
}

/** Rounds a bit count up to whole synapse-memory words. */
export function roundToWords(bits: number, wordBits: number): number {
  return Math.ceil(bits / wordBits) * wordBits;
}

/**
 * Cost of one block of `count` synapses whose targets span `span` consecutive compartment slots
 * (span >= count). Returns the bits charged against core.synapseMemoryBits and the chosen format.
 */
export function synapseBlockBits(target: Target, format: SynapseFormat, count: number, span: number): BlockCost {
  if (count <= 0) return { bits: 0, dense: false };
  const word = target.core.synapseWordBits;
  const overhead = target.synapseEncoding.axonBlockOverheadBits;
  const sparse = roundToWords(count * sparseSynapseBits(target, format) + overhead, word);
  if (target.synapseEncoding.denseFormat) {
    const dense = roundToWords(span * denseSynapseBits(target, format) + overhead, word);
    if (dense < sparse) return { bits: dense, dense: true };
  }
  return { bits: sparse, dense: false };
}

/**
 * The same decision in a form fit for hot loops: per-format constants precomputed once, then
 * `bits(count, span)` is a few integer operations (no allocation).
 */
export class BlockCoster {
  readonly sparsePerSynapse: number;
  readonly densePerSynapse: number;
  private readonly overhead: number;
  private readonly word: number;
  private readonly denseAllowed: boolean;

  constructor(target: Target, format: SynapseFormat) {
    this.sparsePerSynapse = sparseSynapseBits(target, format);
    this.densePerSynapse = denseSynapseBits(target, format);
    this.overhead = target.synapseEncoding.axonBlockOverheadBits;
    this.word = target.core.synapseWordBits;
    this.denseAllowed = target.synapseEncoding.denseFormat;
  }

  bits(count: number, span: number): number {
    if (count <= 0) return 0;
    const w = this.word;
    const sparse = Math.ceil((count * this.sparsePerSynapse + this.overhead) / w) * w;
    if (!this.denseAllowed) return sparse;
    const dense = Math.ceil((span * this.densePerSynapse + this.overhead) / w) * w;
    return dense < sparse ? dense : sparse;
  }

  /**
   * The least any placement can pay for `count` synapses of one source neuron and projection,
   * however they are split over cores: splitting only adds overhead and rounding, and a dense block
   * covers at least as many slots as it has synapses. Used for the synapse-memory lower bound.
   */
  minimumBits(count: number): number {
    if (count <= 0) return 0;
    const per = this.denseAllowed ? Math.min(this.densePerSynapse, this.sparsePerSynapse) : this.sparsePerSynapse;
    return Math.ceil((count * per + this.overhead) / this.word) * this.word;
  }
}
