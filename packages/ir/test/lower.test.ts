import { expect } from 'chai';
import { Codes, lowerGraph, tanhTable, validateSpec, validateTarget, type CubaParams, type SrlifParams } from '../src/index.js';
import { errors, example, expand, graphSpec, lower, SRLIF, target } from './helpers.js';

/**
 * Lowering by hand (docs/spec-format.md "Lowering"). Target loihi2: 9-bit weight mantissa
 * (-256..255), weight exponents -6..7, so one spike adds w_mant * 2^(6 + exp) LSBs.
 */
const spec = () =>
  graphSpec(
    [
      { id: 'in', kind: 'input', size: 2 },
      {
        id: 'h', kind: 'neuron', size: 2,
        neuron: { model: 'srlif', alpha: 0.875, vth: 1, homeostasis: { etaTheta: 0.01, targetRate: 0.1, rateTau: 16 } },
      },
      { id: 'c', kind: 'neuron', size: 2, neuron: { model: 'cuba', alphaU: 0.5, alphaV: 0.75, vth: 10, refractory: 2 } },
    ],
    [
      { id: 'big', source: 'in', target: 'h', connectivity: { type: 'explicit', pre: [0, 1], post: [0, 1], weight: [0.5, -0.25] } },
      { id: 'small', source: 'in', target: 'c', connectivity: { type: 'explicit', pre: [0, 1], post: [0, 0], weight: [0.01, 0.02] } },
    ],
  );

