/**
 * Plastic feedback by spike-based alignment learning (SAL, docs/semantics.md §5.10): the spec's
 * `learning.feedbackRule` / `feedbackRulePerLayer`, their semantic checks, and the lowering of a
 * SAL pathway to integers (rate mantissas, the timing-window decay, the relay H).
 *
 * The relay H (M x C) is the transposed left pseudo-inverse of the pathway's fixed real chain
 * G = Wem B^T / N, scaled to int8: a decoder row learnt as K_i H^T then yields the effective
 * feedback Wmh G ~ K_i, whatever the random B and Wem. It is computed from the fixed random
 * matrices only, never from a forward weight (no weight transport).
 */
import type { Checker } from './check-common.js';
import { Codes } from './codes.js';
import { leftPseudoInverse } from './feedback-wiring.js';
import { clamp, decay12, int8Scale, maxAbs, roundHalfAway, toInt8 } from './fixed.js';
import type { FeedbackRule, LearningParams } from './generated/spec.js';
import type { GraphModulatory, GraphSal, LoweredNetwork, LoweredSal } from './graph.js';

/** Defaults of a `{"rule": "sal"}` pathway (docs/spec-format.md "Learning"). */
export const SAL_DEFAULTS: Readonly<GraphSal> = { eta: 0.05, leak: 0.001, lambdaS: 0.8 };

/** Largest mantissa of the SAL rate and leak (12 bits, §5.10). */
export const SAL_MANT_MAX = 4095;

/** The rule of hidden layer k's pathway: perLayer, else the common rule, else fixed. */
export function feedbackRuleOf(l: Pick<LearningParams, 'feedbackRule' | 'feedbackRulePerLayer'>, k: number): FeedbackRule {
  return l.feedbackRulePerLayer?.[k] ?? l.feedbackRule ?? { rule: 'fixed' };
}

/** The SAL parameters of hidden layer k with defaults applied, or undefined for a fixed pathway. */
export function salParamsOf(l: Pick<LearningParams, 'feedbackRule' | 'feedbackRulePerLayer'>, k: number): GraphSal | undefined {
  const r = feedbackRuleOf(l, k);
  if (r.rule !== 'sal') return undefined;
  return { eta: r.eta ?? SAL_DEFAULTS.eta, leak: r.leak ?? SAL_DEFAULTS.leak, lambdaS: r.lambdaS ?? SAL_DEFAULTS.lambdaS };
}

/** Whether any pathway of the learning section uses SAL. */
export function usesSal(l: Pick<LearningParams, 'feedbackRule' | 'feedbackRulePerLayer'> | null | undefined): boolean {
  if (!l) return false;
  return l.feedbackRule?.rule === 'sal' || (l.feedbackRulePerLayer ?? []).some((r) => r.rule === 'sal');
}

/**
 * Semantic checks of the feedback rules (schema-valid input): perLayer has one rule per hidden
 * layer; a SAL pathway needs M >= C (the relay inverts the M x C chain) and random B and Wem.
 */
export function checkFeedbackRules(c: Checker, l: LearningParams, ms: number[], classes: number): void {
  const per = l.feedbackRulePerLayer;
  if (per && per.length !== ms.length) {
    c.error(Codes.lengthMismatch, '/learning/feedbackRulePerLayer', `feedbackRulePerLayer gives ${per.length} rules for ${ms.length} hidden layers`, {
      expected: `${ms.length} items (one per hidden layer)`,
      found: `${per.length} items`,
    });
    return;
  }
  let constantReported = false;
  ms.forEach((m, k) => {
    if (feedbackRuleOf(l, k).rule !== 'sal') return;
    const rulePtr = per ? `/learning/feedbackRulePerLayer/${k}` : '/learning/feedbackRule';
    if (m < classes) {
      const mPtr = l.modulatory.perLayer !== undefined ? `/learning/modulatory/perLayer/${k}` : '/learning/modulatory/m';
      c.error(Codes.feedbackRule, mPtr, `feedback rule "sal" (${rulePtr}) needs at least one modulatory dimension per class, but block ${k} has M = ${m}`, {
        expected: `>= ${classes} (the readout's classes)`,
        found: String(m),
        fix: `raise M to ${classes} or use {"rule": "fixed"}`,
      });
    }
    if (constantReported) return;
    for (const [key, d] of [['feedback', l.feedback], ['compression', l.compression]] as const) {
      if (d.dist === 'constant') {
        constantReported = true;
        c.error(Codes.feedbackRule, `/learning/${key}/dist`, `feedback rule "sal" inverts Wem B^T, which a constant ${key} distribution makes singular`, {
          expected: 'normal or uniform',
          found: 'constant',
          fix: 'draw B and the compression matrices at random',
        });
      }
    }
  });
}

/**
 * The relay H (M x C, real) = transposed left pseudo-inverse of G = Wem B^T / N; null when G
 * cannot be inverted (M < C or rank-deficient).
 */
