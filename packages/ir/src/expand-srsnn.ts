import { Rng } from '@snnc/common';
import { resolveSrlif } from './check-common.js';
import { smallWorldDegree } from './check-srsnn.js';
import type { SmallWorld, SrsnnSpec, WeightDist } from './generated/spec.js';
import { IR_VERSION, type Graph, type GraphPopulation, type GraphProjection, type Plasticity, type ProjectionKind } from './graph.js';
import { buildModulatory } from './expand-learning.js';
import { bernoulliIndices, binomialCapacity, SynapseList, sortPrePost } from './synapses.js';
import { drawWeights } from './weights.js';

/**
 * srsnn spec -> Graph. Populations: input (layer 0), hidden L1..LK (layer k), readout.
 * Projections, in this canonical order (the order fixes projection indices, §1.4):
 *   for k = 1..K: `ff:<Lk>` (L(k-1) -> Lk), `rec:<Lk>` (Lk -> Lk);
 *   then `lr:<Lk>` (Lk -> readout) for each long-range source in the order listed;
 *   then `lr:<Ls>:<Lt>` for each inter-layer shortcut in the order listed.
 * Each projection draws from rng.fork(projectionId) only, so adding or resizing one projection
 * never changes another's synapses.
 */
export function expandSrsnn(spec: SrsnnSpec, rng: Rng): Graph {
  const learns = spec.learning?.enabled === true;
  const populations: GraphPopulation[] = [];
  populations.push({
    id: spec.input.id,
    index: 0,
    size: spec.input.size,
    role: 'input',
    layer: 0,
    model: 'input',
    params: null,
    ...(spec.input.shape ? { shape: [...spec.input.shape] } : {}),
    ...(spec.input.graded === true ? { graded: true as const } : {}),
    specPointer: '/input',
  });
  spec.layers.forEach((l, k) => {
    populations.push({
      id: l.id,
      index: k + 1,
      size: l.size,
      role: 'hidden',
      layer: k + 1,
      model: 'srlif',
      params: resolveSrlif(spec.neuron, l.neuron),
      specPointer: `/layers/${k}`,
    });
  });
  const readoutIndex = populations.length;
  const r = spec.readout;
  populations.push({
    id: r.id,
    index: readoutIndex,
    size: r.classes * r.neuronsPerClass,
    role: 'readout',
    layer: -1,
    model: 'srlif',
    params: resolveSrlif(spec.neuron, r.neuron),
    classes: r.classes,
    neuronsPerClass: r.neuronsPerClass,
    specPointer: '/readout',
  });
  const indexOf = new Map(populations.map((p) => [p.id, p.index]));

  const projections: GraphProjection[] = [];
  const add = (
    id: string,
    source: number,
    target: number,
    kind: ProjectionKind,
    plastic: boolean | undefined,
    delay: number | undefined,
    specPointer: string,
    syn: { pre: Uint32Array; post: Uint32Array; weight: Float64Array },
  ) => {
    const rule: Plasticity = learns && plastic ? (target === readoutIndex ? 'delta' : 'threeFactor') : 'none';
    projections.push({ id, index: projections.length, source, target, kind, delay: delay ?? 1, plasticity: rule, specPointer, ...syn });
  };

  spec.layers.forEach((l, k) => {
    const src = populations[k];
    const tgt = populations[k + 1];
    const ffId = `ff:${l.id}`;
    const ff = l.feedforward;
    add(ffId, src.index, tgt.index, 'ff', ff.plastic, ff.delay, `/layers/${k}/feedforward`, randomProjection(rng.fork(ffId), ff.density, ff.weight, src.size, tgt.size));
    const recId = `rec:${l.id}`;
    const rec = l.recurrent;
    add(recId, tgt.index, tgt.index, 'rec', rec.plastic, rec.delay, `/layers/${k}/recurrent`, microcircuits(rng.fork(recId), l.size, rec.microcircuitSize, rec.density, rec.interDensity ?? 0, rec.weight));
  });
  for (const id of spec.longRange.sources) {
    const src = populations[indexOf.get(id)!];
    const pid = `lr:${id}`;
    const lr = spec.longRange;
    const rank = lr.centres === 'class-interleaved' ? classInterleavedRank(spec.readout.classes, spec.readout.neuronsPerClass) : undefined;
    add(pid, src.index, readoutIndex, 'lr', lr.plastic, lr.delay, '/longRange', smallWorld(rng.fork(pid), lr, src.size, populations[readoutIndex].size, rank));
  }
  (spec.interLayerLongRange ?? []).forEach((s, i) => {
    const src = populations[indexOf.get(s.source)!];
    const tgt = populations[indexOf.get(s.target)!];
    const pid = `lr:${s.source}:${s.target}`;
    add(pid, src.index, tgt.index, 'lr', s.plastic, s.delay, `/interLayerLongRange/${i}`, smallWorld(rng.fork(pid), s, src.size, tgt.size));
  });

  const learning =
    learns && spec.learning
      ? {
          readout: readoutIndex,
          gamma: spec.learning.gamma,
          rival: spec.learning.rival,
          etaOut: spec.learning.etaOut,
          eta: spec.learning.eta,
          lambdaE: spec.learning.lambdaE,
          lambdaM: spec.learning.lambdaM,
          modulatory: spec.layers.map((l, k) =>
            buildModulatory(rng, populations[k + 1], spec.learning!.modulatory.perLayer?.[k] ?? spec.learning!.modulatory.m, r.classes, spec.learning!, {
              readout: populations[readoutIndex],
              projections,
            }, k),
          ),
          ...(spec.learning.wMax !== undefined ? { wMax: spec.learning.wMax } : {}),
          ...(spec.learning.rateReg ? { rateReg: spec.learning.rateReg } : {}),
          ...(spec.learning.readoutDecay ? { readoutDecay: spec.learning.readoutDecay } : {}),
          ...(spec.learning.readoutScore === 'potential' ? { readoutScore: 'potential' as const } : {}),
          ...(spec.learning.eligibility === 'causal' ? { eligibility: 'causal' as const } : {}),
        }
      : null;

  return { irVersion: IR_VERSION, name: spec.name, seed: rng.seed, timesteps: spec.timesteps, populations, projections, learning };
}

