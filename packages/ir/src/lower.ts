import { diag, LIMITS, pointerJoin, warning, withinLimit, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import { clamp, maxAbs, roundHalfAway, toMantShift } from './fixed.js';
import type { CubaRealParams, Graph, GraphProjection, LoweredNetwork, LoweredPopulation, LoweredProjection } from './graph.js';
import { lowerLearning, RATE_REG_MIN, type ModulatoryReport } from './lower-learning.js';
import { salRangeProblem } from './sal.js';
import { readoutScoreProblem } from './readout-score.js';
import { lowerCuba, lowerSrlif, voltageMax, voltageScaleExp } from './lower-neuron.js';
import type { Target } from './target.js';
import { populationHeadroom, type PopulationHeadroom } from './headroom.js';

/**
 * Graph (real) + Target -> LoweredNetwork (integers in the target's formats). The rules are in
 * docs/spec-format.md "Lowering"; the meaning of every integer in docs/semantics.md.
 *
 * Per neuron population P a voltage scale s = 2^sExp (LSBs per voltage unit) is chosen as large
 * as possible such that (a) P's largest threshold/bias fits 2^22 (24-bit voltage with headroom)
 * and (b) the largest weight into P (or the plastic bound wMax) is representable with the
 * target's largest weight exponent. Each projection into P then takes the smallest weight
 * exponent whose mantissa range holds its largest weight: the finest resolution that fits.
 */
export interface ProjectionQuantisation {
  id: string;
  weightExp: number;
  weightBits: number;
  /** largest |w| (voltage units) the exponent was chosen for (includes wMax for plastic) */
  range: number;
  /** one mantissa step in voltage units */
  lsb: number;
  rmsError: number;
  maxError: number;
  /** rms error / rms weight (0 when all weights are 0) */
  relRmsError: number;
  /** nonzero weights that became mantissa 0 */
  zeroed: number;
  /** weights beyond the mantissa range (clamped) */
  clamped: number;
  /** real learning rate and the one the mantissa/shift pair realises (plastic projections) */
  learnRate?: number;
  learnRateLowered?: number;
}

export interface LoweringReport {
  target: string;
  populations: { id: string; voltageScaleLog2: number | null }[];
  projections: ProjectionQuantisation[];
  modulatory: ModulatoryReport[];
  /** per neuron population: the headroom assumed and the worst case of its input (headroom.ts) */
  headroom: PopulationHeadroom[];
}

export interface LowerResult {
  network?: LoweredNetwork;
  report?: LoweringReport;
  diagnostics: Diagnostic[];
}

export interface LowerOptions {
  /** the file the graph's spec pointers refer to, for located diagnostics */
  file?: string;
  /** bound of plastic weights (voltage units); default: the graph's learning.wMax */
  wMax?: number;
}

export function lowerGraph(graph: Graph, target: Target, options: LowerOptions = {}): LowerResult {
  const { file } = options;
  const diagnostics: Diagnostic[] = [];
  const err = (code: string, pointer: string | undefined, message: string, extra: Partial<Diagnostic> = {}) =>
    diagnostics.push(diag(code, message, { file, pointer: pointer ?? '', ...extra }));
  const warn = (code: string, pointer: string | undefined, message: string, extra: Partial<Diagnostic> = {}) =>
    diagnostics.push(warning(code, message, { file, pointer: pointer ?? '', ...extra }));
  const f = target.formats;
  // the spec allows 10^6 steps, a chip image and the emulator 2^19: refused here, at the spec's
  // field, not by the image validator after code generation (SNNC4190, a compiler bug's code)
  if (graph.timesteps > LIMITS.sampleSteps) {
    err(Codes.sampleTooLong, '/timesteps', `a sample of ${graph.timesteps} steps is longer than a chip image can run`, {
      expected: withinLimit('sampleSteps', 'steps'), found: String(graph.timesteps), fix: `use timesteps <= ${LIMITS.sampleSteps}`,
    });
  }
  // §2.2 weight format per projection: a mixed-sign projection (weights of both signs, or plastic:
  // learning may move a weight across zero) has the target's mixedSignWeightBits when it gives them
  // (Loihi 1: the sign takes one of the 8 bits); the others maxWeightBits
  const bitsOf = graph.projections.map((p) =>
    f.mixedSignWeightBits !== undefined && isMixedSign(p) ? Math.min(f.mixedSignWeightBits, f.maxWeightBits) : f.maxWeightBits,
  );
  const mantMaxOf = (p: GraphProjection) => 2 ** (bitsOf[p.index] - 1) - 1;
  // §2.2: a negative exponent shifts the mantissa right before the 6-bit scaling, so it never
  // resolves finer than exponent 0: the smallest exponent lowering picks is 0 (when the target has it)
  const expLo = Math.min(Math.max(f.weightExpMin, 0), f.weightExpMax);

  // The weight range each projection must represent.
  const range = graph.projections.map((p) => {
    let r = maxAbs(p.weight);
    if (p.plasticity !== 'none') {
      const bound = options.wMax ?? graph.learning?.wMax ?? (r > 0 ? r : voltageMaxOf(graph, p.target));
      r = Math.max(r, bound);
    }
    return r;
  });

  // Voltage scale per population.
  const sExp: (number | null)[] = graph.populations.map((pop) => {
    if (!pop.params) return null;
    let e = voltageScaleExp(voltageMax(pop.params));
    for (const p of graph.projections) {
      if (p.target !== pop.index || range[p.index] === 0) continue;
      e = Math.min(e, Math.floor(Math.log2((mantMaxOf(p) * 2 ** (6 + f.weightExpMax)) / range[p.index])));
    }
    return clamp(e, -30, 40);
  });

  const populations: LoweredPopulation[] = graph.populations.map((pop) => {
    const out: LoweredPopulation = {
      id: pop.id,
      index: pop.index,
      size: pop.size,
      role: pop.role,
      layer: pop.layer,
      model: pop.model,
      params: null,
      ...(pop.classes !== undefined ? { classes: pop.classes } : {}),
      ...(pop.neuronsPerClass !== undefined ? { neuronsPerClass: pop.neuronsPerClass } : {}),
      ...(pop.shape ? { shape: [...pop.shape] } : {}),
      ...(pop.graded === true ? { graded: true as const } : {}),
      ...(pop.specPointer !== undefined ? { specPointer: pop.specPointer } : {}),
    };
    if (pop.graded === true && f.gradedInputSpikes !== true)
      err(Codes.gradedUnsupported, pop.specPointer === undefined ? undefined : `${pop.specPointer}/graded`, `input "${pop.id}" is graded (§2.4), and target "${target.name}" sends plain host spikes`, {
        expected: 'a target with formats.gradedInputSpikes (e.g. loihi2)',
        found: `${target.name} without it`,
        fix: 'choose such a target, or drop graded (binary input spikes)',
      });
    if (!pop.params) return out;
    const e = sExp[pop.index]!;
    out.voltageScaleLog2 = e;
    if (!f.neuronModels.includes(pop.params.model)) {
      err(Codes.modelUnsupported, pop.specPointer, `population "${pop.id}" uses the ${pop.params.model} neuron, which target "${target.name}" does not run`, {
        expected: `one of ${f.neuronModels.join(', ')}`,
        found: pop.params.model,
        fix: pop.params.model === 'srlif' ? 'choose a target that lists srlif (e.g. loihi2) or use the cuba neuron' : `choose a target that lists ${pop.params.model}`,
      });
    }
    if (pop.params.model === 'cuba') checkCuba(pop.id, pop.params, pop.specPointer, target, err);
    const low = pop.params.model === 'srlif' ? lowerSrlif(pop.params, e) : lowerCuba(pop.params, e, f.thresholdMantBits);
    for (const problem of low.problems) warn(Codes.parameterRange, pop.specPointer, `population "${pop.id}": ${problem}`);
    out.params = low.params;
    return out;
  });

  const quant: ProjectionQuantisation[] = [];
  const learning = graph.learning;
  const projections: LoweredProjection[] = graph.projections.map((p) => {
    if (p.delay > f.maxDelay) {
      err(Codes.delayTooLong, p.specPointer && pointerJoin(p.specPointer, 'delay'), `projection "${p.id}" has delay ${p.delay}, beyond the target's maximum`, {
        expected: `<= ${f.maxDelay} (target ${target.name} formats.maxDelay)`,
        found: String(p.delay),
        fix: `reduce the delay to ${f.maxDelay}`,
      });
    }
    const e = sExp[p.target] ?? 0;
    const bits = bitsOf[p.index];
    const mantMax = 2 ** (bits - 1) - 1;
    const { lowered, q } = quantise(p, range[p.index], e, expLo, f.weightExpMax, bits, -(mantMax + 1), mantMax);
    if (q.clamped > 0) {
      warn(Codes.weightRange, p.specPointer, `projection "${p.id}": ${q.clamped} weights exceed the ${bits}-bit mantissa range and were clamped`, {
        expected: `|w| <= ${(mantMax * q.lsb).toPrecision(4)}`,
        found: `|w| up to ${q.range.toPrecision(4)}`,
      });
    }
    if (p.plasticity !== 'none' && learning) {
      // §5.6/§5.7: the mantissa LSB of w is 2^(6+exp)/s voltage units; e is Q12 and L is Q7 (127).
      const lsbPerUnit = 2 ** e / 2 ** (6 + lowered.weightExp);
      const rate = p.plasticity === 'delta' ? learning.etaOut * lsbPerUnit : (learning.eta * lsbPerUnit) / (4096 * 127);
      const ms = toMantShift(rate, 255, 30);
      lowered.learnMant = ms.mant;
      lowered.learnShift = ms.shift;
      q.learnRate = p.plasticity === 'delta' ? learning.etaOut : learning.eta;
      q.learnRateLowered = (ms.mant / 2 ** ms.shift / lsbPerUnit) * (p.plasticity === 'delta' ? 1 : 4096 * 127);
      if (ms.clamped || ms.underflow) {
        warn(Codes.learningRateRange, p.specPointer, `projection "${p.id}": learning rate ${q.learnRate} ${ms.clamped ? 'exceeds mantissa 255 at shift 0 (clamped)' : 'rounds to 0 at shift 30 (no learning)'}`, {
          expected: 'mantissa in 1..255 with shift in 0..30',
          found: `rate ${rate.toExponential(3)} mantissa LSBs per unit`,
        });
      }
    }
    quant.push(q);
    return lowered;
  });

  let loweredLearning: LoweredNetwork['learning'] = null;
  const modReports: ModulatoryReport[] = [];
  if (learning) {
    const anyPlastic = graph.projections.some((p) => p.plasticity !== 'none');
    if (anyPlastic && !target.learning.supported) {
      err(Codes.learningUnsupported, '/learning', `target "${target.name}" has no on-chip learning but the network has plastic projections`, {
        expected: 'a target with learning.supported = true',
        found: 'learning.supported = false',
        fix: 'disable learning for this target or choose one that learns (loihi1, loihi2)',
      });
    }
    if (graph.timesteps > target.learning.maxEpochSteps) {
      diagnostics.push({
        code: Codes.epochTooLong,
        severity: 'note',
        message: `the learning epoch (${graph.timesteps} steps) is longer than the hardware epoch (${target.learning.maxEpochSteps}); the management core extends it`,
        file,
        pointer: '/timesteps',
      });
    }
    const l = lowerLearning(learning, graph.populations, graph.seed);
    for (const problem of l.problems) warn(Codes.parameterRange, '/learning', problem);
    // a positive rateReg so small that it lowers to nothing: the rule runs unregularised, said
    const leastRateReg = Math.ceil(RATE_REG_MIN * 1e10) / 1e10;
    if ((learning.rateReg ?? 0) > 0 && l.lowered.rateRegMant === undefined)
      warn(Codes.parameterRange, '/learning/rateReg', `rateReg ${learning.rateReg} lowers to no regularisation at all (§5.5): its factor is below what an 8-bit mantissa at the largest shift represents`, {
        expected: `0 (none), or at least ${leastRateReg}`, found: String(learning.rateReg), fix: `rateReg 0 for the seed's rule, or at least ${leastRateReg}`,
      });
    const salRange = salRangeProblem(l.lowered, graph.populations, graph.timesteps);
    if (salRange) err(Codes.salRange, '/learning/feedbackRule', salRange.message, { expected: salRange.expected, found: salRange.found, fix: 'shorten the sample, or use fewer readout neurons, or {"rule": "fixed"}' });
    loweredLearning = l.lowered;
    modReports.push(...l.reports);
    const decay = lowerReadoutDecay(learning.readoutDecay ?? 0, projections);
    if (decay.error) err(Codes.readoutDecayRange, '/learning/readoutDecay', decay.error.message, { expected: decay.error.expected, found: decay.error.found, fix: decay.error.fix });
    else if (decay.shift !== undefined) loweredLearning.readoutDecayShift = decay.shift;
    // §4: the potential score reads each readout neuron's vth (lowered populations: the integer range too)
    const score = readoutScoreProblem(populations, loweredLearning, graph.timesteps);
    if (score) err(Codes.readoutScore, '/learning/readoutScore', score.message, { expected: score.expected, found: score.found, fix: score.fix });
  }

  const report: LoweringReport = {
    target: target.name,
    populations: graph.populations.map((p) => ({ id: p.id, voltageScaleLog2: sExp[p.index] })),
    projections: quant,
    modulatory: modReports,
    headroom: populationHeadroom(populations, projections, f.voltageBits, f.currentBits),
  };
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics, report };
  const network: LoweredNetwork = {
    irVersion: graph.irVersion,
    name: graph.name,
    seed: graph.seed,
    timesteps: graph.timesteps,
    populations,
    projections,
    learning: loweredLearning,
  };
  return { network, report, diagnostics };
}

