import type { MapperView } from './view.js';

/**
 * Axons and spike traffic of an assignment of neurons to cores. One message travels per spike and
 * per (source neuron, destination core) pair, the pair an input axon of the destination and an
 * output axon of the source's core (docs/mapper.md §3). Its *weight* is, by default, the number of
 * synapses it feeds (traffic weighted by synapse counts); with an activity profile it is the
 * source's expected spikes per step.
 */

export interface TrafficOptions {
  /** per global neuron: firing rate (spikes per step); absent = weight messages by synapse count */
  rate?: Float64Array;
  /** build the core-to-core matrix (otherwise only axon counts) */
  matrix: boolean;
}

export interface CoreTraffic {
  /** per core: distinct (neuron, destination core) pairs of its neurons, own core included */
  outputAxons: Int32Array;
  /** per global neuron: number of distinct destination cores */
  neuronFanOutCores: Int32Array;
  /** directed core graph without self loops: row a = traffic from core a (CSR, columns ascending) */
  rowPtr: Int32Array;
  col: Int32Array;
  weight: Float64Array;
  /** per core: weight entering from the host port (input populations) */
  host: Float64Array;
  /** total weight staying within a core */
  intraCore: number;
}

/**
 * `order`/`bounds` give each core's members (a segmentation), `coreOf` the core of every
 * compartment neuron (-1 for inputs). O(synapses), no allocation per synapse.
 */
export function coreTraffic(view: MapperView, order: Int32Array, bounds: Int32Array, coreOf: Int32Array, opts: TrafficOptions): CoreTraffic {
  const k = bounds.length - 1;
  const { network, popOffset, popOfNeuron, outProjections, outPtr } = view;
  const projections = network.projections;
  const outputAxons = new Int32Array(k);
  const neuronFanOutCores = new Int32Array(view.neurons);
  const stampJ = new Int32Array(k).fill(-1);
  const synCount = new Float64Array(k);
  const touchedJ = new Int32Array(k);
  const stampA = new Int32Array(k).fill(-1);
  const accA = new Float64Array(k);
  const touchedA = new Int32Array(k);
  const host = new Float64Array(k);
  const rowPtr = new Int32Array(k + 1);
  let col = new Int32Array(opts.matrix ? Math.max(16, k * 4) : 0);
  let weight = new Float64Array(col.length);
  let nnz = 0;
  let intraCore = 0;
  const rate = opts.rate;

  // Visits neuron j's destination cores; returns how many distinct ones were found in touchedJ.
  const scan = (j: number): number => {
    const p = popOfNeuron[j];
    const local = j - popOffset[p];
    let nt = 0;
    for (const q of outProjections[p]) {
      const pr = projections[q];
      const rows = outPtr[q];
      const post = pr.post;
      const tBase = popOffset[pr.target];
      for (let e = rows[local], end = rows[local + 1]; e < end; e++) {
        const c = coreOf[tBase + post[e]];
        if (stampJ[c] !== j) {
          stampJ[c] = j;
          synCount[c] = 0;
          touchedJ[nt++] = c;
        }
        synCount[c]++;
      }
    }
    return nt;
  };

  for (let a = 0; a < k; a++) {
    let na = 0;
    for (let m = bounds[a]; m < bounds[a + 1]; m++) {
      const j = order[m];
      const nt = scan(j);
      neuronFanOutCores[j] = nt;
      outputAxons[a] += nt;
      if (!opts.matrix) continue;
      for (let x = 0; x < nt; x++) {
        const c = touchedJ[x];
        const w = rate ? rate[j] : synCount[c];
        if (c === a) { intraCore += w; continue; }
        if (stampA[c] !== a) { stampA[c] = a; accA[c] = 0; touchedA[na++] = c; }
        accA[c] += w;
      }
    }
    if (!opts.matrix) continue;
    const row = touchedA.subarray(0, na).sort();
    if (nnz + na > col.length) {
      const cap = Math.max(col.length * 2, nnz + na);
      const c2 = new Int32Array(cap); c2.set(col.subarray(0, nnz)); col = c2;
      const w2 = new Float64Array(cap); w2.set(weight.subarray(0, nnz)); weight = w2;
    }
    for (let x = 0; x < na; x++) { col[nnz] = row[x]; weight[nnz] = accA[row[x]]; nnz++; }
    rowPtr[a + 1] = nnz;
  }
  if (opts.matrix) {
    // Input populations: off-chip sources entering through the host port.
    for (let p = 0; p < network.populations.length; p++) {
      if (!view.isInputPop[p]) continue;
      for (let j = popOffset[p]; j < popOffset[p + 1]; j++) {
        const nt = scan(j);
        neuronFanOutCores[j] = nt;
        for (let x = 0; x < nt; x++) {
          const c = touchedJ[x];
          host[c] += rate ? rate[j] : synCount[c];
        }
      }
    }
  }
  return { outputAxons, neuronFanOutCores, rowPtr, col: col.slice(0, nnz), weight: weight.slice(0, nnz), host, intraCore };
}

/** coreOf from a segmentation (inputs stay -1). */
export function coreOfSegmentation(view: MapperView, order: Int32Array, bounds: Int32Array): Int32Array {
  const coreOf = new Int32Array(view.neurons).fill(-1);
  for (let c = 0; c + 1 < bounds.length; c++) for (let m = bounds[c]; m < bounds[c + 1]; m++) coreOf[order[m]] = c;
  return coreOf;
}

/** The same traffic with cores renumbered (`perm[old] = new`); rows and columns re-sorted. */
export function permuteTraffic(t: CoreTraffic, perm: Int32Array): CoreTraffic {
  const k = perm.length;
  const rowPtr = new Int32Array(k + 1);
  const outputAxons = new Int32Array(k);
  const host = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    rowPtr[perm[a] + 1] = t.rowPtr[a + 1] - t.rowPtr[a];
    outputAxons[perm[a]] = t.outputAxons[a];
    host[perm[a]] = t.host[a];
  }
  for (let a = 0; a < k; a++) rowPtr[a + 1] += rowPtr[a];
  const col = new Int32Array(t.col.length);
  const weight = new Float64Array(t.col.length);
  const idx: number[] = [];
  for (let a = 0; a < k; a++) {
    const start = rowPtr[perm[a]];
    idx.length = 0;
    for (let e = t.rowPtr[a]; e < t.rowPtr[a + 1]; e++) idx.push(e);
    idx.sort((x, y) => perm[t.col[x]] - perm[t.col[y]]);
    for (let n = 0; n < idx.length; n++) { col[start + n] = perm[t.col[idx[n]]]; weight[start + n] = t.weight[idx[n]]; }
  }
  return { outputAxons, neuronFanOutCores: t.neuronFanOutCores, rowPtr, col, weight, host, intraCore: t.intraCore };
}
