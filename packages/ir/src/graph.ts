/**
 * The concrete network: what a spec expands to. Two forms share one shape:
 *  - `Graph` (real-valued parameters, float64 weights): what the spec means before quantisation,
 *    run by the optional float64 simulator;
 *  - `LoweredNetwork` (integers in the fixed-point formats of a target): what the reference
 *    simulator, the mapper and the code generator consume. docs/semantics.md defines every field's
 *    meaning; the section numbers below (§) refer to it.
 *
 * Synapses are compact typed arrays per projection, sorted by (pre, post), no duplicates.
 * Populations and projections are kept in a canonical order (the spec's order) and carry their
 * index so that consumers never need a Map in a hot loop.
 */

export const IR_VERSION = '1.0';

export type PopulationRole = 'input' | 'hidden' | 'readout' | 'other';
export type NeuronModel = 'input' | 'srlif' | 'cuba';
export type ProjectionKind = 'ff' | 'rec' | 'lr' | 'other';
export type Plasticity = 'none' | 'threeFactor' | 'delta';

/** The seed's neuron, real-valued (§3.2). Units: voltage in the same units as weights. */
export interface SrlifRealParams {
  model: 'srlif';
  /** leak factor alpha in [0, 1): V <- alpha V + I - Vth S */
  alpha: number;
  /** initial threshold (> 0) */
  vth: number;
  /** bounds for the homeostatic threshold */
  vthMin: number;
  vthMax: number;
  /** homeostasis: Vth <- Vth + etaTheta (Sbar - target); Sbar has time constant rateTau steps */
  etaTheta: number;
  targetRate: number;
  rateTau: number;
  /** constant input per step */
  bias: number;
}

/** Loihi CUBA LIF, real-valued (§3.3). */
export interface CubaRealParams {
  model: 'cuba';
  /** current and voltage leak factors in [0, 1] (1 = no decay) */
  alphaU: number;
  alphaV: number;
  vth: number;
  bias: number;
  refractory: number;
}

export interface GraphPopulation {
  id: string;
  index: number;
  size: number;
  role: PopulationRole;
  /** 1..K for the stacked hidden layers of an srsnn network, 0 for the input, -1 otherwise */
  layer: number;
  model: NeuronModel;
  params: SrlifRealParams | CubaRealParams | null; // null for inputs
  /** readout populations: neuron n codes class floor(n / neuronsPerClass) */
  classes?: number;
  neuronsPerClass?: number;
  /** optional tensor shape (e.g. [C, H, W]); neurons flattened C-major: c*H*W + y*W + x */
  shape?: number[];
  /** inputs only: graded spikes, raster values 0..255 scale each spike (docs/semantics.md §2.4); absent = plain spikes */
  graded?: true;
  /** JSON Pointer of the spec element this population came from (for diagnostics; not hashed) */
  specPointer?: string;
}

export interface ProjectionBase {
  id: string;
  index: number;
  source: number; // population index
  target: number; // population index
  kind: ProjectionKind;
  /** steps from a presynaptic spike to its effect on the postsynaptic accumulator (>= 1, §2.3) */
  delay: number;
  plasticity: Plasticity;
  pre: Uint32Array;
  post: Uint32Array;
  /** JSON Pointer of the spec element this projection came from (for diagnostics; not hashed) */
  specPointer?: string;
}

export interface GraphProjection extends ProjectionBase {
  weight: Float64Array;
}

/** Real-valued learning parameters (§5). Absent when the network does not learn. */
export interface GraphLearning {
  readout: number; // population index of the readout
  gamma: number; // margin, in spike counts
  rival: 'winner' | 'strongest-other';
  etaOut: number; // readout delta-rule rate
  eta: number; // hidden three-factor rate
  lambdaE: number; // eligibility decay per step
  lambdaM: number; // modulatory state decay per learning epoch
  /** §5.5 rate regularisation of L_i, learning-signal units per spike/step of rate excess (0 or absent: off) */
  rateReg?: number;
  /** §5.7 fraction of a readout weight removed on each of its updates (0 or absent: off) */
  readoutDecay?: number;
  /** §4 class score: absent = spike counts (the seed's); 'potential' adds the readout's residual v / vth (srlif readout) */
  readoutScore?: 'potential';
  /** §5.2 pairing of pre and post spikes: absent = coincident (the seed's S_j(t) S_i(t)); 'causal' = S_j(t - delay) S_i(t) */
  eligibility?: 'causal';
  modulatory: GraphModulatory[];
  /** bound of plastic weights (voltage units): the weight exponent's headroom when lowered */
  wMax?: number;
}

export interface GraphModulatory {
  population: number; // hidden population index
  m: number; // M, modulatory dimension
  B: Float64Array; // C x N, row-major: B[c * N + i]
  Wem: Float64Array; // M x N, row-major
  Wmh: Float64Array; // N x M, row-major
  /** §5.10: present when the pathway's decoder Wmh learns by SAL (feedbackRule "sal"); absent: fixed */
  sal?: GraphSal;
}

/** The real parameters of a SAL pathway (docs/spec-format.md "Learning", defaults applied). */
export interface GraphSal {
  eta: number; // Wmh steps per order-weighted spike pair per epoch
  leak: number; // fraction of an active decoder row removed per epoch
  lambdaS: number; // decay per step of the timing window
}

