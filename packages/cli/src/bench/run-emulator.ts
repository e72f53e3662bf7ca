/**
 * `snnc bench emulator`: build the benchmark network (emulator-net.ts), place it (the mapper's
 * sequential strategy, or the in-order fallback while the mapper is unavailable), compile it to a
 * chip image, and time the emulator on a seeded drive raster. Only the emulation loop is timed
 * (one runSample over all steps, after a short warm-up sample so that the JIT has compiled the
 * step loop, as a native simulator would be compiled ahead of time). The same spikes, events and
 * statistics come out of every repeat: only the clock differs.
 */
import { diag, hasErrors, type Diagnostic } from '@snnc/common';
import { compileNetwork } from '@snnc/codegen';
import { createEmulator, type Emulator } from '@snnc/emulator';
import { encodeImage, type ChipImage, type SynapseStream } from '@snnc/image';
import { synapseCount, type LoweredNetwork, type Target } from '@snnc/ir';
import type { Placement } from '@snnc/mapper';
import { estimateHeap, heapRefusal, mapWith } from '@snnc/driver';
import { writeOutput } from '../util.js';
import { benchNetworkOf, benchRaster, MEMORY_PER_SYNAPSE, type BenchNetworkKind } from './emulator-net.js';

export interface BenchBuildOptions {
  neurons: number;
  fanin: number;
  seed: number;
  decayV?: number;
  /** steps of the timed sample: the network's timesteps (the emulator refuses other lengths) */
  steps: number;
  /** which network (emulator-net.ts; default random) */
  network?: BenchNetworkKind;
  /** write the compiled chip image here (atomically) before emulating it, for `snnc emulate` */
  imageOut?: string;
  /** files the run read (the target file): never overwritten by imageOut */
  inputs?: readonly string[];
}

export interface EmulatorBenchOptions extends BenchBuildOptions {
  rate: number;
  /** timed runs; the fastest is reported (the machine is shared and noisy) */
  repeat?: number;
  /** emulate on this many threads (docs/emulator.md "Threads"; default 1) */
  threads?: number;
}

export interface EmulatorBenchResult {
  neurons: number;
  synapses: number;
  steps: number;
  spikes: number;
  /** spikes of the timed sample per non-input population, image order (smallworld: L1..L4) */
  populationSpikes: Record<string, number>;
  synapticEvents: number;
  /** wall-clock seconds of the emulation loop (best of `repeat`) */
  seconds: number;
  eventsPerSecond: number;
  /** user CPU seconds of that run, all threads (less sensitive to other processes on the machine) */
  cpuSeconds: number;
  /** wall-clock seconds of building: network, placement, code generation and emulator load (runEmulatorBench) */
  buildSeconds?: number;
  threads: number;
  rate: number;
  decayV: number;
  cores: number;
  placement: string;
  accumulator: 'int32' | 'float64';
  messages: number;
  energyPerStepPJ: number;
}

export interface BuiltBench {
  /** the network's populations and timesteps (its synapse lists are dropped after compiling) */
  net: LoweredNetwork;
  emu: Emulator;
  placement: string;
  synapses: number;
  decayV: number;
}

/**
 * The benchmark network, placed and compiled with its synapse memory streamed (compileNetwork's
 * `stream`): what leaves this function is the image without synapse memory, the stream, and the
 * network's shell (its populations, no synapse lists). The stream alone keeps the lowered network
 * and the placement, until the emulator's loader has taken its last core; the whole image's block
 * records never exist at once (issue 14 item 4, docs/benchmarks.md "Emulation memory").
 */
function compileBench(target: Target, o: BenchBuildOptions): { image?: ChipImage; stream?: SynapseStream; shell?: LoweredNetwork; synapses: number; decayV: number; strategy: string; diagnostics: Diagnostic[] } {
  const net = benchNetworkOf(o.network ?? 'random', { neurons: o.neurons, fanin: o.fanin, seed: o.seed, timesteps: o.steps, ...(o.decayV !== undefined ? { decayV: o.decayV } : {}) });
  const synapses = synapseCount(net);
  const decayV = (net.populations[1].params as { decayV: number }).decayV;
  const failed = (diagnostics: Diagnostic[]) => ({ synapses, decayV, strategy: '', diagnostics });
  const mapped = leanPlacement(net, target, o.seed);
  if (mapped.diagnostics) return failed(mapped.diagnostics);
  const placement = mapped.placement;
  if (!placement) return failed([diag('SNNC4308', 'the benchmark network does not fit the target', { found: `${o.neurons} neurons x ${o.fanin} synapses`, fix: 'use fewer --neurons or a smaller --fanin' })]);
  // --image-out needs the whole image (the file holds every core's synapse memory): no stream then
  const whole = o.imageOut !== undefined;
  const compiled = compileNetwork(net, placement, target, whole ? {} : { stream: true });
  if (!compiled.image || (!whole && !compiled.synapses) || hasErrors(compiled.diagnostics)) return failed(compiled.diagnostics);
  if (o.imageOut !== undefined) {
    const refused = writeOutput(o.imageOut, encodeImage(compiled.image), o.inputs);
    if (refused.length) return failed([...compiled.diagnostics, ...refused]);
  }
  return { image: compiled.image, ...(compiled.synapses ? { stream: compiled.synapses } : {}), shell: { ...net, projections: [] }, synapses, decayV, strategy: placement.strategy, diagnostics: compiled.diagnostics };
}

