import { expect } from 'chai';
import { checkNetwork, lowerGraph, readoutScoreProblem, validateSpec, type LoweredNetwork } from '../src/index.js';
import { errors, example, expand, graphSpec, lower, SRLIF, target } from './helpers.js';

/** §4 readout score: spec field, lowering, and the refusal of readouts that cannot carry the potential score. */
describe('ir: readout score (§4)', () => {
  const withScore = (score?: unknown) => {
    const doc = example('srsnn-small');
    if (score !== undefined) doc.learning.readoutScore = score;
    return doc;
  };
  /** in -> r (readout, 2 classes) with a delta rule; r is `neuron` */
  const graphWith = (neuron: unknown, score = 'potential') =>
    graphSpec(
      [{ id: 'in', kind: 'input', size: 2 }, { id: 'r', kind: 'neuron', size: 2, role: 'readout', classes: 2, neuronsPerClass: 1, neuron }],
      [{ id: 'p', source: 'in', target: 'r', plastic: 'delta', connectivity: { type: 'explicit', pre: [0, 1], post: [0, 1], weight: [1, 1] } }],
      {
        learning: {
          enabled: true, gamma: 1, rival: 'winner', etaOut: 0.1, eta: 0, lambdaE: 0.5, lambdaM: 0.5, modulatory: { m: 1 },
          feedback: { dist: 'constant', value: 1 }, compression: { dist: 'constant', value: 1 }, readout: 'r', hidden: [], readoutScore: score,
        },
      },
    );
  const CUBA = { model: 'cuba', alphaU: 0.5, alphaV: 0.75, vth: 10, refractory: 0 };

  it('"potential" reaches the lowered network; absent or "spikes" lowers to nothing (the seed\'s score, networks unchanged)', () => {
    expect(lower(withScore('potential')).network.learning!.readoutScore).to.equal('potential');
    for (const doc of [withScore(), withScore('spikes')]) expect(lower(doc).network.learning!).to.not.have.property('readoutScore');
    expect(lower(graphWith(SRLIF)).network.learning!.readoutScore).to.equal('potential');
  });

  it('the schema takes "spikes" or "potential" only, at /learning/readoutScore', () => {
    for (const bad of ['counts', 1, true]) {
      const errs = errors(validateSpec(withScore(bad), 'x.json').diagnostics);
      expect(errs.some((d) => d.pointer === '/learning/readoutScore'), JSON.stringify(errs)).to.equal(true);
    }
  });

  it('a CUBA readout is refused at lowering (SNNC2112 at /learning/readoutScore: expected, found, fix); "spikes" lowers', () => {
    const low = lowerGraph(expand(graphWith(CUBA)), target('loihi2'), { file: 'x.json' });
    expect(low.network).to.equal(undefined);
    const e = errors(low.diagnostics);
    expect(e.map((d) => [d.code, d.pointer, d.file])).to.deep.equal([['SNNC2112', '/learning/readoutScore', 'x.json']]);
    expect(e[0]).to.include({ expected: 'an srlif readout population', found: 'cuba readout "r"' });
    expect(e[0].fix).to.match(/srlif/);
    expect(errors(lowerGraph(expand(graphWith(CUBA, 'spikes')), target('loihi2')).diagnostics)).to.deep.equal([]);
  });

  it('checkNetwork refuses "potential" on a CUBA readout and a class score that could leave 32 bits (SNNC2828)', () => {
    const net = lower(withScore('potential')).network;
    expect(checkNetwork(net).filter((d) => d.code === 'SNNC2828')).to.deep.equal([]);
    const r = net.learning!.readout;
    const withReadout = (params: LoweredNetwork['populations'][number]['params'], model = params!.model): LoweredNetwork => ({
      ...net, populations: net.populations.map((p, k) => (k === r ? { ...p, model, params } : p)),
    });
    const cuba = withReadout({ model: 'cuba', decayU: 2048, decayV: 1024, vthMant: 100, biasMant: 0, biasExp: 0, refractory: 0 });
    const srlif = net.populations[r].params as Extract<LoweredNetwork['populations'][number]['params'], { model: 'srlif' }>;
    // vth down to 1 LSB: |r_n| reaches 2^31, so 256 neurons a class can take the score past 2^31
    const tiny = { ...withReadout({ ...srlif, vthMin: 1 }) };
    tiny.populations = tiny.populations.map((p, k) => (k === r ? { ...p, size: 4 * 256, neuronsPerClass: 256 } : p));
    expect(checkNetwork({ ...tiny, populations: tiny.populations.map((p, k) => (k === r ? { ...p, params: srlif } : p)) }).filter((x) => x.code === 'SNNC2828')).to.deep.equal([]);
    const zero = withReadout({ ...srlif, vth0: 0 });
    for (const bad of [cuba, tiny, zero]) {
      const d = checkNetwork(bad).filter((x) => x.code === 'SNNC2828');
      expect(d.map((x) => x.pointer), JSON.stringify(d)).to.deep.equal(['/learning/readoutScore']);
      expect(d[0].expected && d[0].found && d[0].fix, JSON.stringify(d[0])).to.be.a('string');
    }
    // the same networks scored by spikes pass
    for (const ok of [cuba, tiny]) expect(checkNetwork({ ...ok, learning: { ...ok.learning!, readoutScore: undefined } }).filter((x) => x.code === 'SNNC2828')).to.deep.equal([]);
  });
});

describe('ir: readout score range (§4: |z_c| <= npc (T + 2^23 / m + 1) + 1 < 2^31), at its edges', () => {
  const pops = (npc: number, vthMin: number) => [
    { id: 'r', model: 'srlif', size: 2 * npc, classes: 2, neuronsPerClass: npc, params: { model: 'srlif', vth0: 1000, vthMin } },
  ];
  const problem = (npc: number, vthMin: number, T: number) => readoutScoreProblem(pops(npc, vthMin), { readout: 0, readoutScore: 'potential' }, T);
  it('with thresholds down to 1 LSB and 8 steps, 255 neurons a class fit and 256 do not (2^23 = sat_24, §1.2)', () => {
    // 255 (8 + 2^23 + 1) + 1 = 2139097336; 256 (...) + 1 = 2147485953
    expect(problem(255, 1, 8)).to.equal(null);
    expect(problem(256, 1, 8)).to.not.equal(null);
  });
  it('a bound of exactly 2^31 is refused, one less is not', () => {
    // one neuron a class, m = 1: T + 2^23 + 2 reaches 2^31 at T = 2^31 - 2^23 - 2
    expect(problem(1, 1, 2 ** 31 - 2 ** 23 - 3)).to.equal(null);
    expect(problem(1, 1, 2 ** 31 - 2 ** 23 - 2)).to.not.equal(null);
  });
});
