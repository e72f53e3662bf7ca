#!/usr/bin/env node
// Mapper scale benchmark (`npm run bench map`): `snnc bench map` on structured small-world networks
// of 10k, 100k and 1M neurons (~100 synapses each) for loihi2, both strategies, one process per
// run so that peakMB is that run's own peak. Prints one JSON line per run.
// Options: --sizes 10000,100000 --strategies sequential,locality --fanin 100
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.join(here, '..', 'packages', 'cli', 'bin', 'snnc.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const sizes = arg('sizes', '10000,100000,1000000').split(',').map(Number);
const strategies = arg('strategies', 'sequential,locality').split(',');
const fanin = arg('fanin', '100');
let failed = 0;
for (const n of sizes) {
  for (const s of strategies) {
    const r = spawnSync(process.execPath, ['--max-old-space-size=8192', bin, 'bench', 'map', '--neurons', String(n), '--fanin', fanin, '--strategy', s, '--json'], {
      encoding: 'utf8', timeout: 900_000,
    });
    if (r.status !== 0) {
      failed++;
      process.stderr.write(`bench-map: ${n} neurons, ${s}: exit ${r.status}${r.error ? ` (${r.error.message})` : ''}\n${r.stderr ?? ''}`);
      continue;
    }
    process.stdout.write(r.stdout.trim() + '\n');
  }
}
process.exitCode = failed ? 1 : 0;
