import { expect } from 'chai';
import { phaseProgress } from '../src/commands/phase-progress.js';

/** `snnc bench map`'s progress lines: none for a short run, one per phase once it is slow. */
describe('cli: bench map progress', () => {
  const run = (o: { json?: boolean }, tty: boolean, times: number[]) => {
    let t = 0;
    const lines: string[] = [];
    const p = phaseProgress(o, 'bench map', { now: () => t, write: (l) => lines.push(l), tty });
    for (const [i, at] of times.entries()) {
      t = at;
      p(`phase ${i}`);
      p(`phase ${i}`); // a phase said twice is said once
    }
    return lines;
  };

  it('a short run prints nothing; a run past 2 s on a terminal prints each later phase with the time so far', () => {
    expect(run({}, true, [0, 500, 1900])).to.deep.equal([]);
    expect(run({}, true, [0, 1000, 2500, 4000])).to.deep.equal(['phase 2 (2.5 s so far)', 'phase 3 (4.0 s so far)']);
  });

  it('--json or a log (stderr not a terminal): the heartbeat\'s 120 s of silence first', () => {
    expect(run({ json: true }, true, [0, 5000, 60_000])).to.deep.equal([]);
    expect(run({}, false, [0, 5000, 130_000])).to.deep.equal(['phase 2 (130.0 s so far)']);
  });
});