describe('ir: lowering, hand-computed', () => {
  it('srlif: voltage scale, decay, threshold, homeostasis', () => {
    const { network } = lower(spec());
    const h = network.populations[1];
    // vth = 1 allows s = 2^22 (vth * s <= 2^22); the weight 0.5 at exp 7 needs 0.5 * s <= 255 * 2^13,
    // i.e. s <= 2^21.99, so s = 2^21.
    expect(h.voltageScaleLog2).to.equal(21);
    const p = h.params as SrlifParams;
    expect(p).to.deep.equal({
      model: 'srlif',
      decayV: 512, // (1 - 0.875) * 4096
      vth0: 2 ** 21,
      vthMin: 2 ** 21,
      vthMax: 2 ** 21,
      bias: 0,
      rateShift: 4, // log2(16)
      targetRate: 410, // round(0.1 * 4096)
      etaThetaMant: 20972, // 0.01 * 2^21 / 4096 = 5.12 -> 5.12 * 2^12 = 20971.5 -> 20972 (half away)
      etaThetaShift: 12,
    });
  });

  it('weights: exponent is the smallest that holds the largest |w|; mantissas rounded half away', () => {
    const { network } = lower(spec());
    const [big, small] = network.projections;
    expect(big.weightExp).to.equal(7); // 0.5 * 2^21 / 2^13 = 128 <= 255; exp 6 would need 256
    expect(Array.from(big.weight)).to.deep.equal([128, -64]);
    expect(big.weightBits).to.equal(9);
    // c: vth 10 -> s = 2^floor(log2(2^22 / 10)) = 2^18; 0.02 * 2^18 = 5242.88 would fit exp -1 (32),
    // but a negative exponent shifts the mantissa right before the 6-bit scaling (§2.2, issue 12
    // item 1): it resolves no finer than exp 0, so lowering stops at 0 (64); mantissas
    // 0.01 * 2^18 / 64 = 40.96 -> 41 and 81.92 -> 82.
    expect(network.populations[2].voltageScaleLog2).to.equal(18);
    expect(small.weightExp).to.equal(0);
    expect(Array.from(small.weight)).to.deep.equal([41, 82]);
  });

  it('cuba: Loihi decays (du + 1 convention), threshold mantissa scaled by 2^6', () => {
    const { network } = lower(spec());
    expect(network.populations[2].params as CubaParams).to.deep.equal({
      model: 'cuba',
      decayU: 2047, // u decays by 4096 - (du + 1): alphaU 0.5 -> du = 2048 - 1
      decayV: 1024, // (1 - 0.75) * 4096
      vthMant: 40960, // 10 * 2^18 / 2^6
      biasMant: 0,
      biasExp: 0,
      refractory: 2,
    });
  });

  it('refuses srlif on loihi1 with a located SNNC2101 and the fix', () => {
    const low = lowerGraph(expand(spec()), target('loihi1'), { file: 'n.json' });
    expect(low.network).to.equal(undefined);
    const e = errors(low.diagnostics);
    expect(e).to.have.length(1);
    expect(e[0]).to.include({ code: Codes.modelUnsupported, pointer: '/populations/1', found: 'srlif' });
    expect(e[0].fix).to.contain('loihi2');
  });

  it('a delay beyond the target maximum is an error at the projection delay', () => {
    const s: any = spec();
    s.projections[0].delay = 200;
    const low = lowerGraph(expand(s), target('loihi2'));
    expect(errors(low.diagnostics).map((d) => [d.code, d.pointer])).to.deep.equal([[Codes.delayTooLong, '/projections/0/delay']]);
  });

  it('learning rates are realised by mantissa/shift within 1%; tanh table is Q7 of tanh(k/32)', () => {
    const g = expand(example('srsnn-small'));
    const low = lowerGraph(g, target('loihi2'));
    expect(errors(low.diagnostics)).to.deep.equal([]);
    for (const q of low.report!.projections) {
      expect(q.learnRate, q.id).to.be.a('number');
      expect(Math.abs(q.learnRateLowered! / q.learnRate! - 1), q.id).to.be.lessThan(0.01);
    }
    for (const p of low.network!.projections) expect(p.learnMant, p.id).to.be.within(1, 255);
    const t = tanhTable();
    expect(t.length).to.equal(256);
    expect(t[128]).to.equal(0);
    expect(t[128 + 32]).to.equal(97); // 127 * tanh(1) = 96.72
    expect(t[128 - 32]).to.equal(-97);
    expect(low.network!.learning!.tanhTable).to.deep.equal(t);
    // The modulatory chain keeps the exact tanh gain (no clipping warning).
    expect(low.diagnostics.filter((d) => d.code === Codes.parameterRange)).to.deep.equal([]);
  });

  it('srsnn-mnist lowers onto loihi2 with no errors', () => {
    const low = lowerGraph(expand(example('srsnn-mnist')), target('loihi2'));
    expect(errors(low.diagnostics)).to.deep.equal([]);
    // Plasticity per projection follows the spec's flags: hidden -> threeFactor, into the readout -> delta.
    const spec = example('srsnn-mnist');
    const layerOf = new Map<string, { recurrent: { plastic: boolean }; feedforward: { plastic: boolean } }>(
      spec.layers.map((l: { id: string; recurrent: { plastic: boolean }; feedforward: { plastic: boolean } }) => [l.id, l]),
    );
    const net = low.network!;
    for (const q of net.projections) {
      const tgt = net.populations[q.target];
      let want: string;
      if (q.kind === 'lr') want = tgt.role === 'readout' ? (spec.longRange.plastic ? 'delta' : 'none') : 'none';
      else if (q.kind === 'ff') want = layerOf.get(tgt.id)!.feedforward.plastic ? 'threeFactor' : 'none';
      else want = layerOf.get(tgt.id)!.recurrent.plastic ? 'threeFactor' : 'none';
      if (q.kind === 'lr' && tgt.role !== 'readout') continue; // inter-layer shortcuts: not pinned here
      expect(q.plasticity, q.id).to.equal(want);
    }
    expect(net.projections.some((q) => q.plasticity === 'delta')).to.equal(true);
  });
});

