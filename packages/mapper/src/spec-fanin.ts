import { diag, type Diagnostic } from '@snnc/common';
import { expectedSynapses, smallWorldDegree, specSynapseEstimate, type GraphSpec, type NetworkSpec, type SrsnnSpec, type Target } from '@snnc/ir';

/** The code of a neuron refused from the spec, before expansion: this package's SNNC3002/3003 known early. */
export const SPEC_FANIN_CODE = 'SNNC3007';

/**
 * Per-neuron fan-in of a spec (srsnn or graph) against the per-core limits of the target it will be placed
 * on, before expansion (the driver runs it through lowerSpec's beforeExpand, so the IR knows no core limit): the mapper refuses a neuron that does not fit an empty core on its own
 * (docs/mapper.md §3: SNNC3002, distinct sources > maxInputAxons; SNNC3003, one block per synapse
 * > synapseMemoryBits), but only after expanding the whole network: a 65,535-neuron layer before
 * a feed-forward density of 0.3 expanded 216M synapses for minutes to be told that.
 *
 * The estimate is a lower bound on the fan-in of one neuron of each population, so that no spec
 * that would have mapped is refused:
 *  - a small-world projection gives each target exactly min(degree, nPre) distinct sources;
 *  - a Bernoulli projection (feedforward density, recurrent density and interDensity) gives a
 *    neuron Binomial(N, p) sources; it takes fewer than mu - sqrt(2 mu ln(1/EPSILON)) with
 *    probability below EPSILON (Chernoff's lower tail), and p = 1 gives exactly N;
 *  - sources in different populations are distinct; of several projections from one population
 *    only the largest counts toward distinct sources (they may share sources); every synapse
 *    counts toward synapse memory, where alone in a core each costs at least one synapse word.
 */
export const FANIN_EPSILON = 2 ** -60;

interface Term {
  /** source population id: terms of one source may share sources */
  source: string;
  /** a lower bound on this projection's synapses into one neuron, and their expected number */
  least: number;
  mean: number;
  /** a size the mean grows with (density x (size - offset)), where that size is written */
  sizePointer?: string;
  size?: number;
  density?: number;
  offset?: number;
  /** the field that sets the count when no size does (a small-world degree) */
  pointer: string;
}

/** A lower bound on Binomial(n, p) that fails with probability below FANIN_EPSILON. */
export function binomialLeast(n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  const mu = n * p;
  return Math.max(0, Math.ceil(mu - Math.sqrt(2 * mu * Math.log(1 / FANIN_EPSILON))));
}

/**
 * Below this many expected synapses lowerSpec leaves the refusal to the mapper: expanding takes
 * well under two seconds, and the mapper names the neuron's exact fan-in (SNNC3002/3003).
 */
export const FANIN_CHECK_SYNAPSES = 2 ** 22;

/**
 * The estimate for either kind of spec (srsnnTerms, graphTerms). `fromSynapses`: say nothing for a
 * network expected to have fewer synapses (the driver gives FANIN_CHECK_SYNAPSES).
 */
export function checkSpecFanIn(spec: NetworkSpec, target: Target, file?: string, fromSynapses = 0): Diagnostic[] {
  // the gate is the IR's estimate of the whole network, the figure its expansion limit judges
  if (specSynapseEstimate(spec).total < fromSynapses) return [];
  const into = spec.kind === 'srsnn' ? srsnnTerms(spec) : graphTerms(spec);
  const out: Diagnostic[] = [];
  const core = target.core;
  for (const [to, terms] of into) {
    // distinct sources: per source population the largest term
    const bySource = new Map<string, Term>();
    for (const t of terms) if (!bySource.has(t.source) || t.least > bySource.get(t.source)!.least) bySource.set(t.source, t);
    const distinct = [...bySource.values()].reduce((a, t) => a + t.least, 0);
    const synapses = terms.reduce((a, t) => a + t.least, 0);
    const perCore = Math.floor(core.synapseMemoryBits / core.synapseWordBits);
    if (distinct > core.maxInputAxons) refuse(out, file, to, [...bySource.values()], distinct, core.maxInputAxons, 'distinct sources', 'input axons per core (target /core/maxInputAxons)', 'SNNC3002');
    else if (synapses > perCore) refuse(out, file, to, terms, synapses, perCore, 'synapses', `synapse words per core (target /core/synapseMemoryBits / synapseWordBits, one word at least per synapse of a neuron alone)`, 'SNNC3003');
  }
  return out;
}

/** Per target population id, its projections' terms. */
type Terms = Map<string, Term[]>;

