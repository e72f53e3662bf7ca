import { diag, pointerJoin, type Diagnostic } from '@snnc/common';
import { CoreAccumulator, packInOrder, type SegmentUsage } from './packer.js';
import { coreOfSegmentation, coreTraffic } from './traffic.js';
import type { MapperView } from './view.js';

/**
 * The output-axon limit is the one per-core limit that depends on where *other* neurons live (a
 * neuron needs one output axon per distinct destination core), so packing cannot check it. We
 * check it afterwards and split offending cores into consecutive runs whose output axons fit.
 * A run of a feasible core is feasible for every other limit (fewer neurons, fewer axons, blocks
 * that only shrink), so splitting never breaks what packing guaranteed. Splitting can raise other
 * cores' counts (their neurons now reach one more core), so we iterate to a fixed point.
 */
/**
 * Packs `order` so that every limit holds, output axons included: a first packing tells each
 * neuron how many cores its targets occupy; if some core overflows its output axons, packing is
 * redone with those counts as a per-neuron cost (an estimate: targets move a little with the new
 * boundaries), and the few cores still over are split by repairOutputAxons.
 */
export interface PackResult {
  bounds: Int32Array;
  diagnostics: Diagnostic[];
  splits: number;
  /** exact usage of the cores when no split followed the packing */
  usage?: SegmentUsage;
}

export function packWithOutputAxons(view: MapperView, order: Int32Array, coresGuess: number): PackResult {
  const acc = new CoreAccumulator(view);
  const limit = view.target.core.maxOutputAxons;
  acc.outCap = Math.max(1, Math.floor(limit * 0.97));
  // First estimate without packing: cut the order into coresGuess equal runs and count each
  // neuron's distinct runs among its targets. Cheap (one pass over the synapses) and close enough
  // that usually one packing settles it.
  acc.outCost = estimateFanOut(view, order, Math.max(1, Math.floor(order.length / Math.max(1, coresGuess))));
  let bounds = packInOrder(view, order, acc);
  // Then re-pack with the fan-out of the actual packing (a running maximum, so estimates only
  // grow and the rounds settle); the splitter fixes whatever is still over.
  // Each round is a full packing: small networks can afford a few, huge ones two.
  const rounds = view.synapses > 20_000_000 ? 2 : 5;
  for (let round = 0; round < rounds; round++) {
    const t = coreTraffic(view, order, bounds, coreOfSegmentation(view, order, bounds), { matrix: false });
    let over = false;
    for (let c = 0; c < t.outputAxons.length && !over; c++) if (t.outputAxons[c] > limit) over = true;
    if (!over) return { bounds, diagnostics: [], splits: 0, usage: acc.lastUsage ?? undefined };
    if (round === rounds - 1) break;
    const f = t.neuronFanOutCores;
    const prev = acc.outCost;
    for (let i = 0; i < f.length; i++) if (prev[i] > f[i]) f[i] = prev[i];
    acc.outCost = f;
    // More headroom for the second packing: each round of checking is a pass over every synapse.
    // (Huge networks get more: a repair round there costs several seconds and a recount of usage.)
    acc.outCap = Math.max(1, Math.floor(limit * (view.synapses > 20_000_000 ? 0.9 : 0.94)));
    bounds = packInOrder(view, order, acc);
  }
  return repairOutputAxons(view, order, bounds);
}

/** Per global neuron: distinct runs of `run` consecutive positions of `order` among its targets. */
export function estimateFanOut(view: MapperView, order: Int32Array, run: number): Int32Array {
  const group = new Int32Array(view.neurons).fill(-1);
  for (let m = 0; m < order.length; m++) group[order[m]] = Math.floor(m / run);
  const groups = Math.ceil(order.length / run) + 1;
  const stamp = new Int32Array(groups).fill(-1);
  const out = new Int32Array(view.neurons);
  const { network, popOffset, popOfNeuron, outProjections, outPtr } = view;
  for (let j = 0; j < view.neurons; j++) {
    const p = popOfNeuron[j];
    if (view.isInputPop[p]) continue;
    const local = j - popOffset[p];
    let n = 0;
    for (const q of outProjections[p]) {
      const pr = network.projections[q];
      const rows = outPtr[q];
      const post = pr.post;
      const base = popOffset[pr.target];
      for (let e = rows[local], end = rows[local + 1]; e < end; e++) {
        const g = group[base + post[e]];
        if (stamp[g] !== j) { stamp[g] = j; n++; }
      }
    }
    out[j] = n;
  }
  return out;
}

