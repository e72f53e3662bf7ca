import { expect } from 'chai';
import { lowerGraph, type Graph } from '../src/index.js';
import { maxAbs } from '../src/fixed.js';
import { example, expand, graphSpec, lower, target } from './helpers.js';

/**
 * The range each projection's weight exponent is chosen for (docs/spec-format.md "Lowering onto a
 * target", items 1 and 3): r = max|w|, and for a plastic projection r = max(r, wMax), wMax from the
 * lowering option, else learning.wMax, else the largest initial weight, or the threshold of the
 * target population when all are 0. No test touched wMax: its precedence and the zero-weight
 * default could change unnoticed, as could "<=" in "the smallest x with r s / 2^(6+x) <= mantMax"
 * (mutation sweep 3).
 */

const input = { id: 'in', kind: 'input', size: 2 };
const cuba = { id: 'c', kind: 'neuron', size: 2, neuron: { model: 'cuba', alphaU: 0.5, alphaV: 0.75, vth: 10 } };

describe('ir: the weight exponent is the smallest that holds the range', () => {
  it('a largest |w| of exactly mantMax at exponent 0 stays at exponent 0 (r s / 2^6 <= mantMax)', () => {
    // loihi2: 9-bit mantissa, mantMax 255; cuba vth 10 -> s = 2^18, so w = 255 / 4096 is mantissa 255 at exp 0
    const { network } = lower(graphSpec([input, cuba], [{ id: 'p', source: 'in', target: 'c', connectivity: { type: 'explicit', pre: [0, 1], post: [0, 1], weight: [255 / 4096, 1 / 4096] } }]));
    expect(network.populations[1].voltageScaleLog2).to.equal(18);
    expect(network.projections[0].weightExp).to.equal(0);
    expect(Array.from(network.projections[0].weight)).to.deep.equal([255, 1]);
    // one LSB more needs exponent 1: 256 / 2 -> 128, 1 / 2 -> 1 (half away)
    const up = lower(graphSpec([input, cuba], [{ id: 'p', source: 'in', target: 'c', connectivity: { type: 'explicit', pre: [0, 1], post: [0, 1], weight: [256 / 4096, 1 / 4096] } }])).network;
    expect(up.projections[0].weightExp).to.equal(1);
    expect(Array.from(up.projections[0].weight)).to.deep.equal([128, 1]);
  });
});

describe('ir: the range of a plastic projection includes wMax', () => {
  const graph = (): Graph => expand(example('srsnn-small'));
  const plastic = (g: Graph) => g.projections.filter((p) => p.plasticity !== 'none');
  const ranges = (g: Graph, wMax?: number) => {
    const low = lowerGraph(g, target('loihi2'), wMax === undefined ? {} : { wMax });
    expect(low.report, JSON.stringify(low.diagnostics)).to.not.equal(undefined);
    return low.report!.projections;
  };

  it('default: the largest initial weight', () => {
    const g = graph();
    delete g.learning!.wMax;
    const q = ranges(g);
    expect(plastic(g).length).to.be.above(0);
    for (const p of plastic(g)) expect(q[p.index].range).to.equal(maxAbs(p.weight));
  });

  it('learning.wMax raises the range of every plastic projection, not of a fixed one', () => {
    const g = graph();
    g.learning!.wMax = 50;
    const q = ranges(g);
    for (const p of g.projections) expect(q[p.index].range).to.equal(p.plasticity === 'none' ? maxAbs(p.weight) : Math.max(50, maxAbs(p.weight)));
  });

  it('the lowering option wMax takes precedence over learning.wMax', () => {
    const g = graph();
    g.learning!.wMax = 50;
    const q = ranges(g, 1e-6);
    for (const p of plastic(g)) expect(q[p.index].range).to.equal(maxAbs(p.weight));
    const r = ranges(g, 70);
    for (const p of plastic(g)) expect(r[p.index].range).to.equal(Math.max(70, maxAbs(p.weight)));
  });

  it('a plastic projection of all-zero initial weights reserves the threshold of its target population', () => {
    const g = graph();
    delete g.learning!.wMax;
    const p = plastic(g)[0];
    p.weight.fill(0);
    const vth = (g.populations[p.target].params as { vth: number }).vth;
    expect(ranges(g)[p.index].range).to.equal(vth);
  });
});

