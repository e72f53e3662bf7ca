/**
 * Helpers every `snnc` command shares. The CLI is the only place that prints diagnostics and
 * chooses exit codes (library code returns Diagnostic[]); these helpers make that uniform:
 *   0 ok, 1 invalid input (diagnostics printed), 2 usage error, 70 internal error.
 * A command's action is wrapped in `action(fn)`: fn returns an exit code (or nothing for 0), and
 * anything it throws becomes one line on stderr, never a stack trace (SNNC_DEBUG=1 shows it).
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { canonicalJson, checkOutputPath, DiagnosticError, diag, escapeControl, formatDiagnostic, hasErrors, OutputRefused, OutputSetFailure, warning, writeFileAtomic, writeFilesAtomic, type Diagnostic } from '@snnc/common';
import { DataCode } from '@snnc/datasets';
import { ID_MAX_LENGTH, ID_PATTERN, loadTarget, type Target } from '@snnc/ir';
import { compile, type CompileResult } from '@snnc/driver';
import { parseRateSchedule, type RateScheduleSpec } from '@snnc/training';

export const ExitCode = {
  ok: 0,
  invalid: 1,
  usage: 2,
  internal: 70,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Code of the CLI's own "cannot write output" diagnostic (the file system said no). */
export const CLI_WRITE_FAILED = 'SNNC1030';

/** Sets process.exitCode and returns it, so a command can `return fail(ExitCode.invalid)`. */
export function fail(code: ExitCode | number, diagnostics: readonly Diagnostic[] = []): number {
  if (diagnostics.length) printDiagnostics(diagnostics);
  process.exitCode = code;
  return code;
}

/**
 * Prints diagnostics to stderr, one per line, as `file#/pointer: error CODE: message`. Warnings
 * and notes are printed too (a user must see why a weight was clamped) unless `errorsOnly`.
 */
export function printDiagnostics(diagnostics: readonly Diagnostic[], options: { errorsOnly?: boolean } = {}): void {
  for (const d of diagnostics) {
    if (options.errorsOnly && d.severity !== 'error') continue;
    process.stderr.write(formatDiagnostic(d) + '\n');
  }
}

/** Writes one message to stderr prefixed with the program name (and the command, when given). */
export function say(message: string, command?: string): void {
  process.stderr.write(`snnc${command ? ' ' + command : ''}: ${escapeControl(message)}\n`);
}

/** Writes a hint that is not a diagnostic (no code, no location) to stderr as `note: ...`. */
export function note(message: string): void {
  status(`note: ${message}`);
}

/** Writes one status line to stderr as it is (e.g. `spec.json: invalid (2 errors)`), control characters escaped. */
export function status(line: string): void {
  process.stderr.write(`${escapeControl(line)}\n`);
}

/** Prints a value to stdout as canonical JSON (sorted keys, typed arrays as arrays). */
export function printJson(value: unknown): void {
  process.stdout.write(canonicalJson(value));
}

/**
 * Writes `value` as canonical JSON atomically (temp file + rename). Returns diagnostics instead of
 * throwing when the file system refuses, so the caller can exit 1 with a located message.
 */
export function writeJson(file: string, value: unknown, inputs: readonly (string | undefined)[] = []): Diagnostic[] {
  return writeOutput(file, canonicalJson(value), inputs);
}

/** Code of "an option needs another" (e.g. --test without --dataset): a usage error, exit 2. */
export const CLI_OPTION_NEEDS = 'SNNC1034';
/** Code of the warning "an option given on the command line is ignored" (e.g. --steps with --dataset). */
export const CLI_OPTION_IGNORED = 'SNNC1035';

/** The dataset name given with --dataset is what an unknown name or a missing package is about. */
export const DATASET_NAME_CODES: readonly string[] = ['SNNC5001', 'SNNC5008'];
/** A dataset whose encoded samples do not fit the network's input (SNNC4304) or whose classes its readout (SNNC4305): located at the --dataset that named it. */
export const DATASET_FIT_CODES: readonly string[] = [DataCode.EncoderDoesNotFit, DataCode.TooManyClasses];
/** The emulator's refusals of --threads (more than the cores; an image with SAL feedback): usage errors at the option. */
export const THREAD_CODES: readonly string[] = ['SNNC4221', 'SNNC4222'];

/**
 * Diagnostics about an option's value (codes given) located at the option, as `--pin#/0` is:
 * those that name no file of their own.
 */
export function atOption(diagnostics: readonly Diagnostic[], option: string, codes: readonly string[]): Diagnostic[] {
  return diagnostics.map((d) => (d.file === undefined && codes.includes(d.code) ? { ...d, file: option, pointer: '' } : d));
}

