/**
 * `snnc bench emulator [--neurons N] [--fanin F] [--steps S] [--rate R] [--seed K] [--target T]
 * [--json]`: the emulator's speed on a random recurrent network (docs/benchmarks.md "Emulator").
 * Prints {"neurons","synapses","steps","spikes","synapticEvents","seconds","eventsPerSecond", ...}
 * with --json, one readable line otherwise. `seconds` times the emulation loop alone.
 */
import { Option, type Command } from 'commander';
import { diag, hasErrors, warning } from '@snnc/common';
import { HEAP_REFUSAL_CODE } from '@snnc/driver';
import { runEmulatorBench } from '../bench/run-emulator.js';
import { verifyBench } from '../bench/verify-bench.js';
import { BENCH_NETWORKS, DEFAULT_RATE, type BenchNetworkKind } from '../bench/emulator-net.js';
import { targetFile, type Target } from '@snnc/ir';
import { action, atOption, CLI_OPTION_IGNORED, CLI_OPTION_NEEDS, ignoredOptions, ExitCode, fail, intOption, numberOption, outputProblems, pathOption, printDiagnostics, printJson, resolveTarget } from '../util.js';

interface Options {
  neurons: number;
  fanin: number;
  steps: number;
  rate?: number;
  network: BenchNetworkKind;
  imageOut?: string;
  verify?: boolean;
  seed: number;
  target: string;
  decay?: number;
  repeat: number;
  threads?: number;
  json?: boolean;
}

