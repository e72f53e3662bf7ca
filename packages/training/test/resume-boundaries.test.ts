/**
 * checkResume (resume.ts) compares a checkpoint's §5.11 schedule with the resumed run's only at
 * the presentations where either may change value, so that its work is O(entries). With many
 * train samples those points are far apart, and a schedule that changes and changes back between
 * two of the checkpoint's own steps is only seen at the resumed schedule's steps: checkResume must
 * agree with comparing every presentation there too (resume.test.ts checks up to 13 samples, where
 * every presentation is such a point). Finished and partial (plannedEpochs) checkpoints.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { checkResume, type CheckpointRun, type ResumeFrom } from '../src/index.js';

describe('checkResume over many train samples: the same answer as every presentation compared', () => {
  it('a resumed schedule that leaves the checkpoint\'s between two of its steps and comes back is refused', () => {
    // the checkpoint: 1 epoch of 100 samples at shift 0; the plan: 2 epochs of 8 entries, entry 1
    // (presentations 25..49) at shift 1, the rest 0 — the checkpoint's own steps are only at 0 and 100
    const run = { epochs: 1, trainSamples: 100, rateSchedule: [0] } as CheckpointRun;
    const from: ResumeFrom = { run, snapshot: undefined as never };
    const plan = { epochs: 2, schedule: [0, 1, 0, 0, 0, 0, 0, 0], augmentEpochs: 2 };
    const bad = checkResume(from, plan, 100);
    expect(bad.map((d) => d.pointer)).to.deep.equal(['/run/rateSchedule']);
    expect(bad[0].expected).to.match(/^epoch 1, presentation 26 at 0\/0/);
    expect(checkResume(from, { ...plan, schedule: [0, 0, 0, 0, 1, 1, 1, 1] }, 100)).to.deep.equal([]);
  });

  it('property: random schedules, epochs, plans and 1..400 train samples', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 16 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 2 }),
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 400 }),
        (old, next, E, extraPlanned, more, N) => {
          // a partial checkpoint was planned for E + extraPlanned epochs (its schedule spread over them)
          const spread = E + extraPlanned;
          const run = { epochs: E, trainSamples: N, rateSchedule: old, ...(extraPlanned ? { plannedEpochs: spread } : {}) } as CheckpointRun;
          const from: ResumeFrom = { run, snapshot: undefined as never };
          const epochs = Math.max(E + more, extraPlanned ? spread : 0);
          const plan = { epochs, schedule: next, augmentEpochs: epochs };
          let agree = true;
          for (let g = 0; g < E * N && agree; g++) {
            const o = old[Math.floor((old.length * g) / (spread * N))];
            const n = next[Math.floor((next.length * g) / (epochs * N))];
            if (o !== n) agree = false;
          }
          expect(checkResume(from, plan, N).length === 0).to.equal(agree);
        },
      ),
      { numRuns: 400, seed: 20261207 },
    );
  });
});