export interface Graph {
  irVersion: string;
  name: string;
  seed: number;
  /** steps per sample presentation; the learning epoch (§5.1) */
  timesteps: number;
  populations: GraphPopulation[];
  projections: GraphProjection[];
  learning: GraphLearning | null;
}

// ---------------------------------------------------------------- lowered (integer) form

/** §3.2: the seed's neuron in integers. */
export interface SrlifParams {
  model: 'srlif';
  decayV: number; // 12-bit: V <- decay(V, decayV) ...; alpha = 1 - decayV/4096
  vth0: number; // initial threshold, voltage LSBs
  vthMin: number;
  vthMax: number;
  bias: number; // voltage LSBs per step
  rateShift: number; // Sbar <- Sbar + ((S << 12) - Sbar) >> rateShift
  targetRate: number; // Q12
  etaThetaMant: number; // Vth <- Vth + ((etaThetaMant * (Sbar - target)) >> etaThetaShift)
  etaThetaShift: number;
}

/** §3.3: Loihi CUBA LIF. */
export interface CubaParams {
  model: 'cuba';
  decayU: number; // 12-bit du
  decayV: number; // 12-bit dv
  vthMant: number; // threshold = vthMant << 6
  biasMant: number;
  biasExp: number;
  refractory: number;
}

export interface LoweredPopulation {
  id: string;
  index: number;
  size: number;
  role: PopulationRole;
  layer: number;
  model: NeuronModel;
  params: SrlifParams | CubaParams | null;
  classes?: number;
  neuronsPerClass?: number;
  shape?: number[];
  /** inputs only: graded spikes (docs/semantics.md §2.4); absent = plain spikes */
  graded?: true;
  /**
   * log2 of the voltage scale s chosen by lowering: one voltage unit of the real-valued model is
   * 2^voltageScaleLog2 LSBs (docs/spec-format.md "Lowering"). Absent for inputs.
   */
  voltageScaleLog2?: number;
  specPointer?: string;
}

export interface LoweredProjection extends ProjectionBase {
  /** mantissa width in bits including sign (e.g. 8: -128..127) */
  weightBits: number;
  /** contribution of one spike = weight << (6 + weightExp); weightExp in [-6, 7] (§2.2) */
  weightExp: number;
  weight: Int16Array;
  /**
   * Learning rate of a plastic projection as mantissa and shift (§5.6, §5.7): the update is
   * R(-learnMant * product, learnShift). Per projection because the weight exponent differs.
   * 0/0 for non-plastic projections.
   */
  learnMant: number;
  learnShift: number;
}

export interface LoweredModulatory {
  population: number;
  m: number;
  B: Int8Array; // C x N
  Wem: Int8Array; // M x N
  Wmh: Int8Array; // N x M
  emShift: number; // §5.4
  mhShift: number; // §5.5
  /** §5.10: the SAL program of a plastic decoder; absent: Wmh is fixed */
  sal?: LoweredSal;
}

/** §5.10 integer data of a SAL pathway. */
export interface LoweredSal {
  mant: number; // 0..4095, rate mantissa
  leak: number; // 0..4095, leak mantissa
  shift: number; // 0..30, common shift of the stochastic rounding
  decayS: number; // 12-bit decay of the timing window Q
  H: Int8Array; // M x C relay, row-major H[a*C + c]
}

export interface LoweredLearning {
  readout: number;
  gamma: number;
  rival: 'winner' | 'strongest-other';
  decayE: number; // 12-bit eligibility decay (lambda_e = 1 - decayE/4096)
  decayM: number; // 12-bit modulatory decay
  modulatory: LoweredModulatory[];
  /** tanh as a table (§5.5): L = tanhTable[clamp(x, -128, 127) + 128], Q7 */
  tanhTable: Int16Array;
  /** seed of the counter-based generator used for stochastic rounding (§1.4) */
  roundingSeed: number;
  /**
   * §5.5 rate regularisation: L_i += (rateRegMant * (sbar_i - targetRate)) >> rateRegShift on srlif
   * neurons of a modulatory block. Absent when off (the seed's rule), so such networks lower as before.
   */
  rateRegMant?: number;
  rateRegShift?: number;
  /**
   * §5.7 readout decay: every updated delta-rule synapse also loses w * 2^-readoutDecayShift, inside
   * the update's one rounding. 1..30 and at most every delta-rule projection's learnShift; absent
   * when off (the seed's rule), so such networks lower as before.
   */
  readoutDecayShift?: number;
  /**
   * §4 class score: 'potential' adds floor(256 v / vth) of every readout neuron after step T-1,
   * summed per class and rounded once (needs an srlif readout); absent = spike counts (the seed's),
   * so networks without it lower as before.
   */
  readoutScore?: 'potential';
  /** §5.2 causal pairing S_j(t - delay) S_i(t); absent = coincident, so networks without it lower as before */
  eligibility?: 'causal';
}

export interface LoweredNetwork {
  irVersion: string;
  name: string;
  seed: number;
  timesteps: number;
  populations: LoweredPopulation[];
  projections: LoweredProjection[];
  learning: LoweredLearning | null;
}
