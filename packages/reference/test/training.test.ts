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
  evaluateRunner,
  loadCheckpoint,
  loadCheckpointBytes,
  ReferenceSimulator,
  runTrainingJob,
  trainingReportHtml,
  type TrainJobOptions,
} from '../src/index.js';
import { makeEncoder, splitDataset } from '@snnc/datasets';

/**
 * The training loop on the synthetic dataset (4 classes of noisy binary prototypes, 64 inputs):
 * it must learn (well above the untrained network), be deterministic to the byte, and its
 * checkpoint must round-trip and refuse what it must refuse. No MNIST training here.
 */
/** The tiny spec shared with the CLI's train test (test/fixtures/tiny-synthetic.json), with overrides. */
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

  it('learns: held-out accuracy >= 95%, far above the same network with zero learning rates', () => {
    const r = runTrainingJob(job());
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const res = r.result!;
    expect(res.trainSamples).to.equal(320);
    expect(res.testSamples).to.equal(80);
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

  it('is deterministic: the same seed gives identical checkpoint bytes; another seed does not', () => {
    const a = runTrainingJob(job()).result!.checkpoint!;
    const b = runTrainingJob(job()).result!.checkpoint!;
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).to.equal(0);
    const c = runTrainingJob(job({ seed: 4 })).result!.checkpoint!;
    expect(Buffer.compare(Buffer.from(a), Buffer.from(c))).to.not.equal(0);
  });

  it('checkpoint round trip: the restored network reproduces the final held-out accuracy exactly', () => {
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
    const split = splitDataset(data, { seed: header.run.seed, train: 0, test: header.run.testSamples }).split!;
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

  it('writes a self-contained report with the learning curve and the confusion matrix', () => {
    const r = runTrainingJob(job({ epochs: 2 })).result!;
    const html = trainingReportHtml({
      networkName: 'tiny',
      specName: 'tiny.json',
      target: 'loihi2',
      mode: 'fixed point',
      run: r.run,
      epochs: r.loop.epochs,
      confusion: r.loop.confusion,
      classes: 4,
      seconds: 0,
      synapticEvents: r.synapticEvents,
    });
    expect(html).to.match(/^<!DOCTYPE html>/);
    expect(html).to.contain('<svg');
    expect(html).to.contain('Learning curve');
    expect(html).to.contain('Confusion matrix');
    expect(html).to.not.match(/<script|https?:\/\/(?!www\.w3\.org)/);
  });
});

import * as checkpointModule from '../src/training/checkpoint.js';
