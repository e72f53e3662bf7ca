/**
 * `snnc compile` and `snnc inspect <image>` end to end (a child process per call, run from the
 * repository root as a user would): the image is written atomically, is deterministic, its dump
 * is the image's readable text, and bad input gives located diagnostics and the documented exit
 * codes (0 ok, 1 invalid input, 2 usage).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { compile } from '@snnc/driver';
import { decodeImage, encodeImage, formatImage, isChipImage } from '@snnc/image';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const BIN = path.join(ROOT, 'packages/cli/bin/snnc.js');

export function snnc(...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('snnc compile / inspect (chip image)', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-compile-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('compiles the small example to an image; the same command gives the same bytes', () => {
    const a = path.join(dir, 'a.snnc'), b = path.join(dir, 'b.snnc');
    const r1 = snnc('compile', 'examples/srsnn-small.json', '--target', 'test-multichip', '--strategy', 'locality', '-o', a);
    expect(r1.code, r1.stderr).to.equal(0);
    expect(r1.stdout).to.match(/^wrote .*a\.snnc: \d+ cores on \d+ chip\(s\) of test-multichip, \d+ synapses, \d+ bytes, crc32 0x[0-9a-f]{8}\n$/);
    const r2 = snnc('compile', 'examples/srsnn-small.json', '--target', 'test-multichip', '--strategy', 'locality', '-o', b);
    expect(r2.code, r2.stderr).to.equal(0);
    const bytes = new Uint8Array(fs.readFileSync(a));
    expect(isChipImage(bytes)).to.equal(true);
    expect(Buffer.compare(fs.readFileSync(a), fs.readFileSync(b))).to.equal(0);
    // no temp files left behind by the atomic write
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['a.snnc', 'b.snnc']);
  });

  it('--json summarises the image; inspect prints the readable dump and --json the summary', () => {
    const f = path.join(dir, 'j.snnc');
    const r = snnc('compile', 'examples/srsnn-small.json', '--target', 'test-tiny', '--strategy', 'sequential', '-o', f, '--json');
    expect(r.code, r.stderr).to.equal(0);
    const s = JSON.parse(r.stdout);
    expect(s).to.include({ target: 'test-tiny', network: 'srsnn-small', strategy: 'sequential', learning: true, hostPorts: 16 });
    expect(s.compartments).to.equal(32 + 32 + 8);
    expect(s.perCore).to.have.length(s.cores);
    const bytes = new Uint8Array(fs.readFileSync(f));
    expect(s.bytes).to.equal(bytes.length);
    const dec = decodeImage(bytes);
    const text = snnc('inspect', f);
    expect(text.code, text.stderr).to.equal(0);
    expect(text.stdout).to.equal(formatImage(dec.image!, dec.header));
    expect(text.stdout).to.not.include(dir); // no absolute paths in the dump
    const js = snnc('inspect', f, '--json');
    expect(js.code, js.stderr).to.equal(0);
    expect(JSON.parse(js.stdout)).to.include({ target: 'test-tiny', network: 'srsnn-small', timesteps: 10 });
  });

  it('a corrupted image is refused by inspect with a located error and exit 1', () => {
    const f = path.join(dir, 'c.snnc');
    expect(snnc('compile', 'examples/srsnn-small.json', '--target', 'test-tiny', '-o', f).code).to.equal(0);
    const bytes = fs.readFileSync(f);
    bytes[bytes.length - 5] ^= 0x40;
    fs.writeFileSync(f, bytes);
    const r = snnc('inspect', f);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/c\.snnc#\/header: error SNNC4005: corrupted chip image: payload checksum mismatch/);
    expect(r.stderr).to.not.match(/\n\s+at /); // no stack trace
    fs.writeFileSync(f, bytes.subarray(0, 40));
    expect(snnc('inspect', f).stderr).to.match(/error SNNC4002: truncated chip image/);
  });

  it('bad input: unknown target (exit 1, names the known targets), bad strategy and missing -o (exit 2)', () => {
    const out = path.join(dir, 'x.snnc');
    const t = snnc('compile', 'examples/srsnn-small.json', '--target', 'nonesuch', '-o', out);
    expect(t.code).to.equal(1);
    expect(t.stderr).to.match(/error SNNC\d{4}: unknown target "nonesuch".*test-tiny/);
    expect(fs.existsSync(out)).to.equal(false);
    expect(snnc('compile', 'examples/srsnn-small.json', '--target', 'test-tiny', '--strategy', 'random', '-o', out).code).to.equal(2);
    expect(snnc('compile', 'examples/srsnn-small.json', '--target', 'test-tiny').code).to.equal(2);
  });

  it("a network too large for the target: the mapper's refusal points into the target file", () => {
    const t = JSON.parse(fs.readFileSync(path.join(ROOT, 'targets/test-tiny.json'), 'utf8'));
    Object.assign(t, { name: 'one-core' });
    Object.assign(t.chip, { meshX: 1, meshY: 1, coresPerTile: 1, cores: 1 });
    Object.assign(t.system, { maxChips: 1, chipsX: 1, chipsY: 1 });
    const tf = path.join(dir, 'one-core.json');
    fs.writeFileSync(tf, JSON.stringify(t));
    const out = path.join(dir, 'big.snnc');
    const r = snnc('compile', 'examples/srsnn-small.json', '--target', tf, '-o', out);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/one-core\.json#\/\S+: error SNNC30\d\d: .*\(expected .*found .*\); fix: /);
    expect(fs.existsSync(out)).to.equal(false);
  });

  it('a network that cannot run on the target is refused before anything is written', () => {
    const out = path.join(dir, 'l1.snnc');
    const r = snnc('compile', 'examples/srsnn-small.json', '--target', 'loihi1', '-o', out);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/^examples\/srsnn-small\.json#\/\S*: error SNNC\d{4}: /m);
    expect(fs.existsSync(out)).to.equal(false);
  });

  it("the code generator's diagnostics about the sample length name the spec (they were '<input>#/timesteps')", () => {
    const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages', 'training', 'test', 'fixtures', 'tiny-synthetic.json'), 'utf8'));
    spec.timesteps = 100;
    const r = compile({ document: spec, name: 't.json' }, 'loihi2');
    expect(r.image).to.not.equal(undefined);
    expect(r.diagnostics.find((d) => d.code === 'SNNC4107')).to.include({ file: 't.json', pointer: '/timesteps' });
  });
  it('a target named by name is an input of compile, map (--target, --lower-for) and nir import: -o onto its file (here through a link) is refused and the target kept', () => {
    const target = path.join(ROOT, 'targets', 'test-tiny.json');
    const before = fs.readFileSync(target);
    const link = path.join(dir, 'target-link.json');
    fs.symlinkSync(target, link);
    const nir = path.join(dir, 'conv.nir');
    expect(snnc('nir', 'export', 'examples/graph-conv.json', '-o', nir).code).to.equal(0);
    try {
      // map and nir import wrote a placement or a spec over the target (compile an image) before the fix
      for (const args of [
        ['compile', 'examples/srsnn-small.json', '--target', 'test-tiny', '-o', link],
        ['map', 'examples/srsnn-small.json', '--target', 'test-tiny', '-o', link],
        ['map', 'examples/srsnn-small.json', '--target', 'loihi2', '--lower-for', 'test-tiny', '-o', link],
        ['nir', 'import', nir, '--target', 'test-tiny', '-o', link],
      ]) {
        const r = snnc(...args);
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).to.equal(1);
        expect(r.stderr, args.join(' ')).to.contain(`${link}#: error SNNC1033`);
      }
    } finally {
      // before the fix the output replaced the repository's target: put it back so no other test sees it
      const after = fs.readFileSync(target);
      if (!after.equals(before)) fs.writeFileSync(target, before);
      expect(after.equals(before), 'targets/test-tiny.json was overwritten').to.equal(true);
    }
  });
  it('names from an image (network, target, populations) are printed with control characters escaped by inspect and emulate', () => {
    const a = path.join(dir, 'names.snnc'), b = path.join(dir, 'ansi.snnc');
    expect(snnc('compile', 'examples/srsnn-small.json', '--target', 'test-tiny', '-o', a).code).to.equal(0);
    const img = decodeImage(fs.readFileSync(a)).image!;
    img.target = 'tiny\u001b[31m';
    img.network = '\u001b]0;title\u0007net';
    img.populations[1].name = 'h\u001b[2J';
    fs.writeFileSync(b, encodeImage(img));
    for (const args of [['inspect', b], ['emulate', b, '--steps', '2']]) {
      const r = snnc(...args);
      expect(r.code, r.stderr).to.equal(0);
      // eslint-disable-next-line no-control-regex -- the point: no raw escape or bell reaches the terminal
      expect(r.stdout, args[0]).to.not.match(/[\u001b\u0007]/);
      expect(r.stdout, args[0]).to.contain('tiny\\u001b[31m');
    }
  });
});
