import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `snnc train` / `snnc evaluate` end to end through the real launcher, on a tiny spec and the
 * synthetic dataset (a few seconds; no MNIST training in tests).
 */
const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '..', '..', 'bin', 'snnc.js');

function snnc(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The same tiny spec the trainer's own tests use. */
const TINY_FIXTURE = path.resolve(here, '..', '..', '..', 'reference', 'test', 'fixtures', 'tiny-synthetic.json');

describe('snnc train / snnc evaluate', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-cli-train-'));
    fs.copyFileSync(TINY_FIXTURE, path.join(dir, 'tiny.json'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('train --json prints one JSON object with the required fields and writes checkpoint + report', () => {
    const r = snnc(['train', 'tiny.json', '--dataset', 'synthetic', '--epochs', '2', '--train', '200', '--test', '60', '--json', '--out', 'run'], dir);
    expect(r.code, r.stderr).to.equal(0);
    const j = JSON.parse(r.stdout);
    for (const k of ['testAccuracy', 'trainAccuracy', 'trainSamples', 'testSamples', 'epochs', 'seconds', 'encoding', 'synapticEvents'])
      expect(j, k).to.have.property(k);
    expect(j.trainSamples).to.equal(200);
    expect(j.testSamples).to.equal(60);
    expect(j.epochs).to.equal(2);
    expect(j.encoding).to.equal('rate');
    expect(j.testAccuracy).to.be.at.least(0.9);
    expect(j.synapticEvents).to.be.greaterThan(0);
    expect(j.curve).to.have.length(2);
    // outputs named relative to the working directory, never absolute
    expect(j.checkpoint).to.equal(path.join('run', 'checkpoint.snnck'));
    expect(fs.existsSync(path.join(dir, 'run', 'checkpoint.snnck'))).to.equal(true);
    const html = fs.readFileSync(path.join(dir, 'run', 'report.html'), 'utf8');
    expect(html).to.contain('<svg');
    expect(html).to.not.contain(dir);

    // evaluate reproduces the training run's final accuracy exactly
    const e = snnc(['evaluate', path.join('run', 'checkpoint.snnck'), '--json'], dir);
    expect(e.code, e.stderr).to.equal(0);
    const ej = JSON.parse(e.stdout);
    expect(ej.testAccuracy).to.equal(j.testAccuracy);
    expect(ej.testSamples).to.equal(60);
  });

  it('refuses a damaged checkpoint (exit 1, located message, no stack trace)', () => {
    const ck = path.join(dir, 'run', 'checkpoint.snnck');
    const bytes = fs.readFileSync(ck);
    bytes[bytes.length - 20] ^= 0xff;
    fs.writeFileSync(path.join(dir, 'bad.snnck'), bytes);
    const r = snnc(['evaluate', 'bad.snnck'], dir);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/bad\.snnck#: error SNNC5104: checkpoint is corrupt/);
    expect(r.stderr).to.not.match(/\n\s+at /);
    const n = snnc(['evaluate', 'tiny.json'], dir);
    expect(n.code).to.equal(1);
    expect(n.stderr).to.contain('SNNC5102');
  });

  it('bad input: a missing spec and an unknown dataset exit 1; a bad option value exits 2', () => {
    expect(snnc(['train', 'nope.json', '--dataset', 'synthetic'], dir).code).to.equal(1);
    const d = snnc(['train', 'tiny.json', '--dataset', 'imagenet'], dir);
    expect(d.code).to.equal(1);
    expect(d.stderr).to.contain('SNNC5001');
    expect(snnc(['train', 'tiny.json', '--epochs', 'zero'], dir).code).to.equal(2);
  });
});
