import { expect } from 'chai';
import { checkNetwork, Codes, validateSpec, type LoweredNetwork } from '../src/index.js';
import { graphSpec, lower } from './helpers.js';

/**
 * The structural checks at their exact limits (mutation sweep 3: each of these passed every ir test):
 * checkNetwork's synapse index range (an index equal to the size is out), strict (pre, post) order
 * (a duplicate is refused, §1.4), weightExp in [-6, 7] (§2.2); the spec check of explicit indices.
 */
const input = { id: 'in', kind: 'input', size: 2 };
const srlif = { id: 'h', kind: 'neuron', size: 2, neuron: { model: 'srlif', alpha: 0.875, vth: 1 } };
const spec = (pre: number[], post: number[]) => graphSpec([input, srlif], [{ id: 'p', source: 'in', target: 'h', connectivity: { type: 'explicit', pre, post, weight: pre.map(() => 0.5) } }]);
const net = (): LoweredNetwork => lower(spec([0, 1], [0, 1])).network;
const codes = (n: LoweredNetwork) => checkNetwork(n).filter((d) => d.severity === 'error').map((d) => d.code);

describe('ir: checkNetwork at the limits', () => {
  it('the network as lowered passes', () => {
    expect(codes(net())).to.deep.equal([]);
  });

  it('a pre or post index equal to the population size is out of range (SNNC2808)', () => {
    const a = net();
    a.projections[0].pre = Uint32Array.of(0, 2);
    expect(codes(a)).to.include('SNNC2808');
    const b = net();
    b.projections[0].post = Uint32Array.of(0, 2);
    expect(codes(b)).to.include('SNNC2808');
  });

  it('a duplicate synapse is refused (SNNC2809: sorted without duplicates)', () => {
    const a = net();
    a.projections[0].pre = Uint32Array.of(1, 1);
    a.projections[0].post = Uint32Array.of(1, 1);
    expect(codes(a)).to.include('SNNC2809');
  });

  it('weightExp -6 and 7 pass, -7 and 8 are SNNC2807', () => {
    for (const [e, ok] of [[-6, true], [7, true], [-7, false], [8, false]] as const) {
      const a = net();
      a.projections[0].weightExp = e;
      expect(codes(a).includes('SNNC2807'), `weightExp ${e}`).to.equal(!ok);
    }
  });
});

describe('ir: explicit connectivity indices are checked against the population sizes', () => {
  it('pre index 2 of a size-2 source and post index 2 of a size-2 target are errors at the index', () => {
    const v = validateSpec(spec([0, 2], [2, 1]));
    const e = v.diagnostics.filter((d) => d.code === Codes.indexOutOfRange).map((d) => d.pointer);
    expect(e).to.deep.equal(['/projections/0/connectivity/pre/1', '/projections/0/connectivity/post/0']);
  });
});
