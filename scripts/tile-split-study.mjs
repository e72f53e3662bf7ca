#!/usr/bin/env node
// Issue 14 item 2, "hop traffic <= 0.5x sequential" on srsnn-seed: how low can the tile split go?
// (docs/mapper.md §8, docs/benchmarks.md "Small-placement search")
//
//   node scripts/tile-split-study.mjs [--spec examples/srsnn-seed.json] [--target loihi2] [--lower-for loihi2] [--starts 6]
//
// Maps the spec with locality; when its cores sit on two adjacent tiles (as on srsnn-seed) hop
// traffic is exactly the synapse weight crossing between the tiles, so the question is a
// capacitated 2-way graph partition. Relaxed model: each neuron weighs its in-synapses at the
// sparse rate; a tile holds (its cores x synapseMemoryBits) / f, where f = the real bits of the
// placement's cores over the model weight of their neurons (block overhead and word rounding,
// calibrated on the placement itself). Fiduccia-Mattheyses (single moves, best prefix, passes until
// no gain) from the mapper's split and from seeded random splits, at capacity scale 1 (the real
// cores) and larger, prints one JSON line: the mapper's figure, the goal (0.5x sequential) and the
// best cut found per scale. A heuristic search: its figures are upper bounds on the optimum of the
// relaxed model, not lower bounds on hop traffic.
import { compile } from '../packages/driver/dist/src/index.js';
import { loadTarget } from '../packages/ir/dist/src/index.js';
import { buildView } from '../packages/mapper/dist/src/view.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const spec = arg('spec', 'examples/srsnn-seed.json');
const targetName = arg('target', 'loihi2');
const lowerFor = arg('lower-for', undefined);
const starts = Number(arg('starts', '6'));
const target = loadTarget(targetName).target;
const c = compile(spec, target, { stage: 'placement', strategy: 'locality', ...(lowerFor ? { lowerFor } : {}) });
const pl = c.placement;
const view = buildView(c.network, target).view;
const n = view.neurons;
const S = target.core.synapseMemoryBits;

const tileOfCore = pl.cores.map((x) => `${x.chip}:${x.x}:${x.y}`);
const tiles = [...new Set(tileOfCore)].sort();
if (tiles.length !== 2) throw new Error(`the placement uses ${tiles.length} tiles; this study handles two`);
const coresIn = tiles.map((t) => tileOfCore.filter((x) => x === t).length);
const side0 = new Int32Array(n).fill(-1);
pl.populations.forEach((_, p) => pl.neuronCore[p].forEach((core, m) => { if (core >= 0) side0[view.popOffset[p] + m] = tiles.indexOf(tileOfCore[core]); }));

// neighbour lists (synapses both ways, between placed neurons) and model weights
const isIn = (i) => view.isInputPop[view.popOfNeuron[i]] === 1;
const wt = new Float64Array(n);
const lists = Array.from({ length: n }, () => new Map());
for (let i = 0; i < n; i++) {
  for (let e = view.inPtr[i]; e < view.inPtr[i + 1]; e++) {
    const j = view.inSource[e];
    wt[i] += view.coster[view.inProj[e]].sparsePerSynapse;
    if (isIn(i) || isIn(j) || i === j) continue;
    lists[i].set(j, (lists[i].get(j) ?? 0) + 1);
    lists[j].set(i, (lists[j].get(i) ?? 0) + 1);
  }
}
const nodes = [];
for (let i = 0; i < n; i++) if (!isIn(i)) nodes.push(i);
const adj = lists.map((m) => [...m.entries()].sort((a, b) => a[0] - b[0]));
let realBits = 0, modelBits = 0;
for (const u of pl.usage) realBits += u.synapseBits;
for (const i of nodes) modelBits += wt[i];
const f = realBits / modelBits;

const side = new Int32Array(n);
const cut = () => { let s = 0; for (const i of nodes) for (const [j, w] of adj[i]) if (j > i && side[i] !== side[j]) s += w; return s; };
let seed = 12345;
const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
const gain = new Float64Array(n);
function fm(cap, load) {
  for (let pass = 0; pass < 60; pass++) {
    for (const i of nodes) { let g = 0; for (const [j, w] of adj[i]) g += side[j] !== side[i] ? w : -w; gain[i] = g; }
    const locked = new Uint8Array(n);
    const moves = [];
    let cur = 0, best = 0, bestAt = -1;
    for (let step = 0; step < nodes.length; step++) {
      let bi = -1, bg = -Infinity;
      for (const i of nodes) {
        if (locked[i] || load[1 - side[i]] + wt[i] > cap[1 - side[i]]) continue;
        if (gain[i] > bg || (gain[i] === bg && i < bi)) { bg = gain[i]; bi = i; }
      }
      if (bi < 0) break;
      const from = side[bi];
      side[bi] = 1 - from; load[from] -= wt[bi]; load[1 - from] += wt[bi]; locked[bi] = 1; moves.push(bi);
      cur += gain[bi];
      gain[bi] = -gain[bi];
      for (const [j, w] of adj[bi]) gain[j] += side[j] === side[bi] ? -2 * w : 2 * w;
      if (cur > best + 1e-9) { best = cur; bestAt = step; }
      if (step - bestAt > 400) break;
    }
    for (let s = moves.length - 1; s > bestAt; s--) {
      const i = moves[s], from = side[i];
      side[i] = 1 - from; load[from] -= wt[i]; load[1 - from] += wt[i];
    }
    if (best <= 0) break;
  }
  return cut();
}

const out = { spec, target: targetName, lowerFor: lowerFor ?? null, cores: pl.cores.length, coresPerTile: coresIn, calibration: Math.round(f * 1e4) / 1e4,
  hopTraffic: pl.metrics.hopTraffic, goal: Math.floor(0.5 * pl.metrics.sequentialHopTraffic), bestCut: {} };
const cpu0 = process.cpuUsage().user;
for (const scale of [1, 1.1, 1.2, 1.3]) {
  const cap = coresIn.map((k) => (scale * k * S) / f);
  let best = Infinity;
  for (let s = 0; s <= starts; s++) {
    const load = [0, 0];
    if (s === 0) for (const i of nodes) { side[i] = side0[i]; load[side[i]] += wt[i]; }
    else {
      const perm = nodes.map((i) => [rnd(), i]).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
      const share = cap[0] / (cap[0] + cap[1]);
      for (const i of perm) {
        const want = load[0] < share * modelBits ? 0 : 1;
        const sd = load[want] + wt[i] <= cap[want] ? want : 1 - want;
        side[i] = sd; load[sd] += wt[i];
      }
    }
    if (load[0] > cap[0] || load[1] > cap[1]) continue; // the start itself breaks the model capacity
    best = Math.min(best, fm(cap, load));
  }
  out.bestCut[scale] = best;
}
out.cpuSeconds = Math.round((process.cpuUsage().user - cpu0) / 1e4) / 100;
process.stdout.write(JSON.stringify(out) + '\n');
