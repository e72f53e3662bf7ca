import { mix32 } from '@snnc/common';
import { clamp, decay12, int8Scale, maxAbs, rms, roundHalfAway, toInt8, toMantShift } from './fixed.js';
import type { GraphLearning, GraphModulatory, GraphPopulation, LoweredLearning, LoweredModulatory } from './graph.js';
import { lowerSal } from './sal.js';

/**
 * Learning parameters -> integers (docs/semantics.md §5; choices in docs/spec-format.md
 * "Lowering onto a target", step 7).
 *
 * The real-valued chain of one modulatory block, per learning epoch, is
 *   dtilde_i = sum_c B[c,i] delta_c;  m_a <- lambdaM m_a + (1/N) sum_i Wem[a,i] dtilde_i;
 *   L_i = tanh(sum_a Wmh[i,a] m_a).
 * With B and Wem scaled to +-127 (scales sB, sEm), the integer state is m_int = sM * m with
 * sM = sB * sEm * N / 2^emShift, and the tanh table index h_int must equal 32 * h (the table is
 * tanh(k / 32)). So Wmh is scaled by sMh = 32 * 2^mhShift / sM, with mhShift the largest shift
 * that keeps sMh <= 127 / max|Wmh|: Wmh then uses between 64 and 127 of the int8 range and the
 * chain is exact up to the rounding of the matrices (no power-of-two error on the tanh input).
 */
export const TANH_INPUT_SCALE = 32;

export interface ModulatoryReport {
  population: string;
  scaleB: number;
  scaleWem: number;
  scaleWmh: number;
  /** LSBs of m_int per unit of the real m */
  scaleM: number;
  emShift: number;
  mhShift: number;
  /** h_int per unit of the real tanh input: 32 unless Wmh had to be clipped */
  tanhGain: number;
  /** typical |m_int| under a persistent typical error (4 of these fit int16) */
  typicalM: number;
}

export function tanhTable(): Int16Array {
  const t = new Int16Array(256);
  for (let k = 0; k < 256; k++) t[k] = roundHalfAway(127 * Math.tanh((k - 128) / TANH_INPUT_SCALE));
  return t;
}

/** The largest emShift and mhShift (§5.4, §5.5). */
export const MOD_SHIFT_MAX = 30;

/**
 * The least tanh input gain a learning chain may be lowered with (learning-scale.ts refuses less,
 * SNNC2021): at gain g a real tanh argument of 1 (tanh 0.76, the middle of the curve) moves the
 * table index by g steps, so below 1 the whole curved part of tanh falls within a step or two of
 * the index and the learning signal is little more than its sign. Between this and
 * TANH_INPUT_SCALE a clipped Wmh is a warning: the signal is weaker, not lost.
 */
export const MIN_TANH_GAIN = 1;

/**
 * emShift: the smallest shift for which four times the typical steady-state |m| stays inside
 * int16. "Typical" = an error of gamma spike counts (at least 1) on two classes, a random sum
 * over N neurons (sqrt(N) * rms), held for 1/(1 - lambdaM) epochs (at most 64).
 */
function emShiftFor(Bq: Int8Array, Wemq: Int8Array, n: number, gamma: number, decayM: number): { emShift: number; typicalM: number } {
  const dtilde = Math.max(gamma, 1) * Math.SQRT2 * rms(Bq);
  const g = Math.sqrt(n) * rms(Wemq) * dtilde;
  const epochs = decayM > 0 ? Math.min(4096 / decayM, 64) : 64;
  const steady = g * epochs;
  const emShift = clamp(Math.ceil(Math.log2(Math.max(1, (4 * steady) / 32767))), 0, MOD_SHIFT_MAX);
  return { emShift, typicalM: steady / 2 ** emShift };
}

/** sM (header): LSBs of m_int per unit of the real m, with B and Wem at the int8 scales sB and sEm. */
export function stateScale(sB: number, sEm: number, n: number, emShift: number): number {
  return (sB * sEm * n) / 2 ** emShift;
}

export interface DecoderScaling {
  /** the scale that puts max|Wmh| at INT8_MAX */
  sMhMax: number;
  mhShift: number;
  /** the scale Wmh is quantised with */
  sMh: number;
  /** h_int per unit of the real tanh input: TANH_INPUT_SCALE unless Wmh clipped */
  tanhGain: number;
  /** sMh had to stop at sMhMax (the gain is below TANH_INPUT_SCALE) */
  clipped: boolean;
}

/**
 * Wmh's scale and mhShift (header) for the state scale sM and Wmh's largest |entry|. One place for
 * the lowering and for the limits learning-scale.ts computes on the spec's scales.
 */
export function decoderScaling(sM: number, maxWmh: number): DecoderScaling {
  const sMhMax = int8Scale(maxWmh);
  // The largest shift whose Wmh scale still fits int8 (floor, not ceil: ceil always overshoots).
  const mhShift = clamp(Math.floor(Math.log2((sMhMax * sM) / TANH_INPUT_SCALE)), 0, MOD_SHIFT_MAX);
  const wanted = (TANH_INPUT_SCALE * 2 ** mhShift) / sM;
  const clipped = wanted > sMhMax;
  const sMh = clipped ? sMhMax : wanted;
  return { sMhMax, mhShift, sMh, tanhGain: (sMh * sM) / 2 ** mhShift, clipped };
}

