import { constants as bufferConstants } from 'node:buffer';
import os from 'node:os';
import v8 from 'node:v8';
import { diag, type Diagnostic } from '@snnc/common';
import { sizeRefusal, type SynapseEstimate } from '@snnc/ir';

/**
 * Up-front refusal instead of running out of memory minutes into a run (issue 14, item 4). The
 * synapse memory is typed arrays from compile to emulate (one flat form, issue 13 item 3), so it
 * lives outside Node's JavaScript heap: the heap now grows by a few bytes per synapse, and what
 * runs out first is the machine's memory. Before compiling or loading, the tool estimates both
 * from the synapse count (or the image file's size) and refuses with the estimate, the limit and
 * the fix when either would not fit.
 *
 * Calibration (docs/benchmarks.md "Emulation memory", `scripts/bench-memory.mjs`): `snnc bench
 * emulator` networks on loihi2, compile + load + 50 steps, default allocator. JavaScript heap
 * retained: 15 MB at 10.1M synapses, 37 MB at 25.3M (1.5 B/synapse; heap total at most 92 MB).
 * Peak RSS after issue 14 item 4's memory work: 205 B/synapse at 1.0M synapses (Node's own
 * ~50 MB is a quarter of it), 178 at 2.0M, 155 at 10.1M (2,580 cores), 164 at 25.3M (6,820 cores).
 * After the emulator's tables were narrowed (evening): 153 at 2.0M, 122 at 10.1M (125 on two
 * threads), 127 at 25.3M. It grows with the mesh (the NoC link lists: 8 -> 19 B/synapse of
 * Delivery between those two), so the estimate keeps a margin for larger meshes: 180 memory bytes
 * per synapse (an over-estimate: refusing is better than a crash minutes in), or per image-file
 * byte 5.5 (the file, the decoded image and the emulator's tables; not re-measured, those only
 * shrank). Heap: 16 bytes per synapse.
 */
export const HEAP_BYTES_PER_SYNAPSE = 16;
export const HEAP_BYTES_PER_IMAGE_BYTE = 1;
export const HEAP_BASELINE_BYTES = 150e6;
export const MEMORY_BYTES_PER_SYNAPSE = 180;
export const MEMORY_BYTES_PER_IMAGE_BYTE = 5.5;
export const MEMORY_BASELINE_BYTES = 150e6;
/**
 * A caller that knows its network's locality may pass its own figure (`memoryBytesPerSynapse`):
 * `snnc bench emulator --network smallworld` (the mapper's local network) peaks at 29-39 bytes per
 * synapse end to end at 10-100M synapses, 57-64 with --image-out (docs/benchmarks.md "The small-world
 * bench network"), against 119-127 for the random network, whose near one-block-per-synapse layout
 * the default above is calibrated on. 80 keeps a margin over all of those.
 */
export const LOCAL_MEMORY_BYTES_PER_SYNAPSE = 80;
/** refuse above this share of a limit (the rest of the process and the machine need room too) */
export const HEAP_SHARE = 0.9;

/**
 * Input samples held at once (verify draws or encodes each as it runs, and counts one): measured 205 JavaScript-heap bytes per sample
 * (the typed array and buffer objects, the array slot, the label) and 416 bytes of memory besides
 * the raster's own T x inputs bytes (1M samples of 512 bytes, Node 22); with a margin.
 */
export const HEAP_BYTES_PER_SAMPLE = 240;
export const MEMORY_BYTES_PER_SAMPLE = 480;

/**
 * What a verification run keeps of every step and sample it has run, however its inputs are drawn
 * (verify's VerifyResult): each step's spike count (spikesPerStep) and each sample's label, numbers
 * in JavaScript arrays, and both sides' predictions (two Int32 entries). An array of small integers
 * takes 8 bytes an entry (Node 20 and 22, no pointer compression) and grows by half again by
 * copying, the old store alive beside the new: up to 2.5 x 8 = 20 bytes an entry while it grows.
 * Measured (`verifySpec` of examples/srsnn-small.json on test-tiny, 10-step samples, 1M against
 * 4M steps, Node 20): 8.3 heap bytes per step retained after a full GC, 10.3 at the peak sampled
 * every 500 samples (which misses the copies), 11 of peak RSS.
 */
export const HEAP_BYTES_PER_KEPT_STEP = 20;
/**
 * One input sample is one typed array of T x inputs bytes, and Node allocates none longer than
 * this (2^32 bytes on Node 20): a longer sample cannot be drawn whatever the machine's memory.
 */
export const MAX_SAMPLE_BYTES = bufferConstants.MAX_LENGTH;
export const HEAP_BYTES_PER_KEPT_SAMPLE = 20;
export const MEMORY_BYTES_PER_KEPT_SAMPLE = HEAP_BYTES_PER_KEPT_SAMPLE + 8;

