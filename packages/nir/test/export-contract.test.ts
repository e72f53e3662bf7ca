import { expect } from 'chai';
import fs from 'node:fs';
import { expandSpec, loadTarget, validateSpec, type Graph } from '@snnc/ir';
import { Rng } from '@snnc/common';
import { chooseDt, importNirFile, NirCodes, readNirFile, type WriteNode } from '../src/index.js';
import { graphToNirNodes } from '../src/export.js';
import { ints, scratch, vec, writeGraph } from './helpers.js';

/**
 * Export by hand (docs/nir.md, the export table in packages/nir/src/export.ts: cuba -> CubaLIF with
 * tau_syn = dt/(1 - alphaU), tau_mem = dt/(1 - alphaV), v_leak = bias/(1 - alphaV); a decay factor
 * above Loihi's least decay 1 - 1/4096 is written as that, with a warning), and the import report's
 * "lowered" column (what the integers realise, semantics §3.3: alphaU = 1 - (decayU + 1)/4096).
 * Mutation sweep 3: v_leak = bias, the clamp at alpha < 1, and the report without the + 1 passed.
 */

function graph(neuron: Record<string, number>): Graph {
  const v = validateSpec({
    irVersion: '1.0', kind: 'graph', name: 'g', seed: 1, timesteps: 4,
    populations: [{ id: 'in', kind: 'input', size: 1 }, { id: 'n', kind: 'neuron', size: 1, neuron: { model: 'cuba', refractory: 0, ...neuron } }],
    projections: [{ id: 'p', source: 'in', target: 'n', connectivity: { type: 'explicit', pre: [0], post: [0], weight: [0.5] } }],
  });
  const ex = expandSpec(v.spec!, new Rng(1));
  return ex.graph!;
}

describe('nir: export by hand', () => {
  it('cuba -> CubaLIF: tau_syn = dt/(1 - alphaU), tau_mem = dt/(1 - alphaV), v_leak = bias/(1 - alphaV)', () => {
    const { nodes } = graphToNirNodes(graph({ alphaU: 0.5, alphaV: 0.9, vth: 1, bias: 0.02 }), { dt: 1e-3 });
    const n = nodes.find((x) => x.type === 'CubaLIF')!;
    const p = n.params as Record<string, { data: Float64Array }>;
    expect(p.tau_syn.data[0]).to.be.closeTo(2e-3, 1e-15);
    expect(p.tau_mem.data[0]).to.be.closeTo(1e-2, 1e-15);
    expect(p.v_leak.data[0]).to.be.closeTo(0.2, 1e-12);
    expect(p.v_threshold.data[0]).to.equal(1);
  });

  it('alphaV between 1 - 1/4096 and 1 is written as 1 - 1/4096 (tau_mem = 4096 dt) with a warning', () => {
    const { nodes, diagnostics } = graphToNirNodes(graph({ alphaU: 0.5, alphaV: 1 - 0.5 / 4096, vth: 1 }), { dt: 1e-3 });
    const p = nodes.find((x) => x.type === 'CubaLIF')!.params as Record<string, { data: Float64Array }>;
    expect(p.tau_mem.data[0]).to.be.closeTo(4.096, 1e-9);
    expect(diagnostics.filter((d) => d.code === NirCodes.exportLoss && /alphaV/.test(d.message))).to.have.length(1);
  });
});

describe('nir: the import report states what the integers realise', () => {
  let dir: string;
  before(() => (dir = scratch()));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('CubaLIF alphaU 0.5 lowers to decayU 2047, which realises 1 - 2048/4096 = 0.5 exactly', async () => {
    const nodes: WriteNode[] = [
      { name: 'input', type: 'Input', params: { shape: ints([1]) } },
      { name: 'fc', type: 'Linear', params: { weight: vec([1], [1, 1]) } },
      { name: 'lif', type: 'CubaLIF', params: { tau_syn: vec([2e-3]), tau_mem: vec([1e-2]), r: vec([1]), w_in: vec([1]), v_leak: vec([0]), v_threshold: vec([1]), v_reset: vec([0]) } },
    ];
    const r = await importNirFile(await writeGraph(dir, 'rep.nir', { nodes, edges: [['input', 'fc'], ['fc', 'lif']] }), { dt: 1e-3, timesteps: 4, target: loadTarget('loihi2').target! });
    const row = r.report!.parameters.find((x) => x.population === 'lif' && x.parameter === 'alphaU')!;
    expect(row.lowered).to.equal(0.5);
    const rowV = r.report!.parameters.find((x) => x.population === 'lif' && x.parameter === 'alphaV')!;
    expect(rowV.lowered).to.equal(1 - 410 / 4096); // decayV = R(0.1 * 4096) = 410
  });
});

describe('nir: the snnTorch dt rule needs every CubaLIF to agree (docs/nir.md "dt")', () => {
  let dir: string;
  before(() => (dir = scratch()));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('neurons whose tau_mem / r disagree (1 ms and 2 ms) do not give a dt: the 1 ms default', async () => {
    const cuba = (r: number[]): WriteNode => ({ name: 'lif', type: 'CubaLIF', params: { tau_syn: vec([2e-3, 2e-3]), tau_mem: vec([1e-2, 1e-2]), r: vec(r), w_in: vec([1, 1]), v_leak: vec([0, 0]), v_threshold: vec([1, 1]) } });
    const nodes = (r: number[]): WriteNode[] => [{ name: 'input', type: 'Input', params: { shape: ints([1]) } }, { name: 'fc', type: 'Linear', params: { weight: vec([1, 1], [2, 1]) } }, cuba(r)];
    const edges: [string, string][] = [['input', 'fc'], ['fc', 'lif']];
    const agree = await readNirFile(await writeGraph(dir, 'agree.nir', { nodes: nodes([5, 5]), edges }));
    expect(chooseDt(agree.graph!).dt).to.be.closeTo(2e-3, 1e-15); // tau_mem / r = 1e-2 / 5 = tau_syn / w_in = 2e-3
    const disagree = await readNirFile(await writeGraph(dir, 'disagree.nir', { nodes: nodes([10, 5]), edges }));
    expect(chooseDt(disagree.graph!).source).to.equal('default 1 ms');
  });
});
