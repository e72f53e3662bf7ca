import { expect } from 'chai';
import fc from 'fast-check';
import { Rng } from '@snnc/common';
import { canonicalText, Codes, expandSpec, graphStats, hashNetwork, lowerGraph, memoryEstimate, validateSpec, type Graph } from '../src/index.js';
import { example, expand, graphSpec, SRLIF, target } from './helpers.js';

/** Every projection strictly sorted by (pre, post) (so no duplicates) and inside its populations. */
function assertCanonical(g: Graph): void {
  for (const p of g.projections) {
    const nPre = g.populations[p.source].size;
    const nPost = g.populations[p.target].size;
    expect(p.post.length, p.id).to.equal(p.pre.length);
    expect(p.weight.length, p.id).to.equal(p.pre.length);
    // Plain loop, one assertion at the end: chai per synapse would dominate the test time.
    let bad = -1;
    for (let s = 0; s < p.pre.length && bad < 0; s++) {
      if (p.pre[s] >= nPre || p.post[s] >= nPost) bad = s;
      else if (s > 0 && !(p.pre[s - 1] < p.pre[s] || (p.pre[s - 1] === p.pre[s] && p.post[s - 1] < p.post[s]))) bad = s;
    }
    expect(bad, `${p.id}: first synapse out of range or out of (pre, post) order`).to.equal(-1);
  }
}

