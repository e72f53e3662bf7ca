import { expect } from 'chai';
import { emulateProgress } from '../src/commands/emulate.js';
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

  it('a phase expected to outlast the silence is said as it starts, with the time expected; a short one is not', () => {
    // `snnc validate` of a 216M-synapse spec: one synchronous phase of a minute, silent before
    let t = 0;
    const lines: string[] = [];
    const p = phaseProgress({}, 'validate', { now: () => t, write: (l) => lines.push(l), tty: true });
    p('reading', 10);
    t = 300;
    p('expanding about 216,105,035 synapses', 64_831);
    t = 65_000;
    p('done');
    expect(lines).to.deep.equal(['expanding about 216,105,035 synapses (0.3 s so far; about 65 s expected)', 'done (65.0 s so far)']);
    const log: string[] = [];
    const q = phaseProgress({ json: true }, 'validate', { now: () => 0, write: (l) => log.push(l), tty: true });
    q('expanding about 1,000,000 synapses', 300); // 120 s of silence in --json: not said
    expect(log).to.deep.equal([]);
  });

  it('emulate in a log: one line per 120 s, within a long sample by its steps (a 2^19-step sample said nothing for minutes)', () => {
    let t = 0;
    const lines: string[] = [];
    const p = emulateProgress(2 ** 19, false, { tty: false, now: () => t, write: (l) => lines.push(l) });
    for (let k = 1; k <= 128; k++) {
      t = k * 4000; // 4,096 steps every 4 s
      p.tell(0, 1, k * 4096);
    }
    expect(lines).to.deep.equal([
      '0/1 samples, 122880/524288 steps of the next (120 s so far)',
      '0/1 samples, 245760/524288 steps of the next (240 s so far)',
      '0/1 samples, 368640/524288 steps of the next (360 s so far)',
      '0/1 samples, 491520/524288 steps of the next (480 s so far)',
    ]);
    // short samples: by samples, steps not mentioned
    const short: string[] = [];
    t = 0;
    const q = emulateProgress(16, true, { tty: true, now: () => t, write: (l) => short.push(l) });
    q.tell(1, 1000, 0);
    t = 130_000;
    q.tell(500, 1000, 0);
    expect(short).to.deep.equal(['500/1000 samples (130 s so far)']);
  });
});