/**
 * The sequential placement without what only reports read (the core-to-core `traffic` list and
 * the link loads: at 100k neurons ~8 bytes per synapse, which would sit under the compile-time
 * peak; the code generator reads cores, usage and the neurons' cores and slots).
 */
export function leanPlacement(net: LoweredNetwork, target: Target, seed: number): { placement?: Placement; diagnostics?: Diagnostic[] } {
  const mapped = mapWith(net, target, 'sequential', seed);
  if (!mapped.placement || hasErrors(mapped.diagnostics)) return { diagnostics: mapped.diagnostics };
  const { traffic: _traffic, links: _links, ...lean } = mapped.placement;
  return { placement: lean };
}

/**
 * The benchmark network, placed, compiled and loaded (done once per network), on `threads`
 * threads from the start (Emulator: no one-thread tables built first).
 */
export function buildBench(target: Target, o: BenchBuildOptions & { threads?: number }): { bench?: BuiltBench; diagnostics: Diagnostic[] } {
  // refuse before minutes of work when the chip image would not fit the heap (fan-in is exact)
  const refusal = heapRefusal(`the benchmark network (${o.neurons} neurons x ${o.fanin} synapses)`, estimateHeap({ synapses: o.neurons * o.fanin, memoryBytesPerSynapse: MEMORY_PER_SYNAPSE[o.network ?? 'random'] }));
  if (refusal) return { diagnostics: [refusal] };
  const c = compileBench(target, o);
  const diagnostics = c.diagnostics;
  if (!c.image || !c.shell) return { diagnostics };
  // each core's synapse memory is written as Machine reads it (or, a whole image: emptied as it is read), and dropped (snapshots: SNNC4216)
  const loaded = createEmulator(c.image, { ...(c.stream ? { synapses: c.stream } : { releaseSynapses: true }), ...(o.threads !== undefined ? { threads: o.threads } : {}) });
  diagnostics.push(...loaded.diagnostics);
  if (!loaded.emulator || hasErrors(diagnostics)) return { diagnostics };
  return { bench: { net: c.shell, emu: loaded.emulator, placement: c.strategy, synapses: c.synapses, decayV: c.decayV }, diagnostics };
}

/**
 * Times one sample (the network's timesteps) at drive rate `rate`, after a warm-up sample of other
 * input; best of `repeat`.
 */
export function timeBench(b: BuiltBench, o: { rate: number; seed: number; repeat?: number }): EmulatorBenchResult {
  const { emu, net } = b;
  const nIn = net.populations[0].size;
  const steps = net.timesteps;
  const raster = benchRaster(net, 2 * steps, o.rate, o.seed);
  emu.runSample(raster.subarray(steps * nIn));
  const main = raster.subarray(0, steps * nIn);
  let best = Infinity, cpu = 0;
  for (let k = 0; k < Math.max(1, o.repeat ?? 1); k++) {
    emu.resetStats();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    emu.runSample(main);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const c = process.cpuUsage(c0).user / 1e6;
    if (seconds < best) {
      best = seconds;
      cpu = c;
    }
  }
  const st = emu.stats();
  return {
    neurons: net.populations.reduce((n, p) => n + (p.role === 'input' ? 0 : p.size), 0),
    synapses: b.synapses,
    steps,
    spikes: st.spikes,
    populationSpikes: populationSpikes(emu),
    synapticEvents: st.ops.synapticOps,
    seconds: Number(best.toFixed(6)),
    eventsPerSecond: Math.round(st.ops.synapticOps / best),
    cpuSeconds: Number(cpu.toFixed(6)),
    threads: emu.threads,
    rate: o.rate,
    decayV: b.decayV,
    cores: emu.image.cores.length,
    placement: b.placement,
    accumulator: emu.delivery.narrow ? 'int32' : 'float64',
    messages: st.noc.messages,
    energyPerStepPJ: Number(st.energyPJ.perStep.toFixed(3)),
  };
}

/** The last sample's spikes per non-input population, from the per-compartment counts. */
function populationSpikes(emu: Emulator): Record<string, number> {
  const pops = emu.populations;
  const sums = new Float64Array(pops.length);
  const { compPop } = emu.mach;
  for (let c = 0; c < compPop.length; c++) sums[compPop[c]] += emu.spikeCount[c];
  const out: Record<string, number> = {};
  pops.forEach((p, k) => { if (!p.input) out[p.name] = sums[k]; });
  return out;
}

export function runEmulatorBench(target: Target, o: EmulatorBenchOptions): { result?: EmulatorBenchResult; diagnostics: Diagnostic[] } {
  const t0 = process.hrtime.bigint();
  const b = buildBench(target, o);
  if (!b.bench) return { diagnostics: b.diagnostics };
  const buildSeconds = Number((Number(process.hrtime.bigint() - t0) / 1e9).toFixed(3));
  const emu = b.bench.emu;
  try {
    return { result: { ...timeBench(b.bench, o), buildSeconds }, diagnostics: b.diagnostics };
  } finally {
    emu.close();
  }
}
