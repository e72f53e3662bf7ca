import { expect } from 'chai';
import fc from 'fast-check';
import fs from 'node:fs';
import { canonicalText, expandSpec, loadTarget } from '@snnc/ir';
import { chooseDt, compareSpikeCounts, importNirFile, readNirFile, simulateFloat, type WriteNode } from '../src/index.js';
import { compose, CsrBuilder, type Csr } from '../src/sparse.js';
import { ints, scratch, tinyGraph, vec, writeGraph } from './helpers.js';

function randomCsr(rows: number, cols: number, entries: [number, number, number][]): Csr {
  const b = new CsrBuilder(rows, cols);
  const sorted = entries.filter(([r, c]) => r < rows && c < cols).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let k = 0;
  for (let r = 0; r < rows; r++) {
    const seen = new Set<number>();
    while (k < sorted.length && sorted[k][0] === r) {
      const [, c, v] = sorted[k++];
      if (!seen.has(c) && v !== 0) {
        seen.add(c);
        b.push(c, v);
      }
    }
    b.endRow();
  }
  return b.finish();
}

function apply(m: Csr, x: Float64Array): Float64Array {
  const y = new Float64Array(m.nOut);
  for (let o = 0; o < m.nOut; o++) for (let q = m.rowPtr[o]; q < m.rowPtr[o + 1]; q++) y[o] += m.val[q] * x[m.col[q]];
  return y;
}

