#!/usr/bin/env node
// Benchmark of the code generator and the chip-image codec (packages/codegen, packages/image):
//   node scripts/bench-codegen.mjs [--neurons N] [--fanin F]
// Builds the issue-5 benchmark network (N srlif neurons, F random recurrent synapses each, 100
// inputs), maps it onto loihi2 (sequential), then times compileNetwork, encodeImage and
// decodeImage (with validation). Prints one JSON object. Needs a build (`npx tsc -b packages/verify`).
import os from 'node:os';
import { Rng } from '@snnc/common';
import { loadTarget } from '@snnc/ir';
import { mapNetwork } from '@snnc/mapper';
import { compileNetwork } from '@snnc/codegen';
import { decodeImage, encodeImage } from '@snnc/image';

const args = process.argv.slice(2);
const opt = (name, dflt) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : dflt);
const N = opt('--neurons', 10000), F = opt('--fanin', 100);
const rng = new Rng(1);
const keys = new Float64Array(N * F);
let k = 0;
for (let i = 0; i < N; i++) for (const j of rng.sample(N, F)) keys[k++] = j * N + i;
keys.sort();
const pre = Uint32Array.from(keys, (x) => Math.floor(x / N));
const post = Uint32Array.from(keys, (x) => x % N);
const weight = Int16Array.from(keys, () => rng.int(-20, 40));
const srlif = { model: 'srlif', decayV: 410, vth0: 1000, vthMin: 500, vthMax: 2000, bias: 0, rateShift: 6, targetRate: 200, etaThetaMant: 0, etaThetaShift: 0 };
const net = {
  irVersion: '1.0', name: 'bench-codegen', seed: 1, timesteps: 100,
  populations: [
    { id: 'in', index: 0, size: 100, role: 'input', layer: 0, model: 'input', params: null },
    { id: 'h', index: 1, size: N, role: 'hidden', layer: 1, model: 'srlif', params: srlif },
  ],
  projections: [{ id: 'rec', index: 0, source: 1, target: 1, kind: 'rec', delay: 1, plasticity: 'none', pre, post, weight, weightBits: 8, weightExp: 0, learnMant: 0, learnShift: 0 }],
  learning: null,
};
const target = loadTarget('loihi2').target;
const time = (f) => {
  const t0 = performance.now();
  const r = f();
  return [r, (performance.now() - t0) / 1000];
};
const [m, mapS] = time(() => mapNetwork(net, target, { strategy: 'sequential' }));
const [g, codegenS] = time(() => compileNetwork(net, m.placement, target));
const [bytes, encodeS] = time(() => encodeImage(g.image));
const [d, decodeS] = time(() => decodeImage(bytes));
let blocks = 0;
for (const c of g.image.cores) blocks += c.synapses.blocks.length / 11;
console.log(JSON.stringify({
  bench: 'codegen', neurons: N, synapses: N * F, cores: g.image.cores.length, blocks, imageBytes: bytes.length,
  ok: d.image !== undefined, mapSeconds: +mapS.toFixed(3), codegenSeconds: +codegenS.toFixed(3),
  encodeSeconds: +encodeS.toFixed(3), decodeSeconds: +decodeS.toFixed(3), loadavg1: +os.loadavg()[0].toFixed(2),
}));
