#!/usr/bin/env node
// Benchmark of the IR front end (packages/ir), run by `npm run bench` (scripts/bench.mjs) or alone:
//   node scripts/bench-ir.mjs [--repeats N]
// For examples/srsnn-mnist.json and for a 100k-neuron srsnn derived from it (same structure,
// larger layers), times validation, expansion and lowering onto loihi2, and prints one JSON
// object per line. The machine may be shared: each stage's fastest of `repeats` runs is reported
// with the 1-minute load average. Needs a build (`npx tsc -b packages/ir`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@snnc/common';
import { expandSpec, hashNetwork, loadTarget, lowerGraph, validateSpec } from '@snnc/ir';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const k = args.indexOf('--repeats');
const repeats = k >= 0 ? Number(args[k + 1]) : 3;

const mnist = JSON.parse(fs.readFileSync(path.join(root, 'examples', 'srsnn-mnist.json'), 'utf8'));

/** 100,000 neurons: 1000 inputs, layers of 40000 / 40000 / 19000, readout 10 x 100; fan-in about 100 per stage. */
function big() {
  const s = structuredClone(mnist);
  s.name = 'srsnn-100k';
  s.input = { id: 'pixels', size: 1000 };
  const layer = (id, size, nPre) => ({
    ...structuredClone(mnist.layers[0]),
    id,
    size,
    recurrent: { ...structuredClone(mnist.layers[0].recurrent), microcircuitSize: 100, density: 0.1, interDensity: 0.0001 },
    feedforward: { ...structuredClone(mnist.layers[0].feedforward), density: 100 / nPre },
  });
  s.layers = [layer('L1', 40000, 1000), layer('L2', 40000, 40000), layer('L3', 19000, 40000)];
  s.longRange = { ...s.longRange, sources: ['L1', 'L2', 'L3'] };
  s.readout = { ...s.readout, neuronsPerClass: 100 };
  s.learning.modulatory = { m: 10 };
  return s;
}

const round = (ms) => Math.round(ms * 10) / 10;

/** Fastest of `repeats` runs, and the first (cold: schema compilation, JIT warm-up) separately. */
function best(fn) {
  let t = Infinity;
  let first = 0;
  let out;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    out = fn();
    const dt = performance.now() - t0;
    if (r === 0) first = dt;
    t = Math.min(t, dt);
  }
  return { ms: round(t), firstMs: round(first), out };
}

const target = loadTarget('loihi2').target;
for (const [name, doc] of [['srsnn-mnist', mnist], ['srsnn-100k', big()]]) {
  const load = os.loadavg()[0];
  const v = best(() => validateSpec(doc, name));
  if (!v.out.spec) throw new Error(`${name}: ${JSON.stringify(v.out.diagnostics)}`);
  const e = best(() => expandSpec(v.out.spec, new Rng(v.out.spec.seed), name));
  const g = e.out.graph;
  const l = best(() => lowerGraph(g, target));
  if (!l.out.network) throw new Error(`${name}: ${JSON.stringify(l.out.diagnostics)}`);
  const h = best(() => hashNetwork(l.out.network));
  const neurons = g.populations.filter((p) => p.model !== 'input').reduce((a, p) => a + p.size, 0);
  const synapses = g.projections.reduce((a, p) => a + p.pre.length, 0);
  console.log(JSON.stringify({
    bench: 'ir', network: name, target: 'loihi2', neurons, inputs: g.populations[0].size, synapses,
    validateMs: v.ms, validateFirstMs: v.firstMs, expandMs: e.ms, lowerMs: l.ms, hashMs: h.ms,
    expandSynapsesPerSec: Math.round(synapses / (e.ms / 1000)), repeats, loadavg1: Math.round(load * 100) / 100,
    heapMB: Math.round(process.memoryUsage().rss / 2 ** 20),
  }));
}
