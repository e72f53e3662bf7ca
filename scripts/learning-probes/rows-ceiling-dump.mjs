// rows-ceiling-dump.mjs OUTDIR: writes the MNIST train / validation parts that `snnc train` uses
// (splitParts, 1,000 validation digits) as raw float32 images (OUTDIR/NAME.x, 784 per digit,
// 0..255) and uint8 labels (OUTDIR/NAME.y), for rows-ceiling.py. The test part is not written:
// the diagnostic is tuned and read on validation only.
import fs from 'node:fs';
const W = new URL('../../packages/', import.meta.url).href;
const { loadDataset, splitParts } = await import(W + 'datasets/dist/src/index.js');
const out = process.argv[2] ?? '.';
fs.mkdirSync(out, { recursive: true });
const ds = loadDataset('mnist').dataset;
const parts = splitParts(ds, { validation: 1000 }).parts;
const F = ds.features;
for (const name of ['train', 'validation']) {
  const idx = parts[name];
  const X = new Float32Array(idx.length * F);
  const y = new Uint8Array(idx.length);
  idx.forEach((i, k) => {
    for (let f = 0; f < F; f++) X[k * F + f] = ds.images[i * F + f];
    y[k] = ds.labels[i];
  });
  fs.writeFileSync(`${out}/${name}.x`, Buffer.from(X.buffer));
  fs.writeFileSync(`${out}/${name}.y`, Buffer.from(y.buffer));
  console.log(name, idx.length);
}
