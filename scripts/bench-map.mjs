#!/usr/bin/env node
// Mapper benchmark (`npm run bench map`, docs/benchmarks.md "Mapper"):
//  1. the seed networks (examples/srsnn-seed.json, examples/srsnn-mnist.json) and the training
//     defaults for MNIST and row-sequential MNIST (srsnn-seed-mnist-wide3, srsnn-seed-rows) on loihi1 and loihi2,
//     both strategies (`snnc map --json`; loihi1 with --lower-for loihi2);
//  2. `snnc bench map` on structured small-world networks of 10k, 100k and 1M neurons (~100
//     synapses each) for loihi2, both strategies, one process per run so that peakMB is that
//     run's own peak.
// Prints one JSON line per run, then one `check` line per network with issue 14's ratios: cores
// over the certified bound, locality's cores and hop traffic over sequential's, and for the bench
// networks seconds and peak memory. Exits 1 if a run fails or locality uses more cores than
// sequential (a guarantee); the other goals are reported as met or not.
// Options: --sizes 10000,100000 --strategies sequential,locality --fanin 100 --no-seeds
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.join(here, '..');
const bin = path.join(root, 'packages', 'cli', 'bin', 'snnc.js');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
};
const sizes = arg('sizes', '10000,100000,1000000').split(',').map(Number);
const strategies = arg('strategies', 'sequential,locality').split(',');
const fanin = arg('fanin', '100');
let failed = 0;

function run(args, label) {
  const r = spawnSync(process.execPath, ['--max-old-space-size=8192', bin, ...args], { encoding: 'utf8', timeout: 900_000, cwd: root });
  if (r.status !== 0) {
    failed++;
    process.stderr.write(`bench-map: ${label}: exit ${r.status}${r.error ? ` (${r.error.message})` : ''}\n${r.stderr ?? ''}`);
    return undefined;
  }
  const line = r.stdout.trim().split('\n').pop();
  process.stdout.write(line + '\n');
  return JSON.parse(line);
}

function check(network, runs, extra = {}) {
  const seq = runs.sequential, loc = runs.locality;
  if (!seq || !loc) return;
  const out = {
    check: network,
    target: loc.target,
    cores: loc.cores,
    lowerBound: loc.lowerBound,
    boundKind: loc.boundKind,
    coresToBound: loc.coresToBound,
    sequentialCores: seq.cores,
    localityNoMoreCores: loc.cores <= seq.cores,
    hopTrafficToSequential: seq.hopTraffic > 0 ? Math.round((loc.hopTraffic / seq.hopTraffic) * 10000) / 10000 : 1,
    ...extra,
  };
  if (!out.localityNoMoreCores) failed++;
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (!process.argv.includes('--no-seeds')) {
  for (const example of ['srsnn-seed', 'srsnn-mnist', 'srsnn-seed-mnist-wide3', 'srsnn-seed-rows']) {
    for (const target of ['loihi1', 'loihi2']) {
      const runs = {};
      for (const s of strategies) {
        const lower = target === 'loihi1' ? ['--lower-for', 'loihi2'] : [];
        runs[s] = run(['map', path.join('examples', `${example}.json`), '--target', target, ...lower, '--strategy', s, '--json'], `${example} ${target} ${s}`);
      }
      const loc = runs.locality;
      check(example, runs, loc ? { goalCoresToBound: 1.05, coresGoalMet: loc.coresToBound <= 1.05 } : {});
    }
  }
}

for (const n of sizes) {
  const runs = {};
  for (const s of strategies) {
    runs[s] = run(['bench', 'map', '--neurons', String(n), '--fanin', fanin, '--strategy', s, '--json'], `${n} neurons, ${s}`);
  }
  const loc = runs.locality;
  if (!loc) continue;
  const big = n >= 1_000_000;
  check(`bench ${n}`, runs, {
    seconds: loc.seconds, cpuSeconds: loc.cpuSeconds, peakMB: loc.peakMB,
    ...(big ? { goalCoresToBound: 1.25, coresGoalMet: loc.coresToBound <= 1.25, timeGoalMet: loc.seconds < 60, memoryGoalMet: loc.peakMB < 4096 } : {}),
    hopGoalMet: runs.sequential ? loc.hopTraffic <= 0.5 * runs.sequential.hopTraffic : undefined,
  });
}
process.exitCode = failed ? 1 : 0;
