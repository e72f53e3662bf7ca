import { pointerJoin, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import { Checker, MAX_PROJECTION_SYNAPSES, MAX_TOTAL_SYNAPSES, resolveSrlif, sizeRefusal, type SizeTerm, type SynapseEstimate } from './check-common.js';
import { checkFeedbackRules } from './sal.js';
import type { Conv2dConnectivity, GraphSpec, Pool2dConnectivity, Population, Projection } from './generated/spec.js';

/** Semantic checks of a schema-valid graph spec (SNNC2xxx). */
export function checkGraph(spec: GraphSpec, file?: string): Diagnostic[] {
  const c = new Checker(file);
  c.uniqueIds(spec.populations.map((p, i) => ({ id: p.id, pointer: `/populations/${i}/id` })), 'population');
  c.uniqueIds(spec.projections.map((p, i) => ({ id: p.id, pointer: `/projections/${i}/id` })), 'projection');
  const pops = new Map<string, Population>();
  for (const p of spec.populations) if (!pops.has(p.id)) pops.set(p.id, p);

  spec.populations.forEach((p, i) => population(c, p, `/populations/${i}`));

  spec.projections.forEach((proj, i) => {
    const ptr = `/projections/${i}`;
    const src = pops.get(proj.source);
    const tgt = pops.get(proj.target);
    for (const [key, pop] of [['source', src], ['target', tgt]] as const) {
      if (!pop) {
        c.error(Codes.danglingReference, pointerJoin(ptr, key), `unknown population "${proj[key]}"`, {
          expected: `one of ${[...pops.keys()].map((k) => `"${k}"`).join(', ')}`,
          found: `"${proj[key]}"`,
        });
      }
    }
    if (tgt && tgt.kind === 'input') {
      c.error(Codes.inputAsTarget, pointerJoin(ptr, 'target'), `"${tgt.id}" is an input population and cannot receive synapses`, {
        expected: 'a neuron population',
        found: `input "${tgt.id}"`,
      });
    }
    if (src && tgt) {
      connectivity(c, proj, src.size, tgt.size, pointerJoin(ptr, 'connectivity'));
      const n = expectedSynapses(proj.connectivity, src.size, tgt.size);
      if (n > MAX_PROJECTION_SYNAPSES) {
        c.error(Codes.tooManySynapses, ptr, `projection "${proj.id}" would have about ${Math.round(n)} synapses`, {
          expected: `<= ${MAX_PROJECTION_SYNAPSES}`,
          found: String(Math.round(n)),
          fix: 'lower the density or split the projection',
        });
      }
    }
  });
  const refusal = sizeRefusal(graphSynapseEstimate(spec), MAX_TOTAL_SYNAPSES, 'more than the expansion limit');
  if (refusal) {
    const { pointer, message, ...extra } = refusal;
    c.error(Codes.tooManySynapses, pointer, message, extra);
  }
  learning(c, spec, pops);
  return c.diagnostics;
}

function population(c: Checker, p: Population, ptr: string): void {
  c.shape(p.shape, p.size, ptr);
  if (p.kind === 'neuron' && !p.neuron) {
    c.error(Codes.kindMismatch, ptr, `neuron population "${p.id}" needs a "neuron" model`, {
      expected: 'field "neuron" ({ "model": "srlif" | "cuba", ... })',
      found: 'no neuron',
    });
  }
  if (p.kind === 'input' && p.neuron) {
    c.error(Codes.kindMismatch, pointerJoin(ptr, 'neuron'), `input population "${p.id}" cannot have a neuron model`, {
      expected: 'no "neuron" (or kind "neuron")',
      found: `model "${p.neuron.model}"`,
    });
  }
  if (p.kind === 'input' && p.role && p.role !== 'input') {
    c.error(Codes.kindMismatch, pointerJoin(ptr, 'role'), `input population "${p.id}" must have role "input"`, { expected: '"input"', found: `"${p.role}"` });
  }
  if (p.kind === 'neuron' && p.graded === true) {
    c.error(Codes.kindMismatch, pointerJoin(ptr, 'graded'), `neuron population "${p.id}" cannot be graded: only inputs carry graded spikes (docs/semantics.md §2.4)`, {
      expected: 'graded on a population of kind "input"',
      found: 'kind "neuron"',
      fix: 'drop "graded", or make the population an input',
    });
  }
  if (p.kind === 'neuron' && p.role === 'input') {
    c.error(Codes.kindMismatch, pointerJoin(ptr, 'role'), `neuron population "${p.id}" cannot have role "input"`, {
      expected: '"hidden", "readout" or "other"',
      found: '"input"',
      fix: 'use kind "input" for populations driven from outside',
    });
  }
  if (p.neuron?.model === 'srlif') c.thresholds(resolveSrlif(p.neuron), pointerJoin(ptr, 'neuron'));
  if (p.role === 'readout') {
    if (p.classes === undefined || p.neuronsPerClass === undefined) {
      c.error(Codes.readoutSize, ptr, `readout "${p.id}" needs "classes" and "neuronsPerClass"`, {
        expected: 'classes and neuronsPerClass',
        found: `${p.classes === undefined ? 'no classes' : 'classes'}, ${p.neuronsPerClass === undefined ? 'no neuronsPerClass' : 'neuronsPerClass'}`,
      });
    } else if (p.classes * p.neuronsPerClass !== p.size) {
      c.error(Codes.readoutSize, pointerJoin(ptr, 'size'), `readout size must be classes x neuronsPerClass = ${p.classes * p.neuronsPerClass}`, {
        expected: String(p.classes * p.neuronsPerClass),
        found: String(p.size),
        fix: `set size to ${p.classes * p.neuronsPerClass}`,
      });
    }
  }
}

/**
 * The synapse estimate before expansion (check-common.ts): one term per projection whose
 * populations exist, at its density when it is random (the one field that scales it).
 */
export function graphSynapseEstimate(spec: GraphSpec): SynapseEstimate {
  const sizes = new Map<string, number>();
  for (const p of spec.populations) if (!sizes.has(p.id)) sizes.set(p.id, p.size);
  const terms: SizeTerm[] = [];
  spec.projections.forEach((proj, i) => {
    const nPre = sizes.get(proj.source), nPost = sizes.get(proj.target);
    if (nPre === undefined || nPost === undefined) return;
    const k = proj.connectivity;
    const synapses = expectedSynapses(k, nPre, nPost);
    terms.push(k.type === 'random'
      ? { pointer: `/projections/${i}/connectivity/density`, label: `projection "${proj.id}"`, field: 'its density', value: k.density, synapses }
      : { pointer: `/projections/${i}`, label: `projection "${proj.id}"`, synapses });
  });
  return { total: terms.reduce((a, t) => a + t.synapses, 0), terms, smaller: 'populations' };
}

/** Synapses a projection's connectivity gives (expected, for random), from the sizes alone. */
export function expectedSynapses(k: Projection['connectivity'], nPre: number, nPost: number): number {
  switch (k.type) {
    case 'explicit': return k.pre.length;
    case 'dense': return nPre * nPost;
    case 'random': return k.density * nPre * nPost;
    case 'oneToOne': return Math.min(nPre, nPost);
    case 'conv2d': return nPost * k.inShape[0] * (k.kernel[0]?.[0]?.length ?? 0) * (k.kernel[0]?.[0]?.[0]?.length ?? 0);
    case 'pool2d': return nPost * k.kernel[0] * k.kernel[1];
  }
}

/** Checks a projection's connectivity against the population sizes (its size: expectedSynapses). */
function connectivity(c: Checker, proj: Projection, nPre: number, nPost: number, ptr: string): void {
  const k = proj.connectivity;
  switch (k.type) {
    case 'explicit': {
      if (k.pre.length !== k.post.length || k.pre.length !== k.weight.length) {
        c.error(Codes.lengthMismatch, ptr, 'explicit connectivity needs pre, post and weight of equal length', {
          expected: `equal lengths`,
          found: `pre ${k.pre.length}, post ${k.post.length}, weight ${k.weight.length}`,
        });
        return;
      }
      let bad = 0;
      for (const [key, arr, n] of [['pre', k.pre, nPre], ['post', k.post, nPost]] as const) {
        for (let s = 0; s < arr.length; s++) {
          if (arr[s] >= n && bad++ < 10) {
            c.error(Codes.indexOutOfRange, pointerJoin(ptr, key, s), `${key} index ${arr[s]} is outside the ${key === 'pre' ? 'source' : 'target'} population (size ${n})`, {
              expected: `0..${n - 1}`,
              found: String(arr[s]),
            });
          }
        }
      }
      if (bad === 0) duplicates(c, k.pre, k.post, nPost, ptr);
      return;
    }
    case 'dense': {
      if (k.weights.length !== nPost) {
        c.error(Codes.lengthMismatch, pointerJoin(ptr, 'weights'), `dense weights need one row per target neuron`, {
          expected: `${nPost} rows`,
          found: `${k.weights.length} rows`,
        });
      }
      let reported = 0;
      k.weights.forEach((row, i) => {
        if (row.length !== nPre && reported++ < 5) {
          c.error(Codes.lengthMismatch, pointerJoin(ptr, 'weights', i), `dense row ${i} needs one column per source neuron`, {
            expected: `${nPre} columns`,
            found: `${row.length} columns`,
          });
        }
      });
      return;
    }
    case 'random':
      c.weightDist(k.weight, pointerJoin(ptr, 'weight'));
      return;
    case 'oneToOne': {
      if (typeof k.weight !== 'number') c.weightDist(k.weight, pointerJoin(ptr, 'weight'));
      if (nPre !== nPost) {
        c.error(Codes.lengthMismatch, ptr, `oneToOne needs source and target of equal size`, {
          expected: `target size ${nPre}`,
          found: String(nPost),
        });
      }
      return;
    }
    case 'conv2d':
      return conv2d(c, k, nPre, nPost, ptr);
    case 'pool2d':
      return pool2d(c, k, nPre, nPost, ptr);
  }
}

function duplicates(c: Checker, pre: number[], post: number[], nPost: number, ptr: string): void {
  const keys = new Float64Array(pre.length);
  for (let s = 0; s < pre.length; s++) keys[s] = pre[s] * nPost + post[s];
  const order = Array.from(keys.keys()).sort((a, b) => keys[a] - keys[b] || a - b);
  let reported = 0;
  for (let i = 1; i < order.length && reported < 10; i++) {
    if (keys[order[i]] === keys[order[i - 1]]) {
      reported++;
      const s = order[i];
      c.error(Codes.duplicateSynapse, pointerJoin(ptr, 'pre', s), `synapse ${pre[s]} -> ${post[s]} is listed twice (entries ${order[i - 1]} and ${s})`, {
        expected: 'each (pre, post) pair once',
        found: `entries ${order[i - 1]} and ${s}`,
        fix: 'merge the two synapses into one weight',
      });
    }
  }
}

/** Output extent of a strided, padded, dilated window (PyTorch's formula). */
export function outExtent(n: number, k: number, stride: number, pad: number, dil: number): number {
  return Math.floor((n + 2 * pad - dil * (k - 1) - 1) / stride) + 1;
}

function shapes(c: Checker, inShape: number[], outShape: number[], nPre: number, nPost: number, ptr: string): boolean {
  let ok = true;
  for (const [key, shape, n] of [['inShape', inShape, nPre], ['outShape', outShape, nPost]] as const) {
    const prod = shape[0] * shape[1] * shape[2];
    if (prod !== n) {
      ok = false;
      c.error(Codes.shapeMismatch, pointerJoin(ptr, key), `${key} [${shape.join(', ')}] has ${prod} neurons but the ${key === 'inShape' ? 'source' : 'target'} has ${n}`, {
        expected: `product ${n}`,
        found: String(prod),
      });
    }
  }
  return ok;
}

function extents(c: Checker, inShape: number[], outShape: number[], kh: number, kw: number, stride: number[], pad: number[], dil: number[], ptr: string): boolean {
  const oh = outExtent(inShape[1], kh, stride[0], pad[0], dil[0]);
  const ow = outExtent(inShape[2], kw, stride[1], pad[1], dil[1]);
  if (oh !== outShape[1] || ow !== outShape[2]) {
    c.error(Codes.shapeMismatch, pointerJoin(ptr, 'outShape'), `output extent does not follow from input ${inShape[1]}x${inShape[2]}, kernel ${kh}x${kw}, stride, padding and dilation`, {
      expected: `[${outShape[0]}, ${oh}, ${ow}]`,
      found: `[${outShape.join(', ')}]`,
    });
    return false;
  }
  return true;
}

function conv2d(c: Checker, k: Conv2dConnectivity, nPre: number, nPost: number, ptr: string): void {
  shapes(c, k.inShape, k.outShape, nPre, nPost, ptr);
  const [cin] = k.inShape;
  const [cout] = k.outShape;
  const kh = k.kernel[0]?.[0]?.length ?? 0;
  const kw = k.kernel[0]?.[0]?.[0]?.length ?? 0;
  const kptr = pointerJoin(ptr, 'kernel');
  let ok = k.kernel.length === cout;
  if (!ok) c.error(Codes.shapeMismatch, kptr, `kernel needs ${cout} output channels (outShape[0])`, { expected: `${cout}`, found: `${k.kernel.length}` });
  for (let o = 0; ok && o < k.kernel.length; o++) {
    if (k.kernel[o].length !== cin) {
      ok = false;
      c.error(Codes.shapeMismatch, pointerJoin(kptr, o), `kernel[${o}] needs ${cin} input channels (inShape[0])`, { expected: `${cin}`, found: `${k.kernel[o].length}` });
    }
    for (let i = 0; ok && i < k.kernel[o].length; i++) {
      const rows = k.kernel[o][i];
      if (rows.length !== kh || rows.some((r) => r.length !== kw) || kh === 0 || kw === 0) {
        ok = false;
        c.error(Codes.shapeMismatch, pointerJoin(kptr, o, i), `kernel[${o}][${i}] must be a non-empty ${kh}x${kw} matrix like kernel[0][0]`, {
          expected: `${kh}x${kw}`,
          found: `${rows.length}x${rows.map((r) => r.length).join('/')}`,
        });
      }
    }
  }
  if (ok) extents(c, k.inShape, k.outShape, kh, kw, k.stride, k.padding, k.dilation ?? [1, 1], ptr);
}

function pool2d(c: Checker, k: Pool2dConnectivity, nPre: number, nPost: number, ptr: string): void {
  shapes(c, k.inShape, k.outShape, nPre, nPost, ptr);
  if (k.inShape[0] !== k.outShape[0]) {
    c.error(Codes.shapeMismatch, pointerJoin(ptr, 'outShape', 0), 'pooling keeps the number of channels', {
      expected: String(k.inShape[0]),
      found: String(k.outShape[0]),
    });
  }
  extents(c, k.inShape, k.outShape, k.kernel[0], k.kernel[1], k.stride, k.padding, [1, 1], ptr);
}

function learning(c: Checker, spec: GraphSpec, pops: Map<string, Population>): void {
  const l = spec.learning;
  const learns = l?.enabled === true;
  if (l) {
    c.weightDist(l.feedback, '/learning/feedback');
    c.weightDist(l.compression, '/learning/compression');
    const r = pops.get(l.readout);
    if (!r) {
      c.error(Codes.learningReference, '/learning/readout', `unknown population "${l.readout}"`, {
        expected: 'the id of the readout population',
        found: `"${l.readout}"`,
      });
    } else if (r.role !== 'readout') {
      c.error(Codes.learningReference, '/learning/readout', `learning readout "${r.id}" does not have role "readout"`, {
        expected: 'a population with role "readout"',
        found: `role "${r.role ?? (r.kind === 'input' ? 'input' : 'hidden')}"`,
      });
    }
    const seen = new Set<string>();
    l.hidden.forEach((id, i) => {
      const p = pops.get(id);
      const ptr = `/learning/hidden/${i}`;
      if (!p) c.error(Codes.learningReference, ptr, `unknown population "${id}"`, { expected: 'a neuron population id', found: `"${id}"` });
      else if (p.kind !== 'neuron') c.error(Codes.learningReference, ptr, `"${id}" is an input; modulatory blocks need a neuron population`, { expected: 'a neuron population', found: 'input' });
      else if (id === l.readout) c.error(Codes.learningReference, ptr, `"${id}" is the readout; list hidden populations only`, { expected: 'a hidden population', found: `"${id}"` });
      if (seen.has(id)) c.error(Codes.duplicateId, ptr, `"${id}" is listed twice`, { fix: 'remove the repeated id' });
      seen.add(id);
    });
    const per = l.modulatory.perLayer;
    if (per && per.length !== l.hidden.length) {
      c.error(Codes.lengthMismatch, '/learning/modulatory/perLayer', `perLayer gives ${per.length} dimensions for ${l.hidden.length} hidden populations`, {
        expected: `${l.hidden.length} items`,
        found: `${per.length} items`,
      });
    }
    if (r?.role === 'readout') {
      c.feedbackWiring(l, l.hidden.map((_, k) => per?.[k] ?? l.modulatory.m), r.classes ?? r.size);
      checkFeedbackRules(c, l, l.hidden.map((_, k) => per?.[k] ?? l.modulatory.m), r.classes ?? r.size);
    }
  }
  spec.projections.forEach((proj, i) => {
    const plastic = proj.plastic ?? 'none';
    if (plastic === 'none') return;
    const ptr = `/projections/${i}/plastic`;
    if (!learns) {
      c.warn(Codes.plasticWithoutLearning, ptr, `projection "${proj.id}" is plastic but learning is absent or disabled: it stays static`, {
        fix: 'enable learning or set plastic to "none"',
      });
      return;
    }
    if (plastic === 'delta' && proj.target !== l!.readout) {
      c.error(Codes.learningReference, ptr, `delta-rule projection "${proj.id}" must target the readout "${l!.readout}"`, {
        expected: `target "${l!.readout}"`,
        found: `target "${proj.target}"`,
        fix: 'use "threeFactor" for hidden targets',
      });
    }
    if (plastic === 'threeFactor' && !l!.hidden.includes(proj.target)) {
      c.error(Codes.learningReference, ptr, `three-factor projection "${proj.id}" must target a population in learning.hidden`, {
        expected: `one of ${l!.hidden.map((h) => `"${h}"`).join(', ') || '(none listed)'}`,
        found: `"${proj.target}"`,
        fix: `add "${proj.target}" to learning.hidden`,
      });
    }
  });
}
