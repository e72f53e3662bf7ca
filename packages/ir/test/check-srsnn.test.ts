import { expect } from 'chai';
import { Codes, validateSpec } from '../src/index.js';
import { srsnnSynapseEstimate } from '../src/check-srsnn.js';
import { example } from './helpers.js';

/**
 * checkSrsnn and the srsnn synapse estimate (check-srsnn.ts): each rule with its code and pointer,
 * and the estimate term by term from the sizes and densities of docs/spec-format.md. Before, most
 * of them had no test of their own (mutation sweep).
 */
const diags = (doc: unknown) => validateSpec(doc, 's.json').diagnostics.map((d) => [d.code, d.pointer]);
const small = (edit: (s: Record<string, any>) => void) => {
  const s = example('srsnn-small');
  edit(s);
  return s;
};

describe('ir: srsnn spec checks (checkSrsnn), one rule at a time', () => {
  it('microcircuits, long-range sources, degree or density, perLayer, plastic without learning', () => {
    const rows: [string, unknown, [string, string][]][] = [
      ['microcircuitSize = the layer size', small((s) => (s.layers[0].recurrent.microcircuitSize = 32)), []],
      ['microcircuitSize > the layer size', small((s) => (s.layers[0].recurrent.microcircuitSize = 33)), [[Codes.degreeTooLarge, '/layers/0/recurrent/microcircuitSize']]],
      ['a long-range source twice', small((s) => (s.longRange.sources = ['h1', 'h1'])), [[Codes.duplicateId, '/longRange/sources/1']]],
      // a field that does not depend on the source is reported once, not once per source
      ['degree and density both', small((s) => (s.longRange.density = 0.1)), [[Codes.degreeOrDensity, '/longRange']]],
      ['degree = the source size', small((s) => (s.longRange.degree = 32)), []],
      ['degree > the source size', small((s) => (s.longRange.degree = 33)), [[Codes.degreeTooLarge, '/longRange/degree'], [Codes.degreeTooLarge, '/longRange/degree']]],
      ['perLayer of one for two layers', small((s) => (s.learning.modulatory.perLayer = [2])), [[Codes.lengthMismatch, '/learning/modulatory/perLayer']]],
    ];
    for (const [what, doc, expected] of rows) expect(diags(doc), what).to.deep.equal(expected);
  });

  it('plastic projections with learning disabled warn at each plastic field, the long-range one included', () => {
    const d = diags(small((s) => (s.learning.enabled = false)));
    expect(d.filter(([c]) => c === Codes.plasticWithoutLearning).map(([, p]) => p)).to.deep.equal([
      '/layers/0/feedforward/plastic', '/layers/0/recurrent/plastic', '/layers/1/feedforward/plastic', '/layers/1/recurrent/plastic', '/longRange/plastic',
    ]);
  });

  it('the estimate: feedforward density x previous size x size, recurrent density x size x min(microcircuit, size), inter x size x the rest, long range degree x readout neurons per distinct source', () => {
    const s = small((x) => {
      x.layers[1].size = 16;
      x.layers[1].recurrent.microcircuitSize = 20; // one microcircuit of the whole layer: no inter links
    });
    const e = srsnnSynapseEstimate(s as never);
    const by = Object.fromEntries(e.terms.map((t) => [t.pointer, t.synapses]));
    expect(by).to.deep.equal({
      '/layers/0/feedforward/density': 0.5 * 16 * 32,
      '/layers/0/recurrent/density': 0.5 * 32 * 8,
      '/layers/0/recurrent/interDensity': 0.05 * 32 * 24,
      '/layers/1/feedforward/density': 0.3 * 32 * 16,
      '/layers/1/recurrent/density': 0.5 * 16 * 16,
      '/layers/1/recurrent/interDensity': 0,
      '/longRange/degree': 2 * 8 * (4 * 2),
    });
    expect(e.total).to.equal(Object.values(by).reduce((a, b) => a + b, 0));
    // a source listed twice is one projection
    const twice = srsnnSynapseEstimate(small((x) => (x.longRange.sources = ['h1', 'h1'])) as never);
    expect(twice.terms.find((t) => t.pointer === '/longRange/degree')!.synapses).to.equal(8 * 8);
    // by density: round(density x source size) links per readout neuron (0.3 x 32 = 9.6 -> 10)
    const dens = srsnnSynapseEstimate(small((x) => { delete x.longRange.degree; x.longRange.density = 0.3; }) as never);
    expect(dens.terms.find((t) => t.pointer === '/longRange/density')!.synapses).to.equal(2 * 10 * 8);
  });
});
