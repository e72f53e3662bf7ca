// epochs.mjs SPEC EPOCHS SCHED [--ro] [--fashion] [--rows] [--ntrain N] [--seed S] [--validation N] [--angles N]: trains with ReferenceSimulator on the train part, prints train/validation(1000) after every epoch; SCHED = comma list of extra learnShift per epoch for the three-factor projections (e.g. 0,1,2 halves eta every epoch). Used for docs/results.md "Levers tried". --angles N prints the feedback angle of every modulatory block (training's feedbackAngles, §5.10) every N training samples.
import fs from 'node:fs';
const W = new URL('../../packages/', import.meta.url).href;
const { compileForTraining, specForRunSeed } = await import(W + 'training/dist/src/index.js');
const { feedbackAngles } = await import(W + 'training/dist/src/alignment.js');
const { loadDataset, splitParts, makeEncoder, trainKey, testKey, epochOrder } = await import(W + 'datasets/dist/src/index.js');
const { loadTarget } = await import(W + 'ir/dist/src/index.js');
const { ReferenceSimulator } = await import(W + 'reference/dist/src/index.js');
const args = process.argv.slice(2);
const spec = args[0]; const epochs = +args[1]; const sched = args[2].split(',').map(Number);
const ro = args.includes('--ro');
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? +args[i + 1] : dflt; };
const ntrain = opt('--ntrain', Infinity);
const seed = opt('--seed', 0);
const nval = opt('--validation', 1000);
const angleEvery = opt('--angles', 0);
const dsName = args.includes('--fashion') ? 'fashion-mnist' : 'mnist';
const enc0 = args.includes('--rows') ? 'rows' : 'rate';
const t = loadTarget('loihi2').target;
const c = compileForTraining(specForRunSeed(fs.readFileSync(spec, 'utf8'), seed), 'x.json', t);
const net = c.network;
const ds = loadDataset(dsName).dataset;
const parts = splitParts(ds, { validation: nval }).parts;
const enc = makeEncoder(enc0, { steps: net.timesteps, maxRate: 1, seed }).encoder;
const sim = new ReferenceSimulator(net, { hiddenPlasticity: !ro });
const raster = new Uint8Array(net.timesteps * sim.inputSize);
const F = ds.features;
const base = net.projections.map((q) => q.learnShift);
const out = [];
const t0 = Date.now();
for (let ep = 0; ep < epochs; ep++) {
  net.projections.forEach((q, p) => { if (q.plasticity === 'threeFactor') q.learnShift = base[p] + (sched[Math.min(ep, sched.length - 1)]); });
  sim.setLearning(true);
  const order = epochOrder(parts.train, seed, ep, new Uint32Array(parts.train.length));
  const n = Math.min(order.length, ntrain);
  let ok = 0;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    enc.encode(ds.images.subarray(i * F, (i + 1) * F), trainKey(i, ep, ds.labels.length), raster);
    if (sim.runSample(raster, ds.labels[i]).predicted === ds.labels[i]) ok++;
    if (angleEvery > 0 && (k + 1) % angleEvery === 0) console.log('angles', k + 1, feedbackAngles(net, sim.weights, sim.sal ? sim.sal.decoders(net) : null).map((x) => (x === null ? '-' : x.toFixed(1))).join('/'));
  }
  sim.setLearning(false);
  let vc = 0;
  for (const i of parts.validation) { enc.encode(ds.images.subarray(i * F, (i + 1) * F), testKey(i), raster); if (sim.runSample(raster).predicted === ds.labels[i]) vc++; }
  out.push(`${(100 * ok / n).toFixed(1)}/${(100 * vc / parts.validation.length).toFixed(1)}`); console.log(ep, out[out.length-1]);
}
console.log(`${args.join(' ')} :: train/val per epoch ${out.join(' ')} ${((Date.now() - t0) / 1000).toFixed(0)}s`);