/**
 * What a CUBA population asks for that the chip cannot do (issue 12 items 4, 5): no current decay
 * (§3.3: u decays by (decayU + 1) / 4096, at least 1/4096), and a refractory period beyond the
 * target's refractory delay field (the field holds refractory + 1, nengo-loihi's convention).
 */
function checkCuba(
  id: string,
  p: CubaRealParams,
  specPointer: string | undefined,
  target: Target,
  err: (code: string, pointer: string | undefined, message: string, extra?: Partial<Diagnostic>) => void,
): void {
  const at = (k: string) => (specPointer?.startsWith('/populations/') ? pointerJoin(specPointer, 'neuron', k) : specPointer);
  if (p.alphaU >= 1) {
    err(Codes.noCurrentDecay, at('alphaU'), `population "${id}": alphaU 1 (no current decay) is not expressible: the CUBA current decays by (decayU + 1) / 4096 per step, at least 1/4096 (docs/semantics.md §3.3)`, {
      expected: `alphaU <= ${4095 / 4096} (the slowest decay)`,
      found: String(p.alphaU),
      fix: `use alphaU ${4095 / 4096}, or a real time constant`,
    });
  }
  const bits = target.formats.refractoryDelayBits;
  if (bits !== undefined && p.refractory > 2 ** bits - 2) {
    err(Codes.refractoryRange, at('refractory'), `population "${id}": refractory ${p.refractory} does not fit target "${target.name}": its ${bits}-bit refractory delay field holds refractory + 1`, {
      expected: `0..${2 ** bits - 2} (formats.refractoryDelayBits = ${bits})`,
      found: String(p.refractory),
      fix: `use refractory <= ${2 ** bits - 2}`,
    });
  }
}

