import type { PopulationOverflow } from '@snnc/common';
/** The emulator's public data types (docs/emulator.md, "API"); the probe types extend @snnc/common's. */
import type { EpochView, ProbeHooks, SampleResult as BaseSampleResult, StepView as NeuronStepView } from '@snnc/common';

export interface RunOptions {
  /** training mode: homeostasis (§3.2) runs, and with a label the learning epoch (§5) */
  learning?: boolean;
  hooks?: EmulatorHooks;
  /** sample length when the image has no host ports (otherwise raster.length / inputSize); must equal the image's timesteps (§5.2) */
  steps?: number;
  /**
   * update every compartment every step instead of only the non-quiet and the ones that received
   * input (docs/emulator.md, "Performance design"); results and statistics are identical, only
   * slower. For tests and for checking the activity-driven path.
   */
  sweepAll?: boolean;
  /**
   * Told after every PROGRESS_STEPS-th step of the sample (steps done, the sample's steps), on one
   * thread or several: a sample of 2^19 steps ran for minutes with nothing to show. Never per step,
   * so the step loop stays free of calls.
   */
  onProgress?: (done: number, steps: number) => void;
}

/** How often a sample's progress is told (RunOptions.onProgress): every 4,096 steps. */
export const PROGRESS_STEPS = 4096;

/**
 * What a per-step probe sees after the update of step t (common's StepView: S(t) and the state for
 * step t + 1, in network-global neuron order, populations in image order, neuron n of population p
 * at probe.offset[p] + n; input neurons carry their raster spikes and zero state), plus the step's
 * cost. Reused buffers.
 */
export interface StepView extends NeuronStepView {
  /** the step's cycles (critical core + NoC + barrier), its critical core id, contention, energy */
  cycles: number;
  criticalCore: number;
  maxLinkLoad: number;
  energyPJ: number;
}

export type { EpochView };

export type EmulatorHooks = ProbeHooks<StepView>;

export interface SampleResult extends BaseSampleResult {
  /** §4 argmax, ties to the lowest class; -1 without classes */
  predicted: number;
  steps: number;
  /** compartment spikes in the sample */
  spikes: number;
  /** cycles of the sample's steps and, in training, of its learning epoch */
  cycles: number;
  energyPJ: number;
}

export interface CoreCycles {
  core: number; // core id
  emit: number;
  deliver: number;
  update: number;
  learn: number;
  total: number;
}

/** Everything counted since load (or resetStats). */
export interface EmulatorStats {
  samples: number;
  steps: number;
  epochs: number;
  spikes: number;
  inputSpikes: number;
  ops: {
    synapticOps: number;
    synapticUpdates: number;
    eligibilityEvents: number;
    weightUpdates: number;
    /** §5.10 (images with SAL feedback only): decoder entries updated, and changed, by the management core */
    feedbackUpdates?: number;
    feedbackChanged?: number;
    neuronActive: number;
    neuronInactive: number;
    /** multiply-accumulates of the learning epochs on the management core (§5.3-§5.5) */
    managementOps: number;
    /** values the management core broadcast to the neurocores (L_i, delta_c) */
    managementWords: number;
  };
  noc: {
    messages: number;
    hostMessages: number;
    inTileMessages: number;
    hopsEastWest: number;
    hopsNorthSouth: number;
    chipCrossings: number;
    /** largest number of messages on one directed link in one step */
    maxLinkLoad: number;
    meanMaxLinkLoad: number;
  };
  cycles: {
    total: number;
    noc: number;
    /** the management core's learning-epoch cycles (included in total) */
    management: number;
    barrier: number;
    maxStep: number;
    meanStep: number;
    /** per core busy cycles by phase, ascending core id */
    perCore: CoreCycles[];
    coreMax: number;
    coreMean: number;
    /** the core most often on the critical path (id; lowest id on ties), -1 without cores */
    criticalCore: number;
    clockMHz: number;
  };
  energyPJ: {
    total: number;
    perStep: number;
    /** mean per sample (steps and learning epoch) */
    perInference: number;
    byOp: Record<string, number>;
  };
  /** wraps of u and saturations of v per neuron population (docs/semantics.md §1.2) */
  overflow: PopulationOverflow[];
}
