import type { ProbeHooks } from '@snnc/common';
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

export type { StepView, EpochView, SampleResult } from '@snnc/common';

/** The reference's per-step and per-epoch hooks. */
export type SampleHooks = ProbeHooks;

export interface SimulatorSnapshot {
  epoch: number;
  weights: Int16Array[];
  vth: Int32Array;
  sbar: Int32Array;
  m: Int32Array[];
  /** §5.10 decoders Wmh of every block, present when a pathway learns by SAL */
  wmh?: Int8Array[];
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
  /** decoder entries changed by SAL (§5.10) */
  feedbackUpdates: number;
}
