/**
 * The emulator benchmark's network (docs/benchmarks.md, "Emulator"), built directly as a
 * LoweredNetwork of typed arrays (no spec, no expansion): N srlif neurons, each with `fanin`
 * distinct random recurrent presynaptic neurons (weak weights of both signs), plus a drive
 * population of ceil(N / 10) inputs, input k feeding neurons 10k..10k+9 with one strong synapse
 * that fires them on the next step. A drive raster at rate R therefore sets the activity: about R * N
 * spikes per step, each delivering `fanin` synaptic events. Every random choice comes from one
 * seeded Rng; the same options give the same network and raster, byte for byte.
 */
import { Rng } from '@snnc/common';
import { LOCAL_MEMORY_BYTES_PER_SYNAPSE, MEMORY_BYTES_PER_SYNAPSE } from '@snnc/driver';
import { coreLocation, type LoweredNetwork, type SrlifParams, type Target } from '@snnc/ir';
import { benchNetwork as smallWorldNetwork, type CoreLocation, type CoreUsage, type Placement } from '@snnc/mapper';

/** The networks `snnc bench emulator --network` builds. */
export const BENCH_NETWORKS = ['random', 'smallworld'] as const;
export type BenchNetworkKind = (typeof BENCH_NETWORKS)[number];

/** Peak memory per synapse of each network for the SNNC4330 estimate (driver/src/memory.ts). */
export const MEMORY_PER_SYNAPSE: Record<BenchNetworkKind, number> = { random: MEMORY_BYTES_PER_SYNAPSE, smallworld: LOCAL_MEMORY_BYTES_PER_SYNAPSE };

/** The default drive rate of each network (docs/benchmarks.md): the small world has few inputs. */
export const DEFAULT_RATE: Record<BenchNetworkKind, number> = { random: 0.02, smallworld: 0.2 };

/**
 * The network of `--network`: `random` (below), or `smallworld`, the network of `snnc bench map`
 * (the mapper's generator, mapper/src/bench.ts) with its seeded weights and responsive neurons;
 * either way a single input population first, and `timesteps` steps per sample.
 */
export function benchNetworkOf(kind: BenchNetworkKind, o: BenchNetOptions): LoweredNetwork {
  if (kind === 'random') return benchNetwork(o);
  return { ...smallWorldNetwork({ neurons: o.neurons, fanin: o.fanin, seed: o.seed, dynamics: true }), timesteps: o.timesteps ?? 1 };
}

export interface BenchNetOptions {
  neurons: number;
  fanin: number;
  seed: number;
  /** drive inputs per neuron group (default 10) */
  group?: number;
  /** srlif leak as a 12-bit decay (default 2048: alpha = 0.5) */
  decayV?: number;
  /** steps per sample (default 1): the emulator runs samples of exactly this length (§5.2) */
  timesteps?: number;
}

/** Threshold 100 << 6: one drive spike (127 << 6) fires its neurons despite the recurrent noise. */
const VTH = 100 * 64;

export function benchNetwork(o: BenchNetOptions): LoweredNetwork {
  const N = o.neurons, F = Math.min(o.fanin, N), G = o.group ?? 10;
  const nIn = Math.ceil(N / G);
  const rng = new Rng(o.seed);
  const recRng = rng.fork('recurrent');
  // recurrent: for every post i, F distinct pre; then sorted by (pre, post)
  const pairs = new Float64Array(N * F);
  let k = 0;
  for (let i = 0; i < N; i++) {
    const pre = recRng.sample(N, F);
    for (let j = 0; j < F; j++) pairs[k++] = pre[j] * N + i;
  }
  pairs.sort();
  const pre = new Uint32Array(N * F), post = new Uint32Array(N * F), weight = new Int16Array(N * F);
  const wRng = rng.fork('weights');
  for (let s = 0; s < pairs.length; s++) {
    pre[s] = Math.floor(pairs[s] / N);
    post[s] = pairs[s] % N;
    weight[s] = wRng.int(-8, 8);
  }
  const dPre = new Uint32Array(N), dPost = new Uint32Array(N), dW = new Int16Array(N).fill(127);
  for (let i = 0; i < N; i++) {
    dPre[i] = Math.floor(i / G);
    dPost[i] = i;
  }
  const params: SrlifParams = {
    model: 'srlif', decayV: o.decayV ?? 2048, vth0: VTH, vthMin: VTH, vthMax: VTH, bias: 0,
    rateShift: 4, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0,
  };
  const proj = { kind: 'other' as const, delay: 1, plasticity: 'none' as const, weightBits: 8, weightExp: 0, learnMant: 0, learnShift: 0 };
  return {
    irVersion: '1.0', name: `bench-${N}x${F}`, seed: o.seed, timesteps: o.timesteps ?? 1,
    populations: [
      { id: 'drive', index: 0, size: nIn, role: 'input', layer: 0, model: 'input', params: null },
      { id: 'net', index: 1, size: N, role: 'hidden', layer: 1, model: 'srlif', params, voltageScaleLog2: 0 },
    ],
    projections: [
      { ...proj, id: 'drive', index: 0, source: 0, target: 1, pre: dPre, post: dPost, weight: dW },
      { ...proj, id: 'rec', index: 1, source: 1, target: 1, kind: 'rec', pre, post, weight },
    ],
    learning: null,
  };
}

