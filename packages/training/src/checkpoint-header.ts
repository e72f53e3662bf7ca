import { diag, pointerJoin, type Diagnostic } from '@snnc/common';
import { TRAIN_DEFAULTS } from '@snnc/datasets';
import { checkHiddenRateSchedule, checkRateSchedule, checkRateScheduleHold } from './rate-schedule.js';
import { DATASET_DIGEST_PATTERN } from './checkpoint-dataset.js';
import { CheckpointCode } from './checkpoint-codes.js';

/**
 * The shape of a checkpoint header (checkpoint.ts), checked field by field before anything reads
 * it. A CRC proves the bytes are the ones written, not that they were written by snnc: a crafted
 * header with a null, missing, negative or fractional field must end in a located diagnostic
 * (SNNC5107, JSON Pointer into the header), never in an internal error or a wrong result.
 * The target inside is validated separately (validateTarget), the spec by recompiling it.
 */

type Kind = 'string' | 'boolean' | 'object' | 'count' | 'u32' | 'fraction' | 'number' | 'array';

const RUN: Record<string, Kind> = {
  dataset: 'string',
  encoding: 'object',
  seed: 'u32',
  splitSeed: 'u32',
  trainSamples: 'count',
  validationSamples: 'count',
  testSamples: 'count',
  epochs: 'count',
  hiddenPlasticity: 'boolean',
  modulation: 'string',
  trainAccuracy: 'fraction',
  validationAccuracy: 'fraction',
  curve: 'array',
};

const HEADER: Record<string, Kind> = {
  networkName: 'string',
  networkHash: 'string',
  specText: 'string',
  specName: 'string',
  target: 'object',
  run: 'object',
  // the §1.4 rounding key and the chip (loadNetworkState) count epochs in 32 bits
  learningEpoch: 'u32',
  arrays: 'array',
};

