import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { compile } from '@snnc/driver';
import { examplesDir, loadTarget, type Target } from '@snnc/ir';

/** §5.10 on a target: the SAL spike record is learning state, counted against core.learningStateBits. */
describe('SAL state against the target (compile time)', function () {
  this.timeout(120_000);
  const spec = (rule: 'fixed' | 'sal') => {
    const d = JSON.parse(fs.readFileSync(path.join(examplesDir(), 'srsnn-small.json'), 'utf8'));
    d.learning.modulatory = { m: d.readout.classes };
    d.learning.feedbackRule = { rule };
    return { document: d, name: 'small.json' };
  };
  const loihi2 = loadTarget('loihi2').target!;
  // room for the per-neuron state of a plastic target, not for T more bits of spike record
  const tight: Target = { ...loihi2, name: 'tight', core: { ...loihi2.core, learningStateBits: loihi2.learning.perNeuronStateBits + 4 } };

  it('fixed feedback compiles on the tight target; SAL is refused there naming learningStateBits', () => {
    const f = compile(spec('fixed'), tight);
    expect(f.image, f.diagnostics.map((d) => d.message).join('\n')).to.not.equal(undefined);
    const s = compile(spec('sal'), tight);
    expect(s.image).to.equal(undefined);
    const d = s.diagnostics.find((x) => x.code === 'SNNC3004');
    expect(d, JSON.stringify(s.diagnostics)).to.not.equal(undefined);
    expect(d!.message).to.match(/SAL spike record/);
    expect(d!.expected).to.match(/learningStateBits/);
  });

  it('on loihi2 the image carries the SAL programs and every SAL core counts T bits per SAL neuron', () => {
    const f = compile(spec('fixed'), loihi2);
    const s = compile(spec('sal'), loihi2);
    const blocks = s.image!.management.learning!.blocks;
    expect(blocks.every((b) => b.sal !== undefined)).to.equal(true);
    expect(f.image!.management.learning!.blocks.every((b) => b.sal === undefined)).to.equal(true);
    const bits = (img: typeof f.image) => img!.cores.reduce((a, c) => a + c.learningStateBits, 0);
    const salNeurons = blocks.reduce((a, b) => a + b.n, 0);
    expect(bits(s.image) - bits(f.image)).to.equal(salNeurons * s.image!.timesteps);
  });
});
