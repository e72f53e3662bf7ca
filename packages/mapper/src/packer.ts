import type { MapperView } from './view.js';

/**
 * Exact per-core accounting while cores are filled one at a time. A core is a run of neurons in a
 * given order; slot = position in the run. Adding neuron i costs one compartment, its learning
 * state, one input axon per source neuron not yet feeding this core, and the growth of every
 * (source, projection) block it receives a synapse from (encoding.ts; a block's span grows to the
 * new slot, which is always the highest so far). `tryAdd` measures without changing anything, so a
 * neuron that would break any limit closes the core instead.
 *
 * All state lives in typed arrays sized once (by neurons and by blocks) and is invalidated by a
 * per-core stamp, so nothing is cleared or allocated between cores.
 */
export class CoreAccumulator {
  // current core totals
  compartments = 0;
  inputAxons = 0;
  synapseBits = 0;
  learningStateBits = 0;
  synapses = 0;
  /** distinct compartment configurations (neuron parameter sets) in the open core */
  configs = 0;
  /** estimated output axons (sum of outCost of the members), when an estimate is given */
  outputAxons = 0;
  /**
   * Per global neuron: its expected destination cores (from an earlier packing), so that packing
   * can respect the output-axon limit, which depends on where the targets end up (fanout.ts).
   */
  outCost: Int32Array | null = null;
  /** usage of the cores of the last packInOrder with this accumulator (and its bounds) */
  lastUsage: (SegmentUsage & { bounds: Int32Array }) | null = null;
  /** output axons allowed by the estimate (below the limit: estimates move with the boundaries) */
  outCap = 0;

  private mark = 0; // stamp of the open core (>= 1)
  private trial = 0; // stamp of a tentative add
  /** per source neuron: [core stamp, trial stamp], side by side so one cache line serves both */
  private readonly srcStamp: Int32Array;
  /** per block: [core stamp, synapses, lowest slot, bits], interleaved for the same reason */
  private readonly block: Int32Array;
  private readonly configStamp: Int32Array;
  private readonly maxConfigs: number;
  /** compartments per core: the target's, or the user's cap when smaller */
  private readonly maxCompartments: number;
  /** pin class per population (constraints.ts), and that of the open core's pinned members */
  private readonly pinOfPop: Int32Array | null;
  private openPin = 0;
  // per projection: bits per synapse in each format (encoding.ts, inlined for the hot loop)
  private readonly sparsePer: Int32Array;
  private readonly densePer: Int32Array;
  private readonly overhead: number;
  private readonly word: number;
  private readonly wordMask: number;
  private readonly denseAllowed: boolean;
  // what the last tryAdd measured, per in-edge, so that commit() need not recompute it
  private readonly edgeBits: Int32Array;
  private measured = -1;

  // last measured deltas (tryAdd)
  dInputAxons = 0;
  dSynapseBits = 0;

  constructor(private readonly view: MapperView) {
    this.srcStamp = new Int32Array(2 * view.neurons);
    this.block = new Int32Array(4 * view.blocks);
    this.configStamp = new Int32Array(view.configs).fill(0);
    const mc = view.target.core.maxCompartmentConfigs;
    this.maxConfigs = typeof mc === 'number' && mc > 0 ? mc : Infinity;
    this.maxCompartments = Math.min(view.target.core.maxCompartments, view.maxNeuronsPerCore ?? Infinity);
    this.pinOfPop = view.pinClassOfPop ?? null;
    this.sparsePer = Int32Array.from(view.coster, (c) => c.sparsePerSynapse);
    this.densePer = Int32Array.from(view.coster, (c) => c.densePerSynapse);
    this.overhead = view.target.synapseEncoding.axonBlockOverheadBits;
    this.word = view.target.core.synapseWordBits;
    const w = this.word;
    // Masks only while every block cost stays far inside 31 bits.
    this.wordMask = w > 0 && (w & (w - 1)) === 0 && view.target.core.synapseMemoryBits < 2 ** 28 ? ~(w - 1) : 0;
    this.denseAllowed = view.target.synapseEncoding.denseFormat;
    let maxIn = 0;
    for (let i = 0; i < view.neurons; i++) maxIn = Math.max(maxIn, view.inPtr[i + 1] - view.inPtr[i]);
    this.edgeBits = new Int32Array(maxIn);
  }

