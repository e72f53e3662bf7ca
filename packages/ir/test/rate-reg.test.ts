import { expect } from 'chai';
import { checkNetwork, validateSpec } from '../src/index.js';
import { errors, example, lower } from './helpers.js';

/** §5.5 rate regularisation: spec field, lowering to mantissa/shift, bounds of both forms. */
describe('ir: rate regularisation of the hidden learning signal (§5.5)', () => {
  const withReg = (r?: number) => {
    const doc = example('srsnn-small');
    if (r !== undefined) doc.learning.rateReg = r;
    return doc;
  };

  it('rateReg r lowers to mant >> shift = r / 32 (Q12 rate to Q7 signal), 8-bit mantissa, best precision', () => {
    // 2.5 / 32 = 0.078125 = 160 / 2^11 exactly
    const L = lower(withReg(2.5)).network.learning!;
    expect([L.rateRegMant, L.rateRegShift]).to.deep.equal([160, 11]);
    // 10 / 32 = 0.3125 = 160 / 2^9
    const L10 = lower(withReg(10)).network.learning!;
    expect([L10.rateRegMant, L10.rateRegShift]).to.deep.equal([160, 9]);
    // 0.3 / 32 = 0.009375 -> 154 / 2^14 = 0.0093994 (within 0.3%)
    const L3 = lower(withReg(0.3)).network.learning!;
    expect(L3.rateRegMant! / 2 ** L3.rateRegShift!).to.be.closeTo(0.3 / 32, 0.003 * 0.3 / 32);
    expect(L3.rateRegMant).to.be.within(128, 255);
  });

  it('absent or 0: the seed rule, no field in the lowered network (networks of before lower byte for byte)', () => {
    for (const doc of [withReg(), withReg(0)]) {
      const L = lower(doc).network.learning!;
      expect(L).to.not.have.property('rateRegMant');
      expect(L).to.not.have.property('rateRegShift');
    }
  });

  it('a positive rateReg below what the chip factor represents warns at /learning/rateReg (it lowered to nothing in silence); the smallest one it names lowers', () => {
    const tiny = lower(withReg(1e-8));
    expect(tiny.network.learning).to.not.have.property('rateRegMant');
    expect(tiny.diagnostics.map((d) => [d.code, d.severity, d.pointer, d.fix])).to.deep.equal([['SNNC2105', 'warning', '/learning/rateReg', "rateReg 0 for the seed's rule, or at least 1.5e-8"]]);
    const least = lower(withReg(1.5e-8));
    expect(least.diagnostics).to.deep.equal([]);
    expect([least.network.learning!.rateRegMant, least.network.learning!.rateRegShift]).to.deep.equal([1, 30]);
  });

  it('the schema bounds it: negative or above 64 is refused at /learning/rateReg', () => {
    for (const bad of [-1, 65, 'x']) {
      const errs = errors(validateSpec(withReg(bad as number), 'x.json').diagnostics);
      expect(errs.length, String(bad)).to.be.greaterThan(0);
      expect(errs.some((d) => d.pointer === '/learning/rateReg'), JSON.stringify(errs)).to.equal(true);
    }
    expect(errors(validateSpec(withReg(64), 'x.json').diagnostics)).to.deep.equal([]);
  });

  it('checkNetwork refuses a lowered network with half the pair or a mantissa out of 1..255 (SNNC2819)', () => {
    const net = lower(withReg(2.5)).network;
    expect(checkNetwork(net).filter((d) => d.code === 'SNNC2819')).to.deep.equal([]);
    const cases: Array<[{ rateRegMant?: number; rateRegShift?: number }, string]> = [
      [{ rateRegMant: 160, rateRegShift: undefined }, '/learning/rateRegShift'],
      [{ rateRegMant: 0, rateRegShift: 3 }, '/learning/rateRegMant'],
      [{ rateRegMant: 256, rateRegShift: 3 }, '/learning/rateRegMant'],
      [{ rateRegMant: 5, rateRegShift: 31 }, '/learning/rateRegShift'],
      [{ rateRegMant: undefined, rateRegShift: 4 }, '/learning/rateRegMant'],
    ];
    for (const [bad, pointer] of cases) {
      const d = checkNetwork({ ...net, learning: { ...net.learning!, ...bad } }).filter((x) => x.code === 'SNNC2819');
      expect(d, JSON.stringify(bad)).to.have.length(1);
      expect(d[0].pointer, JSON.stringify(bad)).to.equal(pointer);
    }
  });
});
