/**
 * The code generator's last checks at their exact bounds (checks.ts; docs/chip-image.md and the
 * target format): a per-core figure equal to the target's limit compiles and one above it is
 * refused with its code; a learning network of exactly maxEpochSteps timesteps compiles without a
 * word and one step more is warned about (SNNC4107); a weight of b bits lies in [-2^(b-1), 2^(b-1)), a delay in
 * [1, maxDelay]. Checked on the golden network, whose image has every kind of block.
 */
import { expect } from 'chai';
import type { LoweredNetwork, Target } from '@snnc/ir';
import { compileNetwork } from '../src/index.js';
import { goldenNetwork, placeInOrder, smallTarget } from './helpers.js';

const compile = (net: LoweredNetwork, target: Target) => compileNetwork(net, placeInOrder(net, target), target);
const errors = (net: LoweredNetwork, target: Target) => compile(net, target).diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);

describe('codegen: checks at their exact bounds', () => {
  it('each per-core limit: the largest core figure itself compiles, one less is refused with the limit\'s code', () => {
    const net = goldenNetwork();
    const base = smallTarget({ synapseMemoryBits: 1 << 20 });
    base.core.learningStateBits = 1 << 20;
    base.core.maxInputAxons = base.core.maxOutputAxons = 1 << 10;
    const image = compile(net, base).image!;
    const most = {
      maxInputAxons: Math.max(...image.cores.map((c) => c.synapses.axonBlocks.length)),
      maxOutputAxons: Math.max(...image.cores.map((c) => c.routeCore.length)),
      synapseMemoryBits: Math.max(...image.cores.map((c) => c.synapseBits)),
      learningStateBits: Math.max(...image.cores.map((c) => c.learningStateBits)),
    };
    const codes = { maxInputAxons: 'SNNC4111', maxOutputAxons: 'SNNC4112', synapseMemoryBits: 'SNNC4113', learningStateBits: 'SNNC4114' } as const;
    for (const key of Object.keys(most) as (keyof typeof most)[]) {
      expect(most[key], key).to.be.greaterThan(0);
      const at = structuredClone(base);
      at.core[key] = most[key];
      expect(errors(net, at), `${key} = ${most[key]}`).to.deep.equal([]);
      at.core[key] = most[key] - 1;
      expect(errors(net, at), `${key} = ${most[key] - 1}`).to.include(codes[key]);
    }
  });

  it('a learning network of exactly maxEpochSteps timesteps compiles quietly; one step more is warned about (SNNC4107: the management core extends the epoch)', () => {
    const net = goldenNetwork();
    expect(net.learning).to.not.equal(null);
    const target = smallTarget({ maxCompartments: 8 });
    const all = () => compile(net, target).diagnostics.map((d) => [d.code, d.severity]);
    net.timesteps = target.learning.maxEpochSteps;
    expect(all()).to.deep.equal([]);
    net.timesteps = target.learning.maxEpochSteps + 1;
    expect(all()).to.deep.equal([['SNNC4107', 'warning']]);
  });

  it('weights of b bits: -2^(b-1) and 2^(b-1) - 1 compile, 2^(b-1) is refused (SNNC4105); delays 1 and maxDelay compile, 0 and maxDelay + 1 are refused', () => {
    const target = smallTarget({ maxCompartments: 8 });
    const withWeight = (w: number) => {
      const net = goldenNetwork();
      const pr = net.projections.find((p) => p.weight.length > 0)!;
      pr.weight[0] = w * 2 ** (pr.weightBits - 1);
      return net;
    };
    expect(errors(withWeight(-1), target)).to.deep.equal([]);
    const top = goldenNetwork();
    const pr = top.projections.find((p) => p.weight.length > 0)!;
    pr.weight[0] = 2 ** (pr.weightBits - 1) - 1;
    expect(errors(top, target)).to.deep.equal([]);
    expect(errors(withWeight(1), target)).to.include('SNNC4105');
    const withDelay = (d: number) => {
      const net = goldenNetwork();
      net.projections[0].delay = d;
      return net;
    };
    expect(errors(withDelay(1), target)).to.deep.equal([]);
    expect(errors(withDelay(target.formats.maxDelay), target)).to.deep.equal([]);
    expect(errors(withDelay(0), target)).to.have.length.greaterThan(0);
    expect(errors(withDelay(target.formats.maxDelay + 1), target)).to.have.length.greaterThan(0);
  });
});
