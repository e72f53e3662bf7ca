/**
 * The management program's list of plastic projections (docs/chip-image.md, "management"): every
 * plastic projection that has at least one synapse, once, with its synapse count and rule; a
 * plastic projection with no synapse has nothing to learn and is not listed, so the image's bytes
 * do not depend on it, and the image validator refuses a listed projection with no synapse.
 */
import { expect } from 'chai';
import { validateImage } from '@snnc/image';
import { compileNetwork } from '../src/index.js';
import { placeInOrder, randomNetwork, smallTarget } from './helpers.js';

/** The first random network (from `from`) that learns, i.e. has plastic projections 0 and 2. */
function learningNetwork(from: number) {
  for (let seed = from; ; seed++) {
    const net = randomNetwork(seed);
    if (net.learning && net.projections[0].pre.length > 0 && net.projections[2].pre.length > 0) return net;
  }
}

describe('codegen: the plastic projections in the management program', () => {
  it('lists exactly the plastic projections with synapses, with their counts, over 40 random learning networks', () => {
    for (let k = 0, seed = 0; k < 40; k++, seed++) {
      const net = learningNetwork(seed);
      seed = Number(net.name.slice('random-'.length));
      const target = smallTarget();
      const image = compileNetwork(net, placeInOrder(net, target), target).image!;
      const expected = net.projections.flatMap((pr, q) => (pr.plasticity === 'none' || pr.pre.length === 0 ? [] : [{ projection: q, synapses: pr.pre.length, rule: pr.plasticity }]));
      expect(image.management.learning!.plastic, net.name).to.deep.equal(expected);
    }
  });

  it('leaves out a plastic projection whose synapses were all drawn away, and the image stays valid', () => {
    const net = learningNetwork(0);
    const empty = net.projections[0];
    empty.pre = new Uint32Array(0);
    empty.post = new Uint32Array(0);
    empty.weight = new Int16Array(0);
    const target = smallTarget();
    const r = compileNetwork(net, placeInOrder(net, target), target);
    expect(r.diagnostics).to.deep.equal([]);
    const listed = r.image!.management.learning!.plastic;
    expect(listed.map((p) => p.projection)).to.deep.equal([2]);
    expect(validateImage(r.image!)).to.deep.equal([]);
    // listing it with 0 synapses is refused by the validator (a list of projections that learn)
    listed.unshift({ projection: 0, synapses: 0, rule: 'threeFactor' });
    const d = validateImage(r.image!);
    expect(d.map((x) => [x.code, x.pointer])).to.deep.include(['SNNC4010', '/management/learning/plastic/0']);
  });
});
