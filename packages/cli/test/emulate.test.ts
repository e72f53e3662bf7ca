/**
 * `snnc emulate` end to end (a child process per call, from the repository root): a tiny image
 * compiled in-process from examples/srsnn-small.json (test-multichip: 5 cores on 2 chips), the --json fields and their consistency with
 * the library, determinism, the --out report, and refusal of corrupted, truncated, wrong-version
 * and foreign images with a message and exit 1.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { loadImage } from '@snnc/emulator';
import { compile } from '@snnc/driver';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const BIN = path.join(ROOT, 'packages/cli/bin/snnc.js');

function snnc(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('snnc emulate', function () {
  this.timeout(60_000);
  let dir: string;
  let image: string;
  let bytes: Uint8Array;
  before(function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-emulate-'));
    const built = compile(path.join(ROOT, 'examples/srsnn-small.json'), 'test-multichip', { strategy: 'locality' });
    if (!built.imageBytes) {
      console.log(`  (skipped: the small example does not compile in this checkout: ${built.diagnostics.map((d) => d.code).join(', ')})`);
      this.skip();
    }
    bytes = built.imageBytes!;
    image = path.join(dir, 'small.snnc');
    fs.writeFileSync(image, bytes);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('--json reports spikes, cycles per core, the critical core, NoC and energy, consistent with the library', () => {
    const r = snnc('emulate', image, '--steps', '25', '--seed', '7', '--json');
    expect(r.code, r.stderr).to.equal(0);
    const s = JSON.parse(r.stdout);
    const emu = loadImage(bytes).emulator!;
    const T = emu.timesteps;
    // whole samples of T steps (the emulator refuses other lengths, §5.2): ceil(25 / T) of them
    const steps = Math.ceil(25 / T) * T;
    expect(s).to.include({ mode: 'random', train: false, steps, samples: Math.ceil(25 / T) });
    expect(s.image).to.include({ target: 'test-multichip', network: 'srsnn-small', cores: emu.image.cores.length, timesteps: T });
    expect(s).to.not.have.property('accuracy'); // random input has no labels
    expect(s.cycles.perCore).to.have.length(emu.image.cores.length);
    const busiest = s.cycles.criticalCoreSteps.reduce((a: { steps: number }, b: { steps: number }) => (b.steps > a.steps ? b : a));
    expect(s.cycles.criticalCore).to.equal(busiest.core);
    expect(s.cycles.criticalCoreSteps.reduce((n: number, c: { steps: number }) => n + c.steps, 0)).to.equal(steps);
    expect(s.noc.hops).to.equal(s.noc.hopsEastWest + s.noc.hopsNorthSouth);
    expect(s.energy.perInferencePJ).to.be.closeTo(s.energy.totalPJ / s.samples, 0.01);
    expect(s.energy.perStepPJ).to.be.closeTo(s.energy.totalPJ / steps, 0.01);
    expect(s.spikes + s.inputSpikes).to.be.greaterThan(0);
    // issue 12 item 6: overflow counts per neuron population (docs/semantics.md §1.2)
    expect(s.overflow.map((o: { population: string }) => o.population)).to.deep.equal(emu.image.populations.filter((p) => !p.input).map((p) => p.name));
    for (const o of s.overflow) expect(o).to.have.all.keys('population', 'uWraps', 'vSaturations');
    // synaptic work is spikes x fan-out: no spikes, no operations
    const silent = JSON.parse(snnc('emulate', image, '--steps', '25', '--rate', '0', '--json').stdout);
    expect(silent.inputSpikes).to.equal(0);
    expect(silent.ops.synapticOps).to.be.lessThan(s.ops.synapticOps);
    // deterministic: the same command prints the same bytes
    expect(snnc('emulate', image, '--steps', '25', '--seed', '7', '--json').stdout).to.equal(r.stdout);
  });

  it('--train runs the on-chip learning; --out writes a self-contained report without absolute paths', () => {
    const out = path.join(dir, 'report');
    const r = snnc('emulate', image, '--steps', '30', '--train', '--out', out, '--json');
    expect(r.code, r.stderr).to.equal(0);
    const s = JSON.parse(r.stdout);
    expect(s.train).to.equal(true);
    expect(s.ops.synapticUpdates).to.be.greaterThan(0);
    expect(fs.readdirSync(out).sort()).to.deep.equal(['raster.svg', 'report.html', 'summary.json']);
    expect(JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'))).to.deep.equal(s);
    const html = fs.readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).to.match(/^<!DOCTYPE html>/);
    expect(html).to.include('<svg');
    expect(html).to.not.match(/<script|https?:\/\/(?!www\.w3\.org)/);
    expect(html).to.not.include(dir);
    expect(fs.readFileSync(path.join(out, 'raster.svg'), 'utf8')).to.match(/^<svg/);
  });

  it('refuses corrupted, truncated, wrong-version, foreign and missing images with a message (exit 1)', () => {
    const cases: Array<[string, Uint8Array, RegExp]> = [];
    const flipped = bytes.slice();
    flipped[bytes.length - 10] ^= 0x20;
    cases.push(['flipped.snnc', flipped, /SNNC4005.*checksum/]);
    cases.push(['truncated.snnc', bytes.slice(0, bytes.length - 100), /SNNC4002.*truncated/]);
    const version = bytes.slice();
    version[8] = 9;
    cases.push(['version.snnc', version, /SNNC4003.*version/]);
    cases.push(['text.snnc', new TextEncoder().encode('{"not": "an image"}'), /SNNC4001.*magic/]);
    for (const [name, data, message] of cases) {
      const f = path.join(dir, name);
      fs.writeFileSync(f, data);
      const r = snnc('emulate', f, '--steps', '5');
      expect(r.code, `${name}: ${r.stderr}`).to.equal(1);
      expect(r.stderr).to.match(message);
      expect(r.stderr).to.not.match(/\n\s+at /); // no stack trace
      expect(r.stdout).to.equal('');
    }
    const other = snnc('emulate', image, '--target', 'loihi2', '--steps', '5');
    expect(other.code).to.equal(1);
    expect(other.stderr).to.match(/loihi2/);
    // --target takes a name or a target file, as every command does: the image's own target as a
    // file is accepted (it was refused: the path compared with the name), an unknown name is SNNC1020
    const byFile = snnc('emulate', image, '--target', path.join(ROOT, 'targets', 'test-multichip.json'), '--steps', '5');
    expect(byFile.code, byFile.stderr).to.equal(0);
    const unknown = snnc('emulate', image, '--target', 'no-such-target', '--steps', '5');
    expect(unknown.code).to.equal(1);
    expect(unknown.stderr).to.match(/^targets\/no-such-target\.json#: error SNNC1020: unknown target "no-such-target" \(expected one of .*test-multichip/m);
    expect(unknown.stderr).to.not.contain('SNNC4006');
    const missing = snnc('emulate', path.join(dir, 'nope.snnc'));
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.match(/cannot read the chip image: it does not exist/); // it said "(ENOENT)"
  });

  it('--dataset with --test: figures of the held-out samples, in inference mode; a dataset that does not fit is refused', function () {
    const conv = compile(path.join(ROOT, 'examples/graph-conv.json'), 'test-multichip', { strategy: 'locality' });
    if (!conv.imageBytes) this.skip();
    const f = path.join(dir, 'conv.snnc');
    fs.writeFileSync(f, conv.imageBytes!);
    const T = conv.image!.timesteps;
    const out = path.join(dir, 'held-out-report');
    const r = snnc('emulate', f, '--dataset', 'synthetic', '--samples', '20', '--test', '10', '--train', '--json', '--out', out);
    expect(r.code, r.stderr).to.equal(0);
    const s = JSON.parse(r.stdout);
    // the report's accuracy in percent with its count (not the fraction 0.3)
    expect(fs.readFileSync(path.join(out, 'report.html'), 'utf8')).to.contain(`<td>accuracy</td><td>${(10 * s.correct).toFixed(2)}% (${s.correct}/10) [`);
    expect(s).to.include({ mode: 'dataset', train: true, heldOut: true, samples: 10, steps: 10 * T });
    expect(s.before).to.include({ samples: 20, train: true });
    expect(s.correct).to.equal(Math.round(s.accuracy * 10));
    expect(s.ops.synapticUpdates).to.equal(0); // held-out digits run in inference mode
    // the small example has 16 inputs: mnist's 784 pixels do not fit
    const bad = snnc('emulate', image, '--dataset', 'mnist', '--samples', '2');
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(/SNNC4304.*does not fit.*784/);
  });

  it('--dataset takes the rate encoder options of snnc train and verify (--max-rate, --rate-code, --augment-shift): located warnings and refusals, and each changes the run', function () {
    const conv = compile(path.join(ROOT, 'examples/graph-conv.json'), 'test-multichip', { strategy: 'locality' });
    if (!conv.imageBytes) this.skip();
    const f = path.join(dir, 'conv-rate.snnc');
    fs.writeFileSync(f, conv.imageBytes!);
    const spikes = (...extra: string[]) => {
      const r = snnc('emulate', f, '--dataset', 'synthetic', '--samples', '5', '--json', ...extra);
      expect(r.code, r.stderr).to.equal(0);
      return { spikes: JSON.parse(r.stdout).spikes as number, stderr: r.stderr };
    };
    const base = spikes();
    // a rate at which a white pixel spikes under once a sample: training's warning, at the flag (the option did not exist)
    const sparse = spikes('--max-rate', '0.01');
    expect(sparse.stderr).to.contain('--max-rate#: warning SNNC5024');
    expect(sparse.spikes).to.be.below(base.spikes / 10);
    expect(spikes('--rate-code', 'regular').spikes).to.not.equal(base.spikes);
    // a flat dataset cannot be shifted: refused at the flag
    const shift = snnc('emulate', f, '--dataset', 'synthetic', '--samples', '5', '--augment-shift', '1');
    expect(shift.code).to.equal(1);
    expect(shift.stderr).to.contain('--augment-shift#: error SNNC5012');
    // without --dataset they cannot apply: said, not dropped
    expect(snnc('emulate', f, '--max-rate', '0.5').stderr).to.contain('warning SNNC1035: --max-rate is ignored without --dataset');
  });

  it('--train on an image without a learning program is refused at the image\'s /management/learning, before any dataset is encoded', () => {
    const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/srsnn-small.json'), 'utf8'));
    delete spec.learning;
    const specFile = path.join(dir, 'no-learning.json');
    fs.writeFileSync(specFile, JSON.stringify(spec));
    const built = compile(specFile, 'test-multichip', { strategy: 'sequential' });
    expect(built.imageBytes, built.diagnostics.map((d) => d.code).join(', ')).to.not.equal(undefined);
    const f = path.join(dir, 'no-learning.snnc');
    fs.writeFileSync(f, built.imageBytes!);
    // it was printed as '<input>#: error SNNC4203', with no pointer; and a dataset was encoded first
    for (const extra of [['--steps', '10'], ['--dataset', 'synthetic', '--samples', '3']]) {
      const r = snnc('emulate', f, '--train', ...extra);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.contain(`${f}#/management/learning: error SNNC4203`);
    }
  });

  it('usage errors exit 2', () => {
    expect(snnc('emulate', image, '--samples', '3').code).to.equal(2);
    expect(snnc('emulate', image, '--rate', '2').code).to.equal(2);
  });

  it('threads give the same bytes for both placement strategies (library, N = 1, 2, 3, training)', () => {
    for (const strategy of ['sequential', 'locality'] as const) {
      const built = compile(path.join(ROOT, 'examples/srsnn-small.json'), 'test-multichip', { strategy });
      const runs = [1, 2, 3].map((n) => {
        const emu = loadImage(built.imageBytes!).emulator!;
        expect(emu.startThreads(Math.min(n, emu.image.cores.length))).to.deep.equal([]);
        try {
          const T = emu.timesteps, nIn = emu.inputSize;
          const out: unknown[] = [];
          for (let k = 0; k < 4; k++) {
            const raster = Uint8Array.from({ length: T * nIn }, (_, i) => ((i * 2654435761 + k * 97) >>> 0) % 9 === 0 ? 1 : 0);
            const r = emu.runSample(raster, k % emu.classes, { learning: k < 3 });
            out.push([r.predicted, [...r.counts], r.spikes, r.cycles, r.energyPJ]);
          }
          return [out, emu.stats(), [...emu.saveState()]];
        } finally {
          emu.close();
        }
      });
      expect(runs[1], strategy).to.deep.equal(runs[0]);
      expect(runs[2], strategy).to.deep.equal(runs[0]);
    }
  });

  it('--threads N gives the output of one thread (training included); N = 0, 1.5, an empty value and N above the cores are usage errors (exit 2), the last located at --threads', function () {
    this.timeout(180_000); // seven child processes
    const cores = loadImage(bytes).emulator!.image.cores.length;
    const one = snnc('emulate', image, '--steps', '30', '--seed', '3', '--train', '--json');
    expect(one.code, one.stderr).to.equal(0);
    for (const n of ['2', '3']) {
      const r = snnc('emulate', image, '--steps', '30', '--seed', '3', '--train', '--json', '--threads', n);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.equal(one.stdout);
    }
    // not a thread count at all: the option's own usage error; more threads than cores: at --threads
    for (const n of ['0', '1.5', '', 'two']) {
      const r = snnc('emulate', image, '--steps', '5', '--threads', n);
      expect(r.code, n).to.equal(2);
      expect(r.stderr).to.contain("option '--threads <n>' argument");
    }
    const r = snnc('emulate', image, '--steps', '5', '--threads', String(cores + 1));
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('--threads#: error SNNC4221');
  });

  it('an image with graded input ports (§2.4) takes a dataset through --encoder rows or rate; the latency encoder is refused at its /hostPorts (it would write values of 1 / 255)', () => {
    const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/srsnn-small.json'), 'utf8'));
    spec.input.graded = true;
    const specFile = path.join(dir, 'graded.json');
    fs.writeFileSync(specFile, JSON.stringify(spec));
    const built = compile(specFile, 'loihi2', { strategy: 'sequential' });
    expect(built.imageBytes, JSON.stringify(built.diagnostics)).to.not.equal(undefined);
    const file = path.join(dir, 'graded.snnc');
    fs.writeFileSync(file, built.imageBytes!);
    const r = snnc('emulate', file, '--dataset', 'mnist', '--samples', '2', '--encoder', 'latency');
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('graded.snnc#/hostPorts: error SNNC4306').and.contain('--encoder rate or rows');
    // the rows encoder writes each row's intensities, as training feeds a graded input: a digit's 28
    // rows of 28 pixels, one row per step, into the spec made 28 wide and 28 steps long
    spec.input = { id: spec.input.id, size: 28, graded: true };
    spec.timesteps = 28;
    fs.writeFileSync(specFile, JSON.stringify(spec));
    // a readout of 4 classes for mnist's 10: refused at --dataset (it printed <input>#)
    const built4 = compile(specFile, 'loihi2', { strategy: 'sequential' });
    fs.writeFileSync(path.join(dir, 'graded-4.snnc'), built4.imageBytes!);
    const classes = snnc('emulate', path.join(dir, 'graded-4.snnc'), '--dataset', 'mnist', '--encoder', 'rows', '--samples', '2');
    expect(classes.code).to.equal(1);
    expect(classes.stderr).to.contain('--dataset#: error SNNC4305');
    spec.readout.classes = 10;
    fs.writeFileSync(specFile, JSON.stringify(spec));
    const narrow = compile(specFile, 'loihi2', { strategy: 'sequential' });
    expect(narrow.imageBytes, JSON.stringify(narrow.diagnostics)).to.not.equal(undefined);
    const rowsFile = path.join(dir, 'graded-rows.snnc');
    fs.writeFileSync(rowsFile, narrow.imageBytes!);
    const rows = snnc('emulate', rowsFile, '--dataset', 'mnist', '--encoder', 'rows', '--samples', '4', '--json');
    expect(rows.code, rows.stderr).to.equal(0);
    const j = JSON.parse(rows.stdout);
    expect(j.samples).to.equal(4);
    expect(j.spikes).to.be.greaterThan(0);
    // the rate encoder (the default) writes each pixel's value at every step, as training feeds a
    // graded input: a whole digit, 784 inputs, every step
    spec.input = { id: spec.input.id, size: 784, graded: true };
    spec.timesteps = 8;
    fs.writeFileSync(specFile, JSON.stringify(spec));
    const rateFile = path.join(dir, 'graded-rate.snnc');
    fs.writeFileSync(rateFile, compile(specFile, 'loihi2', { strategy: 'sequential' }).imageBytes!);
    const rate = snnc('emulate', rateFile, '--dataset', 'mnist', '--samples', '2', '--json');
    expect(rate.code, rate.stderr).to.equal(0);
    expect(JSON.parse(rate.stdout).spikes).to.be.greaterThan(0);
    // random input still runs on it, and drives it: a graded port's random spike carries a value
    // 1..255 (it was 1, a spike of 1/255 that left the network silent)
    const run = snnc('emulate', file, '--steps', '100', '--rate', '0.3', '--json');
    expect(run.code, run.stderr).to.equal(0);
    expect(JSON.parse(run.stdout).spikes).to.be.greaterThan(0);
  });
});
