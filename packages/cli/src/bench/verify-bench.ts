/**
 * `snnc bench emulator --verify`: the benchmark network, placed and compiled as the timed bench
 * does (sequential, lean placement), run by the reference simulator and by the emulator on the
 * same drive raster, compared by @snnc/verify's verifyNetwork (docs/semantics.md §6: every spike
 * and every neuron's state at every step). It keeps the whole lowered network and the placement
 * alive next to both simulators, so it is for cuts (issue 14 item 4: 100k neurons), not for 1M.
 */
import { diag, hasErrors, type Diagnostic } from '@snnc/common';
import { compileNetwork } from '@snnc/codegen';
import { synapseCount, type Target } from '@snnc/ir';
import { verifyNetwork, type Divergence } from '@snnc/verify';
import { estimateHeap, heapRefusal } from '@snnc/driver';
import { benchNetworkOf, benchRaster, type BenchNetworkKind } from './emulator-net.js';
import { leanPlacement } from './run-emulator.js';

export interface VerifyBenchOptions {
  network: BenchNetworkKind;
  neurons: number;
  fanin: number;
  seed: number;
  steps: number;
  rate: number;
}

export interface VerifyBenchResult {
  network: BenchNetworkKind;
  neurons: number;
  synapses: number;
  cores: number;
  steps: number;
  rate: number;
  bitExact: boolean;
  /** spikes of the neuron populations compared (input spikes excluded) */
  spikes: number;
  statesCompared: number;
  /** spikes per step of the neuron populations, compared (equal on both sides when bitExact) */
  spikesPerStep: number[];
  firstDivergence?: Divergence;
}

export function verifyBench(target: Target, o: VerifyBenchOptions): { result?: VerifyBenchResult; diagnostics: Diagnostic[] } {
  // the reference's and the emulator's tables plus T x N trajectories: at least the timed bench's estimate
  const refusal = heapRefusal(`verifying the benchmark network (${o.neurons} neurons x ${o.fanin} synapses)`, estimateHeap({ synapses: 2 * o.neurons * o.fanin }));
  if (refusal) return { diagnostics: [refusal] };
  const net = benchNetworkOf(o.network, { neurons: o.neurons, fanin: o.fanin, seed: o.seed, timesteps: o.steps });
  const mapped = leanPlacement(net, target, o.seed);
  if (!mapped.placement) return { diagnostics: mapped.diagnostics ?? [diag('SNNC4308', 'the benchmark network does not fit the target', { found: `${o.neurons} neurons x ${o.fanin} synapses`, fix: 'use fewer --neurons or a smaller --fanin' })] };
  const compiled = compileNetwork(net, mapped.placement, target);
  if (!compiled.image || hasErrors(compiled.diagnostics)) return { diagnostics: compiled.diagnostics };
  const raster = benchRaster(net, o.steps, o.rate, o.seed);
  const r = verifyNetwork(net, compiled.image, mapped.placement, { rasters: [raster], train: false });
  const diagnostics = [...compiled.diagnostics, ...r.diagnostics];
  if (hasErrors(diagnostics)) return { diagnostics };
  return {
    result: {
      network: o.network, neurons: net.populations.reduce((n, p) => n + (p.role === 'input' ? 0 : p.size), 0), synapses: synapseCount(net), cores: compiled.image.cores.length,
      steps: r.steps, rate: o.rate, bitExact: r.bitExact, spikes: r.spikes, statesCompared: r.statesCompared, spikesPerStep: r.spikesPerStep,
      ...(r.firstDivergence ? { firstDivergence: r.firstDivergence } : {}),
    },
    diagnostics,
  };
}
