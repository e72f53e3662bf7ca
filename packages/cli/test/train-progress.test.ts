import { expect } from 'chai';
import { createHeartbeat } from '../src/commands/train-progress.js';

/** Progress without a terminal: a plain line after a silence, so logs of long runs show where they are. */
describe('snnc train: the heartbeat without bars', () => {
  const run = (labelSeeds: boolean) => {
    let t = 0;
    const lines: string[] = [];
    const hb = createHeartbeat(labelSeeds, { intervalMs: 1000, now: () => t, write: (l) => lines.push(l) });
    return { hb, lines, at: (ms: number) => (t = ms) };
  };
  const p = (done: number, accuracy = 0.5) => ({ phase: 'train' as const, epoch: 0, epochs: 3, done, total: 100, accuracy });

  it('prints nothing before the interval has passed, then one line with the place, the accuracy so far and the speed', () => {
    const { hb, lines, at } = run(false);
    hb.update(0, p(0));
    at(999);
    hb.update(0, p(10));
    expect(lines).to.deep.equal([]);
    at(2000);
    hb.update(0, p(20, 0.25));
    expect(lines).to.deep.equal(['train epoch 1/3: 20/100 samples, accuracy so far 25.00%, 10.0 samples/s']);
    // the next line waits a whole interval again
    at(2500);
    hb.update(0, p(25));
    expect(lines).to.have.length(1);
  });

  it('an epoch line (log) counts as output: the silence restarts; with seeds, lines name the seed', () => {
    const { hb, lines, at } = run(true);
    hb.update(3, p(0));
    at(900);
    hb.log('epoch 1: ...');
    at(1500);
    hb.update(3, p(5));
    expect(lines).to.deep.equal(['epoch 1: ...']);
    at(1900);
    hb.update(3, p(10));
    expect(lines[1]).to.match(/^seed 3 train epoch 1\/3: 10\/100 samples/);
  });

  it('the speed counts from the start of the phase, also when its first report (after some samples, never at 0) is the one printed: it said 1000 samples/s for 1 sample in 65 s', () => {
    const { hb, lines, at } = run(false);
    at(65_000);
    hb.update(0, p(1));
    expect(lines[0]).to.contain('1/100 samples').and.to.contain('0.015 samples/s');
    // the next phase begins at the seed's previous report: 50 validation samples in 10 s
    const v = (done: number) => ({ ...p(done), phase: 'validation' as const });
    at(75_000);
    hb.update(0, v(50));
    expect(lines[1]).to.match(/^validation epoch 1\/3: 50\/100 samples, .*, 5\.0 samples\/s$/);
  });

  it('a phase without epochs or accuracy (snnc verify) is named alone, without an accuracy', () => {
    const { hb, lines, at } = run(false);
    hb.update(0, { phase: 'verify', done: 0, total: 1000 });
    at(2000);
    hb.update(0, { phase: 'verify', done: 40, total: 1000 });
    expect(lines).to.deep.equal(['verify: 40/1000 samples, 20.0 samples/s']);
  });

  it('a slow phase (a spec of 10^5 steps per sample) reports fractional speeds, not 0.0', () => {
    const { hb, lines, at } = run(false);
    hb.update(0, p(0));
    at(65_000);
    hb.update(0, p(1));
    expect(lines[0]).to.contain('0.015 samples/s');
  });
});
