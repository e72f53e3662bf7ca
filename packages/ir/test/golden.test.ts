import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalText, lowerSpec } from '../src/index.js';
import { ROOT } from './helpers.js';

/**
 * Golden fixture: a tiny srsnn spec, lowered onto test-tiny, as readable canonical text. Any
 * change to expansion or lowering shows here as a diff a reviewer can read (and must accept by
 * regenerating: UPDATE_GOLDEN=1 npx mocha packages/ir/dist/test/golden.test.js).
 */
const dir = path.join(ROOT, 'packages', 'ir', 'test', 'fixtures');

describe('ir: golden lowered network', () => {
  it('tiny-srsnn.json on test-tiny matches tiny-srsnn.lowered.json', () => {
    const r = lowerSpec(path.join(dir, 'tiny-srsnn.json'), 'test-tiny');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const text = canonicalText(r.network!);
    const file = path.join(dir, 'tiny-srsnn.lowered.json');
    if (process.env.UPDATE_GOLDEN) fs.writeFileSync(file, text);
    expect(text).to.equal(fs.readFileSync(file, 'utf8'));
    // Hand-checkable facts of the fixture: microcircuits of 2 with density 1 are the pairs
    // 0<->1 and 2<->3; degree-2 lattice without rewiring: readout 0 takes h 0,1 and readout 1 takes h 2,3.
    const net = r.network!;
    const rec = net.projections.find((p) => p.id === 'rec:h')!;
    expect(Array.from(rec.pre)).to.deep.equal([0, 1, 2, 3]);
    expect(Array.from(rec.post)).to.deep.equal([1, 0, 3, 2]);
    const lr = net.projections.find((p) => p.id === 'lr:h')!;
    expect([Array.from(lr.pre), Array.from(lr.post)]).to.deep.equal([[0, 1, 2, 3], [0, 0, 1, 1]]);
  });
});
