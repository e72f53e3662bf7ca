import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, Rng } from '@snnc/common';
import { createSimulator } from '../src/index.js';
import { randomNet, randomRaster } from './random-net.js';

/**
 * A golden trace as readable text: spikes of every step, membrane and threshold of a few neurons,
 * and after every epoch the teaching signal, m, L and every weight. Any change of the integer
 * meaning shows up as a diff of this file. Regenerate deliberately with
 *   UPDATE_GOLDEN=1 npx mocha --no-config packages/reference/dist/test/golden.test.js
 * and review the diff (the emulator must then be changed to match, or the change is a bug).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
// dist/test -> test/fixtures (the fixture lives with the sources, not in dist)
const fixture = path.resolve(here, '../../test/fixtures/golden-trace.txt');

function trace(): string {
  const net = randomNet(2026, { nin: 8, nh: 8, classes: 3, T: 8 });
  const sim = createSimulator(net, { learning: true });
  const rng = new Rng(77);
  const lines: string[] = ['# packages/reference golden trace: randomNet(2026, nin 8, nh 8, classes 3, T 8), learning on'];
  const bits = (a: Uint8Array, o: number, n: number) => Array.from(a.subarray(o, o + n)).join('');
  for (let k = 0; k < 4; k++) {
    const label = k % 3;
    lines.push(`sample ${k} label ${label}`);
    sim.runSample(randomRaster(rng, net.timesteps, sim.inputSize, 0.35), label, {
      onStep(v) {
        const h = sim.offset[1];
        lines.push(
          `  t ${v.t} in ${bits(v.spikes, 0, 8)} h ${bits(v.spikes, h, 8)} out ${bits(v.spikes, sim.offset[2], 3)}` +
            ` v[h0..2] ${Array.from(v.v.subarray(h, h + 3)).join(' ')} vth[h0] ${v.vth[h]} sbar[h0] ${v.sbar[h]}`,
        );
      },
      onEpoch(e) {
        lines.push(`  epoch ${e.epoch} counts ${Array.from(e.counts).join(' ')} delta ${Array.from(e.delta).join(' ')} margin ${e.margin}`);
        lines.push(`  m ${Array.from(sim.modulatoryState()[0]).join(' ')} L ${Array.from(sim.L.subarray(sim.offset[1], sim.offset[2])).join(' ')}`);
        net.projections.forEach((q, p) => {
          const e2 = sim.eligibility(p);
          if (e2) lines.push(`  e${p} crc ${crc32(new Uint8Array(e2.buffer)).toString(16).padStart(8, '0')} nonzero ${e2.filter((x) => x !== 0).length}`);
          lines.push(`  w${p} ${Array.from(sim.weights[p]).join(' ')}`);
        });
      },
    });
  }
  return lines.join('\n') + '\n';
}

describe('reference: golden trace', () => {
  it('matches test/fixtures/golden-trace.txt', () => {
    const got = trace();
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(fixture, got);
    const want = fs.readFileSync(fixture, 'utf8');
    expect(got).to.equal(want);
  });
});