describe('ir: a weight beyond the range at the extreme voltage scale is clamped to the mantissa range', () => {
  it('-1e17 at voltage scale 2^-30, exponent 7: mantissa -(mantMax + 1) = -256, counted in SNNC2103; +1e17 gives 255', () => {
    const srlif = { id: 'h', kind: 'neuron', size: 2, neuron: { model: 'srlif', alpha: 0.875, vth: 1 } };
    for (const [w, m] of [[-1e17, -256], [1e17, 255]]) {
      const { network, diagnostics } = lower(graphSpec([input, srlif], [{ id: 'p', source: 'in', target: 'h', connectivity: { type: 'explicit', pre: [0, 1], post: [0, 1], weight: [w, 1] } }]));
      expect(network.populations[1].voltageScaleLog2).to.equal(-30); // floor(log2(255 * 2^13 / 1e17)) = -36, clamped (item 2)
      expect(network.projections[0].weightExp).to.equal(7);
      expect(network.projections[0].weight[0]).to.equal(m);
      const clamped = diagnostics.filter((d) => d.code === 'SNNC2103');
      expect(clamped.map((d) => d.message)).to.deep.equal(['projection "p": 1 weights exceed the 9-bit mantissa range and were clamped']);
    }
  });
});

describe('ir: the voltage scale is clamped to [-30, 40] (item 2)', () => {
  it('vth 1e-9 would allow 2^51: the scale is 2^40, and vth lowers to R(1e-9 * 2^40) = 1100', () => {
    const srlif = { id: 'h', kind: 'neuron', size: 2, neuron: { model: 'srlif', alpha: 0.875, vth: 1e-9 } };
    const { network } = lower(graphSpec([input, srlif], [{ id: 'p', source: 'in', target: 'h', connectivity: { type: 'explicit', pre: [0], post: [0], weight: [1e-12] } }]));
    expect(network.populations[1].voltageScaleLog2).to.equal(40);
    expect((network.populations[1].params as { vth0: number }).vth0).to.equal(Math.round(1e-9 * 2 ** 40));
  });
});

describe('ir: a plastic projection is mixed-sign (semantics §2.2: learning may move a weight across zero)', () => {
  it('on loihi1 (mixedSignWeightBits 8) all-positive weights take 9 bits when fixed and 8 when plastic', () => {
    const c = { id: 'c', kind: 'neuron', size: 2, neuron: { model: 'cuba', alphaU: 0.5, alphaV: 0.75, vth: 10 } };
    const g = expand(graphSpec([input, c], [{ id: 'p', source: 'in', target: 'c', connectivity: { type: 'explicit', pre: [0, 1], post: [0, 1], weight: [0.5, 0.25] } }]));
    const fixed = lowerGraph(g, target('loihi1')).network!.projections[0];
    expect([fixed.weightBits, fixed.weightExp, ...fixed.weight]).to.deep.equal([9, 4, 128, 64]);
    g.projections[0].plasticity = 'threeFactor';
    const plastic = lowerGraph(g, target('loihi1')).network!.projections[0];
    expect([plastic.weightBits, plastic.weightExp, ...plastic.weight]).to.deep.equal([8, 5, 64, 32]);
  });
});

describe('ir: a delay is checked against the target maximum exactly (SNNC2102)', () => {
  it('delay = formats.maxDelay lowers; maxDelay + 1 is refused at the delay', () => {
    const t = target('loihi2');
    const spec = (delay: number) =>
      graphSpec([input, cuba], [{ id: 'p', source: 'in', target: 'c', delay, connectivity: { type: 'explicit', pre: [0], post: [0], weight: [0.5] } }]);
    const ok = lowerGraph(expand(spec(t.formats.maxDelay)), t);
    expect(ok.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    expect(ok.network!.projections[0].delay).to.equal(t.formats.maxDelay);
    const bad = lowerGraph(expand(spec(t.formats.maxDelay + 1)), t);
    expect(bad.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.pointer])).to.deep.equal([['SNNC2102', '/projections/0/delay']]);
  });
});
