import { expect } from 'chai';
import path from 'node:path';
import { repoRoot, synapseCount } from '@snnc/ir';
import { compile } from '../src/index.js';

/** compile's onPhase: what `snnc compile` and `snnc map` print as the progress of a long run. */
describe('driver: compile phases', () => {
  const spec = path.join(repoRoot(), 'examples/srsnn-small.json');

  it('tells each stage and each mapper phase as it starts, in pipeline order, and changes nothing', () => {
    const phases: string[] = [];
    const told = compile(spec, 'loihi2', { onPhase: (p) => phases.push(p) });
    const quiet = compile(spec, 'loihi2');
    expect(told.imageBytes, JSON.stringify(told.diagnostics)).to.not.equal(undefined);
    expect(Buffer.from(told.imageBytes!).equals(Buffer.from(quiet.imageBytes!))).to.equal(true);
    expect(phases[0]).to.equal('reading and checking the spec');
    // the synapse count expected before expanding (srsnn-small: 2,344 drawn)
    expect(phases[1]).to.match(/^expanding and lowering about [\d,]+ synapses$/);
    expect(Math.abs(Number(phases[1].match(/([\d,]+) synapses/)![1].replace(/,/g, '')) / synapseCount(told.network!) - 1)).to.be.below(0.1);
    expect(phases[2]).to.equal('mapping');
    const mapper = phases.filter((p) => p.startsWith('mapping: '));
    expect(mapper.length).to.be.greaterThan(2);
    // packing told per candidate order (locality tries several; each takes seconds at 1M neurons)
    const orders = mapper.filter((p) => p.startsWith('mapping: packing: order '));
    expect(orders.length).to.be.greaterThan(1);
    expect(orders).to.deep.equal(orders.map((_, i) => `mapping: packing: order ${i + 1} of ${orders.length}`));
    expect(phases.slice(3, 3 + mapper.length)).to.deep.equal(mapper);
    expect(phases.slice(3 + mapper.length)).to.deep.equal(['generating the core programs', 'encoding the chip image']);
  });

  it('stops telling where the pipeline stops: a placement stage never generates', () => {
    const phases: string[] = [];
    compile(spec, 'loihi2', { stage: 'placement', onPhase: (p) => phases.push(p) });
    expect(phases).to.include('mapping');
    expect(phases).to.not.include('generating the core programs');
  });
});
