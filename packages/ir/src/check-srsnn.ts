import { pointerJoin, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import { Checker, MAX_TOTAL_SYNAPSES, resolveSrlif, sizeRefusal, type SizeTerm, type SynapseEstimate } from './check-common.js';
import { checkFeedbackRules } from './sal.js';
import type { SmallWorld, SrsnnSpec } from './generated/spec.js';

/** Semantic checks of a schema-valid srsnn spec (SNNC2xxx). */
export function checkSrsnn(spec: SrsnnSpec, file?: string): Diagnostic[] {
  const c = new Checker(file);
  const layers = spec.layers;
  c.uniqueIds(
    [
      { id: spec.input.id, pointer: '/input/id' },
      ...layers.map((l, k) => ({ id: l.id, pointer: `/layers/${k}/id` })),
      { id: spec.readout.id, pointer: '/readout/id' },
    ],
    'population',
  );
  c.shape(spec.input.shape, spec.input.size, '/input');
  const layerIndex = new Map(layers.map((l, k) => [l.id, k]));
  const sizeOf = (id: string) => (id === spec.input.id ? spec.input.size : layers[layerIndex.get(id) ?? -1]?.size ?? 0);

  c.thresholds(resolveSrlif(spec.neuron), '/neuron');
  layers.forEach((l, k) => {
    const p = `/layers/${k}`;
    if (l.neuron) c.thresholds(resolveSrlif(spec.neuron, l.neuron), pointerJoin(p, 'neuron'));
    c.weightDist(l.recurrent.weight, pointerJoin(p, 'recurrent', 'weight'));
    c.weightDist(l.feedforward.weight, pointerJoin(p, 'feedforward', 'weight'));
    if (l.recurrent.microcircuitSize > l.size) {
      c.warn(Codes.degreeTooLarge, pointerJoin(p, 'recurrent', 'microcircuitSize'), `microcircuitSize ${l.recurrent.microcircuitSize} exceeds the layer size ${l.size}: the layer is one microcircuit`, {
        expected: `<= ${l.size}`,
        found: String(l.recurrent.microcircuitSize),
      });
    }
  });
  if (spec.readout.neuron) c.thresholds(resolveSrlif(spec.neuron, spec.readout.neuron), '/readout/neuron');

  // Long-range projections to the readout.
  const lr = spec.longRange;
  const seenSources = new Set<string>();
  lr.sources.forEach((id, i) => {
    const p = `/longRange/sources/${i}`;
    if (!layerIndex.has(id)) danglingLayer(c, p, id, [...layerIndex.keys()]);
    else if (seenSources.has(id)) c.error(Codes.duplicateId, p, `layer "${id}" is listed twice as a long-range source`, { fix: 'remove the repeated id' });
    seenSources.add(id);
  });
  // what does not depend on the source (degree or density, the weight) is reported once, not per source
  [...seenSources].filter((id) => layerIndex.has(id)).forEach((id, k) => smallWorld(c, lr, '/longRange', sizeOf(id), `layer "${id}"`, k === 0));

  (spec.interLayerLongRange ?? []).forEach((s, i) => {
    const p = `/interLayerLongRange/${i}`;
    // the source may be the input L0 too: extra delay lines into L1 (docs/spec-format.md)
    const fromInput = s.source === spec.input.id;
    if (!layerIndex.has(s.source) && !fromInput) danglingLayer(c, pointerJoin(p, 'source'), s.source, [spec.input.id, ...layerIndex.keys()]);
    if (!layerIndex.has(s.target)) danglingLayer(c, pointerJoin(p, 'target'), s.target, [...layerIndex.keys()]);
    if (layerIndex.has(s.source) || fromInput) smallWorld(c, s, p, sizeOf(s.source), `${fromInput ? 'input' : 'layer'} "${s.source}"`);
    // A shortcut from a layer to itself would duplicate the recurrent projection (and allow i -> i).
    if (s.source === s.target) {
      c.error(Codes.shortcutToSelf, pointerJoin(p, 'target'), `a long-range shortcut must join two different layers, not "${s.source}" to itself`, {
        expected: `a layer other than "${s.source}"`,
        found: `"${s.target}"`,
        fix: `use layers[].recurrent.interDensity for links within "${s.source}"`,
      });
    }
  });

  // Learning.
  const learning = spec.learning;
  if (learning) {
    c.weightDist(learning.feedback, '/learning/feedback');
    c.weightDist(learning.compression, '/learning/compression');
    const per = learning.modulatory.perLayer;
    if (per && per.length !== layers.length) {
      c.error(Codes.lengthMismatch, '/learning/modulatory/perLayer', `perLayer gives ${per.length} modulatory dimensions for ${layers.length} layers`, {
        expected: `${layers.length} items (one per layer)`,
        found: `${per.length} items`,
      });
    }
    c.feedbackWiring(learning, layers.map((_, k) => per?.[k] ?? learning.modulatory.m), spec.readout.classes);
    checkFeedbackRules(c, learning, layers.map((_, k) => per?.[k] ?? learning.modulatory.m), spec.readout.classes);
  }
  const learns = learning?.enabled === true;
  const plasticAt: string[] = [];
  layers.forEach((l, k) => {
    if (l.feedforward.plastic) plasticAt.push(`/layers/${k}/feedforward/plastic`);
    if (l.recurrent.plastic) plasticAt.push(`/layers/${k}/recurrent/plastic`);
  });
  if (lr.plastic) plasticAt.push('/longRange/plastic');
  (spec.interLayerLongRange ?? []).forEach((s, i) => s.plastic && plasticAt.push(`/interLayerLongRange/${i}/plastic`));
  if (!learns) {
    for (const p of plasticAt) {
      c.warn(Codes.plasticWithoutLearning, p, 'plastic is set but learning is absent or disabled: the projection is static', {
        fix: 'enable learning or remove "plastic"',
      });
    }
  }

  // Size: refuse before allocating what cannot fit, at the term that contributes most, with the
  // value of its density (or degree) that would make the whole fit (before: at the document root,
  // "lower densities or layer sizes", with no word of which one)
  const refusal = sizeRefusal(srsnnSynapseEstimate(spec), MAX_TOTAL_SYNAPSES, 'more than the expansion limit');
  if (refusal) {
    const { pointer, message, ...extra } = refusal;
    c.error(Codes.tooManySynapses, pointer, message, extra);
  }
  return c.diagnostics;
}

/**
 * The synapse estimate before expansion (check-common.ts), one term per field that scales it: a
 * layer's densities, the long-range degree (or density; one field, one term per source layer
 * summed), each inter-layer projection's.
 */
export function srsnnSynapseEstimate(spec: SrsnnSpec): SynapseEstimate {
  const layers = spec.layers;
  const sizeOf = (id: string) => (id === spec.input.id ? spec.input.size : layers.find((l) => l.id === id)?.size ?? 0);
  const terms: SizeTerm[] = [];
  const add = (pointer: string, value: number, synapses: number, whole = false) => {
    const had = terms.find((t) => t.pointer === pointer);
    if (had) had.synapses += synapses;
    else terms.push({ pointer, label: pointer, field: pointer.slice(pointer.lastIndexOf('/') + 1), value, synapses, ...(whole ? { whole } : {}) });
  };
  layers.forEach((l, k) => {
    const nPre = k === 0 ? spec.input.size : layers[k - 1].size;
    add(`/layers/${k}/feedforward/density`, l.feedforward.density, l.feedforward.density * nPre * l.size);
    const m = Math.min(l.recurrent.microcircuitSize, l.size);
    add(`/layers/${k}/recurrent/density`, l.recurrent.density, l.recurrent.density * l.size * m);
    const inter = l.recurrent.interDensity ?? 0;
    add(`/layers/${k}/recurrent/interDensity`, inter, inter * l.size * Math.max(0, l.size - m));
  });
  const readoutSize = spec.readout.classes * spec.readout.neuronsPerClass;
  const smallWorldTerm = (sw: SmallWorld, at: string, nSource: number, nTarget: number) =>
    add(`${at}/${sw.degree !== undefined ? 'degree' : 'density'}`, sw.degree ?? sw.density ?? 0, smallWorldDegree(sw, nSource) * nTarget, sw.degree !== undefined);
  for (const id of new Set(spec.longRange.sources)) smallWorldTerm(spec.longRange, '/longRange', sizeOf(id), readoutSize);
  (spec.interLayerLongRange ?? []).forEach((sw, i) => smallWorldTerm(sw, `/interLayerLongRange/${i}`, sizeOf(sw.source), sizeOf(sw.target)));
  return { total: terms.reduce((a, t) => a + t.synapses, 0), terms, smaller: 'layers' };
}

function danglingLayer(c: Checker, pointer: string, id: string, known: string[]): void {
  c.error(Codes.danglingReference, pointer, `unknown layer "${id}"`, {
    expected: `one of ${known.map((k) => `"${k}"`).join(', ')}`,
    found: `"${id}"`,
  });
}

/** Synapses per target neuron of a small-world projection from a source of `n` neurons. */
export function smallWorldDegree(s: SmallWorld, n: number): number {
  return s.degree ?? Math.round((s.density ?? 0) * n);
}

function smallWorld(c: Checker, s: SmallWorld, pointer: string, n: number, what: string, sourceFree = true): void {
  if ((s.degree === undefined) === (s.density === undefined)) {
    if (!sourceFree) return;
    c.error(Codes.degreeOrDensity, pointer, 'give exactly one of "degree" and "density"', {
      expected: 'one of degree, density',
      found: s.degree === undefined ? 'neither' : 'both',
    });
    return;
  }
  if (sourceFree) c.weightDist(s.weight, pointerJoin(pointer, 'weight'));
  if (s.degree !== undefined && s.degree > n) {
    c.error(Codes.degreeTooLarge, pointerJoin(pointer, 'degree'), `degree ${s.degree} exceeds the ${n} neurons of ${what}`, {
      expected: `<= ${n}`,
      found: String(s.degree),
      fix: `set degree to at most ${n}`,
    });
  }
}
