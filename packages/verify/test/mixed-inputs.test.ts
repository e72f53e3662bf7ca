/**
 * §2.4: a dataset is fed through one encoder, which writes one kind of raster for every input
 * column. A network with a graded and a plain input was verified with the graded values on both
 * (the plain input reading each as a spike, at every step of the rate code's values), while
 * `snnc emulate --dataset` refuses its image; now verify refuses it too, at the plain input.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { verifySpec } from '../src/index.js';

function mixedGraph(gradedB = false): unknown {
  const readout = (id: string) => ({ id: `p${id}`, source: id, target: 'out', kind: 'lr', plastic: 'delta', connectivity: { type: 'random', density: 0.5, weight: { dist: 'normal', mean: 0.1, std: 0.3, scaleByFanIn: true } } });
  return {
    irVersion: '1.0', kind: 'graph', name: 'mixed', seed: 3, timesteps: 8,
    populations: [
      { id: 'a', kind: 'input', size: 32, graded: true },
      { id: 'b', kind: 'input', size: 32, ...(gradedB ? { graded: true } : {}) },
      { id: 'out', kind: 'neuron', size: 8, role: 'readout', classes: 4, neuronsPerClass: 2, neuron: { model: 'cuba', alphaU: 0.5, alphaV: 0.875, vth: 2 } },
    ],
    projections: [readout('a'), readout('b')],
    learning: { enabled: true, gamma: 1, rival: 'winner', etaOut: 0.05, eta: 0, lambdaE: 0.9, lambdaM: 0.5, modulatory: { m: 2 }, feedback: { dist: 'normal', mean: 0, std: 1 }, compression: { dist: 'normal', mean: 0, std: 1 }, wMax: 2, readout: 'out', hidden: [] },
  };
}

describe('verify: a dataset for a network mixing graded and plain inputs (§2.4)', function () {
  this.timeout(60_000);

  it('is refused at the plain input (SNNC4306); all graded runs, and random input still runs the mixed one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-verify-mixed-'));
    try {
      const mixed = path.join(dir, 'mixed.json'), graded = path.join(dir, 'graded.json');
      fs.writeFileSync(mixed, JSON.stringify(mixedGraph()));
      fs.writeFileSync(graded, JSON.stringify(mixedGraph(true)));
      for (const encoder of ['rate', 'rows']) {
        const v = verifySpec(mixed, 'loihi2', 'locality', { dataset: 'synthetic', encoder, samples: 2, seed: 0, train: false });
        expect(v.result).to.equal(undefined);
        expect(v.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.file, d.pointer])).to.deep.equal([['SNNC4306', mixed, '/populations/1/graded']]);
      }
      const all = verifySpec(graded, 'loihi2', 'locality', { dataset: 'synthetic', samples: 2, seed: 0, train: false });
      expect(all.result?.bitExact).to.equal(true);
      // random input draws each column by its own kind (gradedInputColumns): no encoder, no refusal
      const random = verifySpec(mixed, 'loihi2', 'locality', { samples: 2, seed: 0, train: false });
      expect(random.result?.bitExact).to.equal(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
