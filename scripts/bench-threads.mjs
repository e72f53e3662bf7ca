#!/usr/bin/env node
// Emulation on worker threads against one thread (docs/benchmarks.md, "Emulator on threads"): the
// bench network (packages/cli/src/bench/emulator-net.ts) is built once; one emulator runs on one
// thread, a second on the same image on N threads; timed runs alternate between them (the machine
// is shared: alternating exposes both to the same load) and the best of each is reported with its
// CPU time (all threads), events per second and the speed-up. One JSON object per line.
// Usage: node scripts/bench-threads.mjs [--neurons 10000] [--fanin 100] [--steps 1000] [--rate 0.02]
//        [--threads 2] [--repeat 5]          (needs `tsc -b` first)
import os from 'node:os';
import { loadTarget } from '@snnc/ir';
import { buildBench, timeBench } from '../packages/cli/dist/src/bench/run-emulator.js';

const arg = (name, d) => {
  const k = process.argv.indexOf(`--${name}`);
  return k > 0 ? Number(process.argv[k + 1]) : d;
};
const neurons = arg('neurons', 10000), fanin = arg('fanin', 100), steps = arg('steps', 1000), rate = arg('rate', 0.02);
const threads = arg('threads', 2), repeat = arg('repeat', 5);
const { target, diagnostics } = loadTarget('loihi2');
if (!target) {
  console.error(diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  process.exit(1);
}
const line = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const machine = os.cpus()[0]?.model ?? 'unknown';
const t0 = Date.now();
// two builds of the same seeded network: the bench gives each emulator its image's synapse
// memory (releaseSynapses), so one image cannot feed two emulators
const build = (n) => {
  const b = buildBench(target, { neurons, fanin, seed: 1, steps, threads: n });
  if (!b.bench) {
    console.error(b.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
    process.exit(n > 1 ? 2 : 1);
  }
  return b.bench;
};
const one = build(1);
const many = build(threads);
const buildSeconds = (Date.now() - t0) / 1000;
const best = new Map();
const load0 = os.loadavg()[0];
for (let k = 0; k < repeat; k++) {
  for (const bb of [one, many]) {
    const c0 = process.cpuUsage();
    const r = timeBench(bb, { rate, seed: 1, repeat: 1 });
    // system CPU of the warm-up and the timed sample together (timeBench reports user CPU only)
    const systemSeconds = Number((process.cpuUsage(c0).system / 1e6).toFixed(3));
    line({ bench: 'emulator.threads.run', run: k, threads: r.threads, seconds: r.seconds, cpuSeconds: r.cpuSeconds, systemSeconds, load: os.loadavg()[0] });
    const prev = best.get(r.threads);
    if (!prev || r.seconds < prev.seconds) best.set(r.threads, r);
  }
}
const a = best.get(1), m = best.get(threads);
if (JSON.stringify({ ...a, seconds: 0, cpuSeconds: 0, eventsPerSecond: 0, threads: 0 }) !== JSON.stringify({ ...m, seconds: 0, cpuSeconds: 0, eventsPerSecond: 0, threads: 0 })) {
  console.error('threads changed the results');
  process.exit(1);
}
for (const r of [a, m]) line({ bench: 'emulator.threads', machine, buildSeconds, loadStart: load0, loadEnd: os.loadavg()[0], ...r, speedup: Number((a.seconds / r.seconds).toFixed(3)) });
many.emu.close();
