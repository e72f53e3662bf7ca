/**
 * NirGraph -> NirNetwork: populations (Input and neuron nodes) and the linear maps between them.
 * Every chain of stateless nodes between two populations is composed into one sparse matrix per
 * (source population, delay) pair, with the biases carried along (a bias b before a map M becomes
 * M b after it). A neuron node with several incoming edges sums them (NIR's edge semantics).
 * Recurrent edges are fine when they pass through a population; a cycle of stateless nodes alone
 * is an algebraic loop and an error naming its nodes.
 */
import { diag, LIMITS, pointerJoin, warning, type Diagnostic } from '@snnc/common';
import { ID_MAX_LENGTH } from '@snnc/ir';
import { NirCodes } from './codes.js';
import { linearOp } from './ops.js';
import type { NodeShapes } from './shapes.js';
import { add, compose, composeWork, identity, type Csr } from './sparse.js';
import { LINEAR_TYPES, NEURON_TYPES, tensorSize, type NirGraph, type NirNode, type NirNodeType } from './types.js';

export interface NetPopulation {
  /** NIR node name and the snnc id made from it */
  name: string;
  id: string;
  type: NirNodeType;
  size: number;
  shape: number[];
  node: NirNode;
  readout: boolean;
  /** constant input current reaching the population (Affine/conv biases after their maps) */
  bias: Float64Array | null;
}

export type Structured = { kind: 'dense' } | { kind: 'conv2d'; node: NirNode; shapes: NodeShapes };

export interface NetProjection {
  id: string;
  source: number;
  target: number;
  /** seconds, from Delay nodes on the path */
  delay: number;
  /** rows: target neurons, columns: source neurons; in NIR's current units (before R, w_in, dt) */
  weights: Csr;
  /** set when the map is exactly one Affine/Linear or Conv2d node (written compactly in the spec) */
  structured?: Structured;
}

export interface NirNetwork {
  populations: NetPopulation[];
  projections: NetProjection[];
}

interface Term {
  pop: number;
  delay: number;
  map: Csr;
  name: string | null;
  structured?: Structured;
  fresh: boolean;
}
interface Form {
  size: number;
  terms: Term[];
  bias: Float64Array | null;
}

/**
 * A spec identifier for a NIR name (a node, an edge's pair, a file name): other characters become
 * '_', a leading non-letter gets an 'n', and the result is cut to the spec's longest identifier
 * (a file or node name of 200 characters made an id the schema refused, located in the NIR file).
 */
export function toId(name: string): string {
  let s = name.replace(/[^A-Za-z0-9_.-]/g, '_');
  if (!/^[A-Za-z_]/.test(s)) s = `n${s}`;
  return s.slice(0, ID_MAX_LENGTH);
}

/** `base`, or `base_2`, `base_3`, ... (cut so that the suffix fits ID_MAX_LENGTH), not yet in `used`. */
function unique(base: string, used: Set<string>): string {
  let id = base;
  for (let k = 2; used.has(id); k++) id = `${base.slice(0, ID_MAX_LENGTH - String(k).length - 1)}_${k}`;
  used.add(id);
  return id;
}

/**
 * Multiply-adds all compositions of one import may take: 4 per element of the largest file the
 * reader accepts (LIMITS.nirTotalElements = 2^26, so 2^28: a few seconds). Composing what a file
 * holds costs one multiply-add per weight per element of the map it lands on; a single dense map
 * of 2^26 weights fits, a product of two dense maps of 2^24 each (2^36) does not.
 */
const COMPOSE_WORK_PER_ELEMENT = 4;
const COMPOSE_WORK = COMPOSE_WORK_PER_ELEMENT * LIMITS.nirTotalElements;

