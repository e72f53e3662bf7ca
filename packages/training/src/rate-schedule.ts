/**
 * The learning-rate schedule of a training run (docs/semantics.md §5.11): a list of rate shifts,
 * one per equal segment of the run's training presentations (every epoch's, in order). Before
 * presentation g of G the host sets the runner's rate shift to `schedule[floor(len * g / G)]`;
 * the runner then uses `learnMant >> a` for every delta-rule (readout) projection and, unless the
 * entry gives the hidden rule its own shift h (`a/h`, a parallel list `hidden`), for every
 * three-factor one as well (`learnMant >> h`, h = a otherwise). An entry `a/h/hold` also holds
 * homeostasis (§3.2 as in inference: sbar and vth unchanged) through its segment (a parallel list
 * `hold`). The list [0] is the contract without a schedule.
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
/**
 * Largest number of segments (one schedule entry per segment): a bound on what a run allocates and
 * checks, not a hardware limit (the host writes the shifts between samples, §5.11). 64 until
 * 2026-12-06, which was the MNIST default's own length (0 ×60, 1, 2, 3, 4) and left no room to
 * continue it by a held epoch in half-epoch segments (66 entries).
 */
export const MAX_RATE_SEGMENTS = 1024;

/**
 * The schedule when none is given, per dataset and encoding, each chosen on that dataset's
 * validation part (docs/results.md "Learning-rate schedule"); [0] (no schedule) elsewhere.
 */
export function defaultRateSchedule(dataset: string, encoding = 'rate'): RateScheduleSpec {
  // Fashion-MNIST: 3 epochs, the last third with the rates halved every twelfth (3-seed validation
  // 85.24 ± 0.22 against 84.40 ± 0.46 for 2 epochs with 0,0,0,0,1,2,3,4, and 81.65 ± 0.94 for 1 epoch
  // without); row-sequential MNIST: 4 epochs, the last two at half and a quarter of the rates
  // (3-seed validation 84.5 against 82.1 for the 2 epochs without); MNIST presented at once: its 32
  // epochs (16 before the readout decay of 2^-9) at full rate but for the last 4 of 64 segments,
  // Fashion's shape (3-seed validation 96.47 after 16 against 95.73 for 9 epochs with the last 4 of
  // 36, itself 95.66 ± 0.57 over 5 seeds against 95.04 ± 0.44 without; annealing from epoch 4 on
  // gave none, 95.07; a step decay over 24 epochs gave 95.98 ± 0.40 against 96.30 ± 0.45)
  // row-sequential MNIST since the fifth session of 2026-12-06: 5 epochs, the fifth (2/8/hold) training
  // only the readout, the hidden rule frozen and homeostasis held, so that it learns on the features
  // it is evaluated on (5-seed validation 90.84 against 89.26 after the four epochs 0,0,1,2, every
  // seed higher; docs/results.md "Row-sequential: the readout learns on the features it is judged on")
  if (dataset === 'fashion-mnist' && encoding === 'rate') return { schedule: [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4] };
  if (dataset === 'mnist' && encoding === 'rate') return { schedule: [...new Array<number>(60).fill(0), 1, 2, 3, 4] };
  if (dataset === 'mnist' && encoding === 'rows') return { schedule: [0, 0, 1, 2, 2], hidden: [0, 0, 1, 2, 8], hold: [false, false, false, false, true] };
  return { schedule: [0] };
}

export { rateShiftAt } from '@snnc/common';

/**
 * The training shift's epochs when none are given: those wholly before the schedule's first held
 * entry (all of them when nothing is held). A held segment trains on the features as evaluation
 * presents them (§5.11), so unshifted; an epoch that the hold starts inside is unshifted too.
 * Segment s starts at the fraction s / L of the run, epoch e ends at e / E, hence floor(s E / L).
 * Row-sequential MNIST's default (0,0,1,2,2/8/hold over 5 epochs) gives 4 (5-seed validation 90.84
 * against 90.80 with the shift in the held epoch too, the choice fixed in advance to go by the mean;
 * docs/results.md "Row-sequential: the readout learns on the features it is judged on"); schedules
 * without a hold keep the shift in every epoch, as every run before the hold had it.
 */
