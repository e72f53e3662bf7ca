/**
 * The learning-rate schedule of a training run (docs/semantics.md §5.11): a list of rate shifts,
 * one per equal segment of the run's training presentations (every epoch's, in order). Before
 * presentation g of G the host sets the runner's rate shift to `schedule[floor(len * g / G)]`;
 * the runner then uses `learnMant >> a` for every delta-rule (readout) projection and, unless the
 * entry gives the hidden rule its own shift h (`a/h`, a parallel list `hidden`), for every
 * three-factor one as well (`learnMant >> h`, h = a otherwise). The list [0] is the contract
 * without a schedule.
 *
 * Why: at the rates that learn fast, the readout keeps moving to the last few thousand samples,
 * and validation accuracy measured a few thousand samples apart swings by up to 5 points on
 * Fashion-MNIST (79.2-83.9 within the second epoch, seed 1, docs/results.md "Learning-rate schedule"). Lowering the
 * rates over the run settles the weights near the upper end of that swing.
 */
import { diag, type Diagnostic } from '@snnc/common';
import type { LoweredNetwork } from '@snnc/ir';

/** Largest shift: 2^-8 of the rate; a three-factor mantissa of 198 is 0 at 2^-8, a frozen rule. */
export const MAX_RATE_SHIFT = 8;
/** Largest number of segments (one schedule entry per segment). */
export const MAX_RATE_SEGMENTS = 64;

/**
 * The schedule when none is given, per dataset and encoding, each chosen on that dataset's
 * validation part (docs/results.md "Learning-rate schedule"); [0] (no schedule) elsewhere.
 */
export function defaultRateSchedule(dataset: string, encoding = 'rate'): readonly number[] {
  // Fashion-MNIST: 3 epochs, the last third with the rates halved every twelfth (3-seed validation
  // 85.24 ± 0.22 against 84.40 ± 0.46 for 2 epochs with 0,0,0,0,1,2,3,4, and 81.65 ± 0.94 for 1 epoch
  // without); row-sequential MNIST: 4 epochs, the last two at half and a quarter of the rates
  // (3-seed validation 84.5 against 82.1 for the 2 epochs without); MNIST presented at once: its 32
  // epochs (16 before the readout decay of 2^-9) at full rate but for the last 4 of 64 segments,
  // Fashion's shape (3-seed validation 96.47 after 16 against 95.73 for 9 epochs with the last 4 of
  // 36, itself 95.66 ± 0.57 over 5 seeds against 95.04 ± 0.44 without; annealing from epoch 4 on
  // gave none, 95.07; a step decay over 24 epochs gave 95.98 ± 0.40 against 96.30 ± 0.45)
  if (dataset === 'fashion-mnist' && encoding === 'rate') return [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4];
  if (dataset === 'mnist' && encoding === 'rate') return [...new Array<number>(60).fill(0), 1, 2, 3, 4];
  if (dataset === 'mnist' && encoding === 'rows') return [0, 0, 1, 2];
  return [0];
}

export { rateShiftAt } from '@snnc/common';

/**
 * A schedule with runs of equal shifts folded, for people: [0, 0, 0, 1, 2, 2] is "0 ×3, 1, 2 ×2";
 * with hidden shifts, an entry whose h differs from its a reads `a/h` ("0 ×3, 2/8 ×2").
 */
export function foldRateSchedule(schedule: readonly number[], hidden?: readonly number[]): string {
  const entry = (k: number) => (hidden && hidden[k] !== schedule[k] ? `${schedule[k]}/${hidden[k]}` : String(schedule[k]));
  const runs: string[] = [];
  for (let k = 0; k < schedule.length; ) {
    let j = k;
    while (j < schedule.length && entry(j) === entry(k)) j++;
    runs.push(j - k > 1 ? `${entry(k)} ×${j - k}` : entry(k));
    k = j;
  }
  return runs.join(', ');
}

/**
 * A parsed `--rate-schedule`: the readout shifts a, and the hidden shifts h in parallel when any
 * entry was written `a/h` (absent: h = a throughout, the one-shift schedule bit for bit).
 */
export interface RateScheduleSpec {
  schedule: number[];
  hidden?: number[];
}

/** Checks a schedule (a list from the CLI or a checkpoint); diagnostics located at `pointer`. */
export function checkRateSchedule(schedule: readonly number[], pointer = '/rateSchedule'): Diagnostic[] {
  if (schedule.length < 1 || schedule.length > MAX_RATE_SEGMENTS)
    return [diag('SNNC5114', 'a learning-rate schedule needs 1 to 64 entries', {
      pointer, expected: `1..${MAX_RATE_SEGMENTS} comma-separated shifts`, found: String(schedule.length), fix: 'e.g. --rate-schedule 0,0,1,2',
    })];
  for (let k = 0; k < schedule.length; k++) {
    const a = schedule[k];
    if (!Number.isInteger(a) || a < 0 || a > MAX_RATE_SHIFT)
      return [diag('SNNC5114', 'a learning-rate schedule entry is out of range', {
        pointer: `${pointer}/${k}`, expected: `an integer in 0..${MAX_RATE_SHIFT} (the rate is divided by 2^a)`, found: String(a), fix: `use a value in 0..${MAX_RATE_SHIFT}`,
      })];
  }
  return [];
}

