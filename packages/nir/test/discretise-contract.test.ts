import { expect } from 'chai';
import fs from 'node:fs';
import { importNirFile, NirCodes, type WriteNode } from '../src/index.js';
import { ints, scratch, vec, writeGraph } from './helpers.js';

/**
 * The discretisation table of docs/nir.md ("Neuron models"), by hand, for each parameter that a
 * plausible wrong conversion changes: v_reset subtracted from v_leak and from v_threshold, dt in
 * every gain (R dt/tau, R dt, w_in dt/tau_syn), tau_syn (not tau_mem) for alphaU, the delay rounded
 * (not floored), per-neuron thresholds equalised by k_i = vth_0 / vth_i, a bias current through the
 * neuron's gain. Found by mutation sweep 3: each of these passed the nir tests.
 */

type Spec = { populations: Array<{ id: string; neuron?: Record<string, number> }>; projections: Array<{ id: string; delay?: number; connectivity: { weights?: number[][]; weight?: number[] } }> };

describe('nir: discretisation by hand (docs/nir.md)', () => {
  let dir: string;
  before(() => (dir = scratch()));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const input = (n: number): WriteNode => ({ name: 'input', type: 'Input', params: { shape: ints([n]) } });
  const run = async (name: string, nodes: WriteNode[], edges: [string, string][], dt: number) => {
    const r = await importNirFile(await writeGraph(dir, name, { nodes, edges }), { dt, timesteps: 4 });
    expect(r.spec, JSON.stringify(r.diagnostics)).to.not.equal(undefined);
    return { r, spec: r.spec as unknown as Spec };
  };

  it('LIF: bias = (dt/tau)(v_leak - v_reset), vth = v_th - v_reset, weight = W R dt/tau', async () => {
    const { spec } = await run('lif.nir', [
      input(1),
      { name: 'fc', type: 'Linear', params: { weight: vec([1.5], [1, 1]) } },
      { name: 'lif', type: 'LIF', params: { tau: vec([0.01]), r: vec([2]), v_leak: vec([0.3]), v_threshold: vec([0.5]), v_reset: vec([0.1]) } },
    ], [['input', 'fc'], ['fc', 'lif']], 1e-3);
    const n = spec.populations[1].neuron!;
    expect(n.alphaV).to.be.closeTo(0.9, 1e-15);
    expect(n.alphaU).to.equal(0);
    expect(n.vth).to.be.closeTo(0.4, 1e-15);
    expect(n.bias).to.be.closeTo(0.1 * 0.2, 1e-15);
    expect(spec.projections[0].connectivity.weights![0][0]).to.be.closeTo(1.5 * 2 * 0.1, 1e-15);
  });

  it('CubaLIF: alphaU = 1 - dt/tau_syn, weight = W w_in (dt/tau_syn) R (dt/tau_mem); exact decay reported as exp(-dt/tau)', async () => {
    const { r, spec } = await run('cuba.nir', [
      input(1),
      { name: 'fc', type: 'Linear', params: { weight: vec([2], [1, 1]) } },
      { name: 'lif', type: 'CubaLIF', params: { tau_syn: vec([2e-3]), tau_mem: vec([1e-2]), r: vec([3]), w_in: vec([5]), v_leak: vec([0]), v_threshold: vec([1]), v_reset: vec([0]) } },
    ], [['input', 'fc'], ['fc', 'lif']], 1e-3);
    const n = spec.populations[1].neuron!;
    expect(n.alphaU).to.be.closeTo(0.5, 1e-15);
    expect(n.alphaV).to.be.closeTo(0.9, 1e-15);
    expect(spec.projections[0].connectivity.weights![0][0]).to.be.closeTo(2 * 5 * 0.5 * 3 * 0.1, 1e-12);
    const rowU = r.report!.parameters.find((p) => p.population === 'lif' && p.parameter === 'alphaU')!;
    expect(rowU.exact).to.be.closeTo(Math.exp(-0.5), 1e-15);
    expect(rowU.euler).to.be.closeTo(0.5, 1e-15);
  });

  it('IF: weight = W R dt (dt in seconds, not steps)', async () => {
    const { spec } = await run('if.nir', [
      input(1),
      { name: 'fc', type: 'Linear', params: { weight: vec([1], [1, 1]) } },
      { name: 'lif', type: 'IF', params: { r: vec([2]), v_threshold: vec([1]), v_reset: vec([0]) } },
    ], [['input', 'fc'], ['fc', 'lif']], 1e-3);
    expect(spec.projections[0].connectivity.weights![0][0]).to.be.closeTo(2e-3, 1e-18);
    expect(spec.populations[1].neuron!.alphaV).to.equal(1);
  });

  it('a Delay of 2.6 dt is 1 + round(2.6) = 4 steps', async () => {
    const { spec } = await run('delay.nir', [
      input(1),
      { name: 'fc', type: 'Linear', params: { weight: vec([1], [1, 1]) } },
      { name: 'd', type: 'Delay', params: { delay: vec([2.6e-3]) } },
      { name: 'lif', type: 'IF', params: { r: vec([1000]), v_threshold: vec([1]), v_reset: vec([0]) } },
    ], [['input', 'fc'], ['fc', 'd'], ['d', 'lif']], 1e-3);
    expect(spec.projections[0].delay).to.equal(4);
  });

  it('per-neuron thresholds [1, 4] share vth 1: neuron 1 scaled by k = 1/4, its weights too', async () => {
    const { spec } = await run('het.nir', [
      input(1),
      { name: 'fc', type: 'Linear', params: { weight: vec([1, 1], [2, 1]) } },
      { name: 'lif', type: 'IF', params: { r: vec([1000, 1000]), v_threshold: vec([1, 4]), v_reset: vec([0, 0]) } },
    ], [['input', 'fc'], ['fc', 'lif']], 1e-3);
    expect(spec.populations[1].neuron!.vth).to.equal(1);
    const w = spec.projections[0].connectivity.weights!;
    expect(w[0][0]).to.be.closeTo(1, 1e-12);
    expect(w[1][0]).to.be.closeTo(0.25, 1e-12);
  });

  it('a uniform bias current of a LIF (no synaptic state) is its bias times the gain R dt/tau', async () => {
    const { spec } = await run('bias.nir', [
      input(1),
      { name: 'fc', type: 'Affine', params: { weight: vec([1], [1, 1]), bias: vec([0.5]) } },
      { name: 'lif', type: 'LIF', params: { tau: vec([0.01]), r: vec([2]), v_leak: vec([0]), v_threshold: vec([1]), v_reset: vec([0]) } },
    ], [['input', 'fc'], ['fc', 'lif']], 1e-3);
    expect(spec.populations.map((p) => p.id)).to.deep.equal(['input', 'lif']);
    expect(spec.populations[1].neuron!.bias).to.be.closeTo(0.5 * 2 * 0.1, 1e-15);
  });

  it('a bias current into a CubaLIF (synaptic state) goes through the always-firing bias neuron, weight b w_in (dt/tau_syn) R (dt/tau_mem)', async () => {
    const { spec } = await run('cbias.nir', [
      input(1),
      { name: 'fc', type: 'Affine', params: { weight: vec([1], [1, 1]), bias: vec([0.5]) } },
      { name: 'lif', type: 'CubaLIF', params: { tau_syn: vec([2e-3]), tau_mem: vec([1e-2]), r: vec([3]), w_in: vec([5]), v_leak: vec([0]), v_threshold: vec([1]), v_reset: vec([0]) } },
    ], [['input', 'fc'], ['fc', 'lif']], 1e-3);
    expect(spec.populations.find((p) => p.id === 'lif')!.neuron!.bias).to.equal(0);
    const toLif = spec.projections.find((p) => p.id === 'bias-to-lif')!;
    expect(toLif.connectivity.weight![0]).to.be.closeTo(0.5 * 5 * 0.5 * 3 * 0.1, 1e-12);
  });

  it('dt/tau below 1/1024 warns (SNNC6030) at the time constant; at 1/1000 it does not', async () => {
    const lif = (tau: number): WriteNode[] => [
      input(1),
      { name: 'fc', type: 'Linear', params: { weight: vec([1], [1, 1]) } },
      { name: 'lif', type: 'LIF', params: { tau: vec([tau]), r: vec([1]), v_leak: vec([0]), v_threshold: vec([1e-4]), v_reset: vec([0]) } },
    ];
    const slow = await run('slow.nir', lif(2), [['input', 'fc'], ['fc', 'lif']], 1e-3); // dt/tau = 1/2000
    expect(slow.r.diagnostics.filter((d) => d.code === NirCodes.dtBelowTau).map((d) => d.pointer)).to.deep.equal(['/node/nodes/lif/tau']);
    const ok = await run('ok.nir', lif(1), [['input', 'fc'], ['fc', 'lif']], 1e-3); // dt/tau = 1/1000
    expect(ok.r.diagnostics.filter((d) => d.code === NirCodes.dtBelowTau)).to.deep.equal([]);
  });
});
