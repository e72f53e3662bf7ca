#!/usr/bin/env node
// Memory of `snnc bench emulator` end to end (docs/benchmarks.md, "Emulation memory"): the same
// stages as buildBench (packages/cli/src/bench/run-emulator.ts) with the heap (V8 heap +
// ArrayBuffers, after a forced GC) retained after each one, then a timed sample; peak RSS is
// the process's maxRSS. One JSON line.
//   node --expose-gc --max-old-space-size=12000 scripts/bench-memory.mjs N [fanin] [steps] [target] [threads] [whole]
// (threads > 1: started at load, as `snnc bench emulator --threads N`; Machine/Delivery below are share 0's.
// Stages: network, placement, image (the code generator's plan and the image without synapse
// memory; with `whole`, the whole image), compiled (network and placement dropped by the caller,
// still held by the stream), emulator (streamed load: each core's synapse memory written, read
// by Machine and dropped), then the sample.)
import { loadTarget } from '@snnc/ir';
import { mapWith } from '@snnc/driver';
import { compileNetwork } from '@snnc/codegen';
import { createEmulator } from '@snnc/emulator';
import { benchNetwork, benchRaster, inOrderPlacement } from '../packages/cli/dist/src/bench/emulator-net.js';

const [N, F = 100, steps = 50, targetName = 'loihi2', threads = 1] = process.argv.slice(2, 7).map((x, i) => (i !== 3 ? Number(x) : x));
// 'whole': the whole image is compiled, then loaded with releaseSynapses (the path before streaming)
const whole = process.argv[7] === 'whole';
const target = loadTarget(targetName).target;
const mb = (x) => Math.round(x / 1e6);
const usage = () => {
  globalThis.gc?.();
  return process.memoryUsage();
};
const held = () => {
  const m = usage();
  return m.heapUsed + m.arrayBuffers;
};
// V8 heap (what --max-old-space-size limits; typed arrays live outside it), sampled at each stage
let heapMax = 0;
const t0 = Date.now();
const u0 = usage();
const base = u0.heapUsed + u0.arrayBuffers;
const stage = {};
const jsHeap = {};
// the process's peak RSS so far at the end of each stage: which stage sets the peak
const peakAt = {};
const mark = (name) => {
  const m = usage();
  stage[name] = mb(m.heapUsed + m.arrayBuffers - base);
  jsHeap[name] = mb(m.heapUsed - u0.heapUsed);
  peakAt[name] = mb(process.resourceUsage().maxRSS * 1024);
  heapMax = Math.max(heapMax, process.memoryUsage().heapTotal);
};
let net = benchNetwork({ neurons: N, fanin: F, seed: 1, timesteps: steps });
mark('network');
let placement = mapWith(net, target, 'sequential', 1).placement ?? inOrderPlacement(net, target);
// as buildBench (leanPlacement): what only reports read is dropped before compiling
placement = { ...placement, traffic: undefined, links: undefined };
mark('placement');
// as buildBench (compileBench): the synapse memory is streamed, core by core, into the emulator
let compiled = compileNetwork(net, placement, target, { stream: !whole });
if (!compiled.image) throw new Error(JSON.stringify(compiled.diagnostics.slice(0, 3)));
mark('image');
// as buildBench: only the image (without synapse memory), the stream and the network's shell
// outlive compiling; the stream holds the network and the placement until its last core
const synapses = net.projections.reduce((s, p) => s + p.pre.length, 0);
const shell = { ...net, projections: [] };
let image = compiled.image;
let stream = compiled.synapses;
net = placement = compiled = undefined;
mark('compiled');
const loaded = createEmulator(image, whole ? { releaseSynapses: true, threads } : { synapses: stream, threads });
if (!loaded.emulator) throw new Error(JSON.stringify(loaded.diagnostics.slice(0, 3)));
const emu = loaded.emulator;
image = stream = undefined;
mark('emulator');
const nIn = shell.populations[0].size;
const raster = benchRaster(shell, steps, 0.02, 1);
const r = emu.runSample(raster.subarray(0, steps * nIn));
const peak = process.resourceUsage().maxRSS * 1024;
// typed arrays by owner (bytes per synapse): the image's synapse memory, Machine, Delivery, the share's other arrays
const typed = (o) => {
  let n = 0;
  for (const v of Object.values(o)) if (ArrayBuffer.isView(v)) n += v.byteLength;
  return n;
};
let imageSyn = 0;
for (const c of emu.image.cores) imageSyn += typed(c.synapses);
const owners = { imageSynapses: imageSyn, machine: typed(emu.mach), delivery: typed(emu.delivery), share: typed(emu.share), emulator: typed(emu) };
const perSynapse = Object.fromEntries(Object.entries(owners).map(([k, v]) => [k, +(v / synapses).toFixed(1)]));
// the largest tables by name (bytes per synapse, >= 0.5)
const fields = {};
for (const [owner, o] of [['machine', emu.mach], ['delivery', emu.delivery]]) {
  for (const [k, v] of Object.entries(o)) if (ArrayBuffer.isView(v) && v.byteLength >= 0.5 * synapses) fields[`${owner}.${k}`] = +(v.byteLength / synapses).toFixed(1);
}
console.log(JSON.stringify({
  neurons: N, fanin: F, synapses, target: targetName, steps, threads, load: whole ? 'whole image, releaseSynapses' : 'streamed', cores: emu.image.cores.length, spikes: r.spikes,
  heldMB: stage, jsHeapMB: jsHeap, peakRssAtMB: peakAt, heapTotalMaxMB: mb(heapMax), typedPerSynapse: perSynapse, tablesPerSynapse: fields, heapPerSynapse: +((held() - base) / synapses).toFixed(1), peakRssMB: mb(peak),
  peakRssPerSynapse: +(peak / synapses).toFixed(1), seconds: (Date.now() - t0) / 1000,
}));
emu.close();
