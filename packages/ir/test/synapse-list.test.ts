import { expect } from 'chai';
import fc from 'fast-check';
import { SynapseList } from '../src/synapses.js';

/**
 * The expansion's synapse lists (synapses.ts): exact-length arrays whatever the capacity, without
 * a second copy of a nearly full list (copying every list doubled expansion's peak memory).
 */
describe('ir: synapse lists', () => {
  it('finish gives exactly what was pushed, in order, with or without weights (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.array(fc.tuple(fc.nat(1000), fc.nat(1000), fc.double({ noNaN: true, min: -5, max: 5 })), { maxLength: 600 }), fc.boolean(), (cap, items, weights) => {
        const l = new SynapseList(cap, weights);
        for (const [a, b, w] of items) l.push(a, b, w);
        const f = l.finish();
        expect([...f.pre]).to.deep.equal(items.map((x) => x[0]));
        expect([...f.post]).to.deep.equal(items.map((x) => x[1]));
        expect([...f.weight]).to.deep.equal(items.map((x) => (weights ? x[2] : 0)));
        const t = l.finishTopology();
        expect([...t.pre]).to.deep.equal([...f.pre]);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  it('a nearly full list is returned as views of its buffers (no copy); a mostly empty one is copied (no buffer kept alive)', () => {
    const full = new SynapseList(6400, false);
    for (let s = 0; s < 6350; s++) full.push(s, s);
    const a = full.finishTopology();
    expect(a.pre.buffer).to.equal(full.pre.buffer);
    expect(a.pre.length).to.equal(6350);
    const sparse = new SynapseList(6400, false);
    for (let s = 0; s < 100; s++) sparse.push(s, s);
    const b = sparse.finishTopology();
    expect(b.pre.buffer).to.not.equal(sparse.pre.buffer);
    expect(b.pre.buffer.byteLength).to.equal(400);
  });
});