describe('ir: weight formats per target (issue 12 items 1-3)', () => {
  const cubaSpec = (weight: number[]) =>
    graphSpec(
      [
        { id: 'in', kind: 'input', size: 2 },
        { id: 'c', kind: 'neuron', size: 2, neuron: { model: 'cuba', alphaU: 0.5, alphaV: 0.75, vth: 10, refractory: 0 } },
      ],
      [{ id: 'p', source: 'in', target: 'c', connectivity: { type: 'explicit', pre: [0, 1], post: [0, 1], weight } }],
    );

  it('loihi1: a mixed-sign projection gets the 8-bit mixed mantissa (LSB 2 on the chip), a single-sign one the 9-bit field', () => {
    // s = 2^18 (vth 10); single-sign: 2.99 * 2^18 / 2^(6+6) = 191.36 -> 191 (odd: fine with a sign mode);
    // mixed: 8-bit mantissa at e = 7: 2.99 * 2^18 / 2^13 = 95.68 -> 96, i.e. 192 on the chip
    const mixed = lower(cubaSpec([2.99, -2]), 'loihi1').network.projections[0];
    expect(mixed.weightBits).to.equal(8);
    const single = lower(cubaSpec([2.99, 2]), 'loihi1').network.projections[0];
    expect(single.weightBits).to.equal(9);
    // the 8-bit mantissa one exponent up is the hardware's even 9-bit mantissa: the same contribution
    // (m * 2^(6+e) = (2m) * 2^(6+e-1)), never odd, in [-256, 254] on the chip
    expect(mixed.weightExp).to.equal(single.weightExp + 1);
    for (const m of mixed.weight) expect(m).to.be.within(-128, 127);
    expect(Array.from(single.weight)).to.deep.equal([191, 128]);
    expect(Array.from(mixed.weight, (m) => 2 * m)).to.deep.equal([192, -128]);
  });

  it('loihi2 keeps the 9-bit mantissa for mixed-sign projections (its target gives no mixedSignWeightBits)', () => {
    const p = lower(cubaSpec([2.99, -2]), 'loihi2').network.projections[0];
    expect(p.weightBits).to.equal(9);
    expect(Array.from(p.weight)).to.deep.equal([191, -128]);
  });

  it('a target whose mixedSignWeightBits exceed maxWeightBits is inconsistent (SNNC1021)', () => {
    const t = structuredClone(target('loihi1')) as Record<string, any>;
    t.formats.mixedSignWeightBits = 10;
    const r = validateTarget(t, 'x.json');
    expect(r.target).to.equal(undefined);
    expect(r.diagnostics.map((d) => [d.code, d.pointer])).to.deep.equal([['SNNC1021', '/formats/mixedSignWeightBits']]);
  });
});

describe('ir: CUBA decay and refractory limits (issue 12 items 4, 5)', () => {
  const cubaNet = (neuron: Record<string, unknown>) =>
    graphSpec(
      [
        { id: 'in', kind: 'input', size: 1 },
        { id: 'c', kind: 'neuron', size: 1, neuron: { model: 'cuba', alphaU: 0.5, alphaV: 0.75, vth: 10, ...neuron } },
      ],
      [{ id: 'p', source: 'in', target: 'c', connectivity: { type: 'explicit', pre: [0], post: [0], weight: [1] } }],
    );
  const low = (neuron: Record<string, unknown>, t = 'loihi1') => lowerGraph(expand(cubaNet(neuron)), target(t), { file: 'n.json' });

  it('alphaU = 1 (no current decay) is refused with a located SNNC2108; the slowest decay 4095/4096 lowers to decayU 0', () => {
    const r = low({ alphaU: 1 });
    expect(r.network).to.equal(undefined);
    const e = errors(r.diagnostics);
    expect(e.map((d) => [d.code, d.file, d.pointer])).to.deep.equal([['SNNC2108', 'n.json', '/populations/1/neuron/alphaU']]);
    expect(e[0].fix).to.contain('0.99975');
    expect((low({ alphaU: 4095 / 4096 }).network!.populations[1].params as CubaParams).decayU).to.equal(0);
  });

  it('an alphaU that merely rounds to no decay is lowered to the slowest decay with a warning, never silently', () => {
    const r = low({ alphaU: 0.99995 });
    expect((r.network!.populations[1].params as CubaParams).decayU).to.equal(0);
    const w = r.diagnostics.filter((d) => d.code === Codes.parameterRange);
    expect(w).to.have.length(1);
    expect(w[0].message).to.contain('rounds to no current decay');
  });

  it('refractory is bounded by the target refractory delay field (6 bits hold refractory + 1): 62 lowers, 63 is SNNC2109', () => {
    expect((low({ refractory: 62 }).network!.populations[1].params as CubaParams).refractory).to.equal(62);
    const r = low({ refractory: 200 });
    expect(r.network).to.equal(undefined);
    const e = errors(r.diagnostics);
    expect(e.map((d) => [d.code, d.pointer, d.expected, d.found])).to.deep.equal([['SNNC2109', '/populations/1/neuron/refractory', '0..62 (formats.refractoryDelayBits = 6)', '200']]);
    expect(errors(low({ refractory: 63 }, 'loihi2').diagnostics).map((d) => d.code)).to.deep.equal(['SNNC2109']);
  });
});

