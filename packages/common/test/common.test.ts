import { expect } from 'chai';
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Rng, canonicalJson, crc32, diag, formatDiagnostic, mix32, pointerGet, pointerJoin, writeFileAtomic,
} from '../src/index.js';

describe('common: Rng', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = new Rng(42), b = new Rng(42), c = new Rng(43);
    const xs = Array.from({ length: 8 }, () => a.uint32());
    const ys = Array.from({ length: 8 }, () => b.uint32());
    const zs = Array.from({ length: 8 }, () => c.uint32());
    expect(xs).to.deep.equal(ys);
    expect(xs).to.not.deep.equal(zs);
  });

  it('fork streams depend only on (seed, label)', () => {
    const r1 = new Rng(7);
    r1.uint32(); // drawing from the parent must not change a fork
    const f1 = r1.fork('proj/a').uint32();
    const f2 = new Rng(7).fork('proj/a').uint32();
    const f3 = new Rng(7).fork('proj/b').uint32();
    expect(f1).to.equal(f2);
    expect(f1).to.not.equal(f3);
  });

  it('int stays in range, float in [0,1), sample is sorted and distinct', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 500 }), (seed, n) => {
        const r = new Rng(seed);
        for (let i = 0; i < 20; i++) {
          const v = r.int(-3, n);
          if (v < -3 || v > n || !Number.isInteger(v)) return false;
          const f = r.float();
          if (!(f >= 0 && f < 1)) return false;
        }
        const k = Math.min(n, 1 + (seed % n));
        const s = r.sample(n, k);
        for (let i = 1; i < s.length; i++) if (!(s[i] > s[i - 1])) return false;
        return s.length === k && s[0] >= 0 && s[s.length - 1] < n;
      }),
    );
  });

  it('int is roughly uniform', () => {
    const r = new Rng(1);
    const counts = new Array(10).fill(0);
    for (let i = 0; i < 20000; i++) counts[r.int(0, 9)]++;
    for (const c of counts) expect(c).to.be.within(1800, 2200);
  });

  it('rejects a non-integer seed', () => {
    expect(() => new Rng(1.5)).to.throw(RangeError);
  });
});

describe('common: hashing and checksums', () => {
  it('crc32 matches the IEEE check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).to.equal(0xcbf43926);
  });
  it('mix32 is a 32-bit function with avalanche on small inputs', () => {
    expect(mix32(0, 1)).to.not.equal(mix32(0, 2));
    expect(mix32(1, 1) >>> 0).to.equal(mix32(1, 1));
  });
});

describe('common: canonical JSON and pointers', () => {
  it('sorts keys recursively and turns typed arrays into arrays', () => {
    const text = canonicalJson({ b: 1, a: { d: new Int16Array([3, -1]), c: undefined } }, 0);
    expect(text).to.equal('{"a":{"d":[3,-1]},"b":1}\n');
  });
  it('escapes pointer tokens per RFC 6901 and reads them back', () => {
    const p = pointerJoin('', 'a/b', 'c~d', 0);
    expect(p).to.equal('/a~1b/c~0d/0');
    expect(pointerGet({ 'a/b': { 'c~d': ['x'] } }, p)).to.equal('x');
  });
  it('formats a diagnostic with location, expectation and fix', () => {
    const d = diag('SNNC1001', 'bad size', { file: 'net.json', pointer: '/layers/0/size', expected: 'integer >= 1', found: '-3', fix: 'use a positive size' });
    expect(formatDiagnostic(d)).to.equal(
      'net.json#/layers/0/size: error SNNC1001: bad size (expected integer >= 1, found -3); fix: use a positive size',
    );
  });
  it('prints a pointer as one word: space, # and % percent-encoded (RFC 6901 section 6)', () => {
    const d = diag('SNNC1003', 'unknown key', { file: 's.json', pointer: '/learning/a b#c%d/ü' });
    expect(formatDiagnostic(d)).to.equal('s.json#/learning/a%20b%23c%25d/ü: error SNNC1003: unknown key');
    expect(d.pointer).to.equal('/learning/a b#c%d/ü');
  });
  it('names an empty path given as a file (validate \'\' printed "#: error SNNC1001")', () => {
    expect(formatDiagnostic(diag('SNNC1001', 'spec file not found', { file: '', pointer: '' }))).to.equal('<empty path>#: error SNNC1001: spec file not found');
    expect(formatDiagnostic(diag('SNNC1001', 'x', { pointer: '' }))).to.match(/^<input>#:/);
  });
  it('locates a binary-file diagnostic by its byte offset', () => {
    const d = diag('SNNC5031', 'truncated', { file: 'x-idx1-ubyte', offset: 8, expected: '60000 labels', found: '12 bytes' });
    expect(formatDiagnostic(d)).to.equal('x-idx1-ubyte@8: error SNNC5031: truncated (expected 60000 labels, found 12 bytes)');
  });
});

describe('common: atomic writes', () => {
  it('replaces the file and leaves no temporary behind', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-common-'));
    const f = path.join(dir, 'out.json');
    fs.writeFileSync(f, 'old');
    writeFileAtomic(f, 'new');
    expect(fs.readFileSync(f, 'utf8')).to.equal('new');
    expect(fs.readdirSync(dir)).to.deep.equal(['out.json']);
    fs.rmSync(dir, { recursive: true });
  });
});
