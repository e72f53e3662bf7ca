import type { CubaParams, CubaRealParams, SrlifParams, SrlifRealParams } from './graph.js';
import { clamp, decay12, roundHalfAway, toMantShift } from './fixed.js';

/**
 * Neuron parameters -> integers, given the population's voltage scale s = 2^sExp LSBs per
 * voltage unit (docs/spec-format.md "Lowering"; integer meaning in docs/semantics.md §3.2, §3.3).
 * Each function also returns the problems it had to clamp, as plain strings for the caller to
 * turn into located diagnostics.
 */
export interface NeuronLowering<T> {
  params: T;
  problems: string[];
}

/** The largest power-of-two scale with vmax * s <= 2^22 (24-bit signed voltage, 2 bits headroom). */
export function voltageScaleExp(vmax: number): number {
  return Math.floor(Math.log2(2 ** 22 / vmax));
}

/** What bounds the voltage of a population: its largest threshold or bias (voltage units). */
export function voltageMax(p: SrlifRealParams | CubaRealParams): number {
  return p.model === 'srlif' ? Math.max(p.vth, p.vthMax, Math.abs(p.bias)) : Math.max(p.vth, Math.abs(p.bias));
}

export function lowerSrlif(p: SrlifRealParams, sExp: number): NeuronLowering<SrlifParams> {
  const s = 2 ** sExp;
  const problems: string[] = [];
  const vmaxLsb = 2 ** 23 - 1;
  const q = (x: number, what: string) => {
    const v = roundHalfAway(x * s);
    if (Math.abs(v) > vmaxLsb) problems.push(`${what} ${x} does not fit 24-bit voltage at scale 2^${sExp}`);
    return clamp(v, -vmaxLsb, vmaxLsb);
  };
  // Sbar is Q12 (§3.2), so the real rate error (Sbar - target) is (sbar - targetRate) / 4096.
  const eta = toMantShift(p.etaTheta * s / 4096, 2 ** 15 - 1, 30);
  if (eta.clamped) problems.push(`etaTheta ${p.etaTheta} is too large for a 15-bit mantissa`);
  if (eta.underflow) problems.push(`etaTheta ${p.etaTheta} rounds to 0 (homeostasis disabled)`);
  return {
    params: {
      model: 'srlif',
      decayV: decay12(p.alpha),
      vth0: Math.max(1, q(p.vth, 'vth')),
      vthMin: Math.max(1, q(p.vthMin, 'vthMin')),
      vthMax: Math.max(1, q(p.vthMax, 'vthMax')),
      bias: q(p.bias, 'bias'),
      rateShift: clamp(roundHalfAway(Math.log2(p.rateTau)), 0, 30),
      targetRate: clamp(roundHalfAway(p.targetRate * 4096), 0, 4096),
      etaThetaMant: eta.mant,
      etaThetaShift: eta.shift,
    },
    problems,
  };
}

export function lowerCuba(p: CubaRealParams, sExp: number, thresholdMantBits: number): NeuronLowering<CubaParams> {
  const s = 2 ** sExp;
  const problems: string[] = [];
  const mantMax = 2 ** thresholdMantBits - 1;
  let vthMant = roundHalfAway((p.vth * s) / 64);
  if (vthMant > mantMax) problems.push(`vth ${p.vth} needs a threshold mantissa above ${mantMax}`);
  vthMant = clamp(vthMant, 1, mantMax);
  // Bias = biasMant * 2^biasExp, 13-bit signed mantissa, 3-bit exponent: smallest exponent that fits.
  const b = p.bias * s;
  let biasExp = 0;
  while (biasExp < 7 && Math.abs(roundHalfAway(b / 2 ** biasExp)) > 4095) biasExp++;
  let biasMant = roundHalfAway(b / 2 ** biasExp);
  if (Math.abs(biasMant) > 4095) problems.push(`bias ${p.bias} does not fit a 13-bit mantissa with exponent <= 7`);
  biasMant = clamp(biasMant, -4096, 4095);
  // Loihi decays u by 4096 - (du + 1), so du = round((1 - alphaU) * 4096) - 1 (§3.3); alphaU = 1 is
  // refused by lowering (SNNC2108), a value that merely rounds to "no decay" is clamped here, loudly
  const du = roundHalfAway((1 - p.alphaU) * 4096) - 1;
  if (du < 0 && p.alphaU < 1) problems.push(`alphaU ${p.alphaU} rounds to no current decay, which the chip cannot express; lowered to the slowest decay (1/4096 per step)`);
  return {
    params: {
      model: 'cuba',
      decayU: clamp(du, 0, 4095),
      decayV: decay12(p.alphaV, 4095),
      vthMant,
      biasMant,
      biasExp,
      refractory: p.refractory,
    },
    problems,
  };
}
