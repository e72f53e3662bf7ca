import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset, type Dataset } from '@snnc/datasets';
import { loadTarget, type Target } from '@snnc/ir';
import {
  CHECKPOINT_VERSION,
  CheckpointCode,
  decodeCheckpoint,
  epochsBeforeHold,
  evaluateRunner,
  loadCheckpoint,
  loadCheckpointBytes,
  runTrainingJob,
  seedRange,
  specForRunSeed,
  summariseSeeds,
  trainLoop,
  type TrainJobOptions,
} from '../src/index.js';
import { ReferenceSimulator } from '@snnc/reference';
import { datasetInputs, makeEncoder, splitParts } from '@snnc/datasets';
import { meanInterval } from '@snnc/common';

/**
 * The training loop on the synthetic dataset (4 classes of noisy binary prototypes, 64 inputs):
 * it must learn (well above the untrained network), be deterministic to the byte, and its
 * checkpoint must round-trip and refuse what it must refuse. No MNIST training here.
 */
/** The tiny spec shared with the CLI's train test (packages/training/test/fixtures/tiny-synthetic.json), with overrides. */
const TINY_FIXTURE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures', 'tiny-synthetic.json');
export function tinySpec(over: { etaOut?: number; eta?: number; seed?: number } = {}) {
  const spec = JSON.parse(fs.readFileSync(TINY_FIXTURE, 'utf8'));
  if (over.seed !== undefined) spec.seed = over.seed;
  if (over.etaOut !== undefined) spec.learning.etaOut = over.etaOut;
  if (over.eta !== undefined) spec.learning.eta = over.eta;
  return spec;
}

