// combine.mjs RUN.json ...: the `snnc train --json` outputs of single-seed runs (run in parallel
// with --seed s, so that a slow dataset's seeds share the cores) summarised exactly as
// `snnc train --seeds N` does (training's summariseSeeds: mean ± sd, 95% t-interval).
import fs from 'node:fs';
const W = new URL('../../packages/', import.meta.url).href;
const { summariseSeeds, formatSeedFigure } = await import(W + 'training/dist/src/index.js');
const runs = process.argv.slice(2).flatMap((f) => JSON.parse(fs.readFileSync(f, 'utf8')).runs)
  .map((r) => ({ seed: r.seed, validationAccuracy: r.validationAccuracy, testAccuracy: r.testAccuracy, seconds: r.seconds, events: r.synapticEvents }));
const s = summariseSeeds(runs);
console.log('seeds', s.seeds.join(','));
console.log('validation', formatSeedFigure(s.validation));
console.log('test      ', formatSeedFigure(s.test));
console.log('test per seed', runs.map((r) => (100 * r.testAccuracy).toFixed(2)).join(' / '));
console.log('s / seed', (runs.reduce((a, r) => a + r.seconds, 0) / runs.length).toFixed(0), ' events / seed', (runs.reduce((a, r) => a + r.events, 0) / runs.length / 1e9).toFixed(2), 'G');