/** The drive raster: `steps` rows of ceil(N / group) inputs, each on with probability `rate`. */
export function benchRaster(net: LoweredNetwork, steps: number, rate: number, seed: number): Uint8Array {
  const nIn = net.populations[0].size;
  const rng = new Rng(seed).fork('drive');
  const out = new Uint8Array(steps * nIn);
  for (let i = 0; i < out.length; i++) out[i] = rng.float() < rate ? 1 : 0;
  return out;
}

/**
 * A fill-in-order placement used only while the mapper's mapNetwork is unavailable: neurons in
 * order, a core closed when the next neuron would exceed its compartments, input axons or a
 * conservative synapse-memory bound; output axons checked afterwards (retry with smaller cores).
 */
export function inOrderPlacement(net: LoweredNetwork, target: Target): Placement | null {
  const pop = net.populations[1];
  const N = pop.size;
  const fanin = new Int32Array(N);
  const srcOf: number[][] = Array.from({ length: N }, () => []);
  for (const pr of net.projections) {
    for (let s = 0; s < pr.pre.length; s++) {
      srcOf[pr.post[s]].push(pr.source === 0 ? -1 - pr.pre[s] : pr.pre[s]);
      fanin[pr.post[s]]++;
    }
  }
  const c = target.core, e = target.synapseEncoding;
  const perSyn = target.formats.maxWeightBits + e.indexBits + e.delayBits;
  const perBlock = e.axonBlockOverheadBits + c.synapseWordBits;
  const coresPerChip = target.chip.cores;
  for (let cap = c.maxCompartments; cap >= 1; cap = Math.floor(cap / 2)) {
    const coreOf = new Int32Array(N);
    const seen = new Map<number, number>();
    let core = 0, n = 0, bits = 0, axons = 0;
    for (let i = 0; i < N; i++) {
      let newSrc = 0;
      for (const s of srcOf[i]) if (seen.get(s) !== core) newSrc++;
      const add = fanin[i] * perSyn + srcOf[i].length * perBlock;
      if (n > 0 && (n + 1 > cap || bits + add > c.synapseMemoryBits || axons + newSrc > c.maxInputAxons)) {
        core++;
        n = bits = axons = 0;
        newSrc = srcOf[i].length;
      }
      for (const s of srcOf[i]) seen.set(s, core);
      axons += newSrc;
      coreOf[i] = core;
      n++;
      bits += add;
    }
    const nCores = core + 1;
    if (nCores > coresPerChip * target.system.maxChips) return null;
    // output axons: distinct (neuron, destination core) pairs per source core
    const out = new Int32Array(nCores);
    const rec = net.projections[1];
    let last = -1;
    const dest = new Set<number>();
    for (let s = 0; s <= rec.pre.length; s++) {
      if (s === rec.pre.length || rec.pre[s] !== last) {
        if (last >= 0) out[coreOf[last]] += dest.size;
        dest.clear();
        if (s === rec.pre.length) break;
        last = rec.pre[s];
      }
      dest.add(coreOf[rec.post[s]]);
    }
    if (out.some((x) => x > c.maxOutputAxons)) continue;
    const cores: CoreLocation[] = [];
    for (let k = 0; k < nCores; k++) {
      cores.push(coreLocation(target.chip, k));
    }
    const slot = new Int32Array(N);
    const fill = new Int32Array(nCores);
    for (let i = 0; i < N; i++) slot[i] = fill[coreOf[i]]++;
    const usage: CoreUsage[] = cores.map((_, k) => ({ compartments: fill[k], inputAxons: 0, outputAxons: out[k], synapseBits: 0, learningStateBits: 0, synapses: 0 }));
    return {
      placementVersion: '1.0', network: net.name, target: target.name, strategy: 'in-order', cores, usage,
      neuronCore: [new Int32Array(net.populations[0].size).fill(-1), coreOf],
      neuronSlot: [new Int32Array(net.populations[0].size).fill(-1), slot],
      metrics: { cores: nCores, chips: Math.ceil(nCores / coresPerChip), lowerBound: 0, lowerBoundBy: 'none', interCoreSpikes: 0, interChipSpikes: 0, hopTraffic: 0, maxLinkLoad: 0, trafficWeighting: 'synapses' },
    } as Placement;
  }
  return null;
}
