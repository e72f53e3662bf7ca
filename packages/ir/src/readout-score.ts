/**
 * §4 the class score with `readoutScore: "potential"`: which readouts can carry it. The score reads
 * every readout neuron's threshold (r_n = floor(256 v_n / vth_n)), so the readout must be srlif
 * (§3.2: a per-neuron vth > 0; a CUBA neuron has no such state), and in the integer form the score
 * must stay exact: |z_c| below 2^31, the width the runners and the chip's management core hold it
 * in. One place for the rule; the lowering (SNNC2112), checkNetwork (SNNC2828) and the float twin's
 * graph check (SNNC2828) report it under their own codes.
 */

/** Why a readout cannot carry the potential score, as the parts of a located diagnostic. */
export interface ReadoutScoreProblem {
  message: string;
  expected: string;
  found: string;
  fix: string;
}

/** §1.2: |v| <= 2^23 (sat_24). */
const V_MAX = 2 ** 23;
/** the score's width (Int32: the runners' class counts, the management core's word) */
const Z_LIMIT = 2 ** 31;

interface ScorePopulation {
  readonly id: string;
  readonly model: string;
  readonly size: number;
  readonly classes?: number;
  readonly neuronsPerClass?: number;
  readonly params?: unknown;
}

/**
 * Null when the network scores by spikes, or when its readout can carry the potential score.
 * `timesteps` given: the populations are the lowered (integer) ones, and the score's range is
 * checked too: with m = min(vth0, vthMin) (vth never leaves [min(vth0, vthMin), vthMax], §3.2),
 * |r_n| <= 2^31 / m + 1, so |z_c| <= npc * (T + 2^23 / m + 1) + 1 must stay below 2^31 (then every
 * sum of §4 is an exact integer below 2^53 as well).
 */
export function readoutScoreProblem(
  populations: readonly ScorePopulation[],
  learning: { readonly readout: number; readonly readoutScore?: string } | null | undefined,
  timesteps?: number,
): ReadoutScoreProblem | null {
  if (!learning || learning.readoutScore !== 'potential') return null;
  const r = populations[learning.readout];
  if (!r) return null; // no readout at all: SNNC2810 / SNNC2007 say so
  if (r.model !== 'srlif')
    return {
      message: `readoutScore "potential" reads each readout neuron's v / vth, but readout population "${r.id}" is ${r.model}, which has no per-neuron threshold (§4)`,
      expected: 'an srlif readout population',
      found: `${r.model} readout "${r.id}"`,
      fix: 'give the readout the srlif neuron model, or remove readoutScore (score by spikes)',
    };
  if (timesteps === undefined) return null;
  const p = r.params as { model?: string; vth0?: number; vthMin?: number } | null | undefined;
  const m = p?.model === 'srlif' ? Math.min(p.vth0 ?? 0, p.vthMin ?? 0) : 0;
  const npc = Math.max(1, r.neuronsPerClass ?? 1);
  const bound = m >= 1 ? npc * (timesteps + V_MAX / m + 1) + 1 : Infinity;
  if (bound < Z_LIMIT) return null;
  return {
    message: m >= 1
      ? `readoutScore "potential": with ${npc} neurons per class, ${timesteps} steps and thresholds down to ${m} LSB, a class score can reach ${bound.toExponential(2)}, beyond 2^31 (§4)`
      : `readoutScore "potential" divides by the readout's thresholds, but readout population "${r.id}" allows a threshold of ${m} (§4 needs vth > 0)`,
    expected: 'neuronsPerClass x (timesteps + 2^23 / min(vth0, vthMin) + 1) < 2^31, with vth0 and vthMin >= 1',
    found: `neuronsPerClass ${npc}, timesteps ${timesteps}, min(vth0, vthMin) ${m}`,
    fix: 'lower the network again from its spec, raise the readout\'s vthMin, or use fewer neurons per class',
  };
}