  /** Starts a new, empty core. */
  open(): void {
    this.mark++;
    this.compartments = 0;
    this.inputAxons = 0;
    this.synapseBits = 0;
    this.learningStateBits = 0;
    this.synapses = 0;
    this.configs = 0;
    this.outputAxons = 0;
    this.openPin = 0;
    this.measured = -1;
  }

  /** Bits of a block of `count` synapses over `span` slots of projection q (encoding.ts). */
  private blockCost(q: number, count: number, span: number): number {
    const w = this.word;
    const m = this.wordMask;
    const rs = count * this.sparsePer[q] + this.overhead;
    // Power-of-two words (the usual case) round with a mask instead of a division.
    const sparse = m !== 0 ? (rs + w - 1) & m : Math.ceil(rs / w) * w;
    if (!this.denseAllowed) return sparse;
    const rd = span * this.densePer[q] + this.overhead;
    const dense = m !== 0 ? (rd + w - 1) & m : Math.ceil(rd / w) * w;
    return dense < sparse ? dense : sparse;
  }

  /** Whether neuron i fits the open core under every post-side limit; sets dInputAxons/dSynapseBits. */
  tryAdd(i: number): boolean {
    const v = this.view;
    const core = v.target.core;
    if (this.compartments + 1 > this.maxCompartments) return false;
    if (this.pinOfPop) {
      const pin = this.pinOfPop[v.popOfNeuron[i]];
      if (pin !== 0 && this.openPin !== 0 && pin !== this.openPin) return false;
    }
    if (this.learningStateBits + v.learnBitsPerNeuron[v.popOfNeuron[i]] > core.learningStateBits) return false;
    if (this.configStamp[v.configOfPop[v.popOfNeuron[i]]] !== this.mark && this.configs + 1 > this.maxConfigs) return false;
    if (this.outCost && this.outputAxons + this.outCost[i] > this.outCap) return false;
    this.measure(i);
    return this.inputAxons + this.dInputAxons <= core.maxInputAxons && this.synapseBits + this.dSynapseBits <= core.synapseMemoryBits;
  }

  /** New input axons and, per in-edge of i, the bits of its block once i is added. */
  private measure(i: number): void {
    const v = this.view;
    const slot = this.compartments;
    const mark = this.mark;
    const t = ++this.trial;
    const { inPtr, inBlock, inSource, inProj } = v;
    const { srcStamp, block, edgeBits } = this;
    let dAx = 0;
    let dBits = 0;
    const start = inPtr[i];
    for (let e = start, end = inPtr[i + 1]; e < end; e++) {
      const j2 = 2 * inSource[e];
      if (srcStamp[j2] !== mark && srcStamp[j2 + 1] !== t) {
        srcStamp[j2 + 1] = t;
        dAx++;
      }
      const q = inProj[e];
      const b4 = 4 * inBlock[e];
      let nb: number;
      if (block[b4] !== mark) {
        nb = this.blockCost(q, 1, 1);
        dBits += nb;
      } else {
        nb = this.blockCost(q, block[b4 + 1] + 1, slot - block[b4 + 2] + 1);
        dBits += nb - block[b4 + 3];
      }
      edgeBits[e - start] = nb;
    }
    this.dInputAxons = dAx;
    this.dSynapseBits = dBits;
    this.measured = i;
  }

