/**
 * `snnc verify` end to end: bit-exact runs print the documented JSON and exit 0, with and
 * without learning, under both mapping strategies; bad input exits 1 or 2 with diagnostics.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { snnc } from './compile.test.js';

describe('snnc verify', function () {
  this.timeout(60_000);

  it('--json: {"bitExact": true, "steps", "spikes", "weightsCompared"} for inference with random input', () => {
    const r = snnc('verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--strategy', 'sequential', '--steps', '95', '--json');
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    expect(j).to.include({ bitExact: true, steps: 100, samples: 10, weightsCompared: 0 });
    expect(j.spikes).to.be.greaterThan(0);
    expect(j).to.not.have.property('firstDivergence');
    // issue 12 item 6: both sides' overflow counts, equal when bit-exact
    expect(j.overflow.reference.length).to.be.greaterThan(0);
    expect(j.overflow.emulator).to.deep.equal(j.overflow.reference);
  });

  it('--train on a multi-chip target with the locality strategy compares every weight and eligibility value', () => {
    const r = snnc('verify', 'examples/srsnn-small.json', '--target', 'test-multichip', '--strategy', 'locality', '--train', '--samples', '6', '--json');
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    expect(j.bitExact).to.equal(true);
    expect(j.steps).to.equal(60);
    expect(j.weightsCompared).to.be.greaterThan(1000);
    expect(j.eligibilityCompared).to.be.greaterThan(1000);
    expect(j.cores).to.be.greaterThan(1);
  });

  it('--train --rate-schedule: the host rate shifts (§5.11) reach both sides; still bit-exact, and the weights differ from the run without', () => {
    const args = ['verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--train', '--samples', '6', '--json'];
    const plain = snnc(...args);
    const shifted = snnc(...args, '--rate-schedule', '0,3');
    expect(shifted.code, shifted.stderr).to.equal(0);
    const [a, b] = [JSON.parse(plain.stdout), JSON.parse(shifted.stdout)];
    expect(b.bitExact).to.equal(true);
    expect(b.weightsCompared).to.equal(a.weightsCompared);
    // the second half learns at 2^-3 of the rate: some prediction or spike count must change
    expect(JSON.stringify([b.spikes, b.accuracy])).to.not.equal(JSON.stringify([a.spikes, a.accuracy]));
    const bad = snnc(...args, '--rate-schedule', '0,x');
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('not a whole number');
  });

  it('--train --rate-schedule a/h: the hidden shift reaches both sides; still bit-exact; h = a is the plain schedule; a bad h is a usage error', () => {
    const args = ['verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--train', '--samples', '6', '--json'];
    const plain = snnc(...args, '--rate-schedule', '0,3');
    const same = snnc(...args, '--rate-schedule', '0/0,3/3');
    const frozen = snnc(...args, '--rate-schedule', '0/8,3/8');
    expect(frozen.code, frozen.stderr).to.equal(0);
    const [a, b, c] = [plain, same, frozen].map((r) => JSON.parse(r.stdout));
    expect(c.bitExact).to.equal(true);
    expect(JSON.stringify([b.spikes, b.accuracy])).to.equal(JSON.stringify([a.spikes, a.accuracy]));
    // a frozen hidden rule from the first sample on: the hidden layer's spikes must change
    expect(JSON.stringify([c.spikes, c.accuracy])).to.not.equal(JSON.stringify([a.spikes, a.accuracy]));
    const bad = snnc(...args, '--rate-schedule', '0,2/9');
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('hidden shift is out of range');
  });

  it('--train --rate-schedule a/h/hold: the hold reaches both sides; still bit-exact; a run never held is the plain schedule; a bad third field is a usage error', () => {
    const args = ['verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--train', '--samples', '6', '--json'];
    const plain = snnc(...args, '--rate-schedule', '0,3');
    const held = snnc(...args, '--rate-schedule', '0/0/hold,3/3/hold');
    expect(held.code, held.stderr).to.equal(0);
    const [a, c] = [plain, held].map((r) => JSON.parse(r.stdout));
    expect(c.bitExact).to.equal(true);
    // homeostasis held from the first sample on: the thresholds stay at vth0, so the spikes change
    expect(JSON.stringify([c.spikes, c.accuracy])).to.not.equal(JSON.stringify([a.spikes, a.accuracy]));
    const bad = snnc(...args, '--rate-schedule', '0,2/8/hold/1');
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('other than the word hold');
  });

  it('random input on a graded input (§2.4) drives the network: its spikes carry values 1..255 (they were all 1, 1/255 of a spike: 0 spikes, a vacuous bit-exact)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-verify-graded-'));
    try {
      const spec = JSON.parse(fs.readFileSync('examples/graph-conv.json', 'utf8'));
      const plainFile = path.join(dir, 'plain.json'), gradedFile = path.join(dir, 'graded.json');
      fs.writeFileSync(plainFile, JSON.stringify(spec));
      spec.populations[0].graded = true;
      fs.writeFileSync(gradedFile, JSON.stringify(spec));
      const [plain, graded] = [plainFile, gradedFile].map((f) => snnc('verify', f, '--target', 'loihi2', '--samples', '3', '--json'));
      expect(graded.code, graded.stderr).to.equal(0);
      const [a, b] = [JSON.parse(plain.stdout), JSON.parse(graded.stdout)];
      expect(b.bitExact).to.equal(true);
      // values average 128 / 255 of a plain spike: fewer spikes than the plain input's, far from none
      expect(b.spikes).to.be.greaterThan(a.spikes / 4);
      expect(b.spikes).to.be.lessThan(a.spikes);
      // a dataset through an encoder that writes plain spikes is refused at the graph input's graded (was <input>#/input/graded)
      const enc = snnc('verify', gradedFile, '--target', 'loihi2', '--dataset', 'synthetic', '--encoder', 'latency', '--samples', '2');
      expect(enc.code).to.equal(1);
      expect(enc.stderr).to.contain(`${gradedFile}#/populations/0/graded: error SNNC4306`);
      // the rate encoder writes values; a rate code, which it has no use for there, is warned about at the same field
      const coded = snnc('verify', gradedFile, '--target', 'loihi2', '--dataset', 'synthetic', '--rate-code', 'regular', '--samples', '2', '--json');
      expect(coded.stderr).to.contain(`${gradedFile}#/populations/0/graded: warning SNNC5022`);
      expect(coded.code, coded.stderr).to.equal(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--progress: a bar of the samples compared on stderr, as snnc train shows (a run of 10^6 samples said nothing for hours); stdout unchanged', () => {
    const args = ['verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--steps', '95', '--json'];
    const quiet = snnc(...args);
    const shown = snnc(...args, '--progress');
    expect(shown.code, shown.stderr).to.equal(0);
    expect(shown.stderr).to.match(/verify \[[^\]]*\] 10\/10 \| [\d.]+ samples\/s/);
    expect(shown.stdout).to.equal(quiet.stdout);
    // off a terminal without --progress: no bar (a plain line only after two minutes without output)
    expect(quiet.stderr).to.not.contain('samples/s');
  });

  it('text output names what was compared', () => {
    const r = snnc('verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--train', '--samples', '2');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^bit-exact: 2 samples, 20 steps, \d+ spikes, \d+ states, \d+ weights and \d+ eligibility values compared on \d+ cores\n$/);
  });

  it('--placement: a hand-edited placement (two neurons swapped) is still bit-exact; a broken one is located in its file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-verify-'));
    try {
      const file = path.join(dir, 'p.json');
      expect(snnc('map', 'examples/srsnn-small.json', '--target', 'test-multichip', '--strategy', 'sequential', '-o', file).code).to.equal(0);
      const p = JSON.parse(fs.readFileSync(file, 'utf8'));
      const slots = p.neuronSlot[1];
      [slots[0], slots[5]] = [slots[5], slots[0]];
      fs.writeFileSync(file, JSON.stringify(p));
      const ok = snnc('verify', 'examples/srsnn-small.json', '--target', 'test-multichip', '--placement', file, '--train', '--samples', '3', '--json');
      expect(ok.code, ok.stderr).to.equal(0);
      expect(JSON.parse(ok.stdout).bitExact).to.equal(true);
      slots[1] = slots[0];
      fs.writeFileSync(file, JSON.stringify(p));
      const bad = snnc('verify', 'examples/srsnn-small.json', '--target', 'test-multichip', '--placement', file, '--samples', '1');
      expect(bad.code).to.equal(1);
      // the placement file's own check finds the duplicated slot at the entry (since 2026-12-07;
      // before, the code generator found it, SNNC4102 at /neuronCore/1)
      expect(bad.stderr).to.match(/p\.json#\/neuronSlot\/1\/1: error SNNC3060: .*no other neuron has/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bad input: a missing spec exits 1 with a diagnostic, a bad option value exits 2', () => {
    const m = snnc('verify', 'examples/nonesuch.json', '--target', 'test-tiny');
    expect(m.code).to.equal(1);
    expect(m.stderr).to.match(/examples\/nonesuch\.json#\S*: error SNNC\d{4}/);
    expect(snnc('verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--steps', 'many').code).to.equal(2);
    expect(snnc('verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--rate', '2').code).to.equal(2);
    // an unknown encoder is a usage error at --encoder, as train's --encoding (it was '<input>#: error SNNC5020', exit 1)
    const e = snnc('verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--dataset', 'synthetic', '--samples', '2', '--encoder', 'zzz');
    expect(e.code).to.equal(2);
    expect(e.stderr).to.contain("option '--encoder <name>' argument 'zzz' is invalid").and.contain('latency, rate, rows');
  });

  it('options that a run without --dataset or --train does not use warn (SNNC1035) instead of being dropped in silence', () => {
    const r = snnc('verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--samples', '2', '--encoder', 'latency', '--max-rate', '0.5', '--rate-schedule', '0,1');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('warning SNNC1035: --encoder is ignored without --dataset');
    expect(r.stderr).to.contain('warning SNNC1035: --max-rate is ignored without --dataset');
    expect(r.stderr).to.contain('warning SNNC1035: --rate-schedule is ignored without --train');
    // one warning per option: --max-rate is not also 'ignored with --encoder latency'
    expect(r.stderr.match(/--max-rate is ignored/g)).to.have.length(1);
    const d = snnc('verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--samples', '2', '--dataset', 'synthetic', '--rate', '0.5');
    expect(d.stderr).to.contain('warning SNNC1035: --rate is ignored with --dataset');
  });

  it('--steps beside --samples or --dataset warns (SNNC1035), as emulate does: the run is counted in samples, and --steps was dropped in silence', () => {
    const r = snnc('verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--samples', '2', '--steps', '5', '--json');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('warning SNNC1035: --steps is ignored with --samples');
    expect(JSON.parse(r.stdout).samples).to.equal(2);
    const d = snnc('verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--dataset', 'synthetic', '--steps', '5', '--samples', '2');
    expect(d.stderr).to.contain('warning SNNC1035: --steps is ignored with --dataset');
    expect(d.stderr.match(/--steps is ignored/g)).to.have.length(1);
    // alone it counts the run: no warning
    expect(snnc('verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--steps', '5').stderr).to.not.contain('SNNC1035');
  });

  it('the rate encoder\'s options with another encoder warn (SNNC1035): they were dropped in silence', () => {
    // (the latency raster does not fit this spec either: the warnings come first, then SNNC4304)
    const r = snnc('verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--samples', '2', '--dataset', 'synthetic', '--encoder', 'latency', '--max-rate', '0.5', '--rate-code', 'regular');
    expect(r.stderr).to.contain('warning SNNC1035: --max-rate is ignored with --encoder latency: only the rate encoder has a spike rate');
    expect(r.stderr).to.contain('warning SNNC1035: --rate-code is ignored with --encoder latency').and.contain('use --encoder rate');
    const ok = snnc('verify', 'examples/srsnn-small.json', '--target', 'test-tiny', '--samples', '2', '--dataset', 'synthetic', '--max-rate', '0.5');
    expect(ok.stderr).to.not.contain('SNNC1035');
  });

  it('a --max-rate at which the rate code practically never spikes is warned about at --max-rate, as snnc train does (verify said nothing)', () => {
    const r = snnc('verify', 'packages/training/test/fixtures/tiny-synthetic.json', '--target', 'loihi2', '--samples', '2', '--dataset', 'synthetic', '--max-rate', '0.000001');
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('--max-rate#: warning SNNC5024').and.contain('fix: maxRate');
    const quiet = snnc('verify', 'packages/training/test/fixtures/tiny-synthetic.json', '--target', 'loihi2', '--samples', '2', '--dataset', 'synthetic');
    expect([quiet.code, quiet.stderr.includes('SNNC5024')]).to.deep.equal([0, false]);
  });
});
