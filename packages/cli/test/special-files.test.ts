import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@snnc/ir';
import { noStack, snnc, scratchDir } from './run.js';

/**
 * File input and output of the CLI against hostile file-system objects (the robustness sweep of
 * inputs and outputs): an input is never overwritten, whatever option named it, and a refusal is
 * located where the user named the file.
 */
const ROOT = repoRoot();
const TINY = path.join(ROOT, 'packages', 'training', 'test', 'fixtures', 'tiny-synthetic.json');
const LOIHI2 = path.join(ROOT, 'targets', 'loihi2.json');

function located(r: { code: number | null; stderr: string }, code: string, where?: string): void {
  expect(r.code, r.stderr).to.equal(1);
  noStack(r.stderr);
  expect(r.stderr).to.not.contain('internal error');
  expect(r.stderr).to.contain(code);
  if (where !== undefined) expect(r.stderr).to.contain(where);
}

describe('cli: special files and inputs as outputs', function () {
  this.timeout(60000);
  const dir = scratchDir('snnc-special-', { 'tiny.json': TINY });
  before(function () {
    this.timeout(120000);
    const r = snnc(['compile', 'tiny.json', '-t', 'loihi2', '-o', 'tiny.snnc'], dir());
    expect(r.code, r.stderr).to.equal(0);
  });

  it('train --out on a kernel file system is refused before training (it trained every epoch, then could not create /sys/x)', function () {
    if (process.platform !== 'linux' || !fs.existsSync('/sys/kernel')) this.skip();
    const r = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '1', '--out', '/sys/kernel/snnc-out'], dir());
    located(r, 'SNNC1032', '/sys/kernel/snnc-out');
    expect(r.stderr).to.contain('sysfs').and.not.contain('epoch 1');
  });

  it('emulate --out never replaces the target file given by -t (summary.json over it replaced the target)', () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'out'));
    fs.copyFileSync(LOIHI2, path.join(d, 'out', 'summary.json'));
    const before = fs.readFileSync(path.join(d, 'out', 'summary.json'));
    const r = snnc(['emulate', 'tiny.snnc', '--steps', '5', '-t', 'out/summary.json', '--out', 'out'], d);
    located(r, 'SNNC1033', 'out/summary.json#');
    expect(fs.readFileSync(path.join(d, 'out', 'summary.json')).equals(before)).to.equal(true);
    expect(fs.readdirSync(path.join(d, 'out'))).to.deep.equal(['summary.json']);
  });

  it('train locates an unreadable spec at the path given (an absolute one was located at its file name: /dev/null at "null#")', () => {
    const d = dir();
    const r = snnc(['train', '/dev/null', '--dataset', 'synthetic', '--epochs', '1', '--out', 'run'], d, { timeout: 20000 });
    located(r, 'SNNC1001', '/dev/null#: error SNNC1001: the spec file is a device');
    expect(fs.existsSync(path.join(d, 'run'))).to.equal(false);
  });

  it('a standard output that cannot be written (/dev/full) is a located error, not a stack trace', function () {
    if (!fs.existsSync('/dev/full')) this.skip(); // Linux's always-full device
    const full = fs.openSync('/dev/full', 'w');
    let r;
    try {
      r = spawnSync(process.execPath, [path.join(ROOT, 'packages', 'cli', 'bin', 'snnc.js'), 'inspect', 'tiny.json', '--json'], { cwd: dir(), encoding: 'utf8', stdio: ['ignore', full, 'pipe'], timeout: 20000 });
    } finally {
      fs.closeSync(full);
    }
    located({ code: r.status, stderr: r.stderr }, 'SNNC1030', '<stdout>#: error SNNC1030: cannot write to standard output (ENOSPC)');
    expect(r.stderr).to.not.contain('throw err');
  });

  it('emulate (and inspect) refuse a large file that is not an image by its magic, without reading it whole (2 GB: 20 s and 4 GB)', () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'zeros.snnc'), '');
    fs.truncateSync(path.join(d, 'zeros.snnc'), 2 ** 31 - 2 ** 20); // under the 2^31 - 1 limit; sparse where the file system allows
    // inspect reads it the same way (IMAGE_HEAD); reading it whole took 12 s and 2 GB, its head 0.5 s
    const r = snnc(['emulate', 'zeros.snnc'], d, { timeout: 8000 });
    located(r, 'SNNC4001', 'zeros.snnc#/header: error SNNC4001: not an snnc chip image (bad magic)');
    fs.rmSync(path.join(d, 'zeros.snnc'));
  });

  it('--out naming a file or a device is one refusal at the path given, not one per file inside it (report said it three times, at fifo/placement.json, fifo/placement.csv, fifo/report.html)', () => {
    const d = dir();
    const map = snnc(['map', 'tiny.json', '-t', 'loihi2', '-o', 'placed.json'], d);
    expect(map.code, map.stderr).to.equal(0);
    const r = snnc(['report', 'placed.json', '--out', 'tiny.json'], d); // a file, as a FIFO or /dev/null
    located(r, 'SNNC1030', 'tiny.json#: error SNNC1030: cannot write the output file:');
    expect(r.stderr.trim().split('\n')).to.have.length(1);
    expect(r.stderr).to.contain('tiny.json is not a directory');
  });
});
