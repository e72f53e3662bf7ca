/**
 * `snnc bench emulator --network smallworld`: the mapper's bench topology made emulatable (seeded
 * weights on the same rows), bit-exact against the reference at ~2k neurons, the same output on 1
 * and 2 threads for several seeds, and its chip image written for `snnc emulate`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { benchNetwork, DYNAMICS } from '@snnc/mapper';
import { loadTarget } from '@snnc/ir';
import { verifyBench } from '../src/bench/verify-bench.js';
import { estimateHeap, heapRefusal, LOCAL_MEMORY_BYTES_PER_SYNAPSE } from '@snnc/driver';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const BIN = path.join(ROOT, 'packages/cli/bin/snnc.js');

function snnc(...args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).to.equal(0);
  return JSON.parse(r.stdout);
}

/** the JSON of a run without what the clock decides */
function untimed(x: Record<string, unknown>): Record<string, unknown> {
  const { seconds: _s, cpuSeconds: _c, eventsPerSecond: _e, threads: _t, buildSeconds: _b, ...rest } = x;
  return rest;
}

describe('snnc bench emulator --network smallworld', function () {
  this.timeout(120_000);

  it('has the mapper bench topology, with seeded nonzero weights in their ranges', () => {
    const plain = benchNetwork({ neurons: 3000, fanin: 50, seed: 4 });
    const live = benchNetwork({ neurons: 3000, fanin: 50, seed: 4, dynamics: true });
    const again = benchNetwork({ neurons: 3000, fanin: 50, seed: 4, dynamics: true });
    const other = benchNetwork({ neurons: 3000, fanin: 50, seed: 5, dynamics: true });
    expect(live.projections.length).to.equal(plain.projections.length);
    live.projections.forEach((q, p) => {
      expect(q.pre, q.id).to.deep.equal(plain.projections[p].pre);
      expect(q.post, q.id).to.deep.equal(plain.projections[p].post);
      expect(plain.projections[p].weight.every((w) => w === 0)).to.equal(true);
      const [lo, hi] = q.source === 0 ? DYNAMICS.drive : q.source === q.target ? DYNAMICS.recurrent : DYNAMICS.feedForward;
      expect(q.weight.every((w) => w >= lo && w <= hi), q.id).to.equal(true);
      expect(q.weight.some((w) => w !== 0), q.id).to.equal(true);
      expect(q.weight).to.deep.equal(again.projections[p].weight);
    });
    expect(other.projections[1].weight).to.not.deep.equal(live.projections[1].weight);
    expect(live.populations[1].params).to.deep.equal(DYNAMICS.params);
  });

  it('is bit-exact with the reference simulator at ~2k neurons, with bounded activity that follows the drive', () => {
    const target = loadTarget('loihi2').target!;
    const r = verifyBench(target, { network: 'smallworld', neurons: 2000, fanin: 100, seed: 1, steps: 60, rate: 0.2 });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const x = r.result!;
    expect(x.firstDivergence).to.equal(undefined);
    expect(x.bitExact).to.equal(true);
    expect(x.spikesPerStep.length).to.equal(60);
    expect(x.spikes).to.equal(x.spikesPerStep.reduce((a, b) => a + b, 0));
    expect(x.spikes / 60).to.be.within(0.005 * 2000, 0.2 * 2000);
    expect(Math.max(...x.spikesPerStep)).to.be.lessThan(2000 / 2);
    const silent = verifyBench(target, { network: 'smallworld', neurons: 2000, fanin: 100, seed: 1, steps: 20, rate: 0 }).result!;
    expect(silent).to.include({ bitExact: true, spikes: 0 });
  });

  it('gives the same output on 1 and 2 threads (several seeds)', () => {
    for (const seed of ['1', '2', '3']) {
      const args = ['bench', 'emulator', '--network', 'smallworld', '--neurons', '2500', '--steps', '40', '--seed', seed, '--json'];
      const one = snnc(...args, '--threads', '1');
      const two = snnc(...args, '--threads', '2');
      expect(untimed(two), `seed ${seed}`).to.deep.equal(untimed(one));
      expect(one.spikes as number).to.be.greaterThan(0);
      expect(one.neurons).to.equal(2500);
      // the drive reaches every layer; the per-layer counts add up to the total
      const layers = one.populationSpikes as Record<string, number>;
      expect(Object.keys(layers), `seed ${seed}`).to.deep.equal(['L1', 'L2', 'L3', 'L4']);
      for (const [layer, n] of Object.entries(layers)) expect(n, `seed ${seed} ${layer}`).to.be.greaterThan(0);
      expect(Object.values(layers).reduce((a, b) => a + b, 0)).to.equal(one.spikes);
    }
  });

  it('is estimated (SNNC4330) with the local figure, and refused up front when that does not fit', () => {
    const local = estimateHeap({ synapses: 1e8, memoryBytesPerSynapse: LOCAL_MEMORY_BYTES_PER_SYNAPSE }, 4.3e9, 16e9);
    expect(local.fits).to.equal(true);
    expect(estimateHeap({ synapses: 1e8 }, 4.3e9, 16e9).fits).to.equal(false);
    const big = heapRefusal('x', estimateHeap({ synapses: 3e8, memoryBytesPerSynapse: LOCAL_MEMORY_BYTES_PER_SYNAPSE }, 8e9, 16e9));
    expect(big?.message).to.match(/estimate: 80 bytes per synapse/);
  });

  it('writes its chip image (--image-out) for snnc emulate, the same on 1 and 2 threads', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-sw-'));
    try {
      const file = path.join(dir, 'sw.snnc');
      snnc('bench', 'emulator', '--network', 'smallworld', '--neurons', '2000', '--steps', '10', '--image-out', file, '--json');
      expect(fs.statSync(file).size).to.be.greaterThan(0);
      const one = snnc('emulate', file, '--steps', '30', '--rate', '0.2', '--json') as { stats?: unknown };
      const two = snnc('emulate', file, '--steps', '30', '--rate', '0.2', '--threads', '2', '--json');
      expect(JSON.stringify(two)).to.equal(JSON.stringify(one));
      expect(JSON.stringify(one)).to.match(/"spikes":[1-9]/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