/** The dataset's refusals of the part sizes (SNNC5011 at /train, /validation, /test) and of the training shift (SNNC5012 at /augment/shift) a run asked for. */
export const PART_CODES: readonly string[] = ['SNNC5011', 'SNNC5012'];

/**
 * Those refusals located where the run asked: at the option (`where` maps the dataset's pointer to
 * it: { '/train': '--samples' } in emulate and verify), or, with `file`, in the file whose record
 * asked ({ '/train': '/run/trainSamples' } in a resumed checkpoint).
 */
export function atParts(diagnostics: readonly Diagnostic[], where: Readonly<Record<string, string>>, file?: string): Diagnostic[] {
  return locateAt(diagnostics, PART_CODES, where, file);
}

/** Library refusals (`codes`) that name no file, located where `where` maps their pointer: at an option, or with `file` at a field of that file. */
function locateAt(diagnostics: readonly Diagnostic[], codes: readonly string[], where: Readonly<Record<string, string>>, file?: string): Diagnostic[] {
  return diagnostics.map((d) => {
    const at = d.file === undefined && codes.includes(d.code) && d.pointer !== undefined ? where[d.pointer] : undefined;
    if (at === undefined) return d;
    return file === undefined ? { ...d, file: at, pointer: '' } : { ...d, file, pointer: at };
  });
}

/** The encoder options a command takes from its flags (train, verify), by the encoder's pointer. */
const ENCODER_FLAGS = { '/maxRate': '--max-rate' };

/**
 * The encoder's refusal of a value a flag gave it (SNNC5021: a --max-rate at which the rate
 * encoder never spikes), and training's warning of one at which it practically never spikes
 * (SNNC5024), located at the flag. A value from a checkpoint is located there by training.
 */
export function atEncoderOptions(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return locateAt(diagnostics, [DataCode.BadEncoderOption, DataCode.SparseEncoding], ENCODER_FLAGS);
}

/** One rule of ignoredOptions. */
export type IgnoredOption =
  | readonly [option: string, overriddenBy: string, why: string]
  | readonly [option: string, needs: string, why: string, mode: 'without']
  | readonly [option: string, needs: string, why: string, mode: 'unless', value: string];

/**
 * Warnings for options the user set (not defaults) that another option makes meaningless:
 * `rules` lists [option, the option that overrides it, why]; [option, the option it needs, why,
 * 'without'] for one that only applies beside another; [option, another, why, 'unless', value] for
 * one that only applies while the other has that value (--max-rate with --encoding rate).
 * Options are commander's names; an option gets one warning, from its first rule that applies.
 */
export function ignoredOptions(cmd: Command, rules: readonly IgnoredOption[]): Diagnostic[] {
  const set = (name: string) => cmd.getOptionValueSource(name) === 'cli';
  const flag = (name: string) => '--' + name.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
  const out: Diagnostic[] = [];
  const warned = new Set<string>();
  for (const rule of rules) {
    const [opt, by, why] = rule;
    if (!set(opt) || warned.has(opt)) continue;
    const other = cmd.getOptionValue(by);
    if (rule[3] === 'unless') {
      if (other !== undefined && other !== rule[4]) {
        warned.add(opt);
        out.push(warning(CLI_OPTION_IGNORED, `${flag(opt)} is ignored with ${flag(by)} ${other}: ${why}`, { fix: `drop ${flag(opt)}, or use ${flag(by)} ${rule[4]}` }));
      }
      continue;
    }
    const without = rule[3] === 'without';
    if ((other !== undefined) !== without) {
      warned.add(opt);
      out.push(warning(CLI_OPTION_IGNORED, `${flag(opt)} is ignored ${without ? 'without' : 'with'} ${flag(by)}: ${why}`, { fix: `drop ${flag(opt)}` }));
    }
  }
  return out;
}

/** Options whose parser collects every value (repeatableOption); refuseConflictingRepeats leaves them alone. */
const REPEATABLE = new WeakSet<Option>();

/**
 * An option given any number of times, its parser collecting every value (`--pin`, inspect's
 * `-t`). Its help says "repeatable" (added when the description does not), and the registration,
 * not the wording, is what refuseConflictingRepeats reads.
 */
export function repeatableOption<T>(flags: string, description: string, collect: (value: string, previous: T) => T): Option {
  const opt = new Option(flags, /\brepeatable\b/.test(description) ? description : `${description} (repeatable)`).argParser(collect);
  REPEATABLE.add(opt);
  return opt;
}

/** Whether `opt` was made by repeatableOption. */
export function isRepeatable(opt: Option): boolean {
  return REPEATABLE.has(opt);
}

