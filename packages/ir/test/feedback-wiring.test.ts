import { expect } from 'chai';
import fc from 'fast-check';
import { Rng } from '@snnc/common';
import { Codes, expandSpec, validateSpec } from '../src/index.js';
import { leftPseudoInverse, readoutDecoder, readoutShares } from '../src/feedback-wiring.js';
import { errors, example, expand } from './helpers.js';

/** G^+ of a random M x C matrix, checked by G^+ G = I (a wrong inverse cannot pass). */
describe('ir: feedbackWiring "readout"', () => {
  it('leftPseudoInverse(G) G = I for random full-rank G (M >= C)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 4 }), fc.integer(), (C, extra, seed) => {
        const M = C + extra;
        let s = seed >>> 0 || 1;
        const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
        const G = Float64Array.from({ length: M * C }, rnd);
        const Gp = leftPseudoInverse(G, M, C);
        if (!Gp) return; // a (measure-zero) singular draw
        // The normal equations square G's condition number, so the rounding error of G^+ G grows
        // with kappa(G)^2 <= (|G|_F |G^+|_F)^2: the tolerance follows it (CI once drew a 3 x 3 G
        // with kappa ~ 1e5). A wrong inverse is off by O(1); draws too ill-conditioned for that to
        // show are skipped.
        const norm = (x: Float64Array) => Math.sqrt(x.reduce((s2, v) => s2 + v * v, 0));
        const kappa2 = (norm(G) * norm(Gp)) ** 2;
        if (kappa2 > 1e12) return;
        const tol = Math.max(1e-10, 64 * Number.EPSILON * kappa2);
        for (let r = 0; r < C; r++) {
          for (let c = 0; c < C; c++) {
            let v = 0;
            for (let a = 0; a < M; a++) v += Gp[r * M + a] * G[a * C + c];
            expect(v).to.be.closeTo(r === c ? 1 : 0, tol);
          }
        }
      }),
      { numRuns: 200, examples: [[3, 0, -1688422000]] },
    );
  });

  it('leftPseudoInverse refuses M < C and rank-deficient G', () => {
    expect(leftPseudoInverse(new Float64Array([1, 2]), 1, 2)).to.equal(null);
    // two equal columns
    expect(leftPseudoInverse(new Float64Array([1, 1, 2, 2, 3, 3]), 3, 2)).to.equal(null);
  });

  it('the decoder makes the chain Wmh (Wem B^T / N) equal gain x share', () => {
    const N = 7, M = 4, C = 3;
    let st = 12345;
    const rnd = () => ((st = (Math.imul(st, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
    const B = Float64Array.from({ length: C * N }, rnd);
    const Wem = Float64Array.from({ length: M * N }, rnd);
    const share = Float64Array.from({ length: N * C }, (_, k) => ((k * 5) % 7) / 7);
    const Wmh = readoutDecoder(B, Wem, N, M, C, share, 0.25)!;
    for (let i = 0; i < N; i++) {
      for (let c = 0; c < C; c++) {
        // delta = unit vector e_c through the whole chain
        let h = 0;
        for (let a = 0; a < M; a++) {
          let g = 0;
          for (let j = 0; j < N; j++) g += Wem[a * N + j] * B[c * N + j];
          h += Wmh[i * M + a] * (g / N);
        }
        expect(h).to.be.closeTo(0.25 * share[i * C + c], 1e-9);
      }
    }
  });

  it('shares are each neuron\'s fraction of long-range synapses per class, from the expanded wiring', () => {
    const doc = example('srsnn-small');
    const g = expand(doc);
    const readout = g.populations.find((p) => p.role === 'readout')!;
    const h1 = g.populations.find((p) => p.id === 'h1')!;
    const C = readout.classes!;
    const share = readoutShares(h1, readout, g.projections, C);
    const lr = g.projections.find((p) => p.id === 'lr:h1')!;
    const counts = new Map<number, number[]>();
    for (let s = 0; s < lr.pre.length; s++) {
      const row = counts.get(lr.pre[s]) ?? new Array(C).fill(0);
      row[Math.floor(lr.post[s] / readout.neuronsPerClass!)]++;
      counts.set(lr.pre[s], row);
    }
    for (let i = 0; i < h1.size; i++) {
      const row = counts.get(i);
      const tot = row ? row.reduce((a, b) => a + b, 0) : 0;
      for (let c = 0; c < C; c++) expect(share[i * C + c]).to.be.closeTo(tot ? row![c] / tot : 0, 1e-12);
    }
  });

  it('an srsnn with feedbackWiring "readout" expands with the solved decoder; B and Wem stay the random draws', () => {
    const doc = example('srsnn-small');
    const random = expand(doc);
    doc.learning.feedbackWiring = 'readout';
    doc.learning.feedbackGain = 0.5;
    const wired = expand(doc);
    const readout = wired.populations.find((p) => p.role === 'readout')!;
    const C = readout.classes!;
    wired.learning!.modulatory.forEach((mod, k) => {
      const r = random.learning!.modulatory[k];
      expect(Array.from(mod.B)).to.deep.equal(Array.from(r.B));
      expect(Array.from(mod.Wem)).to.deep.equal(Array.from(r.Wem));
      expect(Array.from(mod.Wmh)).to.not.deep.equal(Array.from(r.Wmh));
      const pop = wired.populations[mod.population];
      const expected = readoutDecoder(mod.B, mod.Wem, pop.size, mod.m, C, readoutShares(pop, readout, wired.projections, C), 0.5)!;
      expect(Array.from(mod.Wmh)).to.deep.equal(Array.from(expected));
    });
  });

  it('B and Wem whose product leaves a double are refused with SNNC2019 at /learning/feedback: not a throw (exit 70) nor a decoder of NaN quantised to zeros', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: -320, max: -160 }), fc.integer({ min: -3, max: 3 }), fc.integer({ min: 160, max: 307 })), fc.integer({ min: -1, max: 1 }), (e, skew) => {
        const doc = example('srsnn-small');
        doc.learning.feedbackWiring = 'readout';
        doc.learning.feedback = { dist: 'normal', mean: 0, std: 10 ** (e + skew) };
        doc.learning.compression = { dist: 'normal', mean: 0, std: 10 ** e };
        const v = validateSpec(doc, 'x.json');
        expect(v.spec, JSON.stringify(v.diagnostics)).to.not.equal(undefined);
        const r = expandSpec(v.spec!, new Rng(v.spec!.seed), 'x.json');
        if (Math.abs(e) <= 3) {
          expect(r.diagnostics).to.deep.equal([]);
          for (const mod of r.graph!.learning!.modulatory) expect(mod.Wmh.every(Number.isFinite)).to.equal(true);
        } else {
          expect(r.graph).to.equal(undefined);
          expect(r.diagnostics.map((d) => [d.code, d.file, d.pointer])).to.deep.equal([[Codes.feedbackWiring, 'x.json', '/learning/feedback']]);
        }
      }),
      { seed: 2019, numRuns: 24 },
    );
  });

  it('M < classes and constant feedback are refused with SNNC2019 at their pointers', () => {
    const doc = example('srsnn-small');
    doc.learning.feedbackWiring = 'readout';
    doc.learning.modulatory = { m: 4, perLayer: [4, 3] };
    doc.learning.feedback = { dist: 'constant', value: 1 };
    const errs = errors(validateSpec(doc, 'x.json').diagnostics).filter((d) => d.code === Codes.feedbackWiring);
    expect(errs.map((d) => d.pointer).sort()).to.deep.equal(['/learning/feedback/dist', '/learning/modulatory/perLayer/1']);
    doc.learning.feedbackWiring = 'random';
    expect(errors(validateSpec(doc, 'x.json').diagnostics).filter((d) => d.code === Codes.feedbackWiring)).to.have.length(0);
  });
});
