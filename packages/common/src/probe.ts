/**
 * What a sample runner is and what its probes see, shared by the reference simulator, its float64
 * twin and the chip emulator (docs/semantics.md §3-§5), so that the trainer and the verifier code
 * against one interface whichever of them runs.
 */

/** What a per-step probe sees after the update of step t: S(t) and the state for step t + 1. Reused buffers. */
export interface StepView {
  t: number;
  spikes: Uint8Array;
  v: Int32Array;
  vth: Int32Array;
  sbar: Int32Array;
  u: Int32Array;
}

export interface EpochView {
  /** the epoch index used in the §1.4 keys (before the increment) */
  epoch: number;
  label: number;
  /** the class scores z_c the teaching signal compared (§4) */
  counts: Int32Array;
  delta: Int32Array;
  margin: number;
}

/** Per-step and per-epoch observation hooks. */
export interface ProbeHooks<S extends StepView = StepView> {
  onStep?(view: S): void;
  /** after the weight updates of §5.6/§5.7, before `epoch += 1`; eligibility is still readable */
  onEpoch?(view: EpochView): void;
}

export interface SampleResult {
  /** class scores z_c (§4: spike counts, plus the residual potential with readoutScore "potential"; reused buffer) */
  counts: Int32Array;
  /** §4 argmax of the scores, ties to the lowest class */
  predicted: number;
}

export interface RunnerCounters {
  /** samples presented */
  samples: number;
  /** timesteps simulated */
  steps: number;
  /** synaptic events delivered (one per synapse of a spiking presynaptic neuron, §3.1 phase 3) */
  synapticEvents: number;
}

export interface SampleResultLike {
  /** class scores z_c (§4); may be a buffer reused by the next call */
  counts: ArrayLike<number>;
  /** §4 argmax of the scores, ties to the lowest class */
  predicted: number;
}

/**
 * The interface the trainer codes against, so that the integer reference, the float64 twin and
 * the chip emulator can be swapped without the trainer knowing which runs.
 */
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
  /**
   * §5.11 learning-rate schedule: from the next sample on, every delta-rule (readout) projection
   * learns with `learnMant >> a` and every three-factor (hidden) one with `learnMant >> h`
   * (h = a when not given; 0: the rates of the lowered network); with hold, §3.2's homeostasis
   * behaves as in inference (sbar and vth unchanged) while training (false when not given). The
   * host's write between samples; the trainer calls it before every training sample.
   */
  setRateShift(a: number, h?: number, hold?: boolean): void;
  readonly counters: RunnerCounters;
}

/**
 * §5.11: the rate shift of training presentation g (0-based) of G under `schedule`, one entry
 * per equal segment of the G presentations (the trainer and `snnc verify --train` both use it);
 * the same for the parallel lists of hidden shifts and holds.
 */
export function rateShiftAt<T = number>(schedule: readonly T[], g: number, G: number): T {
  if (G <= 0) return schedule[0];
  const j = Math.floor((schedule.length * g) / G);
  return schedule[Math.min(schedule.length - 1, Math.max(0, j))];
}
