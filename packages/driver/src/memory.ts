import v8 from 'node:v8';
import { diag, type Diagnostic } from '@snnc/common';

/**
 * Up-front refusal instead of a heap crash (issue 14, item 4): the chip image (codegen's output,
 * and what decoding a .snnc file rebuilds) holds JavaScript objects per synapse, so compiling or
 * emulating a large network can exhaust Node's heap ("JavaScript heap out of memory", exit 134)
 * minutes into a run. Before that work starts we estimate the heap it needs from the synapse
 * count (or the image file's size) and refuse with the estimate, the limit and the fix when it
 * would not fit.
 *
 * Calibration (docs/benchmarks.md "Emulation memory"): `snnc bench emulator` networks on loihi2,
 * heap retained after compile and load: 365 B/synapse at 2.0M synapses, 383 B/synapse at 4.0M
 * (growing with size), image files 54 B/synapse. The estimate adds headroom for the peak during
 * construction: 450 B per synapse, 8.5 heap bytes per image-file byte, plus 150 MB of baseline.
 */
export const HEAP_BYTES_PER_SYNAPSE = 450;
export const HEAP_BYTES_PER_IMAGE_BYTE = 8.5;
export const HEAP_BASELINE_BYTES = 150e6;
/** refuse above this share of the heap limit (the rest of the process needs room too) */
export const HEAP_SHARE = 0.9;

export interface MemoryEstimate {
  heapBytes: number;
  limitBytes: number;
  fits: boolean;
}

export function heapLimitBytes(): number {
  return v8.getHeapStatistics().heap_size_limit;
}

export function estimateHeap(o: { synapses?: number; imageBytes?: number }, limitBytes = heapLimitBytes()): MemoryEstimate {
  const perSynapse = (o.synapses ?? 0) * HEAP_BYTES_PER_SYNAPSE;
  const perImage = (o.imageBytes ?? 0) * HEAP_BYTES_PER_IMAGE_BYTE;
  const heapBytes = HEAP_BASELINE_BYTES + Math.max(perSynapse, perImage);
  return { heapBytes, limitBytes, fits: heapBytes <= HEAP_SHARE * limitBytes };
}

/** SNNC4330 when the estimate does not fit; undefined otherwise. `what`: "compiling 10,000,000 synapses". */
export function heapRefusal(what: string, e: MemoryEstimate): Diagnostic | undefined {
  if (e.fits) return undefined;
  const gb = (b: number) => (b / 1e9).toFixed(1);
  const needMB = Math.ceil(e.heapBytes / HEAP_SHARE / 1e6 / 256) * 256;
  return diag('SNNC4330', `${what} needs about ${gb(e.heapBytes)} GB of JavaScript heap (estimate: ${HEAP_BYTES_PER_SYNAPSE} bytes per synapse for the chip image), more than this process may use (${gb(e.limitBytes)} GB heap limit)`, {
    pointer: '', expected: `<= ${gb(HEAP_SHARE * e.limitBytes)} GB (${Math.round(HEAP_SHARE * 100)}% of the heap limit)`, found: `${gb(e.heapBytes)} GB`,
    fix: `run with a larger heap, e.g. NODE_OPTIONS=--max-old-space-size=${needMB} (needs that much free memory), or a smaller network`,
  });
}
