import { CoreAccumulator, type SegmentUsage } from './packer.js';
import { repairOutputAxons, type PackResult } from './fanout.js';
import { coreOfSegmentation, coreTraffic } from './traffic.js';
import type { MapperView } from './view.js';

/**
 * First-fit packing (locality strategy, small networks, docs/mapper.md §4): every core stays
 * open; each neuron, in the given order, joins the first core that accepts it under every
 * post-side limit (the exact accounting of packer.ts, one accumulator per core; slots in order of
 * arrival), else opens a new core. Next-fit (packInOrder) closes a core at the first neuron that
 * does not fit, so a heavy neuron (a readout with thousands of inputs) strands the room a light
 * one could have used; first-fit gives that room back. Output axons depend on where targets end
 * up: they are counted afterwards and the cores over the limit are split (fanout.ts), as for
 * next-fit. Work O(neurons x cores x in-degree) and one accumulator per core, so it runs only
 * while neurons x cores stays under FIRST_FIT_MAX_CELLS; returns undefined beyond.
 */
export const FIRST_FIT_MAX_CELLS = 1 << 18;

export function packFirstFit(view: MapperView, order: Int32Array): (PackResult & { order: Int32Array }) | undefined {
  const maxCores = Math.max(1, Math.floor(FIRST_FIT_MAX_CELLS / Math.max(1, view.neurons)));
  const accs: CoreAccumulator[] = [];
  const members: number[][] = [];
  for (let m = 0; m < order.length; m++) {
    const i = order[m];
    let placed = false;
    for (let c = 0; c < accs.length && !placed; c++) {
      if (accs[c].tryAdd(i)) { accs[c].add(i); members[c].push(i); placed = true; }
    }
    if (placed) continue;
    if (accs.length >= maxCores) return undefined;
    const acc = new CoreAccumulator(view);
    acc.open();
    acc.add(i);
    accs.push(acc);
    members.push([i]);
  }
  const k = accs.length;
  const out = new Int32Array(order.length);
  const bounds = new Int32Array(k + 1);
  for (let c = 0, m = 0; c < k; c++) {
    for (const i of members[c]) out[m++] = i;
    bounds[c + 1] = m;
  }
  const t = coreTraffic(view, out, bounds, coreOfSegmentation(view, out, bounds), { matrix: false });
  let over = false;
  for (let c = 0; c < k && !over; c++) if (t.outputAxons[c] > view.target.core.maxOutputAxons) over = true;
  if (over) return { ...repairOutputAxons(view, out, bounds), order: out };
  const usage: SegmentUsage = {
    compartments: Int32Array.from(accs, (a) => a.compartments), inputAxons: Int32Array.from(accs, (a) => a.inputAxons),
    synapseBits: Float64Array.from(accs, (a) => a.synapseBits), learningStateBits: Float64Array.from(accs, (a) => a.learningStateBits),
    synapses: Float64Array.from(accs, (a) => a.synapses), configs: Int32Array.from(accs, (a) => a.configs),
  };
  return { bounds, diagnostics: [], splits: 0, usage, order: out };
}

/**
 * Populations by decreasing synapse bits per neuron (sparse rate, whole in-degree), neurons in id
 * order inside each: first-fit decreasing at the granularity of populations, so heavy neurons
 * (readouts) take their cores first and light ones fill the rest.
 */
export function heavyFirstOrder(view: MapperView): Int32Array {
  const { network, popOffset, isInputPop, inPtr, inProj, coster } = view;
  const nPops = network.populations.length;
  const mean = new Float64Array(nPops);
  for (let p = 0; p < nPops; p++) {
    if (isInputPop[p]) continue;
    let bits = 0;
    for (let i = popOffset[p]; i < popOffset[p + 1]; i++) for (let e = inPtr[i]; e < inPtr[i + 1]; e++) bits += coster[inProj[e]].sparsePerSynapse;
    mean[p] = bits / Math.max(1, popOffset[p + 1] - popOffset[p]);
  }
  const pops = Array.from({ length: nPops }, (_, p) => p).filter((p) => !isInputPop[p]).sort((a, b) => mean[b] - mean[a] || a - b);
  const out = new Int32Array(view.compartmentNeurons);
  let m = 0;
  for (const p of pops) for (let i = popOffset[p]; i < popOffset[p + 1]; i++) out[m++] = i;
  return out;
}
