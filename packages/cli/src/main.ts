import { Command, CommanderError } from 'commander';
import * as validate from './commands/validate.js';
import * as inspect from './commands/inspect.js';
import * as train from './commands/train.js';
import * as evaluate from './commands/evaluate.js';
import * as map from './commands/map.js';
import * as report from './commands/report.js';
import * as compile from './commands/compile.js';
import * as emulate from './commands/emulate.js';
import * as verify from './commands/verify.js';
import * as nir from './commands/nir.js';
import * as benchMap from './commands/bench-map.js';
import * as benchEmulator from './commands/bench-emulator.js';
import { diag, formatDiagnostic } from '@snnc/common';
import { CLI_WRITE_FAILED, ExitCode, refuseConflictingRepeats } from './util.js';

/**
 * The CLI is the only place that prints diagnostics and chooses exit codes:
 * 0 success, 1 invalid input (diagnostics printed), 2 usage error, 70 internal error.
 * Each command module registers itself and sets process.exitCode through its action.
 */
export function buildProgram(): Command {
  const program = new Command('snnc')
    .description('Compile structured recurrent spiking networks onto Loihi-class chips and emulate them bit for bit')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  for (const m of [validate, inspect, train, evaluate, map, report, compile, emulate, verify, nir]) m.register(program);
  const bench = program.command('bench').description('benchmarks: `snnc bench map`, `snnc bench emulator`');
  benchMap.register(bench);
  benchEmulator.register(bench);
  refuseConflictingRepeats(program);
  return program;
}

let stdoutGuarded = false;

/**
 * A failed write to standard output (a full disk, `> /dev/full`, EIO) is a located error, exit 1:
 * it was an uncaught 'error' event, a raw stack trace and exit 1 from Node. A closed pipe
 * (EPIPE, `| head`) is left to bin/snnc.js, which stops quietly. Runs before bin's listener.
 */
function guardStdout(): void {
  if (stdoutGuarded) return;
  stdoutGuarded = true;
  process.stdout.prependListener('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') return;
    const d = diag(CLI_WRITE_FAILED, `cannot write to standard output (${err.code ?? 'error'})`, { file: '<stdout>', pointer: '', expected: 'a writable standard output', fix: 'free space on the device, or redirect the output elsewhere' });
    try {
      process.stderr.write(formatDiagnostic(d) + '\n');
    } finally {
      process.exit(ExitCode.invalid);
    }
  });
}

export async function main(argv: string[]): Promise<number> {
  guardStdout();
  const program = buildProgram();
  process.exitCode = 0;
  try {
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    throw e;
  }
  return typeof process.exitCode === 'number' ? process.exitCode : 0;
}
