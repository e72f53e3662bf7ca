import { expect } from 'chai';
import { Codes, validateSpec } from '../src/index.js';
import { lowerCompression } from '../src/lower-learning.js';
import { errors, example, lower } from './helpers.js';

/**
 * SAL and modulatory lowering at values where a wrong formula differs (mutation sweep 3): the
 * existing SAL test used lambdaS 0.5, for which decay12(lambdaS) = decay12(1 - lambdaS), and
 * M = C - 2 for the M >= C check; nothing pinned emShift's cap of 64 epochs.
 */
describe('ir: SAL lowering (§5.10) and emShift (spec-format "Lowering" item 7)', () => {
  const small = () => {
    const d = example('srsnn-small');
    d.learning.modulatory = { m: d.readout.classes };
    return d;
  };

  it('decayS = R((1 - lambdaS) * 4096): lambdaS 0.9 is 410, the default 0.8 is 819', () => {
    const d = small();
    d.learning.feedbackRule = { rule: 'sal', lambdaS: 0.9 };
    for (const b of lower(d).network.learning!.modulatory) expect(b.sal!.decayS).to.equal(410); // 409.6 -> 410
    const e = small();
    e.learning.feedbackRule = { rule: 'sal' };
    for (const b of lower(e).network.learning!.modulatory) expect(b.sal!.decayS).to.equal(819); // 819.2
  });

  it('SAL needs M >= C: M = C - 1 is refused (SNNC2020), M = C is accepted', () => {
    const d = small();
    const C = d.readout.classes as number;
    d.learning.feedbackRule = { rule: 'sal' };
    d.learning.modulatory = { m: C - 1 };
    expect(errors(validateSpec(d).diagnostics).map((x) => [x.code, x.pointer])).to.deep.include([Codes.feedbackRule, '/learning/modulatory/m']);
    d.learning.modulatory = { m: C };
    expect(errors(validateSpec(d).diagnostics)).to.deep.equal([]);
  });

  it('emShift: 4 x the typical steady |m| (gamma spike counts on two classes, sqrt(N) rms, at most 64 epochs) fits int16', () => {
    // B and Wem all ones -> int8 127 everywhere; N = 16, gamma 2: g = 4 * 127 * 2 * sqrt2 * 127 = 182476.6
    const n = 16;
    const mod = { population: 1, m: 4, B: new Float64Array(2 * n).fill(1), Wem: new Float64Array(4 * n).fill(1), Wmh: new Float64Array(n * 4).fill(1) };
    const g = 4 * 127 * 2 * Math.SQRT2 * 127;
    const shift = (epochs: number) => Math.ceil(Math.log2((4 * g * epochs) / 32767));
    // decayM 1 (lambdaM = 1 - 1/4096): 4096 epochs, capped at 64 -> ceil(log2(1425.6)) = 11
    expect(lowerCompression(mod, n, 2, 1).emShift).to.equal(shift(64));
    expect(shift(64)).to.equal(11);
    // decayM 2048 (lambdaM 0.5): 2 epochs -> ceil(log2(44.55)) = 6
    expect(lowerCompression(mod, n, 2, 2048).emShift).to.equal(shift(2));
    expect(shift(2)).to.equal(6);
    // gamma 0 counts as one spike (a margin of 0 still teaches on errors): the same shift as gamma 1
    expect(lowerCompression(mod, n, 0, 2048).emShift).to.equal(lowerCompression(mod, n, 1, 2048).emShift);
    expect(lowerCompression(mod, n, 1, 2048).emShift).to.equal(Math.ceil(Math.log2((4 * (g / 2) * 2) / 32767)));
  });

  it('decayE = R((1 - lambdaE) 4096), decayM = R((1 - lambdaM) 4096), gamma = R(gamma) (half away)', () => {
    const d = example('srsnn-small');
    d.learning.lambdaE = 0.9;
    d.learning.lambdaM = 0.5;
    d.learning.gamma = 2.5;
    const l = lower(d).network.learning!;
    expect([l.decayE, l.decayM, l.gamma]).to.deep.equal([410, 2048, 3]);
  });
});
