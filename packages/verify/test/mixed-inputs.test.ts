/**
 * §2.4: a dataset is fed through one encoder, which writes one kind of raster for every input
 * column. A network with a graded and a plain input was verified with the graded values on both
 * (the plain input reading each as a spike, at every step of the rate code's values), while
 * `snnc emulate --dataset` refuses its image; now verify refuses it too, at the plain input.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { repoRoot } from '@snnc/ir';
import { verifySpec } from '../src/index.js';

const MIXED = path.join(repoRoot(), 'packages', 'training', 'test', 'fixtures', 'mixed-inputs.json');

describe('verify: a dataset for a network mixing graded and plain inputs (§2.4)', function () {
  this.timeout(60_000);

  it('is refused at the plain input (SNNC4306); all graded runs, and random input still runs the mixed one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-verify-mixed-'));
    try {
      const mixed = path.join(dir, 'mixed.json'), graded = path.join(dir, 'graded.json');
      fs.copyFileSync(MIXED, mixed);
      const allGraded = JSON.parse(fs.readFileSync(MIXED, 'utf8'));
      allGraded.populations[1].graded = true;
      fs.writeFileSync(graded, JSON.stringify(allGraded));
      for (const encoder of ['rate', 'rows']) {
        const v = verifySpec(mixed, 'loihi2', 'locality', { dataset: 'synthetic', encoder, samples: 2, seed: 0, train: false });
        expect(v.result).to.equal(undefined);
        expect(v.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.file, d.pointer])).to.deep.equal([['SNNC4306', mixed, '/populations/1/graded']]);
      }
      const all = verifySpec(graded, 'loihi2', 'locality', { dataset: 'synthetic', samples: 2, seed: 0, train: false });
      expect(all.result?.bitExact).to.equal(true);
      // random input draws each column by its own kind (gradedInputColumns): no encoder, no refusal
      const random = verifySpec(mixed, 'loihi2', 'locality', { samples: 2, seed: 0, train: false });
      expect(random.result?.bitExact).to.equal(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
