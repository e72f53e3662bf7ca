import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { diag } from '@snnc/common';
import { lowerSpec, repoRoot, type SrsnnSpec } from '@snnc/ir';
import { locate } from '../src/index.js';

/** locate: a lowered network's pointer mapped to the spec element (and field) it came from. */
describe('driver: locate into the spec', () => {
  const spec = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'examples/srsnn-small.json'), 'utf8')) as SrsnnSpec;
  spec.layers[1].recurrent.delay = 3;
  const net = lowerSpec({ document: spec, name: 's.json' }, 'loihi2').network!;
  const at = (pointer: string) => locate(diag('SNNC2830', 'x', { pointer }), 's.json', 'loihi2', net).pointer;
  const rec = net.projections.findIndex((q) => q.specPointer === '/layers/1/recurrent');

  it('a projection\'s delay stays the delay field of its srsnn element; other fields name the element', () => {
    expect(rec).to.be.at.least(0);
    expect(at(`/projections/${rec}/delay`)).to.equal('/layers/1/recurrent/delay'); // before: /layers/1/recurrent
    expect(at(`/projections/${rec}`)).to.equal('/layers/1/recurrent');
    expect(at(`/projections/${rec}/weight/3`)).to.equal('/layers/1/recurrent');
    expect(at(`/projections/${rec}/delayed`)).to.equal('/layers/1/recurrent'); // a field's prefix is not the field
  });

  it('a population\'s fields name the element (an srsnn readout has no size field to point at)', () => {
    const readout = net.populations.findIndex((p) => p.specPointer === '/readout');
    expect(at(`/populations/${readout}/size`)).to.equal('/readout');
  });
});
