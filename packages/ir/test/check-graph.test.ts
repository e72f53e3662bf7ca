import { expect } from 'chai';
import { Codes, expectedSynapses, validateSpec } from '../src/index.js';
import { outExtent } from '../src/check-graph.js';
import { graphSpec, SRLIF } from './helpers.js';

/**
 * checkGraph (check-graph.ts): each semantic rule of a graph spec on its own, with the code and
 * the pointer it is reported at, and nothing else reported; and the synapse counts and output
 * extents the checks are made from. Before, most rules had no test of their own (mutation sweep).
 */
const diags = (doc: unknown) => validateSpec(doc, 'g.json').diagnostics.map((d) => [d.code, d.pointer]);
const POPS = [
  { id: 'in', kind: 'input', size: 2 },
  { id: 'h', kind: 'neuron', size: 2, neuron: SRLIF },
  { id: 'r', kind: 'neuron', size: 2, role: 'readout', classes: 2, neuronsPerClass: 1, neuron: SRLIF },
];
const one = (source: string, target: string, extra: Record<string, unknown> = {}) => ({ id: `${source}-${target}`, source, target, connectivity: { type: 'oneToOne', weight: 1 }, ...extra });
const explicit = (pre: number[], post: number[], weight = pre.map(() => 1)) => ({ id: 'p', source: 'in', target: 'h', connectivity: { type: 'explicit', pre, post, weight } });
const learning = (extra: Record<string, unknown> = {}) => ({
  enabled: true, gamma: 1, rival: 'winner', etaOut: 0.1, eta: 0.1, lambdaE: 0.5, lambdaM: 0.5, modulatory: { m: 1 },
  feedback: { dist: 'constant', value: 1 }, compression: { dist: 'constant', value: 1 }, readout: 'r', hidden: ['h'], ...extra,
});

