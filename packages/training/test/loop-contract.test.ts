/**
 * The training loop's protocol seen from the runner (trainer.ts; docs/results.md, docs/datasets.md;
 * §5.11): a recording runner and encoder, no simulation, so every presentation can be checked.
 * - training: learning on, the sample's own label, the key trainKey(i, epoch, N), the augment only
 *   in the first augmentEpochs epochs, and before every presentation g of G the §5.11 entry
 *   floor(L g / G) of the schedule (and of its hidden shifts and holds), worked out here by hand;
 * - evaluation: learning off whatever the runner was left in, no label, the key testKey(i) of the
 *   sample (not its position), the confusion matrix by row = true class;
 * - validation after every epoch, test once after the last; a run resumed at startEpoch presents
 *   exactly what the uninterrupted run presents from there.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import type { SampleRunner } from '@snnc/common';
import { evaluateRunner, testKey, trainKey, trainLoop, type ImageAugment, type RasterEncoder, type SampleSource, type TrainLoopOptions } from '../src/index.js';

interface Presentation {
  key: number;
  /** the sample's index (the encoder's image holds it) */
  index: number;
  learning: boolean;
  label: number | undefined;
  shift: [number, number, boolean];
  augmented: boolean;
  predicted: number;
}

const C = 3;
/** Sample i: image [i, 0], label i mod 3; N samples. */
function dataset(N: number): SampleSource {
  const images = new Uint8Array(2 * N);
  for (let i = 0; i < N; i++) images[2 * i] = i;
  return { features: 2, numClasses: C, images, labels: Uint8Array.from({ length: N }, (_, i) => i % C) };
}
/** What the recording runner predicts for sample i after t training presentations (right for some, wrong for others; changing every 4). */
const predictionOf = (i: number, t = 0) => (i * 5 + (i >> 2) + (t >> 2)) % C;

function recorder() {
  const log: Presentation[] = [];
  let learning = false;
  let shift: [number, number, boolean] = [0, 0, false];
  let pendingKey = -1;
  let augmented = false;
  let trained = 0;
  const runner: SampleRunner = {
    inputSize: 2,
    classes: C,
    timesteps: 1,
    counters: { samples: 0, steps: 0, synapticEvents: 0 },
    setLearning(on: boolean) {
      learning = on;
    },
    setRateShift(a: number, h: number = a, hold = false) {
      shift = [a, h, hold];
    },
    runSample(raster: Uint8Array, label?: number) {
      // the augment below marks its image with 255 in the second feature
      const index = raster[0];
      const predicted = predictionOf(index, trained);
      log.push({ key: pendingKey, index, learning, label, shift: [...shift], augmented, predicted });
      if (learning && label !== undefined) trained++;
      return { counts: new Int32Array(C), predicted };
    },
  };
  const encoder: RasterEncoder = {
    steps: 1,
    channels: () => 2,
    encode(image: Uint8Array, key: number, out: Uint8Array) {
      pendingKey = key;
      augmented = image[1] === 255;
      out[0] = image[0];
      out[1] = image[1];
    },
  };
  const augment: ImageAugment & { keys: number[] } = {
    keys: [],
    apply(image: Uint8Array, key: number, out: Uint8Array) {
      augment.keys.push(key);
      out[0] = image[0];
      out[1] = 255;
      return out;
    },
  };
  return { log, runner, encoder, augment, setLearning: (on: boolean) => (learning = on) };
}

