import { expect } from 'chai';
import { expand, graphSpec, SRLIF } from './helpers.js';

/**
 * conv2d and pool2d with asymmetric stride, padding and dilation on a non-square image, against the
 * definition (PyTorch's, which NIR files carry): output (co, yo, xo) reads input
 * (c, yo*sy - py + ky*dy, xo*sx - px + kx*dx) with kernel[co][c][ky][kx]; taps outside the image
 * make no synapse. Every existing test used equal strides and paddings in both axes and no
 * dilation: dilation or stride with y and x swapped, and pool2d padding added instead of subtracted,
 * passed (mutation sweep 3).
 */

type Syn = [number, number, number];
const synapses = (g: ReturnType<typeof expand>): Syn[] => {
  const p = g.projections[0];
  return Array.from(p.pre, (j, k): Syn => [j, p.post[k], p.weight[k]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
};

function reference(C: number, H: number, W: number, Co: number, Ho: number, Wo: number, kh: number, kw: number, w: (co: number, c: number, ky: number, kx: number) => number, [sy, sx]: number[], [py, px]: number[], [dy, dx]: number[]): Syn[] {
  const out: Syn[] = [];
  for (let co = 0; co < Co; co++)
    for (let yo = 0; yo < Ho; yo++)
      for (let xo = 0; xo < Wo; xo++)
        for (let c = 0; c < C; c++)
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++) {
              const y = yo * sy - py + ky * dy;
              const x = xo * sx - px + kx * dx;
              const v = w(co, c, ky, kx);
              if (y >= 0 && y < H && x >= 0 && x < W && v !== 0) out.push([c * H * W + y * W + x, co * Ho * Wo + yo * Wo + xo, v]);
            }
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

describe('ir: conv2d and pool2d follow the definition in each axis', () => {
  it('conv2d 2 -> 2 channels on 5 x 7, kernel 2 x 3, stride [1, 2], padding [1, 0], dilation [2, 1]', () => {
    const [C, H, W, Co, kh, kw] = [2, 5, 7, 2, 2, 3];
    const [stride, padding, dilation] = [[1, 2], [1, 0], [2, 1]];
    const Ho = Math.floor((H + 2 * padding[0] - dilation[0] * (kh - 1) - 1) / stride[0]) + 1; // 4
    const Wo = Math.floor((W + 2 * padding[1] - dilation[1] * (kw - 1) - 1) / stride[1]) + 1; // 3
    const w = (co: number, c: number, ky: number, kx: number) => 1 + co * 100 + c * 10 + ky * 3 + kx;
    const kernel = Array.from({ length: Co }, (_, co) => Array.from({ length: C }, (_, c) => Array.from({ length: kh }, (_, ky) => Array.from({ length: kw }, (_, kx) => w(co, c, ky, kx)))));
    const g = expand(graphSpec(
      [{ id: 'img', kind: 'input', size: C * H * W, shape: [C, H, W] }, { id: 'c', kind: 'neuron', size: Co * Ho * Wo, shape: [Co, Ho, Wo], neuron: SRLIF }],
      [{ id: 'conv', source: 'img', target: 'c', connectivity: { type: 'conv2d', inShape: [C, H, W], outShape: [Co, Ho, Wo], kernel, stride, padding, dilation } }],
    ));
    const want = reference(C, H, W, Co, Ho, Wo, kh, kw, w, stride, padding, dilation);
    // by hand: output (0, 0, 1) with tap (c 0, ky 1, kx 2): y = 0 - 1 + 2 = 1, x = 2 + 2 = 4 -> input 11, weight 6
    expect(want).to.deep.include([1 * W + 4, 1, 6]);
    expect(synapses(g)).to.deep.equal(want);
  });

  it('pool2d on 2 x 5 x 6, kernel [2, 3], stride [2, 3], padding [1, 0]', () => {
    const [C, H, W, kh, kw] = [2, 5, 6, 2, 3];
    const [stride, padding] = [[2, 3], [1, 0]];
    const Ho = Math.floor((H + 2 * padding[0] - kh) / stride[0]) + 1; // 3
    const Wo = Math.floor((W + 2 * padding[1] - kw) / stride[1]) + 1; // 2
    const g = expand(graphSpec(
      [{ id: 'img', kind: 'input', size: C * H * W }, { id: 'p', kind: 'neuron', size: C * Ho * Wo, neuron: SRLIF }],
      [{ id: 'pool', source: 'img', target: 'p', connectivity: { type: 'pool2d', inShape: [C, H, W], outShape: [C, Ho, Wo], kernel: [kh, kw], stride, padding, weight: 0.5 } }],
    ));
    // pooling is per channel: the kernel is the identity across channels
    const want = reference(C, H, W, C, Ho, Wo, kh, kw, (co, c) => (co === c ? 0.5 : 0), stride, padding, [1, 1]);
    // rows: yo 0 reads y -1 (padding, none) and 0; yo 1 and 2 read two each: 5 rows x 3 taps x 2 columns x 2 channels
    expect(want.length).to.equal(60);
    expect(synapses(g)).to.deep.equal(want);
  });
});
