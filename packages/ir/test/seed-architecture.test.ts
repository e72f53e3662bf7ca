import { expect } from 'chai';
import { example, expand } from './helpers.js';

/**
 * The default networks of `snnc train` are the seed's architecture (SEED.md §2, issue 10 item 3):
 * K >= 2 stacked recurrent layers of locally dense microcircuits (at least a quarter of the pairs
 * inside a microcircuit connected, no connections between microcircuits), feed-forward from layer
 * k-1 to k, and sparse small-world long-range projections from every layer to the readout in which
 * each readout neuron hears at most 10% of a layer, with some links rewired. Checked on the
 * expanded graphs, so a spec edit that breaks the architecture fails here.
 */
describe('the default networks are the seed architecture', () => {
  for (const name of ['srsnn-seed', 'srsnn-seed-mnist-wide', 'srsnn-seed-mnist-wide3', 'srsnn-seed-rows'] as const) {
    describe(name, () => {
      const spec = example(name);
      const g = expand(spec);
      const hidden = g.populations.filter((p) => p.role === 'hidden');
      const readout = g.populations.find((p) => p.role === 'readout')!;

      it('has K >= 2 stacked hidden layers, each fed by the one before', () => {
        expect(hidden.length).to.be.at.least(2);
        hidden.forEach((h, k) => {
          const src = k === 0 ? g.populations.find((p) => p.role === 'input')! : hidden[k - 1];
          expect(g.projections.some((q) => q.kind === 'ff' && q.source === src.index && q.target === h.index), h.id).to.equal(true);
        });
      });

      it('connects at least 25% of the pairs inside every microcircuit and none across', () => {
        spec.layers.forEach((l: { id: string; recurrent: { microcircuitSize: number } }) => {
          const h = hidden.find((p) => p.id === l.id)!;
          const mc = l.recurrent.microcircuitSize;
          const rec = g.projections.find((q) => q.kind === 'rec' && q.target === h.index)!;
          const within = new Float64Array(Math.ceil(h.size / mc));
          for (let s = 0; s < rec.pre.length; s++) {
            const a = Math.floor(rec.pre[s] / mc);
            expect(a, 'a recurrent synapse leaves its microcircuit').to.equal(Math.floor(rec.post[s] / mc));
            within[a]++;
          }
          within.forEach((n, a) => {
            const size = Math.min(mc, h.size - a * mc);
            expect(n / (size * (size - 1)), `${l.id} microcircuit ${a}`).to.be.at.least(0.2);
          });
          let total = 0;
          within.forEach((n) => (total += n));
          expect(total / within.length / (mc * (mc - 1)), `${l.id} mean density`).to.be.at.least(0.25);
        });
      });

      it('gives every readout neuron at most 10% of every layer, small-world (some links rewired off the lattice)', () => {
        for (const h of hidden) {
          const lr = g.projections.find((q) => q.source === h.index && q.target === readout.index);
          expect(lr, `${h.id} -> readout`).to.not.equal(undefined);
          const fanIn = new Float64Array(readout.size);
          let offLattice = 0;
          for (let s = 0; s < lr!.pre.length; s++) {
            fanIn[lr!.post[s]]++;
            const centre = Math.floor(((lr!.post[s] + 0.5) * h.size) / readout.size);
            if (Math.abs(lr!.pre[s] - centre) > 0.06 * h.size) offLattice++;
          }
          for (const n of fanIn) expect(n / h.size).to.be.at.most(0.1);
          expect(offLattice / lr!.pre.length, `${h.id}: rewired fraction`).to.be.within(0.05, 0.5);
        }
      });
    });
  }
});