export function epochsBeforeHold(hold: readonly boolean[] | undefined, epochs: number): number {
  const first = hold ? hold.indexOf(true) : -1;
  return first < 0 ? epochs : Math.floor((first * epochs) / hold!.length);
}

/**
 * A schedule with runs of equal shifts folded, for people: [0, 0, 0, 1, 2, 2] is "0 ×3, 1, 2 ×2";
 * with hidden shifts, an entry whose h differs from its a reads `a/h` ("0 ×3, 2/8 ×2"), and a held
 * entry `a/h/hold` ("0 ×3, 2/8/hold ×2").
 */
export function foldRateSchedule(schedule: readonly number[], hidden?: readonly number[], hold?: readonly boolean[]): string {
  const entry = (k: number) => {
    const h = hidden ? hidden[k] : schedule[k];
    if (hold?.[k]) return `${schedule[k]}/${h}/hold`;
    return h !== schedule[k] ? `${schedule[k]}/${h}` : String(schedule[k]);
  };
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
 * entry was written `a/h` (absent: h = a throughout, the one-shift schedule bit for bit), and the
 * homeostasis holds in parallel when any entry was written `a/h/hold` (absent: no hold).
 */
export interface RateScheduleSpec {
  schedule: number[];
  hidden?: number[];
  hold?: boolean[];
}

/** A list parallel to the schedule (hidden shifts, holds) has one value per entry. */
function checkParallel(list: readonly unknown[], schedule: readonly number[], pointer: string, what: string, fix: string): Diagnostic[] {
  if (list.length === schedule.length) return [];
  return [diag('SNNC5114', `a learning-rate schedule's ${what} do not match its entries`, {
    pointer, expected: `${schedule.length} ${what}, one per schedule entry`, found: String(list.length), fix,
  })];
}

/** Checks a schedule (a list from the CLI or a checkpoint); diagnostics located at `pointer`. */
export function checkRateSchedule(schedule: readonly number[], pointer = '/rateSchedule'): Diagnostic[] {
  if (schedule.length < 1 || schedule.length > MAX_RATE_SEGMENTS)
    return [diag('SNNC5114', `a learning-rate schedule needs 1 to ${MAX_RATE_SEGMENTS} entries`, {
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
  const length = checkParallel(hidden, schedule, pointer, 'hidden shifts', 'give one hidden shift per entry (h = a where the hidden rule follows the readout)');
  if (length.length) return length;
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
 * Checks the homeostasis holds parallel to a schedule (a checkpoint's `rateScheduleHold`): as many
 * as the schedule has entries, each true or false; diagnostics located at `pointer`.
 */
export function checkRateScheduleHold(hold: readonly unknown[], schedule: readonly number[], pointer = '/rateScheduleHold'): Diagnostic[] {
  const length = checkParallel(hold, schedule, pointer, 'holds', 'give one hold (true or false) per entry');
  if (length.length) return length;
  const k = hold.findIndex((x) => typeof x !== 'boolean');
  if (k < 0) return [];
  return [diag('SNNC5114', 'a learning-rate schedule hold is not true or false', {
    pointer: `${pointer}/${k}`, expected: 'true (homeostasis held through the segment) or false', found: JSON.stringify(hold[k]) ?? String(hold[k]), fix: 'write true or false',
  })];
}

/** The word that holds homeostasis through a segment, as the third field of an entry `a/h/hold`. */
const HOLD = 'hold';

/**
 * `entry ×n` (or `entry*n`, `entry x n`): the entry repeated n times, as foldRateSchedule writes it.
 * The count is matched at the end alone and the entry is what precedes it: `^(.*?)\s*[×x*]...`
 * backtracked quadratically, 50 s on one 128 KiB argument of spaces.
 */
const REPEAT = /[×x*]\s*(\d{1,5})$/;

/** An entry without its repeat count, and the count (1 when none is written). */
function repeated(s: string): { entry: string; count: number } {
  const m = REPEAT.exec(s);
  return m ? { entry: s.slice(0, m.index).trimEnd(), count: Number(m[1]) } : { entry: s, count: 1 };
}

/**
 * Parses `0,1,2`, `0,0,1,2,2/8` or `0,0,1,2,2/8/hold` (the CLI's form): each entry a readout shift
 * a, `a/h` with the hidden rule's own shift h (h = a when not written), or `a/h/hold`, which also
 * holds homeostasis through the segment; any entry may be followed by `×n` (or `*n`, `xn`) for n
 * copies, so `0 ×60, 1, 2` is what foldRateSchedule prints for 60 zeros, 1, 2. `hidden` is
 * returned only when some entry's h differs from its a, so `2/2` is `2` exactly; `hold` only when
 * some entry holds. Diagnostics name the entry (its first position in the expanded list) when it
 * is none of the forms (a third field other than the word hold included), a repeat count is 0 or
 * the list too long (before it is expanded), or a shift is out of range.
 */
export function parseRateSchedule(text: string): { schedule?: number[]; hidden?: number[]; hold?: boolean[]; diagnostics: Diagnostic[] } {
  const written = text.split(',').map((s) => s.trim());
  const split = written.map(repeated);
  const counts = split.map((r) => r.count);
  let total = 0;
  for (let j = 0; j < written.length; j++) {
    if (counts[j] < 1)
      return { diagnostics: [diag('SNNC5114', 'a learning-rate schedule entry is repeated 0 times', {
        pointer: `/rateSchedule/${total}`, expected: 'a repeat count of 1 or more (entry ×n)', found: JSON.stringify(written[j]), fix: 'drop the entry or repeat it at least once',
      })] };
    total += counts[j];
  }
  if (total > MAX_RATE_SEGMENTS) return { diagnostics: checkRateSchedule({ length: total } as number[]) };
  // one element per segment: the text that wrote it (the entry without its repeat count)
  const parts = split.flatMap((r) => new Array<string>(r.count).fill(r.entry));
  const fields = parts.map((s) => s.split('/').map((f) => f.trim()));
  const whole = (f: string) => /^\d{1,3}$/.test(f);
  const shifts = (f: string[]) => f.length <= 3 && whole(f[0]) && (f.length < 2 || whole(f[1]));
  const k = fields.findIndex((f) => !shifts(f) || (f.length === 3 && f[2] !== HOLD));
  if (k >= 0) {
    const f = fields[k];
    const slashed = f.length > 1;
    const third = f.length >= 3 && whole(f[0]) && whole(f[1]);
    return { diagnostics: [diag('SNNC5114', third ? `a learning-rate schedule entry a/h/${HOLD} has a third field other than the word ${HOLD}` : slashed ? 'a learning-rate schedule entry is not a/h in whole numbers' : 'a learning-rate schedule entry is not a whole number', {
      pointer: `/rateSchedule/${k}`,
      expected: third
        ? `a/h/${HOLD}: the shifts a and h, then the word ${HOLD} (lower case) and nothing after it`
        : slashed ? `a/h or a/h/${HOLD}: a readout and a hidden shift, integers in 0..${MAX_RATE_SHIFT}` : `an integer in 0..${MAX_RATE_SHIFT}, a/h or a/h/${HOLD}`,
      found: JSON.stringify(parts[k]),
      fix: `write the shifts as e.g. 0,0,1,2 or, to give the hidden rule its own shift, 0,0,1,2,2/8; to hold homeostasis as well, 0,0,1,2,2/8/${HOLD}`,
    })] };
  }
  const schedule = fields.map((f) => Number(f[0]));
  const diagnostics = checkRateSchedule(schedule, '/rateSchedule');
  if (diagnostics.length) return { diagnostics };
  const hidden = fields.map((f, j) => (f.length < 2 ? schedule[j] : Number(f[1])));
  const h = hidden.findIndex((x) => x > MAX_RATE_SHIFT);
  if (h >= 0)
    return { diagnostics: [diag('SNNC5114', 'a learning-rate schedule hidden shift is out of range', {
      pointer: `/rateSchedule/${h}`, expected: `a/h with h an integer in 0..${MAX_RATE_SHIFT} (the hidden rate is divided by 2^h; ${MAX_RATE_SHIFT} freezes a three-factor rule)`,
      found: JSON.stringify(parts[h]), fix: `use a hidden shift in 0..${MAX_RATE_SHIFT}`,
    })] };
  const hold = fields.map((f) => f.length === 3);
  return {
    schedule,
    ...(hidden.some((x, j) => x !== schedule[j]) ? { hidden } : {}),
    ...(hold.some((x) => x) ? { hold } : {}),
    diagnostics,
  };
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