describe('ir: expansion', () => {
  it('same spec + seed gives byte-identical canonical text; another seed differs', () => {
    const a = canonicalText(expand(example('srsnn-small')));
    const b = canonicalText(expand(example('srsnn-small')));
    expect(a).to.equal(b);
    expect(a.length).to.be.greaterThan(10000);
    const c = canonicalText(expand(example('srsnn-small'), 8));
    expect(c).to.not.equal(a);
  });

  it('srsnn-mnist hashes identically across two expansions', () => {
    const g1 = expand(example('srsnn-mnist'));
    const g2 = expand(example('srsnn-mnist'));
    expect(hashNetwork(g1)).to.equal(hashNetwork(g2));
    assertCanonical(g1);
    // Structure follows the spec (its values are tuned by the trainer, so derive, don't hard-code).
    const spec = example('srsnn-mnist');
    expect(g1.populations.map((p) => [p.id, p.size, p.role, p.layer])).to.deep.equal([
      [spec.input.id, 784, 'input', 0],
      ...spec.layers.map((l: { id: string; size: number }, k: number) => [l.id, l.size, 'hidden', k + 1]),
      [spec.readout.id, spec.readout.classes * spec.readout.neuronsPerClass, 'readout', -1],
    ]);
    expect(spec.readout.classes).to.equal(10);
    const perLayer: number[] = spec.learning.modulatory.perLayer ?? spec.layers.map(() => spec.learning.modulatory.m);
    expect(g1.learning!.modulatory.map((m) => m.m)).to.deep.equal(perLayer);
  });

  it('a projection draws only from its own stream: changing one leaves the others identical', () => {
    const s = example('srsnn-small');
    const g1 = expand(s);
    s.layers[1].recurrent.density = 0.9;
    const g2 = expand(s);
    for (const id of ['ff:h1', 'rec:h1', 'ff:h2', 'lr:h1']) {
      const p1 = g1.projections.find((p) => p.id === id)!;
      const p2 = g2.projections.find((p) => p.id === id)!;
      expect(Array.from(p2.pre), id).to.deep.equal(Array.from(p1.pre));
      expect(Array.from(p2.weight), id).to.deep.equal(Array.from(p1.weight));
    }
    expect(g2.projections[3].pre.length).to.be.greaterThan(g1.projections[3].pre.length);
  });

  it('property: random srsnn shapes give sorted, duplicate-free, in-range synapse lists, no self-synapses in rec', () => {
    fc.assert(
      fc.property(
        fc.record({
          nIn: fc.integer({ min: 1, max: 40 }),
          sizes: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 3 }),
          mc: fc.integer({ min: 1, max: 50 }),
          dRec: fc.double({ min: 0, max: 1, noNaN: true }),
          dInter: fc.double({ min: 0, max: 1, noNaN: true }),
          dFf: fc.double({ min: 0, max: 1, noNaN: true }),
          degree: fc.integer({ min: 0, max: 40 }),
          rewiring: fc.double({ min: 0, max: 1, noNaN: true }),
          seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        }),
        (r) => {
          const s = example('srsnn-small');
          s.seed = r.seed;
          s.input = { id: 'in', size: r.nIn };
          s.layers = r.sizes.map((n, k) => ({
            id: `h${k + 1}`,
            size: n,
            recurrent: { microcircuitSize: r.mc, density: r.dRec, interDensity: r.dInter, weight: { dist: 'uniform', low: -1, high: 1 } },
            feedforward: { density: r.dFf, weight: { dist: 'normal', mean: 0, std: 1, scaleByFanIn: true } },
          }));
          s.longRange = { sources: ['h1'], degree: Math.min(r.degree, r.sizes[0]), rewiring: r.rewiring, weight: { dist: 'constant', value: 0.5 } };
          delete s.learning;
          const g = expand(s);
          assertCanonical(g);
          for (const p of g.projections.filter((q) => q.kind === 'rec')) for (let i = 0; i < p.pre.length; i++) expect(p.pre[i]).to.not.equal(p.post[i]);
          // Long-range: exactly `degree` distinct sources per readout neuron.
          const lr = g.projections.find((p) => p.id === 'lr:h1')!;
          expect(lr.pre.length).to.equal(Math.min(r.degree, r.sizes[0]) * g.populations[g.populations.length - 1].size);
        },
      ),
      { numRuns: 60, seed: 4242 },
    );
  });

  it('longRange.centres "class-interleaved": a class hears npc evenly spaced neighbourhoods (more of the layer), each neuron the same degree and class as by default', () => {
    // 200 hidden neurons, 10 classes x 4 neurons, 10% each, no rewiring: by default class c's four
    // consecutive neurons hear neighbouring windows (20 + 3 x 5 = 35 sources); interleaved, their
    // windows are a quarter of the layer apart (4 x 20 = 80, disjoint).
    const spec = (centres?: 'neuron' | 'class-interleaved') => {
      const s = example('srsnn-small');
      s.input = { id: 'in', size: 20 };
      s.layers = [{ id: 'h1', size: 200, recurrent: { microcircuitSize: 50, density: 0.3, weight: { dist: 'constant', value: 0.1 } }, feedforward: { density: 0.2, weight: { dist: 'constant', value: 0.5 } } }];
      s.readout = { ...s.readout, classes: 10, neuronsPerClass: 4 };
      s.longRange = { sources: ['h1'], density: 0.1, rewiring: 0, weight: { dist: 'constant', value: 0.5 }, ...(centres ? { centres } : {}) };
      delete s.learning;
      return s;
    };
    const heard = (g: Graph) => {
      const lr = g.projections.find((p) => p.id === 'lr:h1')!;
      const perClass = Array.from({ length: 10 }, () => new Set<number>());
      const degree = new Array<number>(40).fill(0);
      for (let k = 0; k < lr.pre.length; k++) {
        perClass[Math.floor(lr.post[k] / 4)].add(lr.pre[k]);
        degree[lr.post[k]]++;
      }
      return { sizes: perClass.map((s) => s.size), degree };
    };
    const byNeuron = expand(spec());
    expect(canonicalText(expand(spec('neuron')))).to.equal(canonicalText(byNeuron));
    const a = heard(byNeuron);
    const b = heard(expand(spec('class-interleaved')));
    expect(a.degree).to.deep.equal(new Array(40).fill(20));
    expect(b.degree).to.deep.equal(a.degree);
    expect(a.sizes).to.deep.equal(new Array(10).fill(35));
    expect(b.sizes).to.deep.equal(new Array(10).fill(80));
    // Rank r(n) = (n mod 4) x 10 + floor(n / 4): neuron 1 of class 0 is centred where neuron 10 is by default.
    const lrA = byNeuron.projections.find((p) => p.id === 'lr:h1')!;
    const lrB = expand(spec('class-interleaved')).projections.find((p) => p.id === 'lr:h1')!;
    const sources = (lr: typeof lrA, n: number) => Array.from(lr.pre).filter((_, k) => lr.post[k] === n);
    expect(sources(lrB, 1)).to.deep.equal(sources(lrA, 10));
    expect(sources(lrB, 0)).to.deep.equal(sources(lrA, 0));
    assertCanonical(expand(spec('class-interleaved')));
  });
});

