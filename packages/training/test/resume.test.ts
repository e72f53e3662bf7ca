import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import fc from 'fast-check';
import { datasetDigest, loadDataset, type Dataset } from '@snnc/datasets';
import { loadTarget, repoRoot } from '@snnc/ir';
import { CheckpointCode, checkResume, withFeedbackRule, decodeCheckpoint, loadCheckpointBytes, rateShiftAt, resumeJobOptions, runTrainingJob, type CheckpointRun, type ResumeFrom } from '../src/index.js';
import { rewrite, tinyCheckpoint } from './hostile-checkpoint.test.js';
import { tinySpec } from './training.test.js';

/**
 * Resuming a finished run (resume.ts): the continuation of an E-epoch checkpoint to E' epochs must
 * be the uninterrupted E'-epoch run, byte for byte, whenever the longer run's first E epochs train
 * as the checkpoint's did; and be refused, located, whenever they would not.
 */
/** Two 32-neuron inputs, "a" graded (§2.4) and "b" plain unless gradedB, read out by the delta rule (test fixture). */
function mixedGraph(gradedB = false): unknown {
  const g = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'packages', 'training', 'test', 'fixtures', 'mixed-inputs.json'), 'utf8'));
  if (gradedB) g.populations[1].graded = true;
  return g;
}

