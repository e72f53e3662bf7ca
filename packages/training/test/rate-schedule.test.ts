import { expect } from 'chai';
import fc from 'fast-check';
import type { SampleRunner } from '@snnc/common';
import type { LoweredNetwork } from '@snnc/ir';
import { loadDataset } from '@snnc/datasets';
import { loadTarget } from '@snnc/ir';
import { CheckpointCode, checkHiddenRateSchedule, checkRateScheduleFor, defaultRateSchedule, decodeCheckpoint, foldRateSchedule, loadCheckpointBytes, parseRateSchedule, rateShiftAt, runTrainingJob, trainLoop } from '../src/index.js';
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

  it('the loop sets each training sample\'s shift before it runs, across epochs, only when it changes', () => {
    const seen: number[] = [];
    const writes: number[] = [];
    let shift = 0;
    const runner: SampleRunner = {
      inputSize: 1, classes: 2, timesteps: 1,
      counters: { samples: 0, steps: 0, synapticEvents: 0 },
      runSample(_r, label) {
        if (label !== undefined) seen.push(shift);
        return { counts: [0, 0], predicted: 0 };
      },
      setLearning() {},
      setRateShift(a) {
        writes.push(a);
        shift = a;
      },
    };
    const data = { features: 1, numClasses: 2, images: new Uint8Array(10), labels: new Uint8Array(10) };
    const encoder = { steps: 1, channels: () => 1, encode() {} };
    const train = Uint32Array.from({ length: 6 }, (_, i) => i);
    trainLoop(runner, data, encoder, { epochs: 2, train, validation: Uint32Array.of(6), test: Uint32Array.of(7), rateSchedule: [0, 1, 3], clock: () => 0 });
    // 12 presentations in 3 segments of 4: epoch 1 holds the first and half the second
    expect(seen).to.deep.equal([0, 0, 0, 0, 1, 1, 1, 1, 3, 3, 3, 3]);
    expect(writes).to.deep.equal([0, 1, 1, 3]); // once per segment and once at each epoch's start
  });

  it('with hidden shifts the loop writes (a, h) before each sample, again whenever either changes', () => {
    const seen: string[] = [];
    const writes: string[] = [];
    let now = '0/0';
    const runner: SampleRunner = {
      inputSize: 1, classes: 2, timesteps: 1,
      counters: { samples: 0, steps: 0, synapticEvents: 0 },
      runSample(_r, label) {
        if (label !== undefined) seen.push(now);
        return { counts: [0, 0], predicted: 0 };
      },
      setLearning() {},
      setRateShift(a, h) {
        writes.push((now = `${a}/${h}`));
      },
    };
    const data = { features: 1, numClasses: 2, images: new Uint8Array(10), labels: new Uint8Array(10) };
    const encoder = { steps: 1, channels: () => 1, encode() {} };
    const train = Uint32Array.from({ length: 4 }, (_, i) => i);
    trainLoop(runner, data, encoder, { epochs: 1, train, validation: Uint32Array.of(6), test: Uint32Array.of(7), rateSchedule: [0, 1, 1, 1], rateScheduleHidden: [0, 1, 8, 8], clock: () => 0 });
    expect(seen).to.deep.equal(['0/0', '1/1', '1/8', '1/8']);
    expect(writes).to.deep.equal(['0/0', '1/1', '1/8']); // the third segment changes h alone
  });

  it('defaults, as chosen on validation: Fashion-MNIST anneals the last third of its third epoch, MNIST the last sixteenth of its run, row-sequential MNIST its last two', () => {
    expect(defaultRateSchedule('fashion-mnist')).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    expect(defaultRateSchedule('mnist')).to.deep.equal([...new Array(60).fill(0), 1, 2, 3, 4]);
    expect(defaultRateSchedule('mnist', 'rows')).to.deep.equal([0, 0, 1, 2]);
    expect(defaultRateSchedule('fashion-mnist', 'rows')).to.deep.equal([0]);
  });

  it('parseRateSchedule: whole numbers 0..8, located diagnostics otherwise', () => {
    expect(parseRateSchedule('0, 1,2').schedule).to.deep.equal([0, 1, 2]);
    for (const [text, pointer] of [['0,9', '/rateSchedule/1'], ['x', '/rateSchedule/0'], ['', '/rateSchedule/0'], ['1,-1', '/rateSchedule/1'], ['0.5', '/rateSchedule/0']]) {
      const r = parseRateSchedule(text);
      expect(r.schedule, text).to.equal(undefined);
      expect(r.diagnostics[0].code).to.equal('SNNC5114');
      expect(r.diagnostics[0].pointer, text).to.equal(pointer);
    }
    expect(parseRateSchedule(new Array(65).fill('0').join(',')).diagnostics[0].found).to.equal('65');
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
  });
});
