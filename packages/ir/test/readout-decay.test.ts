import { expect } from 'chai';
import { checkNetwork, lowerGraph, validateSpec } from '../src/index.js';
import { errors, example, expand, lower, target } from './helpers.js';

/** §5.7 readout decay: spec field, lowering to a power-of-two shift, the bounds of both forms. */
describe('ir: readout weight decay (§5.7)', () => {
  const withDecay = (d?: number) => {
    const doc = example('srsnn-small');
    if (d !== undefined) doc.learning.readoutDecay = d;
    return doc;
  };
  const deltaShifts = (d?: number) => lower(withDecay(d)).network.projections.filter((q) => q.plasticity === 'delta').map((q) => q.learnShift);

  it('readoutDecay d lowers to the nearest 2^-k, k at most every delta-rule learnShift', () => {
    const most = Math.min(...deltaShifts());
    expect(most).to.be.at.least(3);
    expect(lower(withDecay(2 ** -most)).network.learning!.readoutDecayShift).to.equal(most);
    // 0.3 = 2^-1.74 -> 2^-2; 0.09 = 2^-3.47 -> 2^-3
    expect(lower(withDecay(0.3)).network.learning!.readoutDecayShift).to.equal(2);
    expect(lower(withDecay(0.09)).network.learning!.readoutDecayShift).to.equal(3);
  });

  it('absent or 0: the seed rule, no field in the lowered network', () => {
    for (const doc of [withDecay(), withDecay(0)]) expect(lower(doc).network.learning!).to.not.have.property('readoutDecayShift');
  });

  it('a decay below the readout update resolution is refused at /learning/readoutDecay with the smallest accepted value (SNNC2111)', () => {
    const most = Math.min(...deltaShifts());
    const low = lowerGraph(expand(withDecay(2 ** -(most + 2))), target('loihi2'), { file: 'x.json' });
    const e = errors(low.diagnostics);
    expect(low.network).to.equal(undefined);
    expect(e.map((d) => [d.code, d.pointer])).to.deep.equal([['SNNC2111', '/learning/readoutDecay']]);
    expect(e[0].fix).to.contain(String(2 ** -most));
  });

  it('the schema bounds it: negative or above 0.5 is refused at /learning/readoutDecay', () => {
    for (const bad of [-0.1, 0.6, 'x']) {
      const errs = errors(validateSpec(withDecay(bad as number), 'x.json').diagnostics);
      expect(errs.some((d) => d.pointer === '/learning/readoutDecay'), JSON.stringify(errs)).to.equal(true);
    }
    expect(errors(validateSpec(withDecay(0.5), 'x.json').diagnostics)).to.deep.equal([]);
  });

  it('checkNetwork refuses a shift outside 1..min(30, delta learnShift) (SNNC2818)', () => {
    const net = lower(withDecay(0.3)).network;
    expect(checkNetwork(net).filter((d) => d.code === 'SNNC2818')).to.deep.equal([]);
    const most = Math.min(30, ...net.projections.filter((q) => q.plasticity === 'delta').map((q) => q.learnShift));
    for (const bad of [0, most + 1, 2.5]) {
      const d = checkNetwork({ ...net, learning: { ...net.learning!, readoutDecayShift: bad } }).filter((x) => x.code === 'SNNC2818');
      expect(d.map((x) => x.pointer), String(bad)).to.deep.equal(['/learning/readoutDecayShift']);
    }
  });
});