describe('resuming a run for more epochs', function () {
  this.timeout(60000);
  const target = loadTarget('loihi2').target!;
  // the synthetic prototypes as 8 x 8 images, so the training shift (augment.ts) applies to them
  const flat = loadDataset('synthetic', { noise: 0.35 }).dataset!;
  const data: Dataset = { ...flat, inputShape: [8, 8] };
  // run seed 3: the checkpoint's spec text is already seed 3's instance and must not be drawn again
  const job = { specText: JSON.stringify(tinySpec()), specName: 'tiny.json', target, dataset: data, datasetName: 'synthetic', seed: 3, augmentShift: 1, clock: () => 0 };

  function resumed(ck: Uint8Array) {
    const d = decodeCheckpoint(ck);
    expect(d.diagnostics).to.deep.equal([]);
    return resumeJobOptions(d.checkpoint!, 'two.snnck');
  }

  it('two epochs, then a held third from the checkpoint: the same bytes as three epochs in one run', () => {
    // the MNIST case: a run with the shift in every epoch, continued by a held epoch, in which the
    // longer run's default stops the shift (epochsBeforeHold)
    const whole = runTrainingJob({ ...job, epochs: 3, rateSchedule: [0, 0, 1], rateScheduleHidden: [0, 0, 8], rateScheduleHold: [false, false, true] });
    expect(whole.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const two = runTrainingJob({ ...job, epochs: 2 }).result!;
    const more = runTrainingJob({ ...resumed(two.checkpoint!), dataset: data, clock: () => 0, epochs: 3, rateSchedule: [0, 0, 1], rateScheduleHidden: [0, 0, 8], rateScheduleHold: [false, false, true] });
    expect(more.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const a = whole.result!;
    const b = more.result!;
    expect(Buffer.compare(Buffer.from(a.checkpoint!), Buffer.from(b.checkpoint!))).to.equal(0);
    // the record: the whole curve in the checkpoint, the loop's own epochs only the new one
    expect(b.run.curve.map((c) => c.epoch)).to.deep.equal([1, 2, 3]);
    expect(b.loop.epochs.map((e) => e.epoch)).to.deep.equal([3]);
    expect(b.loop.testAccuracy).to.equal(a.loop.testAccuracy);
    expect(b.run.augment).to.deep.equal({ shift: 1, epochs: 2 });
    // and a continuation that differs (the third epoch not held) gives other bytes: the test can fail
    const plain = runTrainingJob({ ...resumed(two.checkpoint!), dataset: data, clock: () => 0, epochs: 3, rateSchedule: [0], augmentEpochs: 3 }).result!;
    expect(Buffer.compare(Buffer.from(a.checkpoint!), Buffer.from(plain.checkpoint!))).to.not.equal(0);
    expect(Buffer.compare(Buffer.from(runTrainingJob({ ...job, epochs: 3 }).result!.checkpoint!), Buffer.from(plain.checkpoint!))).to.equal(0);
  });

  it('row by row (the rows encoder, one image row per step) too: the encoder is rebuilt from the checkpoint', () => {
    const rows = { ...job, specText: JSON.stringify({ ...tinySpec(), input: { id: 'in', size: 8 } }), encoding: 'rows' };
    const whole = runTrainingJob({ ...rows, epochs: 3 });
    expect(whole.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const partials: Uint8Array[] = [];
    runTrainingJob({ ...rows, epochs: 3, onPartialCheckpoint: (b, e) => (partials[e] = b) });
    expect(decodeCheckpoint(partials[2]).checkpoint!.header.run.encoding.name).to.equal('rows');
    const more = runTrainingJob({ ...resumed(partials[2]), dataset: data, clock: () => 0, epochs: 3 }).result!;
    expect(Buffer.compare(Buffer.from(whole.result!.checkpoint!), Buffer.from(more.checkpoint!))).to.equal(0);
  });

  it('row by row with a silent tail: timesteps past the image height train as zero rows appended to every image; fewer timesteps than rows are refused', () => {
    const spec = (timesteps: number) => JSON.stringify({ ...tinySpec(), timesteps, input: { id: 'in', size: 8 } });
    const rows = { ...job, encoding: 'rows', augmentShift: 0, epochs: 2 };
    const tail = runTrainingJob({ ...rows, specText: spec(11) });
    expect(tail.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    // the same images with three rows of zeros below them, as 11 x 8 images: the same training, weight for weight
    const padded: Dataset = { ...data, inputShape: [11, 8], features: 88, images: new Uint8Array(data.size * 88) };
    for (let i = 0; i < data.size; i++) padded.images.set(data.images.subarray(i * 64, (i + 1) * 64), i * 88);
    const zeros = runTrainingJob({ ...rows, specText: spec(11), dataset: padded });
    const weights = (r: typeof tail) => decodeCheckpoint(r.result!.checkpoint!).checkpoint!.snapshot.weights.map((w) => Array.from(w));
    expect(weights(zeros)).to.deep.equal(weights(tail));
    expect(tail.result!.loop.testAccuracy).to.equal(zeros.result!.loop.testAccuracy);
    expect(decodeCheckpoint(tail.result!.checkpoint!).checkpoint!.header.run.encoding.params).to.include({ steps: 11, width: 8 });
    // and the tail is not a no-op: eight steps train other weights
    expect(weights(runTrainingJob({ ...rows, specText: spec(8) }))).to.not.deep.equal(weights(tail));
    const short = runTrainingJob({ ...rows, specText: spec(7) });
    expect(short.result).to.equal(undefined);
    const d = short.diagnostics.find((x) => x.code === 'SNNC5111')!;
    expect([d.file, d.pointer]).to.deep.equal(['tiny.json', '/timesteps']);
    expect(d.expected).to.equal("timesteps >= 8 (the image's rows) and 8 input neurons (its width)");
  });

  it('a fresh run whose input size does not fit the dataset is refused at the input\'s size, not at /timesteps (SNNC5111)', () => {
    const sized = (size: number) => JSON.stringify({ ...tinySpec(), input: { id: 'in', size } });
    const r = runTrainingJob({ ...job, specText: sized(9), epochs: 1 });
    expect(r.result).to.equal(undefined);
    const d = r.diagnostics.find((x) => x.code === 'SNNC5111')!;
    expect([d.file, d.pointer, d.found]).to.deep.equal(['tiny.json', '/input/size', `timesteps ${tinySpec().timesteps} and 9 input neurons`]);
    // the steps still point at /timesteps when they are what differs
    const steps = runTrainingJob({ ...job, specText: JSON.stringify({ ...tinySpec(), input: { id: 'in', size: 8 } }), encoding: 'rows', epochs: 1, encoderOptions: { steps: 9 } });
    expect(steps.diagnostics.filter((x) => x.code === 'SNNC5111').map((x) => x.pointer)).to.deep.equal(['/timesteps']);
    // by rows: a width the input does not have is the input's size; fewer steps than rows, the timesteps (the test above)
    const wide = runTrainingJob({ ...job, specText: sized(9), encoding: 'rows', epochs: 1 });
    expect(wide.diagnostics.filter((x) => x.code === 'SNNC5111').map((x) => x.pointer)).to.deep.equal(['/input/size']);
  });

  it('a graded input (§2.4) trains on the rows or rate encoder\'s values, recorded in the checkpoint; a plain-spike encoding is refused at /input/graded (SNNC4306)', () => {
    const spec = JSON.stringify({ ...tinySpec(), input: { id: 'in', size: 8, graded: true } });
    const rows = runTrainingJob({ ...job, specText: spec, encoding: 'rows', epochs: 1 });
    expect(rows.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(decodeCheckpoint(rows.result!.checkpoint!).checkpoint!.header.run.encoding.params).to.include({ graded: 1 });
    const plain = runTrainingJob({ ...job, specText: JSON.stringify({ ...tinySpec(), input: { id: 'in', size: 8 } }), encoding: 'rows', epochs: 1 });
    // the values change what is learnt
    const w = (r: typeof rows) => decodeCheckpoint(r.result!.checkpoint!).checkpoint!.snapshot.weights.map((x) => Array.from(x));
    expect(w(rows)).to.not.deep.equal(w(plain));
    const gradedSpec = JSON.stringify({ ...tinySpec(), input: { ...tinySpec().input, graded: true } });
    const rate = runTrainingJob({ ...job, specText: gradedSpec, epochs: 1 });
    expect(rate.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    // graded values at every step: no rate code, no Bernoulli seed that matters, recorded as graded
    const params = decodeCheckpoint(rate.result!.checkpoint!).checkpoint!.header.run.encoding.params;
    expect(params).to.include({ graded: 1 }).and.not.have.property('regular');
    // an explicit rate code is ignored, with a warning located at the spec's graded input
    const coded = runTrainingJob({ ...job, specText: gradedSpec, epochs: 1, encoderOptions: { regular: 1 } });
    expect(coded.diagnostics.filter((d) => d.code === 'SNNC5022').map((d) => [d.severity, d.file, d.pointer])).to.deep.equal([['warning', 'tiny.json', '/input/graded']]);
    expect(w(coded)).to.deep.equal(w(rate));
    // so is the Bernoulli code given (--rate-code bernoulli, regular: 0), which was ignored silently
    const bernoulli = runTrainingJob({ ...job, specText: gradedSpec, epochs: 1, encoderOptions: { regular: 0 } });
    expect(bernoulli.diagnostics.filter((d) => d.code === 'SNNC5022').map((d) => [d.severity, d.file, d.pointer])).to.deep.equal([['warning', 'tiny.json', '/input/graded']]);
    expect(w(bernoulli)).to.deep.equal(w(rate));
    // a graded checkpoint resumes with no code of its own, hence without that warning
    const ck = decodeCheckpoint(rate.result!.checkpoint!).checkpoint!;
    expect(resumeJobOptions(ck, 'g.snnck').encoderOptions).to.not.have.property('regular');
    const resumed = runTrainingJob({ ...job, ...resumeJobOptions(ck, 'g.snnck'), epochs: 2 });
    expect(resumed.diagnostics.filter((d) => d.severity !== 'note').map((d) => d.code)).to.not.include('SNNC5022');
    expect(resumed.result).to.not.equal(undefined);
    const latency = runTrainingJob({ ...job, specText: gradedSpec, encoding: 'latency', epochs: 1 });
    expect(latency.result).to.equal(undefined);
    expect(latency.diagnostics.filter((d) => d.code === 'SNNC4306').map((d) => [d.file, d.pointer])).to.deep.equal([['tiny.json', '/input/graded']]);
    // a graded and a plain input: one encoder's values would reach both, the plain one reading each as
    // a spike (every step, from the rate code); it trained so, silently; now refused at the plain input
    for (const encoding of ['rate', 'rows'] as const) {
      const m = runTrainingJob({ ...job, specText: JSON.stringify(mixedGraph()), specName: 'mixed.json', encoding, epochs: 1 });
      expect(m.result).to.equal(undefined);
      expect(m.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.file, d.pointer])).to.deep.equal([['SNNC4306', 'mixed.json', '/populations/1/graded']]);
    }
    const allGraded = runTrainingJob({ ...job, specText: JSON.stringify(mixedGraph(true)), specName: 'mixed.json', epochs: 1 });
    expect(allGraded.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
  });

  it('a rate checkpoint without the regular code resumes as Bernoulli: no dataset default may replace its code', () => {
    const two = runTrainingJob({ ...job, epochs: 1 }).result!;
    const d = decodeCheckpoint(two.checkpoint!).checkpoint!;
    expect(d.header.run.encoding.params).to.not.have.property('regular');
    const r = resumeJobOptions(d, 'one.snnck');
    expect(r.encoderOptions).to.include({ regular: 0 });
    // as if it had been a Fashion-MNIST run (whose default code is regular): still Bernoulli
    const asFashion = resumeJobOptions({ ...d, header: { ...d.header, run: { ...d.header.run, dataset: 'fashion-mnist' } } }, 'one.snnck');
    expect(asFashion.encoderOptions).to.include({ regular: 0 });
    // a new run named Fashion-MNIST takes the regular code by default, and records it; asked for Bernoulli, it records none
    const fashion = runTrainingJob({ ...job, datasetName: 'fashion-mnist', epochs: 1 }).result!;
    expect(decodeCheckpoint(fashion.checkpoint!).checkpoint!.header.run.encoding.params).to.include({ regular: 1 });
    const bern = runTrainingJob({ ...job, datasetName: 'fashion-mnist', epochs: 1, encoderOptions: { regular: 0 } }).result!;
    expect(decodeCheckpoint(bern.checkpoint!).checkpoint!.header.run.encoding.params).to.not.have.property('regular');
  });

  it("a checkpoint's encoding that does not fit its network is refused at the run record's field, as evaluate locates it (it said the spec's /timesteps)", () => {
    const d = decodeCheckpoint(runTrainingJob({ ...job, epochs: 1 }).result!.checkpoint!).checkpoint!;
    const misfit = (run: Partial<CheckpointRun>, dataset: Dataset = data) => {
      const r = runTrainingJob({ ...resumeJobOptions({ ...d, header: { ...d.header, run: { ...d.header.run, ...run } } }, 'x.snnck'), dataset, clock: () => 0, epochs: 2 });
      expect(r.result).to.equal(undefined);
      const x = r.diagnostics.find((y) => y.code === 'SNNC5111')!;
      // the same place as evaluate's (checkpointEncoder) for the same checkpoint
      return [x.file, x.pointer];
    };
    const params = d.header.run.encoding.params;
    expect(misfit({ encoding: { name: 'rate', params: { ...params, steps: 9 } } })).to.deep.equal(['x.snnck', '/run/encoding/params/steps']);
    // rows of the 8 x 8 image on a network that takes its 64 pixels at once: the name is wrong
    expect(misfit({ encoding: { name: 'rows', params: { steps: 8, width: 8, threshold: 127 } } })).to.deep.equal(['x.snnck', '/run/encoding/name']);
    // the dataset the record names no longer gives the network's input
    const wide: Dataset = { ...data, features: 100, inputShape: [10, 10], images: new Uint8Array(data.size * 100) };
    expect(misfit({}, wide)).to.deep.equal(['x.snnck', '/run/dataset']);
  });

  it('with learned feedback (SAL, §5.10) too: its decoders are part of the state a checkpoint continues', () => {
    const sal = { ...job, specText: withFeedbackRule(job.specText, { rule: 'sal' }) };
    const whole = runTrainingJob({ ...sal, epochs: 3 }).result!;
    const partials: Uint8Array[] = [];
    runTrainingJob({ ...sal, epochs: 3, onPartialCheckpoint: (b, e) => (partials[e] = b) });
    expect(decodeCheckpoint(partials[1]).checkpoint!.snapshot.wmh?.length).to.be.greaterThan(0);
    const more = runTrainingJob({ ...resumed(partials[1]), dataset: data, clock: () => 0, epochs: 3 }).result!;
    expect(Buffer.compare(Buffer.from(whole.checkpoint!), Buffer.from(more.checkpoint!))).to.equal(0);
  });

  it('a run of no training samples is refused: asked for (train: 0) or resumed from a checkpoint that says so (it trained on nothing and wrote the untrained network, exit 0)', () => {
    const fresh = runTrainingJob({ ...job, epochs: 1, train: 0 });
    expect(fresh.result).to.equal(undefined);
    expect(fresh.diagnostics[0]).to.include({ code: 'SNNC5011', pointer: '/train', found: '0' });
    expect(fresh.diagnostics[0].fix).to.equal('ask for 1..280 train samples');
    const one = runTrainingJob({ ...job, epochs: 1 }).result!;
    // such a checkpoint is refused when read (its state learned 280 presentations: checkpoint-counts.ts);
    // the session's own refusal is for a library caller that gives it such a record
    const none = rewrite(one.checkpoint!, (h) => { (h.run as Record<string, unknown>).trainSamples = 0; });
    expect(decodeCheckpoint(none, 'two.snnck').diagnostics[0]).to.include({ code: CheckpointCode.counts, pointer: '/run/trainSamples', expected: '280 (/learningEpoch 280 / /run/epochs 1: one learning epoch per train sample and epoch)', found: '0' });
    const ck = decodeCheckpoint(one.checkpoint!).checkpoint!;
    const cont = runTrainingJob({ ...resumeJobOptions({ ...ck, header: { ...ck.header, run: { ...ck.header.run, trainSamples: 0 } } }, 'two.snnck'), dataset: data, epochs: 2, clock: () => 0 });
    expect(cont.result).to.equal(undefined);
    expect(cont.diagnostics[0]).to.include({ code: 'SNNC5011', file: 'two.snnck', pointer: '/run/trainSamples' });
  });

  it('records the dataset\'s content, and refuses to continue on another copy of a dataset of the same name (it continued on samples the run never had)', () => {
    const one = runTrainingJob({ ...job, epochs: 1 }).result!;
    const run = decodeCheckpoint(one.checkpoint!).checkpoint!.header.run;
    expect(run.datasetDigest).to.equal(datasetDigest(data)).and.match(/^crc32:[0-9a-f]{8}$/);
    // the same name, one pixel of one sample changed
    const images = data.images.slice();
    images[123] ^= 1;
    const other: Dataset = { ...data, images };
    const cont = runTrainingJob({ ...resumed(one.checkpoint!), dataset: other, epochs: 2, clock: () => 0 });
    expect(cont.result).to.equal(undefined);
    expect(cont.diagnostics[0]).to.include({ code: 'SNNC5117', severity: 'error', file: 'two.snnck', pointer: '/run/datasetDigest', expected: `the dataset with content ${run.datasetDigest}` });
    // its own copy continues, and a checkpoint without a digest (before 2026-12-07) is not checked
    expect(runTrainingJob({ ...resumed(one.checkpoint!), dataset: data, epochs: 2, clock: () => 0 }).result).to.not.equal(undefined);
    const old = rewrite(one.checkpoint!, (h) => { delete (h.run as Record<string, unknown>).datasetDigest; });
    expect(runTrainingJob({ ...resumed(old), dataset: other, epochs: 2, clock: () => 0 }).result).to.not.equal(undefined);
    // a digest of another form is a malformed header
    const bad = rewrite(one.checkpoint!, (h) => { (h.run as Record<string, unknown>).datasetDigest = 'md5:0'; });
    expect(loadCheckpointBytes(bad, 'bad.snnck').diagnostics.map((d) => `${d.code} ${d.pointer}`)).to.include('SNNC5107 /run/datasetDigest');
  });

  it('refuses, located, what would not continue the checkpoint: fewer epochs, another schedule over its epochs, another shift, float', () => {
    const two = runTrainingJob({ ...job, epochs: 2, rateSchedule: [0, 1] }).result!;
    const r = resumed(two.checkpoint!);
    const base = { ...r, dataset: data, clock: () => 0 };
    const same = runTrainingJob({ ...base, epochs: 2, rateSchedule: [0, 1] });
    expect(same.result).to.equal(undefined);
    expect(same.diagnostics[0]).to.include({ code: 'SNNC5115', pointer: '/run/epochs', file: 'two.snnck' });
    expect(same.diagnostics[0].fix).to.contain('--epochs 3');
    // [0, 1] over 2 epochs is the first two thirds of [0, 1, 2] over 3, not of [1, 1, 2]
    const stretched = runTrainingJob({ ...base, epochs: 3, rateSchedule: [1, 1, 2] });
    expect(stretched.result).to.equal(undefined);
    const d = stretched.diagnostics[0];
    expect(d).to.include({ code: 'SNNC5115', pointer: '/run/rateSchedule' });
    expect(d.expected).to.match(/^epoch 1, presentation \d+ at 0\/0/);
    expect(d.fix).to.equal('--rate-schedule "0, 1, ..." with 1 more entry for epoch 3');
    expect(runTrainingJob({ ...base, epochs: 3, rateSchedule: [0, 1, 2] }).diagnostics.filter((x) => x.severity === 'error')).to.deep.equal([]);
    // a hold in the first two epochs is a change too
    const held = runTrainingJob({ ...base, epochs: 3, rateSchedule: [0, 1, 2], rateScheduleHold: [false, true, true] });
    // (which by default also stops the shift after epoch 1: both are named)
    expect(held.diagnostics.map((x) => x.pointer)).to.deep.equal(['/run/augment/epochs', '/run/rateSchedule']);
    expect(held.diagnostics[1].expected).to.match(/^epoch 2, presentation 1 at 1\/1 /);
    expect(held.diagnostics[1].found).to.match(/^1\/1\/hold /);
    // the checkpoint's run shifted in both epochs; a continuation without the shift in epoch 2 is another run
    const shift = runTrainingJob({ ...base, epochs: 3, rateSchedule: [0, 1, 2], augmentEpochs: 1 });
    expect(shift.diagnostics[0]).to.include({ code: 'SNNC5115', pointer: '/run/augment/epochs' });
    expect(checkResume({ run: { ...r.resume.run, trainSamples: 7 }, snapshot: r.resume.snapshot }, { epochs: 3, schedule: [0, 1, 2], augmentEpochs: 3 }, 8)[0]).to.include({ code: 'SNNC5115', pointer: '/run/trainSamples', found: '8' });
    const float = runTrainingJob({ ...base, epochs: 3, float: true });
    expect(float.diagnostics[0]).to.include({ code: 'SNNC5115', found: '--float' });
  });

  it('a run stopped after any epoch, continued from the checkpoint it wrote then, is the uninterrupted run byte for byte', () => {
    const plan = { epochs: 3, rateSchedule: [0, 0, 1, 2, 2, 2], rateScheduleHidden: [0, 0, 1, 2, 8, 8], rateScheduleHold: [false, false, false, false, true, true] };
    const partials: Uint8Array[] = [];
    const whole = runTrainingJob({ ...job, ...plan, onPartialCheckpoint: (bytes, done) => (partials[done] = bytes) }).result!;
    // asking for them changes nothing of the run
    expect(Buffer.compare(Buffer.from(whole.checkpoint!), Buffer.from(runTrainingJob({ ...job, ...plan }).result!.checkpoint!))).to.equal(0);
    expect(Object.keys(partials)).to.deep.equal(['1', '2']); // after every epoch but the last
    for (const done of [1, 2]) {
      const run = decodeCheckpoint(partials[done]).checkpoint!.header.run;
      expect([run.epochs, run.plannedEpochs, run.testAccuracy, run.curve.length, run.rateSchedule]).to.deep.equal([done, 3, undefined, done, plan.rateSchedule]);
      expect(run.augment).to.deep.equal({ shift: 1, epochs: 2 }); // the plan's: the held third epoch has none
      const more = runTrainingJob({ ...resumed(partials[done]), dataset: data, clock: () => 0, ...plan });
      expect(more.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
      expect(Buffer.compare(Buffer.from(whole.checkpoint!), Buffer.from(more.result!.checkpoint!)), `stopped after ${done}`).to.equal(0);
    }
    // the partial checkpoint's schedule is spread over its plan: over 4 epochs the same list trains
    // epochs 1-2 otherwise (its first epoch alone would agree, and is accepted)
    const other = runTrainingJob({ ...resumed(partials[2]), dataset: data, clock: () => 0, ...plan, epochs: 4 });
    expect(other.diagnostics[0]).to.include({ code: 'SNNC5115', pointer: '/run/rateSchedule' });
    expect(other.diagnostics[0].fix).to.match(/^--epochs 3 and the schedule the checkpoint records/);
  });

  it('a partial checkpoint has its plan and no test figure; a complete one its test figure (header checks, located)', () => {
    const good = tinyCheckpoint();
    const bad = (edit: (run: Record<string, unknown>) => void) => loadCheckpointBytes(rewrite(good, (h) => edit(h.run as Record<string, unknown>)), 'x.snnck').diagnostics[0];
    expect(bad((r) => delete r.testAccuracy)).to.include({ code: CheckpointCode.header, pointer: '/run/testAccuracy' });
    expect(bad((r) => Object.assign(r, { plannedEpochs: 1, testAccuracy: undefined }))).to.include({ code: CheckpointCode.header, pointer: '/run/plannedEpochs' });
    expect(bad((r) => Object.assign(r, { plannedEpochs: 3 }))).to.include({ code: CheckpointCode.header, pointer: '/run/testAccuracy' });
    expect(bad((r) => Object.assign(r, { plannedEpochs: 2.5, testAccuracy: undefined }))?.pointer).to.equal('/run/plannedEpochs');
    // a crafted plan must not start a run without end: --resume would train to it
    expect(bad((r) => Object.assign(r, { plannedEpochs: 1e9, testAccuracy: undefined }))).to.include({ pointer: '/run/plannedEpochs', found: '1000000000' });
    const partial = loadCheckpointBytes(rewrite(good, (h) => Object.assign(h.run as Record<string, unknown>, { plannedEpochs: 3, testAccuracy: undefined })), 'x.snnck');
    expect(partial.diagnostics).to.deep.equal([]);
  });

  it('checkResume agrees with comparing every presentation (random schedules, holds, epochs)', () => {
    const entry = fc.record({ a: fc.integer({ min: 0, max: 2 }), h: fc.integer({ min: 0, max: 2 }), hold: fc.boolean() });
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 1, maxLength: 6 }),
        fc.array(entry, { minLength: 1, maxLength: 9 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 13 }),
        (old, next, E, more, N) => {
          const run = { epochs: E, trainSamples: N, rateSchedule: old.map((x) => x.a), rateScheduleHidden: old.map((x) => x.h), rateScheduleHold: old.map((x) => x.hold) } as CheckpointRun;
          const from: ResumeFrom = { run, snapshot: undefined as never };
          const plan = { epochs: E + more, schedule: next.map((x) => x.a), hidden: next.map((x) => x.h), hold: next.map((x) => x.hold), augmentEpochs: E + more };
          let agree = true;
          for (let g = 0; g < E * N; g++) {
            const o = old[Math.floor((old.length * g) / (E * N))];
            const n = next[Math.floor((next.length * g) / ((E + more) * N))];
            if (o.a !== n.a || o.h !== n.h || o.hold !== n.hold) agree = false;
          }
          expect(rateShiftAt(run.rateSchedule!, 0, E * N)).to.equal(old[0].a);
          expect(checkResume(from, plan, N).length === 0).to.equal(agree);
        },
      ),
      { numRuns: 500, seed: 5115 },
    );
  });
});
