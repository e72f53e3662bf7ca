import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@snnc/ir';

/** `snnc nir import|export|info` end to end: the real binary, spawned with this node. */
const ROOT = repoRoot();
const BIN = path.join(ROOT, 'packages', 'cli', 'bin', 'snnc.js');
const SHARED = path.resolve(ROOT, '..', 'shared', 'nir');

function snnc(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SNNC_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('cli: snnc nir', function () {
  this.timeout(60000);
  let dir: string;
  before(function () {
    if (!fs.existsSync(path.join(SHARED, 'braille_noDelay_bias_zero.nir'))) {
      console.log('      (skipped: ../shared/nir not found)');
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-nir-cli-'));
    fs.copyFileSync(path.join(SHARED, 'braille_noDelay_bias_zero.nir'), path.join(dir, 'braille.nir'));
  });
  after(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

  it('import writes a valid spec and prints the discretisation and quantisation summary', () => {
    const r = snnc(['nir', 'import', 'braille.nir', '-o', 'braille.json', '--timesteps', '50'], dir);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('dt = 0.0001 s').and.contain('alphaU').and.contain('weight quantisation').and.contain('lif1.w_rec');
    // warnings for the older file are printed located, not as stack traces
    expect(r.stderr).to.match(/braille\.nir#\/node\/nodes\/lif2\/v_reset: warning SNNC6010/);
    expect(r.stderr).to.not.match(/^\s+at .+:\d+:\d+\)?$/m);
    const v = snnc(['validate', 'braille.json'], dir);
    expect(v.code, v.stderr).to.equal(0);
  });

  it('import --json is machine-readable and writes the same spec bytes as text mode', () => {
    const a = snnc(['nir', 'import', 'braille.nir', '-o', 'a.json', '--timesteps', '50', '--json'], dir);
    expect(a.code).to.equal(0);
    const j = JSON.parse(a.stdout);
    expect(j.dt).to.be.closeTo(1e-4, 1e-12);
    expect(j.parameters.find((p: { population: string; parameter: string }) => p.population === 'lif2' && p.parameter === 'alphaU').euler).to.equal(0.5);
    expect(j.projections.length).to.equal(6);
    // the same spec bytes as the text-mode import of the first test
    expect(fs.readFileSync(path.join(dir, 'a.json'))).to.deep.equal(fs.readFileSync(path.join(dir, 'braille.json')));
    expect(j.output).to.equal('a.json');
  });

  it('export of the imported spec is a NIR file that info lists and import reads back', () => {
    const e = snnc(['nir', 'export', 'braille.json', '-o', 'back.nir', '--dt', '0.0001'], dir);
    expect(e.code, e.stderr).to.equal(0);
    const i = snnc(['nir', 'info', 'back.nir'], dir);
    expect(i.code, i.stderr).to.equal(0);
    expect(i.stdout).to.contain('CubaLIF').and.contain('lif1.w_rec').and.contain('lif1.lif -> lif1.w_rec');
    const r = snnc(['nir', 'import', 'back.nir', '-o', 'again.json', '--json'], dir);
    expect(r.code, r.stderr).to.equal(0);
    expect(JSON.parse(r.stdout).dt).to.be.closeTo(1e-4, 1e-12);
  });

  it('a bad file exits 1 with a located error; a bad option exits 2', () => {
    fs.writeFileSync(path.join(dir, 'bad.nir'), 'not hdf5');
    const r = snnc(['nir', 'info', 'bad.nir'], dir);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^bad\.nir#: error SNNC6002: not an HDF5 file/m);
    expect(snnc(['nir', 'import', 'braille.nir', '-o', 'x.json', '--dt', 'fast'], dir).code).to.equal(2);
    // beyond what a chip image runs: at the option (it was "braille.nir#/node: error SNNC2113 ... generated spec /timesteps")
    const long = snnc(['nir', 'import', 'braille.nir', '-o', 'x.json', '--timesteps', '600000'], dir);
    expect(long.code, long.stderr).to.equal(2);
    expect(long.stderr).to.match(/option '--timesteps <n>' argument '600000' is invalid/);
    // --name is checked at the option (it was refused as "#/node" of the NIR file, after the import)
    for (const name of ['a b', '9lives', 'x'.repeat(129)]) {
      const n = snnc(['nir', 'import', 'braille.nir', '-o', 'x.json', '--name', name], dir);
      expect(n.code, n.stderr).to.equal(2);
      expect(n.stderr).to.match(/option '--name <id>' argument '.*' is invalid\. expected (an identifier|at most 128 characters)/);
    }
  });

  it('export of a FIFO or a device is refused at once, located (it waited forever for a writer to the FIFO)', () => {
    spawnSync('mkfifo', [path.join(dir, 'fifo')]);
    for (const input of ['fifo', '/dev/zero']) {
      const r = spawnSync(process.execPath, [BIN, 'nir', 'export', input, '-o', 'x.nir'], { cwd: dir, encoding: 'utf8', timeout: 30_000, env: { ...process.env, SNNC_DEBUG: '' } });
      expect(r.signal, `${input}: killed after 30 s`).to.equal(null);
      expect(r.status, r.stderr).to.equal(1);
      expect(r.stderr).to.match(new RegExp(`^${input.replace(/\//g, '\\/')}#: error SNNC1001: the file is a (FIFO|device), not a regular file`, 'm'));
    }
    expect(fs.existsSync(path.join(dir, 'x.nir'))).to.equal(false);
  });

  it('export of a file that is neither a spec nor a checkpoint says so (it said "not an snnc checkpoint" alone)', () => {
    fs.writeFileSync(path.join(dir, 'junk.bin'), Buffer.from([0xce, 0x1f, 0x35, 0xee, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]));
    const r = snnc(['nir', 'export', 'junk.bin', '-o', 'junk.nir'], dir);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.contain('junk.bin@0: error SNNC5102: neither a network spec (JSON) nor an snnc checkpoint (expected a network spec (.json) or a checkpoint written by `snnc train` (.snnck)');
    expect(fs.existsSync(path.join(dir, 'junk.nir'))).to.equal(false);
  });
});

describe('cli: snnc nir when the HDF5 module cannot start', function () {
  this.timeout(60000);
  it('a virtual-memory limit too small for the WebAssembly module is SNNC6041, exit 1, not an internal error', function () {
    if (process.platform !== 'linux' || !fs.existsSync('/bin/bash')) this.skip();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-nir-vm-'));
    try {
      const spec = path.join(ROOT, 'packages', 'training', 'test', 'fixtures', 'tiny-synthetic.json');
      const e = snnc(['nir', 'export', spec, '-o', 'tiny.nir'], dir);
      expect(e.code, e.stderr).to.equal(0);
      // 6 GB of address space: enough for node, not for the module's reservation
      const r = spawnSync('/bin/bash', ['-c', `ulimit -v 6000000 && exec "${process.execPath}" "${BIN}" nir info tiny.nir`], { cwd: dir, encoding: 'utf8', env: { ...process.env, SNNC_DEBUG: '' } });
      if (r.status === 0) {
        console.log('      (skipped: the WebAssembly module starts under this limit on this machine)');
        this.skip();
      }
      expect(r.stderr).to.contain('tiny.nir#: error SNNC6041: the HDF5 library');
      expect(r.stderr).to.contain('fix: raise the process memory limit');
      expect(r.status).to.equal(1);
      expect(r.stderr).to.not.match(/internal error|^\s+at .+:\d+:\d+\)?$/m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
