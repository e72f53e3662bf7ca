import { expect } from 'chai';
import { Rng } from '@snnc/common';
import { microcircuits, randomProjection, smallWorld } from '../src/expand-srsnn.js';
import { smallWorldDegree } from '../src/check-srsnn.js';
import { expand, graphSpec } from './helpers.js';
import type { WeightDist } from '../src/generated/spec.js';

/**
 * Topology of the srsnn generators by hand (docs/spec-format.md "srsnn": microcircuits of
 * consecutive blocks with density inside and interDensity across, never i -> i; small-world
 * targets take the ring-lattice neighbourhood centred at floor((r + 0.5) nPre / nPost), each link
 * rewired with probability `rewiring` to a uniformly drawn source the target does not have).
 * Mutation sweep 3 found the suite blind to: the across-block draw starting one past the block
 * (first neuron of the next block never reached), the neighbourhood centred one to the left for an
 * odd degree, and a rewiring draw that can never pick the last source neuron.
 */

const one: WeightDist = { dist: 'constant', value: 1 };
const pairs = (s: { pre: Uint32Array; post: Uint32Array }) => Array.from(s.pre, (p, k) => `${p}>${s.post[k]}`);

describe('ir: microcircuits by hand', () => {
  it('interDensity 1, density 0: exactly every pair across blocks (8 neurons, blocks of 4: 32)', () => {
    const s = microcircuits(new Rng(3), 8, 4, 0, 1, one);
    const want: string[] = [];
    for (let j = 0; j < 8; j++) for (let i = 0; i < 8; i++) if (Math.floor(i / 4) !== Math.floor(j / 4)) want.push(`${j}>${i}`);
    expect(pairs(s)).to.deep.equal(want);
  });

  it('density 1, interDensity 0: every pair inside a block but i -> i (24); a short last block too', () => {
    const s = microcircuits(new Rng(3), 8, 4, 1, 0, one);
    const want: string[] = [];
    for (let j = 0; j < 8; j++) for (let i = 0; i < 8; i++) if (i !== j && Math.floor(i / 4) === Math.floor(j / 4)) want.push(`${j}>${i}`);
    expect(pairs(s)).to.deep.equal(want);
    const t = microcircuits(new Rng(3), 7, 3, 1, 1, one); // blocks [0,3) [3,6) [6,7): all pairs but i -> i
    expect(t.pre.length).to.equal(7 * 6);
  });
});

describe('ir: small-world neighbourhoods by hand', () => {
  it('rewiring 0, degree 3, 10 -> 10: target i takes sources i-1, i, i+1 (mod 10)', () => {
    const s = smallWorld(new Rng(5), { degree: 3, rewiring: 0, weight: one } as never, 10, 10);
    const byPost = new Map<number, number[]>();
    s.post.forEach((i, k) => byPost.set(i, [...(byPost.get(i) ?? []), s.pre[k]]));
    for (let i = 0; i < 10; i++) expect(byPost.get(i)!.sort((a, b) => a - b)).to.deep.equal([(i + 9) % 10, i, (i + 1) % 10].sort((a, b) => a - b));
  });

  it('degree 1, 20 -> 5: centre floor((i + 0.5) * 4) = 4i + 2', () => {
    const s = smallWorld(new Rng(5), { degree: 1, rewiring: 0, weight: one } as never, 20, 5);
    expect(Array.from(s.pre)).to.have.members([2, 6, 10, 14, 18]);
  });

  it('rewiring 1 draws the new source uniformly from every source neuron the target lacks, the last one included', () => {
    // 4 sources, degree 1, 400 targets: each link is rewired to one of the 3 others, so every source appears about 100 times
    const s = smallWorld(new Rng(9), { degree: 1, rewiring: 1, weight: one } as never, 4, 400);
    const count = [0, 0, 0, 0];
    for (const p of s.pre) count[p]++;
    for (const c of count) expect(c).to.be.within(60, 140);
    // never the lattice source itself (the target already has it)
    s.post.forEach((i, k) => expect(s.pre[k]).to.not.equal(Math.floor(((i + 0.5) * 4) / 400)));
  });
});

describe('ir: random connectivity of a population onto itself has no i -> i unless allowSelf', () => {
  it('density 1, 5 -> 5 with noSelf: the 20 pairs i != j; without: 25', () => {
    expect(pairs(randomProjection(new Rng(2), 1, one, 5, 5, true))).to.have.length(20);
    expect(pairs(randomProjection(new Rng(2), 1, one, 5, 5, true)).some((x) => x.split('>')[0] === x.split('>')[1])).to.equal(false);
    expect(pairs(randomProjection(new Rng(2), 1, one, 5, 5, false))).to.have.length(25);
  });

  it('a graph spec "random" projection h -> h: 20 synapses by default, 25 with allowSelf', () => {
    const spec = (allowSelf?: boolean) =>
      graphSpec(
        [{ id: 'h', kind: 'neuron', size: 5, neuron: { model: 'srlif', alpha: 0.875, vth: 1 } }],
        [{ id: 'r', source: 'h', target: 'h', connectivity: { type: 'random', density: 1, weight: one, ...(allowSelf ? { allowSelf } : {}) } }],
      );
    expect(expand(spec()).projections[0].pre.length).to.equal(20);
    expect(expand(spec(true)).projections[0].pre.length).to.equal(25);
    // between two populations "self" means nothing: pre j -> post j is an ordinary pair
    const between = graphSpec(
      [{ id: 'in', kind: 'input', size: 5 }, { id: 'h', kind: 'neuron', size: 5, neuron: { model: 'srlif', alpha: 0.875, vth: 1 } }],
      [{ id: 'r', source: 'in', target: 'h', connectivity: { type: 'random', density: 1, weight: one } }],
    );
    expect(expand(between).projections[0].pre.length).to.equal(25);
  });
});

describe('ir: a small-world density is a degree round(density * nSource)', () => {
  it('0.19 of 10 sources is degree 2 (floor would give 1); 0.14 is 1; an explicit degree wins', () => {
    expect(smallWorldDegree({ density: 0.19 } as never, 10)).to.equal(2);
    expect(smallWorldDegree({ density: 0.14 } as never, 10)).to.equal(1);
    expect(smallWorldDegree({ degree: 3 } as never, 10)).to.equal(3);
  });
});

describe('ir: dense connectivity is weights[target][source] (spec-format "Connectivity")', () => {
  const spec = (keepZeros?: boolean) =>
    graphSpec(
      [{ id: 'in', kind: 'input', size: 3 }, { id: 'h', kind: 'neuron', size: 2, neuron: { model: 'srlif', alpha: 0.875, vth: 1 } }],
      [{ id: 'd', source: 'in', target: 'h', connectivity: { type: 'dense', weights: [[1, 0, 3], [4, 5, 0]], ...(keepZeros ? { keepZeros } : {}) } }],
    );
  const triples = (keepZeros?: boolean) => {
    const p = expand(spec(keepZeros)).projections[0];
    return Array.from(p.pre, (j, k) => [j, p.post[k], p.weight[k]]);
  };

  it('a 2 x 3 matrix: source j -> target i with weights[i][j], zeros dropped, in (pre, post) order', () => {
    expect(triples()).to.deep.equal([[0, 0, 1], [0, 1, 4], [1, 1, 5], [2, 0, 3]]);
  });

  it('keepZeros keeps every entry, zeros as synapses of weight 0', () => {
    expect(triples(true)).to.deep.equal([[0, 0, 1], [0, 1, 4], [1, 0, 0], [1, 1, 5], [2, 0, 3], [2, 1, 0]]);
  });
});