  /** Adds neuron i to the open core at the next slot (no limit check). */
  add(i: number): void {
    if (this.measured !== i) this.measure(i);
    const v = this.view;
    const slot = this.compartments;
    const mark = this.mark;
    const { inPtr, inBlock, inSource } = v;
    const { srcStamp, block, edgeBits } = this;
    const start = inPtr[i];
    for (let e = start, end = inPtr[i + 1]; e < end; e++) {
      srcStamp[2 * inSource[e]] = mark;
      const b4 = 4 * inBlock[e];
      if (block[b4] !== mark) {
        block[b4] = mark;
        block[b4 + 1] = 1;
        block[b4 + 2] = slot;
      } else block[b4 + 1]++;
      block[b4 + 3] = edgeBits[e - start];
    }
    const cfg = v.configOfPop[v.popOfNeuron[i]];
    if (this.configStamp[cfg] !== mark) { this.configStamp[cfg] = mark; this.configs++; }
    if (this.outCost) this.outputAxons += this.outCost[i];
    if (this.pinOfPop && this.pinOfPop[v.popOfNeuron[i]] !== 0) this.openPin = this.pinOfPop[v.popOfNeuron[i]];
    this.compartments++;
    this.inputAxons += this.dInputAxons;
    this.synapseBits += this.dSynapseBits;
    this.learningStateBits += v.learnBitsPerNeuron[v.popOfNeuron[i]];
    this.synapses += inPtr[i + 1] - start;
    this.measured = -1;
  }
}

/** Per-core exact usage of a segmentation (cores = runs of `order` between `bounds`). */
export interface SegmentUsage {
  compartments: Int32Array;
  inputAxons: Int32Array;
  synapseBits: Float64Array;
  learningStateBits: Float64Array;
  synapses: Float64Array;
  configs: Int32Array;
}

/**
 * Fills cores in the given order: each neuron goes into the open core if it fits, else a new core
 * is opened. Returns the core boundaries into `order` (length cores + 1). A neuron that does not
 * fit even an empty core is placed alone (the caller has already reported it, SNNC300x).
 */
export function packInOrder(view: MapperView, order: Int32Array, acc = new CoreAccumulator(view)): Int32Array {
  const bounds: number[] = [0];
  const rec: number[][] = [[], [], [], [], [], []];
  const close = () => {
    rec[0].push(acc.compartments); rec[1].push(acc.inputAxons); rec[2].push(acc.synapseBits);
    rec[3].push(acc.learningStateBits); rec[4].push(acc.synapses); rec[5].push(acc.configs);
  };
  acc.open();
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (acc.compartments > 0 && !acc.tryAdd(i)) {
      bounds.push(k);
      close();
      acc.open();
    }
    acc.add(i);
  }
  if (order.length > 0) { bounds.push(order.length); close(); }
  const out = Int32Array.from(bounds);
  // The exact usage of the cores just closed, so that callers need not recompute it.
  acc.lastUsage = {
    bounds: out, compartments: Int32Array.from(rec[0]), inputAxons: Int32Array.from(rec[1]), synapseBits: Float64Array.from(rec[2]),
    learningStateBits: Float64Array.from(rec[3]), synapses: Float64Array.from(rec[4]), configs: Int32Array.from(rec[5]),
  };
  return out;
}

/** Recomputes the exact usage of every core of a segmentation. */
export function segmentUsage(view: MapperView, order: Int32Array, bounds: Int32Array, acc = new CoreAccumulator(view)): SegmentUsage {
  const k = bounds.length - 1;
  const u: SegmentUsage = {
    compartments: new Int32Array(k),
    inputAxons: new Int32Array(k),
    synapseBits: new Float64Array(k),
    learningStateBits: new Float64Array(k),
    synapses: new Float64Array(k),
    configs: new Int32Array(k),
  };
  for (let c = 0; c < k; c++) {
    acc.open();
    for (let m = bounds[c]; m < bounds[c + 1]; m++) acc.add(order[m]);
    u.compartments[c] = acc.compartments;
    u.inputAxons[c] = acc.inputAxons;
    u.synapseBits[c] = acc.synapseBits;
    u.learningStateBits[c] = acc.learningStateBits;
    u.synapses[c] = acc.synapses;
    u.configs[c] = acc.configs;
  }
  return u;
}
