// schedule.mjs SEED MODE [EPOCHS] [CHECK]: validation-only probes of the learning-rate schedule and
// of where Fashion-MNIST's accuracy moves within and between epochs (docs/results.md
// "Learning-rate schedule"). MODE: full | freezeHidden (learnMant 0 for the three-factor rule from
// epoch 2 on) | freezeReadout (the delta rule frozen from epoch 2 on) | readoutOnly (learnMant 0 for the
// three-factor rule from the start: the hidden weights never move, as with --no-hidden-plasticity). Every CHECK training samples
// it prints validation on the first 1,000 validation images and statistics (mean and |mean| weight
// and saturation per plastic projection, mean threshold and rate estimate per population).
// Environment: DS=mnist|fashion-mnist (default fashion-mnist), ENC=rate|rows (default rate), AUG (training shift, default 1 on
// mnist), AUG_UNTIL (the shift only in epochs below it), FREEZE_AT (the first epoch that freezeHidden / freezeReadout freeze, default 1), SPEC (default examples/srsnn-seed.json), ANNEAL=a0,a1,... (one rate shift per equal
// segment of the run), CONTRACT=1 (apply it with setRateShift, §5.11 as landed; otherwise the
// prototype: learnShift + a, hidden capped at 30), ANNEAL_WHO=both|readout|hidden (prototype
// only), ANNEAL_DECAY=1 (prototype: the readout decay's exponent follows, k + a), REGULAR=both|eval
// (prototype, not in the contract: a deterministic rate code in place of the Bernoulli one, for
// training and evaluation or for evaluation only; pixel i of intensity p = I / 255 spikes at step t
// when floor((t + 1) p + phi_i) > floor(t p + phi_i), phi_i a fixed per-pixel phase).
// SAVE_AT=E:FILE writes the state after E epochs (a v8 snapshot); LOAD=FILE START_EP=E continues from it, so
// variants of the last epochs share their first E. HOMEO_FREEZE=1 (prototype of §5.11 hold): from FREEZE_AT
// on the hidden populations' thresholds stop moving in training (their rate estimates still move).
// CKPT=FILE starts from a checkpoint of `snnc train` (the run's seed as SEED, its epochs as START_EP).
// RESCALE=k and GAMMA_HOLD=g (prototypes, see below): a finer readout weight LSB, the margin from FREEZE_AT on.
// With CONTRACT=1 an ANNEAL entry may be a/h or a/h/hold, as `snnc train --rate-schedule` takes them.
// DUMP=DIR: before the first epoch (DIR/init-*) and after the last (DIR/end-*), with learning off,
// every training and validation sample's spike counts x_j of the populations that feed the readout
// (float32 rows, populations in network order) and of the readout, the labels, and the readout's
// wiring (DIR/wiring.u32: pre column, readout neuron, pairs) and weights (DIR/TAG-weights.f32, voltage units, wiring order): for spike-count-ridge.py, which asks
// how much of the gap to the float check is the readout's learning rule.
const W = new URL('../../packages/', import.meta.url).href;
const fs = await import('node:fs');
const { compileForTraining, specForRunSeed, loadCheckpoint } = await import(W + 'training/dist/src/index.js');
const { loadDataset, splitParts, makeEncoder, trainKey, testKey, epochOrder, makeImageShift } = await import(W + 'datasets/dist/src/index.js');
const { loadTarget } = await import(W + 'ir/dist/src/index.js');
const { ReferenceSimulator } = await import(W + 'reference/dist/src/index.js');
const [seed, mode, epochsArg, checkArg] = [+process.argv[2], process.argv[3], +(process.argv[4] ?? 2), +(process.argv[5] ?? 5000)];
const specPath = process.env.SPEC ?? new URL('../../examples/srsnn-seed.json', import.meta.url).pathname;
const t = loadTarget('loihi2').target;
// CKPT=FILE: start from a checkpoint `snnc train` wrote (its untrained network rebuilt and checked by
// hash, then its trained state restored below); SEED must be the run's seed, START_EP its epochs
const ck = process.env.CKPT ? loadCheckpoint(process.env.CKPT) : undefined;
if (ck && !ck.checkpoint) throw new Error(JSON.stringify(ck.diagnostics));
const net = ck ? ck.checkpoint.base : compileForTraining(specForRunSeed(fs.readFileSync(specPath, 'utf8'), seed), 'x.json', t).network;
const DS = process.env.DS ?? 'fashion-mnist';
const ds = loadDataset(DS).dataset;
const parts = splitParts(ds, { validation: DS === 'mnist' ? 1000 : 5000 }).parts;
const ENC = process.env.ENC ?? 'rate';
const AUG = +(process.env.AUG ?? (DS === 'mnist' && ENC === 'rate' ? 1 : 0));
const aug = AUG > 0 ? makeImageShift(ds.inputShape, AUG).shift : undefined;
const moved = new Uint8Array(ds.features);
console.log('dataset', DS, 'train', parts.train.length, 'validation', parts.validation.length, 'augment', AUG);
// as the training session builds it (packages/training/src/session.ts)
const bernoulli = makeEncoder(ENC, ENC === 'rows' ? { steps: 28, width: 28 } : { steps: net.timesteps, maxRate: 1, seed }).encoder;
const REGULAR = process.env.REGULAR ?? '';
const regular = {
  encode(image, _key, out) {
    out.fill(0);
    const n = image.length, T = net.timesteps;
    for (let i = 0; i < n; i++) {
      if (image[i] === 0) continue;
      const p = image[i] / 255, phi = (Math.imul(i + 1, 2654435761) >>> 0) / 4294967296;
      for (let t = 0; t < T; t++) if (Math.floor((t + 1) * p + phi) > Math.floor(t * p + phi)) out[t * n + i] = 1;
    }
  },
};
const enc = REGULAR === 'both' ? regular : bernoulli;
const evalEnc = REGULAR === 'both' || REGULAR === 'eval' ? regular : bernoulli;
// RESCALE=k (prototype, not in the contract): the readout's weight LSB 2^k times finer (weightExp - k,
// learnShift - k, so an update moves the same voltage); with LOAD the loaded readout weights are
// multiplied by 2^k (clamped to the weight bits), so the network computes what it computed
const RESCALE = +(process.env.RESCALE ?? 0);
if (RESCALE) net.projections.forEach((q) => { if (q.plasticity === 'delta') { q.weightExp -= RESCALE; q.learnShift -= RESCALE; } });
const sim = new ReferenceSimulator(net, {});
const raster = new Uint8Array(net.timesteps * sim.inputSize);
const F = ds.features;
const mant0 = net.projections.map((q) => q.learnMant);
const shift0 = net.projections.map((q) => q.learnShift);
const decay0 = net.learning.readoutDecayShift;
// ANNEAL=0,1,2,3: extra learnShift per equal segment of all training samples; ANNEAL_WHO=both|readout|hidden
// an entry a/h or a/h/hold (CONTRACT=1 only): the hidden rule's own shift h and the §5.11 hold, as `snnc train --rate-schedule`
const annealEntries = (process.env.ANNEAL ?? '0').split(',').map((e) => e.split('/'));
const anneal = annealEntries.map((e) => +e[0]);
const who = process.env.ANNEAL_WHO ?? 'both';
let lastSeg = -1;
function setAnneal(g, total) {
  const seg = Math.min(anneal.length - 1, Math.floor(anneal.length * g / total));
  if (seg === lastSeg) return;
  lastSeg = seg;
  if (process.env.CONTRACT === '1') {
    const [a, h, hold] = annealEntries[seg];
    if (h === undefined) sim.setRateShift(+a); // §5.11 as landed: learnMant >> a, readout decay k + a
    else sim.setRateShift(+a, +h, hold === 'hold');
    console.log('anneal segment', seg, 'rate shift (contract)', annealEntries[seg].join('/'));
    return;
  }
  net.projections.forEach((q, p) => {
    const hid = q.plasticity === 'threeFactor', ro = q.plasticity === 'delta';
    if ((hid && who !== 'readout') || (ro && who !== 'hidden')) q.learnShift = Math.min(30, shift0[p] + anneal[seg]);
  });
  // ANNEAL_DECAY=1: the readout decay's exponent follows the rate (k + a), so decay and learning keep their ratio
  if (process.env.ANNEAL_DECAY === '1' && net.learning.readoutDecayShift) net.learning.readoutDecayShift = decay0 + anneal[seg];
  console.log('anneal segment', seg, 'extra shift', anneal[seg], who, 'decay k', net.learning.readoutDecayShift);
}
const pops = net.populations;
const rates = new Float64Array(pops.length);
function evalVal(n) {
  sim.setLearning(false);
  let vc = 0; rates.fill(0);
  for (let k = 0; k < n; k++) { const i = parts.validation[k]; evalEnc.encode(ds.images.subarray(i * F, (i + 1) * F), testKey(i), raster); if (sim.runSample(raster).predicted === ds.labels[i]) vc++; }
  sim.setLearning(true);
  return (100 * vc / n).toFixed(1);
}
function stats() {
  const s = [];
  net.projections.forEach((q, p) => {
    if (q.plasticity === 'none' || !q.plasticity) return;
    const w = sim.weights[p]; let m = 0, a = 0, sat = 0; const lim = (1 << (q.weightBits - 1)) - 1;
    for (let i = 0; i < w.length; i++) { m += w[i]; a += Math.abs(w[i]); if (Math.abs(w[i]) >= lim) sat++; }
    s.push(`${q.id}:${q.plasticity[0]} m=${(m / w.length).toFixed(1)} |w|=${(a / w.length).toFixed(1)} sat=${(100 * sat / w.length).toFixed(1)}%`);
  });
  pops.forEach((P, i) => { if (P.role === 'input') return; let th = 0, sb = 0; for (let j = 0; j < P.size; j++) { th += sim.vth[sim.offset[i] + j]; sb += sim.sbar[sim.offset[i] + j]; } s.push(`${P.id} vth=${(th / P.size).toFixed(0)} sbar=${(sb / P.size / 4096).toFixed(3)}`); });
  return s.join(' | ');
}
console.log('init', stats());
const DUMP = process.env.DUMP;
const RO = net.learning.readout;
const feeding = [...new Set(net.projections.filter((q) => q.target === RO).map((q) => q.source))].sort((a, b) => a - b);
function dump(tag) {
  fs.mkdirSync(DUMP, { recursive: true });
  const col = new Map(); let H = 0;
  for (const p of feeding) { col.set(p, H); H += pops[p].size; }
  if (tag === 'init') {
    const pairs = [];
    for (const q of net.projections) if (q.target === RO) for (let k = 0; k < q.pre.length; k++) pairs.push(col.get(q.source) + q.pre[k], q.post[k]);
    fs.writeFileSync(`${DUMP}/wiring.u32`, Buffer.from(Uint32Array.from(pairs).buffer));
  }
  // the readout's weights in the wiring's order, in voltage units per spike (mantissa x 2^(6 + weightExp) / 2^voltageScaleLog2)
  const wts = [];
  net.projections.forEach((q, p) => { if (q.target === RO) for (let k = 0; k < q.pre.length; k++) wts.push(sim.weights[p][k] * 2 ** (6 + q.weightExp) / 2 ** pops[RO].voltageScaleLog2); });
  fs.writeFileSync(`${DUMP}/${tag}-weights.f32`, Buffer.from(Float32Array.from(wts).buffer));
  sim.setLearning(false);
  const R = pops[RO].size;
  for (const part of ['train', 'validation']) {
    const idx = parts[part];
    const X = new Float32Array(idx.length * H), Z = new Float32Array(idx.length * R), y = new Uint8Array(idx.length);
    idx.forEach((i, k) => {
      evalEnc.encode(ds.images.subarray(i * F, (i + 1) * F), testKey(i), raster);
      sim.runSample(raster);
      for (const p of feeding) for (let j = 0; j < pops[p].size; j++) X[k * H + col.get(p) + j] = sim.x[sim.offset[p] + j];
      for (let j = 0; j < R; j++) Z[k * R + j] = sim.x[sim.offset[RO] + j];
      y[k] = ds.labels[i];
    });
    fs.writeFileSync(`${DUMP}/${tag}-${part}.x`, Buffer.from(X.buffer));
    fs.writeFileSync(`${DUMP}/${tag}-${part}.z`, Buffer.from(Z.buffer));
    fs.writeFileSync(`${DUMP}/${part}.y`, Buffer.from(y.buffer));
  }
  fs.writeFileSync(`${DUMP}/shape.json`, JSON.stringify({ hidden: H, readout: R, classes: net.learning.classes ?? 10, populations: feeding.map((p) => [pops[p].id, pops[p].size]) }));
  sim.setLearning(true);
  console.log('dumped', tag, 'to', DUMP);
}
if (DUMP) dump('init');
const AUG_UNTIL = +(process.env.AUG_UNTIL ?? Infinity); // the training shift applies in epochs before this one
const FREEZE_AT = +(process.env.FREEZE_AT ?? 1); // the epoch from which freezeHidden / freezeReadout hold
const t0 = Date.now();
// LOAD=FILE START_EP=E: continue from a state SAVE_AT wrote after E epochs (polish variants without retraining)
const START_EP = +(process.env.START_EP ?? 0);
if (process.env.LOAD) sim.restore((await import('node:v8')).deserialize(fs.readFileSync(process.env.LOAD)));
if (ck) {
  sim.restore(ck.checkpoint.snapshot);
  console.log(`START from ${process.env.CKPT} (run seed ${ck.checkpoint.header.run?.seed ?? '?'}) valAll=${evalVal(parts.validation.length)}`);
}
if (process.env.LOAD && RESCALE) net.projections.forEach((q, p) => {
  if (q.plasticity !== 'delta') return;
  const lim = (1 << (q.weightBits - 1)) - 1, w = sim.weights[p];
  for (let i = 0; i < w.length; i++) w[i] = Math.max(-lim - 1, Math.min(lim, w[i] * 2 ** RESCALE));
});
const [saveAtEp, saveAtFile] = (process.env.SAVE_AT ?? ':').split(':');
for (let ep = START_EP; ep < epochsArg; ep++) {
  if (saveAtFile && ep === +saveAtEp) fs.writeFileSync(saveAtFile, (await import('node:v8')).serialize(sim.snapshot()));
  if (mode === 'readoutOnly') net.projections.forEach((q) => { if (q.plasticity === 'threeFactor') q.learnMant = 0; });
  // GAMMA_HOLD=g (prototype, not in the contract): the margin gamma from FREEZE_AT on
  if (process.env.GAMMA_HOLD && ep >= FREEZE_AT) net.learning.gamma = +process.env.GAMMA_HOLD;
  // HOMEO_FREEZE=1 (prototype, not in the contract): from FREEZE_AT on the hidden thresholds and rate estimates stop moving in training too
  if (process.env.HOMEO_FREEZE === '1' && ep >= FREEZE_AT) pops.forEach((P) => { if (P.role !== 'input' && P.id !== pops[RO].id) P.params.etaThetaMant = 0; });
  if (ep >= FREEZE_AT) net.projections.forEach((q, p) => {
    if (mode === 'freezeHidden' && q.plasticity === 'threeFactor') q.learnMant = 0;
    if (mode === 'freezeReadout' && q.plasticity !== 'threeFactor' && mant0[p] > 0) q.learnMant = 0;
  });
  sim.setLearning(true);
  const order = epochOrder(parts.train, seed, ep, new Uint32Array(parts.train.length));
  let ok = 0, okWin = 0;
  for (let k = 0; k < order.length; k++) {
    setAnneal(ep * order.length + k, epochsArg * order.length);
    const i = order[k];
    const key = trainKey(i, ep, ds.labels.length);
    const img = ds.images.subarray(i * F, (i + 1) * F);
    enc.encode(aug && ep < AUG_UNTIL ? aug.apply(img, key, moved) : img, key, raster);
    if (sim.runSample(raster, ds.labels[i]).predicted === ds.labels[i]) { ok++; okWin++; }
    if ((k + 1) % checkArg === 0) { console.log(`ep${ep} k=${k + 1} trainWin=${(100 * okWin / checkArg).toFixed(1)} val1k=${evalVal(Math.min(1000, parts.validation.length))} ${stats()} ${((Date.now() - t0) / 1000).toFixed(0)}s`); okWin = 0; }
  }
  console.log(`END ep${ep} train=${(100 * ok / order.length).toFixed(1)} valAll=${evalVal(parts.validation.length)}`);
}
if (DUMP) dump('end');
// SAVE=FILE: the simulator's persistent state after the last epoch (v8-serialised snapshot), for inject-readout.mjs
if (process.env.SAVE) fs.writeFileSync(process.env.SAVE, (await import('node:v8')).serialize(sim.snapshot()));
