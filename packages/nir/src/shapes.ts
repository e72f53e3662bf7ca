/**
 * Shapes along the edges. Nodes whose parameters fix their shapes (Input, Affine, neurons, ...)
 * are known at once; the others (pooling, Flatten and convolutions of older files without
 * input_shape/input_type, Output, Identity) take the output shape of their predecessor, with a
 * warning where NIR's current writer would have stored it. Then every edge must join equal sizes:
 * a mismatch is an error naming both nodes, located at the receiving node.
 */
import { diag, pointerJoin, warning, type Diagnostic } from '@snnc/common';
import { NirCodes } from './codes.js';
import { NEURON_TYPES, tensorSize, type NirGraph, type NirNode } from './types.js';

export interface NodeShapes {
  in: number[];
  out: number[];
}

/** Output extent of a strided, padded, dilated window (PyTorch's formula). */
export function outExtent(n: number, k: number, stride: number, pad: number, dil: number): number {
  return Math.floor((n + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
}

/** A scalar or per-dimension parameter expanded to `n` integers. */
export function pairOf(node: NirNode, key: string, n: number, fallback: number): number[] {
  const p = node.params[key];
  if (!p) return new Array<number>(n).fill(fallback);
  if (p.data.length === 1) return new Array<number>(n).fill(p.data[0]);
  return Array.from(p.data.slice(0, n));
}

export function inferShapes(g: NirGraph, file?: string): { shapes: Map<string, NodeShapes>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const shapes = new Map<string, NodeShapes>();
  const preds = new Map<string, string[]>();
  for (const n of g.nodes) preds.set(n.name, []);
  for (const [a, b] of g.edges) preds.get(b)?.push(a);
  const err = (n: NirNode, key: string | null, message: string, expected: string, found: string) =>
    diagnostics.push(diag(NirCodes.shapeMismatch, `node "${n.name}" (${n.type}): ${message}`, { file, pointer: key ? pointerJoin(n.path, key) : n.path, expected, found }));

  const own = (n: NirNode, inShape: number[] | null): NodeShapes | null | 'bad' => {
    const P = n.params;
    switch (n.type) {
      case 'Input':
        return { in: Array.from(P.shape.data), out: Array.from(P.shape.data) };
      case 'Affine':
      case 'Linear': {
        const [o, i] = P.weight.shape;
        if (n.type === 'Affine' && P.bias.data.length !== o && P.bias.data.length !== 1) {
          err(n, 'bias', 'bias needs one entry per output', `${o} entries`, `${P.bias.data.length}`);
          return 'bad';
        }
        return { in: [i], out: [o] };
      }
      case 'Scale':
        return { in: [...P.scale.shape], out: [...P.scale.shape] };
      case 'Delay':
        return { in: [...P.delay.shape], out: [...P.delay.shape] };
      case 'Conv2d':
      case 'Conv1d': {
        const w = P.weight.shape;
        const dims = n.type === 'Conv2d' ? 2 : 1;
        const groups = P.groups.data[0];
        const cin = w[1] * groups;
        if (!(groups >= 1) || w[0] % groups !== 0) {
          err(n, 'groups', 'groups must divide the output channels', `a divisor of ${w[0]}`, String(groups));
          return 'bad';
        }
        if (P.bias.data.length !== w[0] && P.bias.data.length !== 1) {
          err(n, 'bias', 'bias needs one entry per output channel', `${w[0]} entries`, `${P.bias.data.length}`);
          return 'bad';
        }
        let spatial: number[] | null = null;
        if (P.input_shape && P.input_shape.data.length === dims) spatial = Array.from(P.input_shape.data);
        else if (inShape && inShape.length === dims + 1) spatial = inShape.slice(1);
        if (!spatial) return null;
        const stride = pairOf(n, 'stride', dims, 1);
        const pad = pairOf(n, 'padding', dims, 0);
        const dil = pairOf(n, 'dilation', dims, 1);
        const outSp = spatial.map((s, d) => outExtent(s, w[2 + d], stride[d], pad[d], dil[d]));
        if (outSp.some((x) => x < 1)) {
          err(n, 'weight', 'the kernel does not fit the input', `an input of at least the kernel's extent`, `input [${spatial.join(', ')}], kernel [${w.slice(2).join(', ')}]`);
          return 'bad';
        }
        return { in: [cin, ...spatial], out: [w[0], ...outSp] };
      }
      case 'SumPool2d':
      case 'AvgPool2d': {
        if (!inShape) return null;
        if (inShape.length !== 3) {
          err(n, null, 'pooling needs a [C, H, W] input', 'rank 3', `[${inShape.join(', ')}]`);
          return 'bad';
        }
        const k = pairOf(n, 'kernel_size', 2, 1);
        const stride = pairOf(n, 'stride', 2, 1);
        const pad = pairOf(n, 'padding', 2, 0);
        const out = [inShape[0], outExtent(inShape[1], k[0], stride[0], pad[0], 1), outExtent(inShape[2], k[1], stride[1], pad[1], 1)];
        return { in: inShape, out };
      }
      case 'Flatten': {
        const base = P.input_type ? Array.from(P.input_type.data) : inShape;
        if (!base) return null;
        const r = base.length;
        let s = P.start_dim.data[0];
        let e = P.end_dim.data[0];
        if (s < 0) s += r;
        if (e < 0) e += r;
        if (s < 0 || e >= r || s > e) {
          err(n, 'start_dim', 'start_dim/end_dim outside the input rank', `0 <= start <= end < ${r}`, `${P.start_dim.data[0]}, ${P.end_dim.data[0]}`);
          return 'bad';
        }
        return { in: base, out: [...base.slice(0, s), tensorSize(base.slice(s, e + 1)), ...base.slice(e + 1)] };
      }
      case 'Output':
      case 'Identity':
        return inShape ? { in: inShape, out: inShape } : null;
      default: {
        if (!NEURON_TYPES.has(n.type)) return null;
        // every per-neuron parameter must have the same size
        const keys = Object.keys(P).sort();
        const first = P[keys[0]];
        for (const k of keys) {
          if (P[k].data.length !== first.data.length && P[k].data.length !== 1) {
            err(n, k, `parameter "${k}" does not match the node's other parameters`, `${first.data.length} entries like "${keys[0]}"`, `${P[k].data.length} entries`);
            return 'bad';
          }
        }
        const shape = keys.map((k) => P[k].shape).find((s) => tensorSize(s) === first.data.length && s.length > 0) ?? [first.data.length];
        return { in: [...shape], out: [...shape] };
      }
    }
  };

  const bad = new Set<string>();
  // fixed point: each pass settles at least one node or stops
  let changed = true;
  while (changed) {
    changed = false;
    for (const n of g.nodes) {
      if (shapes.has(n.name) || bad.has(n.name)) continue;
      const from = preds.get(n.name)!.map((p) => shapes.get(p)?.out).find((s) => s !== undefined) ?? null;
      const s = own(n, from);
      if (s === 'bad') bad.add(n.name);
      else if (s) {
        shapes.set(n.name, s);
        changed = true;
        const inferredConv = (n.type === 'Conv2d' || n.type === 'Conv1d') && !n.params.input_shape;
        if (inferredConv || (n.type === 'Flatten' && !n.params.input_type)) {
          diagnostics.push(warning(NirCodes.shapeInferred, `node "${n.name}" (${n.type}) has no ${n.type === 'Flatten' ? 'input_type' : 'input_shape'} (older NIR file): inferred [${s.in.join(', ')}] from its predecessor`, { file, pointer: n.path }));
        }
      }
    }
  }
  for (const n of g.nodes) {
    if (!shapes.has(n.name) && !bad.has(n.name)) {
      diagnostics.push(diag(NirCodes.shapeMismatch, `node "${n.name}" (${n.type}): its shape cannot be inferred`, { file, pointer: n.path, expected: 'a predecessor with a known shape, or the shape in the node', found: preds.get(n.name)!.length ? `predecessors ${preds.get(n.name)!.map((p) => `"${p}"`).join(', ')} of unknown shape` : 'no predecessor' }));
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { shapes, diagnostics };
  const byName = new Map(g.nodes.map((n) => [n.name, n]));
  for (const [a, b] of g.edges) {
    const sa = shapes.get(a)!;
    const sb = shapes.get(b)!;
    if (tensorSize(sa.out) !== tensorSize(sb.in)) {
      const nb = byName.get(b)!;
      diagnostics.push(diag(NirCodes.shapeMismatch, `edge "${a}" -> "${b}": node "${b}" (${nb.type}) expects ${tensorSize(sb.in)} inputs but "${a}" gives ${tensorSize(sa.out)}`, {
        file, pointer: nb.path, expected: `input shape [${sb.in.join(', ')}]`, found: `"${a}" output shape [${sa.out.join(', ')}]`,
      }));
    }
  }
  // An Output node that states its shape must agree with what reaches it.
  for (const n of g.nodes) {
    if (n.type !== 'Output' || !n.params.shape || !shapes.has(n.name)) continue;
    const want = tensorSize(Array.from(n.params.shape.data));
    const got = tensorSize(shapes.get(n.name)!.in);
    if (want !== got) err(n, 'shape', 'the declared output shape does not match its input', `${got} elements`, `shape [${Array.from(n.params.shape.data).join(', ')}]`);
  }
  return { shapes, diagnostics };
}