describe('nir: semantics of the import', function () {
  this.timeout(30000);
  const dir = scratch();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('composing two stateless maps equals applying them in turn (property)', () => {
    const entry = (r: number, c: number) => fc.tuple(fc.nat(r - 1), fc.nat(c - 1), fc.integer({ min: -8, max: 8 }));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }), fc.array(entry(6, 6), { maxLength: 30 }), fc.array(entry(6, 6), { maxLength: 30 }), fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 6, maxLength: 6 }), (n, m, k, ea, eb, xs) => {
        const A = randomCsr(m, n, ea);
        const B = randomCsr(k, m, eb);
        const x = Float64Array.from(xs.slice(0, n));
        expect(Array.from(apply(compose(B, A), x))).to.deep.equal(Array.from(apply(B, apply(A, x))));
      }),
      { numRuns: 200, seed: 4 },
    );
  });

  it('the float simulator follows a hand-computed LIF trajectory (Euler, pulse inputs)', async () => {
    // tau = 10 ms, dt = 1 ms, r = 2, threshold 0.5, weight 1, input spiking at every step:
    // v(1) = 0.1 * 2 = 0.2, v(2) = 0.9 * 0.2 + 0.2 = 0.38, v(3) = 0.542 > 0.5: spike emitted at step 3.
    const g = {
      nodes: <WriteNode[]>[
        { name: 'input', type: 'Input', params: { shape: ints([1]) } },
        { name: 'fc', type: 'Linear', params: { weight: vec([1], [1, 1]) } },
        { name: 'lif', type: 'LIF', params: { tau: vec([0.01]), r: vec([2]), v_leak: vec([0]), v_threshold: vec([0.5]), v_reset: vec([0]) } },
      ],
      edges: [['input', 'fc'], ['fc', 'lif']] as [string, string][],
    };
    const r = await importNirFile(await writeGraph(dir, 'hand.nir', g), { dt: 1e-3, timesteps: 4 });
    const lifSpec = r.spec!.populations[1].neuron as { alphaV: number; alphaU: number };
    expect(lifSpec.alphaV).to.be.closeTo(0.9, 1e-15);
    expect(lifSpec.alphaU).to.equal(0);
    // the weight carries R dt / tau = 0.2
    expect((r.spec!.projections[0].connectivity as { weights: number[][] }).weights[0][0]).to.be.closeTo(0.2, 1e-15);
    const raster = new Uint8Array(4).fill(1);
    expect(simulateFloat(r.network!, 1e-3, r.delays!, raster, 4).counts.get('lif')![0]).to.equal(1);
    expect(simulateFloat(r.network!, 1e-3, r.delays!, raster, 3).counts.get('lif')![0]).to.equal(0);
  });

  it('a Conv2d read directly becomes the spec conv2d; behind a Scale it is composed explicitly: same synapses', async () => {
    const w = Array.from({ length: 3 * 2 * 3 * 3 }, (_, i) => ((i * 7) % 11) - 5);
    const conv = { name: 'conv', type: 'Conv2d', params: { weight: vec(w, [3, 2, 3, 3]), bias: vec([0, 0, 0]), stride: ints([2, 1]), padding: ints([1, 0]), dilation: ints([1, 2]), groups: { shape: [], data: Float64Array.of(1), int: true }, input_shape: ints([5, 6]) } };
    const neurons = { name: 'lif', type: 'IF', params: { r: vec(new Array(3 * 3 * 2).fill(1), [3, 3, 2]), v_threshold: vec(new Array(18).fill(1), [3, 3, 2]) } };
    const input = { name: 'input', type: 'Input', params: { shape: ints([2, 5, 6]) } };
    const direct = await importNirFile(await writeGraph(dir, 'conv.nir', { nodes: [input, conv, neurons], edges: [['input', 'conv'], ['conv', 'lif']] }), { dt: 1 });
    const scale = { name: 'id', type: 'Scale', params: { scale: vec(new Array(60).fill(1), [2, 5, 6]) } };
    const composed = await importNirFile(await writeGraph(dir, 'conv2.nir', { nodes: [input, scale, conv, neurons], edges: [['input', 'id'], ['id', 'conv'], ['conv', 'lif']] }), { dt: 1 });
    expect(direct.spec!.projections[0].connectivity.type).to.equal('conv2d');
    expect(composed.spec!.projections[0].connectivity.type).to.equal('explicit');
    const a = expandSpec(direct.spec!).graph!.projections[0];
    const b = expandSpec(composed.spec!).graph!.projections[0];
    expect(Array.from(b.pre)).to.deep.equal(Array.from(a.pre));
    expect(Array.from(b.post)).to.deep.equal(Array.from(a.post));
    expect(Array.from(b.weight)).to.deep.equal(Array.from(a.weight));
  });

  it('AvgPool2d weighs each input 1/(kH kW); Flatten is an index identity', async () => {
    const g = {
      nodes: <WriteNode[]>[
        { name: 'input', type: 'Input', params: { shape: ints([1, 4, 4]) } },
        { name: 'pool', type: 'AvgPool2d', params: { kernel_size: ints([2, 2]), stride: ints([2, 2]), padding: ints([0, 0]) } },
        { name: 'flat', type: 'Flatten', params: { start_dim: { shape: [], data: Float64Array.of(0), int: true }, end_dim: { shape: [], data: Float64Array.of(-1), int: true } } },
        { name: 'th', type: 'Threshold', params: { threshold: vec([0.5, 0.5, 0.5, 0.5]) } },
      ],
      edges: [['input', 'pool'], ['pool', 'flat'], ['flat', 'th']] as [string, string][],
    };
    const r = await importNirFile(await writeGraph(dir, 'pool.nir', g), { dt: 1 });
    // Flatten without input_type (older files) is inferred with a warning
    expect(r.diagnostics.some((d) => d.code === 'SNNC6009' && d.pointer === '/node/nodes/flat')).to.equal(true);
    const p = expandSpec(r.spec!).graph!.projections[0];
    expect(Array.from(p.weight)).to.deep.equal(new Array(16).fill(0.25));
    // output neuron 1 (y = 0, x = 1) reads inputs (0,2), (0,3), (1,2), (1,3) = 2, 3, 6, 7
    const into1 = Array.from(p.pre).filter((_, s) => p.post[s] === 1);
    expect(into1).to.deep.equal([2, 3, 6, 7]);
  });

  it('nested NIRGraph nodes are flattened with path-qualified names and their Input/Output pass through', async () => {
    const inner = tinyGraph(2, 3);
    const g = {
      nodes: <WriteNode[]>[
        { name: 'input', type: 'Input', params: { shape: ints([2]) } },
        { name: 'sub', type: 'NIRGraph', params: {}, subgraph: inner },
        { name: 'output', type: 'Output', params: { shape: ints([3]) } },
      ],
      edges: [['input', 'sub'], ['sub', 'output']] as [string, string][],
    };
    const f = await writeGraph(dir, 'nested.nir', g);
    const read = await readNirFile(f);
    expect(read.graph!.nodes.map((n) => `${n.name}:${n.type}`)).to.deep.equal(['input:Input', 'output:Output', 'sub.fc:Linear', 'sub.input:Identity', 'sub.lif:LIF', 'sub.output:Identity']);
    const flat = await importNirFile(await writeGraph(dir, 'flat.nir', tinyGraph(2, 3)), { dt: 1e-3 });
    const nested = await importNirFile(f, { dt: 1e-3, name: 'flat' });
    expect(nested.spec!.populations.map((p) => p.id)).to.deep.equal(['input', 'sub.lif']);
    expect(nested.spec!.populations[1].role).to.equal('readout');
    // the same network as the flat file, up to the population's name
    const text = (t: string) => t.replace(/sub\.lif/g, 'lif').replace(/sub\.fc/g, 'fc');
    expect(text(canonicalText(expandSpec(nested.spec!).graph!))).to.equal(canonicalText(expandSpec(flat.spec!).graph!));
  });

  it('the dt rule: snnTorch convention, discrete-time IF networks, else 1 ms', async () => {
    const lif = await readNirFile(await writeGraph(dir, 'dt1.nir', tinyGraph()));
    expect(chooseDt(lif.graph!)).to.deep.include({ dt: 1e-3 });
    const g = tinyGraph();
    g.nodes[2] = { name: 'lif', type: 'CubaLIF', params: { tau_syn: vec([2e-4, 2e-4, 2e-4]), tau_mem: vec([1e-3, 1e-3, 1e-3]), r: vec([20, 20, 20]), w_in: vec([4, 4, 4]), v_leak: vec([0, 0, 0]), v_threshold: vec([1, 1, 1]) } };
    const cuba = await readNirFile(await writeGraph(dir, 'dt2.nir', g));
    expect(chooseDt(cuba.graph!).dt).to.be.closeTo(5e-5, 1e-15);
    const h = tinyGraph();
    h.nodes[2] = { name: 'lif', type: 'IF', params: { r: vec([1, 1, 1]), v_threshold: vec([1, 1, 1]) } };
    const iff = await readNirFile(await writeGraph(dir, 'dt3.nir', h));
    expect(chooseDt(iff.graph!).dt).to.equal(1);
  });

  it('per-neuron thresholds are equalised by scaling each neuron\'s incoming weights (float and fixed agree)', async () => {
    const g = {
      nodes: <WriteNode[]>[
        { name: 'input', type: 'Input', params: { shape: ints([1]) } },
        { name: 'fc', type: 'Linear', params: { weight: vec([0.3, 0.3], [2, 1]) } },
        { name: 'if', type: 'IF', params: { r: vec([1, 1]), v_threshold: vec([1, 2]) } },
      ],
      edges: [['input', 'fc'], ['fc', 'if']] as [string, string][],
    };
    const r = await importNirFile(await writeGraph(dir, 'vth.nir', g), { dt: 1, timesteps: 40, target: loadTarget('loihi2').target! });
    expect((r.spec!.populations[1].neuron as { vth: number }).vth).to.equal(1);
    expect((r.spec!.projections[0].connectivity as { weights: number[][] }).weights.map((row) => row[0])).to.deep.equal([0.3, 0.15]);
    const raster = new Uint8Array(40).fill(1);
    // 0.3 per step: neuron 0 crosses 1 every 4 steps, neuron 1 crosses 2 every 7 steps
    const counts = simulateFloat(r.network!, 1, r.delays!, raster, 40).counts.get('if')!;
    expect(Array.from(counts)).to.deep.equal([9, 5]);
    const cmp = compareSpikeCounts(r.network!, r.lowered!, 1, r.delays!, [raster]);
    expect([cmp[0].fixedSpikes, cmp[0].floatSpikes]).to.deep.equal([14, 14]);
  });

  it('Conv1d (with groups) and Delay: synapses and delay in steps', async () => {
    // 2 input channels of length 5, 2 output channels, groups = 2: out channel c reads in channel c only
    const g = {
      nodes: <WriteNode[]>[
        { name: 'input', type: 'Input', params: { shape: ints([2, 5]) } },
        { name: 'conv', type: 'Conv1d', params: { weight: vec([1, 2, 3, 4, 5, 6], [2, 1, 3]), bias: vec([0, 0]), stride: ints([2]), padding: ints([1]), dilation: ints([1]), groups: { shape: [], data: Float64Array.of(2), int: true } } },
        { name: 'wait', type: 'Delay', params: { delay: vec(new Array(6).fill(0.003), [2, 3]) } },
        { name: 'th', type: 'Threshold', params: { threshold: vec(new Array(6).fill(0.5), [2, 3]) } },
      ],
      edges: [['input', 'conv'], ['conv', 'wait'], ['wait', 'th']] as [string, string][],
    };
    const r = await importNirFile(await writeGraph(dir, 'conv1d.nir', g), { dt: 1e-3 });
    const pr = r.spec!.projections[0];
    expect(pr.delay).to.equal(4); // 1 + 3 ms / 1 ms
    const p = expandSpec(r.spec!).graph!.projections[0];
    // output (c=1, x=1) = in(1, 1..3) * [4, 5, 6]: pre 6, 7, 8 -> post 4
    const into4 = Array.from(p.pre).map((pre, s) => [pre, p.post[s], p.weight[s]]).filter(([, post]) => post === 4);
    expect(into4).to.deep.equal([[6, 4, 4], [7, 4, 5], [8, 4, 6]]);
  });
});
