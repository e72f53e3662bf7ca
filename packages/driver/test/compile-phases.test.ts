import { expect } from 'chai';
import path from 'node:path';
import { repoRoot } from '@snnc/ir';
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
    expect(phases[0]).to.equal('expanding and lowering the spec');
    expect(phases[1]).to.equal('mapping');
    const mapper = phases.filter((p) => p.startsWith('mapping: '));
    expect(mapper.length).to.be.greaterThan(2);
    expect(phases.slice(2, 2 + mapper.length)).to.deep.equal(mapper);
    expect(phases.slice(2 + mapper.length)).to.deep.equal(['generating the core programs', 'encoding the chip image']);
  });

  it('stops telling where the pipeline stops: a placement stage never generates', () => {
    const phases: string[] = [];
    compile(spec, 'loihi2', { stage: 'placement', onPhase: (p) => phases.push(p) });
    expect(phases).to.include('mapping');
    expect(phases).to.not.include('generating the core programs');
  });
});
