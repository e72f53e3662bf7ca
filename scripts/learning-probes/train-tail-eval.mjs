#!/usr/bin/env node
// train-tail-eval.mjs CHECKPOINT... [--from 6000] [--to 7000]: evaluates trained checkpoints on a
// second validation part carved from the end of the train block (splitParts' train block, digits
// [from, to)), for runs trained on its first `from` digits only (`snnc train --train FROM`): a part
// that no earlier choice was made on (docs/results.md, "A second validation part"). Learning off,
// the test encoder keys, the reference simulator restored from each checkpoint. Prints one JSON line
// per checkpoint: seed, trained digits, accuracy on the part.
const W = new URL('../../packages/', import.meta.url).href;
const { loadDataset, makeEncoder, splitParts } = await import(W + 'datasets/dist/src/index.js');
const { loadCheckpoint, evaluateRunner } = await import(W + 'training/dist/src/index.js');
const { ReferenceSimulator } = await import(W + 'reference/dist/src/index.js');
const args = process.argv.slice(2);
const opt = (k, d) => { const i = args.indexOf(`--${k}`); return i >= 0 ? Number(args.splice(i, 2)[1]) : d; };
const from = opt('from', 6000), to = opt('to', 7000);
for (const file of args) {
  const ck = loadCheckpoint(file).checkpoint;
  if (!ck) throw new Error(`${file}: not a loadable checkpoint`);
  const r = ck.header.run;
  if (r.trainSamples > from) throw new Error(`${file} trained on ${r.trainSamples} digits, into the part [${from}, ${to})`);
  const ds = loadDataset(r.dataset).dataset;
  const block = splitParts(ds, { splitSeed: r.splitSeed }).parts.train;
  const part = block.slice(from, to);
  const sim = new ReferenceSimulator(ck.base, { hiddenPlasticity: r.hiddenPlasticity, modulation: r.modulation });
  sim.restore(ck.snapshot);
  const ev = evaluateRunner(sim, ds, makeEncoder(r.encoding.name, r.encoding.params).encoder, part);
  console.log(JSON.stringify({ file, seed: r.seed, trainSamples: r.trainSamples, validationAccuracy: r.validationAccuracy, part: [from, to], accuracy: ev.accuracy }));
}
