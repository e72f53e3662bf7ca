/**
 * On-chip training reaches the reference's accuracy to the last digit (issue 5): the small example
 * trained on a synthetic dataset (prototypes plus noise, 4 classes of 16 features) through the
 * whole toolchain; the emulator's and the reference's predictions, computed independently, give
 * the same online and held-out accuracy, and the training actually learned something.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { formatDiagnostic } from '@snnc/common';
import { formatDivergence, verifySpec } from '../src/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

describe('verify: on-chip training accuracy equals the reference', function () {
  this.timeout(120_000);

  it('synthetic dataset, 160 training presentations then 40 held out, test-multichip / locality', () => {
    const v = verifySpec(path.join(ROOT, 'examples/srsnn-small.json'), 'test-multichip', 'locality', {
      dataset: 'synthetic', datasetOptions: { features: 16, classes: 4, size: 400 }, samples: 160, testSamples: 40, train: true, seed: 3,
    });
    expect(v.result, v.diagnostics.map(formatDiagnostic).join('\n')).to.not.equal(undefined);
    const r = v.result!;
    expect(r.bitExact, r.firstDivergence && formatDivergence(r.firstDivergence)).to.equal(true);
    expect(r.samples).to.equal(200);
    expect(v.accuracy!.emulator).to.deep.equal(v.accuracy!.reference);
    expect(v.accuracy!.emulator.trainSamples).to.equal(160);
    expect(v.accuracy!.emulator.testSamples).to.equal(40);
    // something was learned (chance is 0.25), so equal accuracies are not equal zeros
    expect(v.accuracy!.emulator.test).to.be.greaterThan(0.5);
  });
});
