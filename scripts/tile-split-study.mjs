#!/usr/bin/env node
// Issue 14 item 2, "hop traffic <= 0.5x sequential": how low can the tile split go?
// (docs/mapper.md §8, docs/benchmarks.md "Small-placement search")
//
//   node scripts/tile-split-study.mjs [--spec examples/srsnn-seed.json] [--target loihi2] [--lower-for loihi2] [--starts 6] [--scales 1,1.1,1.2,1.3] [--bench N]
//
// Maps the spec with locality and takes its tiles as they are: cores sharing a tile cost nothing
// between them, so hop traffic is the synapse weight between every two tiles times their distance
// (tile hops), and the question is a capacitated k-way graph partition with those distances.
// Relaxed model: each neuron weighs its in-synapses at the sparse rate; a tile holds (its cores x
// synapseMemoryBits x scale) / f, where f = the real bits of the placement's cores over the model
// weight of their neurons (block overhead and word rounding, calibrated on the placement itself).
// k-way Fiduccia-Mattheyses (single moves to the best tile with room, best prefix, passes until no
// gain) from the mapper's split and from seeded random splits, per capacity scale; prints one JSON
// line: the mapper's figure, the goal (0.5x sequential) and the best found per scale. A heuristic
// search: its figures are upper bounds on the optimum of the relaxed model, not lower bounds on
// hop traffic. With two tiles it is the two-way search the mapper runs (tilesplit.ts).
import { compile } from '../packages/driver/dist/src/index.js';
import { loadTarget } from '../packages/ir/dist/src/index.js';
import { buildView } from '../packages/mapper/dist/src/view.js';
import { benchNetwork, mapNetwork } from '../packages/mapper/dist/src/index.js';

const arg = (name, fallback) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback; };
const spec = arg('spec', 'examples/srsnn-seed.json');
const targetName = arg('target', 'loihi2');
const starts = Number(arg('starts', '6'));
const lowerFor = arg('lower-for', undefined);
const scales = arg('scales', '1,1.1,1.2,1.3').split(',').map(Number);
const target = loadTarget(targetName).target;
const bench = arg('bench', undefined); // the bench network of `snnc bench map --neurons N --fanin 100` instead of a spec
const network = bench ? benchNetwork({ neurons: Number(bench), fanin: 100, seed: 1 }) : compile(spec, target, { stage: 'network', ...(lowerFor ? { lowerFor } : {}) }).network;
const pl = mapNetwork(network, target, { strategy: 'locality' }).placement;
const view = buildView(network, target).view;
const n = view.neurons;
const S = target.core.synapseMemoryBits;
const { chip, system } = target;
const gxy = (x) => [(x.chip % system.chipsX) * chip.meshX + x.x, Math.floor(x.chip / system.chipsX) * chip.meshY + x.y];
const tileOfCore = pl.cores.map((x) => gxy(x).join(','));
const tiles = [...new Set(tileOfCore)].sort();
const k = tiles.length;
const xy = tiles.map((t) => t.split(',').map(Number));
const D = new Float64Array(k * k);
for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) D[a * k + b] = Math.abs(xy[a][0] - xy[b][0]) + Math.abs(xy[a][1] - xy[b][1]);
const coresIn = tiles.map((t) => tileOfCore.filter((x) => x === t).length);
const side0 = new Int32Array(n).fill(-1);
pl.populations.forEach((_, p) => pl.neuronCore[p].forEach((core, m) => { if (core >= 0) side0[view.popOffset[p] + m] = tiles.indexOf(tileOfCore[core]); }));
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
const cost = () => { let s = 0; for (const i of nodes) for (const [j, w] of adj[i]) if (j > i) s += w * D[side[i] * k + side[j]]; return s; };
let seed = 12345;
const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed / 4294967296; };
const conn = new Float64Array(n * k);
function fm(cap, load) {
  for (let pass = 0; pass < 60; pass++) {
    conn.fill(0);
    for (const i of nodes) for (const [j, w] of adj[i]) conn[i * k + side[j]] += w;
    const locked = new Uint8Array(n);
    const moves = [];
    let cur = 0, best = 0, bestAt = -1;
    for (let step = 0; step < nodes.length; step++) {
      let bi = -1, bb = -1, bg = -Infinity;
      for (const i of nodes) {
        if (locked[i]) continue;
        const a = side[i];
        let here = 0;
        for (let t = 0; t < k; t++) here += conn[i * k + t] * D[a * k + t];
        for (let b = 0; b < k; b++) {
          if (b === a || load[b] + wt[i] > cap[b]) continue;
          let there = 0;
          for (let t = 0; t < k; t++) there += conn[i * k + t] * D[b * k + t];
          const g = here - there;
          if (g > bg) { bg = g; bi = i; bb = b; }
        }
      }
      if (bi < 0) break;
      const from = side[bi];
      side[bi] = bb; load[from] -= wt[bi]; load[bb] += wt[bi]; locked[bi] = 1; moves.push([bi, from]);
      for (const [j, w] of adj[bi]) { conn[j * k + from] -= w; conn[j * k + bb] += w; }
      cur += bg;
      if (cur > best + 1e-9) { best = cur; bestAt = step; }
      if (step - bestAt > 400) break;
    }
    for (let s = moves.length - 1; s > bestAt; s--) {
      const [i, from] = moves[s]; const to = side[i];
      side[i] = from; load[to] -= wt[i]; load[from] += wt[i];
    }
    if (best <= 0) break;
  }
  return cost();
}
side.set(side0);
const out = { spec: bench ? `bench ${bench}` : spec, target: targetName, lowerFor: lowerFor ?? null, cores: pl.cores.length, tiles: k, coresPerTile: coresIn, calibration: Math.round(f * 1e4) / 1e4,
  hopTraffic: pl.metrics.hopTraffic, modelNow: cost(), goal: Math.floor(0.5 * pl.metrics.sequentialHopTraffic), best: {} };
const cpu0 = process.cpuUsage().user;
for (const scale of scales) {
  const cap = coresIn.map((m) => (scale * m * S) / f);
  let best = Infinity;
  for (let s = 0; s <= starts; s++) {
    const load = new Float64Array(k);
    if (s === 0) for (const i of nodes) { side[i] = side0[i]; load[side[i]] += wt[i]; }
    else {
      const perm = nodes.map((i) => [rnd(), i]).sort((a, b) => a[0] - b[0]).map((x) => x[1]);
      let t = 0;
      for (const i of perm) { while (t < k - 1 && load[t] + wt[i] > cap[t] * (modelBits / cap.reduce((x, y) => x + y))) t++; side[i] = t; load[t] += wt[i]; }
    }
    if (load.some((l, t) => l > cap[t])) continue;
    best = Math.min(best, fm(cap, load));
  }
  out.best[scale] = best;
}
out.cpuSeconds = Math.round((process.cpuUsage().user - cpu0) / 1e4) / 100;
process.stdout.write(JSON.stringify(out) + '\n');
