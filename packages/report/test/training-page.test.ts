import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '@snnc/datasets';
import { loadTarget } from '@snnc/ir';
import { runTrainingJob, seedRange, summariseSeeds, type TrainJobOptions } from '@snnc/training';
import { describeRateSchedule, trainingReportHtml } from '../src/index.js';

/** The training report page on real (tiny, synthetic) training runs. */
const TINY_FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../training/test/fixtures/tiny-synthetic.json');

describe('report: training page', function () {
  this.timeout(30000);
  const job = (over: Partial<TrainJobOptions> = {}): TrainJobOptions => ({
    specText: fs.readFileSync(TINY_FIXTURE, 'utf8'),
    specName: 'tiny.json',
    target: loadTarget('loihi2').target!,
    dataset: loadDataset('synthetic', { noise: 0.35 }).dataset!,
    datasetName: 'synthetic',
    epochs: 2,
    seed: 3,
    clock: () => 0,
    ...over,
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
    expect(html).to.contain('validation accuracy');
    expect(html).to.contain('test accuracy (evaluated once)');
    expect(html).to.contain('learning-rate schedule</td><td>none');
    expect(html).to.not.contain('Seeds');
    // accuracy in percent on an axis that ends at 100 and starts below the lowest point
    const curve = html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
    expect(curve).to.contain('accuracy (%)');
    const lowest = Math.min(...r.run.curve.flatMap((e) => [e.trainAccuracy, e.validationAccuracy])) * 100;
    const yTicks = [...curve.matchAll(/text-anchor="end">([0-9.]+)<\/text>/g)].map((m) => Number(m[1]));
    expect(Math.max(...yTicks)).to.equal(100);
    expect(Math.min(...yTicks)).to.be.at.most(lowest - 2);
    expect(html).to.not.match(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('several seeds: per-seed figures, mean ± sd and the 95% t-interval', () => {
    const runs = seedRange(0, 3)!.map((seed) => runTrainingJob(job({ seed, epochs: 1 })).result!);
    const summary = summariseSeeds(runs.map((r) => r.run));
    const html = trainingReportHtml({
      networkName: 'tiny', specName: 'tiny.json', target: 'loihi2', mode: 'fixed point', run: runs[0].run, epochs: runs[0].loop.epochs,
      confusion: runs[0].loop.confusion, classes: 4, seconds: 0, synapticEvents: 0, seeds: { runs: runs.map((r) => r.run), summary },
    });
    expect(html).to.contain('Seeds');
    expect(html).to.contain('validation, seed 2');
    // the train line is one seed's, and says so
    expect(html).to.contain('train (online), seed 0');
    // the parameter rows with one seed's figures say whose they are
    expect(html).to.contain('test accuracy (evaluated once, seed 0)');
    expect(html).to.contain(`${(100 * summary.test.mean).toFixed(2)} ± ${(100 * summary.test.std!).toFixed(2)}%`);
  });

  it('the learning-rate schedule: runs folded, none for [0] or absent, in the parameters of a scheduled run', () => {
    expect(describeRateSchedule(undefined)).to.match(/^none/);
    expect(describeRateSchedule([0])).to.match(/^none/);
    expect(describeRateSchedule([0, 0, 0, 1, 2, 2])).to.match(/^0 ×3, 1, 2 ×2: one rate shift a per 1\/6 of the run's training presentations/);
    expect(describeRateSchedule([3])).to.match(/^3: one rate shift a per run,/);
    // §5.11 held segments: a/h/hold, and how many segments hold; a hold alone is a schedule
    expect(describeRateSchedule([0, 0, 1, 2, 2], [0, 0, 1, 2, 8], [false, false, false, false, true]))
      .to.match(/^0 ×2, 1, 2, 2\/8\/hold: .*a\/h the hidden .*a\/h\/hold homeostasis held .*1 of 5 segments \(§5\.11\)$/);
    expect(describeRateSchedule([0, 0], undefined, [false, true])).to.match(/^0, 0\/0\/hold: /);
    expect(describeRateSchedule([0, 1], undefined, [false, false])).to.match(/^0, 1: one rate shift a per 1\/2 of the run's training presentations, the learning rates divided by 2\^a \(§5\.11\)$/);
    const r = runTrainingJob(job({ epochs: 2, rateSchedule: [0, 1] })).result!;
    expect(r.run.rateSchedule).to.deep.equal([0, 1]);
    const html = trainingReportHtml({
      networkName: 'tiny', specName: 'tiny.json', target: 'loihi2', mode: 'fixed point', run: r.run, epochs: r.loop.epochs,
      confusion: r.loop.confusion, classes: 4, seconds: 0, synapticEvents: 0,
    });
    expect(html).to.contain('learning-rate schedule</td><td>0, 1: one rate shift a per 1/2 of the run');
    const held = runTrainingJob(job({ epochs: 2, rateSchedule: [0, 1], rateScheduleHidden: [0, 8], rateScheduleHold: [false, true] })).result!;
    const heldHtml = trainingReportHtml({
      networkName: 'tiny', specName: 'tiny.json', target: 'loihi2', mode: 'fixed point', run: held.run, epochs: held.loop.epochs,
      confusion: held.loop.confusion, classes: 4, seconds: 0, synapticEvents: 0,
    });
    expect(heldHtml).to.contain('learning-rate schedule</td><td>0, 1/8/hold: ');
    expect(heldHtml).to.contain('1 of 2 segments');
  });
});
