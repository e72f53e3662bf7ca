import { expect } from 'chai';
import { blockAt, coreSummary, formatImage, imageSummary, NO_SYNAPSE, packSynapses } from '../src/index.js';
import { tinyImage } from './fixtures.js';

/**
 * `snnc inspect`'s text and JSON (dump.ts) on the hand-made image, whose every block, slot and
 * route is known: what each line says, not how it is spelled beyond that. Before, nothing in the
 * package read them (mutation sweep).
 */
describe('image dump (formatImage, imageSummary, coreSummary)', () => {
  it('blocks list their synapses as slot:weight#canonical index, dense slots numbered from the base slot', () => {
    const text = formatImage(tinyImage());
    expect(text).to.contain('  axon 0: [proj 0 dense slots 0..1 w8e0 d1 rule 1 64 bits: 0:20#0 1:-3#1]\n');
    expect(text).to.contain('  axon 1: [proj 0 sparse 1 w8e0 d2 rule 1 64 bits: 1:7#2]\n');
    expect(text).to.contain('  axon 1: [proj 1 sparse 1 w8e2 d1 rule 1 64 bits: 1:9#2]\n');
  });
  it('a compartment line names its neuron, threshold, modulatory row, readout class and its own routes', () => {
    const text = formatImage(tinyImage());
    expect(text).to.contain('  slot 0 hidden[0] config 0, vth 1000 sbar 205, L from block 0 row 0 -> 5:0\n');
    expect(text).to.contain('  slot 1 hidden[1] config 0, vth 1000 sbar 205, L from block 0 row 1 -> 5:1\n');
    expect(text).to.contain('  slot 0 readout[0] config 0, class 0 -> (no routes)\n');
  });
  it('the learning program line: the tanh table\'s range and the causal eligibility', () => {
    expect(formatImage(tinyImage())).to.match(/learning: gamma 2, .*tanh table 256 entries in \[-127, 127\].*, causal eligibility/);
  });
  it('lists are cut at `limit` with how many were left out, and only when some were', () => {
    const text = formatImage(tinyImage(), undefined, 1);
    expect(text).to.not.contain('(0 more)');
    const lines = text.split('\n');
    const a0 = lines.findIndex((l) => l.startsWith('  axon 0: [proj 0 dense'));
    expect(lines[a0]).to.match(/bits: 0:20#0 \.\.\. \(1 more\)\]$/);
    expect(lines[a0 + 1]).to.equal('  ... (1 more)');
  });
  it('summaries count synapses without the holes of a plastic dense block, sparse synapses, host routes, and the potential score', () => {
    const img = tinyImage();
    expect(coreSummary(img.cores[0])).to.deep.include({ blocks: { dense: 1, sparse: 1 }, synapses: 3 });
    const sm = img.cores[1].synapses;
    img.cores[1].synapses = packSynapses([{ blocks: [{ ...blockAt(sm, 0, 0)!, weights: Int32Array.of(5, 0), synapseIndex: Uint32Array.of(0, NO_SYNAPSE) }] }, { blocks: [blockAt(sm, 1, 0)!] }]);
    expect(coreSummary(img.cores[1])).to.deep.include({ blocks: { dense: 1, sparse: 1 }, synapses: 2 });
    img.hostPorts[0] = { ...img.hostPorts[0], core: Uint32Array.of(0, 5), axon: Uint32Array.of(0, 1) };
    img.management.learning!.readoutScore = 1;
    const s = imageSummary(img);
    expect(s.hostRoutes).to.equal(3);
    expect((s.management as { learning: object }).learning).to.deep.include({ readoutScore: 'potential', eligibility: 'causal' });
  });
});
