import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalJson } from '@snnc/common';
import { loadTarget, validateSpec, type Target } from '@snnc/ir';
import { randomInputs } from '@snnc/datasets';
import { verifySpec } from '@snnc/verify';
import { compareSpikeCounts, importNirFile, withinTolerance, type NirImportResult } from '../src/index.js';
import { realFile, scratch, skipNotice } from './helpers.js';

/**
 * The three real files of ../shared/nir: each imports, validates, lowers for loihi2, runs
 * bit-exact on the emulator against the reference (verifySpec), and agrees with the float64
 * simulation of the NIR graph within the stated tolerance (withinTolerance).
 */
describe('nir: real files import, compile, emulate bit-exact and agree with float64', function () {
  this.timeout(60000);
  let target: Target;
  const dir = scratch();
  before(() => {
    target = loadTarget('loihi2').target!;
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function imported(ctx: Mocha.Context, name: string, T: number): Promise<NirImportResult | null> {
    const f = realFile(name);
    if (!f) {
      skipNotice(ctx, name);
      return null;
    }
    const r = await importNirFile(f, { timesteps: T, target });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(validateSpec(r.spec).spec, 'validateSpec').to.not.equal(undefined);
    expect(r.lowered, 'lowered for loihi2').to.not.equal(undefined);
    return r;
  }

  function emulateBitExact(r: NirImportResult, rate: number): void {
    const f = path.join(dir, `${r.spec!.name}.json`);
    fs.writeFileSync(f, canonicalJson(r.spec));
    const v = verifySpec(f, target, 'sequential', { train: false, samples: 1, rate, seed: 3 });
    expect(v.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(v.result?.bitExact, JSON.stringify(v.result?.firstDivergence)).to.equal(true);
    expect(v.result!.spikes).to.be.greaterThan(0);
  }

  function agree(r: NirImportResult, samples: number, rate: number) {
    const nIn = r.lowered!.populations.filter((p) => p.model === 'input').reduce((a, p) => a + p.size, 0);
    const inputs = randomInputs(samples, r.lowered!.timesteps, nIn, 0, rate, 11);
    const cmp = compareSpikeCounts(r.network!, r.lowered!, r.report!.dt, r.delays!, inputs.rasters);
    for (const a of cmp) expect(withinTolerance(a, samples), JSON.stringify(a)).to.equal(true);
    return cmp;
  }

  it('lif_norse.nir (Norse, NIR 0.1.1): Input -> Affine -> LIF at the default 1 ms', async function () {
    const r = await imported(this, 'lif_norse.nir', 200);
    if (!r) return;
    expect(r.report!.dt).to.equal(1e-3);
    const lif = r.spec!.populations[1];
    expect(lif.neuron).to.deep.include({ model: 'cuba', alphaU: 0 });
    // tau = 2.5 ms: alpha = 1 - 0.001/0.0025 = 0.6 (float32 in the file)
    expect((lif.neuron as { alphaV: number }).alphaV).to.be.closeTo(0.6, 1e-7);
    expect(lif.role).to.equal('readout');
    emulateBitExact(r, 0.3);
    const cmp = agree(r, 4, 0.3);
    expect(cmp[0].fixedSpikes).to.be.greaterThan(50);
  });

  it('braille_noDelay_bias_zero.nir (recurrent CubaLIF): dt recovered from the snnTorch convention', async function () {
    const r = await imported(this, 'braille_noDelay_bias_zero.nir', 100);
    if (!r) return;
    expect(r.report!.dt).to.be.closeTo(1e-4, 1e-12);
    const ids = r.spec!.populations.map((p) => `${p.id}:${p.size}`);
    expect(ids).to.deep.equal(['input:12', 'bias:1', 'lif1.lif:38', 'lif2:7']);
    const rec = r.spec!.projections.find((p) => p.id === 'lif1.w_rec')!;
    expect([rec.source, rec.target, rec.kind]).to.deep.equal(['lif1.lif', 'lif1.lif', 'rec']);
    const n = r.spec!.populations[2].neuron as { alphaU: number; alphaV: number };
    expect(n.alphaU).to.be.closeTo(0.55, 1e-6);
    expect(n.alphaV).to.be.closeTo(0.9, 1e-6);
    emulateBitExact(r, 0.3);
    const cmp = agree(r, 4, 0.3);
    expect(cmp.find((a) => a.id === 'lif2')!.fixedSpikes).to.be.greaterThan(100);
  });

  it('cnn_sinabs.nir (N-MNIST CNN): convolutions, pooling and Flatten composed; few steps', async function () {
    const r = await imported(this, 'cnn_sinabs.nir', 8);
    if (!r) return;
    expect(r.report!.dt).to.equal(1);
    const kinds = r.spec!.projections.map((p) => `${p.id}:${p.connectivity.type}`);
    // conv directly on a population stays conv2d; pool+conv and pool+flatten+affine become explicit
    expect(kinds).to.deep.equal(['n0:conv2d', 'n2:conv2d', 'n5:explicit', 'n9:explicit', 'n11:dense']);
    expect(r.spec!.populations.map((p) => p.size)).to.deep.equal([2312, 4096, 4096, 512, 256, 10]);
    expect(r.spec!.populations[1].shape).to.deep.equal([16, 16, 16]);
    emulateBitExact(r, 0.3);
    agree(r, 1, 0.3);
  });

  it('the tolerance can fail: a wrong sign on the braille readout weights is far outside it', async function () {
    const r = await imported(this, 'braille_noDelay_bias_zero.nir', 100);
    if (!r) return;
    const k = r.lowered!.projections.findIndex((p) => p.id === 'fc2');
    const bad = { ...r.lowered!, projections: r.lowered!.projections.map((p, i) => (i === k ? { ...p, weight: p.weight.map((w) => -w) } : p)) };
    const nIn = 12;
    const inputs = randomInputs(4, 100, nIn, 0, 0.3, 11);
    const cmp = compareSpikeCounts(r.network!, bad, r.report!.dt, r.delays!, inputs.rasters);
    expect(withinTolerance(cmp.find((a) => a.id === 'lif2')!, 4)).to.equal(false);
  });
});
