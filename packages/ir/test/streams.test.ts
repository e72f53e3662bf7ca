import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hashNetwork } from '../src/index.js';
import { expand, graphSpec } from './helpers.js';

/**
 * The random streams of expansion, pinned (docs/spec-format.md: each projection draws from
 * Rng(seed).fork(<projection id>), topology and weights from separate sub-streams; B, Wem and Wmh
 * from forks keyed by the population id). A spec and seed name one network in every version:
 * checkpoints, the trainer's results and the hardware images depend on it. The suite compared two
 * expansions of the same build with each other only, so a renamed fork ('weight' -> 'weights' in
 * the small-world generator, Wmh drawn from the Wem stream) or a changed fan-in scaling passed
 * (mutation sweep 3). The spec is a frozen copy of examples/srsnn-small.json (the example may be
 * retuned; this file must not be). Values were recorded from the build of this commit.
 */

const here = path.dirname(fileURLToPath(import.meta.url));
const spec = () => JSON.parse(fs.readFileSync(path.resolve(here, '..', '..', 'test', 'fixtures', 'streams-srsnn.json'), 'utf8'));

describe('ir: expansion streams are pinned', () => {
  const g = expand(spec());

  it('each projection: synapse count, first synapse and its weight (one stream each)', () => {
    const rows = g.projections.map((p) => [p.id, p.pre.length, p.pre[0], p.post[0], p.weight[0]]);
    expect(rows).to.deep.equal([
      ['ff:h1', 249, 0, 1, 0.3429284499962939],
      ['rec:h1', 141, 0, 3, -0.5042964780689332],
      ['ff:h2', 299, 0, 0, 0.0706260018924738],
      ['rec:h2', 158, 0, 1, -0.05788120288681692],
      ['lr:h1', 64, 0, 0, 0.10811091422701215],
      ['lr:h2', 64, 0, 0, -0.055778880956080655],
    ]);
  });

  it('each modulatory block: first entries of B, Wem and Wmh (their own streams)', () => {
    expect(g.learning!.modulatory.map((m) => [m.population, m.B[0], m.Wem[0], m.Wmh[0]])).to.deep.equal([
      [1, 0.4301710171847479, 0.05500923629559465, 0.7944560948793328],
      [2, 0.3001012401676687, 0.04175139607578233, -0.22498620683923445],
    ]);
  });

  it('the whole network hashes to the recorded value', () => {
    expect(hashNetwork(g)).to.equal('2bf53b791caf42fef8883b143b7d3ff4b3109b8899f4b5d9b068e535f01bd332');
  });
});

describe('ir: a uniform weight is low + (high - low) u, u from the weight stream', () => {
  it('graph spec, seed 1, uniform on [-1, 3): the first three weights are pinned', () => {
    const g = expand(graphSpec(
      [{ id: 'in', kind: 'input', size: 4 }, { id: 'h', kind: 'neuron', size: 4, neuron: { model: 'srlif', alpha: 0.875, vth: 1 } }],
      [{ id: 'u', source: 'in', target: 'h', connectivity: { type: 'random', density: 1, weight: { dist: 'uniform', low: -1, high: 3 } } }],
    ));
    expect(Array.from(g.projections[0].weight.slice(0, 3))).to.deep.equal([0.5949776447126323, 2.3741704105867316, 0.9812283947846074]);
    for (const w of g.projections[0].weight) expect(w).to.be.within(-1, 3);
  });
});
