import type { Rng } from '@snnc/common';
import { resolveSrlif } from './check-common.js';
import { buildModulatory } from './expand-learning.js';
import { randomProjection } from './expand-srsnn.js';
import type { Connectivity, Conv2dConnectivity, GraphSpec, Neuron, Pool2dConnectivity } from './generated/spec.js';
import { IR_VERSION, type CubaRealParams, type Graph, type GraphPopulation, type GraphProjection, type SrlifRealParams } from './graph.js';
import { SynapseList, sortPrePost } from './synapses.js';
import { drawWeights } from './weights.js';

type Synapses = { pre: Uint32Array; post: Uint32Array; weight: Float64Array };

/**
 * graph spec -> Graph. Populations and projections keep the spec's order (their indices).
 * Random draws come from rng.fork(projectionId) per projection. Convolution and pooling use the
 * C-major layout index = c*H*W + y*W + x on both sides.
 */
export function expandGraph(spec: GraphSpec, rng: Rng): Graph {
  const populations: GraphPopulation[] = spec.populations.map((p, index) => {
    const isInput = p.kind === 'input';
    return {
      id: p.id,
      index,
      size: p.size,
      role: p.role ?? (isInput ? 'input' : 'hidden'),
      layer: p.layer ?? (isInput ? 0 : -1),
      model: isInput ? 'input' : p.neuron!.model,
      params: isInput ? null : realParams(p.neuron!),
      ...(p.classes !== undefined ? { classes: p.classes } : {}),
      ...(p.neuronsPerClass !== undefined ? { neuronsPerClass: p.neuronsPerClass } : {}),
      ...(p.shape ? { shape: [...p.shape] } : {}),
      ...(isInput && p.graded === true ? { graded: true as const } : {}),
      specPointer: `/populations/${index}`,
    };
  });
  const indexOf = new Map(populations.map((p) => [p.id, p.index]));
  const learns = spec.learning?.enabled === true;

  const projections: GraphProjection[] = spec.projections.map((proj, index) => {
    const source = indexOf.get(proj.source)!;
    const target = indexOf.get(proj.target)!;
    const nPre = populations[source].size;
    const nPost = populations[target].size;
    const syn = connect(proj.connectivity, rng.fork(proj.id), nPre, nPost, source === target);
    return {
      id: proj.id,
      index,
      source,
      target,
      kind: proj.kind ?? 'other',
      delay: proj.delay ?? 1,
      plasticity: learns ? proj.plastic ?? 'none' : 'none',
      specPointer: `/projections/${index}`,
      ...syn,
    };
  });

  let learning: Graph['learning'] = null;
  if (learns && spec.learning) {
    const l = spec.learning;
    const readout = populations[indexOf.get(l.readout)!];
    const classes = readout.classes ?? readout.size;
    learning = {
      readout: readout.index,
      gamma: l.gamma,
      rival: l.rival,
      etaOut: l.etaOut,
      eta: l.eta,
      lambdaE: l.lambdaE,
      lambdaM: l.lambdaM,
      modulatory: l.hidden.map((id, k) =>
        buildModulatory(rng, populations[indexOf.get(id)!], l.modulatory.perLayer?.[k] ?? l.modulatory.m, classes, l, { readout, projections }, k),
      ),
      ...(l.wMax !== undefined ? { wMax: l.wMax } : {}),
      ...(l.rateReg ? { rateReg: l.rateReg } : {}),
      ...(l.readoutDecay ? { readoutDecay: l.readoutDecay } : {}),
      ...(l.readoutScore === 'potential' ? { readoutScore: 'potential' as const } : {}),
      ...(l.eligibility === 'causal' ? { eligibility: 'causal' as const } : {}),
    };
  }
  return { irVersion: IR_VERSION, name: spec.name, seed: rng.seed, timesteps: spec.timesteps, populations, projections, learning };
}

