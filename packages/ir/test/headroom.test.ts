import { expect } from 'chai';
import { lowerGraph, populationHeadroom, type CubaParams } from '../src/index.js';
import { expand, graphSpec, target } from './helpers.js';

/**
 * Issue 12, item 6: lowering reports the headroom it assumed and bounds the worst case of the
 * input with fan-in and current gain (headroom.ts), computed here by hand.
 */
const spec = (w: number, alphaU: number) =>
  graphSpec(
    [
      { id: 'in', kind: 'input', size: 3 },
      { id: 'c', kind: 'neuron', size: 2, neuron: { model: 'cuba', alphaU, alphaV: 0.75, vth: 10, refractory: 0 } },
    ],
    [{ id: 'p', source: 'in', target: 'c', connectivity: { type: 'explicit', pre: [0, 1, 2, 0], post: [0, 0, 0, 1], weight: [w, -w, w, w] } }],
  );

describe('ir: lowering headroom (worst case of the input)', () => {
  it('input = largest per-neuron sum of |w| 2^(6+exp); current = input x 4096 / (decayU + 1); voltage from vth, current and decayV', () => {
    const r = lowerGraph(expand(spec(2, 0.5)), target('loihi2'));
    const net = r.network!;
    const q = net.projections[0];
    const P = net.populations[1].params as CubaParams;
    const scale = 2 ** (6 + q.weightExp);
    // neuron 0 has three synapses of |mantissa| m, neuron 1 one
    const m = Math.abs(q.weight[0]);
    const A = 3 * m * scale;
    const U = (A * 4096) / (P.decayU + 1);
    const V = Math.max(P.vthMant * 64 + U, (U * 4096) / P.decayV);
    const h = r.report!.headroom;
    expect(h).to.have.length(1);
    expect(h[0]).to.deep.include({ id: 'c', worstInput: A, worstCurrent: U, worstVoltage: V, bounded: U < 2 ** 23 && V < 2 ** 23 });
    // vth * s <= 2^22 leaves at least one bit below the 24-bit range
    expect(h[0].headroomBits).to.be.at.least(1);
    expect(h[0].bounded).to.equal(false); // 3 weights of 2 against vth 10 at current gain 2: far beyond 2^23
  });

  it('a weak input with a fast current decay is bounded; current gain and fan-in move the bound', () => {
    const weak = lowerGraph(expand(spec(0.001, 0)), target('loihi2')).report!.headroom[0];
    expect(weak.bounded).to.equal(true);
    const slow = lowerGraph(expand(spec(0.001, 0.99)), target('loihi2')).report!.headroom[0];
    expect(slow.worstCurrent).to.be.greaterThan(50 * weak.worstCurrent); // gain 1 / (1 - 0.99) = 100 vs 1
  });

  it('plastic synapses count at their bound 2^(weightBits-1), which learning can reach', () => {
    const net = lowerGraph(expand(spec(0.001, 0)), target('loihi2')).network!;
    const q = net.projections[0];
    const fixed = populationHeadroom(net.populations, net.projections, 24, 24)[0].worstInput;
    const plastic = populationHeadroom(net.populations, [{ ...q, plasticity: 'delta' }], 24, 24)[0].worstInput;
    expect(plastic).to.equal(3 * 2 ** (q.weightBits - 1) * 2 ** (6 + q.weightExp));
    expect(plastic).to.be.greaterThan(fixed);
  });
});