describe('ir: weight distributions near the range of a double', () => {
  // mean 1e308 with std 1e308 drew Infinity: the lowering clamped it with a warning ("found |w| up
  // to Infinity"), and feedback of Infinity scaled B by 127 / Infinity = 0 (no learning, in silence)
  const big = fc.tuple(fc.double({ min: 1, max: 9.99, noNaN: true }), fc.integer({ min: 290, max: 308 }), fc.boolean()).map(([m, e, neg]) => (neg ? -1 : 1) * Math.min(m * 10 ** e, Number.MAX_VALUE));
  const dist = fc.oneof(
    fc.tuple(big, big).map(([mean, std]): Record<string, number | string> => ({ dist: 'normal', mean, std: Math.abs(std) })),
    fc.tuple(big, big).map(([a, b]): Record<string, number | string> => ({ dist: 'uniform', low: Math.min(a, b), high: Math.max(a, b) })),
  );
  it('is accepted exactly when its draws are finite: accepted ones expand to finite weights (feedback that large is SNNC2021), the rest are SNNC2014 at std or high', () => {
    fc.assert(
      fc.property(dist, fc.constantFrom('ff', 'lr', 'feedback'), (d, where) => {
        const doc = example('srsnn-small');
        if (where === 'ff') doc.layers[0].feedforward.weight = d;
        else if (where === 'lr') doc.longRange.weight = d;
        else doc.learning.feedback = d;
        const v = validateSpec(doc, 'x.json');
        const bad = v.diagnostics.filter((x) => x.code === Codes.badDistribution);
        const finite = d.dist === 'normal' ? Number.isFinite(Math.abs(d.mean as number) + 9 * (d.std as number)) : Number.isFinite((d.high as number) - (d.low as number));
        if (!finite) {
          expect(v.spec).to.equal(undefined);
          expect(bad.map((x) => x.pointer)).to.have.length(1);
          expect(bad[0].pointer).to.match(d.dist === 'normal' ? /\/std$/ : /\/high$/);
          return;
        }
        expect(bad, JSON.stringify(d)).to.deep.equal([]);
        const ex = expandSpec(v.spec!, new Rng(7), 'x.json');
        if (where === 'feedback') {
          // finite, and still far too large: the learning chain would lower to its sign (learning-scale.ts)
          expect(ex.diagnostics.map((x) => x.code)).to.deep.equal([Codes.learningScale]);
          return;
        }
        for (const p of ex.graph!.projections) expect(p.weight.every(Number.isFinite), p.id).to.equal(true);
      }),
      { seed: 2014, numRuns: 60 },
    );
  });
});

