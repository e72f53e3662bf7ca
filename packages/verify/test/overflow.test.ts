/**
 * Issue 12, item 6: silent overflow is counted. A CUBA population driven far beyond its 24-bit
 * current (weights 127 at exponent 7, 12 inputs spiking together) wraps u and saturates v; the
 * reference simulator and the emulator count the same wraps and saturations per population
 * (docs/semantics.md §1.2), and the verifier turns them into warnings SNNC4320. A quiet network
 * counts zero.
 */
import { expect } from 'chai';
import { hasErrors, formatDiagnostic, OVERFLOW_WARNING } from '@snnc/common';
import type { LoweredNetwork } from '@snnc/ir';
import { compileNetwork } from '@snnc/codegen';
import { decodeImage, encodeImage } from '@snnc/image';
import { formatDivergence, placeNaive, verifyNetwork } from '../src/index.js';
import { makeTarget } from './arbitraries.js';

function net(weight: number, weightExp: number): LoweredNetwork {
  const nIn = 12, nOut = 3;
  const pre: number[] = [], post: number[] = [], w: number[] = [];
  for (let j = 0; j < nIn; j++) for (let i = 0; i < nOut; i++) {
    pre.push(j);
    post.push(i);
    w.push(i === 2 ? -weight : weight); // neuron 2 is driven negative
  }
  return {
    irVersion: '1.0', name: 'overflow', seed: 1, timesteps: 8,
    populations: [
      { id: 'in', index: 0, size: nIn, role: 'input', layer: 0, model: 'input', params: null },
      { id: 'out', index: 1, size: nOut, role: 'readout', layer: 1, model: 'cuba', classes: nOut, neuronsPerClass: 1, specPointer: '/populations/1',
        params: { model: 'cuba', decayU: 100, decayV: 100, vthMant: 131071, biasMant: 0, biasExp: 0, refractory: 0 } },
    ],
    projections: [{
      id: 'p0', index: 0, source: 0, target: 1, kind: 'ff', delay: 1, plasticity: 'none',
      pre: Uint32Array.from(pre), post: Uint32Array.from(post), weight: Int16Array.from(w), weightBits: 8, weightExp, learnMant: 0, learnShift: 0,
    }],
    learning: null,
  };
}

function verify(n: LoweredNetwork) {
  const target = makeTarget({ maxCompartments: 8 });
  const placement = placeNaive(n, target, {});
  const g = compileNetwork(n, placement, target);
  if (!g.image) throw new Error(g.diagnostics.map(formatDiagnostic).join('\n'));
  const d = decodeImage(encodeImage(g.image));
  if (!d.image || hasErrors(d.diagnostics)) throw new Error(d.diagnostics.map(formatDiagnostic).join('\n'));
  const rasters = [0, 1, 2].map(() => new Uint8Array(8 * 12).fill(1)); // every input spikes every step
  const r = verifyNetwork(n, d.image, placement, { rasters, train: false, file: 'net.json' });
  expect(r.bitExact, r.firstDivergence && formatDivergence(r.firstDivergence)).to.equal(true);
  return r;
}

describe('overflow counters (issue 12 item 6)', () => {
  it('a CUBA population driven past 24 bits: u wraps and v saturates, counted equally by reference and emulator, reported as SNNC4320', () => {
    const r = verify(net(127, 7)); // 12 x 127 x 2^13 = 12.5M per step > 2^23
    const ref = r.overflow!.reference, emu = r.overflow!.emulator;
    expect(ref).to.deep.equal(emu);
    expect(ref).to.have.length(1);
    expect(ref[0].population).to.equal('out');
    expect(ref[0].uWraps).to.be.greaterThan(0);
    expect(ref[0].vSaturations).to.be.greaterThan(0);
    const w = r.diagnostics.filter((d) => d.code === OVERFLOW_WARNING);
    expect(w).to.have.length(1);
    expect(w[0].severity).to.equal('warning');
    expect(w[0].message).to.contain('"out"');
    expect(w[0].found).to.equal(`${ref[0].uWraps} wraps, ${ref[0].vSaturations} saturations`);
    expect([w[0].file, w[0].pointer]).to.deep.equal(['net.json', '/populations/1']); // located at the population
  });

  it('the same network with small weights counts nothing and warns nothing', () => {
    const r = verify(net(3, 0));
    expect(r.overflow!.reference).to.deep.equal([{ population: 'out', uWraps: 0, vSaturations: 0 }]);
    expect(r.overflow!.emulator).to.deep.equal(r.overflow!.reference);
    expect(r.diagnostics.filter((d) => d.code === OVERFLOW_WARNING)).to.have.length(0);
  });
});
