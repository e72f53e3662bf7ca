/**
 * `snnc evaluate --on-chip` must be able to say "not identical": a chip that answers one test
 * sample otherwise than the reference simulator (planted by wrapping the emulator's runSample, so
 * that nothing else changes) is reported at that sample, the first or the last of the part, with
 * both classes and SNNC5116. And the per-inference figures are averages over the samples run: the
 * part presented twice gives the same figures as once.
 */
import { expect } from 'chai';
import { loadDataset, makeEncoder, splitParts, type SpikeEncoder } from '@snnc/datasets';
import { Emulator } from '@snnc/emulator';
import { loadTarget } from '@snnc/ir';
import { evaluateOnChip, loadCheckpointBytes, runTrainingJob, type LoadedCheckpoint } from '../src/index.js';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The tiny spec the training tests share (not imported from training.test.js, which would run its suite too). */
const TINY = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'tiny-synthetic.json'), 'utf8');

type Run = (this: Emulator, raster: Uint8Array, label?: number, opts?: object) => { predicted: number; counts: Int32Array };

describe('on the chip: a disagreement with the reference simulator is reported where it is', function () {
  this.timeout(60000);
  const target = loadTarget('loihi2').target!;
  const data = loadDataset('synthetic', { noise: 0.35 }).dataset!;
  const job = { specText: TINY, specName: 'tiny.json', target, dataset: data, datasetName: 'synthetic', seed: 3, epochs: 1, clock: () => 0 };
  const proto = Emulator.prototype as unknown as { runSample: Run };
  const original = proto.runSample;
  afterEach(() => {
    proto.runSample = original;
  });

  let ck: LoadedCheckpoint;
  let test: Uint32Array;
  let encoder: SpikeEncoder;
  before(() => {
    const run = runTrainingJob(job).result!;
    ck = loadCheckpointBytes(run.checkpoint!).checkpoint!;
    const r = ck.header.run;
    test = splitParts(data, { splitSeed: r.splitSeed, train: 0, validation: 0, test: r.testSamples }).parts!.test.slice(0, 12);
    encoder = makeEncoder(r.encoding.name, r.encoding.params).encoder!;
  });

  /** The chip answers sample `at` (0-based, in the order run) with another class. */
  const plant = (at: number) => {
    let k = -1;
    proto.runSample = function (this: Emulator, raster, label, opts) {
      const r = original.call(this, raster, label, opts);
      k++;
      return k === at ? { ...r, predicted: (r.predicted + 1) % this.classes } : r;
    };
  };

  it('unplanted: identical', () => {
    const oc = evaluateOnChip(ck, data, encoder, test, target).result!;
    expect(oc.identical).to.equal(true);
    expect(oc.firstDifference).to.equal(undefined);
  });

  for (const at of [0, 11]) {
    it(`a different class at sample ${at} of 12: not identical, that sample named, SNNC5116`, () => {
        plant(at);
      const oc = evaluateOnChip(ck, data, encoder, test, target);
      const r = oc.result!;
      expect(r.identical).to.equal(false);
      expect(r.firstDifference!.sample).to.equal(at);
      expect(r.firstDifference!.chip).to.not.equal(r.firstDifference!.reference);
      expect(oc.diagnostics.map((d) => d.code)).to.include('SNNC5116');
    });
  }

  it('per-inference cost: the part presented twice gives the figures of once', () => {
    const once = evaluateOnChip(ck, data, encoder, test, target).result!;
    const twice = evaluateOnChip(ck, data, encoder, Uint32Array.from([...test, ...test]), target).result!;
    for (const k of ['cycles', 'energyUJ', 'spikes', 'synapticOps', 'messages', 'hops'] as const) expect(twice.perInference[k], k).to.be.closeTo(once.perInference[k], 1e-9 * Math.abs(once.perInference[k]));
    expect(twice.chip.samples).to.equal(2 * once.chip.samples);
  });
});
