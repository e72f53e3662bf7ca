import { Option, type Command } from 'commander';
import { loadTarget, neuronCount, synapseCount, validateTarget, type LoweredNetwork, type Target } from '@snnc/ir';
import { benchNetwork, mapNetwork, STRATEGIES, type Strategy } from '@snnc/mapper';
import { InvalidArgumentError } from 'commander';
import { estimateHeap, heapRefusal, HEAP_REFUSAL_CODE } from '@snnc/driver';
import { warning } from '@snnc/common';
import { action, atOption, CLI_OPTION_IGNORED, ExitCode, fail, intOption, printDiagnostics } from '../util.js';
import { phaseProgress } from './phase-progress.js';

/**
 * Peak memory of generating and mapping the bench network, per synapse: 2,106 MB at 100M synapses
 * (1M neurons, locality, docs/benchmarks.md), 21 B/synapse with Node's own share; 24 keeps a margin.
 * The generator sizes its typed arrays from neurons x fan-in, so `--neurons 50000000 --fanin 4096`
 * (2e11 synapses) ended in "internal error: Invalid typed array length" before this refusal.
 */
export const MAP_MEMORY_BYTES_PER_SYNAPSE = 24;

/**
 * `snnc bench map --neurons N [--fanin 100] [--strategy S] [--json]`: generate the structured
 * small-world benchmark network (typed arrays, no spec), then partition, place and route it for a
 * target (loihi2 by default). `seconds` is the mapping wall time (view, bounds, partition,
 * packing, layout, routing, metrics) and `cpuSeconds` its CPU time (the figure that does not depend
 * on the neighbours of a shared machine); `generateSeconds` the network's construction; `peakMB`
 * the process's peak resident set (process.resourceUsage().maxRSS).
 */
export function register(bench: Command): void {
  bench
    .command('map')
    .description('scale benchmark of the mapper on a generated small-world network')
    .requiredOption('--neurons <n>', 'number of neurons (4..50000000)', intOption(4, 50_000_000))
    .option('--fanin <k>', 'synapses per neuron (1..4096)', intOption(1, 4096), 100)
    .addOption(new Option('--strategy <s>', 'placement strategy').choices([...STRATEGIES]).default('locality'))
    .option('--target <t>', 'target name or file', 'loihi2')
    // the generator takes the seed mod 2^32: 4294967296 would silently be seed 0's network
    .option('--seed <n>', 'generator and partitioner seed', intOption(0, 0xffffffff), 1)
    .option('--chips <list>', 'map once per system size: comma-separated chip counts, e.g. 1,2,4,8 (compile time and quality against system size)', chipListOption)
    .option('--json', 'print one JSON object')
    .action(action((o: BenchMapOptions) => run(o)));
}

interface BenchMapOptions { neurons: number; fanin: number; strategy: Strategy; target: string; seed: number; chips?: number[]; json?: boolean }

/** --chips: whole chip counts in 1..4096, each parsed as an integer (not `0x10`, not `1.5`). */
function chipListOption(value: string): number[] {
  const one = intOption(1, 4096);
  try {
    return value.split(',').map((x) => one(x));
  } catch (e) {
    throw new InvalidArgumentError(`a comma-separated list of chip counts: ${(e as Error).message}`);
  }
}

/**
 * A system of n chips: maxChips = n on the most compact grid (chipsX = 2^ceil(log2(n) / 2),
 * chipsY = ceil(n / chipsX)): 1 -> 1x1, 2 -> 2x1, 4 -> 2x2, 8 -> 4x2, 16 -> 4x4.
 */
export function systemOf(t: Target, n: number): Target {
  const chipsX = 2 ** Math.ceil(Math.log2(n) / 2);
  return { ...t, system: { ...t.system, maxChips: n, chipsX, chipsY: Math.ceil(n / chipsX) } };
}

/**
 * The generator draws a neuron's local synapses inside its microcircuit of 128 and its feed-forward
 * ones from a window of 256 (mapper bench.ts), so a large --fanin gives fewer synapses than asked:
 * --fanin 1000 gave about 368 per neuron, with nothing said but the synapse count. Warned at the
 * option when the network falls short of neurons x fan-in by more than a tenth.
 */
function fanInShortfall(net: LoweredNetwork, neurons: number, fanin: number) {
  const per = synapseCount(net) / neurons;
  if (per >= 0.9 * fanin) return [];
  return [warning(CLI_OPTION_IGNORED, `the bench network has about ${Math.round(per)} synapses per neuron, not ${fanin}: its generator draws local synapses within microcircuits of 128 neurons and feed-forward ones from windows of 256`, {
    file: '--fanin', pointer: '', expected: 'a fan-in the generator meets: up to about 140 (the last layer draws 90% of it within its microcircuit of 128)', found: String(fanin), fix: 'give --fanin 140 or less',
  })];
}