/**
 * Checks the hidden shifts h parallel to a schedule (a checkpoint's `rateScheduleHidden`): as many
 * as the schedule has entries, each in 0..MAX_RATE_SHIFT; diagnostics located at `pointer`.
 */
export function checkHiddenRateSchedule(hidden: readonly number[], schedule: readonly number[], pointer = '/rateScheduleHidden'): Diagnostic[] {
  if (hidden.length !== schedule.length)
    return [diag('SNNC5114', 'a learning-rate schedule\'s hidden shifts do not match its entries', {
      pointer, expected: `${schedule.length} hidden shifts, one per schedule entry`, found: String(hidden.length), fix: 'give one hidden shift per entry (h = a where the hidden rule follows the readout)',
    })];
  for (let k = 0; k < hidden.length; k++) {
    const h = hidden[k];
    if (!Number.isInteger(h) || h < 0 || h > MAX_RATE_SHIFT)
      return [diag('SNNC5114', 'a learning-rate schedule hidden shift is out of range', {
        pointer: `${pointer}/${k}`, expected: `an integer in 0..${MAX_RATE_SHIFT} (the hidden rate is divided by 2^h)`, found: String(h), fix: `use a value in 0..${MAX_RATE_SHIFT}`,
      })];
  }
  return [];
}

/**
 * Parses `0,1,2` or `0,0,1,2,2/8` (the CLI's form): each entry a readout shift a, or `a/h` with
 * the hidden rule's own shift h (h = a when not written). `hidden` is returned only when some
 * entry's h differs from its a, so `2/2` is `2` exactly. Diagnostics name the entry when it is
 * neither form or a shift is out of range.
 */
export function parseRateSchedule(text: string): { schedule?: number[]; hidden?: number[]; diagnostics: Diagnostic[] } {
  const parts = text.split(',').map((s) => s.trim());
  const forms = parts.map((s) => /^(\d{1,3})(?:\s*\/\s*(\d{1,3}))?$/.exec(s));
  const k = forms.findIndex((m) => m === null);
  if (k >= 0) {
    const slashed = parts[k].includes('/');
    return { diagnostics: [diag('SNNC5114', slashed ? 'a learning-rate schedule entry is not a/h in whole numbers' : 'a learning-rate schedule entry is not a whole number', {
      pointer: `/rateSchedule/${k}`,
      expected: slashed ? `a/h: a readout and a hidden shift, integers in 0..${MAX_RATE_SHIFT}` : `an integer in 0..${MAX_RATE_SHIFT}, or a/h`,
      found: JSON.stringify(parts[k]),
      fix: 'write the shifts as e.g. 0,0,1,2 or, to give the hidden rule its own shift, 0,0,1,2,2/8',
    })] };
  }
  const schedule = forms.map((m) => Number(m![1]));
  const diagnostics = checkRateSchedule(schedule, '/rateSchedule');
  if (diagnostics.length) return { diagnostics };
  const hidden = forms.map((m, j) => (m![2] === undefined ? schedule[j] : Number(m![2])));
  const h = hidden.findIndex((x) => x > MAX_RATE_SHIFT);
  if (h >= 0)
    return { diagnostics: [diag('SNNC5114', 'a learning-rate schedule hidden shift is out of range', {
      pointer: `/rateSchedule/${h}`, expected: `a/h with h an integer in 0..${MAX_RATE_SHIFT} (the hidden rate is divided by 2^h; ${MAX_RATE_SHIFT} freezes a three-factor rule)`,
      found: JSON.stringify(parts[h]), fix: `use a hidden shift in 0..${MAX_RATE_SHIFT}`,
    })] };
  return hidden.some((x, j) => x !== schedule[j]) ? { schedule, hidden, diagnostics } : { schedule, diagnostics };
}

/**
 * What the lowered network allows (§5.11): with a readout decay 2^-k, the decay under shift a is
 * 2^-(k + a), an integer term of §5.7's numerator only while k + a <= learnShift of every
 * delta-rule projection. The hidden shifts h bound nothing but their range (checked apart).
 */
export function checkRateScheduleFor(net: LoweredNetwork, schedule: readonly number[]): Diagnostic[] {
  const k = net.learning?.readoutDecayShift ?? 0;
  if (k === 0) return [];
  const top = Math.max(...schedule);
  for (const q of net.projections) {
    if (q.plasticity !== 'delta' || k + top <= q.learnShift) continue;
    return [diag('SNNC5114', 'a learning-rate schedule divides the readout decay beyond its rule\'s precision', {
      pointer: `/rateSchedule/${schedule.indexOf(top)}`,
      expected: `shifts of at most ${q.learnShift - k} (readout decay 2^-${k}, projection ${q.id} learnShift ${q.learnShift})`,
      found: String(top),
      fix: `lower the schedule's largest shift to ${q.learnShift - k}`,
    })];
  }
  return [];
}