describe('ir: graph connectivity', () => {
  const kernel3 = (co: number, ci: number, v = 1) => Array.from({ length: co }, () => Array.from({ length: ci }, () => [[v, v, v], [v, v, v], [v, v, v]]));

  it('conv2d without padding: every output sees the full 3x3 window', () => {
    const g = expand(graphSpec(
      [{ id: 'img', kind: 'input', size: 16, shape: [1, 4, 4] }, { id: 'c', kind: 'neuron', size: 8, shape: [2, 2, 2], neuron: SRLIF }],
      [{ id: 'conv', source: 'img', target: 'c', connectivity: { type: 'conv2d', inShape: [1, 4, 4], outShape: [2, 2, 2], kernel: kernel3(2, 1), stride: [1, 1], padding: [0, 0] } }],
    ));
    expect(g.projections[0].pre.length).to.equal(2 * 4 * 9);
    assertCanonical(g);
  });

  it('conv2d with padding 1: corners 4, edges 6, interior 9 synapses (100 in all); zero taps make no synapse', () => {
    const spec = (k: number[][][][]) => graphSpec(
      [{ id: 'img', kind: 'input', size: 16, shape: [1, 4, 4] }, { id: 'c', kind: 'neuron', size: 16, shape: [1, 4, 4], neuron: SRLIF }],
      [{ id: 'conv', source: 'img', target: 'c', connectivity: { type: 'conv2d', inShape: [1, 4, 4], outShape: [1, 4, 4], kernel: k, stride: [1, 1], padding: [1, 1] } }],
    );
    const g = expand(spec(kernel3(1, 1)));
    expect(g.projections[0].pre.length).to.equal(100);
    const s = graphStats(g);
    expect(s.projections[0].fanIn).to.deep.equal({ min: 4, mean: 100 / 16, max: 9 });
    const k = kernel3(1, 1);
    k[0][0][1][1] = 0; // centre tap off: one synapse fewer per output
    expect(expand(spec(k)).projections[0].pre.length).to.equal(100 - 16);
  });

  it('conv2d stride 2 on 2 input channels', () => {
    const g = expand(graphSpec(
      [{ id: 'img', kind: 'input', size: 2 * 5 * 5 }, { id: 'c', kind: 'neuron', size: 3 * 2 * 2, neuron: SRLIF }],
      [{ id: 'conv', source: 'img', target: 'c', connectivity: { type: 'conv2d', inShape: [2, 5, 5], outShape: [3, 2, 2], kernel: kernel3(3, 2, 0.5), stride: [2, 2], padding: [0, 0] } }],
    ));
    expect(g.projections[0].pre.length).to.equal(3 * 4 * 2 * 9);
  });

  it('pool2d 2x2 stride 2: 4 synapses per output, every input used exactly once', () => {
    const g = expand(graphSpec(
      [{ id: 'img', kind: 'input', size: 32 }, { id: 'p', kind: 'neuron', size: 8, neuron: SRLIF }],
      [{ id: 'pool', source: 'img', target: 'p', connectivity: { type: 'pool2d', inShape: [2, 4, 4], outShape: [2, 2, 2], kernel: [2, 2], stride: [2, 2], padding: [0, 0], weight: 0.25 } }],
    ));
    const s = graphStats(g);
    expect(s.projections[0].synapses).to.equal(32);
    expect(s.projections[0].fanIn).to.deep.equal({ min: 4, mean: 4, max: 4 });
    expect(s.projections[0].fanOut).to.deep.equal({ min: 1, mean: 1, max: 1 });
    // Input (c=1, y=3, x=2) = 16 + 12 + 2 = 30 feeds output (1, 1, 1) = 4 + 2 + 1 = 7.
    const p = g.projections[0];
    const s30 = Array.from(p.pre).indexOf(30);
    expect(p.post[s30]).to.equal(7);
  });
});

