import { pointerJoin, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import { Checker, MAX_TOTAL_SYNAPSES, resolveSrlif, valueThatFits } from './check-common.js';
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
  const terms: SizeTerm[] = [];
  layers.forEach((l, k) => {
    const nPre = k === 0 ? spec.input.size : layers[k - 1].size;
    terms.push({ pointer: `/layers/${k}/feedforward/density`, value: l.feedforward.density, synapses: l.feedforward.density * nPre * l.size });
    const m = Math.min(l.recurrent.microcircuitSize, l.size);
    terms.push({ pointer: `/layers/${k}/recurrent/density`, value: l.recurrent.density, synapses: l.recurrent.density * l.size * m });
    const inter = l.recurrent.interDensity ?? 0;
    terms.push({ pointer: `/layers/${k}/recurrent/interDensity`, value: inter, synapses: inter * l.size * Math.max(0, l.size - m) });
  });
  const readoutSize = spec.readout.classes * spec.readout.neuronsPerClass;
  const swField = (sw: SmallWorld, at: string) => `${at}/${sw.degree !== undefined ? 'degree' : 'density'}`;
  for (const id of seenSources) terms.push({ pointer: swField(lr, '/longRange'), value: lr.degree ?? lr.density ?? 0, synapses: smallWorldDegree(lr, sizeOf(id)) * readoutSize });
  (spec.interLayerLongRange ?? []).forEach((sw, i) => {
    terms.push({ pointer: swField(sw, `/interLayerLongRange/${i}`), value: sw.degree ?? sw.density ?? 0, synapses: smallWorldDegree(sw, sizeOf(sw.source)) * sizeOf(sw.target) });
  });
  const total = terms.reduce((a, t) => a + t.synapses, 0);
  if (total > MAX_TOTAL_SYNAPSES) {
    // one field may scale several projections (longRange's degree, one per source layer)
    const byField = new Map<string, SizeTerm>();
    for (const t of terms) {
      const had = byField.get(t.pointer);
      byField.set(t.pointer, had ? { ...had, synapses: had.synapses + t.synapses } : t);
    }
    const top = [...byField.values()].reduce((a, t) => (t.synapses > a.synapses ? t : a));
    const room = MAX_TOTAL_SYNAPSES - (total - top.synapses);
    const field = top.pointer.slice(top.pointer.lastIndexOf('/') + 1);
    const smaller = valueThatFits(top.value, top.synapses, room, field === 'degree');
    c.error(Codes.tooManySynapses, top.pointer, `the network would have about ${Math.round(total)} synapses, more than the expansion limit; ${top.pointer} alone gives about ${Math.round(top.synapses)}`, {
      expected: `<= ${MAX_TOTAL_SYNAPSES} synapses`,
      found: String(Math.round(total)),
      fix: smaller > 0 ? `set ${field} to ${smaller} or less (now ${top.value}), or use smaller layers` : 'use smaller layers (the other projections alone exceed the limit)',
    });
  }
  return c.diagnostics;
}

/** One projection's share of the size estimate: where its density or degree is, and its value. */
interface SizeTerm {
  pointer: string;
  value: number;
  synapses: number;
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
