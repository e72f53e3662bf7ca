/**
 * The feedback alignment (alignment.ts, §5.10) worked out by hand on a 2-neuron block: the angle
 * between the feedback E = Wmh (Wem B^T) and the readout's weights F, with the decoders the run
 * learned (SAL) in place of the network's Wmh when they are given.
 */
import { expect } from 'chai';
import type { LoweredNetwork } from '@snnc/ir';
import { feedbackAngles } from '../src/index.js';

/** hidden(2) -> readout(2 classes x 1); one modulatory block on hidden, m = 1. */
function net(Wmh: number[]): LoweredNetwork {
  return {
    populations: [
      { id: 'in', size: 1 },
      { id: 'h', size: 2 },
      { id: 'out', size: 2, classes: 2, neuronsPerClass: 1 },
    ],
    projections: [{ source: 1, target: 2, pre: Uint32Array.from([0, 1]), post: Uint32Array.from([0, 1]), weightExp: 0 }],
    learning: {
      readout: 2,
      modulatory: [{ population: 1, m: 1, Wem: Int8Array.from([1, 0]), B: Int8Array.from([1, 0, 0, 1]), Wmh: Int8Array.from(Wmh) }],
    },
  } as unknown as LoweredNetwork;
}

describe('feedback alignment angles (§5.10), by hand', () => {
  const weights = [Int16Array.from([1, 1])];
  it('E = [[1, 0], [0, 0]], F = I: 45 degrees; the network\'s Wmh when no decoders are given', () => {
    expect(feedbackAngles(net([1, 0]), weights, null)[0]).to.be.closeTo(45, 1e-9);
    expect(feedbackAngles(net([0, 1]), weights, null)[0]).to.be.closeTo(90, 1e-9);
  });
  it('learned decoders replace Wmh: [0, 1] gives 90 degrees, [1, 1] 60, whatever the network holds', () => {
    expect(feedbackAngles(net([1, 0]), weights, [Int8Array.from([0, 1])])[0]).to.be.closeTo(90, 1e-9);
    expect(feedbackAngles(net([1, 0]), weights, [Int8Array.from([1, 1])])[0]).to.be.closeTo(60, 1e-9);
  });
  it('no feedback or no readout weight: null, not NaN', () => {
    expect(feedbackAngles(net([0, 0]), weights, null)).to.deep.equal([null]);
    expect(feedbackAngles(net([1, 0]), [Int16Array.from([0, 0])], null)).to.deep.equal([null]);
  });
});