/** Every (pre, post) pair independently with probability `density`; optionally no i -> i. */
export function randomProjection(rng: Rng, density: number, dist: WeightDist, nPre: number, nPost: number, noSelf = false) {
  const topo = rng.fork('topology');
  const list = new SynapseList(binomialCapacity(nPre * nPost, density), false);
  if (nPre * nPost <= Number.MAX_SAFE_INTEGER) {
    bernoulliIndices(topo, density, 0, nPre * nPost, (lin) => {
      const pre = Math.floor(lin / nPost);
      const post = lin - pre * nPost;
      if (noSelf && pre === post) return;
      list.push(pre, post);
    });
  } else {
    // The linear pair index would lose integer precision in a double: draw row by row instead.
    for (let pre = 0; pre < nPre; pre++) {
      bernoulliIndices(topo, density, 0, nPost, (post) => {
        if (!(noSelf && pre === post)) list.push(pre, post);
      });
    }
  }
  const { pre, post } = list.finishTopology();
  return { pre, post, weight: drawWeights(dist, rng.fork('weight'), post, nPost) };
}

/**
 * Recurrent microcircuits: consecutive blocks of `m` neurons; within a block each pair with
 * probability `density`, across blocks with `interDensity`; never i -> i. Generated pre by pre,
 * posts ascending, so the list is born in canonical order.
 */
export function microcircuits(rng: Rng, n: number, m: number, density: number, interDensity: number, dist: WeightDist) {
  const topo = rng.fork('topology');
  const mc = Math.min(m, n);
  const list = new SynapseList(binomialCapacity(n * mc, density) + binomialCapacity(n * Math.max(0, n - mc), interDensity), false);
  for (let j = 0; j < n; j++) {
    const lo = Math.floor(j / mc) * mc;
    const hi = Math.min(n, lo + mc);
    const emit = (i: number) => {
      if (i !== j) list.push(j, i);
    };
    bernoulliIndices(topo, interDensity, 0, lo, emit);
    bernoulliIndices(topo, density, lo, hi, emit);
    bernoulliIndices(topo, interDensity, hi, n, emit);
  }
  const { pre, post } = list.finishTopology();
  return { pre, post, weight: drawWeights(dist, rng.fork('weight'), post, n) };
}

/**
 * `longRange.centres: "class-interleaved"`: the lattice rank of readout neuron n, (n mod npc) x
 * classes + floor(n / npc), so that neuron k of every class sits in the k-th of npc equal stretches
 * of the source layer and a class's neurons hear npc evenly spaced neighbourhoods instead of npc
 * neighbouring ones (docs/results.md, "Row-sequential: the training shift, and where the readout loses").
 */
export function classInterleavedRank(classes: number, npc: number): (n: number) => number {
  return (n) => (n % npc) * classes + Math.floor(n / npc);
}

/**
 * Small-world projection (Watts-Strogatz style, bipartite): target i takes the `degree` source
 * neurons of a ring-lattice neighbourhood centred at the proportional position of its rank r(i)
 * (i itself by default), floor((r(i) + 0.5) * nPre / nPost); each lattice link is then rewired with
 * probability `rewiring` to a uniformly drawn source neuron that target does not already have.
 */
export function smallWorld(rng: Rng, s: SmallWorld, nPre: number, nPost: number, rank: (i: number) => number = (i) => i) {
  const topo = rng.fork('topology');
  const d = Math.min(smallWorldDegree(s, nPre), nPre);
  const pre = new Uint32Array(d * nPost);
  const post = new Uint32Array(d * nPost);
  const taken = new Uint8Array(nPre);
  const row = new Uint32Array(d);
  let out = 0;
  for (let i = 0; i < nPost; i++) {
    const centre = Math.floor(((rank(i) + 0.5) * nPre) / nPost);
    const first = centre - Math.floor(d / 2);
    for (let k = 0; k < d; k++) {
      const j = (((first + k) % nPre) + nPre) % nPre;
      row[k] = j;
      taken[j] = 1;
    }
    if (d < nPre) {
      for (let k = 0; k < d; k++) {
        if (!topo.bernoulli(s.rewiring)) continue;
        let j: number;
        do j = topo.int(0, nPre - 1);
        while (taken[j]);
        taken[row[k]] = 0;
        taken[j] = 1;
        row[k] = j;
      }
    }
    row.sort();
    for (let k = 0; k < d; k++) {
      pre[out] = row[k];
      post[out] = i;
      taken[row[k]] = 0;
      out++;
    }
  }
  const sorted = sortPrePost({ pre, post, weight: new Float64Array(pre.length) }, nPre, nPost, true);
  sorted.weight = drawWeights(s.weight, rng.fork('weight'), sorted.post, nPost);
  return sorted;
}
