import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '@snnc/datasets';
import { loadTarget } from '@snnc/ir';
import { runTrainingJob, summariseSeeds, type CompleteRun, type TrainJobResult } from '@snnc/training';
import { describeRateSchedule, trainingReportHtml, type TrainingReportInput } from '../src/index.js';

/**
 * The training page's figures from runs whose numbers are set by hand (one tiny real run, its
 * curve and accuracies replaced): the accuracy axis, counts from accuracies, the seeds' rows, the
 * per-epoch rate, and the feedback-alignment lines (docs/semantics.md §5.10, §5.11).
 */
const TINY_FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../training/test/fixtures/tiny-synthetic.json');

describe('report: training page figures', function () {
  this.timeout(30000);
  let real: TrainJobResult;
  before(() => {
    real = runTrainingJob({
      specText: fs.readFileSync(TINY_FIXTURE, 'utf8'), specName: 'tiny.json', target: loadTarget('loihi2').target!,
      dataset: loadDataset('synthetic', { noise: 0.35 }).dataset!, datasetName: 'synthetic', epochs: 1, train: 40, test: 20, seed: 3, clock: () => 0,
    }).result!;
  });
  const runWith = (over: Partial<CompleteRun>): CompleteRun => ({ ...real.run, ...over });
  const page = (over: Partial<TrainingReportInput> = {}) =>
    trainingReportHtml({
      networkName: 'tiny', specName: 'tiny.json', target: 'loihi2', mode: 'fixed point', run: real.run, epochs: real.loop.epochs,
      confusion: real.loop.confusion, classes: 4, seconds: 0, synapticEvents: 0, ...over,
    });
  const firstSvg = (html: string) => html.slice(html.indexOf('<svg'), html.indexOf('</svg>'));
  const yTicks = (svg: string) => [...svg.matchAll(/text-anchor="end">([0-9.]+)<\/text>/g)].map((m) => m[1]);

  it('the accuracy axis starts at the multiple of 5 at least 2 points below the lowest value: 86% -> 80..100', () => {
    const curve = [{ ...real.run.curve[0], epoch: 1, trainAccuracy: 0.86, validationAccuracy: 0.9 }];
    expect(yTicks(firstSvg(page({ run: runWith({ curve }) })))).to.deep.equal(['80', '85', '90', '95', '100']);
  });

  it('a test count is the nearest whole number of accuracy x samples: 0.29 of 100 is 29 (0.29 * 100 is 28.999...)', () => {
    expect(0.29 * 100).to.be.below(29); // the float the page is given
    const a = runWith({ seed: 0, testAccuracy: 0.29, testSamples: 100 });
    const b = runWith({ seed: 1, testAccuracy: 0.57, testSamples: 100 });
    const html = page({ run: a, seeds: { runs: [a, b], summary: summariseSeeds([a, b]) } });
    expect(html).to.include('29.00% (29/100)').and.include('57.00% (57/100)');
    expect(html).to.not.include('(28/100)').and.not.include('(56/100)');
  });

  it('several seeds: the run-seed row lists them all; a seeds record of one run is the one-seed page', () => {
    const a = runWith({ seed: 4 });
    const b = runWith({ seed: 5 });
    expect(page({ run: a, seeds: { runs: [a, b], summary: summariseSeeds([a, b]) } })).to.include('<td>run seed</td><td>4, 5</td>');
    const one = page({ run: a, seeds: { runs: [a], summary: summariseSeeds([a]) } });
    expect(one).to.equal(page({ run: a }));
  });

  it('an epoch timed at 0 s has no events-per-second figure (not Inf)', () => {
    const epochs = real.loop.epochs.map((e) => ({ ...e, trainSeconds: 0, trainSynapticEvents: 1234 }));
    const html = page({ epochs });
    const perEpoch = html.slice(html.indexOf('events/s (train)'));
    expect(perEpoch).to.match(/<td class="num">1234<\/td><td><\/td><\/tr>/);
    expect(perEpoch.slice(0, perEpoch.indexOf('</table>'))).to.not.include('Inf');
  });

  it('a hidden schedule equal to the readout\'s is not written a/h', () => {
    expect(describeRateSchedule([0, 1], [0, 1])).to.equal(describeRateSchedule([0, 1]));
    expect(describeRateSchedule([0, 1], [0, 2])).to.match(/^0, 1\/2: /);
  });

  it('feedback alignment: one line per block, point k of block b is degrees[k][b]', () => {
    const curve = { blocks: ['b0', 'b1'], samples: [50, 100, 150], degrees: [[10, 80], [20, 70], [30, 60]] };
    const html = page({ alignment: [{ seed: 3, curve }] });
    const svg = html.slice(html.indexOf('Feedback alignment'));
    for (const tip of ['b0: (50, 10)', 'b0: (100, 20)', 'b0: (150, 30)', 'b1: (50, 80)', 'b1: (100, 70)', 'b1: (150, 60)']) expect(svg).to.include(`<title>${tip}</title>`);
  });
});