describe('the training loop, presentation by presentation (a recording runner)', () => {
  it('evaluation: learning off even on a runner left learning, no label, key testKey(sample), confusion row = true class', () => {
    const data = dataset(12);
    const r = recorder();
    r.setLearning(true);
    const indices = Uint32Array.from([9, 2, 11, 4, 7]);
    const predictions = new Int32Array(indices.length);
    const ev = evaluateRunner(r.runner, data, r.encoder, indices, { predictions, clock: () => 0 });
    expect(r.log.map((p) => p.learning)).to.deep.equal([false, false, false, false, false]);
    expect(r.log.map((p) => p.label)).to.deep.equal([undefined, undefined, undefined, undefined, undefined]);
    expect(r.log.map((p) => p.key)).to.deep.equal([...indices].map((i) => testKey(i)));
    expect(r.log.map((p) => p.key)).to.deep.equal([9, 2, 11, 4, 7]);
    expect([...predictions]).to.deep.equal([...indices].map((i) => predictionOf(i)));
    const want = new Uint32Array(C * C);
    let correct = 0;
    for (const i of indices) {
      want[(i % C) * C + predictionOf(i)]++;
      if (predictionOf(i) === i % C) correct++;
    }
    expect([...ev.confusion]).to.deep.equal([...want]);
    expect([ev.correct, ev.samples, ev.accuracy]).to.deep.equal([correct, 5, correct / 5]);
    // the matrix is not symmetric here, so a transposed one differs
    expect([...want]).to.not.deep.equal([0, 1, 2].flatMap((p) => [0, 1, 2].map((y) => want[y * C + p])));
  });

  const train = Uint32Array.from([5, 1, 7, 3]);
  const validation = Uint32Array.from([2, 4]);
  const test = Uint32Array.from([0, 6]);
  const N = 10;
  /** a different permutation each epoch */
  const order = (e: number) => Uint32Array.from([0, 1, 2, 3].map((k) => train[(k + e) % 4]));
  const schedule = [0, 1, 2, 3, 4, 5];
  const hidden = [8, 0, 7, 1, 6, 2];
  const hold = [false, true, true, false, false, true];
  const opts = (o: Partial<TrainLoopOptions> = {}): TrainLoopOptions => ({
    epochs: 3, train, validation, test, order, clock: () => 0, rateSchedule: schedule, rateScheduleHidden: hidden, rateScheduleHold: hold, ...o,
  });

  it('validation after every epoch, test once after the last; training with learning on, its label and trainKey(i, epoch, N)', () => {
    const data = dataset(N);
    const r = recorder();
    const res = trainLoop(r.runner, data, r.encoder, opts());
    const want: Array<Pick<Presentation, 'index' | 'learning' | 'label' | 'key'>> = [];
    for (let e = 0; e < 3; e++) {
      for (const i of order(e)) want.push({ index: i, learning: true, label: i % C, key: trainKey(i, e, N) });
      for (const i of validation) want.push({ index: i, learning: false, label: undefined, key: i });
    }
    for (const i of test) want.push({ index: i, learning: false, label: undefined, key: i });
    expect(r.log.map(({ index, learning, label, key }) => ({ index, learning, label, key }))).to.deep.equal(want);
    // (epoch + 1) N + i: epoch 0's keys are not the evaluation keys
    expect(trainKey(5, 0, N)).to.equal(15);
    // accuracies of what was presented: per epoch its training (online) and validation figures,
    // the run's figures those of the last epoch, the test figure the one test pass
    const acc = (xs: Presentation[]) => xs.filter((p) => p.predicted === p.index % C).length / xs.length;
    const epoch = (e: number) => r.log.slice(6 * e, 6 * e + 6);
    const figures = [0, 1, 2].map((e) => [acc(epoch(e).slice(0, 4)), acc(epoch(e).slice(4))]);
    expect(res.epochs.map((x) => x.epoch)).to.deep.equal([1, 2, 3]);
    expect(res.epochs.map((x) => [x.trainAccuracy, x.validationAccuracy])).to.deep.equal(figures);
    expect(res.trainAccuracy).to.equal(figures[2][0]);
    expect(res.validationAccuracy).to.equal(figures[2][1]);
    expect(res.testAccuracy).to.equal(acc(r.log.slice(18)));
    // the figures differ between epochs and between the parts here, so taking another shows
    expect(figures[0]).to.not.deep.equal(figures[2]);
    expect(res.testAccuracy).to.not.equal(res.validationAccuracy);
  });

  it('§5.11: before training presentation g of G the entry floor(L g / G) of the schedule, hidden shifts and holds, across epochs', () => {
    const r = recorder();
    trainLoop(r.runner, dataset(N), r.encoder, opts());
    const shifts = r.log.filter((p) => p.learning).map((p) => p.shift);
    const G = 12;
    expect(shifts).to.deep.equal(Array.from({ length: G }, (_, g) => {
      const j = Math.floor((6 * g) / G);
      return [schedule[j], hidden[j], hold[j]];
    }));
    // holds without hidden shifts: the hidden rule follows the readout's shift (h = a)
    const h = recorder();
    trainLoop(h.runner, dataset(N), h.encoder, opts({ rateScheduleHidden: undefined }));
    expect(h.log.filter((p) => p.learning).map((p) => p.shift)).to.deep.equal(Array.from({ length: G }, (_, g) => {
      const j = Math.floor((6 * g) / G);
      return [schedule[j], schedule[j], hold[j]];
    }));
  });

  it('a run resumed at epoch 1 or 2 presents what the uninterrupted run presents from there (orders, keys, labels, shifts)', () => {
    const whole = recorder();
    trainLoop(whole.runner, dataset(N), whole.encoder, opts());
    const per = 4 + 2; // presentations per epoch: train, then validation
    for (const startEpoch of [1, 2]) {
      const r = recorder();
      trainLoop(r.runner, dataset(N), r.encoder, opts({ startEpoch }));
      // (the recording runner's predictions count its own training, so they are left out)
      const seen = (log: Presentation[]) => log.map(({ predicted: _, ...p }) => p);
      expect(seen(r.log)).to.deep.equal(seen(whole.log.slice(startEpoch * per)));
    }
  });

  it('the augment: training presentations of the first augmentEpochs epochs only, with the presentation key', () => {
    const r = recorder();
    trainLoop(r.runner, dataset(N), r.encoder, opts({ augment: r.augment, augmentEpochs: 2 }));
    expect(r.log.map((p) => p.augmented)).to.deep.equal([
      ...[true, true, true, true, false, false],
      ...[true, true, true, true, false, false],
      ...[false, false, false, false, false, false],
      false, false,
    ]);
    expect(r.augment.keys).to.deep.equal(r.log.filter((p) => p.augmented).map((p) => p.key));
  });

  it('property: any schedule, epochs, train part and resume point: the shift of each presentation is the entry of its place in the whole run', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 9 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        fc.nat(),
        (sched, n, epochs, s) => {
          const startEpoch = s % epochs;
          const tr = Uint32Array.from({ length: n }, (_, k) => k);
          const r = recorder();
          trainLoop(r.runner, dataset(8), r.encoder, { epochs, train: tr, validation: new Uint32Array(0), test: new Uint32Array(0), clock: () => 0, rateSchedule: sched, startEpoch });
          const G = epochs * n;
          const got = r.log.filter((p) => p.learning).map((p) => p.shift[0]);
          const want = Array.from({ length: G - startEpoch * n }, (_, k) => sched[Math.floor((sched.length * (startEpoch * n + k)) / G)]);
          expect(got).to.deep.equal(want);
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
});
