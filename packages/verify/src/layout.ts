/**
 * The static half of verification: reads the synapse memory of a chip image back into
 * (projection, pre, post, weight) form and compares it with the lowered network, before a single
 * step runs. Every synapse must appear exactly once, in the core of its postsynaptic neuron, with
 * its weight, exponent and delay (§2.2, §2.3); a plastic synapse must carry its canonical index
 * (§1.4). The axon -> source neuron map is recovered from the image's own routing tables (core
 * routes and host ports), so a routing error shows here too.
 */
import { populationOffsets, type LoweredNetwork } from '@snnc/ir';
import { BlockCursor, B_DELAY, B_PROJECTION, B_WEIGHT_EXP, NO_SYNAPSE, type ChipImage } from '@snnc/image';

export interface LayoutMismatch {
  projection: number;
  /** canonical synapse index (-1 when the image holds a synapse the network lacks) */
  synapse: number;
  pre: number;
  post: number;
  field: string;
  reference: number | string;
  emulator: number | string;
  core: number;
}

/** Canonical index of (pre, post) in a (pre, post)-sorted projection, -1 if absent. */
function findSynapse(pre: Uint32Array, post: Uint32Array, j: number, i: number): number {
  let lo = 0, hi = pre.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = pre[mid] - j || post[mid] - i;
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** First mismatch between the image's synapse memory and the network, or null when they agree. */
export function checkImageLayout(net: LoweredNetwork, image: ChipImage): LayoutMismatch | null {
  const pops = net.populations;
  const off = populationOffsets(net);
  const popOf = (g: number) => {
    let p = 0;
    while (off[p + 1] <= g) p++;
    return p;
  };
  const coreIndex = new Map<number, number>();
  image.cores.forEach((c, i) => coreIndex.set(c.id, i));
  // axon source: every route (core route table, host port) names (core, axon) <- source neuron
  const axonSource = image.cores.map((c) => new Int32Array(c.synapses.axonBlocks.length).fill(-1));
  let bad: LayoutMismatch | null = null;
  const claim = (src: number, core: number, axon: number) => {
    const ci = coreIndex.get(core);
    if (ci === undefined || axon >= axonSource[ci].length) return;
    const prev = axonSource[ci][axon];
    if (prev !== -1 && prev !== src && !bad) {
      bad = { projection: -1, synapse: -1, pre: src, post: -1, field: 'axon source', reference: prev, emulator: src, core };
    }
    axonSource[ci][axon] = src;
  };
  image.cores.forEach((c) => {
    let r = 0;
    for (let s = 0; s < c.routeCount.length; s++) {
      const src = off[c.probePopulation[s]] + c.probeNeuron[s];
      for (let k = 0; k < c.routeCount[s]; k++, r++) claim(src, c.routeCore[r], c.routeAxon[r]);
    }
  });
  for (const h of image.hostPorts) for (let k = 0; k < h.core.length; k++) claim(off[h.population] + h.neuron, h.core[k], h.axon[k]);
  if (bad) return bad;

  const seen = net.projections.map((q) => new Uint8Array(q.pre.length));
  for (let ci = 0; ci < image.cores.length; ci++) {
    const c = image.cores[ci];
    // one cursor over the image's flat synapse memory (no object per block)
    const sm = c.synapses;
    const cur = new BlockCursor(sm);
    while (cur.next()) {
      const src = axonSource[ci][cur.axon];
      const projection = cur.field(B_PROJECTION) >>> 0, delay = cur.field(B_DELAY), weightExp = cur.field(B_WEIGHT_EXP);
      const dense = cur.dense;
      const q = net.projections[projection];
      const mism = (synapse: number, pre: number, post: number, field: string, reference: number | string, emulator: number | string): LayoutMismatch =>
        ({ projection, synapse, pre, post, field, reference, emulator, core: c.id });
      if (!q) return mism(-1, -1, -1, 'projection', 'none', projection);
      if (src < 0 || popOf(src) !== q.source) return mism(-1, src, -1, 'axon source', `a neuron of ${pops[q.source].id}`, src);
      if (delay !== q.delay) return mism(-1, src - off[q.source], -1, 'delay', q.delay, delay);
      if (weightExp !== q.weightExp) return mism(-1, src - off[q.source], -1, 'weightExp', q.weightExp, weightExp);
      const j = src - off[q.source];
      for (let k = 0; k < cur.n; k++) {
        const slot = cur.slot(k);
        const w = sm.weights[cur.weight0 + k];
        const plasticIdx = cur.nIndex ? sm.synapseIndex[cur.index0 + k] : -1;
        if (plasticIdx === NO_SYNAPSE) continue; // hole of a plastic dense block
        const tp = c.probePopulation[slot], tn = c.probeNeuron[slot];
        if (tp !== q.target) {
          if (dense && w === 0 && plasticIdx < 0) continue; // hole of a static dense block
          return mism(-1, j, tn, 'target population', pops[q.target].id, pops[tp]?.id ?? tp);
        }
        const s = findSynapse(q.pre, q.post, j, tn);
        if (s < 0) {
          if (dense && w === 0 && plasticIdx < 0) continue; // a zero-weight gap is no synapse
          return mism(-1, j, tn, 'synapse', 'absent', 'present');
        }
        if (seen[projection][s]++) return mism(s, j, tn, 'synapse count', 1, seen[projection][s]);
        if (w !== q.weight[s]) return mism(s, j, tn, 'weight', q.weight[s], w);
        const plastic = q.plasticity !== 'none';
        if (plastic !== plasticIdx >= 0 || (plastic && plasticIdx !== s)) return mism(s, j, tn, 'canonical index', plastic ? s : 'none', plasticIdx);
      }
    }
  }
  for (let q = 0; q < net.projections.length; q++) {
    const s = seen[q].indexOf(0);
    if (s >= 0) {
      const pr = net.projections[q];
      return { projection: q, synapse: s, pre: pr.pre[s], post: pr.post[s], field: 'synapse count', reference: 1, emulator: 0, core: -1 };
    }
  }
  return null;
}