export function buildNetwork(g: NirGraph, shapes: Map<string, NodeShapes>, file?: string): { network?: NirNetwork; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  let work = 0; // multiply-adds of all compositions so far (COMPOSE_WORK)
  const byName = new Map(g.nodes.map((n) => [n.name, n]));
  const preds = new Map<string, string[]>(g.nodes.map((n) => [n.name, []]));
  const succs = new Map<string, string[]>(g.nodes.map((n) => [n.name, []]));
  for (const [a, b] of g.edges) {
    preds.get(b)!.push(a);
    succs.get(a)!.push(b);
  }
  for (const list of [...preds.values(), ...succs.values()]) list.sort();

  // Population order: inputs by name, then breadth-first along edges, then the rest by name.
  const isPop = (n: NirNode) => n.type === 'Input' || NEURON_TYPES.has(n.type);
  const order: NirNode[] = g.nodes.filter((n) => n.type === 'Input');
  const seen = new Set(order.map((n) => n.name));
  const queue = order.map((n) => n.name);
  while (queue.length) {
    for (const s of succs.get(queue.shift()!)!) {
      if (seen.has(s)) continue;
      seen.add(s);
      queue.push(s);
      if (isPop(byName.get(s)!)) order.push(byName.get(s)!);
    }
  }
  for (const n of g.nodes) if (isPop(n) && !seen.has(n.name)) order.push(n);

  const used = new Set<string>();
  const popIndex = new Map<string, number>();
  const populations: NetPopulation[] = order.map((n, i) => {
    popIndex.set(n.name, i);
    const shape = shapes.get(n.name)!.out;
    return { name: n.name, id: unique(toId(n.name), used), type: n.type, size: tensorSize(shape), shape, node: n, readout: false, bias: null };
  });

  const forms = new Map<string, Form>();
  const visiting = new Set<string>();
  const popForm = (p: number): Form => ({ size: populations[p].size, terms: [{ pop: p, delay: 0, map: identity(populations[p].size), name: null, fresh: true }], bias: null });

  const sum = (names: string[], size: number): Form | null => {
    const terms = new Map<string, Term>();
    let bias: Float64Array | null = null;
    for (const p of names) {
      const f = outOf(p);
      if (!f) return null;
      for (const t of f.terms) {
        const key = `${t.pop}@${t.delay}`;
        const prev = terms.get(key);
        terms.set(key, prev ? { pop: t.pop, delay: t.delay, map: add(prev.map, t.map), name: null, fresh: false } : t);
      }
      if (f.bias) {
        bias ??= new Float64Array(size);
        for (let i = 0; i < size; i++) bias[i] += f.bias[i];
      }
    }
    const sorted = [...terms.values()].sort((a, b) => a.pop - b.pop || a.delay - b.delay);
    return { size, terms: sorted, bias };
  };

  const outOf = (name: string): Form | null => {
    const n = byName.get(name)!;
    if (isPop(n)) return popForm(popIndex.get(name)!);
    if (!LINEAR_TYPES.has(n.type)) {
      diagnostics.push(diag(NirCodes.unsupported, `node "${name}" (${n.type}) cannot feed other nodes`, { file, pointer: n.path, expected: 'a neuron, Input or linear node as a source', found: n.type }));
      return null;
    }
    const memo = forms.get(name);
    if (memo) return memo;
    if (visiting.has(name)) {
      diagnostics.push(diag(NirCodes.algebraicLoop, `node "${name}" (${n.type}) is on a cycle without any neuron node (an algebraic loop)`, { file, pointer: n.path, expected: 'every cycle to pass through a neuron node', found: `a cycle through "${name}"` }));
      return null;
    }
    visiting.add(name);
    const s = shapes.get(name)!;
    const inner = sum(preds.get(name)!, tensorSize(s.in));
    visiting.delete(name);
    if (!inner) return null;
    const f = apply(n, s, inner);
    if (f) forms.set(name, f);
    return f;
  };

  const apply = (n: NirNode, s: NodeShapes, f: Form): Form | null => {
    if (n.type === 'Delay') {
      const d = n.params.delay.data;
      if (d.some((x) => x !== d[0])) {
        diagnostics.push(diag(NirCodes.heterogeneous, `node "${n.name}" (Delay) has different delays per element; snnc delays are per projection`, { file, pointer: pointerJoin(n.path, 'delay'), expected: 'one delay for all elements', found: `${Math.min(...d)}..${Math.max(...d)}` }));
        return null;
      }
      return { size: f.size, terms: f.terms.map((t) => ({ ...t, delay: t.delay + d[0] })), bias: f.bias };
    }
    const op = linearOp(n, s);
    if (!op.map) return { ...f, size: tensorSize(s.out) };
    const map = op.map;
    // the work of composing is checked before it is done: a chain of two dense 4096 x 4096
    // Linears (within the per-parameter limit, a 3.5 MB file) takes 4096^3 multiply-adds, a
    // quarter of an hour; the budget is COMPOSE_WORK_PER_ELEMENT per element a file may hold
    for (const t of f.terms) work += composeWork(map, t.map);
    if (work > COMPOSE_WORK) {
      diagnostics.push(diag(NirCodes.tooLarge, `node "${n.name}" (${n.type}): composing the chain of stateless nodes that ends here would take about ${work.toPrecision(3)} multiply-adds`, {
        file, pointer: n.path, expected: `<= ${COMPOSE_WORK} multiply-adds (${COMPOSE_WORK_PER_ELEMENT} per element of limits.nirTotalElements, docs/limits.md)`, found: String(work),
        fix: 'a neuron node between the large linear maps, or smaller maps',
      }));
      return null;
    }
    const terms = f.terms.map((t): Term => {
      let structured: Structured | undefined;
      if (t.fresh && (n.type === 'Affine' || n.type === 'Linear')) structured = { kind: 'dense' };
      if (t.fresh && n.type === 'Conv2d' && n.params.groups.data[0] === 1) structured = { kind: 'conv2d', node: n, shapes: s };
      return { pop: t.pop, delay: t.delay, map: compose(map, t.map), name: n.name, fresh: false, ...(structured ? { structured } : {}) };
    });
    let bias: Float64Array | null = null;
    if (f.bias) {
      bias = new Float64Array(map.nOut);
      for (let o = 0; o < map.nOut; o++) for (let k = map.rowPtr[o]; k < map.rowPtr[o + 1]; k++) bias[o] += map.val[k] * f.bias[map.col[k]];
    }
    if (op.bias) {
      bias ??= new Float64Array(map.nOut);
      for (let o = 0; o < map.nOut; o++) bias[o] += op.bias[o];
    }
    return { size: map.nOut, terms, bias };
  };

  const projections: NetProjection[] = [];
  const projIds = new Set<string>();
  populations.forEach((pop, ti) => {
    if (pop.type === 'Input') {
      if (preds.get(pop.name)!.length) diagnostics.push(diag(NirCodes.badEdge, `Input node "${pop.name}" has incoming edges`, { file, pointer: pop.node.path, expected: 'no edges into an Input', found: preds.get(pop.name)!.map((p) => `"${p}"`).join(', ') }));
      return;
    }
    const f = sum(preds.get(pop.name)!, pop.size);
    if (!f) return;
    pop.bias = f.bias;
    for (const t of f.terms) {
      const src = populations[t.pop];
      const base = toId(t.name ? t.name : `${src.id}-to-${pop.id}`);
      projections.push({
        id: unique(base, projIds),
        source: t.pop,
        target: ti,
        delay: t.delay,
        weights: t.map,
        ...(t.structured ? { structured: t.structured } : {}),
      });
    }
  });

  for (const n of g.nodes) {
    if (n.type !== 'Output') continue;
    for (let p of preds.get(n.name)!) {
      // pass-throughs (a nested graph's Output, Flatten) do not change which neurons are read out
      while (!popIndex.has(p) && (byName.get(p)!.type === 'Identity' || byName.get(p)!.type === 'Flatten') && preds.get(p)!.length === 1) p = preds.get(p)![0];
      const pi = popIndex.get(p);
      if (pi !== undefined && populations[pi].type !== 'Input') populations[pi].readout = true;
      else {
        diagnostics.push(warning(NirCodes.approximation, `Output "${n.name}" reads "${p}" (${byName.get(p)!.type}), not a neuron node: snnc reads out spikes of populations, so this output is not represented`, { file, pointer: n.path }));
      }
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { network: { populations, projections }, diagnostics };
}
