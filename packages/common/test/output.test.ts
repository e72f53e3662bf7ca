import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkOutputPath, openAtomicOutput, OutputRefused, writeFileAtomic } from '../src/index.js';

/** The atomic-output guard (issue 12, hostile input 1): special files, inputs, /proc, signals. */
const INDEX = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', 'index.js');

const refusal = (f: () => void): string | undefined => {
  try {
    f();
    return undefined;
  } catch (e) {
    return e instanceof OutputRefused ? e.code : `other: ${(e as Error).message}`;
  }
};

describe('common: atomic output', function () {
  this.timeout(20000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-output-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('never replaces a FIFO or a directory, and leaves no temp file', () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(refusal(() => writeFileAtomic(fifo, 'x'))).to.equal('ESPECIAL');
    expect(fs.statSync(fifo).isFIFO()).to.equal(true);
    expect(refusal(() => writeFileAtomic(dir, 'x'))).to.equal('ESPECIAL');
    expect(fs.readdirSync(dir)).to.deep.equal(['fifo']);
  });

  it('refuses up front an output under a regular file (snnc train --out a-file trained an epoch first)', () => {
    const f = path.join(dir, 'a-file');
    fs.writeFileSync(f, 'x');
    expect(refusal(() => checkOutputPath(path.join(f, 'checkpoint.snnck')))).to.equal('ENOTDIR');
    expect(refusal(() => checkOutputPath(path.join(f, 'deeper', 'report.html')))).to.equal('ENOTDIR');
    expect(refusal(() => checkOutputPath(path.join(dir, 'new', 'deeper', 'report.html')))).to.equal(undefined);
    expect(fs.readFileSync(f, 'utf8')).to.equal('x');
  });

  it('never replaces a device node (checked, not written: /dev/null)', () => {
    expect(refusal(() => checkOutputPath('/dev/null'))).to.equal('ESPECIAL');
  });

  it('refuses an output that is one of the inputs, also through a hard link or symlink', () => {
    const a = path.join(dir, 'a.json');
    fs.writeFileSync(a, 'input');
    fs.linkSync(a, path.join(dir, 'hard.json'));
    fs.symlinkSync(a, path.join(dir, 'soft.json'));
    for (const out of [a, path.join(dir, 'hard.json'), path.join(dir, 'soft.json')]) {
      expect(refusal(() => writeFileAtomic(out, 'clobbered', { inputs: [a] })), out).to.equal('ESAMEFILE');
    }
    expect(fs.readFileSync(a, 'utf8')).to.equal('input');
    writeFileAtomic(path.join(dir, 'b.json'), 'ok', { inputs: [a, undefined] });
    expect(fs.readFileSync(path.join(dir, 'b.json'), 'utf8')).to.equal('ok');
  });

  it('creates missing directories, and answers at once under /proc (recursive mkdir loops there)', () => {
    writeFileAtomic(path.join(dir, 'x', 'y', 'z.json'), 'deep');
    expect(fs.readFileSync(path.join(dir, 'x', 'y', 'z.json'), 'utf8')).to.equal('deep');
    const t0 = Date.now();
    expect(refusal(() => writeFileAtomic('/proc/snnc-none/a/b.json', 'x'))).to.equal('EMKDIR');
    expect(Date.now() - t0).to.be.below(5000);
  });

  it('removes its temp file on SIGTERM and dies of the signal', () => {
    const out = path.join(dir, 'out.bin');
    const script = `
      import { openAtomicOutput } from ${JSON.stringify(INDEX)};
      import fs from 'node:fs';
      const o = openAtomicOutput(${JSON.stringify(out)});
      fs.writeFileSync(o.tmp, 'partial');
      process.stdout.write(o.tmp + '\\n');
      setTimeout(() => process.kill(process.pid, 'SIGTERM'), 10);
      setTimeout(() => o.commit(), 5000);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10000 });
    expect(r.signal).to.equal('SIGTERM');
    const tmp = r.stdout.trim();
    expect(tmp).to.contain('.out.bin.');
    expect(fs.existsSync(tmp)).to.equal(false);
    expect(fs.existsSync(out)).to.equal(false);
  });

  it('commit renames the temp file over the destination; abandon removes it', () => {
    const out = path.join(dir, 'o.txt');
    const a = openAtomicOutput(out);
    fs.writeFileSync(a.tmp, 'one');
    a.commit();
    const b = openAtomicOutput(out);
    fs.writeFileSync(b.tmp, 'two');
    b.abandon();
    expect(fs.readFileSync(out, 'utf8')).to.equal('one');
    expect(fs.readdirSync(dir)).to.deep.equal(['o.txt']);
  });
});
