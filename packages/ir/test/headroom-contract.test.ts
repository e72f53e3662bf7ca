import { expect } from 'chai';
import { lowerGraph, populationHeadroom, validateSpec, type CubaParams, type LoweredPopulation, type LoweredProjection, type SrlifParams } from '../src/index.js';
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

/** One srlif population `p` (index 1) of one neuron fed by `weights` from input `in`, all hand-made. */
function handMade(P: Partial<SrlifParams>, weights: number[], q: Partial<LoweredProjection> = {}) {
  const pops: LoweredPopulation[] = [
    { id: 'in', index: 0, size: weights.length, role: 'input', layer: 0, model: 'input', params: null },
    {
      id: 'p', index: 1, size: 1, role: 'hidden', layer: 1, model: 'srlif',
      params: { model: 'srlif', decayV: 4096, vth0: 1, vthMin: 1, vthMax: 1, bias: 0, rateShift: 4, targetRate: 0, etaThetaMant: 0, etaThetaShift: 0, ...P },
    },
  ];
  const proj: LoweredProjection = {
    id: 'q', index: 0, source: 0, target: 1, kind: 'ff', delay: 1, plasticity: 'none',
    pre: Uint32Array.from(weights, (_, k) => k), post: new Uint32Array(weights.length), weight: Int16Array.from(weights),
    weightBits: 16, weightExp: 0, learnMant: 0, learnShift: 0, ...q,
  };
  return { pops, projs: weights.length ? [proj] : [] };
}

describe('ir: headroom at the edges of the widths (hand-made populations)', () => {
  it('V = 2^(voltageBits-1) exactly does not fit (the largest value is 2^(voltageBits-1) - 1); one LSB less does', () => {
    // srlif, decayV 4096: V = vth + U + |bias| with U = A = 2^14 x 2^(6+2) = 2^22 and vth = 2^22
    const at = (vth: number) => {
      const { pops, projs } = handMade({ vth0: vth, vthMin: vth, vthMax: vth }, [2 ** 14], { weightExp: 2 });
      return populationHeadroom(pops, projs, 24, 24)[0];
    };
    expect(at(2 ** 22)).to.deep.include({ worstInput: 2 ** 22, worstVoltage: 2 ** 23, bounded: false });
    expect(at(2 ** 22 - 1)).to.deep.include({ worstVoltage: 2 ** 23 - 1, bounded: true });
  });

  it('a current of 2^(currentBits-1) does not fit a narrower current register, even when the voltage does', () => {
    const { pops, projs } = handMade({}, [2 ** 9]); // A = U = 2^15
    expect(populationHeadroom(pops, projs, 24, 16)[0]).to.deep.include({ worstCurrent: 2 ** 15, bounded: false });
    expect(populationHeadroom(pops, projs, 24, 17)[0]).to.deep.include({ worstCurrent: 2 ** 15, bounded: true });
  });

  it('a plastic weight of few bits at a negative exponent counts at |-2^(weightBits-1) >> down| = ceil(2^(weightBits-1) / 2^down), not 0', () => {
    // weightBits 4, exponent -6: learning can reach -8, and -8 >> 6 = -1 (§2.2), one LSB of 2^6
    const { pops, projs } = handMade({}, [0], { plasticity: 'delta', weightBits: 4, weightExp: -6 });
    expect(populationHeadroom(pops, projs, 24, 24)[0].worstInput).to.equal(2 ** 6);
  });

  it('srlif headroom is from the largest of vthMax and |bias|: the threshold can climb to vthMax (§3.2)', () => {
    const fed = handMade({ vth0: 100, vthMin: 100, vthMax: 2 ** 20 }, [1]);
    expect(populationHeadroom(fed.pops, fed.projs, 24, 24)[0].headroomBits).to.equal(3);
    const biased = handMade({ bias: -(2 ** 21) }, [1]);
    expect(populationHeadroom(biased.pops, biased.projs, 24, 24)[0].headroomBits).to.equal(2);
  });

  it('no drive at all (zero input and bias) bounds v by the threshold even without voltage decay', () => {
    const { pops, projs } = handMade({ decayV: 0, vth0: 50, vthMin: 50, vthMax: 50 }, [0]);
    expect(populationHeadroom(pops, projs, 24, 24)[0]).to.deep.include({ worstInput: 0, worstVoltage: 50, bounded: true });
  });
});