function realParams(n: Neuron): SrlifRealParams | CubaRealParams {
  if (n.model === 'srlif') return resolveSrlif(n);
  return { model: 'cuba', alphaU: n.alphaU, alphaV: n.alphaV, vth: n.vth, bias: n.bias ?? 0, refractory: n.refractory ?? 0 };
}

function connect(k: Connectivity, rng: Rng, nPre: number, nPost: number, self: boolean): Synapses {
  switch (k.type) {
    case 'explicit': {
      const syn = { pre: Uint32Array.from(k.pre), post: Uint32Array.from(k.post), weight: Float64Array.from(k.weight) };
      return sortPrePost(syn, nPre, nPost);
    }
    case 'dense': {
      const list = new SynapseList(nPre * nPost);
      for (let j = 0; j < nPre; j++) {
        for (let i = 0; i < nPost; i++) {
          const w = k.weights[i][j];
          if (w !== 0 || k.keepZeros) list.push(j, i, w);
        }
      }
      return list.finish();
    }
    case 'random':
      return randomProjection(rng, k.density, k.weight, nPre, nPost, self && !k.allowSelf);
    case 'oneToOne': {
      const n = Math.min(nPre, nPost);
      const pre = new Uint32Array(n);
      for (let i = 0; i < n; i++) pre[i] = i;
      const post = pre.slice();
      const weight = typeof k.weight === 'number' ? new Float64Array(n).fill(k.weight) : drawWeights(k.weight, rng.fork('weight'), post, nPost);
      return { pre, post, weight };
    }
    case 'conv2d':
      return conv2d(k, nPre, nPost);
    case 'pool2d':
      return pool2d(k, nPre, nPost);
  }
}

/** Generated output neuron by output neuron (posts ascending), then put in (pre, post) order. */
function conv2d(k: Conv2dConnectivity, nPre: number, nPost: number): Synapses {
  const [C, H, W] = k.inShape;
  const [Co, Ho, Wo] = k.outShape;
  const kh = k.kernel[0][0].length;
  const kw = k.kernel[0][0][0].length;
  const [sy, sx] = k.stride;
  const [py, px] = k.padding;
  const [dy, dx] = k.dilation ?? [1, 1];
  const list = new SynapseList(nPost * C * kh * kw);
  for (let co = 0; co < Co; co++) {
    for (let yo = 0; yo < Ho; yo++) {
      for (let xo = 0; xo < Wo; xo++) {
        const post = co * Ho * Wo + yo * Wo + xo;
        for (let c = 0; c < C; c++) {
          const plane = k.kernel[co][c];
          for (let ky = 0; ky < kh; ky++) {
            const y = yo * sy - py + ky * dy;
            if (y < 0 || y >= H) continue;
            for (let kx = 0; kx < kw; kx++) {
              const x = xo * sx - px + kx * dx;
              if (x < 0 || x >= W) continue;
              const w = plane[ky][kx];
              if (w !== 0) list.push(c * H * W + y * W + x, post, w);
            }
          }
        }
      }
    }
  }
  return sortPrePost(list.finish(), nPre, nPost, true);
}

function pool2d(k: Pool2dConnectivity, nPre: number, nPost: number): Synapses {
  const [C, H, W] = k.inShape;
  const [, Ho, Wo] = k.outShape;
  const [kh, kw] = k.kernel;
  const [sy, sx] = k.stride;
  const [py, px] = k.padding;
  const list = new SynapseList(nPost * kh * kw);
  for (let c = 0; c < C; c++) {
    for (let yo = 0; yo < Ho; yo++) {
      for (let xo = 0; xo < Wo; xo++) {
        const post = c * Ho * Wo + yo * Wo + xo;
        for (let ky = 0; ky < kh; ky++) {
          const y = yo * sy - py + ky;
          if (y < 0 || y >= H) continue;
          for (let kx = 0; kx < kw; kx++) {
            const x = xo * sx - px + kx;
            if (x < 0 || x >= W) continue;
            if (k.weight !== 0) list.push(c * H * W + y * W + x, post, k.weight);
          }
        }
      }
    }
  }
  return sortPrePost(list.finish(), nPre, nPost, true);
}
