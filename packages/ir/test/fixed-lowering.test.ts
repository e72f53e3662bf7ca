import { expect } from 'chai';
import fc from 'fast-check';
import { Codes, type CubaParams, type SrlifParams } from '../src/index.js';
import { clamp, decay12, roundHalfAway, toInt8, toMantShift } from '../src/fixed.js';
import { graphSpec, lower } from './helpers.js';

/**
 * The fixed-point primitives of lowering (packages/ir/src/fixed.ts) and the places the contract
 * names them (docs/spec-format.md "Lowering onto a target", docs/semantics.md §1.1). Every case is
 * chosen where a plausible wrong implementation differs: exactly on a half, at a mantissa limit.
 * Nothing else in the suite imported fixed.ts: Math.round for the half-away rounding, floor for the
 * 12-bit decay, "<" for "<=" in the shift search, a dropped underflow flag and an int8 clamp at -128
 * all passed every test (mutation sweep 3).
 */

const srlifPop = (neuron: Record<string, unknown>) => ({ id: 'h', kind: 'neuron', size: 1, neuron: { model: 'srlif', alpha: 0.875, vth: 1, ...neuron } });
const input = { id: 'in', kind: 'input', size: 2 };
const oneSrlif = (neuron: Record<string, unknown>) =>
  graphSpec([input, srlifPop(neuron)], [{ id: 'p', source: 'in', target: 'h', connectivity: { type: 'explicit', pre: [0], post: [0], weight: [0.5] } }]);
const srlifParams = (neuron: Record<string, unknown>) => lower(oneSrlif(neuron)).network.populations[1].params as SrlifParams;