describe('training on the synthetic dataset', function () {
  this.timeout(30000);
  let target: Target;
  let data: Dataset;
  before(() => {
    target = loadTarget('loihi2').target!;
    data = loadDataset('synthetic', { noise: 0.35 }).dataset!;
    expect(target).to.not.equal(undefined);
  });
  const job = (over: Partial<TrainJobOptions> = {}, spec = tinySpec()): TrainJobOptions => ({
    specText: JSON.stringify(spec),
    specName: 'tiny.json',
    target,
    dataset: data,
    datasetName: 'synthetic',
    epochs: 2,
    seed: 3,
    clock: () => 0,
    ...over,
  });

  it('learns: test accuracy >= 95%, far above the same network with zero learning rates', () => {
    const r = runTrainingJob(job());
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const res = r.result!;
    // the parts of 400 synthetic samples: 280 train / 40 validation / 80 test
    expect([res.trainSamples, res.validationSamples, res.testSamples]).to.deep.equal([280, 40, 80]);
    expect(res.loop.test.samples).to.equal(80);
    expect(res.loop.testAccuracy).to.be.at.least(0.95);
    const frozen = runTrainingJob(job({}, tinySpec({ etaOut: 0, eta: 0 })));
    expect(frozen.result!.loop.testAccuracy).to.be.below(0.7);
    // the confusion matrix counts every held-out sample once, on the diagonal when right
    const conf = res.loop.confusion;
    let total = 0;
    let diag = 0;
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      total += conf[i * 4 + j];
      if (i === j) diag += conf[i * 4 + j];
    }
    expect(total).to.equal(80);
    expect(diag / total).to.equal(res.loop.testAccuracy);
  });

  it("a spec's timesteps beyond the encoder's range are refused at the spec's /timesteps (not '<input>#/steps')", () => {
    const spec = tinySpec();
    spec.timesteps = 200_000;
    const r = runTrainingJob(job({}, spec));
    expect(r.result).to.equal(undefined);
    const e = r.diagnostics.find((d) => d.severity === 'error')!;
    expect(e).to.include({ code: 'SNNC5021', file: 'tiny.json', pointer: '/timesteps' });
    const inputs = datasetInputs({ dataset: 'synthetic', samples: 1, T: 200_000, nIn: 16, classes: 4, seed: 0 });
    expect(inputs.diagnostics.find((d) => d.severity === 'error')).to.include({ code: 'SNNC5021', pointer: '/timesteps' });
  });

  it('is deterministic: the same seed gives identical checkpoint bytes; another seed does not', () => {
    const a = runTrainingJob(job()).result!.checkpoint!;
    const b = runTrainingJob(job()).result!.checkpoint!;
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).to.equal(0);
    const c = runTrainingJob(job({ seed: 4 })).result!.checkpoint!;
    expect(Buffer.compare(Buffer.from(a), Buffer.from(c))).to.not.equal(0);
  });

  it('checkpoint round trip: the restored network reproduces the test accuracy exactly', () => {
    const r = runTrainingJob(job()).result!;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-train-'));
    const file = path.join(dir, 'checkpoint.snnck');
    fs.writeFileSync(file, r.checkpoint!);
    const ck = loadCheckpoint(file);
    expect(ck.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const { header, base, snapshot, network } = ck.checkpoint!;
    expect(header.version).to.equal(CHECKPOINT_VERSION);
    expect(header.run.testAccuracy).to.equal(r.loop.testAccuracy);
    // trained weights differ from the initial ones and are what the NIR export would see
    const changed = network.projections.some((p, k) => p.weight.some((w, s) => w !== base.projections[k].weight[s]));
    expect(changed).to.equal(true);
    const sim = new ReferenceSimulator(base);
    sim.restore(snapshot);
    expect([header.run.seed, header.run.splitSeed]).to.deep.equal([3, 0]);
    const split = splitParts(data, { splitSeed: header.run.splitSeed, train: 0, validation: 0, test: header.run.testSamples }).parts!;
    const enc = makeEncoder(header.run.encoding.name, header.run.encoding.params).encoder!;
    const ev = evaluateRunner(sim, data, enc, split.test);
    expect(ev.accuracy).to.equal(r.loop.testAccuracy);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses another format version, corrupt bytes, non-checkpoints and a network whose hash differs', () => {
    const bytes = runTrainingJob(job({ epochs: 1 })).result!.checkpoint!;
    const v2 = Uint8Array.from(bytes);
    new DataView(v2.buffer).setUint32(8, CHECKPOINT_VERSION + 1, true);
    expect(decodeCheckpoint(v2).diagnostics[0].code).to.equal(CheckpointCode.version);
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 10] ^= 1;
    expect(decodeCheckpoint(flipped).diagnostics[0].code).to.equal(CheckpointCode.corrupt);
    expect(decodeCheckpoint(new TextEncoder().encode('{"not":"a checkpoint"}')).diagnostics[0].code).to.equal(CheckpointCode.notCheckpoint);
    // Another network: same header layout but a recorded hash that this spec does not compile to.
    const d = decodeCheckpoint(bytes).checkpoint!;
    const other = { ...d.header, networkHash: '0'.repeat(64) };
    const text = new TextEncoder().encode(JSON.stringify(other));
    const { encodeCheckpoint } = checkpointModule;
    const re = encodeCheckpoint(
      { networkName: other.networkName, networkHash: other.networkHash, specText: other.specText, specName: other.specName, target: other.target, run: other.run },
      d.snapshot,
    );
    expect(text.length).to.be.greaterThan(0);
    const refused = loadCheckpointBytes(re, 'other.snnck');
    expect(refused.checkpoint).to.equal(undefined);
    expect(refused.diagnostics[0].code).to.equal(CheckpointCode.networkMismatch);
    expect(refused.diagnostics[0].message).to.match(/another network/);
    expect(loadCheckpoint('/nonexistent/dir/x.snnck').diagnostics[0].code).to.equal(CheckpointCode.unreadable);
  });

  it('protocol: validation after every epoch, test read once at the very end, the same test samples for every run seed', () => {
    const parts = splitParts(data).parts!;
    const testSet = Array.from(parts.test);
    let previousTest: number[] | undefined;
    for (const seed of [3, 4]) {
      const { ds, reads } = spied(data);
      const phases: string[] = [];
      const r = runTrainingJob(job({ dataset: ds, seed, epochs: 2, onProgress: (p) => phases.push(`${p.phase}:${p.epoch}`) })).result!;
      // the last 80 reads are the test part, exactly splitParts' (split seed 0, not the run seed)
      const tail = reads.slice(reads.length - 80);
      expect(tail).to.deep.equal(testSet);
      if (previousTest) expect(tail).to.deep.equal(previousTest);
      previousTest = tail;
      // nothing before the end touched a test sample
      const testSamples = new Set(testSet);
      expect(reads.slice(0, reads.length - 80).some((i) => testSamples.has(i))).to.equal(false);
      // train and validation reads: each epoch trains on the train part, then validates
      expect(reads.length).to.equal(2 * (280 + 40) + 80);
      expect(reads.slice(280, 320)).to.deep.equal(Array.from(parts.validation));
      const distinct = [...new Set(phases)];
      expect(distinct).to.deep.equal(['train:0', 'validation:0', 'train:1', 'validation:1', 'test:1']);
      expect(r.loop.epochs.map((e) => e.validationAccuracy)).to.have.length(2);
      expect(r.run.curve[1].validationAccuracy).to.equal(r.loop.validationAccuracy);
      expect(r.run.splitSeed).to.equal(0);
    }
  });

  it('progress comes every 50 samples, or every ~1,600 simulated steps on long presentations (a log of a 10^5-step spec still moves)', () => {
    // the first six train reports are enough: the run is stopped there by a sentinel
    const stop = new Error('enough');
    const dones = (spec: ReturnType<typeof tinySpec>) => {
      const seen: number[] = [];
      try {
        runTrainingJob(job({ epochs: 1, onProgress: (p) => { if (p.phase === 'train' && seen.push(p.done) === 5) throw stop; } }, spec));
      } catch (e) {
        if (e !== stop) throw e;
      }
      return seen;
    };
    const short = dones(tinySpec());
    expect(short).to.deep.equal([50, 100, 150, 200, 250]);
    const long = dones({ ...tinySpec(), timesteps: 800 });
    expect(long).to.deep.equal([2, 4, 6, 8, 10]);
  });

  it('a run seed draws another network instance (spec seed + s); seed 0 is the spec as written', () => {
    const text = JSON.stringify(tinySpec());
    expect(specForRunSeed(text, 0)).to.equal(text);
    expect(JSON.parse(specForRunSeed(text, 5)).seed).to.equal(12);
    expect(JSON.parse(specForRunSeed(JSON.stringify({ ...tinySpec(), seed: 0xffffffff }), 2)).seed).to.equal(1);
    expect(specForRunSeed('{not json', 5)).to.equal('{not json');
    // the checkpoint records the instance's text, so it reloads to the very network trained
    const r = runTrainingJob(job({ seed: 5, epochs: 1 })).result!;
    const ck = checkpointModule.decodeCheckpoint(r.checkpoint!).checkpoint!;
    expect(JSON.parse(ck.header.specText).seed).to.equal(12);
    expect(loadCheckpointBytes(r.checkpoint!, 'seed5.snnck').checkpoint).to.not.equal(undefined);
  });

  it('--augment-shift: only training presentations are moved, the run records it, and it changes what is learnt', () => {
    const square: Dataset = { ...data, inputShape: [8, 8] }; // the synthetic 64 inputs as an 8 x 8 image
    const parts = splitParts(square).parts!;
    const keys: number[] = [];
    const spy = { apply: (image: Uint8Array, key: number, out: Uint8Array) => (keys.push(key), out.set(image), out) };
    const sim = new ReferenceSimulator(runTrainingJob(job({ dataset: square, epochs: 1 })).result!.network);
    const enc = makeEncoder('rate', { steps: sim.timesteps, maxRate: 1, seed: 3 }).encoder!;
    trainLoop(sim, square, enc, { epochs: 2, train: parts.train, validation: parts.validation, test: parts.test, augment: spy, clock: () => 0 });
    // one call per training presentation, each with its training key (>= dataset size); none at validation or test
    expect(keys.length).to.equal(2 * parts.train.length);
    expect(keys.every((k) => k >= square.labels.length)).to.equal(true);
    const plain = runTrainingJob(job({ dataset: square })).result!;
    const moved = runTrainingJob(job({ dataset: square, augmentShift: 1 })).result!;
    expect(moved.run.augment).to.deep.equal({ shift: 1 });
    expect(plain.run.augment).to.equal(undefined);
    expect(Buffer.compare(Buffer.from(moved.checkpoint!), Buffer.from(plain.checkpoint!))).to.not.equal(0);
    // deterministic: the offsets are a function of the sample key
    expect(Buffer.compare(Buffer.from(runTrainingJob(job({ dataset: square, augmentShift: 1 })).result!.checkpoint!), Buffer.from(moved.checkpoint!))).to.equal(0);
    // the checkpoint carries it and its header check accepts it; a flat dataset is refused, located
    expect(decodeCheckpoint(moved.checkpoint!).checkpoint!.header.run.augment).to.deep.equal({ shift: 1 });
    const flat = runTrainingJob(job({ augmentShift: 1 }));
    expect(flat.result).to.equal(undefined);
    expect(flat.diagnostics.map((d) => d.code)).to.include('SNNC5012');
  });

  it('--augment-epochs: the shift only in the first n epochs, recorded', () => {
    const square: Dataset = { ...data, inputShape: [8, 8] };
    const parts = splitParts(square).parts!;
    const epochsSeen: number[] = [];
    const spy = { apply: (image: Uint8Array, key: number, out: Uint8Array) => (epochsSeen.push(Math.floor(key / square.labels.length) - 1), out.set(image), out) };
    const sim = new ReferenceSimulator(runTrainingJob(job({ dataset: square, epochs: 1 })).result!.network);
    const enc = makeEncoder('rate', { steps: sim.timesteps, maxRate: 1, seed: 3 }).encoder!;
    trainLoop(sim, square, enc, { epochs: 3, train: parts.train, validation: parts.validation, test: parts.test, augment: spy, augmentEpochs: 2, clock: () => 0 });
    // epochs 0 and 1 moved, epoch 2 presented as is (trainKey = (epoch + 1) * size + index)
    expect(epochsSeen.length).to.equal(2 * parts.train.length);
    expect([...new Set(epochsSeen)].sort()).to.deep.equal([0, 1]);
    const all = runTrainingJob(job({ dataset: square, epochs: 2, augmentShift: 1 })).result!;
    const first = runTrainingJob(job({ dataset: square, epochs: 2, augmentShift: 1, augmentEpochs: 1 })).result!;
    expect(all.run.augment).to.deep.equal({ shift: 1 });
    expect(first.run.augment).to.deep.equal({ shift: 1, epochs: 1 });
    expect(decodeCheckpoint(first.checkpoint!).checkpoint!.header.run.augment).to.deep.equal({ shift: 1, epochs: 1 });
    // the unshifted last epoch changes what is learnt; n >= epochs is every epoch, recorded as such
    expect(Buffer.compare(Buffer.from(first.checkpoint!), Buffer.from(all.checkpoint!))).to.not.equal(0);
    expect(runTrainingJob(job({ dataset: square, epochs: 2, augmentShift: 1, augmentEpochs: 9 })).result!.run.augment).to.deep.equal({ shift: 1 });
  });

  it('the training shift by default stops where the rate schedule first holds, and runs every epoch when nothing is held', () => {
    const square: Dataset = { ...data, inputShape: [8, 8] };
    // the row-sequential default: 5 epochs, the fifth held
    expect(epochsBeforeHold([false, false, false, false, true], 5)).to.equal(4);
    // a hold starting inside an epoch leaves that epoch unshifted: segment 2 of 3 starts at 2/3 of 2 epochs
    expect(epochsBeforeHold([false, false, true], 2)).to.equal(1);
    expect(epochsBeforeHold([true, false], 3)).to.equal(0);
    expect(epochsBeforeHold(undefined, 4)).to.equal(4);
    // the session applies it: a held last epoch is unshifted and recorded; without a hold every
    // epoch is shifted (what rows runs before the hold did: their commands still reproduce them)
    const held = runTrainingJob(job({ dataset: square, epochs: 2, augmentShift: 1, rateSchedule: [0, 0], rateScheduleHidden: [0, 8], rateScheduleHold: [false, true] })).result!;
    expect(held.run.augment).to.deep.equal({ shift: 1, epochs: 1 });
    const plain = runTrainingJob(job({ dataset: square, epochs: 2, augmentShift: 1, rateSchedule: [0, 1] })).result!;
    expect(plain.run.augment).to.deep.equal({ shift: 1 });
    // the user's count wins over the default
    const given = runTrainingJob(job({ dataset: square, epochs: 2, augmentShift: 1, augmentEpochs: 2, rateSchedule: [0, 0], rateScheduleHidden: [0, 8], rateScheduleHold: [false, true] })).result!;
    expect(given.run.augment).to.deep.equal({ shift: 1 });
  });

  it('several seeds: per-seed figures, mean ± sd and the 95% t-interval', () => {
    expect(seedRange(3, 3)).to.deep.equal([3, 4, 5]);
    expect(seedRange(0xffffffff, 2)).to.equal(undefined);
    const runs = seedRange(0, 3)!.map((seed) => runTrainingJob(job({ seed, epochs: 1 })).result!);
    const summary = summariseSeeds(runs.map((r) => r.run));
    const tests = runs.map((r) => r.loop.testAccuracy);
    const ci = meanInterval(tests);
    expect(summary.seeds).to.deep.equal([0, 1, 2]);
    expect(summary.test).to.deep.equal({ mean: ci.mean, std: ci.std, lo: Math.max(0, ci.lo), hi: Math.min(1, ci.hi), level: 0.95, n: 3 });
    expect(summary.validation.mean).to.equal(meanInterval(runs.map((r) => r.loop.validationAccuracy)).mean);
    // one seed: no spread, and null (not NaN) so that the JSON stays valid
    const one = summariseSeeds([runs[0].run]);
    expect([one.test.std, one.test.lo, one.test.hi]).to.deep.equal([null, null, null]);
  });
});

import * as checkpointModule from '../src/checkpoint.js';
import { spied } from './helpers.js';