export function repairOutputAxons(
  view: MapperView,
  order: Int32Array,
  bounds: Int32Array,
  maxIterations = 40,
): { bounds: Int32Array; diagnostics: Diagnostic[]; splits: number } {
  const limit = view.target.core.maxOutputAxons;
  let splits = 0;
  for (let iter = 0; iter < maxIterations; iter++) {
    const coreOf = coreOfSegmentation(view, order, bounds);
    const t = coreTraffic(view, order, bounds, coreOf, { matrix: false });
    let violating = 0;
    for (let c = 0; c < t.outputAxons.length; c++) if (t.outputAxons[c] > limit) violating++;
    if (violating === 0) return { bounds, diagnostics: [], splits };
    const next: number[] = [0];
    const stuck: number[] = [];
    // Late rounds: split offenders into single neurons, the end point that always exists.
    const singletons = iter >= maxIterations / 2;
    for (let c = 0; c + 1 < bounds.length; c++) {
      if (t.outputAxons[c] > limit && singletons) {
        for (let m = bounds[c] + 1; m < bounds[c + 1]; m++) { next.push(m); splits++; }
        if (bounds[c + 1] - bounds[c] === 1) stuck.push(order[bounds[c]]);
      } else if (t.outputAxons[c] > limit) {
        // Split below the limit, not at it: splitting this core makes the neurons that reach both
        // halves need one more output axon each, which would tip cores sitting at the limit.
        // Equal shares of the load, each below 0.9 x limit, rather than full runs and a stub.
        let load = 0;
        for (let m = bounds[c]; m < bounds[c + 1]; m++) load += t.neuronFanOutCores[order[m]];
        const parts = Math.ceil(load / Math.max(1, Math.floor(limit * 0.9)));
        const room = Math.max(1, Math.ceil(load / parts));
        let sum = 0;
        for (let m = bounds[c]; m < bounds[c + 1]; m++) {
          const f = t.neuronFanOutCores[order[m]];
          if (sum > 0 && sum + f > room) {
            next.push(m);
            splits++;
            sum = 0;
          }
          sum += f;
          if (f > limit) stuck.push(order[m]);
        }
      }
      next.push(bounds[c + 1]);
    }
    bounds = Int32Array.from(next);
    if (stuck.length > 0 && violating === stuck.length) {
      // Every offending core is a single neuron reaching too many cores: splitting cannot help.
      return { bounds, diagnostics: [fanOutDiagnostic(view, stuck[0], t.neuronFanOutCores[stuck[0]], stuck.length)], splits };
    }
  }
  return {
    bounds,
    splits,
    diagnostics: [diag('SNNC3006', `output-axon limit of ${limit} per core not met after ${maxIterations} rounds of splitting cores`, {
      pointer: '', expected: `<= ${limit} output axons per core (target /core/maxOutputAxons)`, found: 'cores still over the limit',
      fix: 'reduce long-range fan-out, or use a target with a larger maxOutputAxons',
    })],
  };
}

function fanOutDiagnostic(view: MapperView, j: number, cores: number, count: number): Diagnostic {
  const p = view.popOfNeuron[j];
  const pop = view.network.populations[p];
  const limit = view.target.core.maxOutputAxons;
  return diag('SNNC3005', `${pop.id} neuron ${j - view.popOffset[p]} reaches ${cores} cores > ${limit} output axons per core (${count} such neurons)`, {
    pointer: pointerJoin('/populations', p), expected: `<= ${limit} destination cores (target /core/maxOutputAxons)`, found: String(cores),
    fix: `reduce the fan-out of ${pop.id} so that its targets fit in ${limit} cores`,
  });
}