describe('ir: fixed-point primitives of lowering', () => {
  it('R(x) rounds halves away from zero, so R(-x) = -R(x) (spec-format "Lowering": "w and -w give negated mantissas")', () => {
    expect(roundHalfAway(2.5)).to.equal(3);
    expect(roundHalfAway(-2.5)).to.equal(-3); // Math.round gives -2
    expect(roundHalfAway(-0.5)).to.equal(-1);
    expect(roundHalfAway(-2.4)).to.equal(-2);
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 3 }), (i, q) => {
        const x = i + q / 4; // exact quarters, halves among them
        expect(roundHalfAway(-x)).to.equal(-roundHalfAway(x));
        expect(Math.abs(roundHalfAway(x) - x)).to.be.at.most(0.5);
      }),
      { numRuns: 300 },
    );
  });

  it('a weight -w lowers to minus the mantissa of w, exactly on a half too', () => {
    // cuba vth 10 -> s = 2^18, exponent 0: mantissa = w * 2^18 / 64 = w * 4096; 2.5 / 4096 -> +-3
    const spec = graphSpec(
      [input, { id: 'c', kind: 'neuron', size: 2, neuron: { model: 'cuba', alphaU: 0.5, alphaV: 0.75, vth: 10 } }],
      [{ id: 'p', source: 'in', target: 'c', connectivity: { type: 'explicit', pre: [0, 1], post: [0, 1], weight: [2.5 / 4096, -2.5 / 4096] } }],
    );
    const { network } = lower(spec);
    expect(network.populations[1].voltageScaleLog2).to.equal(18);
    expect(network.projections[0].weightExp).to.equal(0);
    expect(Array.from(network.projections[0].weight)).to.deep.equal([3, -3]);
  });

  it('decay12: d = R((1 - alpha) * 4096), half away, clamped to [0, max] (§1.1)', () => {
    expect(decay12(1 - 2.5 / 4096)).to.equal(3); // floor would give 2
    expect(decay12(1 - 2.4 / 4096)).to.equal(2);
    expect(decay12(0.875)).to.equal(512);
    expect(decay12(-0.5)).to.equal(4096); // alpha < 0 would be d 6144: clamped
    expect(decay12(0, 4095)).to.equal(4095);
    expect(decay12(1.5)).to.equal(0);
    // through lowering: srlif decayV, cuba decayV and decayU (R(...) - 1)
    expect(srlifParams({ alpha: 1 - 2.5 / 4096 }).decayV).to.equal(3);
    const c = lower(
      graphSpec(
        [input, { id: 'c', kind: 'neuron', size: 1, neuron: { model: 'cuba', alphaU: 1 - 6.5 / 4096, alphaV: 1 - 2.5 / 4096, vth: 10 } }],
        [{ id: 'p', source: 'in', target: 'c', connectivity: { type: 'explicit', pre: [0], post: [0], weight: [1] } }],
      ),
    ).network.populations[1].params as CubaParams;
    expect(c.decayV).to.equal(3);
    expect(c.decayU).to.equal(6); // R(6.5) - 1 = 7 - 1: Loihi decays u by 4096 - (du + 1) (§3.3)
  });

  it('toMantShift picks the largest shift whose mantissa still fits (best precision), and flags underflow and clamping', () => {
    // 255 / 2^5: mantissa exactly 255 at shift 5 (a search that stops below the limit gives 128 at 4)
    expect(toMantShift(255 / 32, 255, 30)).to.deep.equal({ mant: 255, shift: 5, clamped: false, underflow: false });
    // 255.4 / 64: log2(255 / x) = 5.99 starts the search at 5, but R(255.4) = 255 still fits at 6
    expect(toMantShift(255.4 / 64, 255, 30)).to.deep.equal({ mant: 255, shift: 6, clamped: false, underflow: false });
    expect(toMantShift(2 ** -40, 255, 30)).to.deep.equal({ mant: 0, shift: 30, clamped: false, underflow: true });
    expect(toMantShift(300, 255, 30)).to.deep.equal({ mant: 255, shift: 0, clamped: true, underflow: false });
    expect(toMantShift(0, 255, 30)).to.deep.equal({ mant: 0, shift: 0, clamped: false, underflow: false });
    fc.assert(
      fc.property(fc.double({ min: 1e-9, max: 250, noNaN: true }), fc.constantFrom(255, 4095, 32767), (x, mantMax) => {
        const r = toMantShift(x, mantMax, 30);
        expect(r.mant).to.be.at.most(mantMax);
        expect(r.shift).to.be.within(0, 30);
        expect(r.mant).to.equal(roundHalfAway(x * 2 ** r.shift));
        // no larger shift keeps the mantissa in range
        if (r.shift < 30) expect(roundHalfAway(x * 2 ** (r.shift + 1))).to.be.above(mantMax);
        expect(r.underflow).to.equal(r.mant === 0);
      }),
      { numRuns: 300 },
    );
  });

  it('toInt8 clamps to +-127, symmetric (INT8_MAX), never -128', () => {
    expect(Array.from(toInt8(Float64Array.of(-1.004, 1.004, -0.5 / 127, 0.5 / 127), 127))).to.deep.equal([-127, 127, -1, 1]);
    expect(clamp(-3, -2, 2)).to.equal(-2);
  });
});

describe('ir: srlif lowering at the edges the contract names (spec-format "Lowering" item 4)', () => {
  it('a vthMin that rounds to 0 LSB lowers to 1: thresholds are max(1, R(v * s))', () => {
    const p = srlifParams({ vth: 1, vthMin: 1e-9, vthMax: 1, homeostasis: { etaTheta: 0.01, targetRate: 0.1, rateTau: 16 } });
    expect(p.vthMin).to.equal(1);
    expect(p.vth0).to.equal(2 ** 21);
  });

  it('rateShift = R(log2 rateTau) and targetRate = R(targetRate * 4096): rounded, not floored', () => {
    // log2(23) = 4.52 -> 5 (floor 4); 0.1 * 4096 = 409.6 -> 410 (floor 409)
    const p = srlifParams({ homeostasis: { etaTheta: 0.01, targetRate: 0.1, rateTau: 23 } });
    expect(p.rateShift).to.equal(5);
    expect(p.targetRate).to.equal(410);
    expect(srlifParams({ homeostasis: { etaTheta: 0.01, targetRate: 0.1, rateTau: 22 } }).rateShift).to.equal(4); // 4.46
  });

  it('etaTheta: mantissa / 2^shift ~ etaTheta * s / 4096 with the shift capped at 30', () => {
    // s = 2^21: x = 1e-9 * 512 = 5.12e-7 -> mantissa 549.76 -> 550 at shift 30 (31 would give 1100)
    const p = srlifParams({ homeostasis: { etaTheta: 1e-9, targetRate: 0.1, rateTau: 16 } });
    expect(p.etaThetaShift).to.equal(30);
    expect(p.etaThetaMant).to.equal(roundHalfAway(1e-9 * 512 * 2 ** 30));
    expect(p.etaThetaMant).to.equal(550);
  });

  it('an etaTheta that rounds to 0 even at shift 30 is reported (homeostasis disabled)', () => {
    const { network, diagnostics } = lower(oneSrlif({ homeostasis: { etaTheta: 1e-15, targetRate: 0.1, rateTau: 16 } }));
    const p = network.populations[1].params as SrlifParams;
    expect(p.etaThetaMant).to.equal(0);
    expect(diagnostics.some((d) => /etaTheta .* rounds to 0/.test(d.message))).to.equal(true, JSON.stringify(diagnostics.map((d) => d.message)));
    expect(Codes).to.be.an('object');
  });
});

