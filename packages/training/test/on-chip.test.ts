import { expect } from 'chai';
import { loadDataset, makeEncoder, splitParts } from '@snnc/datasets';
import { compile } from '@snnc/driver';
import { createEmulator, loadNetworkState, readNetworkState } from '@snnc/emulator';
import { loadTarget } from '@snnc/ir';
import { ReferenceSimulator } from '@snnc/reference';
import { evaluateOnChip, evaluateRunner, loadCheckpointBytes, runTrainingJob, withFeedbackRule } from '../src/index.js';
import { tinySpec } from './training.test.js';

/**
 * A trained checkpoint on the chip (on-chip.ts, `snnc evaluate --on-chip`): compiled for its target,
 * the trained state written into the emulator in network order, the test part run on the chip and
 * in the reference simulator. Every prediction must agree, on either placement strategy, and the
 * chip's accuracy must be the training run's test accuracy; with the untrained state the chip would
 * predict otherwise (checked below), so the agreement is not that of two untrained networks.
 */
describe('a trained checkpoint evaluated on the chip', function () {
  this.timeout(60000);
  const target = loadTarget('loihi2').target!;
  const data = loadDataset('synthetic', { noise: 0.35 }).dataset!;
  const job = { specText: JSON.stringify(tinySpec()), specName: 'tiny.json', target, dataset: data, datasetName: 'synthetic', seed: 3, epochs: 2, clock: () => 0 };

  function parts(bytes: Uint8Array) {
    const ck = loadCheckpointBytes(bytes).checkpoint!;
    const r = ck.header.run;
    const test = splitParts(data, { splitSeed: r.splitSeed, train: 0, validation: 0, test: r.testSamples }).parts!.test;
    return { ck, test, encoder: makeEncoder(r.encoding.name, r.encoding.params).encoder! };
  }

  for (const strategy of ['sequential', 'locality']) {
    it(`predicts on the chip exactly as in the reference simulator (${strategy}), with the run's test accuracy`, () => {
      const run = runTrainingJob(job).result!;
      const { ck, test, encoder } = parts(run.checkpoint!);
      const oc = evaluateOnChip(ck, data, encoder, test, target, { strategy });
      expect(oc.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
      const r = oc.result!;
      expect(r.identical).to.equal(true);
      expect(r.chip.accuracy).to.equal(run.loop.testAccuracy);
      expect(r.reference.accuracy).to.equal(run.loop.testAccuracy);
      expect(Array.from(r.chip.confusion)).to.deep.equal(Array.from(r.reference.confusion));
      expect(r.cores).to.be.at.least(1);
      expect(r.perInference.cycles).to.be.greaterThan(0);
      expect(r.perInference.energyUJ).to.be.greaterThan(0);
      expect(r.perInference.synapticOps).to.be.greaterThan(0);
      // the untrained network predicts otherwise on this part: the agreement above is the trained one's
      const untrained = evaluateRunner(new ReferenceSimulator(ck.base), data, encoder, test);
      expect(untrained.accuracy).to.not.equal(run.loop.testAccuracy);
    });
  }

  it('on threads: the same predictions and cost figures (a target with small cores, so that there are several)', () => {
    const run = runTrainingJob(job).result!;
    const { ck, test, encoder } = parts(run.checkpoint!);
    const small = structuredClone(target);
    small.core.maxCompartments = 6;
    const one = evaluateOnChip(ck, data, encoder, test, small, { strategy: 'sequential' }).result!;
    expect(one.cores).to.be.at.least(3);
    const two = evaluateOnChip(ck, data, encoder, test, small, { strategy: 'sequential', threads: 2 }).result!;
    expect(one.identical && two.identical).to.equal(true);
    expect({ ...two, reference: null, chip: { ...two.chip, seconds: 0 } }).to.deep.equal({ ...one, reference: null, chip: { ...one.chip, seconds: 0 } });
  });

  it('with learned feedback (SAL) too: its decoders are written into the chip', () => {
    const run = runTrainingJob({ ...job, specText: withFeedbackRule(job.specText, { rule: 'sal' }) }).result!;
    const { ck, test, encoder } = parts(run.checkpoint!);
    expect(ck.snapshot.wmh?.length).to.be.greaterThan(0);
    const r = evaluateOnChip(ck, data, encoder, test, target, { strategy: 'sequential' }).result!;
    expect(r.identical).to.equal(true);
    expect(r.chip.accuracy).to.equal(run.loop.testAccuracy);
    // inference does not read the decoders (they carry the feedback), so check them directly: the
    // chip holds the trained ones, which differ from the image's initial ones
    const emu = createEmulator(compile({ text: ck.header.specText, name: 'tiny.json' }, target, { strategy: 'sequential' }).image!).emulator!;
    const initial = readNetworkState(emu).wmh!;
    expect(loadNetworkState(emu, ck.snapshot)).to.deep.equal([]);
    const sal = ck.base.learning!.modulatory.map((b, k) => (b.sal ? k : -1)).filter((k) => k >= 0);
    expect(sal.length).to.be.greaterThan(0);
    for (const k of sal) expect(Array.from(readNetworkState(emu).wmh![k])).to.deep.equal(Array.from(ck.snapshot.wmh![k]));
    expect(sal.some((k) => Array.from(initial[k]).join() !== Array.from(ck.snapshot.wmh![k]).join())).to.equal(true);
  });

  it('refuses a target other than the one the checkpoint was trained for, located', () => {
    const { ck, test, encoder } = parts(runTrainingJob({ ...job, epochs: 1 }).result!.checkpoint!);
    // loihi1 cannot lower the srlif neuron at all
    const lower = evaluateOnChip(ck, data, encoder, test, loadTarget('loihi1').target!);
    expect(lower.result).to.equal(undefined);
    expect(lower.diagnostics.map((d) => d.code)).to.include('SNNC2101');
    // a loihi2 with narrower weights lowers it, to another network than the one trained
    const narrow = structuredClone(target);
    narrow.name = 'loihi2-narrow';
    narrow.formats.maxWeightBits = narrow.formats.maxWeightBits - 1;
    const other = evaluateOnChip(ck, data, encoder, test, narrow);
    expect(other.result).to.equal(undefined);
    expect(other.diagnostics.map((d) => `${d.code} ${d.pointer}`)).to.deep.equal(['SNNC5105 /networkHash']);
    expect(evaluateOnChip(ck, data, encoder, test, narrow, { file: 'x.snnck' }).diagnostics[0].file).to.equal('x.snnck');
  });

  it("a spec that does not map onto the checkpoint's target is located in the checkpoint, at /specText (it said tiny.json#/layers/0, a file the user may not have)", () => {
    const { ck, test, encoder } = parts(runTrainingJob({ ...job, epochs: 1 }).result!.checkpoint!);
    // the same network, lowered alike, on cores too small for a neuron's synapses: mapping fails
    const tiny = structuredClone(target);
    tiny.core.synapseMemoryBits = 64;
    const r = evaluateOnChip(ck, data, encoder, test, tiny, { file: 'x.snnck' });
    expect(r.result).to.equal(undefined);
    const d = r.diagnostics.find((x) => x.code === 'SNNC3003')!;
    expect([d.file, d.pointer]).to.deep.equal(['x.snnck', '/specText']);
    expect(d.message).to.contain('recorded as tiny.json, at /layers/0');
  });
});