/** B and Wem of one block in int8, with their scales and the shift and state scale they give (§5.3, §5.4). */
export function lowerCompression(
  mod: Pick<GraphModulatory, 'B' | 'Wem'>,
  n: number,
  gamma: number,
  decayM: number,
): { B: Int8Array; Wem: Int8Array; sB: number; sEm: number; emShift: number; typicalM: number; sM: number } {
  const sB = int8Scale(maxAbs(mod.B));
  const sEm = int8Scale(maxAbs(mod.Wem));
  const B = toInt8(mod.B, sB);
  const Wem = toInt8(mod.Wem, sEm);
  const { emShift, typicalM } = emShiftFor(B, Wem, n, gamma, decayM);
  return { B, Wem, sB, sEm, emShift, typicalM, sM: stateScale(sB, sEm, n, emShift) };
}

export function lowerModulatory(
  mod: GraphModulatory,
  pop: GraphPopulation,
  gamma: number,
  decayM: number,
): { lowered: LoweredModulatory; report: ModulatoryReport; problems: string[] } {
  const problems: string[] = [];
  const n = pop.size;
  const { B, Wem, sB, sEm, emShift, typicalM, sM } = lowerCompression(mod, n, gamma, decayM);
  const { sMh, mhShift, tanhGain, clipped } = decoderScaling(sM, maxAbs(mod.Wmh));
  // a gain below MIN_TANH_GAIN, or a Wmh of zeros, the spec's check refuses (learning-scale.ts)
  if (clipped) problems.push(`modulatory block of "${pop.id}": Wmh clipped, tanh input gain ${tanhGain.toPrecision(3)} instead of ${TANH_INPUT_SCALE}`);
  const Wmh = toInt8(mod.Wmh, sMh);
  if (maxAbs(Wmh) < 16 && maxAbs(mod.Wmh) > 0) problems.push(`modulatory block of "${pop.id}": Wmh uses fewer than 16 levels`);
  const lowered: LoweredModulatory = { population: mod.population, m: mod.m, B, Wem, Wmh, emShift, mhShift };
  if (mod.sal) {
    const s = lowerSal(mod, n, n > 0 ? mod.B.length / n : 0, mod.sal); // §5.10
    problems.push(...s.problems);
    lowered.sal = s.lowered;
  }
  return {
    lowered,
    report: {
      population: pop.id,
      scaleB: sB,
      scaleWem: sEm,
      scaleWmh: sMh,
      scaleM: sM,
      emShift,
      mhShift,
      tanhGain,
      typicalM,
    },
    problems,
  };
}

export function lowerLearning(
  l: GraphLearning,
  populations: GraphPopulation[],
  seed: number,
): { lowered: LoweredLearning; reports: ModulatoryReport[]; problems: string[] } {
  const decayM = decay12(l.lambdaM);
  const problems: string[] = [];
  const reports: ModulatoryReport[] = [];
  const modulatory = l.modulatory.map((mod) => {
    const r = lowerModulatory(mod, populations[mod.population], l.gamma, decayM);
    problems.push(...r.problems);
    reports.push(r.report);
    return r.lowered;
  });
  return {
    lowered: {
      readout: l.readout,
      gamma: clamp(roundHalfAway(l.gamma), 0, 127),
      rival: l.rival,
      decayE: decay12(l.lambdaE),
      decayM,
      modulatory,
      tanhTable: tanhTable(),
      roundingSeed: mix32(seed, 0x10ad),
      ...lowerRateReg(l.rateReg ?? 0),
      ...(l.eligibility === 'causal' ? { eligibility: 'causal' as const } : {}),
      ...(l.readoutScore === 'potential' ? { readoutScore: 'potential' as const } : {}),
    },
    reports,
    problems,
  };
}

const RATE_REG_SHIFT_MAX = 30;
/** The smallest rateReg that lowers to a nonzero factor: mantissa 1 at the largest shift, r / 32 x 2^30 rounding to 1. */
export const RATE_REG_MIN = 32 * 2 ** -(RATE_REG_SHIFT_MAX + 1);

/**
 * §5.5 rate regularisation: the real gain r (learning-signal units, 1 = the table's full scale
 * of 128, per spike/step) acts on sbar - targetRate in Q12 (4096 = one spike per step), so the
 * integer factor is r * 128 / 4096 = r / 32, as an 8-bit mantissa and a shift. r = 0 lowers to
 * nothing at all: the seed's rule, and the networks of before this field lower byte for byte.
 */
function lowerRateReg(r: number): { rateRegMant?: number; rateRegShift?: number } {
  if (!(r > 0)) return {};
  const ms = toMantShift(r / 32, 255, RATE_REG_SHIFT_MAX);
  return ms.mant === 0 ? {} : { rateRegMant: ms.mant, rateRegShift: ms.shift };
}