const cubaParams = (neuron: Record<string, unknown>) =>
  lower(
    graphSpec(
      [input, { id: 'c', kind: 'neuron', size: 1, neuron: { model: 'cuba', alphaU: 0.5, alphaV: 0.75, vth: 10, ...neuron } }],
      [{ id: 'p', source: 'in', target: 'c', connectivity: { type: 'explicit', pre: [0], post: [0], weight: [1] } }],
    ),
  ).network.populations[1];

describe('ir: cuba lowering at the edges the contract names (spec-format "Lowering" item 5)', () => {
  it('vthMant = R(vth * s / 64), rounded, not floored', () => {
    // vth 10 -> s = 2^18; vth = 40975.75 / 4096 -> vth * s / 64 = 40975.75 -> 40976
    const pop = cubaParams({ vth: 40975.75 / 4096 });
    expect(pop.voltageScaleLog2).to.equal(18);
    expect((pop.params as CubaParams).vthMant).to.equal(40976);
  });

  it('bias: the smallest biasExp that keeps |biasMant| <= 4095 (a mantissa of exactly 4095 stays at exponent 0)', () => {
    const p = cubaParams({ bias: 4095 / 2 ** 18 }).params as CubaParams;
    expect([p.biasMant, p.biasExp]).to.deep.equal([4095, 0]);
    const q = cubaParams({ bias: 4097 / 2 ** 18 }).params as CubaParams;
    expect([q.biasMant, q.biasExp]).to.deep.equal([2049, 1]); // 2048.5 -> 2049 (half away)
    const r = cubaParams({ bias: -4097 / 2 ** 18 }).params as CubaParams;
    expect([r.biasMant, r.biasExp]).to.deep.equal([-2049, 1]);
  });

  it('a bias beyond exponent 7 saturates at the 13-bit signed mantissa range [-4096, 4095], with a warning', () => {
    // bias -3 at s = 2^18: -786432 / 2^7 = -6144 -> -4096; +3 -> 4095
    const neg = cubaParams({ bias: -3 });
    expect(neg.voltageScaleLog2).to.equal(18);
    expect([(neg.params as CubaParams).biasMant, (neg.params as CubaParams).biasExp]).to.deep.equal([-4096, 7]);
    const pos = cubaParams({ bias: 3 }).params as CubaParams;
    expect([pos.biasMant, pos.biasExp]).to.deep.equal([4095, 7]);
  });
});

describe('ir: the voltage scale counts the bias (spec-format "Lowering" item 2: vmax = max(vth, vthMax, |bias|))', () => {
  it('srlif: a bias above vth lowers the scale so that the bias fits 2^22', () => {
    const { network } = lower(oneSrlif({ vth: 1, bias: -4 }));
    expect(network.populations[1].voltageScaleLog2).to.equal(20); // floor(log2(2^22 / 4))
    expect((network.populations[1].params as SrlifParams).bias).to.equal(-(2 ** 22));
  });

  it('srlif: vthMax above vth bounds the scale', () => {
    const { network } = lower(oneSrlif({ vth: 1, vthMax: 8 }));
    expect(network.populations[1].voltageScaleLog2).to.equal(19);
    expect((network.populations[1].params as SrlifParams).vthMax).to.equal(2 ** 22);
  });

  it('cuba: a bias above vth lowers the scale', () => {
    const pop = cubaParams({ vth: 1, bias: 4 });
    expect(pop.voltageScaleLog2).to.equal(20);
  });
});
