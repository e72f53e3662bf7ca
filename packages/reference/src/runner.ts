/**
 * The interface the trainer codes against, so that the integer reference (ReferenceSimulator) and
 * the float64 twin (createFloatSimulator) can be swapped without the trainer knowing which runs.
 */

export interface RunnerCounters {
  /** samples presented */
  samples: number;
  /** timesteps simulated */
  steps: number;
  /** synaptic events delivered (one per synapse of a spiking presynaptic neuron, §3.1 phase 3) */
  synapticEvents: number;
}

export interface SampleResultLike {
  /** class counts z_c; may be a buffer reused by the next call */
  counts: ArrayLike<number>;
  /** §4 argmax of the counts, ties to the lowest class */
  predicted: number;
}

export interface SampleRunner {
  /** input neurons per step (input populations concatenated in population order) */
  readonly inputSize: number;
  /** readout classes C */
  readonly classes: number;
  /** steps per sample T */
  readonly timesteps: number;
  /**
   * Presents one sample: raster is T x inputSize, step-major. With learning on and a label given,
   * homeostasis runs and the learning epoch (§5) follows the sample; otherwise inference.
   */
  runSample(raster: Uint8Array, label?: number): SampleResultLike;
  /** on = training mode (homeostasis + learning epoch when labelled); off = inference (frozen) */
  setLearning(on: boolean): void;
  readonly counters: RunnerCounters;
}
