/**
 * snnc network -> .nir. The inverse of the importer at a chosen dt (default 1 ms), written so that
 * the importer's dt rule recovers that dt (snnTorch's convention r = tau_mem/dt, w_in = tau_syn/dt)
 * and every gain is 1, so a Linear node carries the snnc weights unchanged (docs/nir.md "Export"):
 *   cuba   -> CubaLIF: tau_syn = dt/(1 - alphaU), tau_mem = dt/(1 - alphaV), r = tau_mem/dt,
 *             w_in = tau_syn/dt, v_leak = bias/(1 - alphaV), v_threshold = vth, v_reset = 0
 *   srlif  -> LIF: tau = dt/(1 - alpha), r = tau/dt, v_leak = bias/(1 - alpha), v_threshold = vth0
 *             (reset by subtraction and the homeostatic threshold have no NIR equivalent: warned)
 *   input  -> Input; the readout -> an Output node after it
 *   projection -> Conv2d / SumPool2d (+ Scale) for an untrained spec's conv2d / pool2d, else Linear (dense weights)
 *                 [-> Delay (delay - 1) dt] -> target
 * A trained checkpoint contributes its integer weights, converted back to voltage units with the
 * lowered network's scales: w = c(mant) / 2^voltageScaleLog2 with c the §2.2 contribution
 * (mant * 2^(6 + weightExp), or (mant >> -weightExp) << 6 for a negative exponent).
 */
import { diag, LIMITS, warning, withinLimit, type Diagnostic } from '@snnc/common';
import type { Graph, GraphSpec, LoweredNetwork } from '@snnc/ir';
import { NirCodes } from './codes.js';
import { writeNirFile, type ParamValue, type WriteNode } from './write.js';
import { Hdf5StartError, hdf5StartDiagnostic } from './h5.js';

export interface ExportOptions {
  /** seconds per step; default: the spec's recorded dt (set by nir import), else 1 ms */
  dt?: number;
  /** the spec the graph came from: conv2d projections are written as Conv2d nodes */
  spec?: GraphSpec;
  /** trained integer weights replace the graph's (a checkpoint's network) */
  trained?: LoweredNetwork;
  file?: string;
}

/** The largest decay factor a NIR time constant can express here (Loihi's least decay is 1/4096). */
const ALPHA_MAX = 1 - 1 / 4096;