/** Weights of both signs, or plastic (learning may move a weight across zero). */
function isMixedSign(p: GraphProjection): boolean {
  if (p.plasticity !== 'none') return true;
  let pos = false, neg = false;
  for (let s = 0; s < p.weight.length; s++) {
    if (p.weight[s] > 0) pos = true;
    else if (p.weight[s] < 0) neg = true;
    if (pos && neg) return true;
  }
  return false;
}

function voltageMaxOf(graph: Graph, pop: number): number {
  const p = graph.populations[pop].params;
  return p ? p.vth : 1;
}

function quantise(
  p: GraphProjection,
  range: number,
  sExp: number,
  expMin: number,
  expMax: number,
  bits: number,
  mantMin: number,
  mantMax: number,
): { lowered: LoweredProjection; q: ProjectionQuantisation } {
  let exp = expMin;
  while (exp < expMax && (range * 2 ** sExp) / 2 ** (6 + exp) > mantMax) exp++;
  const toMant = 2 ** sExp / 2 ** (6 + exp);
  const lsb = 1 / toMant;
  const n = p.weight.length;
  const weight = new Int16Array(n);
  let se = 0;
  let sw = 0;
  let maxErr = 0;
  let zeroed = 0;
  let clamped = 0;
  for (let s = 0; s < n; s++) {
    const w = p.weight[s];
    let m = roundHalfAway(w * toMant);
    if (m > mantMax || m < mantMin) {
      clamped++;
      m = clamp(m, mantMin, mantMax);
    }
    if (m === 0 && w !== 0) zeroed++;
    weight[s] = m;
    const d = m * lsb - w;
    se += d * d;
    sw += w * w;
    if (Math.abs(d) > maxErr) maxErr = Math.abs(d);
  }
  const lowered: LoweredProjection = {
    id: p.id,
    index: p.index,
    source: p.source,
    target: p.target,
    kind: p.kind,
    delay: p.delay,
    plasticity: p.plasticity,
    pre: p.pre,
    post: p.post,
    weightBits: bits,
    weightExp: exp,
    weight,
    learnMant: 0,
    learnShift: 0,
    ...(p.specPointer !== undefined ? { specPointer: p.specPointer } : {}),
  };
  const q: ProjectionQuantisation = {
    id: p.id,
    weightExp: exp,
    weightBits: bits,
    range,
    lsb,
    rmsError: n ? Math.sqrt(se / n) : 0,
    maxError: maxErr,
    relRmsError: sw > 0 ? Math.sqrt(se / sw) : 0,
    zeroed,
    clamped,
  };
  return { lowered, q };
}

