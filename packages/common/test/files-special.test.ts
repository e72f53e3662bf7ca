import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkOutputPath, describeReadError, openAtomicOutput, readInputBytes, writeFileAtomic } from '../src/index.js';
import { INDEX, refusal } from './helpers.js';


/** Output paths as the kernel reads them, against hostile spellings and file-system objects. */

describe('common: output paths and special files', function () {
  this.timeout(5000);
  let dir: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-files-special-')));
  });
  afterEach(() => {
    if (fs.existsSync(path.join(dir, 'read-only'))) fs.chmodSync(path.join(dir, 'read-only'), 0o755); // removable by its owner
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('`link/..` is the parent of the link\'s target, as the kernel reads it (it was the directory holding the link: another file written, an input not seen)', () => {
    // dir/cwd/x -> ../real/deep: the kernel reads dir/cwd/x/../f as dir/real/f
    fs.mkdirSync(path.join(dir, 'real', 'deep'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'cwd'));
    fs.symlinkSync(path.join('..', 'real', 'deep'), path.join(dir, 'cwd', 'x'));
    const spelled = (name: string) => `${dir}/cwd/x/../${name}`; // not path.join: it would drop `x/..`
    expect(checkOutputPath(spelled('out.txt'))).to.equal(path.join(dir, 'real', 'out.txt'));
    writeFileAtomic(spelled('out.txt'), 'new');
    expect(fs.readFileSync(path.join(dir, 'real', 'out.txt'), 'utf8')).to.equal('new');
    expect(fs.existsSync(path.join(dir, 'cwd', 'out.txt'))).to.equal(false);
    // the input the path names is refused; a file where the lexical reading leads is not that input
    fs.writeFileSync(path.join(dir, 'real', 'in.json'), 'input');
    fs.writeFileSync(path.join(dir, 'cwd', 'in.json'), 'other');
    expect(refusal(() => writeFileAtomic(spelled('in.json'), 'clobbered', { inputs: [path.join(dir, 'real', 'in.json')] }))).to.equal('ESAMEFILE');
    expect(fs.readFileSync(path.join(dir, 'real', 'in.json'), 'utf8')).to.equal('input');
    // a relative link target with `..` after a link is read the same way
    fs.symlinkSync('x/../linked.txt', path.join(dir, 'cwd', 'to-linked'));
    writeFileAtomic(path.join(dir, 'cwd', 'to-linked'), 'through');
    expect(fs.readFileSync(path.join(dir, 'real', 'linked.txt'), 'utf8')).to.equal('through');
    expect(fs.lstatSync(path.join(dir, 'cwd', 'to-linked')).isSymbolicLink()).to.equal(true);
    expect(fs.readdirSync(path.join(dir, 'real')).sort()).to.deep.equal(['deep', 'in.json', 'linked.txt', 'out.txt']);
    expect(fs.readdirSync(path.join(dir, 'cwd')).sort()).to.deep.equal(['in.json', 'to-linked', 'x']);
  });

  it('writes a destination whose name is as long as a name may be (its temporary name was too long: ENAMETOOLONG)', () => {
    for (const name of ['a'.repeat(255), '\u00e9'.repeat(127) + 'x', 'b'.repeat(250)]) {
      const out = path.join(dir, name);
      writeFileAtomic(out, name.slice(0, 3));
      expect(fs.readFileSync(out, 'utf8')).to.equal(name.slice(0, 3));
      writeFileAtomic(out, 'again'); // over the previous output
      expect(fs.readFileSync(out, 'utf8')).to.equal('again');
    }
    expect(fs.readdirSync(dir).filter((n) => n.startsWith('.'))).to.deep.equal([]);
  });

  it('commit syncs the temporary file before the rename, also one a writer of its own wrote (nir export\'s HDF5 was renamed unsynced)', function () {
    if (!fs.existsSync('/proc/self/fd')) this.skip(); // names the synced descriptor's file
    const synced: string[] = [];
    const fsyncSync = fs.fsyncSync;
    fs.fsyncSync = (fd: number) => {
      synced.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
      fsyncSync(fd);
    };
    try {
      const out = openAtomicOutput(path.join(dir, 'graph.nir'));
      fs.writeFileSync(out.tmp, 'hdf5'); // its own file layer: opened, written and closed by the writer
      out.commit();
    } finally {
      fs.fsyncSync = fsyncSync;
    }
    expect(fs.readFileSync(path.join(dir, 'graph.nir'), 'utf8')).to.equal('hdf5');
    expect(synced.some((f) => path.basename(f).startsWith('.graph.nir.'))).to.equal(true);
  });

  it('refuses up front an output in a directory it cannot write (train --out there trained every epoch, then wrote nothing)', function () {
    if (typeof process.getuid !== 'function') this.skip(); // no POSIX permissions
    fs.chmodSync(dir, 0o755);
    const ro = path.join(dir, 'read-only');
    fs.mkdirSync(ro);
    fs.writeFileSync(path.join(ro, 'old.snnc'), 'old');
    fs.chmodSync(ro, 0o555);
    const outputs = [path.join(ro, 'new.snnc'), path.join(ro, 'old.snnc'), path.join(ro, 'run', 'checkpoint.snnck')];
    let codes: string[];
    if (process.getuid!() !== 0) codes = outputs.map((o) => refusal(() => checkOutputPath(o)) ?? 'none');
    else {
      // root may write anywhere: ask as another user, as whom the permission means something
      const probe = `import { checkOutputPath } from ${JSON.stringify(pathToFileURL(INDEX).href)};
        for (const o of ${JSON.stringify(outputs)}) { try { checkOutputPath(o); console.log('none'); } catch (e) { console.log(e.code); } }`;
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', uid: 65534, gid: 65534 });
      if (r.status !== 0) this.skip(); // the other user cannot read the build
      codes = r.stdout.trim().split('\n');
    }
    expect(codes).to.deep.equal(['EACCES', 'EACCES', 'EACCES']);
    expect(fs.readdirSync(ro)).to.deep.equal(['old.snnc']);
  });

  it('refuses up front an output on a kernel file system (root passes the permission check there: train --out /sys/x trained, then failed to create /sys/x)', function () {
    const kernel = ['/sys', '/proc'].filter((d) => process.platform === 'linux' && fs.existsSync(d));
    if (kernel.length === 0) this.skip();
    for (const d of kernel) {
      for (const out of [`${d}/snnc-out/checkpoint.snnck`, `${d}/snnc-new-file`]) {
        expect(refusal(() => checkOutputPath(out)), out).to.equal('ESPECIAL');
        expect(() => checkOutputPath(out)).to.throw(d === '/sys' ? /sysfs file system/ : /leads into \/proc/);
      }
      expect(fs.existsSync(`${d}/snnc-out`)).to.equal(false);
    }
    // an ordinary directory is not mistaken for one
    expect(refusal(() => checkOutputPath(path.join(dir, 'a', 'b.snnc')))).to.equal(undefined);
  });

  it('in a sticky directory, another user\'s file is refused up front (the rename failed with EPERM after the work); one\'s own is written', function () {
    if (typeof process.getuid !== 'function' || process.getuid() !== 0) this.skip(); // needs two users: run as root, ask as nobody
    fs.chmodSync(dir, 0o755);
    const sticky = path.join(dir, 'sticky');
    fs.mkdirSync(sticky);
    fs.chmodSync(sticky, 0o1777);
    fs.writeFileSync(path.join(sticky, 'roots.snnc'), 'root\'s');
    fs.chmodSync(path.join(sticky, 'roots.snnc'), 0o666);
    fs.writeFileSync(path.join(sticky, 'mine.snnc'), 'nobody\'s');
    fs.chownSync(path.join(sticky, 'mine.snnc'), 65534, 65534);
    const outputs = [path.join(sticky, 'roots.snnc'), path.join(sticky, 'mine.snnc'), path.join(sticky, 'new.snnc')];
    const probe = `import { checkOutputPath } from ${JSON.stringify(pathToFileURL(INDEX).href)};
      for (const o of ${JSON.stringify(outputs)}) { try { checkOutputPath(o); console.log('none'); } catch (e) { console.log(e.code); } }`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', uid: 65534, gid: 65534 });
    if (r.status !== 0) this.skip(); // the other user cannot read the build
    expect(r.stdout.trim().split('\n')).to.deep.equal(['EACCES', 'none', 'none']);
    // root itself may replace anyone's file
    expect(refusal(() => checkOutputPath(outputs[1]))).to.equal(undefined);
  });

  it('a path that names a directory (`out/`, `out/.`) is refused, not written as a file named out (the shell\'s `> out/` fails)', () => {
    fs.writeFileSync(path.join(dir, 'a-file'), 'kept');
    for (const out of [`${dir}/out/`, `${dir}/out/.`, `${dir}/a-file/`]) expect(refusal(() => writeFileAtomic(out, 'x')), out).to.equal('EISDIR');
    expect(refusal(() => writeFileAtomic(`${dir}/`, 'x'))).to.equal('ESPECIAL'); // an existing directory, as before
    expect(fs.readdirSync(dir)).to.deep.equal(['a-file']);
    expect(fs.readFileSync(path.join(dir, 'a-file'), 'utf8')).to.equal('kept');
  });

  it('reads a file into one buffer of its size (each read was copied out: a 2 GB file held 4 GB)', function () {
    const size = 128 * 2 ** 20;
    const file = path.join(dir, 'big.bin');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, size); // sparse where the file system allows
    const probe = `import { readInputBytes } from ${JSON.stringify(pathToFileURL(INDEX).href)};
      const base = process.resourceUsage().maxRSS * 1024;
      const bytes = readInputBytes(${JSON.stringify(file)}, 2 ** 31 - 1);
      console.log(JSON.stringify({ length: bytes.length, grew: process.resourceUsage().maxRSS * 1024 - base }));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', timeout: 20000 });
    expect(r.status, r.stderr).to.equal(0);
    const { length, grew } = JSON.parse(r.stdout) as { length: number; grew: number };
    expect(length).to.equal(size);
    expect(grew / size).to.be.below(1.5); // was 2: the buffer and the copy
  });

  it('with a head to look at, a file the head refuses is not read past it (a 2 GB non-image was read whole before "bad magic")', () => {
    const file = path.join(dir, 'zeros.bin');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, 2 ** 30); // 1 GB, sparse where the file system allows
    const looks = { head: { bytes: 16, accept: (h: Uint8Array) => h[0] === 0x53 } };
    const head = readInputBytes(file, 2 ** 31 - 1, looks);
    expect(head.length).to.equal(16);
    fs.writeFileSync(file, 'S' + 'x'.repeat(99));
    expect(Buffer.from(readInputBytes(file, 2 ** 31 - 1, looks)).toString()).to.equal('S' + 'x'.repeat(99)); // accepted: all of it
    fs.writeFileSync(file, 'short');
    expect(Buffer.from(readInputBytes(file, 2 ** 31 - 1, looks)).toString()).to.equal('short'); // shorter than the head: all of it
  });

  it('a read failure of the path is worded, not only its errno (`spec.json/`: "cannot be read (ENOTDIR)")', () => {
    const file = path.join(dir, 'spec.json');
    fs.writeFileSync(file, '{}');
    fs.symlinkSync('loop-b', path.join(dir, 'loop-a'));
    fs.symlinkSync('loop-a', path.join(dir, 'loop-b'));
    const why = (f: string) => {
      try {
        readInputBytes(f);
        return 'read';
      } catch (e) {
        return describeReadError(e);
      }
    };
    expect(why(`${file}/`)).to.equal('cannot be read: a part of its path is not a directory (ENOTDIR)');
    expect(why(path.join(dir, 'loop-a'))).to.equal('cannot be read: its path loops through symbolic links (ELOOP)');
    expect(why(path.join(dir, 'x'.repeat(300)))).to.equal('cannot be read: its path or a name in it is too long (ENAMETOOLONG)');
  });

  it('a replaced output keeps its permissions (a checkpoint made private with chmod 600 came back 644)', function () {
    if (typeof process.getuid !== 'function') this.skip(); // no POSIX modes
    const out = path.join(dir, 'checkpoint.snnck');
    writeFileAtomic(out, 'first');
    fs.chmodSync(out, 0o600);
    writeFileAtomic(out, 'second');
    expect(fs.statSync(out).mode & 0o777).to.equal(0o600);
    expect(fs.readFileSync(out, 'utf8')).to.equal('second');
  });
});