function run(o: BenchMapOptions): number {
  const { neurons, fanin, seed } = o;
  const lt = loadTarget(o.target);
  if (!lt.target) {
    return fail(ExitCode.invalid, lt.diagnostics.map((d) => ({ ...d, file: d.file ?? o.target })));
  }
  // each system size is a target of its own: checked against the limits a target file is
  // (docs/limits.md systemCores), so that `--chips 4096` on a target of 2^20 cores per chip is
  // refused at once instead of mapping onto 2^32 cores (it ran for minutes toward running out of memory)
  const systems = (o.chips ?? []).flatMap((n) => validateTarget(systemOf(lt.target!, n)).diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => ({ ...d, file: '--chips', pointer: '', message: `a system of ${n} chip(s) of ${lt.target!.name}: ${d.message}`, fix: 'fewer chips in --chips, or a target with fewer cores per chip' })));
  if (systems.length) return fail(ExitCode.usage, systems);
  // refuse before generating: the network is built from neurons x fan-in synapses at once
  const refusal = heapRefusal(`the benchmark network (${neurons} neurons x ${fanin} synapses)`, estimateHeap({ synapses: neurons * fanin, memoryBytesPerSynapse: MAP_MEMORY_BYTES_PER_SYNAPSE }));
  if (refusal) return fail(ExitCode.invalid, atOption([refusal], '--neurons', [HEAP_REFUSAL_CODE]));
  const chipList = o.chips;
  const t0 = process.hrtime.bigint();
  const progress = phaseProgress(o, 'bench map');
  const net = benchNetwork({ neurons, fanin, seed, onProgress: (done, total) => progress(`generating the network: projection ${done + 1} of ${total}`) });
  printDiagnostics(fanInShortfall(net, neurons, fanin));
  if (chipList) return runChips(o, net, lt.target, chipList, Math.round(Number(process.hrtime.bigint() - t0) / 1e6) / 1000, seed, progress);
  const t1 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  const r = mapNetwork(net, lt.target, { strategy: o.strategy, seed, onPhase: (p) => progress(`mapping: ${p}`) });
  const cpu = process.cpuUsage(cpu0);
  const t2 = process.hrtime.bigint();
  const located = r.diagnostics.map((d) => ({ ...d, file: d.file ?? '<bench>' }));
  if (!r.placement) return fail(ExitCode.invalid, located);
  printDiagnostics(located);
  const synapses = synapseCount(net);
  const m = r.placement.metrics;
  const out = {
    neurons: neuronCount(net),
    synapses,
    cores: m.cores,
    chips: m.chips,
    lowerBound: m.lowerBound,
    boundKind: m.boundKind ?? m.lowerBoundBy,
    lowerBoundInOrder: m.lowerBoundInOrder ?? m.lowerBound,
    coresToBound: m.coresToBound,
    ...(m.sequentialCores !== undefined ? { sequentialCores: m.sequentialCores, coresToSequential: m.coresToSequential, sequentialHopTraffic: m.sequentialHopTraffic, hopTrafficToSequential: m.hopTrafficToSequential } : {}),
    seconds: Math.round(Number(t2 - t1) / 1e6) / 1000,
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1000) / 1000,
    generateSeconds: Math.round(Number(t1 - t0) / 1e6) / 1000,
    peakMB: Math.round(process.resourceUsage().maxRSS / 1024),
    strategy: o.strategy,
    target: lt.target.name,
    interCoreSpikes: m.interCoreSpikes,
    hopTraffic: m.hopTraffic,
    maxLinkLoad: m.maxLinkLoad,
  };
  if (o.json) process.stdout.write(JSON.stringify(out) + '\n');
  else process.stdout.write(Object.entries(out).map(([k, v]) => `${k}: ${v}`).join('\n') + '\n');
  return 0;
}

/** `--chips 1,2,4,8`: the same network mapped on systems of each size; one row per size. */
function runChips(o: BenchMapOptions, net: LoweredNetwork, target: Target, chipList: number[], generateSeconds: number, seed: number, progress: (what: string) => void): number {
  const synapses = synapseCount(net);
  const rows = chipList.map((n) => {
    const t = systemOf(target, n);
    const t1 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const r = mapNetwork(net, t, { strategy: o.strategy, seed, onPhase: (p) => progress(`mapping on ${n} chip(s): ${p}`) });
    const cpu = process.cpuUsage(cpu0);
    const seconds = Math.round(Number(process.hrtime.bigint() - t1) / 1e6) / 1000;
    const cpuSeconds = Math.round((cpu.user + cpu.system) / 1000) / 1000;
    if (!r.placement) {
      const d = r.diagnostics.find((x) => x.severity === 'error') ?? r.diagnostics[0];
      return { systemChips: n, status: d?.code ?? 'failed', message: d?.message ?? '', seconds, cpuSeconds };
    }
    const m = r.placement.metrics;
    return {
      systemChips: n, status: 'ok', cores: m.cores, chips: m.chips, lowerBound: m.lowerBound, boundKind: m.boundKind ?? m.lowerBoundBy,
      seconds, cpuSeconds, hopTraffic: m.hopTraffic, interChipSpikes: m.interChipSpikes, maxLinkLoad: m.maxLinkLoad, maxInterChipLinkLoad: m.maxInterChipLinkLoad ?? 0,
    };
  });
  const out = {
    neurons: neuronCount(net), synapses, strategy: o.strategy, target: target.name,
    generateSeconds, peakMB: Math.round(process.resourceUsage().maxRSS / 1024), rows,
  };
  if (o.json) process.stdout.write(JSON.stringify(out) + '\n');
  else {
    process.stdout.write(`${out.neurons} neurons, ${synapses} synapses, ${o.strategy} on ${target.name}; peak ${out.peakMB} MB\n`);
    for (const r of rows) {
      process.stdout.write(r.status === 'ok'
        ? `${r.systemChips} chip(s): ${r.cores} cores on ${r.chips} chip(s), bound ${r.lowerBound} (${r.boundKind}), ${r.seconds} s (cpu ${r.cpuSeconds} s), hop traffic ${r.hopTraffic}, inter-chip ${r.interChipSpikes}, max inter-chip link ${r.maxInterChipLinkLoad}\n`
        : `${r.systemChips} chip(s): ${r.status} ${r.message} (${r.seconds} s)\n`);
    }
  }
  return rows.some((r) => r.status === 'ok') ? 0 : 1;
}
