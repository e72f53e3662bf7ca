/**
 * What the chip image must say about each projection and readout neuron, checked where the golden
 * dump and random networks of compile.test.ts do not reach (docs/chip-image.md; the emulator runs
 * what the image says, the reference what the network says, so these differ only on networks the
 * differential tests may not draw):
 *
 * - every plastic block's learning rule is its own projection's (rule, learnMant, learnShift,
 *   weightBits): two projections of one rule and rate into one core that differ in weight width
 *   clamp their weights differently (§5.6/§5.7), so they may not share a rule entry;
 * - the readout's classes (§4): neuron n of a readout with C classes of npc neurons each is of class
 *   floor(n / npc) when that is below C, else of none (-1), also when the population holds more
 *   neurons than C x npc (a lowered network allows it: ir's check-network refuses only fewer).
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { blockViews } from '@snnc/image';
import type { LoweredNetwork } from '@snnc/ir';
import { compileNetwork } from '../src/index.js';
import { placeInOrder, randomNetwork, smallTarget } from './helpers.js';

/** A learning network whose input reaches h1 through two three-factor projections of one rate, different in weight width. */
function twoWidths(seed: number): LoweredNetwork | undefined {
  let s = seed;
  let net = randomNetwork(s);
  while (!net.learning) net = randomNetwork(++s);
  const p0 = net.projections[0];
  const bits = p0.weightBits === 8 ? 4 : 8;
  const lim = 2 ** (bits - 1);
  const p3 = { ...p0, id: 'p3', index: 3, weightBits: bits, weight: Int16Array.from(p0.weight, (w) => Math.max(-lim, Math.min(lim - 1, w))) };
  if (p0.pre.length === 0) return undefined;
  net.projections = [...net.projections, p3];
  return net;
}

describe('codegen: rules and readout classes in the image', () => {
  it('property: every plastic block names a rule equal to its own projection\'s, weight width included', () => {
    fc.assert(
      fc.property(fc.nat(400), fc.boolean(), (seed, dense) => {
        const net = twoWidths(seed);
        if (!net) return true;
        const target = smallTarget({ dense, maxCompartments: 16 });
        const r = compileNetwork(net, placeInOrder(net, target), target);
        expect(r.diagnostics.filter((d) => d.severity === 'error'), JSON.stringify(r.diagnostics)).to.deep.equal([]);
        let checked = 0;
        for (const core of r.image!.cores)
          for (const b of blockViews(core.synapses)) {
            const pr = net.projections[b.projection];
            if (pr.plasticity === 'none') {
              expect(b.rule).to.equal(0);
              continue;
            }
            expect(core.learning.rules[b.rule - 1], `projection ${pr.id}`).to.deep.include({ rule: pr.plasticity, learnMant: pr.learnMant, learnShift: pr.learnShift, weightBits: pr.weightBits });
            checked++;
          }
        return checked > 0;
      }),
      { numRuns: 40 },
    );
  });

  it('a readout larger than classes x neuronsPerClass: the extra neurons have no class, in the management program and in their cores', () => {
    for (let seed = 0; seed < 30; seed++) {
      const net = randomNetwork(seed);
      const ro = net.populations[2];
      const C = ro.classes!, npc = ro.neuronsPerClass!;
      net.populations[2] = { ...ro, size: C * npc + npc + 1 };
      const target = smallTarget({ maxCompartments: 32 });
      const placement = placeInOrder(net, target);
      const r = compileNetwork(net, placement, target);
      expect(r.image, JSON.stringify(r.diagnostics)).to.not.equal(undefined);
      const mg = r.image!.management;
      expect(Array.from(mg.readoutClass), `seed ${seed}`).to.deep.equal(Array.from({ length: C * npc }, (_, n) => Math.floor(n / npc)));
      for (let n = 0; n < C * npc + npc + 1; n++) {
        const core = r.image!.cores[placement.neuronCore[2][n]];
        expect(core.learning.readoutClass[placement.neuronSlot[2][n]], `seed ${seed} neuron ${n}`).to.equal(n < C * npc ? Math.floor(n / npc) : -1);
      }
    }
  });
});