describe('ir: statistics', () => {
  const hand = () => graphSpec(
    [{ id: 'in', kind: 'input', size: 3 }, { id: 'h', kind: 'neuron', size: 2, neuron: SRLIF }],
    [
      { id: 'p', source: 'in', target: 'h', connectivity: { type: 'explicit', pre: [2, 0, 1, 2], post: [1, 0, 0, 0], weight: [0.5, 1, 1, 1] } },
      { id: 'self', source: 'h', target: 'h', connectivity: { type: 'oneToOne', weight: 0.25 } },
    ],
  );

  it('counts, densities and fan-in/fan-out of a hand-checkable graph', () => {
    const g = expand(hand());
    // The explicit list is put in (pre, post) order with its weights.
    expect(Array.from(g.projections[0].pre)).to.deep.equal([0, 1, 2, 2]);
    expect(Array.from(g.projections[0].post)).to.deep.equal([0, 0, 0, 1]);
    expect(Array.from(g.projections[0].weight)).to.deep.equal([1, 1, 1, 0.5]);
    const s = graphStats(g);
    expect(s).to.include({ neurons: 2, inputs: 3, synapses: 6, plasticSynapses: 0 });
    expect(s.projections[0]).to.include({ synapses: 4, density: 4 / 6 });
    expect(s.populations[1].fanIn).to.deep.equal({ min: 2, mean: 3, max: 4 }); // h0: 3 + 1, h1: 1 + 1
    expect(s.populations[0].fanOut).to.deep.equal({ min: 1, mean: 4 / 3, max: 2 });
    expect(s.populations[1].fanOut).to.deep.equal({ min: 1, mean: 1, max: 1 });
  });

  it('memory estimate by hand on test-tiny: 5 axon blocks of one word each', () => {
    const t = target('test-tiny');
    const m = memoryEstimate(expand(hand()), t);
    // Per synapse 9 weight + 6 index bits; blocks of 1 or 2 synapses + 10 bits overhead <= 64.
    expect(m.synapseBits).to.equal(5 * 64);
    expect(m).to.include({ coresBySynapseMemory: 1, coresByCompartments: 1 });
  });

  it('memory estimate by hand: delay and tag bits are paid by delayed and plastic projections only', () => {
    const t = target('test-tiny');
    const spec = graphSpec(
      [
        { id: 'in', kind: 'input', size: 2 },
        { id: 'r', kind: 'neuron', size: 2, role: 'readout', classes: 2, neuronsPerClass: 1, neuron: SRLIF },
      ],
      [{ id: 'p', source: 'in', target: 'r', delay: 3, plastic: 'delta', connectivity: { type: 'explicit', pre: [0, 0, 1], post: [0, 1, 1], weight: [1, 1, 1] } }],
      {
        learning: {
          enabled: true, gamma: 1, rival: 'winner', etaOut: 0.1, eta: 0, lambdaE: 0.5, lambdaM: 0.5, modulatory: { m: 1 },
          feedback: { dist: 'constant', value: 1 }, compression: { dist: 'constant', value: 1 }, readout: 'r', hidden: [],
        },
      },
    );
    const m = memoryEstimate(expand(spec), t);
    // 9 weight + 6 index + 6 delay + 9 tag = 30 bits a synapse: pre 0 has 2 (60 + 10 -> 2 words), pre 1 has 1 (40 -> 1 word).
    expect(m.synapseBits).to.equal(3 * 64);
    // Learning state: the 2 readout neurons x perNeuronStateBits.
    expect(m.learningStateBits).to.equal(2 * t.learning.perNeuronStateBits);
  });

  it('srsnn-small needs several cores on test-multichip and more than one chip', () => {
    const m = memoryEstimate(expand(example('srsnn-small')), target('test-multichip'));
    expect(m.coresByCompartments).to.equal(Math.ceil(72 / 16));
    expect(Math.ceil(Math.max(m.coresBySynapseMemory, m.coresByCompartments) / target('test-multichip').chip.cores)).to.be.greaterThan(1);
  });
});

describe('ir: seeds', () => {
  it('expandSpec with an explicit Rng records its seed', () => {
    const g = expand(example('srsnn-small'), 99);
    expect(g.seed).to.equal(new Rng(99).seed);
  });
});

describe('ir: examples/graph-conv.json', () => {
  it('validates, expands to the hand-counted synapses and lowers onto loihi1 (cuba only)', () => {
    const g = expand(example('graph-conv'));
    // Per kernel tap at offset (dy, dx), (8 - |dy|) * (8 - |dx|) outputs see an in-bounds input:
    // plus shape 64 + 4 * 56 = 288, two 6-tap edge kernels 2 * 56 + 4 * 49 = 308 each,
    // diagonal 64 + 4 * 49 = 260; 1164 in all.
    expect(g.projections.map((p) => [p.id, p.pre.length])).to.deep.include.members([['conv', 1164], ['pool', 256]]);
    assertCanonical(g);
    const low = lowerGraph(g, target('loihi1'));
    expect(low.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(low.network!.projections[2].plasticity).to.equal('delta');
  });
});