/**
 * A single-valued option given twice with different values (`--steps 5 --steps 7`, `-t loihi1 -t
 * loihi2`): commander keeps the last and drops the first in silence, so it is a usage error naming
 * both, on `cmd` and every command under it. The same value twice is harmless and passes; flags,
 * variadic options and repeatable ones (repeatableOption: their parsers collect every value) are
 * left alone. Call once the options are registered: the check runs after commander has parsed the
 * value, and compares the parsed values.
 */
export function refuseConflictingRepeats(cmd: Command): void {
  for (const opt of cmd.options) {
    if (opt.isBoolean() || opt.variadic || isRepeatable(opt)) continue;
    const name = opt.attributeName();
    let first: { raw: string; value: string } | undefined;
    cmd.on(`option:${opt.name()}`, (raw: string) => {
      const value = canonicalJson(cmd.getOptionValue(name));
      if (first === undefined) first = { raw, value };
      else if (value !== first.value) {
        cmd.error(`error: option '${opt.flags}' given twice with different values ("${escapeControl(first.raw)}", then "${escapeControl(raw)}"): it takes one value, and the first would be ignored; give it once`, { code: 'snnc.conflictingOption', exitCode: ExitCode.usage });
      }
    });
  }
  for (const sub of cmd.commands) refuseConflictingRepeats(sub);
}

/** Code of "the output path is a device, FIFO, socket or directory" (never replaced by a file). */
export const CLI_OUTPUT_SPECIAL = 'SNNC1032';
/** Code of "the output is one of the command's inputs" (it would be overwritten). */
export const CLI_OUTPUT_IS_INPUT = 'SNNC1033';

/** A refusal or failure of an output path as a diagnostic naming the file as given. */
function outputDiagnostic(file: string, e: unknown): Diagnostic {
  if (e instanceof OutputRefused) {
    // the fix names no flag: the path may be -o's, or a file a command writes inside --out DIR
    if (e.code === 'ESPECIAL') return diag(CLI_OUTPUT_SPECIAL, `refusing to write the output: ${e.message}`, { file, pointer: '', expected: 'a regular file or a new path', fix: 'write to another path, or move what stands at this one away' });
    if (e.code === 'EEMPTY') return diag(CLI_WRITE_FAILED, 'cannot write the output file: the path is empty', { file: '<empty path>', pointer: '', expected: 'a path', fix: 'name the output file' });
    if (e.code === 'ESAMEFILE') return diag(CLI_OUTPUT_IS_INPUT, `refusing to write the output over the input ${e.input}`, { file, pointer: '', expected: 'an output path other than the inputs', fix: 'name another output file' });
    return diag(CLI_WRITE_FAILED, `cannot write the output file: ${e.message}`, { file, pointer: '', expected: 'a writable path' });
  }
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  return diag(CLI_WRITE_FAILED, `cannot write the output file (${code})`, { file, pointer: '', expected: 'a writable path' });
}

/**
 * Checks an output path before a command does its work: [] when it may be written, else why not
 * (a special file, one of the inputs). The write itself checks again (writeOutput).
 */
export function outputProblems(file: string | undefined, inputs: readonly (string | undefined)[] = []): Diagnostic[] {
  if (file === undefined) return [];
  try {
    checkOutputPath(file, { inputs });
    return [];
  } catch (e) {
    return [outputDiagnostic(file, e)];
  }
}

/**
 * outputProblems of the files a command writes into one directory (--out DIR): when they are all
 * refused for one reason that names none of them (DIR is a file, a FIFO or a device: "... is not a
 * directory"), one diagnostic located at DIR as given, not the same one at every file inside it.
 */
export function outputDirProblems(dir: string, files: readonly string[], inputs: readonly (string | undefined)[] = []): Diagnostic[] {
  const problems = files.flatMap((f) => outputProblems(f, inputs));
  const [first] = problems;
  if (problems.length > 1 && problems.length === files.length && problems.every((d) => d.code === first.code && d.message === first.message)) return [{ ...first, file: dir }];
  return problems;
}

/** A set of outputs written together (writeFilesAtomic: none changes unless every one is written); the failure, located at its file. */
export function writeOutputs(files: ReadonlyArray<{ file: string; data: string | Uint8Array }>, inputs: readonly (string | undefined)[] = []): Diagnostic[] {
  try {
    writeFilesAtomic(files, { inputs });
    return [];
  } catch (e) {
    if (e instanceof OutputSetFailure) return [outputDiagnostic(e.file, e.error)];
    throw e;
  }
}

/** Atomic write of text or bytes; a refusal becomes a diagnostic naming the file as given. */
export function writeOutput(file: string, data: string | Uint8Array, inputs: readonly (string | undefined)[] = []): Diagnostic[] {
  try {
    writeFileAtomic(file, data, { inputs });
    return [];
  } catch (e) {
    return [outputDiagnostic(file, e)];
  }
}