/**
 * §5.7 readout decay d (a fraction per update) as a power of two 2^-k. The decay joins the delta
 * rule's numerator as w * 2^(learnShift - k), so k must not exceed the learnShift of any delta-rule
 * projection (an integer product, one rounding); a d so small that k > learnShift would be a
 * decay below the update's own resolution. d = 0 lowers to nothing: the seed's rule.
 */
function lowerReadoutDecay(
  d: number,
  projections: readonly LoweredProjection[],
): { shift?: number; error?: { message: string; expected: string; found: string; fix: string } } {
  if (!(d > 0)) return {};
  const k = Math.round(-Math.log2(d));
  const delta = projections.filter((q) => q.plasticity === 'delta');
  const maxShift = delta.length ? Math.min(30, ...delta.map((q) => q.learnShift)) : 30;
  if (k < 1 || k > maxShift)
    return {
      error: {
        message: `readoutDecay ${d} lowers to 2^-${k}, outside 2^-1 .. 2^-${maxShift} (the readout learning rate's shift)`,
        expected: `a fraction between ${2 ** -maxShift} and 0.5`,
        found: String(d),
        fix: k > maxShift ? `raise readoutDecay to at least ${2 ** -maxShift}, or lower etaOut (a larger shift)` : 'use a readoutDecay of at most 0.5',
      },
    };
  return { shift: k };
}
