import { expect } from 'chai';
import { loadDataset, type Dataset } from '@snnc/datasets';
import { loadTarget } from '@snnc/ir';
import { CheckpointCode, decodeCheckpoint, loadCheckpointBytes, resumeJobOptions, runTrainingJob, type TrainJobOptions } from '../src/index.js';
import { refusal, rewrite } from './hostile-checkpoint.test.js';
import { tinySpec } from './training.test.js';

/**
 * A checkpoint's counts (checkpoint-counts.ts): its state's learning epochs are its epochs x train
 * samples, and its curve has one entry per epoch. An edited `/run/trainSamples` moved the part
 * `snnc evaluate --part held-out` scores as never trained on onto samples the run trained on, and
 * loaded in silence.
 */
describe("a checkpoint's counts agree (learning epochs, epochs x train samples, the curve)", function () {
  this.timeout(60000);
  const target = loadTarget('loihi2').target!;
  const data: Dataset = loadDataset('synthetic', { noise: 0.35 }).dataset!;
  const job: TrainJobOptions = { specText: JSON.stringify(tinySpec()), specName: 'tiny.json', target, dataset: data, datasetName: 'synthetic', seed: 3, epochs: 2, train: 40, validation: 10, test: 10, clock: () => 0 };
  const partials: Uint8Array[] = [];
  let two: Uint8Array;
  before(() => {
    two = runTrainingJob({ ...job, onPartialCheckpoint: (b) => partials.push(b) }).result!.checkpoint!;
  });
  const run = (h: Record<string, unknown>) => h.run as Record<string, unknown> & { curve: { epoch: number }[] };

  it('a trained run, its partial checkpoint and its continuation (--resume) load: 2 x 40, 1 x 40, 3 x 40 learning epochs', () => {
    for (const [bytes, epochs] of [[two, 2], [partials[0], 1]] as const) {
      const r = loadCheckpointBytes(bytes, 'x.snnck');
      expect(r.diagnostics).to.deep.equal([]);
      expect([r.checkpoint!.header.learningEpoch, r.checkpoint!.header.run.epochs, r.checkpoint!.header.run.curve.length]).to.deep.equal([epochs * 40, epochs, epochs]);
    }
    const more = runTrainingJob({ ...resumeJobOptions(decodeCheckpoint(two).checkpoint!, 'two.snnck'), dataset: data, clock: () => 0, epochs: 3 });
    expect(more.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const r = loadCheckpointBytes(more.result!.checkpoint!, 'three.snnck');
    expect(r.diagnostics).to.deep.equal([]);
    expect([r.checkpoint!.header.learningEpoch, r.checkpoint!.header.run.curve.map((c) => c.epoch)]).to.deep.equal([120, [1, 2, 3]]);
  });

  it('an edited train part is refused at /run/trainSamples, with what the state learned (a smaller one scored trained samples as held out)', () => {
    for (const n of [20, 39, 41, 1000]) {
      const d = refusal(rewrite(two, (h) => { run(h).trainSamples = n; }));
      expect(d).to.include({ code: CheckpointCode.counts, file: 'x.snnck', pointer: '/run/trainSamples', found: String(n) });
      expect(d.expected).to.equal('40 (/learningEpoch 80 / /run/epochs 2: one learning epoch per train sample and epoch)');
      expect(d.fix).to.contain('snnc train');
    }
  });

  it('edited epochs, curve or learning epoch: located at the field the other two contradict', () => {
    expect(refusal(rewrite(two, (h) => { run(h).epochs = 3; }))).to.include({ code: CheckpointCode.counts, pointer: '/run/epochs', found: '3' });
    expect(refusal(rewrite(two, (h) => { run(h).curve.pop(); }))).to.include({ code: CheckpointCode.counts, pointer: '/run/curve', found: '1 entries' });
    expect(refusal(rewrite(two, (h) => { run(h).curve[1].epoch = 7; }))).to.include({ code: CheckpointCode.counts, pointer: '/run/curve/1/epoch', expected: '2 (the curve numbers the epochs 1..2)', found: '7' });
    expect(refusal(rewrite(two, (h) => { h.learningEpoch = 81; }))).to.include({ code: CheckpointCode.counts, pointer: '/learningEpoch', found: '81' });
    // the epochs and the curve edited together still disagree with the state
    expect(refusal(rewrite(two, (h) => { run(h).epochs = 1; run(h).curve.pop(); }))).to.include({ code: CheckpointCode.counts, pointer: '/run/trainSamples', found: '40' });
    // a partial checkpoint counts the epochs it trained, not its plan
    expect(refusal(rewrite(partials[0], (h) => { run(h).epochs = 2; run(h).plannedEpochs = 3; }))).to.include({ pointer: '/run/epochs', found: '2' });
  });
});