function srsnnTerms(spec: SrsnnSpec): Terms {
  const sizeOf = new Map<string, { n: number; pointer: string }>([[spec.input.id, { n: spec.input.size, pointer: '/input/size' }]]);
  spec.layers.forEach((l, k) => sizeOf.set(l.id, { n: l.size, pointer: `/layers/${k}/size` }));
  const into = new Map<string, Term[]>();
  const add = (to: string, t: Term) => into.set(to, [...(into.get(to) ?? []), t]);
  const bernoulli = (source: string, n: number, p: number, pointer: string, offset = 0): Term => {
    const s = sizeOf.get(source)!;
    return { source, least: binomialLeast(n, p), mean: n * p, sizePointer: s.pointer, size: s.n, density: p, offset, pointer };
  };
  spec.layers.forEach((l, k) => {
    const pre = k === 0 ? spec.input.id : spec.layers[k - 1].id;
    add(l.id, bernoulli(pre, sizeOf.get(pre)!.n, l.feedforward.density, `/layers/${k}/feedforward/density`));
    const mc = Math.min(l.recurrent.microcircuitSize, l.size);
    // a neuron of the first microcircuit (whole, mc neurons): mc - 1 within, size - mc across
    add(l.id, { source: l.id, least: binomialLeast(mc - 1, l.recurrent.density), mean: (mc - 1) * l.recurrent.density, pointer: `/layers/${k}/recurrent/density` });
    add(l.id, bernoulli(l.id, l.size - mc, l.recurrent.interDensity ?? 0, `/layers/${k}/recurrent/interDensity`, mc));
  });
  const exact = (source: string, d: number, pointer: string): Term => ({ source, least: d, mean: d, pointer });
  const readout = spec.readout.id;
  for (const id of new Set(spec.longRange.sources)) {
    const s = sizeOf.get(id);
    if (s) add(readout, exact(id, Math.min(smallWorldDegree(spec.longRange, s.n), s.n), `/longRange/${spec.longRange.degree !== undefined ? 'degree' : 'density'}`));
  }
  (spec.interLayerLongRange ?? []).forEach((sw, i) => {
    const s = sizeOf.get(sw.source);
    if (s && sizeOf.has(sw.target)) add(sw.target, exact(sw.source, Math.min(smallWorldDegree(sw, s.n), s.n), `/interLayerLongRange/${i}/${sw.degree !== undefined ? 'degree' : 'density'}`));
  });
  return into;
}

/**
 * A graph spec's terms, each a lower bound for every neuron of its target (so their sum is one
 * for any neuron): random connectivity as the srsnn's Bernoulli terms (one pair fewer onto itself
 * without allowSelf); dense, the fewest synapses of a row (every entry with keepZeros, else the
 * nonzero ones); oneToOne 1 when every target neuron has its source. Explicit lists, convolutions
 * and pooling vary per neuron (borders, padding) and count 0 here: the mapper judges them exactly
 * after expansion, so the estimate stays a lower bound.
 */
function graphTerms(spec: GraphSpec): Terms {
  const pops = new Map<string, { n: number; pointer: string; input: boolean }>();
  spec.populations.forEach((p, i) => pops.has(p.id) || pops.set(p.id, { n: p.size, pointer: `/populations/${i}/size`, input: p.kind === 'input' }));
  const into = new Map<string, Term[]>();
  const add = (to: string, t: Term) => into.set(to, [...(into.get(to) ?? []), t]);
  spec.projections.forEach((q, i) => {
    const src = pops.get(q.source), tgt = pops.get(q.target);
    if (!src || !tgt || tgt.input) return;
    const k = q.connectivity, at = `/projections/${i}/connectivity`;
    if (k.type === 'random') {
      const n = src.n - (q.source === q.target && !k.allowSelf ? 1 : 0);
      add(q.target, { source: q.source, least: binomialLeast(n, k.density), mean: n * k.density, sizePointer: src.pointer, size: src.n, density: k.density, offset: src.n - n, pointer: `${at}/density` });
    } else if (k.type === 'dense') {
      let least = k.keepZeros ? src.n : Infinity, sum = 0;
      if (!k.keepZeros) {
        for (const row of k.weights) {
          let c = 0;
          for (const w of row) if (w !== 0) c++;
          least = Math.min(least, c);
          sum += c;
        }
      } else sum = src.n * tgt.n;
      add(q.target, { source: q.source, least: Number.isFinite(least) ? least : 0, mean: sum / Math.max(1, tgt.n), pointer: `${at}/weights` });
    } else if (k.type === 'oneToOne') {
      add(q.target, { source: q.source, least: src.n >= tgt.n ? 1 : 0, mean: Math.min(src.n, tgt.n) / Math.max(1, tgt.n), pointer: at });
    } else {
      add(q.target, { source: q.source, least: 0, mean: expectedSynapses(k, src.n, tgt.n) / Math.max(1, tgt.n), pointer: at });
    }
  });
  return into;
}

/** The refusal at the field of the largest term, with the size (or degree) that brings the expected fan-in within the limit. */
function refuse(out: Diagnostic[], file: string | undefined, to: string, terms: Term[], least: number, limit: number, what: string, limitWhat: string, mapperCode: string): void {
  const top = terms.reduce((a, t) => (t.mean > a.mean ? t : a));
  const rest = terms.reduce((a, t) => a + t.mean, 0) - top.mean;
  const room = limit - rest;
  let fix: string;
  if (top.sizePointer !== undefined && top.density! > 0) {
    const fits = Math.floor(room / top.density! + top.offset!);
    fix = room > 0 && fits >= 1
      ? `set ${top.sizePointer} to ${fits} or less (now ${top.size}), or lower ${top.pointer} (now ${top.density}), so that a neuron of "${to}" expects at most ${limit} ${what}`
      : `lower ${top.pointer} (now ${top.density}) or the other projections into "${to}"`;
  } else {
    fix = room >= 1 ? `lower ${top.pointer} so that it gives a neuron of "${to}" at most ${Math.floor(room)} ${what} (now about ${Math.round(top.mean)})` : `fewer or sparser projections into "${to}"`;
  }
  out.push(diag(SPEC_FANIN_CODE, `a neuron of "${to}" would have at least ${least} ${what} (estimated before expansion; the mapper refuses such a neuron, ${mapperCode}), more than the ${limit} ${limitWhat}`, {
    file,
    pointer: top.sizePointer ?? top.pointer,
    expected: `<= ${limit} ${what} per neuron`,
    found: `>= ${least} (expected about ${Math.round(terms.reduce((a, t) => a + t.mean, 0))})`,
    fix,
  }));
}
