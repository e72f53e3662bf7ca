#!/usr/bin/env node
// Benchmark of the reference simulator (packages/reference), run by `npm run bench` (scripts/bench.mjs).
// Prints one JSON object per line: synaptic events per second in inference and in training on
// examples/srsnn-mnist.json with rate-encoded MNIST, time per 1000 training samples, and the same
// for the float64 twin. Usage: node scripts/bench-reference.mjs [--samples N] [--skip-float]
// Needs a build (`npx tsc -b`). Deterministic inputs: fixed seeds, the first N digits of the
// dataset's order; only the timings vary between runs.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { lowerSpec } from '@snnc/ir';
import { loadDataset, makeEncoder, sampleImage, splitDataset } from '@snnc/datasets';
import { createFloatSimulator, createSimulator } from '@snnc/reference';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, dflt) => {
  const k = args.indexOf(name);
  return k >= 0 ? Number(args[k + 1]) : dflt;
};
const samples = arg('--samples', 400);
const skipFloat = args.includes('--skip-float');
// the machine is shared: each configuration runs `repeats` times from a fresh simulator and the
// run with the least CPU time is reported (the least disturbed one), with the 1-minute load average at the start
const repeats = arg('--repeats', 3);
const spec = 'examples/srsnn-mnist.json';

function fail(msg) {
  console.error(`bench-reference: ${msg}`);
  process.exit(1);
}

const compiled = lowerSpec(path.join(root, spec), 'loihi2');
if (!compiled.network) fail(`cannot compile ${spec}: ${compiled.diagnostics.map((d) => d.message).join('; ')}`);
const net = compiled.network;
const { dataset, diagnostics } = loadDataset('mnist');
if (!dataset) fail(`cannot load mnist: ${diagnostics.map((d) => d.message).join('; ')}`);
const { encoder } = makeEncoder('rate', { steps: net.timesteps, seed: 1 });
const { split } = splitDataset(dataset, { seed: 0 });
if (!split) fail('cannot split mnist');
const n = Math.min(samples, split.test.length);
// Encode up front so the timings measure the simulator alone: the first n training digits of the
// fixed stratified split (seed 0), then the first n held-out digits.
const encode = (idx) => Array.from(idx.subarray(0, n), (i) => ({ raster: encoder.raster(sampleImage(dataset, i), i), label: dataset.labels[i] }));
const trainSet = encode(split.train);
const testSet = encode(split.test);

const machine = { cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version };
const synapses = net.projections.reduce((s, q) => s + q.pre.length, 0);
const neurons = net.populations.reduce((s, p) => s + p.size, 0);

function run(runner, learn, set) {
  runner.setLearning(learn);
  const c0 = { ...runner.counters };
  let correct = 0;
  const t0 = process.hrtime.bigint();
  const u0 = process.cpuUsage();
  for (const { raster, label } of set) if (runner.runSample(raster, learn ? label : undefined).predicted === label) correct++;
  const u1 = process.cpuUsage(u0);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  // CPU time of this process: on a shared, oversubscribed machine wall time mostly measures the
  // neighbours; CPU time is what the simulator itself costs (single-threaded)
  const cpuSeconds = (u1.user + u1.system) / 1e6;
  return { seconds, cpuSeconds, correct, events: runner.counters.synapticEvents - c0.synapticEvents, steps: runner.counters.steps - c0.steps };
}

function report(name, learn, r, loadavg) {
  console.log(
    JSON.stringify({
      bench: 'reference',
      simulator: name,
      mode: learn ? 'training' : 'inference',
      spec,
      encoding: 'rate',
      samples: n,
      timesteps: net.timesteps,
      neurons,
      synapses,
      synapticEvents: r.events,
      eventsPerSample: Math.round(r.events / n),
      seconds: +r.seconds.toFixed(3),
      synapticEventsPerSecond: Math.round(r.events / r.seconds),
      stepsPerSecond: Math.round(r.steps / r.seconds),
      secondsPer1000Samples: +((r.seconds / n) * 1000).toFixed(2),
      cpuSeconds: +r.cpuSeconds.toFixed(3),
      synapticEventsPerCpuSecond: Math.round(r.events / r.cpuSeconds),
      cpuSecondsPer1000Samples: +((r.cpuSeconds / n) * 1000).toFixed(2),
      // training: running accuracy (prediction before each update); inference: on held-out digits
      accuracy: +(r.correct / n).toFixed(4),
      repeats,
      loadavg1: +loadavg.toFixed(2),
      ...machine,
    }),
  );
}

// Each repeat: a fresh simulator trains on n digits (JIT warm-up included in the first repeat),
// then infers on n held-out digits with the weights it learned. Same inputs every repeat.
function measure(name, make) {
  const loadavg = os.loadavg()[0];
  let best = null;
  for (let k = 0; k < repeats; k++) {
    const runner = make();
    const tr = run(runner, true, trainSet);
    const inf = run(runner, false, testSet);
    if (!best) best = { tr, inf };
    else {
      if (tr.cpuSeconds < best.tr.cpuSeconds) best.tr = tr;
      if (inf.cpuSeconds < best.inf.cpuSeconds) best.inf = inf;
    }
  }
  report(name, true, best.tr, loadavg);
  report(name, false, best.inf, loadavg);
}

measure('integer', () => createSimulator(net));
if (!skipFloat) measure('float64', () => createFloatSimulator(compiled.graph, { lowered: net }));
