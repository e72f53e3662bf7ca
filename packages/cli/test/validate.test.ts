import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@snnc/ir';
import { noStack, snnc, scratchDir } from './run.js';

/** `snnc validate` end to end: the real binary, spawned with this node. */
const ROOT = repoRoot();

function example(name: string): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', `${name}.json`), 'utf8'));
}

describe('cli: snnc validate', function () {
  this.timeout(30000);
  const dir = scratchDir('snnc-validate-');

  /** Writes a corrupted small example into the temp dir() and validates it by its relative name. */
  function corrupt(name: string, edit: (s: Record<string, any>) => void) {
    const s = example('srsnn-small');
    edit(s);
    fs.writeFileSync(path.join(dir(), name), JSON.stringify(s, null, 2));
    const r = snnc(['validate', name], dir());
    noStack(r.stderr);
    return r;
  }

  it('the default example is valid (exit 0, one summary line)', () => {
    for (const name of ['srsnn-mnist']) {
      const r = snnc(['validate', `examples/${name}.json`]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(new RegExp(`^examples/${name}\\.json: valid srsnn spec`));
    }
  });

  const cases: [string, (s: Record<string, any>) => void, string, string][] = [
    ['wrong type', (s) => { s.timesteps = 'ten'; }, '/timesteps', 'SNNC1004'],
    ['missing field', (s) => { delete s.readout.classes; }, '/readout/classes', 'SNNC1003'],
    ['negative size', (s) => { s.layers[0].size = -3; }, '/layers/0/size', 'SNNC1005'],
    ['unknown population reference', (s) => { s.longRange.sources = ['h1', 'h9']; }, '/longRange/sources/1', 'SNNC2002'],
    ['density > 1', (s) => { s.layers[1].feedforward.density = 1.5; }, '/layers/1/feedforward/density', 'SNNC1005'],
  ];
  for (const [what, edit, pointer, code] of cases) {
    it(`${what}: exit 1, located as file#${pointer}: error ${code}`, () => {
      const r = corrupt('bad.json', edit);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.contain(`bad.json#${pointer}: error ${code}: `);
      expect(r.stdout).to.equal('');
    });
  }

  it('reports several errors at once, each on its own line', () => {
    const r = corrupt('many.json', (s) => {
      s.timesteps = 'ten';
      s.layers[0].size = -3;
      s.layers[1].feedforward.density = 1.5;
      delete s.readout.classes;
    });
    expect(r.code).to.equal(1);
    const lines = r.stderr.split('\n').filter((l) => /^many\.json#\/\S*: error SNNC\d{4}: /.test(l));
    expect(lines).to.have.length(4);
    expect(r.stderr).to.contain('many.json: invalid (4 errors)');
  });

  it('bad JSON and a missing file are exit 1 with a diagnostic, never a stack', () => {
    fs.writeFileSync(path.join(dir(), 'trunc.json'), '{ "kind": "srsnn", ');
    const t = snnc(['validate', 'trunc.json'], dir());
    expect(t.code).to.equal(1);
    expect(t.stderr).to.match(/^trunc\.json#\S*: error SNNC1002: JSON syntax error at line 1/m);
    const m = snnc(['validate', 'nope.json'], dir());
    expect(m.code).to.equal(1);
    expect(m.stderr).to.contain('nope.json#: error SNNC1001: no such file');
    for (const r of [t, m]) noStack(r.stderr);
  });

  it('--target lowers too: srlif on loihi1 is exit 1 with SNNC2101', () => {
    const ok = snnc(['validate', 'examples/srsnn-small.json', '--target', 'test-tiny']);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.contain('lowers onto test-tiny');
    const bad = snnc(['validate', 'examples/srsnn-small.json', '--target', 'loihi1']);
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(/examples\/srsnn-small\.json#\/layers\/0: error SNNC2101: /);
  });

  it('--json prints one parseable document with the diagnostics', () => {
    const s = example('srsnn-small');
    s.layers[0].size = 0;
    fs.writeFileSync(path.join(dir(), 'j.json'), JSON.stringify(s));
    const j = snnc(['validate', 'j.json', '--json'], dir());
    expect(j.code).to.equal(1);
    const doc = JSON.parse(j.stdout);
    expect(doc.valid).to.equal(false);
    expect(doc.diagnostics[0]).to.include({ code: 'SNNC1005', pointer: '/layers/0/size', file: 'j.json' });
  });

  it('several files at once: each is reported, exit 1 if any is invalid; --json gives one line per file', () => {
    const s = example('srsnn-small');
    s.seed = -1;
    fs.writeFileSync(path.join(dir(), 'neg.json'), JSON.stringify(s));
    const ex = path.join(ROOT, 'examples', 'graph-conv.json');
    const r = snnc(['validate', ex, 'neg.json', '--json'], dir());
    expect(r.code).to.equal(1);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((d) => [d.valid, d.kind])).to.deep.equal([[true, 'graph'], [false, null]]);
    expect(lines[1].diagnostics[0]).to.include({ pointer: '/seed', code: 'SNNC1005' });
  });

  it('a target file is validated as a target', () => {
    const ok = snnc(['validate', 'targets/loihi2.json']);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.contain('valid target "loihi2"');
    const t = JSON.parse(fs.readFileSync(path.join(ROOT, 'targets', 'test-tiny.json'), 'utf8'));
    t.core.maxCompartments = 0;
    fs.writeFileSync(path.join(dir(), 'bad-target.json'), JSON.stringify(t));
    const bad = snnc(['validate', 'bad-target.json'], dir());
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.contain('bad-target.json#/core/maxCompartments: error SNNC1005: ');
  });

  it('--help documents the command; a missing argument is a usage error (exit 2)', () => {
    const h = snnc(['validate', '--help']);
    expect(h.code).to.equal(0);
    expect(h.stdout).to.contain('Usage: snnc validate [options] <spec...>');
    expect(h.stdout).to.contain('--target');
    const u = snnc(['validate']);
    expect(u.code).to.equal(2);
    expect(u.stderr).to.contain("missing required argument 'spec'");
  });
});

describe('cli: util helpers (in process)', () => {
  /** Runs fn with stderr captured and process.exitCode restored afterwards (mocha reads it). */
  async function captured(fn: () => Promise<void>): Promise<{ code: number | undefined; err: string }> {
    const saved = process.exitCode;
    const write = process.stderr.write.bind(process.stderr);
    let err = '';
    process.stderr.write = ((chunk: string | Uint8Array) => {
      err += String(chunk);
      return true;
    }) as typeof process.stderr.write;
    try {
      await fn();
      return { code: process.exitCode as number | undefined, err };
    } finally {
      process.stderr.write = write;
      process.exitCode = saved;
    }
  }

  it('action(): a thrown bug is one "internal error" line and exit 70; a DiagnosticError is exit 1', async () => {
    const { action } = await import('../src/util.js');
    const { DiagnosticError, diag } = await import('@snnc/common');
    const bug = await captured(() => action(() => { throw new TypeError('boom'); })());
    expect(bug.code).to.equal(70);
    expect(bug.err).to.equal('snnc: internal error: boom\n');
    const bad = await captured(() => action(() => { throw new DiagnosticError([diag('SNNC1001', 'no such file', { file: 'x.json', pointer: '' })]); })());
    expect(bad.code).to.equal(1);
    expect(bad.err).to.equal('x.json#: error SNNC1001: no such file\n');
    const ok = await captured(() => action(async () => 0)());
    expect(ok.code).to.equal(0);
  });

  it('option parsers reject bad values with the range and the value found', async () => {
    const { intOption, numberOption, choiceOption } = await import('../src/util.js');
    expect(intOption(1, 10)('7')).to.equal(7);
    expect(() => intOption(1, 10)('0')).to.throw(/\[1, 10\], found 0/);
    expect(() => intOption()('2.5')).to.throw(/integer, found "2.5"/);
    expect(numberOption(0, 1)('0.25')).to.equal(0.25);
    expect(() => numberOption(0, 1)('abc')).to.throw(/number, found "abc"/);
    expect(choiceOption(['a', 'b'] as const)('b')).to.equal('b');
    expect(() => choiceOption(['a', 'b'] as const)('c')).to.throw(/one of a, b, found "c"/);
  });

  it('option parsers: both ends of a range are inside it, decimal integers only, an empty number or path refused, every a/h/hold kept', async () => {
    const { idOption, intOption, numberOption, pathOption, rateScheduleOption } = await import('../src/util.js');
    const { ID_MAX_LENGTH } = await import('@snnc/ir');
    expect([intOption(1, 64)('1'), intOption(1, 64)('64')]).to.deep.equal([1, 64]);
    expect(() => intOption(1, 64)('65')).to.throw(/\[1, 64\], found 65/);
    for (const v of ['1.5', '1e3', '0x10', '12abc', '']) expect(() => intOption(0, 100)(v), v).to.throw(/expected an integer, found/);
    expect([numberOption(0, 1)('0'), numberOption(0, 1)('1')]).to.deep.equal([0, 1]);
    expect(() => numberOption(0, 1)('1.0001')).to.throw(/\[0, 1\], found 1.0001/);
    for (const v of ['', '  ']) expect(() => numberOption(-1, 1)(v), JSON.stringify(v)).to.throw(/expected a number, found/);
    expect(() => pathOption('')).to.throw(/expected a path/);
    expect(idOption('a'.repeat(ID_MAX_LENGTH))).to.have.length(ID_MAX_LENGTH);
    expect(() => idOption('a'.repeat(ID_MAX_LENGTH + 1))).to.throw(`expected at most ${ID_MAX_LENGTH} characters`);
    expect(rateScheduleOption('0,1/8/hold')).to.deep.equal({ schedule: [0, 1], hidden: [0, 8], hold: [false, true] });
    expect(rateScheduleOption('2/3')).to.deep.equal({ schedule: [2], hidden: [3] });
  });

  it('refusals located where the run asked: at the option, or at the field of the file whose record asked', async () => {
    const { atParts } = await import('../src/util.js');
    const { diag } = await import('@snnc/common');
    const d = [diag('SNNC5011', 'more samples than the part has', { pointer: '/train' }), diag('SNNC5011', 'named', { file: 'x.json', pointer: '/train' })];
    const at = atParts(d, { '/train': '--train' });
    expect(at.map((x) => [x.file, x.pointer])).to.deep.equal([['--train', ''], ['x.json', '/train']]);
    const inFile = atParts(d, { '/train': '/run/trainSamples' }, 'ck.snnck');
    expect(inFile.map((x) => [x.file, x.pointer])).to.deep.equal([['ck.snnck', '/run/trainSamples'], ['x.json', '/train']]);
  });

  it('outputDirProblems: one diagnostic at DIR only when several files are refused for one reason; one file, or different reasons, stay at their files', async () => {
    const { outputDirProblems } = await import('../src/util.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-util-'));
    try {
      const notDir = path.join(dir, 'file');
      fs.writeFileSync(notDir, '');
      const both = outputDirProblems(notDir, [path.join(notDir, 'a'), path.join(notDir, 'b')]);
      expect(both.map((d) => d.file)).to.deep.equal([notDir]);
      const one = outputDirProblems(notDir, [path.join(notDir, 'a')]);
      expect(one.map((d) => d.file)).to.deep.equal([path.join(notDir, 'a')]);
      // two outputs over two inputs: one code, two messages (each names its input)
      const [i1, i2] = [path.join(dir, 'i1'), path.join(dir, 'i2')];
      fs.writeFileSync(i1, '');
      fs.writeFileSync(i2, '');
      const over = outputDirProblems(dir, [i1, i2], [i1, i2]);
      expect(over.map((d) => [d.code, d.file])).to.deep.equal([['SNNC1033', i1], ['SNNC1033', i2]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('ignoredOptions: an option set on the command line, overridden, lacking its companion or beside another value of it, warned once by its flag', async () => {
    const { Command } = await import('commander');
    const { ignoredOptions } = await import('../src/util.js');
    const warnings = (args: string[]) => {
      const cmd = new Command().option('--steps <n>').option('--dataset <name>').option('--max-rate <p>').option('--encoding <e>').exitOverride();
      cmd.parse(args, { from: 'user' });
      return ignoredOptions(cmd, [
        ['steps', 'dataset', 'the dataset sets the steps'],
        ['maxRate', 'encoding', 'only the rate encoder has a spike rate', 'unless', 'rate'],
        ['maxRate', 'dataset', 'random input has its own rate', 'without'],
      ]).map((d) => d.message.replace(/:.*/, ''));
    };
    expect(warnings(['--steps', '5'])).to.deep.equal([]);
    expect(warnings(['--steps', '5', '--dataset', 'x'])).to.deep.equal(['--steps is ignored with --dataset']);
    expect(warnings(['--max-rate', '0.5', '--dataset', 'x'])).to.deep.equal([]);
    expect(warnings(['--max-rate', '0.5', '--dataset', 'x', '--encoding', 'rate'])).to.deep.equal([]);
    expect(warnings(['--max-rate', '0.5', '--dataset', 'x', '--encoding', 'latency'])).to.deep.equal(['--max-rate is ignored with --encoding latency']);
    // the first rule that applies, once: not also "without --dataset"
    expect(warnings(['--max-rate', '0.5', '--encoding', 'latency'])).to.deep.equal(['--max-rate is ignored with --encoding latency']);
    expect(warnings(['--max-rate', '0.5'])).to.deep.equal(['--max-rate is ignored without --dataset']);
  });

  it('refuseConflictingRepeats compares parsed values (5 and 05 are one value), on every subcommand', async () => {
    const { Command } = await import('commander');
    const { intOption, refuseConflictingRepeats } = await import('../src/util.js');
    const program = () => {
      const p = new Command().exitOverride();
      p.command('run').option('--steps <n>', 'steps', intOption(1, 100)).exitOverride().configureOutput({ writeErr: () => undefined }).action(() => undefined);
      refuseConflictingRepeats(p);
      return p;
    };
    expect(() => program().parse(['run', '--steps', '5', '--steps', '05'], { from: 'user' })).to.not.throw();
    expect(() => program().parse(['run', '--steps', '5', '--steps', '7'], { from: 'user' })).to.throw(/given twice with different values \("5", then "7"\)/);
  });

  it('action(): a DiagnosticError of warnings only is exit 0; printDiagnostics errorsOnly drops warnings and notes, never errors', async () => {
    const { action, printDiagnostics } = await import('../src/util.js');
    const { DiagnosticError, diag, warning } = await import('@snnc/common');
    const warned = await captured(() => action(() => { throw new DiagnosticError([warning('SNNC1035', 'ignored')]); })());
    expect(warned.code).to.equal(0);
    expect(warned.err).to.contain('warning SNNC1035: ignored');
    const both = [warning('SNNC1035', 'w'), diag('SNNC1001', 'e', { file: 'x.json', pointer: '' })];
    const quiet = await captured(async () => printDiagnostics(both, { errorsOnly: true }));
    expect(quiet.err).to.equal('x.json#: error SNNC1001: e\n');
  });

  it('writeJson(): atomic canonical JSON; an unwritable path is a diagnostic, not a throw', async () => {
    const { writeJson } = await import('../src/util.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-util-'));
    try {
      expect(writeJson(path.join(dir, 'o.json'), { b: 1, a: new Uint8Array([2]) })).to.deep.equal([]);
      expect(fs.readFileSync(path.join(dir, 'o.json'), 'utf8')).to.equal('{\n  "a": [\n    2\n  ],\n  "b": 1\n}\n');
      fs.writeFileSync(path.join(dir, 'file'), '');
      const d = writeJson(path.join(dir, 'file', 'sub.json'), {});
      expect(d[0].code).to.equal('SNNC1030');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cli: snnc validate never crashes (property, in process)', () => {
  it('random bytes, random JSON and mutated specs: exit 0 or 1, never an internal error', async function () {
    this.timeout(60000);
    const fc = (await import('fast-check')).default;
    const { main } = await import('../src/main.js');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-prop-'));
    const file = path.join(dir, 'x.json');
    const base = JSON.stringify(example('srsnn-small'));
    const saved = process.exitCode;
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    let text = '';
    const sink = ((chunk: string | Uint8Array) => {
      text += String(chunk);
      return true;
    }) as typeof process.stdout.write;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
            fc.jsonValue({ maxDepth: 3 }).map((v) => Buffer.from(JSON.stringify(v) ?? 'null')),
            // Cut the valid spec anywhere, or splice a random character into it.
            fc.tuple(fc.nat({ max: base.length }), fc.string({ maxLength: 2 })).map(([i, s]) => Buffer.from(base.slice(0, i) + s + base.slice(i + (s ? 1 : base.length)))),
          ),
          async (bytes) => {
            fs.writeFileSync(file, bytes);
            text = '';
            process.stdout.write = sink;
            process.stderr.write = sink;
            let code: number;
            try {
              code = await main(['node', 'snnc', 'validate', file]);
            } finally {
              process.stdout.write = out;
              process.stderr.write = err;
            }
            expect([0, 1], text).to.include(code);
            expect(text).to.not.contain('internal error');
            noStack(text);
          },
        ),
        { numRuns: 150, seed: 99 },
      );
    } finally {
      process.exitCode = saved;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
