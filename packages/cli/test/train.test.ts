import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { crc32 } from '@snnc/common';
import { defaultEpochs, encodeIdx, loadDataset } from '@snnc/datasets';
import { loadTarget } from '@snnc/ir';
import { decodeCheckpoint, encodeCheckpoint, loadCheckpointBytes, runTrainingJob } from '@snnc/training';
import { scratchDir } from './run.js';

/**
 * `snnc train` / `snnc evaluate` end to end through the real launcher, on a tiny spec and the
 * synthetic dataset (a few seconds; no MNIST training in tests).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', 'bin', 'snnc.js');

function snnc(args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same tiny spec the trainer's own tests use. */
const TINY_FIXTURE = path.resolve(here, '..', '..', '..', 'training', 'test', 'fixtures', 'tiny-synthetic.json');

describe('snnc train / snnc evaluate', function () {
  // a hang guard, not a speed bound: each test spawns snnc, which trains; on an idle 2-core machine
  // the slowest takes about 8 s, but beside three training jobs the first took 464-523 s
  this.timeout(600000);
  const dir = scratchDir('snnc-cli-train-', { 'tiny.json': TINY_FIXTURE });
  /** The first test's checkpoint with some of its run's fields replaced, written as `name` (a crafted, otherwise valid checkpoint). */
  /** A checkpoint with its run record changed; its learning epoch follows the record's epochs x trainSamples, as a writer's would (else SNNC5118). */
  const craftRun = (name: string, run: Record<string, unknown>) => {
    const ck = decodeCheckpoint(fs.readFileSync(path.join(dir(), 'run', 'checkpoint.snnck'))).checkpoint!;
    const { format: _f, version: _v, arrays: _a, learningEpoch: _l, ...h } = ck.header;
    const crafted = { ...h.run, ...run } as typeof h.run;
    fs.writeFileSync(path.join(dir(), name), encodeCheckpoint({ ...h, run: crafted }, { ...ck.snapshot, epoch: crafted.epochs * crafted.trainSamples }));
  };

  it('train --json prints one JSON object with the required fields and writes checkpoint + report', () => {
    const r = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '2', '--train', '200', '--test', '60', '--json', '--out', 'run'], dir());
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    for (const k of ['testAccuracy', 'validationAccuracy', 'trainAccuracy', 'trainSamples', 'validationSamples', 'testSamples', 'epochs', 'seconds', 'encoding', 'synapticEvents', 'runs', 'summary'])
      expect(j, k).to.have.property(k);
    expect(j.trainSamples).to.equal(200);
    // a long --json run still shows its progress: one line per epoch on stderr, with that epoch's validation
    for (const [k, c] of j.curve.entries()) expect(r.stderr).to.contain(`epoch ${k + 1}: train ${(100 * c.trainAccuracy).toFixed(2)}% (online), validation ${(100 * c.validationAccuracy).toFixed(2)}%`);
    // issue 12 item 6: the reference's overflow counts per population
    expect(j.overflow.length).to.be.greaterThan(0);
    for (const o of j.overflow) expect(o).to.have.all.keys('population', 'uWraps', 'vSaturations');
    expect(j.validationSamples).to.equal(40); // the whole validation part of 400 synthetic samples
    expect(j.testSamples).to.equal(60);
    expect(j.splitSeed).to.equal(0);
    expect(j.testCorrect).to.equal(Math.round(j.testAccuracy * 60));
    expect(j.summary.test).to.deep.equal({ mean: j.testAccuracy, std: null, lo: null, hi: null, level: 0.95, n: 1 });
    expect(j.epochs).to.equal(2);
    expect(j.encoding).to.equal('rate');
    expect(j.testAccuracy).to.be.at.least(0.9);
    expect(j.synapticEvents).to.be.greaterThan(0);
    expect(j.curve).to.have.length(2);
    // outputs named relative to the working directory, never absolute
    expect(j.checkpoint).to.equal(path.join('run', 'checkpoint.snnck'));
    expect(fs.existsSync(path.join(dir(), 'run', 'checkpoint.snnck'))).to.equal(true);
    const html = fs.readFileSync(path.join(dir(), 'run', 'report.html'), 'utf8');
    expect(html).to.contain('<svg');
    expect(html).to.not.contain(dir());

    // evaluate reproduces the training run's final accuracy exactly
    const e = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--json'], dir());
    expect(e.code, e.stderr).to.equal(0);
    const ej = JSON.parse(e.stdout);
    expect(ej.testAccuracy).to.equal(j.testAccuracy);
    expect(ej.testSamples).to.equal(60);
    expect(ej).to.include({ part: 'test', accuracy: j.testAccuracy, samples: 60 });
    // --part validation reproduces the run's validation accuracy; --part held-out runs the 80 train
    // samples after the 200 the run trained on (the synthetic train part holds 280)
    const ev = JSON.parse(snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--part', 'validation', '--json'], dir()).stdout);
    expect(ev).to.include({ part: 'validation', accuracy: j.validationAccuracy, samples: 40, trainedAccuracy: j.validationAccuracy });
    expect(ev).to.not.have.property('testAccuracy');
    const ho = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--part', 'held-out', '--json'], dir());
    expect(ho.code, ho.stderr).to.equal(0);
    const hj = JSON.parse(ho.stdout);
    expect(hj).to.include({ part: 'held-out', samples: 80, trainedAccuracy: null });
    expect(hj.trainPartRange).to.deep.equal([200, 280]);
    expect(hj.correct).to.equal(Math.round(hj.accuracy * 80));
    const hh = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--part', 'held-out'], dir());
    expect(hh.stderr).to.match(/held-out \(train part \[200, 280\)\) accuracy [0-9.]+% \(\d+\/80\)/);
    // a run on the whole train part holds nothing out: refused at the checkpoint's field
    expect(snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--test', '20', '--out', 'whole'], dir()).code).to.equal(0);
    const none = snnc(['evaluate', path.join('whole', 'checkpoint.snnck'), '--part', 'held-out'], dir());
    expect(none.code).to.equal(1);
    expect(none.stderr).to.contain(`${path.join('whole', 'checkpoint.snnck')}#/run/trainSamples: error SNNC5013: the run trained on 280 samples of the 280`);
    // --test sizes only the test part
    const ht = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--part', 'held-out', '--test', '10'], dir());
    expect(ht.code).to.equal(2);
    expect(ht.stderr).to.contain('--test#: error SNNC1034'); // at the option, not at <input>#

    // --on-chip: the trained network compiled and run in the chip emulator, prediction for prediction
    const c = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--on-chip', '--strategy', 'sequential', '--json'], dir());
    expect(c.code, c.stderr).to.equal(0);
    const cj = JSON.parse(c.stdout);
    expect(cj).to.include({ identical: true, testAccuracy: j.testAccuracy, chipTestAccuracy: j.testAccuracy, trainedTestAccuracy: j.testAccuracy, testSamples: 60, target: 'loihi2', strategy: 'sequential' });
    expect(cj.cores).to.be.at.least(1);
    for (const k of ['cycles', 'energyUJ', 'spikes', 'synapticOps']) expect(cj.perInference[k], k).to.be.greaterThan(0);
    const h = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--on-chip'], dir());
    expect(h.code, h.stderr).to.equal(0);
    expect(h.stderr).to.match(/test accuracy on the chip [0-9.]+% \(\d+\/60\) on "synthetic", loihi2, \d+ cores \(locality\); reference simulator [0-9.]+%: every prediction identical/);
    expect(h.stderr).to.match(/per inference: \d+ cycles .* µJ/);
    const u = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--strategy', 'sequential'], dir());
    expect(u.code).to.equal(2);
    expect(u.stderr).to.contain('--strategy#: error SNNC1034');
    // threads beyond the image's cores (the tiny network fits one): a usage error at --threads
    // the held-out part on the chip: the same predictions as the reference, named for its part
    const hc = JSON.parse(snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--part', 'held-out', '--on-chip', '--strategy', 'sequential', '--json'], dir()).stdout);
    expect(hc).to.include({ part: 'held-out', identical: true, accuracy: hj.accuracy, chipAccuracy: hj.accuracy, samples: 80, trainedAccuracy: null });
    expect(hc).to.not.have.property('testAccuracy');
    const many = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--on-chip', '--threads', '999'], dir());
    expect(many.code).to.equal(2);
    expect(many.stderr).to.contain('--threads#: error SNNC4221');
  });

  it('evaluate --on-chip --json prints what was evaluated as evaluate --json does: the encoder parameters, the encoding, the held-out range (--on-chip lacked them)', () => {
    const ck = path.join('run', 'checkpoint.snnck');
    const run = decodeCheckpoint(fs.readFileSync(path.join(dir(), ck))).checkpoint!.header.run;
    const fields = ['dataset', 'encoding', 'encoder', 'trainPartRange'];
    for (const part of ['test', 'held-out']) {
      const plain = JSON.parse(snnc(['evaluate', ck, '--part', part, '--json'], dir()).stdout);
      const chip = JSON.parse(snnc(['evaluate', ck, '--part', part, '--on-chip', '--strategy', 'sequential', '--json'], dir()).stdout);
      expect(chip.encoder).to.deep.equal(run.encoding.params);
      for (const k of fields) expect(chip[k], k).to.deep.equal(plain[k]);
    }
  });

  it('--rate-code regular: the noise-free rate code, recorded in the checkpoint, reproduced by evaluate and verify, fixed on --resume', () => {
    const r = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '100', '--test', '40', '--rate-code', 'regular', '--json', '--out', 'reg'], dir());
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    expect(j.encoder).to.include({ regular: 1, maxRate: 1 });
    const b = JSON.parse(snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '100', '--test', '40', '--json', '--out', 'bern'], dir()).stdout);
    expect(b.encoder).to.not.have.property('regular');
    // another code presents other rasters: the runs differ in their synaptic events
    expect(j.synapticEvents).to.not.equal(b.synapticEvents);
    const e = snnc(['evaluate', path.join('reg', 'checkpoint.snnck'), '--json'], dir());
    expect(e.code, e.stderr).to.equal(0);
    expect(JSON.parse(e.stdout).testAccuracy).to.equal(j.testAccuracy);
    const v = snnc(['verify', 'tiny.json', '-t', 'loihi2', '--dataset', 'synthetic', '--rate-code', 'regular', '--samples', '4', '--train', '--json'], dir());
    expect(v.code, v.stderr).to.equal(0);
    expect(JSON.parse(v.stdout).bitExact).to.equal(true);
    const w = snnc(['verify', 'tiny.json', '-t', 'loihi2', '--rate-code', 'regular', '--steps', '8'], dir());
    expect(w.stderr).to.match(/--rate-code.*without --dataset|SNNC1035/);
    const again = snnc(['train', '--resume', path.join('reg', 'checkpoint.snnck'), '--rate-code', 'bernoulli', '--out', 'reg2'], dir());
    expect(again.code).to.equal(2);
    expect(again.stderr).to.contain('SNNC1036');
    expect(snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--rate-code', 'poisson'], dir()).code).to.equal(2);
  });

  it('a crafted checkpoint with an encoder option out of range (regular 2, maxRate 7) is refused at its field by evaluate and --resume (resume said <input>#/regular)', () => {
    craftRun('badreg.snnck', { encoding: { name: 'rate', params: { maxRate: 1, seed: 0, steps: 8, regular: 2 } } });
    craftRun('badmax.snnck', { encoding: { name: 'rate', params: { maxRate: 7, seed: 0, steps: 8 } } });
    for (const [name, field] of [['badreg.snnck', 'regular'], ['badmax.snnck', 'maxRate']]) {
      const e = snnc(['evaluate', name], dir());
      expect(e.code).to.equal(1);
      expect(e.stderr).to.contain(`${name}#/run/encoding/params/${field}: error SNNC5021`);
      const r = snnc(['train', '--resume', name, '--epochs', '3', '--out', `resumed-${field}`], dir());
      expect(r.code).to.equal(1);
      expect(r.stderr).to.contain(`${name}#/run/encoding/params/${field}: error SNNC5021`);
      expect(r.stderr).to.not.contain('<input>');
    }
  });

  it('a --max-rate at which the encoder never spikes is refused at --max-rate before training, naming the least that spikes (a graded input at 0.0019 trained on empty input, exit 0); in a checkpoint, at its field', () => {
    const spec = JSON.parse(fs.readFileSync(path.join(dir(), 'tiny.json'), 'utf8'));
    fs.writeFileSync(path.join(dir(), 'graded.json'), JSON.stringify({ ...spec, input: { ...spec.input, graded: true } }));
    const graded = snnc(['train', 'graded.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '20', '--test', '10', '--max-rate', '0.0019', '--out', 'silent'], dir());
    expect(graded.code, graded.stderr).to.equal(1);
    expect(graded.stderr).to.contain('--max-rate#: error SNNC5021').and.contain('found 0.0019').and.contain('--max-rate 0.00196078431372549');
    expect(fs.existsSync(path.join(dir(), 'silent', 'checkpoint.snnck'))).to.equal(false);
    const least = snnc(['train', 'graded.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '20', '--test', '10', '--max-rate', '0.00196078431372549', '--out', 'least'], dir());
    expect(least.code, least.stderr).to.equal(0);
    const regular = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '20', '--max-rate', '0.000007', '--rate-code', 'regular', '--out', 'silent'], dir());
    expect(regular.code, regular.stderr).to.equal(1);
    expect(regular.stderr).to.contain('--max-rate#: error SNNC5021').and.contain('0.00000762939453125');
    const v = snnc(['verify', 'graded.json', '-t', 'loihi2', '--dataset', 'synthetic', '--max-rate', '0.001', '--samples', '2'], dir());
    expect(v.code, v.stderr).to.equal(1);
    expect(v.stderr).to.contain('--max-rate#: error SNNC5021');
    craftRun('zero.snnck', { encoding: { name: 'rate', params: { maxRate: 0, seed: 0, steps: 8 } } });
    const e = snnc(['evaluate', 'zero.snnck'], dir());
    expect(e.code).to.equal(1);
    expect(e.stderr).to.contain('zero.snnck#/run/encoding/params/maxRate: error SNNC5021');
  });

  it('a --max-rate at which the encoder practically never spikes trains with a warning at --max-rate (it said nothing); a checkpoint\'s, at its field by evaluate and --resume', () => {
    const b = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '20', '--test', '10', '--max-rate', '0.000001', '--out', 'rare'], dir());
    expect(b.code, b.stderr).to.equal(0);
    expect(b.stderr).to.contain('--max-rate#: warning SNNC5024').and.contain('found 0.000008 expected spikes').and.contain('fix: maxRate 0.125 (1/8) or more');
    const r = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '20', '--test', '10', '--max-rate', '0.0001', '--rate-code', 'regular', '--out', 'dim'], dir());
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('--max-rate#: warning SNNC5024').and.contain('found 255 levels that never spike');
    const ck = path.join('rare', 'checkpoint.snnck');
    const line = `${ck}#/run/encoding/params/maxRate: warning SNNC5024`;
    const e = snnc(['evaluate', ck], dir());
    expect(e.code, e.stderr).to.equal(0);
    expect(e.stderr).to.contain(line);
    const m = snnc(['train', '--resume', ck, '--epochs', '2', '--out', 'rare2'], dir());
    expect(m.code, m.stderr).to.equal(0);
    expect(m.stderr).to.contain(line);
  });

  it("a run's warnings come before its training, once for all its seeds (they came after the last epoch, once per seed)", () => {
    const b = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '20', '--test', '10', '--max-rate', '0.000001', '--seeds', '2', '--out', 'rare-seeds'], dir());
    expect(b.code, b.stderr).to.equal(0);
    const line = '--max-rate#: warning SNNC5024';
    const at = b.stderr.indexOf(line);
    expect(at, b.stderr).to.be.at.least(0);
    expect(b.stderr.indexOf(line, at + 1), 'printed once').to.equal(-1);
    expect(at, 'before the first epoch').to.be.below(b.stderr.indexOf('epoch 1:'));
  });

  it('--augment-epochs on a run without a training shift warns (SNNC1035): the dataset has none by default, --augment-shift 0, or a resumed run had none (it was dropped in silence)', () => {
    const base = ['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '20', '--test', '10'];
    const d = snnc([...base, '--augment-epochs', '1', '--out', 'ae-default'], dir());
    expect(d.code, d.stderr).to.equal(0);
    expect(d.stderr).to.contain('warning SNNC1035: --augment-epochs 1 is ignored: the run has no training shift (none is the default for synthetic)');
    expect(snnc([...base, '--augment-epochs', '1', '--augment-shift', '0', '--out', 'ae-zero'], dir()).stderr).to.contain('is ignored: the run has no training shift (--augment-shift 0)');
    const r = snnc(['train', '--resume', path.join('ae-zero', 'checkpoint.snnck'), '--epochs', '2', '--augment-epochs', '1', '--out', 'ae-resumed'], dir());
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain("the run has no training shift (the checkpoint's run had none); fix: drop --augment-epochs");
    // without the option: nothing said
    expect(snnc([...base, '--out', 'ae-none'], dir()).stderr).to.not.contain('SNNC1035');
  });

  it('evaluate warns, at the checkpoint\'s /run/datasetDigest, when the dataset of the run\'s name holds other samples (it scored them in silence)', () => {
    const run = decodeCheckpoint(fs.readFileSync(path.join(dir(), 'run', 'checkpoint.snnck'))).checkpoint!.header.run;
    expect(run.datasetDigest).to.match(/^crc32:[0-9a-f]{8}$/);
    const same = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--json'], dir());
    expect(same.code, same.stderr).to.equal(0);
    expect(same.stderr).to.not.contain('SNNC5117');
    // the run as if trained on another copy of "synthetic": its figures stand, and the copy is named
    craftRun('other-copy.snnck', { datasetDigest: 'crc32:00000000' });
    const other = snnc(['evaluate', 'other-copy.snnck', '--json'], dir());
    expect(other.code, other.stderr).to.equal(0);
    expect(other.stderr).to.contain('other-copy.snnck#/run/datasetDigest: warning SNNC5117').and.contain('expected the dataset with content crc32:00000000');
    expect(JSON.parse(other.stdout).testAccuracy).to.equal(JSON.parse(same.stdout).testAccuracy);
  });

  it("evaluate of a checkpoint lacking its encoder's maxRate: format 2.0 is upgraded to training's 1 (it evaluated at the encoder's default 0.5), format 2.1 refused at the field", () => {
    const run = decodeCheckpoint(fs.readFileSync(path.join(dir(), 'run', 'checkpoint.snnck'))).checkpoint!.header.run;
    const { maxRate: _m, ...rest } = run.encoding.params;
    craftRun('normax.snnck', { encoding: { name: 'rate', params: rest } });
    const v21 = snnc(['evaluate', 'normax.snnck'], dir());
    expect(v21.code).to.equal(1);
    expect(v21.stderr).to.contain('normax.snnck#/run/encoding/params/maxRate: error SNNC5107').and.contain('"maxRate": 1');
    // the same bytes in format 2.0 (minor 0), the CRC recomputed
    const b = fs.readFileSync(path.join(dir(), 'normax.snnck'));
    b.writeUInt16LE(0, 10);
    b.writeUInt32LE(crc32(b.subarray(0, b.length - 4)), b.length - 4);
    fs.writeFileSync(path.join(dir(), 'normax20.snnck'), b);
    const v20 = snnc(['evaluate', 'normax20.snnck', '--json'], dir());
    expect(v20.code, v20.stderr).to.equal(0);
    expect(v20.stderr).to.contain('normax20.snnck#/run/encoding/params: note SNNC5109');
    const j = JSON.parse(v20.stdout);
    expect(j.encoder).to.deep.equal(run.encoding.params);
    expect(j.encoder.maxRate).to.equal(1);
    expect(j.testAccuracy).to.equal(run.testAccuracy);
  });

  it("evaluate prints the encoder's warnings (it dropped them), located in the checkpoint as train --resume locates them: a rate code recorded beside a graded input (SNNC5022)", () => {
    const spec = JSON.parse(fs.readFileSync(path.join(dir(), 'tiny.json'), 'utf8'));
    fs.writeFileSync(path.join(dir(), 'graded-w.json'), JSON.stringify({ ...spec, input: { ...spec.input, graded: true } }));
    const t = snnc(['train', 'graded-w.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '40', '--test', '20', '--rate-code', 'regular', '--json', '--out', 'gw'], dir());
    expect(t.code, t.stderr).to.equal(0);
    // what train says of --rate-code with a graded input
    expect(t.stderr).to.contain('graded-w.json#/input/graded: warning SNNC5022');
    const ck = decodeCheckpoint(fs.readFileSync(path.join(dir(), 'gw', 'checkpoint.snnck'))).checkpoint!;
    expect(ck.header.run.encoding.params).to.include({ graded: 1 }).and.not.have.property('regular');
    const { format: _f, version: _v, arrays: _a, learningEpoch: _l, ...h } = ck.header;
    fs.writeFileSync(path.join(dir(), 'gwreg.snnck'), encodeCheckpoint({ ...h, run: { ...h.run, encoding: { name: 'rate', params: { ...h.run.encoding.params, regular: 1 } } } }, ck.snapshot));
    const line = 'gwreg.snnck#/run/encoding/params/regular: warning SNNC5022';
    const e = snnc(['evaluate', 'gwreg.snnck', '--json'], dir());
    expect(e.code, e.stderr).to.equal(0);
    expect(e.stderr).to.contain(line);
    expect(JSON.parse(e.stdout).testAccuracy).to.equal(JSON.parse(t.stdout).testAccuracy);
    const r = snnc(['train', '--resume', 'gwreg.snnck', '--epochs', '2', '--out', 'gwreg'], dir());
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain(line);
  });

  it("evaluate --json describes the encoder built and used, not the checkpoint's record: a regular recorded beside a graded input, and an option the rate encoder does not take, are not claimed (both were printed, as if in effect)", () => {
    // the previous test's run: a graded input, whose encoder training built and recorded without `regular`
    const ck = decodeCheckpoint(fs.readFileSync(path.join(dir(), 'gw', 'checkpoint.snnck'))).checkpoint!;
    const { format: _f, version: _v, arrays: _a, learningEpoch: _l, ...h } = ck.header;
    const built = h.run.encoding.params;
    expect(built).to.include({ graded: 1 });
    fs.writeFileSync(path.join(dir(), 'gwx.snnck'), encodeCheckpoint({ ...h, run: { ...h.run, encoding: { name: 'rate', params: { ...built, regular: 1, width: 28 } } } }, ck.snapshot));
    for (const chip of [[], ['--on-chip', '--strategy', 'sequential']]) {
      const e = snnc(['evaluate', 'gwx.snnck', '--json', ...chip], dir());
      expect(e.code, e.stderr).to.equal(0);
      for (const k of ['regular', 'width']) expect(e.stderr).to.contain(`gwx.snnck#/run/encoding/params/${k}: warning SNNC5022`);
      const j = JSON.parse(e.stdout);
      expect(j.encoding).to.equal('rate');
      expect(j.encoder, chip.join(' ')).to.deep.equal(built);
      expect(j.encoder).to.not.have.any.keys('regular', 'width');
    }
  });

  it('evaluate of a checkpoint whose encoding does not fit its network is refused at the field that is wrong: the name swapped to rows, the steps, or the --dataset given (all were /run/dataset)', () => {
    const run = decodeCheckpoint(fs.readFileSync(path.join(dir(), 'run', 'checkpoint.snnck'))).checkpoint!.header.run;
    craftRun('swapped.snnck', { encoding: { name: 'rows', params: run.encoding.params } });
    const swapped = snnc(['evaluate', 'swapped.snnck'], dir());
    expect(swapped.code).to.equal(1);
    expect(swapped.stderr).to.contain('swapped.snnck#/run/encoding/name: error').and.contain('"name": "rate"');
    expect(swapped.stderr).to.not.contain('/run/dataset');
    craftRun('steps.snnck', { encoding: { name: 'rate', params: { ...run.encoding.params, steps: 9 } } });
    const steps = snnc(['evaluate', 'steps.snnck'], dir());
    expect(steps.code).to.equal(1);
    expect(steps.stderr).to.contain('steps.snnck#/run/encoding/params/steps: error SNNC5111');
    const other = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--dataset', 'mnist'], dir());
    expect(other.code).to.equal(1);
    expect(other.stderr).to.contain('--dataset#: error SNNC5111');
  });

  it('--resume of a checkpoint whose encoding does not fit its network is refused where evaluate refuses it: the steps, the dataset (both were tiny.json#/timesteps)', () => {
    const run = decodeCheckpoint(fs.readFileSync(path.join(dir(), 'run', 'checkpoint.snnck'))).checkpoint!.header.run;
    craftRun('steps9.snnck', { encoding: { name: 'rate', params: { ...run.encoding.params, steps: 9 } } });
    craftRun('digits.snnck', { dataset: 'mnist' });
    for (const [name, field] of [['steps9.snnck', '/run/encoding/params/steps'], ['digits.snnck', '/run/dataset']]) {
      const line = `${name}#${field}: error SNNC5111`;
      const e = snnc(['evaluate', name], dir());
      expect(e.code).to.equal(1);
      expect(e.stderr).to.contain(line);
      const r = snnc(['train', '--resume', name, '--epochs', '3', '--out', `misfit-${name}`], dir());
      expect(r.code).to.equal(1);
      expect(r.stderr).to.contain(line);
      expect(r.stderr).to.not.contain('/timesteps');
    }
  });

  it('--feedback sal trains with plastic decoders (§5.10): alignment curve in --json and the report, the checkpoint carries the decoders', () => {
    const r = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '100', '--test', '40', '--feedback', 'sal', '--sal-eta', '2', '--alignment-every', '50', '--json', '--out', 'sal'], dir());
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    expect(j.alignment.samples).to.deep.equal([0, 50, 100]);
    expect(j.alignment.degrees.length).to.equal(3);
    expect(fs.readFileSync(path.join(dir(), 'sal', 'report.html'), 'utf8')).to.contain('Feedback alignment');
    const e = snnc(['evaluate', path.join('sal', 'checkpoint.snnck'), '--json'], dir());
    expect(e.code, e.stderr).to.equal(0);
    expect(JSON.parse(e.stdout).testAccuracy).to.equal(j.testAccuracy);
    // usage: SAL parameters without --feedback sal, and SAL in the float64 twin
    const u = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--sal-eta', '1'], dir());
    expect(u.code).to.equal(2);
    expect(u.stderr).to.contain('--sal-eta#: error SNNC1034').and.contain('fix: add --feedback sal');
    const f = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--feedback', 'sal', '--float'], dir());
    expect(f.code).to.equal(2);
    expect(f.stderr).to.contain('--float#: error SNNC1034');
  });

  it('refuses a damaged checkpoint (exit 1, located message, no stack trace)', () => {
    const ck = path.join(dir(), 'run', 'checkpoint.snnck');
    const bytes = fs.readFileSync(ck);
    bytes[bytes.length - 20] ^= 0xff;
    fs.writeFileSync(path.join(dir(), 'bad.snnck'), bytes);
    const r = snnc(['evaluate', 'bad.snnck'], dir());
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/bad\.snnck#: error SNNC5104: checkpoint is corrupt/);
    expect(r.stderr).to.not.match(/\n\s+at /);
    const n = snnc(['evaluate', 'tiny.json'], dir());
    expect(n.code).to.equal(1);
    expect(n.stderr).to.contain('SNNC5102');
  });

  it('bad input: a missing spec and an unknown dataset exit 1; a bad option value exits 2', () => {
    expect(snnc(['train', 'nope.json', '--dataset', 'synthetic'], dir()).code).to.equal(1);
    const d = snnc(['train', 'tiny.json', '--dataset', 'imagenet'], dir());
    expect(d.code).to.equal(1);
    expect(d.stderr).to.contain('--dataset#: error SNNC5001: unknown dataset "imagenet"');
    // the same location on the other commands that take --dataset
    const e = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--dataset', 'imagenet'], dir());
    expect(e.code).to.equal(1);
    expect(e.stderr).to.contain('--dataset#: error SNNC5001');
    // a dataset whose encoded samples do not fit the trained network's input, located at the --dataset that named it (it was the run's /run/dataset)
    const fit = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--dataset', 'mnist'], dir());
    expect(fit.code).to.equal(1);
    expect(fit.stderr).to.match(/--dataset#: error SNNC5111: the rate encoding of "mnist" does not fit the checkpoint's network input \(expected \d+ inputs per step for \d+ steps, found 784 inputs/);
    const v = snnc(['verify', 'tiny.json', '-t', 'loihi2', '--dataset', 'imagenet', '--samples', '2'], dir());
    expect(v.code).to.equal(1);
    expect(v.stderr).to.contain('--dataset#: error SNNC5001');
    expect(snnc(['train', 'tiny.json', '--epochs', 'zero'], dir()).code).to.equal(2);
    const sched = snnc(['train', 'tiny.json', '--rate-schedule', '0,9'], dir());
    expect(sched.code).to.equal(2);
    expect(sched.stderr).to.contain('0..8');
    const hiddenSched = snnc(['train', 'tiny.json', '--rate-schedule', '0,2/x'], dir());
    expect(hiddenSched.code).to.equal(2);
    expect(hiddenSched.stderr).to.contain('a/h');
    const seeds = snnc(['train', 'tiny.json', '--seed', '4294967295', '--seeds', '2'], dir());
    expect(seeds.code).to.equal(2);
    expect(seeds.stderr).to.contain('--seeds#: error SNNC1031').and.contain('fix: --seeds 1');
    // --jobs with one seed trains as without it, and says so: one thread, its single bar (no seed bars)
    const oneJob = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '20', '--test', '10', '--jobs', '2', '--progress', '--out', 'jobs1'], dir());
    expect(oneJob.code, oneJob.stderr).to.equal(0);
    expect(oneJob.stderr).to.contain('warning SNNC1035: --jobs 2 is ignored with one seed');
    expect(oneJob.stderr).to.match(/train +epoch 1\/1 \[/).and.not.match(/seed 0 (train|validation|test) /);
    const parts = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--validation', '41'], dir());
    expect(parts.code).to.equal(1);
    expect(parts.stderr).to.contain('--validation#: error SNNC5011');
    const shift = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--augment-shift', '1', '--epochs', '1', '--train', '20'], dir());
    expect(shift.code).to.equal(1);
    expect(shift.stderr).to.contain('--augment-shift#: error SNNC5012');
    const test = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--test', '100000'], dir());
    expect(test.code).to.equal(1);
    expect(test.stderr).to.contain('--test#: error SNNC5011');
  });

  it('--resume of a crafted checkpoint whose run asks for more samples than the dataset has, or a shift of flat samples: located in the checkpoint', () => {
    craftRun('big.snnck', { trainSamples: 100000 });
    craftRun('shift.snnck', { augment: { shift: 3 } });
    const big = snnc(['train', '--resume', 'big.snnck', '--epochs', '3', '--out', 'big'], dir());
    expect(big.code).to.equal(1);
    expect(big.stderr).to.contain('big.snnck#/run/trainSamples: error SNNC5011');
    const shift = snnc(['train', '--resume', 'shift.snnck', '--epochs', '3', '--out', 'shift'], dir());
    expect(shift.code).to.equal(1);
    expect(shift.stderr).to.contain('shift.snnck#/run/augment/shift: error SNNC5012');
  });

  it('evaluate of a checkpoint whose run read no test samples is refused at /run/testSamples (it printed 0.00% (0/0), exit 0); --test N evaluates it', () => {
    craftRun('notest.snnck', { testSamples: 0 });
    for (const extra of [[], ['--on-chip']]) {
      const r = snnc(['evaluate', 'notest.snnck', ...extra], dir());
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stderr).to.contain('notest.snnck#/run/testSamples: error SNNC1038');
      expect(r.stderr).to.contain('--test');
    }
    const t = snnc(['evaluate', 'notest.snnck', '--test', '5', '--json'], dir());
    expect(t.code, t.stderr).to.equal(0);
    expect(JSON.parse(t.stdout).testSamples).to.equal(5);
  });

  it('--rate-schedule 0,1/8/hold: the held segment reaches the checkpoint (rateScheduleHold), --json and the report; a third field but hold is a usage error', () => {
    const r = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '100', '--test', '20', '--json', '--out', 'held', '--rate-schedule', '0,1/8/hold'], dir());
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    expect([j.rateSchedule, j.rateScheduleHidden, j.rateScheduleHold]).to.deep.equal([[0, 1], [0, 8], [false, true]]);
    const ck = loadCheckpointBytes(fs.readFileSync(path.join(dir(), 'held', 'checkpoint.snnck')), 'checkpoint.snnck');
    expect(ck.diagnostics).to.deep.equal([]);
    const run = ck.checkpoint!.header.run;
    expect([run.rateSchedule, run.rateScheduleHidden, run.rateScheduleHold]).to.deep.equal([[0, 1], [0, 8], [false, true]]);
    expect(fs.readFileSync(path.join(dir(), 'held', 'report.html'), 'utf8')).to.contain('0, 1/8/hold: ');
    const bad = snnc(['train', 'tiny.json', '--rate-schedule', '0,2/8/Hold'], dir());
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('other than the word hold');
  });

  it('--resume: a finished run continued by a held epoch is the uninterrupted run, byte for byte; what the checkpoint fixes is refused', () => {
    const common = ['--dataset', 'synthetic', '--train', '100', '--test', '30', '--seed', '2'];
    const two = snnc(['train', 'tiny.json', ...common, '--epochs', '2', '--out', 'r2'], dir());
    expect(two.code, two.stderr).to.equal(0);
    const held = ['--rate-schedule', '0,0,1/8/hold'];
    const whole = snnc(['train', 'tiny.json', ...common, '--epochs', '3', ...held, '--json', '--out', 'r3'], dir());
    expect(whole.code, whole.stderr).to.equal(0);
    // once, after the first epoch's checkpoint: how a stopped run goes on
    expect(whole.stderr.split(`continue it with: snnc train --resume ${path.join('r3', 'checkpoint.snnck')} --out`)).to.have.length(2);
    const ck = path.join('r2', 'checkpoint.snnck');
    const more = snnc(['train', '--resume', ck, '--epochs', '3', ...held, '--json', '--out', 'r23'], dir());
    expect(more.code, more.stderr).to.equal(0);
    const bytes = (d: string) => fs.readFileSync(path.join(dir(), d, 'checkpoint.snnck'));
    expect(Buffer.compare(bytes('r3'), bytes('r23'))).to.equal(0);
    const [w, m] = [JSON.parse(whole.stdout), JSON.parse(more.stdout)];
    expect(m.testAccuracy).to.equal(w.testAccuracy);
    expect(m.resumedFrom).to.deep.equal({ file: ck, epochs: 2 });
    expect(m.curve.map((c: { epoch: number }) => c.epoch)).to.deep.equal([3]);
    expect(more.stderr).to.match(/epoch 3: train/);
    const html = fs.readFileSync(path.join(dir(), 'r23', 'report.html'), 'utf8');
    expect(html).to.contain('resumed from');
    // what the checkpoint fixes: a usage error naming it; --epochs is needed
    for (const extra of [['tiny.json'], ['--dataset', 'synthetic'], ['--seed', '2'], ['--no-hidden-plasticity']]) {
      const r = snnc(['train', '--resume', ck, '--epochs', '3', ...extra], dir());
      expect(r.code, extra.join(' ')).to.equal(2);
      expect(r.stderr).to.contain('SNNC1036');
      expect(r.stderr).to.contain(extra[0] === 'tiny.json' ? 'a spec argument' : extra[0]);
    }
    const noEpochs = snnc(['train', '--resume', ck], dir());
    expect([noEpochs.code, noEpochs.stderr.includes('SNNC1034')]).to.deep.equal([2, true]);
    // another schedule over the checkpoint's epochs: refused at the checkpoint's record
    const stretched = snnc(['train', '--resume', ck, '--epochs', '3', '--rate-schedule', '0,1,1'], dir());
    expect(stretched.code).to.equal(1);
    expect(stretched.stderr).to.contain(`${ck}#/run/rateSchedule: error SNNC5115`);
    // the checkpoint is an input: never overwritten by the continuation
    const before = bytes('r2');
    const over = snnc(['train', '--resume', ck, '--epochs', '3', ...held, '--out', 'r2'], dir());
    expect(over.code).to.equal(1);
    expect(over.stderr).to.contain('SNNC1033');
    expect(Buffer.compare(bytes('r2'), before)).to.equal(0);
  });

  it('--resume of a run stopped midway: the checkpoint it wrote after epoch 1 continues to its planned epochs (no --epochs), byte for byte', () => {
    const whole = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--train', '100', '--test', '30', '--seed', '2', '--epochs', '3', '--rate-schedule', '0,0,1/8/hold', '--out', 'p3'], dir());
    expect(whole.code, whole.stderr).to.equal(0);
    const bytes = (d: string) => fs.readFileSync(path.join(dir(), d, 'checkpoint.snnck'));
    // the same run in the library, which hands over the checkpoint after every epoch as the command
    // writes it: the one after epoch 1 is what a `snnc train` stopped during epoch 2 leaves behind
    const partials: Uint8Array[] = [];
    const job = {
      specText: fs.readFileSync(TINY_FIXTURE, 'utf8'), specName: 'tiny.json', target: loadTarget('loihi2').target!, dataset: loadDataset('synthetic').dataset!, datasetName: 'synthetic',
      epochs: 3, train: 100, test: 30, seed: 2, rateSchedule: [0, 0, 1], rateScheduleHidden: [0, 0, 8], rateScheduleHold: [false, false, true],
    };
    const lib = runTrainingJob({ ...job, onPartialCheckpoint: (b, e) => (partials[e] = b) }).result!;
    expect(Buffer.compare(Buffer.from(lib.checkpoint!), bytes('p3'))).to.equal(0); // the command's run exactly
    fs.writeFileSync(path.join(dir(), 'stopped.snnck'), partials[1]);
    const more = snnc(['train', '--resume', 'stopped.snnck', '--out', 'p13'], dir());
    expect(more.code, more.stderr).to.equal(0);
    expect(more.stderr).to.contain('epoch 2: train');
    expect(Buffer.compare(bytes('p13'), bytes('p3'))).to.equal(0);
    const e = snnc(['evaluate', 'stopped.snnck'], dir());
    expect(e.code, e.stderr).to.equal(0);
    expect(e.stderr + e.stdout).to.contain('stopped after 1 of its 3 epochs');
  });

  it('--resume of several checkpoints: seeds of one configuration, on --jobs, summarised as --seeds, each seed byte for byte', () => {
    const common = ['--dataset', 'synthetic', '--train', '80', '--test', '30', '--seed', '4', '--seeds', '2'];
    const held = ['--rate-schedule', '0,0,1/8/hold'];
    expect(snnc(['train', 'tiny.json', ...common, '--epochs', '2', '--out', 's2'], dir()).code).to.equal(0);
    const whole = snnc(['train', 'tiny.json', ...common, '--epochs', '3', ...held, '--json', '--out', 's3'], dir());
    expect(whole.code, whole.stderr).to.equal(0);
    const cks = [5, 4].map((s) => path.join('s2', `seed-${s}`, 'checkpoint.snnck')); // any order: run in seed order
    const more = snnc(['train', '--resume', ...cks, '--epochs', '3', ...held, '--jobs', '2', '--json', '--out', 's23'], dir());
    expect(more.code, more.stderr).to.equal(0);
    expect(more.stderr).to.not.contain('is ignored with one seed');
    const [w, m] = [JSON.parse(whole.stdout), JSON.parse(more.stdout)];
    expect(m.runs.map((r: { seed: number }) => r.seed)).to.deep.equal([4, 5]);
    expect(m.runs.map((r: { resumedFrom: { file: string } }) => r.resumedFrom.file)).to.deep.equal([cks[1], cks[0]]);
    expect(m.summary).to.deep.equal(w.summary);
    for (const s of [4, 5]) {
      const ck = (d: string) => fs.readFileSync(path.join(dir(), d, `seed-${s}`, 'checkpoint.snnck'));
      expect(Buffer.compare(ck('s3'), ck('s23')), `seed ${s}`).to.equal(0);
    }
    // not seeds of one configuration: the same seed twice, or another run
    const twice = snnc(['train', '--resume', cks[0], cks[0], '--epochs', '3'], dir());
    expect([twice.code, twice.stderr.includes('SNNC1037')]).to.deep.equal([1, true]);
    const two = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--train', '90', '--seed', '6', '--epochs', '2', '--out', 's6'], dir());
    expect(two.code).to.equal(0);
    const mixed = snnc(['train', '--resume', cks[0], path.join('s6', 'checkpoint.snnck'), '--epochs', '3'], dir());
    expect(mixed.code).to.equal(1);
    expect(mixed.stderr).to.contain('SNNC1037');
    expect(mixed.stderr).to.contain('not seeds of one configuration');
  });

  it('--seeds 2: every seed and the mean ± sd with a 95% t-interval, one checkpoint per seed, one report', () => {
    const r = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '120', '--test', '40', '--seed', '1', '--seeds', '2', '--json', '--out', 'seeds'], dir());
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    expect(j.runs.map((x: { seed: number }) => x.seed)).to.deep.equal([1, 2]);
    expect(j).to.not.have.property('testAccuracy'); // with several seeds the figures are per seed and summarised
    const tests = j.runs.map((x: { testAccuracy: number }) => x.testAccuracy);
    expect(j.summary.test.mean).to.be.closeTo((tests[0] + tests[1]) / 2, 1e-15);
    expect(j.summary.test.n).to.equal(2);
    expect(j.summary.validation.lo).to.be.at.most(j.summary.validation.mean);
    expect(j.runs[1].checkpoint).to.equal(path.join('seeds', 'seed-2', 'checkpoint.snnck'));
    expect(j.summary.seeds).to.deep.equal([1, 2]);
    const html = fs.readFileSync(path.join(dir(), 'seeds', 'report.html'), 'utf8');
    expect(html).to.contain('Seeds');
    // the report's totals are over both seeds: synaptic events, and the test confusion matrix (40 test samples each, its diagonal the correct ones)
    expect(html).to.contain(`<td>synaptic events (total)</td><td class="num">${j.runs[0].synapticEvents + j.runs[1].synapticEvents}</td>`);
    const confusion = html.slice(html.indexOf('<section id="confusion-matrix"'));
    const cells = [...confusion.matchAll(/<title>(\d+) -&gt; (\d+): (\d+)<\/title>/g)].map((m) => m.slice(1).map(Number));
    expect(cells.reduce((n, [, , v]) => n + v, 0)).to.equal(80);
    expect(cells.filter(([r, c]) => r === c).reduce((n, [, , v]) => n + v, 0)).to.equal(j.runs[0].testCorrect + j.runs[1].testCorrect);
    // a seed-2 checkpoint (its own network instance) re-evaluates to its own test accuracy
    const e = snnc(['evaluate', j.runs[1].checkpoint, '--json'], dir());
    expect(e.code, e.stderr).to.equal(0);
    expect(JSON.parse(e.stdout).testAccuracy).to.equal(tests[1]);
    // the text form prints both parts per seed and the summary
    // (with SAL feedback, whose alignment the report draws for every seed)
    const t = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '60', '--test', '20', '--seeds', '2', '--feedback', 'sal', '--alignment-every', '50', '--out', 'seeds-text'], dir());
    expect(t.code, t.stderr).to.equal(0);
    const report = fs.readFileSync(path.join(dir(), 'seeds-text', 'report.html'), 'utf8');
    const alignment = report.slice(report.indexOf('<section id="feedback-alignment"'));
    for (const s of [0, 1]) expect(alignment, `seed ${s}`).to.match(new RegExp(`<title>[^<]*, seed ${s}: \\(50, `));
    expect(t.stderr).to.match(/seed 1: validation \d+\.\d\d% on 40, test \d+\.\d\d% \(\d+\/20\) \[/);
    expect(t.stderr).to.match(/2 seeds \(0\.\.1\): validation \d+\.\d\d ± \d+\.\d\d% \[/);
    // the summary's validation figure is the mean of the seeds' (40 samples each: multiples of 2.5%, their mean exact in two decimals)
    const perSeed = [0, 1].map((s) => Number(new RegExp(`seed ${s}: validation (\\d+\\.\\d\\d)% on 40`).exec(t.stderr)![1]));
    expect(Number(/2 seeds \(0\.\.1\): validation (\d+\.\d\d) ±/.exec(t.stderr)![1])).to.be.closeTo((perSeed[0] + perSeed[1]) / 2, 0.001);
    expect(t.stderr).to.match(/test +\d+\.\d\d ± \d+\.\d\d% \[.*95% t-interval, 2 seeds/);
  });

  it('--jobs 2: the seeds on worker threads, each seed byte-identical to --jobs 1 (figures and checkpoint), printed in seed order', () => {
    const args = ['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '2', '--train', '90', '--test', '30', '--seed', '3', '--seeds', '3', '--json'];
    const one = snnc([...args, '--out', 'jobs-1'], dir());
    const two = snnc([...args, '--jobs', '2', '--out', 'jobs-2'], dir());
    expect(one.code, one.stderr).to.equal(0);
    expect(two.code, two.stderr).to.equal(0);
    // wall seconds and output paths are the only fields allowed to differ
    const strip = (text: string, out: string) =>
      JSON.parse(text.replaceAll(out, 'OUT'), (k, v) => (k === 'seconds' || k === 'trainSeconds' ? 0 : v));
    const a = strip(one.stdout, 'jobs-1');
    const b = strip(two.stdout, 'jobs-2');
    expect(b.runs.map((r: { seed: number }) => r.seed)).to.deep.equal([3, 4, 5]);
    expect(b).to.deep.equal(a);
    // distinct seeds really trained distinct networks (a pool that ran one seed three times would fail here)
    const bytes = (out: string, s: number) => fs.readFileSync(path.join(dir(), out, `seed-${s}`, 'checkpoint.snnck'));
    expect(bytes('jobs-1', 3).equals(bytes('jobs-1', 4))).to.equal(false);
    for (const s of [3, 4, 5]) expect(bytes('jobs-2', s).equals(bytes('jobs-1', s)), `seed ${s}`).to.equal(true);
    // the text form with bars: one line per seed and epoch, the seeds' results in seed order
    const t = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '60', '--test', '20', '--seeds', '3', '--jobs', '3', '--progress', '--out', 'jobs-text'], dir());
    expect(t.code, t.stderr).to.equal(0);
    for (const s of [0, 1, 2]) expect(t.stderr).to.contain(`seed ${s} epoch 1:`);
    const order = [0, 1, 2].map((s) => t.stderr.indexOf(`seed ${s}: validation`));
    expect(order.every((x) => x >= 0)).to.equal(true);
    expect([...order].sort((x, y) => x - y)).to.deep.equal(order);
    expect(t.stderr).to.match(/seed \d (train|validation|test) +epoch 1\/1 \[/);
  });

  it('--resume takes at most 100 checkpoints, as --seeds takes at most 100 runs: a usage error before any is loaded (a thousand were all loaded and their specs recompiled first)', () => {
    const r = snnc(['train', '--resume', ...new Array<string>(101).fill('nonesuch.snnck'), '--epochs', '2', '--out', 'too-many'], dir());
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.contain('expected at most 100 checkpoints');
    expect(r.stderr).to.not.contain('SNNC5101');
    expect(snnc(['train', '--resume', ...new Array<string>(100).fill('nonesuch.snnck'), '--epochs', '2', '--out', 'enough'], dir()).stderr).to.contain('SNNC5101');
  });

  it('--jobs: a seed that fails on its worker stops the run with its diagnostic (no hang), and --jobs 0 is a usage error', () => {
    const spec = JSON.parse(fs.readFileSync(path.join(dir(), 'tiny.json'), 'utf8'));
    spec.learning.enabled = false;
    fs.writeFileSync(path.join(dir(), 'no-learning.json'), JSON.stringify(spec));
    const r = snnc(['train', 'no-learning.json', '--dataset', 'synthetic', '--seeds', '3', '--jobs', '2', '--out', 'jobs-fail'], dir());
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('SNNC5110');
    expect(fs.existsSync(path.join(dir(), 'jobs-fail', 'report.html'))).to.equal(false);
    expect(snnc(['train', 'tiny.json', '--seeds', '2', '--jobs', '0'], dir()).code).to.equal(2);
  });

  it('--dataset fashion-mnist reads the IDX files (a small fixture), and names the Debian package when they are absent', () => {
    const fm = path.join(dir(), 'fashion');
    fs.mkdirSync(fm);
    for (const [part, n] of [['train', 60], ['t10k', 20]] as const) {
      const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
      const images = new Uint8Array(n * 784);
      for (let i = 0; i < n; i++) images.fill(25 * (i % 10), i * 784, i * 784 + 78 * (1 + (i % 10)));
      fs.writeFileSync(path.join(fm, `${part}-images-idx3-ubyte.gz`), zlib.gzipSync(encodeIdx([n, 28, 28], images)));
      fs.writeFileSync(path.join(fm, `${part}-labels-idx1-ubyte.gz`), zlib.gzipSync(encodeIdx([n], labels)));
    }
    const spec = JSON.parse(fs.readFileSync(path.join(dir(), 'tiny.json'), 'utf8'));
    spec.input.size = 784;
    spec.readout.classes = 10;
    fs.writeFileSync(path.join(dir(), 'tiny784.json'), JSON.stringify(spec));
    // no --epochs: Fashion-MNIST's own defaults (3 epochs with its §5.11 rate schedule, chosen on validation) apply, not MNIST's
    const r = snnc(['train', 'tiny784.json', '--dataset', 'fashion-mnist', '--json', '--out', 'fm'], dir(), { SNNC_FASHION_MNIST_DIR: 'fashion' });
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    // 60 training images: 5 validation (1/12), 55 train; the 20 t10k images are the test part
    expect([j.dataset, j.trainSamples, j.validationSamples, j.testSamples]).to.deep.equal(['fashion-mnist', 55, 5, 20]);
    expect(j.epochs).to.equal(3);
    expect(j.rateSchedule).to.deep.equal([0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
    // a run without a schedule continues without one, not with the dataset's default (which would
    // agree with [0] over the first epoch and then anneal)
    const env = { SNNC_FASHION_MNIST_DIR: 'fashion' };
    const one = snnc(['train', 'tiny784.json', '--dataset', 'fashion-mnist', '--epochs', '1', '--rate-schedule', '0', '--out', 'fm1'], dir(), env);
    const two = snnc(['train', 'tiny784.json', '--dataset', 'fashion-mnist', '--epochs', '2', '--rate-schedule', '0', '--out', 'fm2'], dir(), env);
    const more = snnc(['train', '--resume', path.join('fm1', 'checkpoint.snnck'), '--epochs', '2', '--out', 'fm12'], dir(), env);
    expect([one.code, two.code, more.code], more.stderr).to.deep.equal([0, 0, 0]);
    const ck = (d: string) => fs.readFileSync(path.join(dir(), d, 'checkpoint.snnck'));
    expect(Buffer.compare(ck('fm2'), ck('fm12'))).to.equal(0);
    fs.mkdirSync(path.join(dir(), 'empty'));
    const m = snnc(['train', 'tiny784.json', '--dataset', 'fashion-mnist'], dir(), { SNNC_FASHION_MNIST_DIR: 'empty' });
    expect(m.code).to.equal(1);
    expect(m.stderr).to.contain('SNNC5008');
    expect(m.stderr).to.contain('apt-get install dataset-fashion-mnist');
    const help = snnc(['train', '--help'], dir());
    // commander wraps the help to the terminal: compare it as one line
    const text = help.stdout.replace(/\s+/g, ' ');
    expect(text).to.match(/fashion-mnist, mnist, synthetic/);
    expect(text).to.contain('not the standard split');
    // the epochs' defaults as defaultEpochs gives them (it said 'rows 5, others 3' where rows on synthetic trains 2, fashion-mnist by rows 1)
    expect(text).to.contain(`fashion-mnist ${defaultEpochs('fashion-mnist')}, ${defaultEpochs('fashion-mnist', 'rows')} with --encoding latency or rows; --encoding rows on mnist ${defaultEpochs('mnist', 'rows')}, on others ${defaultEpochs('synthetic', 'rows')}`);
  });
});