export interface MemoryEstimate {
  /** JavaScript heap, against the process's heap limit */
  heapBytes: number;
  limitBytes: number;
  /** all memory (heap + typed arrays), against the machine's memory */
  memoryBytes: number;
  memoryLimitBytes: number;
  /** the per-synapse figure used (MEMORY_BYTES_PER_SYNAPSE unless the caller gave one) */
  memoryBytesPerSynapse: number;
  /** input samples held at once, when counted (HEAP_BYTES_PER_SAMPLE, MEMORY_BYTES_PER_SAMPLE + their bytes each) */
  samples?: number;
  /** the bytes of one of them (T x inputs), when counted: at most MAX_SAMPLE_BYTES */
  sampleBytes?: number;
  /** steps and samples whose record a verification run keeps, when counted (HEAP_BYTES_PER_KEPT_STEP, _SAMPLE) */
  kept?: { steps: number; samples: number };
  /** the sums above by what they grow with (baselines left out), so a refusal names the largest */
  heapTerms: EstimateTerms;
  memoryTerms: EstimateTerms;
  fits: boolean;
}

/** network: synapses (or image bytes); held: input samples held; rasters: their bytes; kept: a run's record. */
export interface EstimateTerms {
  network: number;
  held: number;
  rasters: number;
  kept: number;
}

export function heapLimitBytes(): number {
  return v8.getHeapStatistics().heap_size_limit;
}

export function estimateHeap(
  o: { synapses?: number; imageBytes?: number; memoryBytesPerSynapse?: number; samples?: number; sampleBytes?: number; kept?: { steps: number; samples: number } },
  limitBytes = heapLimitBytes(),
  memoryLimitBytes = os.totalmem(),
): MemoryEstimate {
  const s = o.synapses ?? 0, b = o.imageBytes ?? 0, n = o.samples ?? 0;
  const keptHeap = o.kept ? o.kept.steps * HEAP_BYTES_PER_KEPT_STEP + o.kept.samples * HEAP_BYTES_PER_KEPT_SAMPLE : 0;
  const keptMemory = o.kept ? o.kept.steps * HEAP_BYTES_PER_KEPT_STEP + o.kept.samples * MEMORY_BYTES_PER_KEPT_SAMPLE : 0;
  const perSynapse = o.memoryBytesPerSynapse ?? MEMORY_BYTES_PER_SYNAPSE;
  const heapTerms: EstimateTerms = { network: Math.max(s * HEAP_BYTES_PER_SYNAPSE, b * HEAP_BYTES_PER_IMAGE_BYTE), held: n * HEAP_BYTES_PER_SAMPLE, rasters: 0, kept: keptHeap };
  const memoryTerms: EstimateTerms = { network: Math.max(s * perSynapse, b * MEMORY_BYTES_PER_IMAGE_BYTE), held: n * MEMORY_BYTES_PER_SAMPLE, rasters: n * (o.sampleBytes ?? 0), kept: keptMemory };
  const sum = (t: EstimateTerms) => t.network + t.held + t.rasters + t.kept;
  const heapBytes = HEAP_BASELINE_BYTES + sum(heapTerms);
  const memoryBytes = MEMORY_BASELINE_BYTES + sum(memoryTerms);
  return {
    heapBytes, limitBytes, memoryBytes, memoryLimitBytes, memoryBytesPerSynapse: perSynapse, heapTerms, memoryTerms,
    ...(n > 0 ? { samples: n, sampleBytes: o.sampleBytes ?? 0 } : {}),
    ...(o.kept ? { kept: o.kept } : {}),
    fits: heapBytes <= HEAP_SHARE * limitBytes && memoryBytes <= HEAP_SHARE * memoryLimitBytes && (n === 0 || (o.sampleBytes ?? 0) <= MAX_SAMPLE_BYTES),
  };
}

/**
 * Expansion (the IR's expandSpec) and lowering peak at about 18 bytes per synapse: the graph's
 * Uint32 pre and post and Float64 weight (16 bytes), then the lowered weights. Measured: `snnc
 * validate` of examples/srsnn-small.json with its first layer at 65,535 neurons (216,105,035
 * synapses), 2026-12-07, 2 cores under load 5: 3,458,520 KB peak RSS (16.4 B/synapse, KB of 1,024) in 29.5 s,
 * and with `--target loihi2` 3,876,720 KB (18.4) in 38 s. Before the synapse lists stopped copying
 * themselves when nearly full (ir synapses.ts), 8,470,244 KB (40.1) in 59 s and 80 s. The margin
 * keeps a refusal ahead of the kernel's.
 */
export const EXPANSION_BYTES_PER_SYNAPSE = 24;
/** Time to expand and lower one synapse, for telling a user up front that a run will be long (measured above: 0.18 µs under load). */
export const EXPANSION_MS_PER_SYNAPSE = 2e-4;

