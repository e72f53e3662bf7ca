import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDataset } from '@snnc/datasets';
import { loadTarget } from '@snnc/ir';
import { formatAccuracy, formatSeedFigure, runTrainingJob, seedRange, summariseSeeds, type TrainJobOptions } from '@snnc/training';
import { escapeHtml, trainingReportHtml } from '../src/index.js';

/**
 * The training page's figures cell by cell (pages/training.ts): each seed's row, the summary row
 * with validation and test in their own columns, and the per-epoch accuracies in percent with two
 * decimals. The page test checked only that the test mean appears somewhere, so validation and
 * test swapped in the "all" row, or one decimal for two, passed it.
 */
const TINY_FIXTURE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../training/test/fixtures/tiny-synthetic.json');

describe('report: training page numbers', function () {
  this.timeout(30000);
  const job = (over: Partial<TrainJobOptions> = {}): TrainJobOptions => ({
    specText: fs.readFileSync(TINY_FIXTURE, 'utf8'), specName: 'tiny.json', target: loadTarget('loihi2').target!,
    dataset: loadDataset('synthetic', { noise: 0.35 }).dataset!, datasetName: 'synthetic', epochs: 1, seed: 3, clock: () => 0, ...over,
  });

  it('the seeds table: per seed train, validation, test [interval]; the last row mean ± sd of validation, then of test', () => {
    const runs = seedRange(0, 2)!.map((seed) => runTrainingJob(job({ seed })).result!);
    const summary = summariseSeeds(runs.map((r) => r.run));
    const html = trainingReportHtml({
      networkName: 'tiny', specName: 'tiny.json', target: 'loihi2', mode: 'fixed point', run: runs[0].run, epochs: runs[0].loop.epochs,
      confusion: runs[0].loop.confusion, classes: 4, seconds: 0, synapticEvents: 0, seeds: { runs: runs.map((r) => r.run), summary },
    });
    const td = (s: string) => `<td>${escapeHtml(s)}</td>`;
    const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
    for (const { run } of runs) {
      const test = formatAccuracy(Math.round(run.testAccuracy * run.testSamples), run.testSamples);
      expect(html).to.include(`<tr><td class="num">${run.seed}</td>${td(pct(run.trainAccuracy))}${td(pct(run.validationAccuracy))}${td(test)}</tr>`);
    }
    expect(summary.validation.mean).to.not.equal(summary.test.mean);
    expect(html).to.include(`<tr>${td('all')}${td('')}${td(formatSeedFigure(summary.validation))}${td(formatSeedFigure(summary.test))}</tr>`);
    // per epoch: percent with two decimals
    const e = runs[0].loop.epochs[0];
    expect(html).to.include(`<tr><td class="num">${e.epoch}</td>${td(pct(e.trainAccuracy))}${td(pct(e.validationAccuracy))}`);
  });
});
