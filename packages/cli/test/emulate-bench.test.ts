/**
 * `snnc bench emulator` at a small size: the documented JSON fields, the network's size, work that
 * follows the drive (no drive, no spikes, no synaptic events), and identical counts on every run
 * (only the clock may differ).
 */
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { benchNetwork, benchRaster } from '../src/bench/emulator-net.js';
import { estimateHeap, heapRefusal, HEAP_BYTES_PER_SYNAPSE, MEMORY_BYTES_PER_SYNAPSE } from '@snnc/driver';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const BIN = path.join(ROOT, 'packages/cli/bin/snnc.js');

function bench(...args: string[]): Record<string, number | string> {
  const r = spawnSync(process.execPath, [BIN, 'bench', 'emulator', '--neurons', '300', '--fanin', '20', '--steps', '60', '--json', ...args], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status, r.stderr).to.equal(0);
  return JSON.parse(r.stdout);
}

describe('snnc bench emulator', function () {
  this.timeout(60_000);

  it('refuses up front, with the estimate, the limit and the fix, when the network would not fit the heap or the memory (SNNC4330)', () => {
    // a 64 MB heap cannot hold even the small per-synapse heap share of 10M synapses
    const r = spawnSync(process.execPath, ['--max-old-space-size=64', BIN, 'bench', 'emulator', '--neurons', '100000', '--fanin', '100', '--steps', '200'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).to.equal(1);
    expect(r.stderr).to.match(/error SNNC4330: the benchmark network \(100000 neurons x 100 synapses\) needs about 0\.\d GB of JavaScript heap .* \(0\.\d GB heap limit\)/);
    expect(r.stderr).to.match(/fix: run with a larger heap, e\.g\. NODE_OPTIONS=--max-old-space-size=\d+/);
    expect(r.stderr).to.not.match(/heap out of memory|^\s+at /m);
    // the estimate itself: linear in synapses (or image bytes), against the heap limit and the machine's memory
    const e = estimateHeap({ synapses: 1e6 }, 1e9, 16e9);
    expect(e.heapBytes).to.equal(HEAP_BYTES_PER_SYNAPSE * 1e6 + 150e6);
    expect(e.memoryBytes).to.equal(MEMORY_BYTES_PER_SYNAPSE * 1e6 + 150e6);
    expect(e.fits).to.equal(true);
    // 10M synapses fit the default heap now (typed arrays live outside it); 100M do not fit 16 GB of memory
    expect(estimateHeap({ synapses: 1e7 }, 4.3e9, 16e9).fits).to.equal(true);
    const big = heapRefusal('x', estimateHeap({ synapses: 1e8 }, 4.3e9, 16e9));
    expect(big?.code).to.equal('SNNC4330');
    expect(big?.message).to.match(/GB of memory .* more than this machine has \(16\.0 GB\)/);
    expect(heapRefusal('x', estimateHeap({ imageBytes: 1e10 }, 4.3e9, 16e9))?.code).to.equal('SNNC4330');
    expect(heapRefusal('x', estimateHeap({ synapses: 1000 }))).to.equal(undefined);
  });

  it('prints the documented fields; counts are deterministic and follow the drive', () => {
    const a = bench('--rate', '0.05');
    for (const k of ['neurons', 'synapses', 'steps', 'spikes', 'synapticEvents', 'seconds', 'eventsPerSecond']) expect(a, k).to.have.property(k);
    expect(a).to.include({ neurons: 300, steps: 60, synapses: 300 * 20 + 300, accumulator: 'int32' });
    expect(a.spikes as number).to.be.greaterThan(0);
    const eps = (a.synapticEvents as number) / (a.seconds as number); // seconds is printed rounded to 1 us
    expect(a.eventsPerSecond as number).to.be.closeTo(eps, eps * 1e-3);
    const b = bench('--rate', '0.05');
    for (const k of ['spikes', 'synapticEvents', 'messages', 'energyPerStepPJ', 'cores']) expect(b[k], k).to.equal(a[k]);
    const silent = bench('--rate', '0');
    expect(silent).to.include({ spikes: 0, synapticEvents: 0, messages: 0 });
  });

  it('builds the same network and drive from the same seed, a different one from another', () => {
    const n1 = benchNetwork({ neurons: 200, fanin: 15, seed: 3 });
    const n2 = benchNetwork({ neurons: 200, fanin: 15, seed: 3 });
    const n3 = benchNetwork({ neurons: 200, fanin: 15, seed: 4 });
    expect(n1.projections[1].pre).to.deep.equal(n2.projections[1].pre);
    expect(n1.projections[1].weight).to.deep.equal(n2.projections[1].weight);
    expect(n1.projections[1].pre).to.not.deep.equal(n3.projections[1].pre);
    // every neuron has exactly `fanin` distinct presynaptic neurons; pairs sorted by (pre, post)
    const rec = n1.projections[1];
    const fanin = new Int32Array(200);
    for (let s = 0; s < rec.pre.length; s++) {
      fanin[rec.post[s]]++;
      if (s > 0) expect(rec.pre[s - 1] * 200 + rec.post[s - 1]).to.be.lessThan(rec.pre[s] * 200 + rec.post[s]);
    }
    expect([...new Set(fanin)]).to.deep.equal([15]);
    expect(benchRaster(n1, 10, 0.1, 5)).to.deep.equal(benchRaster(n2, 10, 0.1, 5));
  });
});