/**
 * SNNC4330 before expanding a spec whose synapse estimate (the IR's, from sizes and densities)
 * would not fit this machine's memory: located at the field that contributes most, with the value
 * that fits, as the IR's expansion limit is. Before, `snnc validate` of a 300M-synapse spec (within
 * that limit) took about 12 GB at 40 bytes per synapse, since then 5.5 GB at 18: a smaller machine's
 * kernel killed it.
 */
export function expansionRefusal(estimate: SynapseEstimate, file: string | undefined, memoryLimitBytes = os.totalmem()): Diagnostic | undefined {
  const limit = Math.max(0, Math.floor((HEAP_SHARE * memoryLimitBytes - MEMORY_BASELINE_BYTES) / EXPANSION_BYTES_PER_SYNAPSE));
  const r = sizeRefusal(estimate, limit, `more than expanding it can hold in this machine's memory (${(memoryLimitBytes / 1e9).toFixed(1)} GB, about ${EXPANSION_BYTES_PER_SYNAPSE} bytes per synapse while expanding)`);
  return r && diag(HEAP_REFUSAL_CODE, r.message, { file, pointer: r.pointer, expected: r.expected, found: r.found, fix: `${r.fix}; or use a machine with more memory` });
}

/** The code of heapRefusal's diagnostic. */
export const HEAP_REFUSAL_CODE = 'SNNC4330';

/** SNNC4330 when the estimate does not fit; undefined otherwise. `what`: "compiling 10,000,000 synapses". */
export function heapRefusal(what: string, e: MemoryEstimate): Diagnostic | undefined {
  if (e.fits) return undefined;
  const gb = (b: number) => (b / 1e9).toFixed(1);
  if (e.sampleBytes !== undefined && e.sampleBytes > MAX_SAMPLE_BYTES) {
    return diag(HEAP_REFUSAL_CODE, `${what}: one sample's input is a single array of ${e.sampleBytes} bytes (steps x inputs), longer than any Node.js allocates (${MAX_SAMPLE_BYTES} bytes)`, {
      pointer: '', expected: `<= ${MAX_SAMPLE_BYTES} bytes per sample`, found: `${e.sampleBytes} bytes`,
      fix: 'fewer timesteps per sample or a smaller input population',
    });
  }
  // what the estimate grows with, by its largest term: a long sample of a small network was
  // described by the per-step cost of what a run keeps, a large network with one sample by the samples held
  const kept = (perSample: number) => `${HEAP_BYTES_PER_KEPT_STEP} bytes per step and ${perSample} per sample run, kept in the result`;
  const largest = (t: EstimateTerms): keyof EstimateTerms => (['network', 'held', 'kept', 'rasters'] as const).reduce((a, k) => (t[k] > t[a] ? k : a));
  if (e.heapBytes > HEAP_SHARE * e.limitBytes) {
    const needMB = Math.ceil(e.heapBytes / HEAP_SHARE / 1e6 / 256) * 256;
    const estimate = { kept: kept(HEAP_BYTES_PER_KEPT_SAMPLE), held: `${HEAP_BYTES_PER_SAMPLE} bytes per input sample held`, rasters: 'input rasters (off the heap)', network: `${HEAP_BYTES_PER_SYNAPSE} bytes per synapse` }[largest(e.heapTerms)];
    return diag(HEAP_REFUSAL_CODE, `${what} needs about ${gb(e.heapBytes)} GB of JavaScript heap (estimate: ${estimate}), more than this process may use (${gb(e.limitBytes)} GB heap limit)`, {
      pointer: '', expected: `<= ${gb(HEAP_SHARE * e.limitBytes)} GB (${Math.round(HEAP_SHARE * 100)}% of the heap limit)`, found: `${gb(e.heapBytes)} GB`,
      fix: `run with a larger heap, e.g. NODE_OPTIONS=--max-old-space-size=${needMB} (needs that much free memory), or a smaller network`,
    });
  }
  const top = largest(e.memoryTerms);
  const estimate = {
    rasters: `${e.samples} input raster(s) of ${e.sampleBytes} bytes each (steps x inputs), ${gb(e.memoryTerms.rasters)} GB`,
    kept: kept(MEMORY_BYTES_PER_KEPT_SAMPLE),
    held: `${MEMORY_BYTES_PER_SAMPLE} bytes per input sample held besides its raster`,
    network: `${e.memoryBytesPerSynapse} bytes per synapse, mostly typed arrays`,
  }[top];
  return diag(HEAP_REFUSAL_CODE, `${what} needs about ${gb(e.memoryBytes)} GB of memory (estimate: ${estimate}), more than this machine has (${gb(e.memoryLimitBytes)} GB)`, {
    pointer: '', expected: `<= ${gb(HEAP_SHARE * e.memoryLimitBytes)} GB (${Math.round(HEAP_SHARE * 100)}% of the machine's memory)`, found: `${gb(e.memoryBytes)} GB`,
    fix: top === 'rasters' ? 'fewer timesteps per sample, fewer samples, or a smaller input population' : 'use a machine with more memory, or a smaller network',
  });
}
