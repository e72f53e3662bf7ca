#!/usr/bin/env node
// The emulator's benchmarks (docs/benchmarks.md, "Emulator"), one JSON object per line on stdout:
//   speed      the network: 10,000 srlif neurons x 100 random recurrent synapses, drive
//              at a few percent activity, loihi2, 1000 steps; best of 3 timed runs;
//   activity   the same network at three drive rates: events/s stays flat, time follows spikes;
//   size       1,000 and 10,000 neurons (same fan-in) at the same absolute spikes per step, with
//              memoryless neurons (decay 4096): time follows spikes, not the number of neurons.
// Networks are built once each (placing and compiling 10,000 neurons takes a while), then timed.
// Usage: node scripts/bench-emulator.mjs [--quick]   (needs `tsc -b` first; `npm run bench` does it)
import os from 'node:os';
import { loadTarget } from '@snnc/ir';
import { buildBench, timeBench } from '../packages/cli/dist/src/bench/run-emulator.js';

const quick = process.argv.includes('--quick');
const steps = quick ? 200 : 1000;
const repeat = quick ? 1 : 3;
const { target, diagnostics } = loadTarget('loihi2');
if (!target) {
  console.error(diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
  process.exit(1);
}
const machine = os.cpus()[0]?.model ?? 'unknown';
const line = (o) => process.stdout.write(JSON.stringify(o) + '\n');

function build(neurons, fanin, decayV) {
  const b = buildBench(target, { neurons, fanin, seed: 1, steps, ...(decayV !== undefined ? { decayV } : {}) });
  if (!b.bench) {
    console.error(b.diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n'));
    process.exit(1);
  }
  return b.bench;
}

const big = build(10000, 100);
line({ bench: 'emulator.speed', machine, ...timeBench(big, { steps, rate: 0.02, seed: 1, repeat }) });
for (const rate of [0.01, 0.02, 0.05]) {
  const r = timeBench(big, { steps, rate, seed: 2, repeat });
  line({ bench: 'emulator.activity', machine, ...r, microsecondsPerSpike: Number(((r.seconds / r.spikes) * 1e6).toFixed(3)) });
}
// same absolute spike count (about 20 per step) on a network 10x larger; memoryless neurons fall
// quiet when no input arrives, so only neurons that receive input are updated
const small = build(1000, 100, 4096);
const large = build(10000, 100, 4096);
for (const [b, rate] of [[small, 0.02], [large, 0.002]]) {
  const r = timeBench(b, { steps, rate, seed: 3, repeat });
  line({ bench: 'emulator.size', machine, ...r, spikesPerStep: Number((r.spikes / steps).toFixed(2)), microsecondsPerStep: Number(((r.seconds / steps) * 1e6).toFixed(2)) });
}
// the speed network again on 2 threads (docs/benchmarks.md, "Emulator on threads"; same results)
if (big.emu.startThreads(2).length === 0) {
  line({ bench: 'emulator.threads', machine, ...timeBench(big, { steps, rate: 0.02, seed: 1, repeat }) });
  big.emu.close();
}
