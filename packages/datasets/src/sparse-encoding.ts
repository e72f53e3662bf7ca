import { warning, type Diagnostic } from '@snnc/common';
import { DataCode } from './codes.js';
import { bernoulliProbability, gradedValue, regularPhase, regularSpikesBy, regularStep } from './rate-encoder.js';
import type { SpikeEncoder } from './encoder.js';

/**
 * An encoder that can spike but practically never does (warning SNNC5024): make-encoder.ts refuses
 * only a code that can never spike (SNNC5021, e.g. maxRate 0), so a rate code at maxRate 1e-6 over
 * 16 steps trained on inputs that were nearly always silent, with exit 0 and no word. The run goes
 * on (a sparse code may be meant), but the user is told what was found and the least maxRate that
 * gives the input something to carry:
 *
 * - Bernoulli: a full-intensity pixel's expected spikes per sample, T x P(255), below one;
 * - regular: grey levels 1..255 that spike at no pixel within the T steps. Each pixel has its own
 *   phase (rate-encoder.ts), so a dim level spikes at the pixels whose phase is nearest a spike:
 *   a level is silent only when even the pixel of the largest phase stays below one spike;
 * - graded values (§2.4): grey levels whose value round(maxRate x level) is 0 send nothing.
 *
 * Every figure comes from the encoder's own arithmetic (bernoulliProbability, regularStep,
 * regularPhase, regularSpikesBy, gradedValue), never a second formula of the codes. Latency and
 * rows codes have no rate: they get no warning here.
 *
 * The warning is unlocated, at the encoder's /maxRate as SNNC5021 is: the caller says where maxRate
 * came from (`--max-rate` in snnc train, /run/encoding/params/maxRate in a checkpoint, inRunEncoding).
 */
const steps = (T: number) => `${T} step${T === 1 ? '' : 's'}`;

/** The regular code's largest step gain (maxRate 1): round(1 x 2^16). */
const MAX_STEP = regularStep(1);

export function sparseEncoding(encoder: SpikeEncoder, features: number): Diagnostic | undefined {
  const p = encoder.params;
  if (encoder.name !== 'rate') return undefined;
  const T = encoder.steps;
  if (p.graded === 1) return blackLevels(p.maxRate);
  return p.regular === 1 ? silentLevels(p.maxRate, T, encoder.channels(features)) : rareWhite(p.maxRate, T);
}

/** Graded (§2.4): the grey levels whose value round(maxRate x level) is 0, so that they send nothing. */
function blackLevels(maxRate: number): Diagnostic | undefined {
  let silent = 0; // the values grow with the level: the silent ones are 1..silent
  while (silent < 255 && gradedValue(maxRate, silent + 1) === 0) silent++;
  if (silent === 0) return undefined;
  // the least maxRate whose level-1 value rounds to 1, found with the encoder's own rounding
  let least = 0.5;
  while (gradedValue(least, 1) === 0) least *= 1 + Number.EPSILON;
  return warning(DataCode.SparseEncoding, `the rate encoder (graded values) at maxRate ${maxRate}: grey levels 1..${silent} (${silent} of 255) have the value 0, so those intensities reach the network as black`, {
    pointer: '/maxRate',
    expected: 'every grey level 1..255 sending a value of at least 1 (value = round(maxRate x level))',
    found: `${silent} levels of value 0, level ${silent + 1} the dimmest that sends`,
    fix: `maxRate ${least} or more gives level 1 the value 1 (--max-rate in snnc train; its default is 1)`,
  });
}

/** Bernoulli: a white pixel's expected spikes per sample below one. */
function rareWhite(maxRate: number, T: number): Diagnostic | undefined {
  const white = (m: number) => T * bernoulliProbability(m, 255);
  if (white(maxRate) >= 1) return undefined;
  const found = Number(white(maxRate).toPrecision(3));
  // 1/T, nudged up while the encoder's 32-bit bound still rounds it below one expected spike
  let least = 1 / T;
  while (white(least) < 1) least *= 1 + Number.EPSILON;
  return warning(DataCode.SparseEncoding, `the rate encoder (Bernoulli) at maxRate ${maxRate} spikes too rarely to carry the image: a full-intensity pixel spikes ${found} times per sample of ${steps(T)} in expectation, under one`, {
    pointer: '/maxRate',
    expected: `at least 1 expected spike of a full-intensity pixel per sample (maxRate x ${steps(T)} >= 1)`,
    found: `${found} expected spikes (maxRate ${maxRate} x ${steps(T)})`,
    fix: `maxRate ${least} (1/${T}) or more (--max-rate in snnc train; its default is 1), or more timesteps`,
  });
}

/** Regular: the grey levels 1..255 that spike at no pixel (of `pixels`) within T steps. */
function silentLevels(maxRate: number, T: number, pixels: number): Diagnostic | undefined {
  let h = 0; // the largest phase: the pixel whose first spike comes soonest
  for (let i = 0; i < pixels; i++) h = Math.max(h, regularPhase(i));
  const spikes = (level: number, k: number) => regularSpikesBy(level * k, h, T) > 0;
  const k = regularStep(maxRate);
  let silent = 0; // the levels are silent from 1 up: a brighter pixel gains more phase per step
  while (silent < 255 && !spikes(silent + 1, k)) silent++;
  if (silent === 0) return undefined;
  // the least step gain (and so maxRate) at which level 1 spikes, searched with the code itself
  let fix: string;
  if (spikes(1, MAX_STEP)) {
    let lo = k, hi = MAX_STEP; // level 1 is silent at lo, spikes at hi
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (spikes(1, mid)) hi = mid;
      else lo = mid;
    }
    // the least maxRate whose round(maxRate x 2^16) is hi (halves round up)
    fix = `maxRate ${(hi - 0.5) / 65536} or more makes level 1 spike within ${steps(T)} (--max-rate in snnc train; its default is 1)`;
  } else {
    let level = 1;
    while (level < 255 && !spikes(level, MAX_STEP)) level++;
    fix = `more timesteps: even maxRate 1 (the most; --max-rate in snnc train) leaves levels 1..${level - 1} silent within ${steps(T)}`;
  }
  const which = silent === 255 ? 'all 255 grey levels' : silent === 1 ? 'grey level 1 (level 2 is the dimmest that spikes)' : `grey levels 1..${silent} (${silent} of 255; level ${silent + 1} is the dimmest that spikes)`;
  return warning(DataCode.SparseEncoding, `the rate encoder (regular code) at maxRate ${maxRate}: ${which} never spike within ${steps(T)} at any of the ${pixels} pixels, so those intensities reach the network as black`, {
    pointer: '/maxRate',
    expected: `every grey level 1..255 spiking within the ${steps(T)} at some pixel`,
    found: `${silent} level${silent === 1 ? '' : 's'} that never spike${silent === 1 ? 's' : ''}${silent < 255 ? `, level ${silent + 1} the threshold` : ''}`,
    fix,
  });
}