describe('ir: graph spec checks (checkGraph), one rule at a time', () => {
  it('the base network has no diagnostic', () => {
    expect(diags(graphSpec(POPS, [one('in', 'h'), one('h', 'r')]))).to.deep.equal([]);
    expect(diags(graphSpec(POPS, [one('in', 'h', { plastic: 'threeFactor' }), one('h', 'r', { plastic: 'delta' })], { learning: learning() }))).to.deep.equal([]);
  });

  it('populations and projections: ids, references, kinds and roles', () => {
    const rows: [string, unknown, [string, string][]][] = [
      ['a projection id twice', graphSpec(POPS, [one('in', 'h'), { ...one('h', 'r'), id: 'in-h' }]), [[Codes.duplicateId, '/projections/1/id']]],
      // the first of two populations of one id is the one projections name (sizes 2 and 2: no size error)
      ['a population id twice', graphSpec([{ id: 'a', kind: 'input', size: 2 }, { id: 'a', kind: 'neuron', size: 3, neuron: SRLIF }, { id: 'b', kind: 'neuron', size: 2, neuron: SRLIF }], [one('a', 'b')]), [[Codes.duplicateId, '/populations/1/id']]],
      ['a projection into an input', graphSpec(POPS, [one('h', 'in')]), [[Codes.inputAsTarget, '/projections/0/target']]],
      ['a neuron population without a neuron model', graphSpec([POPS[0], { id: 'h', kind: 'neuron', size: 2 }], []), [[Codes.kindMismatch, '/populations/1']]],
      ['an input with a neuron model', graphSpec([{ ...POPS[0], neuron: SRLIF }, POPS[1]], []), [[Codes.kindMismatch, '/populations/0/neuron']]],
      ['a graded neuron population', graphSpec([POPS[0], { ...POPS[1], graded: true }], []), [[Codes.kindMismatch, '/populations/1/graded']]],
      ['a neuron population of role input', graphSpec([POPS[0], { ...POPS[1], role: 'input' }], []), [[Codes.kindMismatch, '/populations/1/role']]],
      ['a readout of size != classes x neuronsPerClass', graphSpec([POPS[0], { ...POPS[2], size: 3 }], []), [[Codes.readoutSize, '/populations/1/size']]],
    ];
    for (const [what, doc, expected] of rows) expect(diags(doc), what).to.deep.equal(expected);
  });

  it('connectivity: lengths, duplicates by (pre, post) pair, dense rows and columns, oneToOne sizes', () => {
    const rows: [string, unknown, [string, string][]][] = [
      ['explicit pre and post of different lengths', graphSpec(POPS, [explicit([0, 1], [0], [1, 1])]), [[Codes.lengthMismatch, '/projections/0/connectivity']]],
      ['(0, 1) and (1, 0) are two synapses', graphSpec(POPS, [explicit([0, 1], [1, 0])]), []],
      ['(0, 1) twice', graphSpec(POPS, [explicit([0, 0], [1, 1])]), [[Codes.duplicateSynapse, '/projections/0/connectivity/pre/1']]],
      ['dense with one row for two targets', graphSpec(POPS, [{ id: 'p', source: 'in', target: 'h', connectivity: { type: 'dense', weights: [[1, 1]] } }]), [[Codes.lengthMismatch, '/projections/0/connectivity/weights']]],
      ['dense with a short row', graphSpec(POPS, [{ id: 'p', source: 'in', target: 'h', connectivity: { type: 'dense', weights: [[1, 1], [1]] } }]), [[Codes.lengthMismatch, '/projections/0/connectivity/weights/1']]],
      ['oneToOne between sizes 2 and 3', graphSpec([POPS[0], { ...POPS[1], size: 3 }], [one('in', 'h')]), [[Codes.lengthMismatch, '/projections/0/connectivity']]],
    ];
    for (const [what, doc, expected] of rows) expect(diags(doc), what).to.deep.equal(expected);
  });

  it('a projection of exactly 2^31 - 1 synapses is refused only by the network total, not as a projection too large', () => {
    const big = 2 ** 23;
    const doc = graphSpec(
      [{ id: 'in', kind: 'input', size: big }, { id: 'h', kind: 'neuron', size: big, neuron: SRLIF }],
      [{ id: 'p', source: 'in', target: 'h', connectivity: { type: 'random', density: (2 ** 31 - 1) / 2 ** 46, weight: { dist: 'constant', value: 1 } } }],
    );
    expect(diags(doc)).to.deep.equal([[Codes.tooManySynapses, '/projections/0/connectivity/density']]);
  });

  it('learning: the readout has role readout; hidden populations are neurons, not the readout, each once; perLayer one per hidden; delta into the readout, threeFactor into a hidden', () => {
    const P3 = [...POPS, { id: 'h2', kind: 'neuron', size: 2, neuron: SRLIF }];
    const rows: [string, unknown, [string, string][]][] = [
      ['readout of role hidden', graphSpec(POPS, [], { learning: learning({ readout: 'h', hidden: [] }) }), [[Codes.learningReference, '/learning/readout']]],
      ['an input among the hidden', graphSpec(POPS, [], { learning: learning({ hidden: ['in'] }) }), [[Codes.learningReference, '/learning/hidden/0']]],
      ['the readout among the hidden', graphSpec(POPS, [], { learning: learning({ hidden: ['r'] }) }), [[Codes.learningReference, '/learning/hidden/0']]],
      ['a hidden population twice', graphSpec(P3, [], { learning: learning({ hidden: ['h', 'h'], modulatory: { m: 1 } }) }), [[Codes.duplicateId, '/learning/hidden/1']]],
      ['perLayer of two for one hidden', graphSpec(POPS, [], { learning: learning({ modulatory: { m: 1, perLayer: [1, 1] } }) }), [[Codes.lengthMismatch, '/learning/modulatory/perLayer']]],
      ['delta into a hidden population', graphSpec(POPS, [one('in', 'h', { plastic: 'delta' })], { learning: learning() }), [[Codes.learningReference, '/projections/0/plastic']]],
      ['threeFactor into the readout', graphSpec(POPS, [one('h', 'r', { plastic: 'threeFactor' })], { learning: learning() }), [[Codes.learningReference, '/projections/0/plastic']]],
      ['plastic with learning disabled', graphSpec(POPS, [one('h', 'r', { plastic: 'delta' })], { learning: learning({ enabled: false }) }), [[Codes.plasticWithoutLearning, '/projections/0/plastic']]],
    ];
    for (const [what, doc, expected] of rows) expect(diags(doc), what).to.deep.equal(expected);
  });

  it('conv2d and pool2d: shapes are sizes, kernels are cout x cin x kh x kw, pooling keeps channels', () => {
    const conv = (k: Record<string, unknown>, inSize = 8, outSize = 8) => graphSpec(
      [{ id: 'a', kind: 'input', size: inSize }, { id: 'b', kind: 'neuron', size: outSize, neuron: SRLIF }],
      [{ id: 'c', source: 'a', target: 'b', connectivity: { type: 'conv2d', stride: [1, 1], padding: [0, 0], ...k } }],
    );
    const K = (cout: number, cin: number, kh: number, kw: number) => Array.from({ length: cout }, () => Array.from({ length: cin }, () => Array.from({ length: kh }, () => new Array(kw).fill(1))));
    const rows: [string, unknown, [string, string][]][] = [
      // 2 x 2 x 2 in, 1 x 1 x 1 out, a 2x2 kernel over both channels
      ['a valid conv', conv({ inShape: [2, 2, 2], outShape: [1, 1, 1], kernel: K(1, 2, 2, 2) }, 8, 1), []],
      ['inShape [2, 2, 2] of 4 neurons', conv({ inShape: [2, 2, 2], outShape: [1, 1, 1], kernel: K(1, 2, 2, 2) }, 4, 1), [[Codes.shapeMismatch, '/projections/0/connectivity/inShape']]],
      ['a kernel of 2 output channels for 1', conv({ inShape: [2, 2, 2], outShape: [1, 1, 1], kernel: K(2, 2, 2, 2) }, 8, 1), [[Codes.shapeMismatch, '/projections/0/connectivity/kernel']]],
      ['a kernel of 1 input channel for 2', conv({ inShape: [2, 2, 2], outShape: [1, 1, 1], kernel: K(1, 1, 2, 2) }, 8, 1), [[Codes.shapeMismatch, '/projections/0/connectivity/kernel/0']]],
      ['a kernel with an empty row', conv({ inShape: [1, 2, 2], outShape: [1, 2, 2], kernel: [[[[]]]] }, 4, 4), [[Codes.shapeMismatch, '/projections/0/connectivity/kernel/0/0']]],
      // dilation 2 spreads a 2x2 kernel over 3x3: a 3x3 input gives 1x1
      ['a dilated conv', conv({ inShape: [1, 3, 3], outShape: [1, 1, 1], kernel: K(1, 1, 2, 2), dilation: [2, 2] }, 9, 1), []],
    ];
    for (const [what, doc, expected] of rows) expect(diags(doc), what).to.deep.equal(expected);
    const pool = graphSpec(
      [{ id: 'a', kind: 'input', size: 8 }, { id: 'b', kind: 'neuron', size: 1, neuron: SRLIF }],
      [{ id: 'c', source: 'a', target: 'b', connectivity: { type: 'pool2d', inShape: [2, 2, 2], outShape: [1, 1, 1], kernel: [2, 2], stride: [2, 2], padding: [0, 0], weight: 1 } }],
    );
    expect(diags(pool)).to.deep.equal([[Codes.shapeMismatch, '/projections/0/connectivity/outShape/0']]);
  });

  it('output extent is PyTorch\'s floor((n + 2 pad - dil (k - 1) - 1) / stride) + 1', () => {
    expect(outExtent(4, 3, 2, 0, 1)).to.equal(1);
    expect(outExtent(4, 3, 1, 1, 1)).to.equal(4);
    expect(outExtent(5, 3, 2, 1, 1)).to.equal(3);
    expect(outExtent(7, 3, 1, 0, 3)).to.equal(1);
  });

  it('synapses a connectivity gives: explicit its entries, dense nPre x nPost, oneToOne the smaller, conv nPost x cin x kh x kw, pool nPost x kh x kw', () => {
    expect(expectedSynapses({ type: 'oneToOne', weight: 1 } as never, 3, 5)).to.equal(3);
    expect(expectedSynapses({ type: 'conv2d', inShape: [2, 4, 4], outShape: [3, 3, 3], kernel: [[[[1, 1], [1, 1]], [[1, 1], [1, 1]]]] } as never, 32, 27)).to.equal(27 * 2 * 2 * 2);
    expect(expectedSynapses({ type: 'pool2d', inShape: [1, 4, 6], outShape: [1, 2, 2], kernel: [2, 3] } as never, 24, 4)).to.equal(4 * 6);
  });
});
