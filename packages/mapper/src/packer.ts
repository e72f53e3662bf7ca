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

  private mark = 0; // stamp of the open core (>= 1)
  private trial = 0; // stamp of a tentative add
  private readonly sourceStamp: Int32Array;
  private readonly trialStamp: Int32Array;
  private readonly blockStamp: Int32Array;
  private readonly blockCount: Int32Array;
  private readonly blockLo: Int32Array;
  private readonly blockBits: Float64Array;
  private readonly learnOfNeuron: (i: number) => number;
  private readonly configStamp: Int32Array;
  private readonly maxConfigs: number;

  // last measured deltas (tryAdd)
  dInputAxons = 0;
  dSynapseBits = 0;

  constructor(private readonly view: MapperView) {
    this.sourceStamp = new Int32Array(view.neurons);
    this.trialStamp = new Int32Array(view.neurons);
    this.blockStamp = new Int32Array(view.blocks);
    this.blockCount = new Int32Array(view.blocks);
    this.blockLo = new Int32Array(view.blocks);
    this.blockBits = new Float64Array(view.blocks);
    const perPop = view.learnBitsPerNeuron;
    const popOf = view.popOfNeuron;
    this.learnOfNeuron = (i) => perPop[popOf[i]];
    this.configStamp = new Int32Array(view.configs).fill(0);
    const mc = view.target.core.maxCompartmentConfigs;
    this.maxConfigs = typeof mc === 'number' && mc > 0 ? mc : Infinity;
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
  }

  /** Whether neuron i fits the open core under every post-side limit; sets dInputAxons/dSynapseBits. */
  tryAdd(i: number): boolean {
    const v = this.view;
    const core = v.target.core;
    if (this.compartments + 1 > core.maxCompartments) return false;
    if (this.learningStateBits + this.learnOfNeuron(i) > core.learningStateBits) return false;
    if (this.configStamp[v.configOfPop[v.popOfNeuron[i]]] !== this.mark && this.configs + 1 > this.maxConfigs) return false;
    if (this.outCost && this.outputAxons + this.outCost[i] > core.maxOutputAxons) return false;
    const slot = this.compartments;
    const mark = this.mark;
    const t = ++this.trial;
    const { inPtr, inBlock, blockSource, blockProjection, coster } = v;
    const { sourceStamp, trialStamp, blockStamp, blockCount, blockLo, blockBits } = this;
    let dAx = 0;
    let dBits = 0;
    for (let e = inPtr[i], end = inPtr[i + 1]; e < end; e++) {
      const b = inBlock[e];
      const j = blockSource[b];
      if (sourceStamp[j] !== mark && trialStamp[j] !== t) {
        trialStamp[j] = t;
        dAx++;
      }
      const c = coster[blockProjection[b]];
      if (blockStamp[b] !== mark) dBits += c.bits(1, 1);
      else dBits += c.bits(blockCount[b] + 1, slot - blockLo[b] + 1) - blockBits[b];
    }
    this.dInputAxons = dAx;
    this.dSynapseBits = dBits;
    return this.inputAxons + dAx <= core.maxInputAxons && this.synapseBits + dBits <= core.synapseMemoryBits;
  }

  /** Adds neuron i to the open core at the next slot (no limit check). */
  add(i: number): void {
    const v = this.view;
    const slot = this.compartments;
    const mark = this.mark;
    const { inPtr, inBlock, blockSource, blockProjection, coster } = v;
    const { sourceStamp, blockStamp, blockCount, blockLo, blockBits } = this;
    let ax = 0;
    let dBits = 0;
    const start = inPtr[i];
    const end = inPtr[i + 1];
    for (let e = start; e < end; e++) {
      const b = inBlock[e];
      const j = blockSource[b];
      if (sourceStamp[j] !== mark) {
        sourceStamp[j] = mark;
        ax++;
      }
      const c = coster[blockProjection[b]];
      let nb: number;
      if (blockStamp[b] !== mark) {
        blockStamp[b] = mark;
        blockCount[b] = 1;
        blockLo[b] = slot;
        nb = c.bits(1, 1);
        dBits += nb;
      } else {
        const n = ++blockCount[b];
        nb = c.bits(n, slot - blockLo[b] + 1);
        dBits += nb - blockBits[b];
      }
      blockBits[b] = nb;
    }
    const cfg = v.configOfPop[v.popOfNeuron[i]];
    if (this.configStamp[cfg] !== mark) { this.configStamp[cfg] = mark; this.configs++; }
    if (this.outCost) this.outputAxons += this.outCost[i];
    this.compartments++;
    this.inputAxons += ax;
    this.synapseBits += dBits;
    this.learningStateBits += this.learnOfNeuron(i);
    this.synapses += end - start;
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
  acc.open();
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (acc.compartments > 0 && !acc.tryAdd(i)) {
      bounds.push(k);
      acc.open();
    }
    acc.add(i);
  }
  if (order.length > 0) bounds.push(order.length);
  return Int32Array.from(bounds);
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
