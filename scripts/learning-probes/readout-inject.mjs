// readout-inject.mjs SNAP [WEIGHTS.f32 ...]: does the spiking readout lose what a linear readout
// learns on the same features? (docs/results.md, "Row-sequential: what the spiking readout loses".)
// Restores the network state SNAP (written by `SAVE=SNAP ... schedule.mjs`), replaces the readout's
// weights by each WEIGHTS file (float32, voltage units, in the wiring order of `DUMP=DIR`, as
// readout-float-train.py writes them; quantised to the projection's mantissa, clamped) and prints
// validation accuracy twice: by the contract's class counts (§4), and by counts plus the readout's
// residual potential, z_c = sum over c's neurons of x_n + v_n / vth_n after step T-1 (float; a
// diagnostic, not the contract). Environment: SPEC (default examples/srsnn-seed-rows.json), SEED
// (default 0, the spec seed of the run that wrote SNAP), DS (default mnist), ENC (default rows).
const W = new URL('../../packages/', import.meta.url).href;
const fs = await import('node:fs');
const v8 = await import('node:v8');
const { compileForTraining, specForRunSeed } = await import(W + 'training/dist/src/index.js');
const { loadDataset, splitParts, makeEncoder, testKey } = await import(W + 'datasets/dist/src/index.js');
const { loadTarget } = await import(W + 'ir/dist/src/index.js');
const { ReferenceSimulator } = await import(W + 'reference/dist/src/index.js');
const specPath = process.env.SPEC ?? new URL('../../examples/srsnn-seed-rows.json', import.meta.url).pathname;
const seed = +(process.env.SEED ?? 0);
const DS = process.env.DS ?? 'mnist';
const ENC = process.env.ENC ?? 'rows';
const net = compileForTraining(specForRunSeed(fs.readFileSync(specPath, 'utf8'), seed), 'x.json', loadTarget('loihi2').target).network;
const ds = loadDataset(DS).dataset;
const parts = splitParts(ds, { validation: DS === 'mnist' ? 1000 : 5000 }).parts;
const enc = makeEncoder(ENC, ENC === 'rows' ? { steps: 28, width: 28 } : { steps: net.timesteps, maxRate: 1, seed }).encoder;
const sim = new ReferenceSimulator(net, {});
const snap = v8.deserialize(fs.readFileSync(process.argv[2]));
const raster = new Uint8Array(net.timesteps * sim.inputSize);
const F = ds.features;
const RO = net.learning.readout;
const C = net.learning.classes ?? 10;
const R = net.populations[RO].size;
const NPC = R / C;
const o = sim.offset[RO];
for (const file of [null, ...process.argv.slice(3)]) {
  sim.restore(snap);
  sim.setLearning(false);
  let clamped = 0;
  if (file) {
    const v = new Float32Array(fs.readFileSync(file).buffer.slice(0));
    let k = 0;
    net.projections.forEach((q, p) => {
      if (q.target !== RO) return;
      const lsb = 2 ** (6 + q.weightExp) / 2 ** net.populations[RO].voltageScaleLog2;
      const lim = 2 ** (q.weightBits - 1);
      for (let s = 0; s < q.pre.length; s++, k++) {
        const m = Math.round(v[k] / lsb);
        const c = Math.max(-lim, Math.min(lim - 1, m));
        if (c !== m) clamped++;
        sim.weights[p][s] = c;
      }
    });
    if (k !== v.length) throw new RangeError(`${file} holds ${v.length} weights, the readout ${k}`);
  }
  let byCounts = 0, byResidual = 0;
  const z = new Float64Array(C);
  for (const i of parts.validation) {
    enc.encode(ds.images.subarray(i * F, (i + 1) * F), testKey(i), raster);
    if (sim.runSample(raster).predicted === ds.labels[i]) byCounts++;
    z.fill(0);
    for (let n = 0; n < C * NPC; n++) z[Math.floor(n / NPC)] += sim.x[o + n] + sim.v[o + n] / sim.vth[o + n];
    let b = 0;
    for (let c = 1; c < C; c++) if (z[c] > z[b]) b = c;
    if (b === ds.labels[i]) byResidual++;
  }
  const pct = (n) => (100 * n / parts.validation.length).toFixed(1);
  console.log(`${file ?? 'own weights'}: validation by counts ${pct(byCounts)}, by counts + residual ${pct(byResidual)}, ${clamped} weights clamped`);
}
