import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { lowerSpec, graphStats, repoRoot } from '@snnc/ir';
import { noStack, snnc } from './run.js';

/** `snnc inspect` end to end. */
const ROOT = repoRoot();

describe('cli: snnc inspect', function () {
  this.timeout(30000);

  it('text: populations, per-projection synapse counts, fan-in/out, memory for every target', () => {
    const r = snnc(['inspect', 'examples/srsnn-small.json']);
    expect(r.code, r.stderr).to.equal(0);
    const g = lowerSpec(path.join(ROOT, 'examples/srsnn-small.json')).graph!;
    const s = graphStats(g);
    expect(r.stdout).to.contain(`network "srsnn-small" (srsnn): 10 steps, 16 inputs, 72 neurons, ${s.synapses} synapses`);
    for (const p of s.projections) {
      // id, then "source -> target", ..., then the synapse count as its own column.
      expect(r.stdout).to.match(new RegExp(`^${p.id.replace('.', '\\.')}\\s+${p.source} -> ${p.target}\\s+.*\\s${p.synapses}\\s`, 'm'));
    }
    const h1 = s.populations.find((p) => p.id === 'h1')!;
    expect(r.stdout).to.match(new RegExp(`^h1\\s+hidden\\s+srlif\\s+32\\s+${h1.fanIn.min}/${h1.fanIn.mean.toFixed(2)}/${h1.fanIn.max}\\s`, 'm'));
    for (const t of ['loihi1', 'loihi2', 'test-tiny', 'test-multichip']) expect(r.stdout).to.match(new RegExp(`^${t}\\s+\\d`, 'm'));
    // loihi1 runs only cuba: the table says so and names the reason.
    expect(r.stdout).to.match(/^loihi1 .* no$/m);
    expect(r.stdout).to.contain('loihi1: SNNC2101');
  });

  it('--json with --target: one target, numbers equal to the library, deterministic bytes', () => {
    const a = snnc(['inspect', 'examples/srsnn-small.json', '--json', '--target', 'test-multichip']);
    const b = snnc(['inspect', 'examples/srsnn-small.json', '--json', '--target', 'test-multichip']);
    expect(a.code, a.stderr).to.equal(0);
    expect(a.stdout).to.equal(b.stdout);
    const doc = JSON.parse(a.stdout);
    expect(doc.memory).to.have.length(1);
    expect(doc.memory[0]).to.include({ target: 'test-multichip', lowers: true, fits: true, coresByCompartments: 5 });
    expect(doc.memory[0].chipsLowerBound).to.be.greaterThan(1);
    expect(doc.populations.map((p: { id: string }) => p.id)).to.deep.equal(['in', 'h1', 'h2', 'out']);
    expect(doc.projections.reduce((n: number, p: { synapses: number }) => n + p.synapses, 0)).to.equal(doc.synapses);
    expect(a.stdout).to.not.contain(ROOT); // no absolute paths in outputs
    // One target: the lowering report (weight exponent and quantisation error per projection).
    expect(doc.lowering.target).to.equal('test-multichip');
    expect(doc.lowering.projections.map((q: { id: string }) => q.id)).to.deep.equal(doc.projections.map((p: { id: string }) => p.id));
    for (const q of doc.lowering.projections) expect(q.relRmsError).to.be.within(0, 0.1);
  });

  it('a file starting with the image magic goes to the chip-image inspector, not the JSON parser', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-inspect-'));
    try {
      const file = path.join(dir, 'broken.snnc');
      fs.writeFileSync(file, Buffer.concat([Buffer.from('SNNCIMG\0', 'latin1'), Buffer.from([1, 0, 0, 0, 9, 9, 9])]));
      const r = snnc(['inspect', file]);
      expect(r.code).to.equal(1); // a truncated image is invalid input (or the stub's "not available")
      expect(r.stderr).to.not.contain('SNNC1002');
      noStack(r.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an image with graded host ports (§2.4) says so, in text and --json (the dump left them out: a graded image read as a plain one)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-inspect-'));
    try {
      const spec = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/srsnn-small.json'), 'utf8'));
      const [plain, graded] = [false, true].map((g) => {
        const f = path.join(dir, `${g ? 'graded' : 'plain'}.json`);
        fs.writeFileSync(f, JSON.stringify({ ...spec, input: { ...spec.input, ...(g ? { graded: true } : {}) } }));
        const img = f.replace(/json$/, 'snnc');
        expect(snnc(['compile', f, '--target', 'loihi2', '-o', img]).code).to.equal(0);
        return img;
      });
      const t = snnc(['inspect', graded]);
      expect(t.code, t.stderr).to.equal(0);
      expect(t.stdout).to.contain('host ports: 16 (16 graded');
      expect(t.stdout).to.match(/in\[0\] -> \S+ graded\n/);
      expect(JSON.parse(snnc(['inspect', graded, '--json']).stdout).gradedHostPorts).to.equal(16);
      const p = snnc(['inspect', plain]);
      // the target (loihi2) has graded input spikes, said once in the formats; no port is graded
      expect(p.stdout).to.contain('host ports: 16\n').and.contain(', graded input spikes\n');
      expect(p.stdout.replace(', graded input spikes\n', '\n')).to.not.contain('graded');
      expect(JSON.parse(snnc(['inspect', plain, '--json']).stdout)).to.not.have.property('gradedHostPorts');
      // --target estimates a spec per target; for an image it was ignored in silence
      const w = snnc(['inspect', plain, '--target', 'loihi1']);
      expect(w.code, w.stderr).to.equal(0);
      expect(w.stderr).to.match(/^--target#: warning SNNC1035: --target is ignored for a chip image/m);
      expect(w.stdout).to.equal(p.stdout);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('invalid spec and unknown target: exit 1 with located diagnostics', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-inspect-'));
    try {
      fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ irVersion: '1.0', kind: 'srsnn' }));
      const r = snnc(['inspect', 'bad.json'], dir);
      expect(r.code).to.equal(1);
      expect(r.stderr).to.match(/^bad\.json#\/name: error SNNC1003: /m);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const t = snnc(['inspect', 'examples/srsnn-small.json', '--target', 'loihi9']);
    expect(t.code).to.equal(1);
    expect(t.stderr).to.contain('error SNNC1020: unknown target "loihi9"');
    noStack(t.stderr);
  });

  it('--help', () => {
    const h = snnc(['inspect', '--help']);
    expect(h.code).to.equal(0);
    expect(h.stdout).to.contain('Usage: snnc inspect [options] <file>');
    expect(h.stdout).to.contain('--json');
  });
});
