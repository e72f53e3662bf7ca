/**
 * Each stateless NIR node as a sparse linear map plus an optional bias (docs/nir.md "Node by
 * node"): Affine W x + b, Linear W x, Scale s * x, Conv1d/Conv2d (cross-correlation as in
 * PyTorch, with groups), SumPool2d (window sum), AvgPool2d (window sum / kH kW: PyTorch's default
 * counts the padding), Flatten/Identity/Output/Delay (index identity; Delay only shifts time).
 * Tensors are C order: index = c*H*W + y*W + x, the same layout as snnc populations.
 */
import { pairOf, type NodeShapes } from './shapes.js';
import { CsrBuilder, type Csr } from './sparse.js';
import type { NirNode } from './types.js';

export interface LinearOp {
  /** null: the identity (no composition needed) */
  map: Csr | null;
  bias: Float64Array | null;
}

export function linearOp(n: NirNode, s: NodeShapes): LinearOp {
  const P = n.params;
  switch (n.type) {
    case 'Affine':
    case 'Linear': {
      const [o, i] = P.weight.shape;
      const w = P.weight.data;
      const b = new CsrBuilder(o, i, o * i);
      for (let r = 0; r < o; r++) {
        for (let c = 0; c < i; c++) if (w[r * i + c] !== 0) b.push(c, w[r * i + c]);
        b.endRow();
      }
      return { map: b.finish(), bias: n.type === 'Affine' ? broadcast(P.bias.data, o) : null };
    }
    case 'Scale': {
      const k = P.scale.data;
      const b = new CsrBuilder(k.length, k.length, k.length);
      for (let r = 0; r < k.length; r++) {
        if (k[r] !== 0) b.push(r, k[r]);
        b.endRow();
      }
      return { map: b.finish(), bias: null };
    }
    case 'Conv2d':
    case 'Conv1d':
      return conv(n, s);
    case 'SumPool2d':
    case 'AvgPool2d':
      return pool(n, s);
    default:
      return { map: null, bias: null };
  }
}

function broadcast(b: Float64Array, n: number): Float64Array | null {
  const out = b.length === 1 ? new Float64Array(n).fill(b[0]) : Float64Array.from(b);
  return out.some((x) => x !== 0) ? out : null;
}

/** Conv1d is handled as a Conv2d with H = 1. */
function conv(n: NirNode, s: NodeShapes): LinearOp {
  const P = n.params;
  const two = n.type === 'Conv2d';
  const w = P.weight.data;
  const [Co, Cg] = P.weight.shape;
  const kh = two ? P.weight.shape[2] : 1;
  const kw = two ? P.weight.shape[3] : P.weight.shape[2];
  const dims = two ? 2 : 1;
  const st = pairOf(n, 'stride', dims, 1);
  const pd = pairOf(n, 'padding', dims, 0);
  const dl = pairOf(n, 'dilation', dims, 1);
  const [sy, sx] = two ? st : [1, st[0]];
  const [py, px] = two ? pd : [0, pd[0]];
  const [dy, dx] = two ? dl : [1, dl[0]];
  const C = s.in[0];
  const H = two ? s.in[1] : 1;
  const W = two ? s.in[2] : s.in[1];
  const Ho = two ? s.out[1] : 1;
  const Wo = two ? s.out[2] : s.out[1];
  const perGroup = Co / P.groups.data[0];
  const b = new CsrBuilder(Co * Ho * Wo, C * H * W, Co * Ho * Wo * Cg * kh * kw);
  for (let co = 0; co < Co; co++) {
    const c0 = Math.floor(co / perGroup) * Cg;
    for (let yo = 0; yo < Ho; yo++) {
      for (let xo = 0; xo < Wo; xo++) {
        // columns ascend because c, y, x ascend in this nesting
        for (let cg = 0; cg < Cg; cg++) {
          for (let ky = 0; ky < kh; ky++) {
            const y = yo * sy - py + ky * dy;
            if (y < 0 || y >= H) continue;
            for (let kx = 0; kx < kw; kx++) {
              const x = xo * sx - px + kx * dx;
              if (x < 0 || x >= W) continue;
              const v = w[((co * Cg + cg) * kh + ky) * kw + kx];
              if (v !== 0) b.push((c0 + cg) * H * W + y * W + x, v);
            }
          }
        }
        b.endRow();
      }
    }
  }
  const bias = P.bias.data;
  let biasOut: Float64Array | null = null;
  if (bias.some((x) => x !== 0)) {
    biasOut = new Float64Array(Co * Ho * Wo);
    for (let co = 0; co < Co; co++) biasOut.fill(bias.length === 1 ? bias[0] : bias[co], co * Ho * Wo, (co + 1) * Ho * Wo);
  }
  return { map: b.finish(), bias: biasOut };
}

function pool(n: NirNode, s: NodeShapes): LinearOp {
  const [kh, kw] = pairOf(n, 'kernel_size', 2, 1);
  const [sy, sx] = pairOf(n, 'stride', 2, 1);
  const [py, px] = pairOf(n, 'padding', 2, 0);
  const [C, H, W] = s.in;
  const [, Ho, Wo] = s.out;
  const v = n.type === 'AvgPool2d' ? 1 / (kh * kw) : 1;
  const b = new CsrBuilder(C * Ho * Wo, C * H * W, C * Ho * Wo * kh * kw);
  for (let c = 0; c < C; c++) {
    for (let yo = 0; yo < Ho; yo++) {
      for (let xo = 0; xo < Wo; xo++) {
        for (let ky = 0; ky < kh; ky++) {
          const y = yo * sy - py + ky;
          if (y < 0 || y >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const x = xo * sx - px + kx;
            if (x >= 0 && x < W) b.push(c * H * W + y * W + x, v);
          }
        }
        b.endRow();
      }
    }
  }
  return { map: b.finish(), bias: null };
}
