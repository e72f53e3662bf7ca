import type { ModulationMode } from './learning.js';

/** The reference simulator's options, observation hooks and results (see simulator.ts). */

export interface SimulatorOptions {
  /** training mode: homeostasis (§3.2) and the learning epoch (§5) run; inference otherwise */
  learning?: boolean;
  /** ablation: false turns off the hidden three-factor rule (§5.6), readout-only learning */
  hiddenPlasticity?: boolean;
  /** ablation: 'direct' forms L_i from dtilde without the modulatory populations (not in the contract) */
  modulation?: ModulationMode;
  /** 'direct' mode: h_i = dtilde_i >> directShift (default 6) */
  directShift?: number;
}

/** What a per-step probe sees after phase 4 of step t: S(t) and the state for step t + 1. */
export interface StepView {
  t: number;
  spikes: Uint8Array;
  v: Int32Array;
  vth: Int32Array;
  sbar: Int32Array;
  u: Int32Array;
}

export interface EpochView {
  epoch: number; // the epoch index used in the §1.4 keys (before the increment)
  label: number;
  counts: Int32Array;
  delta: Int32Array;
  margin: number;
}

export interface SampleHooks {
  onStep?(view: StepView): void;
  /** after the weight updates of §5.6/5.7, before `epoch += 1`; eligibility is still readable */
  onEpoch?(view: EpochView): void;
}

export interface SampleResult {
  /** class counts z_c (reused buffer) */
  counts: Int32Array;
  /** §4 argmax, ties to the lowest class */
  predicted: number;
}

export interface SimulatorSnapshot {
  epoch: number;
  weights: Int16Array[];
  vth: Int32Array;
  sbar: Int32Array;
  m: Int32Array[];
}

export interface Counters {
  samples: number;
  steps: number;
  /** synaptic events delivered (§3.1 phase 3) */
  synapticEvents: number;
  /** eligibility events recorded (§5.2) */
  eligibilityEvents: number;
  /** weights changed by learning */
  weightUpdates: number;
}