export function salRelay(mod: GraphModulatory, n: number, classes: number): Float64Array | null {
  const M = mod.m;
  const C = classes;
  const G = new Float64Array(M * C);
  for (let a = 0; a < M; a++) {
    for (let c = 0; c < C; c++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += mod.Wem[a * n + j] * mod.B[c * n + j];
      G[a * C + c] = s / n;
    }
  }
  const Gp = leftPseudoInverse(G, M, C); // C x M
  if (!Gp) return null;
  const H = new Float64Array(M * C);
  for (let a = 0; a < M; a++) for (let c = 0; c < C; c++) H[a * C + c] = Gp[c * M + a];
  return H;
}

/**
 * §5.10 integers of one SAL pathway: mant / 2^shift = eta / 127 (H's full scale 127 is a relay
 * weight of 1), leak / 2^shift = leak, with the largest shift <= 30 that keeps both mantissas in
 * 12 bits; decayS from lambdaS as every 12-bit decay (§1.1).
 */
export function lowerSal(mod: GraphModulatory, n: number, classes: number, sal: GraphSal): { lowered: LoweredSal; problems: string[] } {
  const problems: string[] = [];
  const Hr = salRelay(mod, n, classes);
  const H = Hr ? toInt8(Hr, int8Scale(maxAbs(Hr))) : new Int8Array(mod.m * classes);
  if (!Hr) problems.push(`SAL pathway of population ${mod.population}: Wem B^T cannot be inverted, the relay is zero and the decoder only leaks`);
  const rate = sal.eta / 127;
  const big = Math.max(rate, sal.leak);
  let shift = big > 0 ? Math.floor(Math.log2(SAL_MANT_MAX / big)) : 30;
  shift = clamp(shift, 0, 30);
  const mant = clamp(roundHalfAway(rate * 2 ** shift), 0, SAL_MANT_MAX);
  const leak = clamp(roundHalfAway(sal.leak * 2 ** shift), 0, SAL_MANT_MAX);
  if (mant === 0) problems.push(`SAL pathway of population ${mod.population}: eta ${sal.eta} rounds to 0 at shift ${shift}`);
  if (leak === 0 && sal.leak > 0) problems.push(`SAL pathway of population ${mod.population}: leak ${sal.leak} rounds to 0 at shift ${shift}`);
  return { lowered: { mant, leak, shift, decayS: decay12(sal.lambdaS), H }, problems };
}

/**
 * The largest |salMant * K - salLeak * Wmh| of §5.10 for T steps, C classes and `readoutNeurons`
 * neurons that count for a class: |D| <= Z * 4096 * T, |R| <= 127 * C * Z * T, |K| <= T * |R|.
 * The contract keeps it below 2^47 (exact in float64 with room for the rounding offset).
 */
export function salProductBound(T: number, classes: number, readoutNeurons: number, mant = SAL_MANT_MAX): number {
  return mant * 127 * classes * readoutNeurons * T * T + SAL_MANT_MAX * 127;
}
export const SAL_PRODUCT_LIMIT = 2 ** 47;

/**
 * Learning-state bits per neuron that SAL adds (§5.10): the record of the steps at which the
 * neuron spiked in the sample, one bit per step, on the core that holds the neuron. Per
 * population index; 0 outside SAL pathways.
 */
export function salStateBits(net: Pick<LoweredNetwork, 'populations' | 'learning' | 'timesteps'>): Float64Array {
  const out = new Float64Array(net.populations.length);
  for (const b of net.learning?.modulatory ?? []) if (b.sal && b.population < out.length) out[b.population] = net.timesteps;
  return out;
}

/**
 * Why a lowered learning section's SAL statistic could leave the exact range (salProductBound
 * against SAL_PRODUCT_LIMIT), or null when it cannot (or no pathway uses SAL).
 */
export function salRangeProblem(
  l: Pick<LoweredNetwork, 'learning'>['learning'],
  populations: readonly { size: number; classes?: number; neuronsPerClass?: number }[],
  timesteps: number,
): { message: string; expected: string; found: string } | null {
  if (!l || !l.modulatory.some((b) => b.sal)) return null;
  const r = populations[l.readout];
  const C = r?.classes ?? 0;
  const Z = Math.min(r?.size ?? 0, C * (r?.neuronsPerClass ?? 1));
  const mant = Math.max(...l.modulatory.map((b) => b.sal?.mant ?? 0));
  const bound = salProductBound(timesteps, C, Z, mant);
  if (bound < SAL_PRODUCT_LIMIT) return null;
  return {
    message: `feedback rule "sal": with ${timesteps} steps, ${C} classes and ${Z} readout neurons the timing statistic can reach ${bound.toExponential(2)}, beyond the exact range of §5.10`,
    expected: `rate mantissa x 127 x classes x readout neurons x timesteps^2 < 2^47`,
    found: bound.toExponential(3),
  };
}
