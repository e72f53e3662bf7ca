import { expect } from 'chai';
import { Codes, hashNetwork, lowerSpec, salStateBits, validateSpec } from '../src/index.js';
import { salRelay } from '../src/sal.js';
import { errors, example, expand, lower, target } from './helpers.js';

/** §5.10 in the spec and its lowering: the field, its bounds, the relay, the integers. */
describe('ir: feedbackRule (SAL, §5.10)', () => {
  const small = () => {
    const d = example('srsnn-small');
    d.learning.modulatory = { m: d.readout.classes };
    return d;
  };

  it('an explicit {"rule": "fixed"} lowers to the very network of no rule (hash unchanged)', () => {
    const a = lower(small());
    const d = small();
    d.learning.feedbackRule = { rule: 'fixed' };
    const b = lower(d);
    expect(hashNetwork(b.network)).to.equal(hashNetwork(a.network));
    expect(a.network.learning!.modulatory.every((m) => m.sal === undefined)).to.equal(true);
  });

  it('"sal" lowers rates to mantissas with mant / 2^shift = eta / 127 and leak / 2^shift = leak', () => {
    const d = small();
    d.learning.feedbackRule = { rule: 'sal', eta: 0.5, leak: 0.01, lambdaS: 0.5 };
    const { network, diagnostics } = lower(d);
    expect(errors(diagnostics)).to.deep.equal([]);
    for (const b of network.learning!.modulatory) {
      const s = b.sal!;
      expect(s.mant / 2 ** s.shift).to.be.closeTo(0.5 / 127, 0.5 / 127 / 1000);
      expect(s.leak / 2 ** s.shift).to.be.closeTo(0.01, 0.01 / 1000);
      expect(Math.max(s.mant, s.leak)).to.be.within(2048, 4095); // the largest shift that fits 12 bits
      expect(s.decayS).to.equal(2048);
      expect(s.H.length).to.equal(b.m * network.populations[network.learning!.readout].classes!);
    }
    const bits = salStateBits(network);
    network.learning!.modulatory.forEach((b) => expect(bits[b.population]).to.equal(network.timesteps));
    expect(bits[network.learning!.readout]).to.equal(0);
  });

  it('the relay makes H^T G proportional to the identity (G = Wem B^T / N)', () => {
    const d = small();
    d.learning.feedbackRule = { rule: 'sal' };
    const g = expand(d);
    const mod = g.learning!.modulatory[0];
    const N = g.populations[mod.population].size;
    const C = g.populations[g.learning!.readout].classes!;
    const H = salRelay(mod, N, C)!;
    for (let c = 0; c < C; c++) {
      for (let c2 = 0; c2 < C; c2++) {
        let v = 0;
        for (let a = 0; a < mod.m; a++) {
          let G = 0;
          for (let j = 0; j < N; j++) G += mod.Wem[a * N + j] * mod.B[c2 * N + j];
          v += H[a * C + c] * (G / N);
        }
        expect(v).to.be.closeTo(c === c2 ? 1 : 0, 1e-8);
      }
    }
  });

  it('perLayer rules apply per pathway; a wrong length is refused where it is', () => {
    const d = example('srsnn-seed');
    d.learning.feedbackRulePerLayer = [{ rule: 'fixed' }, { rule: 'sal' }];
    const { network } = lower(d);
    expect(network.learning!.modulatory.map((b) => b.sal !== undefined)).to.deep.equal([false, true]);
    d.learning.feedbackRulePerLayer = [{ rule: 'sal' }];
    const e = errors(validateSpec(d).diagnostics);
    expect(e.map((x) => [x.code, x.pointer])).to.deep.include([Codes.lengthMismatch, '/learning/feedbackRulePerLayer']);
  });

  it('out-of-bounds parameters are refused with located errors', () => {
    for (const [rule, ptr] of [
      [{ rule: 'sal', eta: 65 }, '/learning/feedbackRule/eta'],
      [{ rule: 'sal', eta: 0 }, '/learning/feedbackRule/eta'],
      [{ rule: 'sal', leak: 0.6 }, '/learning/feedbackRule/leak'],
      [{ rule: 'sal', lambdaS: 1 }, '/learning/feedbackRule/lambdaS'],
    ] as const) {
      const d = small();
      d.learning.feedbackRule = rule;
      const e = errors(validateSpec(d).diagnostics);
      expect(e.map((x) => [x.code, x.pointer]), JSON.stringify(rule)).to.deep.include([Codes.outOfRange, ptr]);
    }
    const d = small();
    d.learning.feedbackRule = { rule: 'hebb' };
    expect(errors(validateSpec(d).diagnostics).map((x) => x.pointer)).to.include('/learning/feedbackRule/rule');
    d.learning.feedbackRule = { rule: 'fixed', eta: 1 };
    expect(errors(validateSpec(d).diagnostics).map((x) => x.code)).to.include(Codes.unknownField);
  });

  it('SAL with M < C is refused at the modulatory dimension (SNNC2020)', () => {
    const d = small();
    d.learning.modulatory = { m: 2 };
    d.learning.feedbackRule = { rule: 'sal' };
    const e = errors(validateSpec(d).diagnostics);
    expect(e.map((x) => [x.code, x.pointer])).to.deep.include([Codes.feedbackRule, '/learning/modulatory/m']);
  });

  it('a statistic beyond the exact range is refused at lowering (SNNC2110)', () => {
    const d = small();
    d.learning.feedbackRule = { rule: 'sal', eta: 64 };
    d.timesteps = 8000;
    const r = lowerSpec({ document: d }, target('loihi2'));
    expect(errors(r.diagnostics).map((x) => [x.code, x.pointer])).to.deep.include([Codes.salRange, '/learning/feedbackRule']);
  });
});
