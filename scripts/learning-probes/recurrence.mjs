// recurrence.mjs SPEC [--rows]: inference on 300 MNIST validation samples of an untrained network; per layer: rate, silent fraction, and the variance-to-mean ratio of each microcircuit's spike count (docs/results.md, "Recurrence changes the dynamics").
// per layer: mean rate per step, fraction of neurons silent over the 300 samples, and the variance-to-mean ratio of
// each microcircuit's per-step spike count (1 = independent; > 1 = recurrence makes neurons fire together)
import fs from 'node:fs';
const W = new URL('../../packages/', import.meta.url).href;
const { compileForTraining } = await import(W + 'training/dist/src/index.js');
const { loadDataset, splitParts, makeEncoder, testKey } = await import(W + 'datasets/dist/src/index.js');
const { loadTarget } = await import(W + 'ir/dist/src/index.js');
const { ReferenceSimulator } = await import(W + 'reference/dist/src/index.js');
const [spec, ...rest] = process.argv.slice(2);
const rows = rest.includes('--rows');
const net = compileForTraining(fs.readFileSync(spec, 'utf8'), 'x.json', loadTarget('loihi2').target).network;
const ds = loadDataset('mnist').dataset;
const parts = splitParts(ds, { validation: 1000 }).parts;
const enc = makeEncoder(rows ? 'rows' : 'rate', { steps: net.timesteps, maxRate: 1, seed: 0 }).encoder;
const sim = new ReferenceSimulator(net, {});
sim.setLearning(false);
const raster = new Uint8Array(net.timesteps * sim.inputSize);
const F = ds.features;
const hidden = net.populations.filter((p) => p.role === 'hidden');
const mc = 50;
const st = hidden.map((p) => ({ p, n: 0, ever: new Uint8Array(p.size), s1: new Float64Array(Math.ceil(p.size / mc)), s2: new Float64Array(Math.ceil(p.size / mc)), steps: 0 }));
for (const i of parts.validation.slice(0, 300)) {
  enc.encode(ds.images.subarray(i * F, (i + 1) * F), testKey(i), raster);
  sim.runSample(raster, undefined, { onStep: () => {
    for (const s of st) {
      const o = sim.offset[s.p.index]; const c = new Float64Array(s.s1.length);
      for (let j = 0; j < s.p.size; j++) if (sim.spikes[o + j]) { s.n++; s.ever[j] = 1; c[Math.floor(j / mc)]++; }
      for (let a = 0; a < c.length; a++) { s.s1[a] += c[a]; s.s2[a] += c[a] * c[a]; }
      s.steps++;
    }
  } });
}
for (const s of st) {
  let fano = 0, k = 0;
  for (let a = 0; a < s.s1.length; a++) { const m = s.s1[a] / s.steps; if (m > 0) { fano += (s.s2[a] / s.steps - m * m) / m; k++; } }
  const silent = s.ever.reduce((a, b) => a + (b ? 0 : 1), 0) / s.p.size;
  console.log(`${spec} ${s.p.id}: rate ${(s.n / s.steps / s.p.size).toFixed(4)} /step, silent ${(100 * silent).toFixed(1)}%, microcircuit count var/mean ${(fano / k).toFixed(2)}`);
}
