import { expect } from 'chai';
import { lowerGraph, populationHeadroom, validateSpec, type CubaParams } from '../src/index.js';
import { expand, graphSpec, target } from './helpers.js';

/**
 * The headroom bound (packages/ir/src/headroom.ts; docs are silent beyond "worst case of the input",
 * specified here from the code's comments): V = max(vth + U + |bias|, (U + |bias|) 4096 / decayV),
 * a weight at a negative exponent contributes |w >> down| <= ceil(|w| / 2^down). The existing tests
 * had no bias, a decayV for which the second term always won, and no negative exponent: |bias| as
 * bias, vth dropped from V, and floor for ceil all passed (mutation sweep 3).
 */
const spec = (bias: number, alphaV: number) =>
  graphSpec(
    [
      { id: 'in', kind: 'input', size: 2 },
      { id: 'c', kind: 'neuron', size: 1, neuron: { model: 'cuba', alphaU: 0, alphaV, vth: 10, bias, refractory: 0 } },
    ],
    [{ id: 'p', source: 'in', target: 'c', connectivity: { type: 'explicit', pre: [0, 1], post: [0, 0], weight: [0.01, 0.01] } }],
  );

describe('ir: headroom by hand', () => {
  it('alphaV 0 (decayV 4095, the largest for cuba): V = vth + U + |bias|, a negative bias counted by its magnitude', () => {
    const net = lowerGraph(expand(spec(-1, 0)), target('loihi2')).network!;
    const P = net.populations[1].params as CubaParams;
    const q = net.projections[0];
    expect(P.decayV).to.equal(4095);
    const A = 2 * Math.abs(q.weight[0]) * 2 ** (6 + q.weightExp);
    const U = (A * 4096) / (P.decayU + 1);
    const bias = Math.abs(P.biasMant * 2 ** P.biasExp);
    expect(bias).to.be.above(0);
    const drive = U + bias;
    const V = Math.max(P.vthMant * 64 + drive, (drive * 4096) / P.decayV);
    expect(V).to.equal(P.vthMant * 64 + drive); // the threshold term wins here
    const h = populationHeadroom(net.populations, net.projections, 24, 24)[0];
    expect(h).to.deep.include({ worstInput: A, worstCurrent: U, worstVoltage: V });
  });

  it('a weight at a negative exponent adds ceil(|w| / 2^down) * 64 (an image may carry one, §2.2)', () => {
    const net = lowerGraph(expand(spec(0, 0.5)), target('loihi2')).network!;
    const q = { ...net.projections[0], weightExp: -2, weight: Int16Array.of(5, -5) };
    const h = populationHeadroom(net.populations, [q], 24, 24)[0];
    expect(h.worstInput).to.equal(2 * 2 * 64); // ceil(5 / 4) = 2 and |-5 >> 2| = 2, twice
  });

  it('a plain srlif spec validates without any warning (homeostasis off is not "inert homeostasis")', () => {
    const v = validateSpec(graphSpec(
      [{ id: 'in', kind: 'input', size: 2 }, { id: 'h', kind: 'neuron', size: 2, neuron: { model: 'srlif', alpha: 0.875, vth: 1 } }],
      [{ id: 'p', source: 'in', target: 'h', connectivity: { type: 'explicit', pre: [0], post: [0], weight: [0.5] } }],
    ));
    expect(v.diagnostics).to.deep.equal([]);
  });
});
