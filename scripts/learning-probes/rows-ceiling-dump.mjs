// rows-ceiling-dump.mjs OUTDIR [DATASET]: writes the train / validation parts that `snnc train` uses
// for DATASET (default mnist; splitParts' default parts: 1,000 validation digits for mnist, 5,000
// images for fashion-mnist) as raw float32 images (OUTDIR/NAME.x, 784 per digit,
// 0..255) and uint8 labels (OUTDIR/NAME.y), for rows-ceiling.py. The test part is not written:
// the diagnostic is tuned and read on validation only.
import fs from 'node:fs';
const W = new URL('../../packages/', import.meta.url).href;
const { loadDataset, splitParts } = await import(W + 'datasets/dist/src/index.js');
const out = process.argv[2] ?? '.';
fs.mkdirSync(out, { recursive: true });
const name = process.argv[3] ?? 'mnist';
const loaded = loadDataset(name);
if (!loaded.dataset) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
const ds = loaded.dataset;
const parts = splitParts(ds).parts;
const F = ds.features;
for (const part of ['train', 'validation']) {
  const idx = parts[part];
  const X = new Float32Array(idx.length * F);
  const y = new Uint8Array(idx.length);
  idx.forEach((i, k) => {
    for (let f = 0; f < F; f++) X[k * F + f] = ds.images[i * F + f];
    y[k] = ds.labels[i];
  });
  fs.writeFileSync(`${out}/${part}.x`, Buffer.from(X.buffer));
  fs.writeFileSync(`${out}/${part}.y`, Buffer.from(y.buffer));
  console.log(part, idx.length);
}
