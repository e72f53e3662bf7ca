// saturation.mjs SPEC N: trains the first N MNIST training digits with ReferenceSimulator and prints, over the last 500, the share of neuron states at the 24-bit bounds of v per population (+max, -min), docs/results.md 'Fixed-point saturation'.
import fs from 'node:fs';
const W = new URL('../../packages/', import.meta.url).href;
const { compileForTraining } = await import(W + 'training/dist/src/index.js');
const { loadDataset, splitParts, makeEncoder, trainKey, epochOrder } = await import(W + 'datasets/dist/src/index.js');
const { loadTarget } = await import(W + 'ir/dist/src/index.js');
const { ReferenceSimulator } = await import(W + 'reference/dist/src/index.js');
const c = compileForTraining(fs.readFileSync(process.argv[2], 'utf8'), 'x.json', loadTarget('loihi2').target);
const net = c.network; const ds = loadDataset('mnist').dataset; const parts = splitParts(ds, { validation: 1000 }).parts;
const enc = makeEncoder('rate', { steps: net.timesteps, maxRate: 1, seed: 0 }).encoder;
const sim = new ReferenceSimulator(net, {}); sim.setLearning(true);
const raster = new Uint8Array(net.timesteps * sim.inputSize); const F = ds.features;
const off = [0]; for (const p of net.populations) off.push(off[off.length - 1] + p.size);
const MAX = 2 ** 23 - 1, MIN = -(2 ** 23);
const cnt = net.populations.map(() => [0, 0, 0]);
const order = epochOrder(parts.train, 0, 0, new Uint32Array(parts.train.length));
const n = +process.argv[3];
for (let k = 0; k < n; k++) {
  const i = order[k];
  enc.encode(ds.images.subarray(i * F, (i + 1) * F), trainKey(i, 0, ds.labels.length), raster);
  const last = k >= n - 500;
  sim.runSample(raster, ds.labels[i], last ? { onStep: (v) => { for (let p = 1; p < net.populations.length; p++) for (let g = off[p]; g < off[p + 1]; g++) { cnt[p][2]++; if (v.v[g] >= MAX) cnt[p][0]++; else if (v.v[g] <= MIN) cnt[p][1]++; } } } : undefined);
}
net.populations.forEach((p, k) => k && console.log(p.id, 'at +max', (100 * cnt[k][0] / cnt[k][2]).toFixed(2) + '%', 'at -min', (100 * cnt[k][1] / cnt[k][2]).toFixed(2) + '%'));