/**
 * A target by name (targets/<name>.json) or by path to a target file, validated. The
 * diagnostics say which targets exist when the name is unknown.
 */
export function resolveTarget(nameOrFile: string): { target?: Target; diagnostics: Diagnostic[] } {
  return loadTarget(nameOrFile);
}

/**
 * Spec file -> valid spec -> Graph -> (when a target is given) LoweredNetwork, with every
 * diagnostic along the way. `graph`/`network` are present only when their stage succeeded; check
 * `hasErrors(diagnostics)` (or `ok`) before using them.
 */
export function loadAndCompile(
  specPath: string,
  target?: string | Target,
  options: { seed?: number; onPhase?: (phase: string, expectedMs?: number) => void } = {},
): CompileResult & { ok: boolean } {
  const r = compile(specPath, target, { stage: target === undefined ? 'graph' : 'network', ...(options.seed !== undefined ? { specSeed: options.seed } : {}), ...(options.onPhase ? { onPhase: options.onPhase } : {}) });
  const ok = !hasErrors(r.diagnostics) && r.graph !== undefined && (target === undefined || r.network !== undefined);
  return { ...r, ok };
}

/**
 * Wraps a command action. `fn` returns the exit code (undefined = 0). A DiagnosticError becomes
 * its diagnostics and exit 1; any other exception is a bug: "internal error: ..." and exit 70.
 */
export function action<A extends unknown[]>(
  fn: (...args: A) => number | void | undefined | Promise<number | void | undefined>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      const code = await fn(...args);
      process.exitCode = typeof code === 'number' ? code : (typeof process.exitCode === 'number' ? process.exitCode : 0);
    } catch (e) {
      if (e instanceof DiagnosticError) {
        printDiagnostics(e.diagnostics);
        process.exitCode = hasErrors(e.diagnostics) ? ExitCode.invalid : ExitCode.ok;
        return;
      }
      const msg = e instanceof Error ? e.message : String(e);
      say(`internal error: ${msg}`);
      if (process.env.SNNC_DEBUG && e instanceof Error && e.stack) process.stderr.write(e.stack + '\n');
      process.exitCode = ExitCode.internal;
    }
  };
}

/**
 * Commander option parsers that reject bad values as usage errors (exit 2) with the option's
 * name, the range and the value found.
 */
export function intOption(min = -Infinity, max = Infinity): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!/^[+-]?\d+$/.test(value.trim())) throw new InvalidArgumentError(`expected an integer, found "${value}"`);
    // an integer past 2^53 is still an integer: too large for the range, said with the range
    const lo = Math.max(min, Number.MIN_SAFE_INTEGER), hi = Math.min(max, Number.MAX_SAFE_INTEGER);
    if (!Number.isSafeInteger(n) || n < lo || n > hi) throw new InvalidArgumentError(`expected an integer in [${lo}, ${hi}], found ${value.trim()}`);
    return n;
  };
}

/** --rate-schedule (train, verify): entries a, a/h or a/h/hold; parseRateSchedule's diagnostic as a usage error (exit 2). */
export function rateScheduleOption(value: string): RateScheduleSpec {
  const r = parseRateSchedule(value);
  if (!r.schedule) {
    const d = r.diagnostics[0];
    throw new InvalidArgumentError(`${d.message}: expected ${d.expected}, found ${d.found}${d.fix ? ` (${d.fix})` : ''}`);
  }
  return { schedule: r.schedule, ...(r.hidden ? { hidden: r.hidden } : {}), ...(r.hold ? { hold: r.hold } : {}) };
}

/** An output path (-o, --out): an empty one would write nothing (map) or into the working directory (report), so it is a usage error. */
export function pathOption(value: string): string {
  if (value === '') throw new InvalidArgumentError('expected a path, found an empty string');
  return value;
}

/** A spec identifier given on the command line (nir import --name): the spec's Id, refused at the option, not in the file it names. */
export function idOption(value: string): string {
  if (!ID_PATTERN.test(value)) throw new InvalidArgumentError(`expected an identifier (a letter or '_', then letters, digits, '_', '.' or '-'), found "${value}"`);
  if ([...value].length > ID_MAX_LENGTH) throw new InvalidArgumentError(`expected at most ${ID_MAX_LENGTH} characters, found ${[...value].length}`);
  return value;
}

export function numberOption(min = -Infinity, max = Infinity): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, found "${value}"`);
    if (n < min || n > max) throw new InvalidArgumentError(`expected a number in [${min}, ${max}], found ${n}`);
    return n;
  };
}

export function choiceOption<T extends string>(choices: readonly T[]): (value: string) => T {
  return (value: string) => {
    if (!(choices as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${choices.join(', ')}, found "${value}"`);
    return value as T;
  };
}