export function graphToNirNodes(graph: Graph, opts: ExportOptions = {}): { nodes: WriteNode[]; edges: [string, string][]; diagnostics: Diagnostic[] } {
  const dt = opts.dt ?? opts.spec?.dt ?? 1e-3;
  const diagnostics: Diagnostic[] = [];
  const file = opts.file;
  const nodes: WriteNode[] = [];
  const edges: [string, string][] = [];
  const vec = (n: number, x: number, shape: number[]): ParamValue => ({ shape, data: new Float64Array(n).fill(x) });
  const clampAlpha = (a: number, what: string, id: string) => {
    if (a <= ALPHA_MAX) return a;
    const pop = graph.populations.find((p) => p.id === id)!;
    diagnostics.push(warning(NirCodes.exportLoss, `population "${id}": ${what} = ${a} (no decay) has no finite NIR time constant; written as ${ALPHA_MAX}`, { file, pointer: pop.specPointer ?? `/populations/${pop.index}` }));
    return ALPHA_MAX;
  };
  const names = new Set(graph.populations.map((p) => p.id));
  // node names of the projections: unique, since several projections may share an id (the delay
  // lines of an interLayerLongRange entry are 'lr:rows:L1' each) and an HDF5 group is one name
  const projectionNames = new Set<string>();
  const fresh = (base: string): string => {
    let name = names.has(base) ? `${base}.w` : base;
    for (let k = 2; projectionNames.has(name); k++) name = `${base}.${k}`;
    projectionNames.add(name);
    return name;
  };
  for (const pop of graph.populations) {
    const shape = pop.shape && pop.shape.length ? [...pop.shape] : [pop.size];
    const n = pop.size;
    const ptr = pop.specPointer ?? `/populations/${pop.index}`;
    if (!pop.params) {
      // §2.4: NIR's Input carries real values, so a graded input keeps its meaning if its values are given as value / 255
      if (pop.graded === true)
        diagnostics.push(warning(NirCodes.exportLoss, `input "${pop.id}" is graded (docs/semantics.md §2.4): NIR's Input node has no such flag; a NIR simulator must be fed value / 255 where snnc's raster holds value`, { file, pointer: `${ptr}/graded` }));
      nodes.push({ name: pop.id, type: 'Input', params: { shape: { shape: [shape.length], data: Float64Array.from(shape), int: true } } });
      continue;
    }
    if (pop.params.model === 'cuba') {
      const p = pop.params;
      const aU = clampAlpha(p.alphaU, 'alphaU', pop.id);
      const aV = clampAlpha(p.alphaV, 'alphaV', pop.id);
      const tauSyn = dt / (1 - aU);
      const tauMem = dt / (1 - aV);
      if (p.refractory > 0) diagnostics.push(warning(NirCodes.exportLoss, `population "${pop.id}": refractory period ${p.refractory} has no NIR equivalent and is dropped`, { file, pointer: ptr }));
      nodes.push({
        name: pop.id,
        type: 'CubaLIF',
        params: {
          tau_syn: vec(n, tauSyn, shape), tau_mem: vec(n, tauMem, shape), r: vec(n, tauMem / dt, shape), w_in: vec(n, tauSyn / dt, shape),
          v_leak: vec(n, p.bias / (1 - aV), shape), v_threshold: vec(n, p.vth, shape), v_reset: vec(n, 0, shape),
        },
      });
    } else {
      const p = pop.params;
      const a = clampAlpha(p.alpha, 'alpha', pop.id);
      const tau = dt / (1 - a);
      diagnostics.push(warning(NirCodes.exportLoss, `population "${pop.id}" (srlif): NIR's LIF resets to v_reset and has a fixed threshold; reset by subtraction, the homeostatic threshold and spiking at v = vth (NIR: v > v_threshold) are not exported`, { file, pointer: ptr }));
      nodes.push({
        name: pop.id,
        type: 'LIF',
        params: { tau: vec(n, tau, shape), r: vec(n, tau / dt, shape), v_leak: vec(n, p.bias / (1 - a), shape), v_threshold: vec(n, p.vth, shape), v_reset: vec(n, 0, shape) },
      });
    }
    if (pop.role === 'readout') {
      let out = 'output';
      if (names.has(out) || nodes.some((x) => x.name === out)) out = `${pop.id}.output`;
      nodes.push({ name: out, type: 'Output', params: { shape: { shape: [shape.length], data: Float64Array.from(shape), int: true } } });
      edges.push([pop.id, out]);
    }
  }
  if (graph.learning) diagnostics.push(warning(NirCodes.exportLoss, 'learning (plasticity, modulatory populations) has no NIR equivalent; the current weights are exported', { file, pointer: '/learning' }));

  // elements of the parameters written so far: the importer's nirTotalElements bounds the file
  let total = nodes.reduce((a, n) => a + Object.values(n.params).reduce((b, v) => b + v.data.length, 0), 0);
  for (const pr of graph.projections) {
    const src = graph.populations[pr.source];
    const tgt = graph.populations[pr.target];
    const weight = realWeights(graph, pr.index, opts.trained);
    const spec = opts.spec?.projections[pr.index];
    const conn = spec?.connectivity;
    let node: WriteNode;
    if (conn?.type === 'conv2d' && !opts.trained) {
      const k = conn.kernel;
      const [Co, C, kh, kw] = [k.length, k[0].length, k[0][0].length, k[0][0][0].length];
      node = {
        name: fresh(pr.id),
        type: 'Conv2d',
        params: {
          weight: { shape: [Co, C, kh, kw], data: Float64Array.from(k.flat(3)) },
          bias: vec(Co, 0, [Co]),
          stride: { shape: [2], data: Float64Array.from(conn.stride), int: true },
          padding: { shape: [2], data: Float64Array.from(conn.padding), int: true },
          dilation: { shape: [2], data: Float64Array.from(conn.dilation ?? [1, 1]), int: true },
          groups: { shape: [], data: Float64Array.of(1), int: true },
          input_shape: { shape: [2], data: Float64Array.of(conn.inShape[1], conn.inShape[2]), int: true },
        },
      };
    } else if (conn?.type === 'pool2d' && !opts.trained && src.shape?.length === 3 && conn.weight !== 0) {
      // window sum, then the common weight as a Scale (omitted when it is 1)
      node = {
        name: fresh(conn.weight === 1 ? pr.id : `${pr.id}.pool`),
        type: 'SumPool2d',
        params: {
          kernel_size: { shape: [2], data: Float64Array.from(conn.kernel), int: true },
          stride: { shape: [2], data: Float64Array.from(conn.stride), int: true },
          padding: { shape: [2], data: Float64Array.from(conn.padding), int: true },
        },
      };
      if (conn.weight !== 1) {
        nodes.push(node);
        edges.push([src.id, node.name]);
        const n = tgt.size;
        const scale: WriteNode = { name: fresh(pr.id), type: 'Scale', params: { scale: vec(n, conn.weight, conn.outShape) } };
        edges.push([node.name, scale.name]);
        node = scale;
        nodes.push(node);
        if (pr.delay > 1) {
          const dname = `${node.name}.delay`;
          nodes.push({ name: dname, type: 'Delay', params: { delay: vec(n, (pr.delay - 1) * dt, [...conn.outShape]) } });
          edges.push([node.name, dname], [dname, tgt.id]);
        } else edges.push([node.name, tgt.id]);
        continue;
      }
    } else {
      // the importer's limits (docs/limits.md), checked before allocating: a file snnc writes must
      // be one it reads (a dense 5000 x 5000 Linear was written, then refused by `nir import`)
      const dense = src.size * tgt.size;
      if (dense > LIMITS.nirParameterElements || total + dense > LIMITS.nirTotalElements) {
        const one = dense > LIMITS.nirParameterElements;
        diagnostics.push(diag(NirCodes.tooLarge, `projection "${pr.id}" would need a dense ${tgt.size} x ${src.size} Linear node${one ? '' : ', beyond what a .nir file may hold in all'}`, {
          file, pointer: pr.specPointer ?? `/projections/${pr.index}`,
          expected: one ? withinLimit('nirParameterElements', 'weights') : withinLimit('nirTotalElements', 'elements in all parameters'),
          found: one ? String(dense) : `${total + dense} elements so far`,
          fix: 'NIR has no sparse connectivity: smaller populations, or a conv2d / pool2d projection (written as Conv2d / SumPool2d)',
        }));
        continue;
      }
      total += dense;
      const w = new Float64Array(tgt.size * src.size);
      for (let s = 0; s < pr.pre.length; s++) w[pr.post[s] * src.size + pr.pre[s]] += weight[s];
      node = { name: fresh(pr.id), type: 'Linear', params: { weight: { shape: [tgt.size, src.size], data: w } } };
    }
    nodes.push(node);
    edges.push([src.id, node.name]);
    if (pr.delay > 1) {
      const shape = tgt.shape && tgt.shape.length ? [...tgt.shape] : [tgt.size];
      const dname = `${node.name}.delay`;
      nodes.push({ name: dname, type: 'Delay', params: { delay: vec(tgt.size, (pr.delay - 1) * dt, shape) } });
      edges.push([node.name, dname], [dname, tgt.id]);
    } else edges.push([node.name, tgt.id]);
  }
  // the per-neuron vectors, Scales and Delays count too (a network of millions of neurons)
  const all = nodes.reduce((a, n) => a + Object.values(n.params).reduce((b, v) => b + v.data.length, 0), 0);
  if (all > LIMITS.nirTotalElements && !diagnostics.some((d) => d.code === NirCodes.tooLarge)) {
    diagnostics.push(diag(NirCodes.tooLarge, 'the network would need more parameter elements than a .nir file may hold', {
      file, pointer: '', expected: withinLimit('nirTotalElements', 'elements in all parameters'), found: String(all), fix: 'a smaller network',
    }));
  }
  return { nodes, edges, diagnostics };
}

function realWeights(graph: Graph, k: number, trained?: LoweredNetwork): Float64Array {
  const pr = graph.projections[k];
  if (!trained) return pr.weight;
  const lp = trained.projections[k];
  const s = 2 ** (trained.populations[lp.target].voltageScaleLog2 ?? 0);
  // §2.2: the contribution (m >> -e) << 6 for e < 0, m << (6 + e) otherwise, in voltage units
  const down = 2 ** Math.max(0, -lp.weightExp);
  const lsb = 2 ** (6 + Math.max(0, lp.weightExp)) / s;
  return Float64Array.from(lp.weight, (m) => Math.floor(m / down) * lsb);
}

export async function exportNirFile(graph: Graph, out: string, opts: ExportOptions = {}): Promise<{ diagnostics: Diagnostic[] }> {
  const { nodes, edges, diagnostics } = graphToNirNodes(graph, opts);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  try {
    await writeNirFile(out, nodes, edges, { inputs: [opts.file] });
  } catch (e) {
    diagnostics.push(e instanceof Hdf5StartError ? hdf5StartDiagnostic(e, out) : diag(NirCodes.writeFailed, `cannot write the NIR file: ${(e as Error).message}`, { file: out, pointer: '' }));
  }
  return { diagnostics };
}