export function register(bench: Command): void {
  bench
    .command('emulator')
    .description('time the chip emulator on a random recurrent network (synaptic events per second)')
    .addOption(new Option('--network <kind>', 'random: random recurrent fan-in over all neurons; smallworld: the network of `snnc bench map`, with seeded weights').choices([...BENCH_NETWORKS]).default('random'))
    .option('--neurons <n>', 'recurrent neurons (smallworld: at least 4)', intOption(1, 10_000_000), 10000)
    .option('--fanin <f>', 'random recurrent synapses per neuron (smallworld: synapses per neuron, 1..4096, as bench map)', intOption(0, 100_000), 100)
    .option('--steps <s>', 'timesteps to emulate', intOption(1, 1 << 19), 1000)
    .option('--rate <r>', 'drive spike probability per input per step (sets the activity; default 0.02 random, 0.2 smallworld)', numberOption(0, 1))
    .option('--seed <k>', 'seed of the network and the drive', intOption(0, 0xffffffff), 1)
    .option('-t, --target <target>', 'target name or path to a target file', 'loihi2')
    .option('--decay <d>', 'srlif 12-bit leak decay of the benchmark neurons (4096 - 4096 * alpha)', intOption(0, 4096))
    .option('--repeat <k>', 'timed runs; the fastest is reported', intOption(1, 100), 1)
    .option('--threads <n>', 'emulate on N threads, one share of the cores each', intOption(1, 65536))
    .option('--image-out <file>', 'also write the compiled chip image to this file (for `snnc emulate`)', pathOption)
    .option('--verify', 'instead of timing: run the reference simulator and the emulator on the same drive, compare every spike and state (exit 1 unless bit-exact)')
    .option('--json', 'print the result as JSON')
    .action(
      action((o: Options, cmd: Command) => {
        // the small world is `snnc bench map`'s network: its generator takes bench map's ranges (below 4
        // neurons it built 4; a fan-in past 4096 ran as the generator's cap), refused as bench map does
        if (o.network === 'smallworld') {
          const bad = o.neurons < 4 ? (['--neurons', o.neurons, '4..10000000'] as const) : o.fanin < 1 || o.fanin > 4096 ? (['--fanin', o.fanin, '1..4096'] as const) : undefined;
          if (bad)
            return fail(ExitCode.usage, [diag(CLI_OPTION_NEEDS, `${bad[0]} ${bad[1]} is outside the small-world network's range (that of snnc bench map)`, {
              file: bad[0], pointer: '', expected: `${bad[0]} in ${bad[2]} with --network smallworld`, found: String(bad[1]), fix: `give ${bad[0]} in ${bad[2]}, or --network random`,
            })]);
        }
        // the random network draws distinct presynaptic neurons: at most --neurons of them per neuron
        if (o.network === 'random' && o.fanin > o.neurons)
          printDiagnostics([warning(CLI_OPTION_IGNORED, `--fanin ${o.fanin} exceeds --neurons ${o.neurons}: each neuron gets all ${o.neurons} (distinct presynaptic neurons)`, { file: '--fanin', pointer: '', expected: `--fanin <= --neurons (${o.neurons})`, found: String(o.fanin), fix: `give --fanin ${o.neurons} or less, or more --neurons` })]);
        const t = resolveTarget(o.target);
        if (!t.target || hasErrors(t.diagnostics)) return fail(ExitCode.invalid, t.diagnostics);
        if (o.verify) {
          const why = 'verification runs the reference and the emulator once, on one thread, and writes nothing';
          printDiagnostics(ignoredOptions(cmd, [['threads', 'verify', why], ['repeat', 'verify', why], ['imageOut', 'verify', why], ['decay', 'verify', why]]));
          return runVerify(t.target, o);
        }
        // checked before the network is built (minutes at a million neurons); a target given by name is read from targets/<name>.json, an input too
        const inputs = [targetFile(o.target)];
        const refused = outputProblems(o.imageOut, inputs);
        if (refused.length) return fail(ExitCode.invalid, refused);
        const r = runEmulatorBench(t.target, {
          inputs, network: o.network, neurons: o.neurons, fanin: o.fanin, steps: o.steps, rate: o.rate ?? DEFAULT_RATE[o.network], ...(o.imageOut !== undefined ? { imageOut: o.imageOut } : {}), seed: o.seed, repeat: o.repeat, ...(o.threads !== undefined ? { threads: o.threads } : {}), ...(o.decay !== undefined ? { decayV: o.decay } : {}),
        });
        // the heap refusal is about the network's size: located at --neurons, as verify's at --samples
        if (!r.result || hasErrors(r.diagnostics)) return fail(r.diagnostics.some((d) => d.code === 'SNNC4221') ? ExitCode.usage : ExitCode.invalid, atOption(r.diagnostics, '--neurons', [HEAP_REFUSAL_CODE]));
        printDiagnostics(r.diagnostics);
        const x = r.result;
        if (o.json) printJson(x);
        else {
          process.stdout.write(
            `${x.neurons} neurons, ${x.synapses} synapses on ${x.cores} cores (${x.placement}), ${x.threads} thread(s): ${x.steps} steps, ${x.spikes} spikes, ` +
              `${x.synapticEvents} synaptic events in ${x.seconds.toFixed(3)} s = ${(x.eventsPerSecond / 1e6).toFixed(1)} M events/s (${x.accumulator} accumulators)\n`,
          );
        }
        return ExitCode.ok;
      }),
    );
}

function runVerify(target: Target, o: Options): number {
  const r = verifyBench(target, { network: o.network, neurons: o.neurons, fanin: o.fanin, steps: o.steps, rate: o.rate ?? DEFAULT_RATE[o.network], seed: o.seed });
  if (!r.result || hasErrors(r.diagnostics)) return fail(ExitCode.invalid, atOption(r.diagnostics, '--neurons', [HEAP_REFUSAL_CODE]));
  printDiagnostics(r.diagnostics);
  const x = r.result;
  if (o.json) printJson(x);
  else {
    process.stdout.write(
      `${x.network} ${x.neurons} neurons, ${x.synapses} synapses on ${x.cores} cores: ${x.steps} steps, ${x.spikes} spikes, ${x.statesCompared} states compared: ` +
        (x.bitExact ? 'bit-exact\n' : `DIVERGES at step ${x.firstDivergence?.step}, ${x.firstDivergence?.population}[${x.firstDivergence?.neuron}] ${x.firstDivergence?.field}: reference ${x.firstDivergence?.reference}, emulator ${x.firstDivergence?.emulator}\n`),
    );
  }
  return x.bitExact ? ExitCode.ok : ExitCode.invalid;
}
