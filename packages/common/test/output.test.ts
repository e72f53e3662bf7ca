import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { checkOutputPath, openAtomicOutput, OutputSetFailure, writeFileAtomic, writeFilesAtomic } from '../src/index.js';
import { INDEX, refusal } from './helpers.js';

/** The atomic-output guard (issue 12, hostile input 1): special files, inputs, /proc, signals. */


describe('common: atomic output', function () {
  this.timeout(20000);
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-output-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('removes the temporary files a killed writer of the same output left, and nothing else (they stayed for good)', () => {
    // a writer killed with SIGKILL mid-write: its temporary sibling is all that is left
    const script = `import { openAtomicOutput } from ${JSON.stringify(INDEX)}; import fs from 'node:fs';
      const o = openAtomicOutput(${JSON.stringify(path.join(dir, 'net.snnc'))}); fs.writeFileSync(o.tmp, 'partial'); process.kill(process.pid, 'SIGKILL');`;
    spawnSync(process.execPath, ['--input-type=module', '-e', script]);
    const left = fs.readdirSync(dir);
    expect(left).to.have.length(1);
    expect(left[0]).to.match(/^\.net\.snnc\.\d+\.tmp$/);
    // a live process's temporary file, another output's, and a look-alike the module never makes stay
    const keep = [`.net.snnc.${process.ppid}.tmp`, '.other.snnc.999999999.tmp', '.net.snnc.x.tmp'];
    for (const k of keep) fs.writeFileSync(path.join(dir, k), 'x');
    writeFileAtomic(path.join(dir, 'net.snnc'), 'whole');
    expect(fs.readdirSync(dir).sort()).to.deep.equal([...keep, 'net.snnc'].sort());
    expect(fs.readFileSync(path.join(dir, 'net.snnc'), 'utf8')).to.equal('whole');
  });

  it('as root, a replaced output keeps its owner (the rename made it root\'s)', function () {
    if (process.getuid?.() !== 0) this.skip();
    const f = path.join(dir, 'owned.snnc');
    fs.writeFileSync(f, 'old');
    fs.chownSync(f, 65534, 65534);
    writeFileAtomic(f, 'new');
    const st = fs.statSync(f);
    expect([st.uid, st.gid, fs.readFileSync(f, 'utf8')]).to.deep.equal([65534, 65534, 'new']);
  });

  it('a set of outputs changes together or not at all: one that cannot be written leaves the others old, and no temp file', () => {
    const f = (n: string) => path.join(dir, n);
    fs.writeFileSync(f('a.json'), 'old a');
    fs.writeFileSync(f('b.csv'), 'old b');
    fs.mkdirSync(f('c.html')); // the third cannot be replaced by a file
    let failed: unknown;
    try {
      writeFilesAtomic([{ file: f('a.json'), data: 'new a' }, { file: f('b.csv'), data: 'new b' }, { file: f('c.html'), data: 'new c' }]);
    } catch (e) {
      failed = e;
    }
    expect(failed).to.be.instanceOf(OutputSetFailure);
    expect((failed as OutputSetFailure).file).to.equal(f('c.html'));
    expect(fs.readFileSync(f('a.json'), 'utf8')).to.equal('old a'); // written one by one, it was already 'new a'
    expect(fs.readFileSync(f('b.csv'), 'utf8')).to.equal('old b');
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['a.json', 'b.csv', 'c.html']);
    fs.rmdirSync(f('c.html'));
    writeFilesAtomic([{ file: f('a.json'), data: 'new a' }, { file: f('c.html'), data: new Uint8Array([99]) }]);
    expect([fs.readFileSync(f('a.json'), 'utf8'), fs.readFileSync(f('c.html'), 'utf8')]).to.deep.equal(['new a', 'c']);
  });

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

  it('writes through a symbolic link to its target, and never replaces the link itself', () => {
    const target = path.join(dir, 'real', 'out.json');
    fs.mkdirSync(path.dirname(target));
    fs.writeFileSync(target, 'old');
    const link = path.join(dir, 'link.json');
    fs.symlinkSync(path.join('real', 'out.json'), link);
    writeFileAtomic(link, 'new');
    expect(fs.lstatSync(link).isSymbolicLink(), 'the link is still a link').to.equal(true);
    expect(fs.readFileSync(target, 'utf8')).to.equal('new');
    // a dangling link: its target is created
    const dangling = path.join(dir, 'dangling.json');
    fs.symlinkSync(path.join(dir, 'real', 'new.json'), dangling);
    writeFileAtomic(dangling, 'made');
    expect(fs.lstatSync(dangling).isSymbolicLink()).to.equal(true);
    expect(fs.readFileSync(path.join(dir, 'real', 'new.json'), 'utf8')).to.equal('made');
    // a link to a FIFO is refused like the FIFO
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    fs.symlinkSync(fifo, path.join(dir, 'to-fifo'));
    expect(refusal(() => writeFileAtomic(path.join(dir, 'to-fifo'), 'x'))).to.equal('ESPECIAL');
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['dangling.json', 'fifo', 'link.json', 'real', 'to-fifo']);
  });

  it('refuses a link to a process\'s open file (-o /dev/stdout), whatever stdout is, and an empty path', () => {
    // stdout redirected to a regular file: /dev/stdout -> /proc/self/fd/1 -> that file, which a
    // rename would replace; before, the rename replaced the link itself (as root, /dev/stdout: not
    // named here, so that a regression cannot damage the machine; `link` stands in for it)
    const log = path.join(dir, 'log.txt');
    fs.writeFileSync(log, 'kept\n');
    const link = path.join(dir, 'stdout');
    fs.symlinkSync('/proc/self/fd/1', link);
    const script = `
      import { writeFileAtomic, OutputRefused } from ${JSON.stringify(INDEX)};
      for (const f of [${JSON.stringify(link)}, '/dev/fd/1', '/proc/self/fd/1']) {
        try { writeFileAtomic(f, 'clobbered'); console.error(f, 'written'); }
        catch (e) { console.error(f, e instanceof OutputRefused ? e.code : e.message); }
      }
    `;
    const fd = fs.openSync(log, 'a');
    try {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10000, stdio: ['ignore', fd, 'pipe'] });
      expect(r.stderr.trim().split('\n').map((l) => l.split(' ').pop())).to.deep.equal(['ESPECIAL', 'ESPECIAL', 'ESPECIAL']);
    } finally {
      fs.closeSync(fd);
    }
    expect(fs.readFileSync(log, 'utf8')).to.equal('kept\n');
    expect(fs.lstatSync(link).isSymbolicLink()).to.equal(true);
    expect(refusal(() => checkOutputPath(''))).to.equal('EEMPTY');
    expect(refusal(() => checkOutputPath('/proc/self/x.json'))).to.equal('ESPECIAL');
  });

  it('creates missing directories, and answers at once under /proc (recursive mkdir loops there)', () => {
    writeFileAtomic(path.join(dir, 'x', 'y', 'z.json'), 'deep');
    expect(fs.readFileSync(path.join(dir, 'x', 'y', 'z.json'), 'utf8')).to.equal('deep');
    const t0 = Date.now();
    // refused before any mkdir: /proc is a kernel file system (before that check, EMKDIR from the first mkdir)
    expect(refusal(() => writeFileAtomic('/proc/snnc-none/a/b.json', 'x'))).to.equal(process.platform === 'linux' ? 'ESPECIAL' : 'EMKDIR');
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

  it('a signal that arrives during a write is not lost when the write ends (it was: the listeners were removed before Node delivered it)', () => {
    const out = path.join(dir, 'out.bin');
    // the signal is raised while synchronous code holds the output, so Node queues it; the commit
    // ends the write before the event loop delivers it
    const script = `
      import { openAtomicOutput } from ${JSON.stringify(INDEX)};
      import fs from 'node:fs';
      const o = openAtomicOutput(${JSON.stringify(out)});
      fs.writeFileSync(o.tmp, 'whole');
      process.kill(process.pid, 'SIGINT');
      const t = Date.now();
      while (Date.now() - t < 100);
      o.commit();
      setTimeout(() => process.stdout.write('still running'), 1000);
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 10000 });
    expect(r.stdout).to.equal('');
    expect(r.signal).to.equal('SIGINT');
    // the write had ended: its output stays whole
    expect(fs.readFileSync(out, 'utf8')).to.equal('whole');
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
