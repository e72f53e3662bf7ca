import type { MapperView } from './view.js';

/**
 * Interleaved topographic orders (locality strategy, small placements, docs/mapper.md §4 step 5).
 * In a layered network with topographic feed-forward windows, neuron x of one layer talks to
 * neurons near x of the next; packing population by population puts each layer on its own cores,
 * so every feed-forward synapse crosses between tiles. Cutting every population into the same
 * number of position ranges and ordering range by range (range 0 of every population, then range
 * 1 ...) packs matching ranges of all layers side by side instead, so that a tile holds a column
 * of the network. Where a range boundary falls matters: splitting a local circuit costs its dense
 * recurrent synapses, so each boundary is moved, within a quarter of a range, to where the fewest
 * of the population's own (recurrent) synapses cross it; with no such synapses it stays at the
 * even split. This is a candidate order: it wins only where it packs into no more cores and lays
 * out cheaper (on the 10k bench: 5 ranges, docs/benchmarks.md "Small-placement search").
 */
/** The range counts tried (each one more packing and layout of the small network). */
export const INTERLEAVE_RANGES: readonly number[] = [3, 4, 5, 6];

export function interleavedOrder(view: MapperView, ranges: number): Int32Array {
  const { network, popOffset, isInputPop } = view;
  const pops: number[] = [];
  for (let p = 0; p < network.populations.length; p++) if (!isInputPop[p]) pops.push(p);
  const cuts = pops.map((p) => rangeBounds(view, p, ranges));
  const out = new Int32Array(view.compartmentNeurons);
  let m = 0;
  for (let r = 0; r < ranges; r++) {
    for (let x = 0; x < pops.length; x++) {
      const base = popOffset[pops[x]];
      for (let i = cuts[x][r]; i < cuts[x][r + 1]; i++) out[m++] = base + i;
    }
  }
  return out;
}

/** Range boundaries of population p (ranges + 1 local indices, 0 and size at the ends). */
function rangeBounds(view: MapperView, p: number, ranges: number): Int32Array {
  const size = view.popOffset[p + 1] - view.popOffset[p];
  // crossing[x] = recurrent synapses between local indices < x and >= x (difference array)
  const crossing = new Float64Array(size + 1);
  for (const pr of view.network.projections) {
    if (pr.source !== p || pr.target !== p) continue;
    for (let e = 0; e < pr.pre.length; e++) {
      const a = Math.min(pr.pre[e], pr.post[e]), b = Math.max(pr.pre[e], pr.post[e]);
      if (a === b) continue;
      crossing[a + 1]++;
      crossing[b + 1]--;
    }
  }
  for (let x = 1; x <= size; x++) crossing[x] += crossing[x - 1];
  const out = new Int32Array(ranges + 1);
  out[ranges] = size;
  const slack = Math.floor(size / (4 * ranges));
  for (let r = 1; r < ranges; r++) {
    const ideal = Math.round((r * size) / ranges);
    let best = ideal;
    for (let x = Math.max(out[r - 1] + 1, ideal - slack); x <= Math.min(size - 1, ideal + slack); x++) {
      const d = crossing[x] - crossing[best];
      if (d < 0 || (d === 0 && Math.abs(x - ideal) < Math.abs(best - ideal))) best = x;
    }
    out[r] = Math.max(out[r - 1], Math.min(size, best));
  }
  return out;
}
