import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { decodeImage, encodeImage } from '@snnc/image';
import { repoRoot } from '@snnc/ir';
import type { Command } from 'commander';
import { buildProgram } from '../src/main.js';
import { isRepeatable } from '../src/util.js';
import { noStack, snnc, scratchDir } from './run.js';

/**
 * Hostile input through the real binary (issue 12, "Hostile input"): every input ends in success
 * or a located error (exit 1 or 2), never in exit 70, a hang or a clobbered file.
 */
const ROOT = repoRoot();
const TINY = path.join(ROOT, 'packages', 'training', 'test', 'fixtures', 'tiny-synthetic.json');

/** exit 1, a located diagnostic with `code`, no stack, no internal error. */
export function located(r: { code: number | null; stderr: string }, code: string, where?: string): void {
  expect(r.code, r.stderr).to.equal(1);
  noStack(r.stderr);
  expect(r.stderr).to.not.contain('internal error');
  expect(r.stderr).to.contain(code);
  if (where !== undefined) expect(r.stderr).to.contain(where);
}

describe('cli: hostile input', function () {
  this.timeout(180000); // each case spawns the binary several times; a loaded 2-core machine is slow
  const dir = scratchDir('snnc-hostile-', { 'tiny.json': TINY });

  it('evaluate and nir export on a non-UTF-8 binary: not a checkpoint, located at offset 0', () => {
    fs.writeFileSync(path.join(dir(), 'bin.snnck'), Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80, 0x81, 0x82, 0x83]), Buffer.alloc(64, 7)]));
    located(snnc(['evaluate', 'bin.snnck'], dir()), 'SNNC5102', 'bin.snnck@0');
    located(snnc(['nir', 'export', 'bin.snnck', '-o', 'x.nir'], dir()), 'SNNC5102', 'bin.snnck@0');
    expect(fs.existsSync(path.join(dir(), 'x.nir'))).to.equal(false);
  });

  it('a 300-character target name is a located schema error, not an internal error', () => {
    const t = JSON.parse(fs.readFileSync(path.join(ROOT, 'targets', 'test-tiny.json'), 'utf8'));
    t.name = 'a'.repeat(300);
    fs.writeFileSync(path.join(dir(), 'long.json'), JSON.stringify(t));
    located(snnc(['compile', 'tiny.json', '-t', 'long.json', '-o', 'l.snnc'], dir()), 'SNNC1009', 'long.json#/name');
    located(snnc(['validate', 'tiny.json', '-t', 'long.json'], dir()), 'SNNC1009', 'long.json#/name');
  });

  it('crafted images that pass their checksums: learningSupported=false is refused, maxEpochSteps=1 with --train warns', () => {
    expect(snnc(['compile', 'tiny.json', '-t', 'loihi2', '-o', 'tiny.snnc'], dir()).code).to.equal(0);
    const img = decodeImage(fs.readFileSync(path.join(dir(), 'tiny.snnc'))).image!;
    fs.writeFileSync(path.join(dir(), 'nolearn.snnc'), encodeImage({ ...img, limits: { ...img.limits, learningSupported: false } }));
    located(snnc(['emulate', 'nolearn.snnc', '--train', '--steps', '8'], dir()), 'SNNC4010', 'nolearn.snnc#/limits/learningSupported');
    fs.writeFileSync(path.join(dir(), 'epoch1.snnc'), encodeImage({ ...img, limits: { ...img.limits, maxEpochSteps: 1 } }));
    const r = snnc(['emulate', 'epoch1.snnc', '--train', '--steps', '8'], dir());
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('epoch1.snnc#/limits/maxEpochSteps: warning SNNC4107');
  });

  it('output equal to an input, a FIFO or a device is refused before any work, and the input is untouched', () => {
    const before = fs.readFileSync(path.join(dir(), 'tiny.json'));
    for (const args of [
      ['compile', 'tiny.json', '-t', 'loihi2', '-o', 'tiny.json'],
      ['map', 'tiny.json', '-t', 'loihi2', '-o', 'tiny.json'],
      ['nir', 'export', 'tiny.json', '-o', 'tiny.json'],
      ['nir', 'import', 'tiny.json', '-o', 'tiny.json'],
    ]) located(snnc(args, dir()), 'SNNC1033', 'tiny.json#');
    expect(fs.readFileSync(path.join(dir(), 'tiny.json')).equals(before)).to.equal(true);
    fs.symlinkSync('tiny.json', path.join(dir(), 'alias.json'));
    located(snnc(['compile', 'tiny.json', '-t', 'loihi2', '-o', 'alias.json'], dir()), 'SNNC1033', 'alias.json#');
    fs.mkdirSync(path.join(dir(), 'fifo-dir()'));
    spawnSync('mkfifo', [path.join(dir(), 'fifo-dir()', 'out.snnc')]);
    const r = snnc(['compile', 'tiny.json', '-t', 'loihi2', '-o', path.join('fifo-dir()', 'out.snnc')], dir(), { timeout: 20000 });
    located(r, 'SNNC1032');
    expect(fs.statSync(path.join(dir(), 'fifo-dir()', 'out.snnc')).isFIFO()).to.equal(true);
    expect(fs.readdirSync(path.join(dir(), 'fifo-dir()'))).to.deep.equal(['out.snnc']);
    located(snnc(['compile', 'tiny.json', '-t', 'loihi2', '-o', '/dev/null'], dir()), 'SNNC1032', '/dev/null#');
    expect(fs.statSync('/dev/null').isCharacterDevice()).to.equal(true);
  });

  it('an output link to stdout is refused (it replaced the link, as root /dev/stdout itself), a link to a file is written through, an empty path is a usage error', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'log.txt'), 'kept\n');
    fs.symlinkSync('/proc/self/fd/1', path.join(d, 'stdout-link')); // stands in for /dev/stdout
    const fd = fs.openSync(path.join(d, 'log.txt'), 'a');
    let r;
    try {
      r = spawnSync(process.execPath, [path.join(ROOT, 'packages', 'cli', 'bin', 'snnc.js'), 'map', 'tiny.json', '-t', 'loihi2', '-o', 'stdout-link'], { cwd: d, encoding: 'utf8', stdio: ['ignore', fd, 'pipe'] });
    } finally {
      fs.closeSync(fd);
    }
    located({ code: r.status, stderr: r.stderr }, 'SNNC1032', 'stdout-link#');
    expect(fs.lstatSync(path.join(d, 'stdout-link')).isSymbolicLink()).to.equal(true);
    expect(fs.readFileSync(path.join(d, 'log.txt'), 'utf8')).to.equal('kept\n');
    fs.symlinkSync('placed.json', path.join(d, 'placed-link.json'));
    expect(snnc(['map', 'tiny.json', '-t', 'loihi2', '-o', 'placed-link.json'], d).code).to.equal(0);
    expect(fs.lstatSync(path.join(d, 'placed-link.json')).isSymbolicLink()).to.equal(true);
    expect(JSON.parse(fs.readFileSync(path.join(d, 'placed.json'), 'utf8')).placementVersion).to.be.a('string');
    for (const args of [['map', 'tiny.json', '-t', 'loihi2', '-o', ''], ['report', 'placed.json', '--out', ''], ['emulate', 'x.snnc', '--out', ''], ['train', 'tiny.json', '--dataset', 'synthetic', '--out', '']]) {
      const u = snnc(args, d);
      expect(u.code, u.stderr).to.equal(2);
      expect(u.stderr).to.match(/option '(-o, --output|(-o, )?--out) <\w+>' argument '' is invalid\. expected a path/);
    }
  });

  it('bench emulator --image-out over its target file is refused before the network is built (it replaced the target with the image), an empty path is a usage error', () => {
    const d = dir();
    fs.copyFileSync(path.join(ROOT, 'targets', 'loihi2.json'), path.join(d, 'target.json'));
    const before = fs.readFileSync(path.join(d, 'target.json'));
    located(snnc(['bench', 'emulator', '--neurons', '100', '--steps', '2', '-t', 'target.json', '--image-out', 'target.json'], d), 'SNNC1033', 'target.json#');
    expect(fs.readFileSync(path.join(d, 'target.json')).equals(before)).to.equal(true);
    const u = snnc(['bench', 'emulator', '--neurons', '100', '--steps', '2', '--image-out', ''], d);
    expect(u.code, u.stderr).to.equal(2);
    expect(u.stderr).to.contain("option '--image-out <file>' argument '' is invalid. expected a path");
    expect(snnc(['bench', 'emulator', '--neurons', '100', '--steps', '2', '-t', 'target.json', '--image-out', 'bench.snnc'], d).code).to.equal(0);
  });

  it('a single-valued option given twice with different values is a usage error naming both (the last won in silence: -t loihi1 -t loihi2 compiled for loihi2)', () => {
    for (const [args, flags, a, b] of [
      [['compile', 'tiny.json', '-t', 'loihi1', '-t', 'loihi2', '-o', 'twice.snnc'], '-t, --target <target>', 'loihi1', 'loihi2'],
      [['compile', 'tiny.json', '-t', 'loihi2', '-o', 'a.snnc', '--output=b.snnc'], '-o, --output <file>', 'a.snnc', 'b.snnc'],
      [['bench', 'emulator', '--neurons', '100', '--steps', '5', '--steps', '7'], '--steps <s>', '5', '7'],
    ] as const) {
      const r = snnc([...args], dir());
      expect(r.code, r.stderr).to.equal(2);
      expect(r.stderr).to.contain(`option '${flags}' given twice with different values ("${a}", then "${b}")`);
    }
    expect(fs.existsSync(path.join(dir(), 'twice.snnc'))).to.equal(false);
    // the same value twice, flags twice and repeatable options pass
    expect(snnc(['bench', 'emulator', '--neurons', '100', '--steps', '5', '--steps', '05', '--json', '--json'], dir()).code).to.equal(0);
    expect(snnc(['inspect', 'tiny.json', '-t', 'loihi1', '-t', 'loihi2'], dir()).code).to.equal(0);
    expect(snnc(['map', 'tiny.json', '-t', 'loihi2', '--pin', 'h=cores:0', '--pin', 'out=cores:0'], dir()).code).to.equal(0);
  });

  it('an option is left to repeat exactly when it is registered repeatable, and its help says so (the check read the help text)', () => {
    const seen: string[] = [];
    const walk = (cmd: Command, at: string) => {
      for (const opt of cmd.options) {
        if (opt.variadic || opt.isBoolean()) continue;
        expect(/\brepeatable\b/.test(opt.description), `${at} ${opt.flags}: help and registration disagree`).to.equal(isRepeatable(opt));
        if (isRepeatable(opt)) seen.push(`${at} ${opt.long}`);
      }
      for (const sub of cmd.commands) walk(sub, `${at} ${sub.name()}`.trim());
    };
    walk(buildProgram(), '');
    expect(seen).to.deep.equal(['inspect --target', 'map --pin']);
  });

  it('train --alignment-every takes a multiple of 50, as its help says (75 was measured every 100 without a word)', () => {
    const r = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--alignment-every', '75', '--out', 'align'], dir());
    expect(r.code, r.stderr).to.equal(2);
    expect(r.stderr).to.contain("option '--alignment-every <n>' argument '75' is invalid. expected a multiple of 50, found 75 (e.g. 50 or 100)");
    expect(fs.existsSync(path.join(dir(), 'align'))).to.equal(false);
  });

  it('nir export of a checkpoint warns that --target is ignored (it was dropped without a word: the checkpoint is lowered for its own target)', () => {
    expect(snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--train', '40', '--validation', '20', '--test', '20', '--out', 'nir-ck'], dir()).code).to.equal(0);
    const r = snnc(['nir', 'export', path.join('nir-ck', 'checkpoint.snnck'), '-o', 'ck.nir', '--target', 'loihi1'], dir());
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('--target#: warning SNNC1035: --target is ignored for a checkpoint');
    expect(snnc(['nir', 'export', path.join('nir-ck', 'checkpoint.snnck'), '-o', 'ck2.nir'], dir()).stderr).to.not.contain('SNNC1035');
  });

  it('an output under /proc is a located error at once, not a hang', () => {
    const r = snnc(['compile', 'tiny.json', '-t', 'loihi2', '-o', '/proc/snnc-none/x/y.snnc'], dir(), { timeout: 20000 });
    expect(r.signal).to.equal(null);
    located(r, 'SNNC1032', '/proc/snnc-none/x/y.snnc#'); // refused before the work: a kernel file system
  });

  it('map --seed and bench map --seed are range-checked like every other seed (no wrap at 2^32)', () => {
    const r = snnc(['map', 'tiny.json', '-t', 'loihi2', '--seed', '4294967296'], dir());
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('[0, 4294967295]');
    // bench map: 2^32 was accepted and generated seed 0's network
    const b = snnc(['bench', 'map', '--neurons', '100', '--seed', '4294967296'], dir());
    expect(b.code).to.equal(2);
    expect(b.stderr).to.contain('[0, 4294967295]');
  });

  it('an integer option past 2^53 is out of its range, said with the range (it said "expected an integer")', () => {
    const r = snnc(['map', 'tiny.json', '-t', 'loihi2', '--seed', '99999999999999999999'], dir());
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('expected an integer in [0, 4294967295], found 99999999999999999999');
    const n = snnc(['map', 'tiny.json', '-t', 'loihi2', '--seed', '1.5'], dir());
    expect([n.code, n.stderr.includes('expected an integer, found "1.5"')]).to.deep.equal([2, true]);
  });

  it('bench map takes whole decimal numbers only, as every other command: 0x100, 1.5 and 1e3 are usage errors at the option', () => {
    // Number() read '0x100' as 256 and '--fanin 1.5' passed the range check into the generator
    for (const [opt, bad] of [['--neurons', '0x100'], ['--neurons', '1e3'], ['--fanin', '1.5'], ['--fanin', '0x10'], ['--seed', '0b1']]) {
      const r = snnc(['bench', 'map', ...(opt === '--neurons' ? [] : ['--neurons', '100']), opt, bad], dir());
      expect(r.code, `${opt} ${bad}`).to.equal(2);
      expect(r.stderr, `${opt} ${bad}`).to.contain(`option '${opt}`).and.contain(`"${bad}"`);
    }
    const c = snnc(['bench', 'map', '--neurons', '100', '--chips', '1,0x2'], dir());
    expect(c.code).to.equal(2);
    expect(c.stderr).to.contain('chip counts').and.contain('"0x2"');
  });

  it('bench emulator: the small world takes bench map\'s ranges (--neurons 1 built 4 neurons, --fanin 5000 ran as its cap), and the heap refusal is located at --neurons (was <input>#)', () => {
    for (const [opt, bad] of [['--neurons', '1'], ['--fanin', '5000'], ['--fanin', '0']]) {
      const r = snnc(['bench', 'emulator', '--network', 'smallworld', '--steps', '2', ...(opt === '--neurons' ? [] : ['--neurons', '100']), opt, bad], dir());
      expect(r.code, `${opt} ${bad}`).to.equal(2);
      expect(r.stderr, `${opt} ${bad}`).to.contain(`${opt}#: error SNNC1034: ${opt} ${bad} is outside`);
    }
    expect(snnc(['bench', 'emulator', '--network', 'smallworld', '--neurons', '100', '--fanin', '10', '--steps', '2'], dir()).code).to.equal(0);
    for (const extra of [[], ['--verify']]) {
      const big = snnc(['bench', 'emulator', '--neurons', '10000000', '--fanin', '100000', '--steps', '1', ...extra], dir());
      expect(big.code).to.equal(1);
      expect(big.stderr).to.match(/^--neurons#: error SNNC4330: /);
    }
  });

  it('bench emulator --network random with --fanin above --neurons warns that each neuron gets all of them (it capped in silence)', () => {
    const r = snnc(['bench', 'emulator', '--neurons', '10', '--fanin', '100', '--steps', '2', '--json'], dir());
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('--fanin#: warning SNNC1035: --fanin 100 exceeds --neurons 10');
    expect(JSON.parse(r.stdout).synapses).to.equal(10 * 10 + 10); // 10 x 10 recurrent + the drive's one per neuron
    expect(snnc(['bench', 'emulator', '--neurons', '10', '--fanin', '10', '--steps', '2'], dir()).stderr).to.not.contain('SNNC1035');
  });

  it('100,000 nested brackets, a repeated key and /dev/zero: located errors in well under the time a bomb would take', () => {
    fs.writeFileSync(path.join(dir(), 'deep.json'), '['.repeat(100_000) + ']'.repeat(100_000));
    located(snnc(['validate', 'deep.json'], dir()), 'SNNC1016', 'deep.json#/0/0');
    fs.writeFileSync(path.join(dir(), 'dup.json'), '{"irVersion": "1.0", "kind": "srsnn", "name": "a", "name": "b"}');
    located(snnc(['validate', 'dup.json'], dir()), 'SNNC1013', 'dup.json#/name');
    const r = snnc(['validate', '/dev/zero'], dir(), { timeout: 20000 });
    expect(r.signal).to.equal(null);
    located(r, 'SNNC1001', '/dev/zero#');
  });

  it('map --avoid on a directory or a device: a located error, not an internal error or a read without end', () => {
    fs.mkdirSync(path.join(dir(), 'avoid-dir'));
    located(snnc(['map', 'tiny.json', '-t', 'loihi2', '--avoid', 'avoid-dir'], dir()), 'SNNC3070', 'avoid-dir#: error SNNC3070: cannot read the constraints file: it is a directory');
    const r = snnc(['map', 'tiny.json', '-t', 'loihi2', '--avoid', '/dev/zero'], dir(), { timeout: 20000 });
    expect(r.signal).to.equal(null);
    located(r, 'SNNC3070', '/dev/zero#');
  });

  it('inspect on a short (SNNC4002) or bad-magic (SNNC4001) image says so, not "JSON syntax error"', () => {
    // 5 bytes of the magic: an image cut short, not another kind of file
    fs.writeFileSync(path.join(dir(), 'short.snnc'), 'SNNCI');
    located(snnc(['inspect', 'short.snnc'], dir()), 'SNNC4002', 'short.snnc#/header: error SNNC4002: truncated chip image: 5 of the magic\'s 8 bytes');
    fs.writeFileSync(path.join(dir(), 'magic.snnc'), Buffer.concat([Buffer.from('SNNCIMX\0'), Buffer.alloc(40, 1)]));
    const r = snnc(['inspect', 'magic.snnc'], dir());
    located(r, 'SNNC4001', 'magic.snnc#/header');
    expect(r.stderr).to.not.contain('JSON syntax');
  });

  it('ANSI escapes and NUL bytes from file contents are escaped, never echoed raw', () => {
    fs.writeFileSync(path.join(dir(), 'ansi.json'), '{"irVersion": "1.0", "kind": "srsnn", "\u001b[31mred\u0000": 1}');
    const r = snnc(['validate', 'ansi.json'], dir());
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('\\u001b[31mred\\u0000');
    // eslint-disable-next-line no-control-regex -- the point: no raw control character
    expect(r.stderr).to.not.match(/[\u0000\u001b]/);
  });

  it('--test without --dataset has its own usage code (not the JSON syntax code), and ignored options warn', () => {
    const t = snnc(['emulate', 'tiny.snnc', '--test', '5'], dir());
    expect(t.code).to.equal(2);
    expect(t.stderr).to.contain('SNNC1034').and.not.contain('SNNC1002');
    const e = snnc(['emulate', 'tiny.snnc', '--dataset', 'synthetic', '--samples', '2', '--steps', '9'], dir());
    expect(e.code, e.stderr).to.equal(0);
    expect(e.stderr).to.contain('warning SNNC1035: --steps is ignored with --dataset');
    expect(snnc(['map', 'tiny.json', '-t', 'loihi2', '-o', 'p.json'], dir()).code).to.equal(0);
    const c = snnc(['compile', 'tiny.json', '-t', 'loihi2', '--placement', 'p.json', '--strategy', 'sequential', '-o', 'placed.snnc'], dir());
    expect(c.code, c.stderr).to.equal(0);
    expect(c.stderr).to.contain('warning SNNC1035: --strategy is ignored with --placement');
    const quiet = snnc(['compile', 'tiny.json', '-t', 'loihi2', '--placement', 'p.json', '-o', 'placed.snnc'], dir());
    expect(quiet.stderr).to.not.contain('SNNC1035');
  });

  it('verify --steps 10^9 is refused up front, located at --steps (its rasters, once drawn first, held 125 million samples: minutes, then the heap ran out)', () => {
    // drawn as they run now, the rasters are not what outgrows: the spike count kept of every step
    // is, one JavaScript array, and V8 cannot grow one past 112,813,858 entries (a fatal error)
    for (const steps of ['1000000000', '120000000']) {
      const r = snnc(['verify', 'tiny.json', '-t', 'loihi2', '--steps', steps], dir(), { timeout: 120000 });
      expect(r.signal).to.equal(null);
      located(r, 'SNNC4309', '--steps#: error SNNC4309');
      expect(r.stderr).to.contain(`${Number(steps) / 8} samples of 8 steps`).and.contain('at most 14101732 samples');
    }
    // --samples too, located there
    located(snnc(['verify', 'tiny.json', '-t', 'loihi2', '--samples', '10000000', '--test', '10000000'], dir()), 'SNNC4309', '--samples#: error SNNC4309');
  });

  it('a sample of 2^19 steps x 262,144 inputs (137 GB, one array) is refused by emulate and verify at the timesteps (emulate: exit 70, "Invalid typed array length")', () => {
    const spec = JSON.parse(fs.readFileSync(TINY, 'utf8'));
    spec.timesteps = 2 ** 19;
    spec.input.size = 2 ** 18;
    spec.layers[0].feedforward.density = 0.0002;
    fs.writeFileSync(path.join(dir(), 'long-sample.json'), JSON.stringify(spec));
    expect(snnc(['compile', 'long-sample.json', '-t', 'loihi2', '-o', 'long-sample.snnc'], dir()).code).to.equal(0);
    located(snnc(['emulate', 'long-sample.snnc', '--steps', '1'], dir(), { timeout: 60000 }), 'SNNC4330', 'long-sample.snnc#/timesteps: error SNNC4330: presenting samples of 524288 steps x 262144 inputs');
    located(snnc(['verify', 'long-sample.json', '-t', 'loihi2', '--steps', '1'], dir(), { timeout: 60000 }), 'SNNC4330', 'long-sample.json#/timesteps: error SNNC4330: presenting samples of 524288 steps x 262144 inputs');
  });

  it('verify of 65,536 classes x 2^19 steps: the reference trajectory of a sample (5 x T x N) is refused at the spec\'s /timesteps (it was SNNC4301 "Invalid typed array length" at <input>; the reference made per-class records without SAL)', () => {
    const spec = JSON.parse(fs.readFileSync(TINY, 'utf8'));
    spec.timesteps = 2 ** 19;
    spec.readout = { ...spec.readout, classes: 65536, neuronsPerClass: 1 };
    spec.longRange.density = 0.001;
    fs.writeFileSync(path.join(dir(), 'many-classes.json'), JSON.stringify(spec));
    const r = snnc(['verify', 'many-classes.json', '-t', 'loihi2', '--steps', '1'], dir(), { timeout: 60000 });
    located(r, 'SNNC4330', 'many-classes.json#/timesteps: error SNNC4330: verification would need');
    expect(r.stderr).to.contain('the reference trajectory of a sample (5 fields x 524288 steps x 65648 neurons)');
  });

  it('--dataset \'\' is an unknown dataset name in emulate and verify, located at --dataset (it ran random input and exited 0)', () => {
    expect(snnc(['compile', 'tiny.json', '-t', 'loihi2', '-o', 'empty-ds.snnc'], dir()).code).to.equal(0);
    located(snnc(['emulate', 'empty-ds.snnc', '--dataset', '', '--samples', '2'], dir()), 'SNNC5001', '--dataset#: error SNNC5001: unknown dataset ""');
    located(snnc(['verify', 'tiny.json', '-t', 'loihi2', '--dataset', '', '--samples', '2'], dir()), 'SNNC5001', '--dataset#: error SNNC5001: unknown dataset ""');
  });

  it('a dataset whose samples do not fit the network is located at --dataset (emulate, verify; it was "<input>#")', () => {
    expect(snnc(['compile', 'tiny.json', '-t', 'loihi2', '-o', 'fit.snnc'], dir()).code).to.equal(0);
    located(snnc(['emulate', 'fit.snnc', '--dataset', 'mnist', '--samples', '2'], dir()), 'SNNC4304', '--dataset#: error SNNC4304');
    located(snnc(['verify', 'tiny.json', '-t', 'loihi2', '--dataset', 'mnist', '--samples', '2'], dir()), 'SNNC4304', '--dataset#: error SNNC4304');
  });

  it('part sizes above the dataset and a training shift on flat samples are located at the option that asked (emulate, verify)', () => {
    expect(snnc(['compile', 'tiny.json', '-t', 'loihi2', '-o', 'parts.snnc'], dir()).code).to.equal(0);
    located(snnc(['emulate', 'parts.snnc', '--dataset', 'synthetic', '--samples', '100000'], dir()), 'SNNC5011', '--samples#: error SNNC5011');
    located(snnc(['emulate', 'parts.snnc', '--dataset', 'synthetic', '--samples', '2', '--test', '100000'], dir()), 'SNNC5011', '--test#: error SNNC5011');
    located(snnc(['verify', 'tiny.json', '-t', 'loihi2', '--dataset', 'synthetic', '--samples', '100000'], dir()), 'SNNC5011', '--samples#: error SNNC5011');
    located(snnc(['verify', 'tiny.json', '-t', 'loihi2', '--dataset', 'synthetic', '--samples', '2', '--test', '100000'], dir()), 'SNNC5011', '--test#: error SNNC5011');
    located(snnc(['verify', 'tiny.json', '-t', 'loihi2', '--dataset', 'synthetic', '--samples', '2', '--augment-shift', '3'], dir()), 'SNNC5012', '--augment-shift#: error SNNC5012');
  });
});