const EXPECTED: Record<Kind, string> = {
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  count: 'an integer >= 0',
  u32: 'an integer in [0, 2^32)',
  fraction: 'a number in [0, 1]',
  number: 'a finite number',
  array: 'an array',
};

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function fits(kind: Kind, v: unknown): boolean {
  switch (kind) {
    case 'string':
      return typeof v === 'string';
    case 'boolean':
      return typeof v === 'boolean';
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'count':
      return Number.isSafeInteger(v) && (v as number) >= 0;
    case 'u32':
      return Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 0xffffffff;
    case 'fraction':
      return typeof v === 'number' && v >= 0 && v <= 1;
    case 'number':
      return typeof v === 'number' && Number.isFinite(v);
  }
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/**
 * The header's `/version`: the format major, written beside the prefix's (bytes 8..9) so that the
 * header names its format on its own; the minor (bytes 10..11) only adds fields a reader of the same
 * major may ignore, so a header of every minor of a major says that major. Read before the fields:
 * a header of a newer format is laid out otherwise, and its reader is a newer snnc. `major` is the
 * prefix's, which the reader has accepted (the newest it reads); a header that says another, older
 * major contradicts the prefix, and was edited.
 */
export function checkHeaderVersion(version: unknown, major: number, file?: string): Diagnostic[] {
  if (version === major) return [];
  const located = { file, pointer: '/version', found: show(version) };
  if (Number.isSafeInteger(version) && (version as number) > major)
    return [diag(CheckpointCode.version, `the checkpoint's header is of format ${version as number}, newer than this snnc reads (format ${major})`, {
      ...located, expected: `format ${major} or older`, fix: `upgrade snnc to one that reads checkpoint format ${version as number} (a newer snnc wrote it)`,
    })];
  return [diag(CheckpointCode.header, `the checkpoint header's format is not its prefix's (${major})`, {
    ...located, expected: `${major}, the format major of bytes 8..9`, fix: 'use a checkpoint written by `snnc train`',
  })];
}

/** Every problem of the header's shape, each located by JSON Pointer; [] when it is sound. */
export function checkCheckpointHeader(h: unknown, file?: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bad = (pointer: string, kind: Kind | string, found: unknown) =>
    out.push(
      diag(CheckpointCode.header, `checkpoint header field ${pointer || '(root)'} is invalid`, {
        file,
        pointer,
        expected: kind in EXPECTED ? EXPECTED[kind as Kind] : kind,
        found: show(found),
        fix: 'use a checkpoint written by `snnc train`',
      }),
    );
  const fields = (obj: Record<string, unknown>, base: string, shape: Record<string, Kind>) => {
    for (const [k, kind] of Object.entries(shape)) if (!fits(kind, obj[k])) bad(pointerJoin(base, k), kind, obj[k]);
  };
  if (!isObject(h)) {
    bad('', 'object', h);
    return out;
  }
  fields(h, '', HEADER);
  if (isObject(h.run)) {
    const run = h.run;
    fields(run, '/run', RUN);
    // a complete run has its test figure; a partial one (written between epochs) the epochs it was
    // started for, more than it has trained, and no test figure yet
    if (run.plannedEpochs === undefined) {
      if (!fits('fraction', run.testAccuracy)) bad('/run/testAccuracy', 'fraction', run.testAccuracy);
    } else {
      // `--resume` runs to the plan: a crafted one must not start a run without end
      const planned = run.plannedEpochs as number;
      if (!fits('count', planned) || !fits('count', run.epochs) || planned <= (run.epochs as number) || planned > TRAIN_DEFAULTS.maxEpochs)
        bad('/run/plannedEpochs', `an integer above the epochs trained (${show(run.epochs)}) and at most ${TRAIN_DEFAULTS.maxEpochs}`, run.plannedEpochs);
      if (run.testAccuracy !== undefined) bad('/run/testAccuracy', 'nothing: a partial run has not read its test part', run.testAccuracy);
    }
    if (run.modulation !== 'compressed' && run.modulation !== 'direct') bad('/run/modulation', '"compressed" or "direct"', run.modulation);
    if (run.datasetDigest !== undefined && !(typeof run.datasetDigest === 'string' && DATASET_DIGEST_PATTERN.test(run.datasetDigest)))
      bad('/run/datasetDigest', '"crc32:" and 8 lowercase hex digits', run.datasetDigest);
    if (isObject(run.encoding)) {
      const e = run.encoding;
      if (typeof e.name !== 'string') bad('/run/encoding/name', 'string', e.name);
      if (!isObject(e.params)) bad('/run/encoding/params', 'object', e.params);
      else for (const [k, v] of Object.entries(e.params)) if (!fits('number', v)) bad(pointerJoin('/run/encoding/params', k), 'number', v);
    }
    if (run.augment !== undefined) {
      if (!isObject(run.augment)) bad('/run/augment', 'object', run.augment);
      else {
        if (!fits('count', run.augment.shift)) bad('/run/augment/shift', 'count', run.augment.shift);
        if (run.augment.epochs !== undefined && !fits('count', run.augment.epochs)) bad('/run/augment/epochs', 'count', run.augment.epochs);
      }
    }
    if (run.rateSchedule !== undefined) {
      if (!Array.isArray(run.rateSchedule)) bad('/run/rateSchedule', 'array', run.rateSchedule);
      else for (const d of checkRateSchedule(run.rateSchedule as number[], '/run/rateSchedule')) bad(d.pointer ?? '/run/rateSchedule', d.expected ?? 'a rate schedule', d.found);
    }
    // §5.11 lists parallel to the schedule: the hidden shifts, the homeostasis holds
    const parallel = (key: 'rateScheduleHidden' | 'rateScheduleHold', what: string, check: (list: never[], schedule: number[], pointer: string) => Diagnostic[]) => {
      const list = run[key];
      const p = `/run/${key}`;
      if (list === undefined) return;
      if (!Array.isArray(list)) bad(p, 'array', list);
      else if (!Array.isArray(run.rateSchedule)) bad('/run/rateSchedule', `array (the schedule the ${what} run beside)`, run.rateSchedule);
      else for (const d of check(list as never[], run.rateSchedule as number[], p)) bad(d.pointer ?? p, d.expected ?? what, d.found);
    };
    parallel('rateScheduleHidden', 'hidden shifts', checkHiddenRateSchedule);
    parallel('rateScheduleHold', 'homeostasis holds', checkRateScheduleHold);
    if (Array.isArray(run.curve)) {
      run.curve.forEach((c, i) => {
        const p = `/run/curve/${i}`;
        if (!isObject(c)) return bad(p, 'object', c);
        fields(c, p, { epoch: 'count', trainAccuracy: 'fraction', validationAccuracy: 'fraction' });
      });
    }
  }
  if (Array.isArray(h.arrays)) {
    h.arrays.forEach((a, i) => {
      const p = `/arrays/${i}`;
      if (!isObject(a)) return bad(p, 'object', a);
      fields(a, p, { name: 'string', length: 'count', offset: 'count' });
      if (a.type !== 'int16' && a.type !== 'int32') bad(`${p}/type`, '"int16" or "int32"', a.type);
      else if (fits('count', a.offset) && (a.offset as number) % (a.type === 'int16' ? 2 : 4) !== 0) bad(`${p}/offset`, `a multiple of ${a.type === 'int16' ? 2 : 4}`, a.offset);
    });
  }
  return out.slice(0, 20);
}
