#!/usr/bin/env node
/**
 * The depth study of docs/results.md "SAL": the default network (examples/srsnn-seed.json) with
 * K = 1, 2 or 3 hidden layers. K = 1 keeps L1; K = 3 appends L3, a copy of L2 fed by L2. Every
 * layer projects to the readout and has its own modulatory block (M = 10).
 * Usage: node scripts/sal/depth-specs.mjs OUTDIR  (writes srsnn-seed-k1.json, -k2, -k3)
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const base = JSON.parse(fs.readFileSync(path.join(root, 'examples/srsnn-seed.json'), 'utf8'));
const out = process.argv[2] ?? '.';
fs.mkdirSync(out, { recursive: true });
for (const K of [1, 2, 3]) {
  const s = structuredClone(base);
  s.name = `srsnn-seed-k${K}`;
  const layers = base.layers.slice(0, Math.min(K, 2));
  if (K === 3) layers.push({ ...structuredClone(base.layers[1]), id: 'L3' });
  s.layers = layers;
  s.longRange.sources = layers.map((l) => l.id);
  s.learning.modulatory = { m: base.learning.modulatory.m, perLayer: layers.map(() => base.learning.modulatory.m) };
  fs.writeFileSync(path.join(out, `${s.name}.json`), JSON.stringify(s, null, 2) + '\n');
}
