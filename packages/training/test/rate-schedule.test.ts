import { expect } from 'chai';
import fc from 'fast-check';
import type { SampleRunner } from '@snnc/common';
import type { LoweredNetwork } from '@snnc/ir';
import { loadDataset } from '@snnc/datasets';
import { loadTarget } from '@snnc/ir';
import { CheckpointCode, checkHiddenRateSchedule, checkRateScheduleFor, checkRateScheduleHold, defaultRateSchedule, decodeCheckpoint, foldRateSchedule, loadCheckpointBytes, parseRateSchedule, rateShiftAt, runTrainingJob, trainLoop, type TrainLoopOptions } from '../src/index.js';
import { rewrite, tinyCheckpoint } from './hostile-checkpoint.test.js';
import { tinySpec } from './training.test.js';

/**
 * §5.11 learning-rate schedule: which shift each training presentation gets, that the loop
 * writes it to the runner before the presentation (and only on a change), that a run records it,
 * and that malformed schedules are refused with a located diagnostic.
 */
describe('learning-rate schedule (§5.11)', function () {
  this.timeout(60000);

  it('rateShiftAt: equal segments in order, every presentation in exactly one, first and last at the ends', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 500 }), (schedule, G) => {
        const seg = (g: number) => Math.floor((schedule.length * g) / G);
        const per = new Array<number>(schedule.length).fill(0);
        for (let g = 0; g < G; g++) {
          const j = seg(g);
          expect(rateShiftAt(schedule, g, G)).to.equal(schedule[j]);
          if (g > 0) expect(j).to.be.at.least(seg(g - 1)); // segments never go back
          per[j]++;
        }
        // segments differ in length by at most one presentation
        const used = per.filter((n) => n > 0);
        expect(Math.max(...used) - Math.min(...used)).to.be.at.most(1);
        expect(rateShiftAt(schedule, 0, G)).to.equal(schedule[0]);
        if (G >= schedule.length) expect(rateShiftAt(schedule, G - 1, G)).to.equal(schedule[schedule.length - 1]);
      }),
      { numRuns: 200, seed: 51114 },
    );
  });

  /**
   * trainLoop over `n` samples with a recording runner: every setRateShift write (its arguments
   * joined by /) and, per training sample, the write it ran under (`start` before any).
   */
  const loopWrites = (n: number, epochs: number, rate: Pick<TrainLoopOptions, 'rateSchedule' | 'rateScheduleHidden' | 'rateScheduleHold'>, start: string) => {
    const seen: string[] = [];
    const writes: string[] = [];
    let now = start;
    const runner: SampleRunner = {
      inputSize: 1, classes: 2, timesteps: 1,
      counters: { samples: 0, steps: 0, synapticEvents: 0 },
      runSample(_r, label) {
        if (label !== undefined) seen.push(now);
        return { counts: [0, 0], predicted: 0 };
      },
      setLearning() {},
      setRateShift(...args: unknown[]) {
        writes.push((now = args.join('/')));
      },
    };
    const data = { features: 1, numClasses: 2, images: new Uint8Array(10), labels: new Uint8Array(10) };
    const encoder = { steps: 1, channels: () => 1, encode() {} };
    const train = Uint32Array.from({ length: n }, (_, i) => i);
    trainLoop(runner, data, encoder, { epochs, train, validation: Uint32Array.of(6), test: Uint32Array.of(7), ...rate, clock: () => 0 });
    return { seen, writes };
  };

  it('the loop sets each training sample\'s shift before it runs, across epochs, only when it changes', () => {
    const { seen, writes } = loopWrites(6, 2, { rateSchedule: [0, 1, 3] }, '0');
    // 12 presentations in 3 segments of 4: epoch 1 holds the first and half the second
    expect(seen).to.deep.equal(['0', '0', '0', '0', '1', '1', '1', '1', '3', '3', '3', '3']);
    expect(writes).to.deep.equal(['0', '1', '1', '3']); // once per segment and once at each epoch's start
  });

  it('with hidden shifts the loop writes (a, h) before each sample, again whenever either changes', () => {
    const { seen, writes } = loopWrites(4, 1, { rateSchedule: [0, 1, 1, 1], rateScheduleHidden: [0, 1, 8, 8] }, '0/0/false');
    // (a, h, hold): hold is written false beside the shifts
    expect(seen).to.deep.equal(['0/0/false', '1/1/false', '1/8/false', '1/8/false']);
    expect(writes).to.deep.equal(['0/0/false', '1/1/false', '1/8/false']); // the third segment changes h alone
  });

  it('with holds the loop writes (a, h, hold) before each sample, again whenever any of them changes', () => {
    const { seen, writes } = loopWrites(4, 1, { rateSchedule: [0, 1, 1, 1], rateScheduleHold: [false, false, true, true] }, '0/0/false');
    expect(seen).to.deep.equal(['0/0/false', '1/1/false', '1/1/true', '1/1/true']);
    expect(writes).to.deep.equal(['0/0/false', '1/1/false', '1/1/true']); // the third segment changes the hold alone
  });

  it('defaults, as chosen on validation: Fashion-MNIST anneals the last third of its third epoch, MNIST the last sixteenth of its run, row-sequential MNIST its last two', () => {
    expect(defaultRateSchedule('fashion-mnist')).to.deep.equal({ schedule: [0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4] });
    expect(defaultRateSchedule('mnist')).to.deep.equal({ schedule: [...new Array(60).fill(0), 1, 2, 3, 4] });
    expect(defaultRateSchedule('mnist', 'rows')).to.deep.equal({ schedule: [0, 0, 1, 2, 2], hidden: [0, 0, 1, 2, 8], hold: [false, false, false, false, true] });
    expect(foldRateSchedule(defaultRateSchedule('mnist', 'rows').schedule, defaultRateSchedule('mnist', 'rows').hidden, defaultRateSchedule('mnist', 'rows').hold)).to.equal('0 ×2, 1, 2, 2/8/hold');
    expect(defaultRateSchedule('fashion-mnist', 'rows')).to.deep.equal({ schedule: [0] });
  });

  it('parseRateSchedule: whole numbers 0..8, located diagnostics otherwise', () => {
    expect(parseRateSchedule('0, 1,2').schedule).to.deep.equal([0, 1, 2]);
    for (const [text, pointer] of [['0,9', '/rateSchedule/1'], ['x', '/rateSchedule/0'], ['', '/rateSchedule/0'], ['1,-1', '/rateSchedule/1'], ['0.5', '/rateSchedule/0']]) {
      const r = parseRateSchedule(text);
      expect(r.schedule, text).to.equal(undefined);
      expect(r.diagnostics[0].code).to.equal('SNNC5114');
      expect(r.diagnostics[0].pointer, text).to.equal(pointer);
    }
    expect(parseRateSchedule(new Array(1025).fill('0').join(',')).diagnostics[0].found).to.equal('1025');
  });

  it('parseRateSchedule: an entry ×n (or *n, xn) is n copies; it reads back what foldRateSchedule writes; counts are checked before expanding', () => {
    expect(parseRateSchedule('0 ×3, 1*2,2/8/hold x2')).to.deep.equal({ schedule: [0, 0, 0, 1, 1, 2, 2], hidden: [0, 0, 0, 1, 1, 8, 8], hold: [false, false, false, false, false, true, true], diagnostics: [] });
    // the MNIST default continued by a held epoch in half-epoch segments: 66 entries
    expect(parseRateSchedule('0×60,1,2,3,4,2/8/hold×2').schedule).to.have.length(66);
    const zero = parseRateSchedule('0,1×0');
    expect([zero.schedule, zero.diagnostics[0].pointer, zero.diagnostics[0].found]).to.deep.equal([undefined, '/rateSchedule/1', '"1×0"']);
    // a huge count is refused by its total, not allocated
    expect(parseRateSchedule('0×99999,1×99999').diagnostics[0].found).to.equal('199998');
    // an entry after a repeat is located at its place in the expanded list
    expect(parseRateSchedule('0×5,9').diagnostics[0].pointer).to.equal('/rateSchedule/5');
    expect(parseRateSchedule('0×5,2/x').diagnostics[0]).to.include({ pointer: '/rateSchedule/5', found: '"2/x"' });
    const entry = fc.record({ a: fc.integer({ min: 0, max: 8 }), h: fc.integer({ min: 0, max: 8 }), hold: fc.boolean() });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 40 }), (list) => {
        const schedule = list.map((x) => x.a);
        const hidden = list.map((x) => x.h);
        const hold = list.map((x) => x.hold);
        const back = parseRateSchedule(foldRateSchedule(schedule, hidden, hold));
        expect(back.diagnostics).to.deep.equal([]);
        expect(back.schedule).to.deep.equal(schedule);
        expect(back.hidden ?? schedule).to.deep.equal(hidden);
        expect(back.hold ?? hold.map(() => false)).to.deep.equal(hold);
      }),
      { numRuns: 300, seed: 5114 },
    );
  });

  it('parseRateSchedule: a 128 KiB argument is refused in linear time (the repeat count is matched at the end alone)', () => {
    // the repeat pattern ^(.*?)\s*[×x*]\s*(\d{1,5})$ backtracked quadratically: 50 s for this argument
    const t0 = performance.now();
    const r = parseRateSchedule('0' + ' '.repeat(131_000) + 'y');
    expect(r.diagnostics[0]).to.include({ code: 'SNNC5114', pointer: '/rateSchedule/0' });
    expect(performance.now() - t0).to.be.below(1000);
    // what precedes the count is the entry, trailing blanks dropped; the last marker counts
    expect(parseRateSchedule('1x2x3').diagnostics[0]).to.include({ pointer: '/rateSchedule/0', found: '"1x2"' });
    expect(parseRateSchedule(' 2/8 \t x 2 ').schedule).to.deep.equal([2, 2]);
  });

  it('parseRateSchedule: entries a/h give the hidden rule its own shift; bad forms and h out of range are located', () => {
    expect(parseRateSchedule('0,0,1,2,2/8')).to.deep.equal({ schedule: [0, 0, 1, 2, 2], hidden: [0, 0, 1, 2, 8], diagnostics: [] });
    expect(parseRateSchedule('3 / 0, 1').hidden).to.deep.equal([0, 1]);
    // h = a everywhere is the one-shift schedule: no hidden list, so a/a runs and records as a
    expect(parseRateSchedule('1/1,2/2')).to.deep.equal({ schedule: [1, 2], diagnostics: [] });
    for (const [text, pointer, what] of [
      ['0,2/', '/rateSchedule/1', 'a/h'], ['/3', '/rateSchedule/0', 'a/h'], ['1,2/x', '/rateSchedule/1', 'a/h'], ['2/3/4', '/rateSchedule/0', 'a/h'],
      ['2//3', '/rateSchedule/0', 'a/h'], ['1,2/-1', '/rateSchedule/1', 'a/h'], ['0,2/0.5', '/rateSchedule/1', 'a/h'],
      ['0,2/9', '/rateSchedule/1', 'hidden shift is out of range'], ['0,0,1/30', '/rateSchedule/2', 'hidden shift is out of range'],
      ['9/0', '/rateSchedule/0', 'entry is out of range'],
    ]) {
      const r = parseRateSchedule(text);
      expect(r.schedule, text).to.equal(undefined);
      expect(r.diagnostics[0].code, text).to.equal('SNNC5114');
      expect(r.diagnostics[0].pointer, text).to.equal(pointer);
      expect(r.diagnostics[0].message, text).to.contain(what);
    }
    expect(parseRateSchedule('0,2/9').diagnostics[0].found).to.equal('"2/9"');
    expect(checkHiddenRateSchedule([0, 8], [0, 2])).to.deep.equal([]);
    expect(checkHiddenRateSchedule([0], [0, 2])[0].pointer).to.equal('/rateScheduleHidden');
    expect(checkHiddenRateSchedule([0, 9], [0, 2])[0].pointer).to.equal('/rateScheduleHidden/1');
    expect(foldRateSchedule([0, 0, 2, 2], [0, 0, 8, 8])).to.equal('0 ×2, 2/8 ×2');
    expect(foldRateSchedule([0, 0, 2, 2])).to.equal('0 ×2, 2 ×2');
  });

  it('parseRateSchedule: entries a/h/hold hold homeostasis through their segment; any third field but the word hold is located', () => {
    expect(parseRateSchedule('2/8/hold')).to.deep.equal({ schedule: [2], hidden: [8], hold: [true], diagnostics: [] });
    expect(parseRateSchedule('0,0,1,2,2/8/hold')).to.deep.equal({ schedule: [0, 0, 1, 2, 2], hidden: [0, 0, 1, 2, 8], hold: [false, false, false, false, true], diagnostics: [] });
    // a hold without a hidden shift of its own: a/a/hold, no hidden list; spaces around the slashes
    expect(parseRateSchedule('0, 1 / 1 / hold')).to.deep.equal({ schedule: [0, 1], hold: [false, true], diagnostics: [] });
    for (const [text, pointer, what] of [
      ['2/8/Hold', '/rateSchedule/0', 'other than the word hold'], ['0,2/8/x', '/rateSchedule/1', 'other than the word hold'],
      ['2/8/hold/1', '/rateSchedule/0', 'other than the word hold'], ['0,0,2/8/', '/rateSchedule/2', 'other than the word hold'],
      ['2/hold', '/rateSchedule/0', 'not a/h in whole numbers'], ['0,hold', '/rateSchedule/1', 'not a whole number'],
      ['0,2/9/hold', '/rateSchedule/1', 'hidden shift is out of range'], ['9/0/hold', '/rateSchedule/0', 'entry is out of range'],
    ]) {
      const r = parseRateSchedule(text);
      expect(r.schedule, text).to.equal(undefined);
      expect(r.diagnostics[0].code, text).to.equal('SNNC5114');
      expect(r.diagnostics[0].pointer, text).to.equal(pointer);
      expect(r.diagnostics[0].message, text).to.contain(what);
    }
    const third = parseRateSchedule('0,2/8/Hold').diagnostics[0];
    expect([third.found, third.expected, third.fix]).to.deep.equal(['"2/8/Hold"', 'a/h/hold: the shifts a and h, then the word hold (lower case) and nothing after it', 'write the shifts as e.g. 0,0,1,2 or, to give the hidden rule its own shift, 0,0,1,2,2/8; to hold homeostasis as well, 0,0,1,2,2/8/hold']);
    expect(parseRateSchedule('2/hold').diagnostics[0].expected).to.contain('a/h/hold');
    expect(checkRateScheduleHold([false, true], [0, 2])).to.deep.equal([]);
    expect(checkRateScheduleHold([true], [0, 2])[0].pointer).to.equal('/rateScheduleHold');
    expect(checkRateScheduleHold([false, 1], [0, 2])[0].pointer).to.equal('/rateScheduleHold/1');
    expect(foldRateSchedule([0, 0, 2, 2], [0, 0, 8, 8], [false, false, true, true])).to.equal('0 ×2, 2/8/hold ×2');
    expect(foldRateSchedule([0, 2, 2], undefined, [false, false, true])).to.equal('0, 2, 2/2/hold');
  });

  it('a schedule beyond what the readout decay allows (k + a > learnShift) is refused, naming the largest shift allowed', () => {
    const net = { learning: { readoutDecayShift: 10 }, projections: [{ id: 'lr', plasticity: 'delta', learnShift: 16 }] } as unknown as LoweredNetwork;
    expect(checkRateScheduleFor(net, [0, 6])).to.deep.equal([]);
    const d = checkRateScheduleFor(net, [0, 7, 2]);
    expect(d[0].code).to.equal('SNNC5114');
    expect(d[0].pointer).to.equal('/rateSchedule/1');
    expect(d[0].fix).to.match(/to 6$/);
    // without a decay any shift the schedule allows is fine
    expect(checkRateScheduleFor({ ...net, learning: {} } as LoweredNetwork, [8])).to.deep.equal([]);
  });

  it('a run records its schedule; [0] is the run without one, byte for byte; a malformed one is refused', () => {
    const target = loadTarget('loihi2').target!;
    const data = loadDataset('synthetic', { noise: 0.35 }).dataset!;
    const job = { specText: JSON.stringify(tinySpec()), specName: 'tiny.json', target, dataset: data, datasetName: 'synthetic', epochs: 2, seed: 3, clock: () => 0 };
    const plain = runTrainingJob(job).result!;
    const zero = runTrainingJob({ ...job, rateSchedule: [0] }).result!;
    expect(Buffer.compare(Buffer.from(plain.checkpoint!), Buffer.from(zero.checkpoint!))).to.equal(0);
    const annealed = runTrainingJob({ ...job, rateSchedule: [0, 2] }).result!;
    expect(Buffer.compare(Buffer.from(plain.checkpoint!), Buffer.from(annealed.checkpoint!))).to.not.equal(0);
    expect(decodeCheckpoint(annealed.checkpoint!).checkpoint!.header.run.rateSchedule).to.deep.equal([0, 2]);
    expect(decodeCheckpoint(plain.checkpoint!).checkpoint!.header.run.rateSchedule).to.equal(undefined);
    const bad = runTrainingJob({ ...job, rateSchedule: [0, 12] });
    expect(bad.result).to.equal(undefined);
    expect(bad.diagnostics[0].code).to.equal('SNNC5114');
  });

  it('a run records its hidden shifts beside the schedule; h = a is the run without them, byte for byte; a mismatched list is refused', () => {
    const target = loadTarget('loihi2').target!;
    const data = loadDataset('synthetic', { noise: 0.35 }).dataset!;
    const job = { specText: JSON.stringify(tinySpec()), specName: 'tiny.json', target, dataset: data, datasetName: 'synthetic', epochs: 2, seed: 3, clock: () => 0 };
    const plain = runTrainingJob({ ...job, rateSchedule: [0, 2] }).result!;
    const same = runTrainingJob({ ...job, rateSchedule: [0, 2], rateScheduleHidden: [0, 2] }).result!;
    expect(Buffer.compare(Buffer.from(plain.checkpoint!), Buffer.from(same.checkpoint!))).to.equal(0);
    expect(decodeCheckpoint(same.checkpoint!).checkpoint!.header.run.rateScheduleHidden).to.equal(undefined);
    const frozen = runTrainingJob({ ...job, rateSchedule: [0, 2], rateScheduleHidden: [0, 8] }).result!;
    expect(Buffer.compare(Buffer.from(plain.checkpoint!), Buffer.from(frozen.checkpoint!))).to.not.equal(0);
    const run = decodeCheckpoint(frozen.checkpoint!).checkpoint!.header.run;
    expect([run.rateSchedule, run.rateScheduleHidden]).to.deep.equal([[0, 2], [0, 8]]);
    // all readout shifts 0 with a hidden one: the schedule is still recorded, both lists
    const hiddenOnly = runTrainingJob({ ...job, rateSchedule: [0, 0], rateScheduleHidden: [0, 8] }).result!;
    expect(decodeCheckpoint(hiddenOnly.checkpoint!).checkpoint!.header.run.rateSchedule).to.deep.equal([0, 0]);
    const bad = runTrainingJob({ ...job, rateSchedule: [0, 2], rateScheduleHidden: [0] });
    expect(bad.result).to.equal(undefined);
    expect(bad.diagnostics[0].code).to.equal('SNNC5114');
    expect(bad.diagnostics[0].pointer).to.equal('/rateScheduleHidden');
  });

  it('a run records its holds beside the schedule (rateScheduleHold, only when some entry holds); no hold is the run without them, byte for byte', () => {
    const target = loadTarget('loihi2').target!;
    const data = loadDataset('synthetic', { noise: 0.35 }).dataset!;
    const job = { specText: JSON.stringify(tinySpec()), specName: 'tiny.json', target, dataset: data, datasetName: 'synthetic', epochs: 2, seed: 3, clock: () => 0 };
    const plain = runTrainingJob({ ...job, rateSchedule: [0, 2] }).result!;
    const none = runTrainingJob({ ...job, rateSchedule: [0, 2], rateScheduleHold: [false, false] }).result!;
    expect(Buffer.compare(Buffer.from(plain.checkpoint!), Buffer.from(none.checkpoint!))).to.equal(0);
    expect(decodeCheckpoint(none.checkpoint!).checkpoint!.header.run.rateScheduleHold).to.equal(undefined);
    const held = runTrainingJob({ ...job, rateSchedule: [0, 2], rateScheduleHidden: [0, 8], rateScheduleHold: [false, true] }).result!;
    const run = decodeCheckpoint(held.checkpoint!).checkpoint!.header.run;
    expect([run.rateSchedule, run.rateScheduleHidden, run.rateScheduleHold]).to.deep.equal([[0, 2], [0, 8], [false, true]]);
    // a hold alone, every shift 0: the schedule is still recorded beside it
    const holdOnly = runTrainingJob({ ...job, rateSchedule: [0, 0], rateScheduleHold: [false, true] }).result!;
    const r0 = decodeCheckpoint(holdOnly.checkpoint!).checkpoint!.header.run;
    expect([r0.rateSchedule, r0.rateScheduleHidden, r0.rateScheduleHold]).to.deep.equal([[0, 0], undefined, [false, true]]);
    expect(Buffer.compare(Buffer.from(runTrainingJob({ ...job, rateSchedule: [0, 0] }).result!.checkpoint!), Buffer.from(holdOnly.checkpoint!))).to.not.equal(0);
    const bad = runTrainingJob({ ...job, rateSchedule: [0, 2], rateScheduleHold: [true] });
    expect(bad.result).to.equal(undefined);
    expect(bad.diagnostics[0].code).to.equal('SNNC5114');
    expect(bad.diagnostics[0].pointer).to.equal('/rateScheduleHold');
  });

  it('a checkpoint whose recorded schedule is out of range is refused at its pointer', () => {
    const good = tinyCheckpoint();
    const r = loadCheckpointBytes(rewrite(good, (h) => { (h.run as Record<string, unknown>).rateSchedule = [0, 9]; }), 'x.snnck');
    expect(r.checkpoint).to.equal(undefined);
    expect(r.diagnostics[0].code).to.equal(CheckpointCode.header);
    expect(r.diagnostics[0].pointer).to.equal('/run/rateSchedule/1');
    const s = loadCheckpointBytes(rewrite(good, (h) => { (h.run as Record<string, unknown>).rateSchedule = 'fast'; }), 'x.snnck');
    expect(s.diagnostics[0].pointer).to.equal('/run/rateSchedule');
    const h = loadCheckpointBytes(rewrite(good, (x) => { Object.assign(x.run as Record<string, unknown>, { rateSchedule: [0, 2], rateScheduleHidden: [0, 9] }); }), 'x.snnck');
    expect(h.diagnostics[0].code).to.equal(CheckpointCode.header);
    expect(h.diagnostics[0].pointer).to.equal('/run/rateScheduleHidden/1');
    const n = loadCheckpointBytes(rewrite(good, (x) => { Object.assign(x.run as Record<string, unknown>, { rateSchedule: [0, 2], rateScheduleHidden: [8] }); }), 'x.snnck');
    expect(n.diagnostics[0].pointer).to.equal('/run/rateScheduleHidden');
    const lone = loadCheckpointBytes(rewrite(good, (x) => { (x.run as Record<string, unknown>).rateScheduleHidden = [8]; }), 'x.snnck');
    expect(lone.diagnostics[0].pointer).to.equal('/run/rateSchedule');
    // the older form, plain numbers, still decodes
    const old = loadCheckpointBytes(rewrite(good, (x) => { (x.run as Record<string, unknown>).rateSchedule = [0, 2]; }), 'x.snnck');
    expect(old.diagnostics).to.deep.equal([]);
    expect(old.checkpoint!.header.run.rateSchedule).to.deep.equal([0, 2]);
    const both = loadCheckpointBytes(rewrite(good, (x) => { Object.assign(x.run as Record<string, unknown>, { rateSchedule: [0, 2], rateScheduleHidden: [0, 8] }); }), 'x.snnck');
    expect(both.checkpoint!.header.run.rateScheduleHidden).to.deep.equal([0, 8]);
    // §5.11 holds: parallel booleans beside the schedule, located when wrong; absent decodes as before
    const held = loadCheckpointBytes(rewrite(good, (x) => { Object.assign(x.run as Record<string, unknown>, { rateSchedule: [0, 2], rateScheduleHold: [false, true] }); }), 'x.snnck');
    expect(held.diagnostics).to.deep.equal([]);
    expect(held.checkpoint!.header.run.rateScheduleHold).to.deep.equal([false, true]);
    expect(old.checkpoint!.header.run.rateScheduleHold).to.equal(undefined);
    for (const [hold, schedule, pointer] of [
      [[false, 1], [0, 2], '/run/rateScheduleHold/1'], [[true], [0, 2], '/run/rateScheduleHold'], ['hold', [0, 2], '/run/rateScheduleHold'], [[true], undefined, '/run/rateSchedule'],
    ] as const) {
      const b = loadCheckpointBytes(rewrite(good, (x) => { Object.assign(x.run as Record<string, unknown>, { rateSchedule: schedule, rateScheduleHold: hold }); }), 'x.snnck');
      expect(b.diagnostics[0].code, pointer).to.equal(CheckpointCode.header);
      expect(b.diagnostics[0].pointer).to.equal(pointer);
    }
  });

  it('a checkpoint\'s training shift (run.augment) decodes with or without its epochs, and a bad one is refused at its pointer', () => {
    const good = tinyCheckpoint();
    const ok = loadCheckpointBytes(rewrite(good, (x) => { (x.run as Record<string, unknown>).augment = { shift: 1, epochs: 4 }; }), 'x.snnck');
    expect(ok.diagnostics).to.deep.equal([]);
    expect(ok.checkpoint!.header.run.augment).to.deep.equal({ shift: 1, epochs: 4 });
    for (const [augment, pointer] of [
      [{ shift: 1, epochs: -1 }, '/run/augment/epochs'], [{ shift: 1, epochs: 'all' }, '/run/augment/epochs'], [{ shift: 1.5 }, '/run/augment/shift'], [3, '/run/augment'],
    ] as const) {
      const b = loadCheckpointBytes(rewrite(good, (x) => { (x.run as Record<string, unknown>).augment = augment; }), 'x.snnck');
      expect(b.checkpoint, pointer).to.equal(undefined);
      expect(b.diagnostics[0].code).to.equal(CheckpointCode.header);
      expect(b.diagnostics[0].pointer).to.equal(pointer);
    }
  });
});