describe('ir: learned weights stay in the hardware range (issue 12 item 3)', () => {
  it('loihi1: every plastic projection is mixed-sign (learning may cross zero): 8-bit mantissa, so learned weights clip to [-256, 254] on the chip', () => {
    // srsnn-small runs srlif, which loihi1 refuses (SNNC2101), but the report still says how each projection was lowered
    const r = lowerGraph(expand(example('srsnn-small')), target('loihi1'));
    const g = expand(example('srsnn-small'));
    for (const q of r.report!.projections) {
      const p = g.projections.find((x) => x.id === q.id)!;
      if (p.plasticity !== 'none') expect(q.weightBits, q.id).to.equal(8);
    }
    expect(r.report!.projections.some((q) => q.weightBits === 8)).to.equal(true);
    // loihi2 keeps its 9-bit mantissa (learned weights clip to [-256, 255])
    for (const q of lowerGraph(expand(example('srsnn-small')), target('loihi2')).report!.projections) expect(q.weightBits, q.id).to.equal(9);
  });
});

describe('ir: graded input spikes (§2.4)', () => {
  const graded = () => {
    // the rows default is graded since 2026-12-07; set here so that the tests do not depend on it
    const s = example('srsnn-seed-rows');
    s.input.graded = true;
    return s;
  };

  it('an srsnn input marked graded lowers to a graded input population on loihi2; absent, no flag at all (earlier hashes stay)', () => {
    const r = lower(graded());
    expect(r.network.populations[0].graded).to.equal(true);
    expect(r.network.populations.slice(1).every((p) => p.graded === undefined)).to.equal(true);
    const binary = example('srsnn-seed-rows');
    delete binary.input.graded;
    expect(lower(binary).network.populations[0]).to.not.have.property('graded');
  });

  it('a target without formats.gradedInputSpikes refuses it, located at /input/graded (SNNC2114)', () => {
    const r = lowerGraph(expand(graded()), target('test-tiny'), { file: 'g.json' });
    expect(r.network).to.equal(undefined);
    expect(errors(r.diagnostics).filter((d) => d.code === 'SNNC2114').map((d) => [d.file, d.pointer])).to.deep.equal([['g.json', '/input/graded']]);
  });

  it('graded on a neuron population of a graph spec is an error at its /graded; on a graph input it lowers', () => {
    const doc = (kind: string) =>
      graphSpec(
        [
          { id: 'in', kind: 'input', size: 2, ...(kind === 'input' ? { graded: true } : {}) },
          { id: 'n', kind: 'neuron', size: 2, neuron: SRLIF, ...(kind === 'neuron' ? { graded: true } : {}) },
        ],
        [{ id: 'p', source: 'in', target: 'n', connectivity: { type: 'explicit', pre: [0, 1], post: [0, 1], weight: [1, 1] } }],
      );
    expect(lower(doc('input')).network.populations[0].graded).to.equal(true);
    const v = validateSpec(doc('neuron'), 'g.json');
    expect(v.diagnostics.filter((d) => d.severity === 'error').map((d) => d.pointer)).to.deep.equal(['/populations/1/graded']);
  });
});
