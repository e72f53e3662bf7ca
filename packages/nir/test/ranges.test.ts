import { expect } from 'chai';
import fs from 'node:fs';
import { importNirFile, NirCodes, type WriteNode } from '../src/index.js';
import { ints, scratch, tinyGraph, vec, writeGraph } from './helpers.js';

/**
 * Sizes, strides, paddings, dimensions and delays outside their range are refused at the
 * parameter (SNNC6019), before any shape is inferred from them. Before: a float stride of 1.5 was
 * imported as a conv2d of stride 2, a pooling kernel of 0 or a negative pooling stride imported as
 * a projection without synapses (exit 0), and a negative delay was dropped in silence.
 */
describe('nir: parameters outside their range', () => {
  const dir = scratch();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** input [1, 4, 4] -> `op` -> IF of `outN` -> output, with `edit` applied to op's parameters. */
  function chain(op: WriteNode, outN: number): { nodes: WriteNode[]; edges: [string, string][] } {
    const ones = (n: number) => vec(new Array<number>(n).fill(1));
    return {
      nodes: [
        { name: 'input', type: 'Input', params: { shape: ints([1, 4, 4]) } },
        op,
        { name: 'flat', type: 'Flatten', params: { start_dim: ints([0]), end_dim: ints([-1]) } },
        { name: 'lif', type: 'IF', params: { r: ones(outN), v_threshold: ones(outN), v_reset: vec(new Array<number>(outN).fill(0)) } },
        { name: 'output', type: 'Output', params: { shape: ints([outN]) } },
      ],
      edges: [['input', op.name], [op.name, 'flat'], ['flat', 'lif'], ['lif', 'output']],
    };
  }
  const conv = (p: WriteNode['params']): WriteNode => ({
    name: 'c', type: 'Conv2d',
    params: { weight: vec(new Array<number>(9).fill(0.5), [1, 1, 3, 3]), bias: vec([0]), stride: ints([1, 1]), padding: ints([0, 0]), dilation: ints([1, 1]), groups: ints([1]), input_shape: ints([4, 4]), ...p },
  });
  const pool = (p: WriteNode['params']): WriteNode => ({ name: 'p', type: 'SumPool2d', params: { kernel_size: ints([2, 2]), stride: ints([2, 2]), padding: ints([0, 0]), ...p } });

  async function refusal(name: string, g: { nodes: WriteNode[]; edges: [string, string][] }) {
    const r = await importNirFile(await writeGraph(dir, `${name}.nir`, g));
    expect(r.spec, name).to.equal(undefined);
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    // one refusal, at the parameter: the node's edges are not reported again as naming no node
    expect(errors.map((d) => d.code), name).to.deep.equal([NirCodes.parameterRange]);
    return errors[0];
  }

  it('the well-formed chains import (the cases below differ from them in one parameter)', async () => {
    for (const [name, g] of [['conv', chain(conv({}), 4)], ['pool', chain(pool({}), 4)]] as const) {
      const r = await importNirFile(await writeGraph(dir, `${name}-ok.nir`, g));
      expect(r.spec, name).to.not.equal(undefined);
    }
  });

  it('convolution and pooling: whole strides, kernels and dilations >= 1, paddings >= 0', async () => {
    const cases: Array<[string, WriteNode, string, string]> = [
      ['conv-stride-1.5', conv({ stride: vec([1.5, 1.5]) }), 'c/stride', '1.5 at flat index 0'],
      ['conv-stride-0', conv({ stride: ints([0, 0]) }), 'c/stride', '0 at flat index 0'],
      ['conv-padding-neg', conv({ padding: ints([0, -2]) }), 'c/padding', '-2 at flat index 1'],
      ['pool-kernel-0', pool({ kernel_size: ints([0, 0]) }), 'p/kernel_size', '0 at flat index 0'],
      ['pool-stride-neg', pool({ stride: ints([-1, -1]) }), 'p/stride', '-1 at flat index 0'],
    ];
    for (const [name, op, at, found] of cases) {
      const d = await refusal(name, chain(op, 4));
      expect(d, name).to.include({ pointer: `/node/nodes/${at}`, found });
      expect(d.expected, name).to.match(/^whole numbers >= [01]$/);
    }
  });

  it('an Input of shape 0 and a negative Delay are refused at the parameter', async () => {
    const g = tinyGraph(2, 3);
    g.nodes[0].params.shape = ints([0]);
    expect(await refusal('input-0', g)).to.include({ pointer: '/node/nodes/input/shape', expected: 'whole numbers >= 1' });
    const h = tinyGraph(2, 3);
    h.nodes.push({ name: 'd', type: 'Delay', params: { delay: vec([-0.002, -0.002, -0.002]) } });
    h.edges = [['input', 'fc'], ['fc', 'd'], ['d', 'lif'], ['lif', 'output']];
    expect(await refusal('delay-neg', h)).to.include({ pointer: '/node/nodes/d/delay', expected: 'numbers >= 0', found: '-0.002 at flat index 0' });
  });
});
