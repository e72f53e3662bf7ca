/**
 * `snnc bench emulator`: build the benchmark network (emulator-net.ts), place it (the mapper's
 * sequential strategy, or the in-order fallback while the mapper is unavailable), compile it to a
 * chip image, and time the emulator on a seeded drive raster. Only the emulation loop is timed
 * (one runSample over all steps, after a short warm-up sample so that the JIT has compiled the
 * step loop, as a native simulator would be compiled ahead of time).
 */
import { diag, hasErrors, type Diagnostic } from '@snnc/common';
import { compileNetwork } from '@snnc/codegen';
import { createEmulator } from '@snnc/emulator';
import type { Target } from '@snnc/ir';
import type { Placement } from '@snnc/mapper';
import { mapWith } from '@snnc/verify';
import { benchNetwork, benchRaster, inOrderPlacement } from './emulator-net.js';

export interface EmulatorBenchOptions {
  neurons: number;
  fanin: number;
  steps: number;
  rate: number;
  seed: number;
  decayV?: number;
}

export interface EmulatorBenchResult {
  neurons: number;
  synapses: number;
  steps: number;
  spikes: number;
  synapticEvents: number;
  seconds: number;
  eventsPerSecond: number;
  rate: number;
  cores: number;
  placement: string;
  accumulator: 'int32' | 'float64';
  messages: number;
  energyPerStepPJ: number;
}

export function runEmulatorBench(target: Target, o: EmulatorBenchOptions): { result?: EmulatorBenchResult; diagnostics: Diagnostic[] } {
  const net = benchNetwork({ neurons: o.neurons, fanin: o.fanin, seed: o.seed, ...(o.decayV !== undefined ? { decayV: o.decayV } : {}) });
  let placement: Placement | undefined;
  const mapped = mapWith(net, target, 'sequential', o.seed);
  const diagnostics: Diagnostic[] = [];
  if (mapped.placement && !hasErrors(mapped.diagnostics)) placement = mapped.placement;
  else if (mapped.diagnostics.some((d) => d.code === 'SNNC4306')) placement = inOrderPlacement(net, target) ?? undefined;
  else return { diagnostics: mapped.diagnostics };
  if (!placement) return { diagnostics: [diag('SNNC4307', 'the benchmark network does not fit the target', { found: `${o.neurons} neurons x ${o.fanin} synapses`, fix: 'use fewer --neurons or a smaller --fanin' })] };
  const compiled = compileNetwork(net, placement, target);
  diagnostics.push(...compiled.diagnostics);
  if (!compiled.image || hasErrors(diagnostics)) return { diagnostics };
  const loaded = createEmulator(compiled.image);
  diagnostics.push(...loaded.diagnostics);
  const emu = loaded.emulator;
  if (!emu || hasErrors(diagnostics)) return { diagnostics };

  const nIn = net.populations[0].size;
  const warm = Math.min(100, o.steps);
  const raster = benchRaster(net, o.steps + warm, o.rate, o.seed);
  emu.runSample(raster.subarray(o.steps * nIn));
  emu.resetStats();
  const main = raster.subarray(0, o.steps * nIn);
  const t0 = process.hrtime.bigint();
  emu.runSample(main);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const st = emu.stats();
  const synapses = net.projections.reduce((s, p) => s + p.pre.length, 0);
  return {
    result: {
      neurons: o.neurons,
      synapses,
      steps: o.steps,
      spikes: st.spikes,
      synapticEvents: st.ops.synapticOps,
      seconds: Number(seconds.toFixed(6)),
      eventsPerSecond: Math.round(st.ops.synapticOps / seconds),
      rate: o.rate,
      cores: compiled.image.cores.length,
      placement: placement.strategy,
      accumulator: emu.delivery.narrow ? 'int32' : 'float64',
      messages: st.noc.messages,
      energyPerStepPJ: Number(st.energyPJ.perStep.toFixed(3)),
    },
    diagnostics,
  };
}
