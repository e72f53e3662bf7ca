// drift.mjs SPEC EPOCHS: trains on MNIST and prints, every 1,000 samples, online accuracy, per-population rates and thresholds and the mean and sd of each three-factor projection's weights (docs/results.md, "Why strong hidden learning collapses").
import fs from 'node:fs';
const W = new URL('../../packages/', import.meta.url).href;
const { compileForTraining } = await import(W + 'training/dist/src/index.js');
const { loadDataset, splitParts, makeEncoder, trainKey, epochOrder } = await import(W + 'datasets/dist/src/index.js');
const { loadTarget } = await import(W + 'ir/dist/src/index.js');
const { ReferenceSimulator } = await import(W + 'reference/dist/src/index.js');
const [spec, E] = process.argv.slice(2);
const t = loadTarget('loihi2').target;
const net = compileForTraining(fs.readFileSync(spec, 'utf8'), 'x.json', t).network;
const ds = loadDataset('mnist').dataset;
const parts = splitParts(ds, { validation: 1000 }).parts;
const enc = makeEncoder('rate', { steps: net.timesteps, maxRate: 1, seed: 0 }).encoder;
const sim = new ReferenceSimulator(net, {});
sim.setLearning(true);
const raster = new Uint8Array(net.timesteps * sim.inputSize);
const F = ds.features;
const pops = net.populations.filter((p) => p.role === 'hidden' || p.role === 'readout');
const cnt = new Float64Array(net.populations.length);
const ffp = net.projections.map((q, p) => [q, p]).filter(([q]) => q.plasticity === 'threeFactor');
let ok = 0, k = 0;
for (let ep = 0; ep < +E; ep++) {
  const order = epochOrder(parts.train, 0, ep, new Uint32Array(parts.train.length));
  for (const i of order) {
    enc.encode(ds.images.subarray(i * F, (i + 1) * F), trainKey(i, ep, ds.labels.length), raster);
    const r = sim.runSample(raster, ds.labels[i], { onStep: () => { for (const p of pops) { let s = 0; const o = sim.offset[p.index]; for (let j = 0; j < p.size; j++) s += sim.spikes[o + j]; cnt[p.index] += s; } } });
    if (r.predicted === ds.labels[i]) ok++;
    if (++k % 1000 === 0) {
      const parts2 = [`${ep}:${k} acc ${(ok / 10).toFixed(1)}`];
      for (const p of pops) {
        const o = sim.offset[p.index]; let vs = 0, vmin = 1e9, vmax = -1e9;
        for (let j = 0; j < p.size; j++) { const v = sim.vth[o + j]; vs += v; vmin = Math.min(vmin, v); vmax = Math.max(vmax, v); }
        parts2.push(`${p.id} r${(cnt[p.index] / 1000 / net.timesteps / p.size).toFixed(3)} vth ${(vs / p.size).toFixed(0)}[${vmin},${vmax}]`);
      }
      for (const [q, p] of ffp) { const w = sim.weights[p]; let s = 0, s2 = 0; for (const x of w) { s += x; s2 += x * x; } parts2.push(`${q.id} m${(s / w.length).toFixed(1)} sd${Math.sqrt(s2 / w.length - (s / w.length) ** 2).toFixed(1)}`); }
      console.log(parts2.join(' | '));
      ok = 0; cnt.fill(0);
    }
  }
}
