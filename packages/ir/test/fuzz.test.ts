import { expect } from 'chai';
import fc from 'fast-check';
import { Rng } from '@snnc/common';
import { expandSpec, graphStats, lowerGraph, validateSpec, type NetworkSpec } from '../src/index.js';
import { example, graphSpec, SRLIF, target } from './helpers.js';

/**
 * Robustness: random mutations of valid specs (retype a value, delete it, replace it with random
 * JSON, or put an out-of-range number there) must never make validation, expansion, statistics
 * or lowering throw. They either produce diagnostics or a network.
 */
type Json = unknown;

function paths(v: Json, base: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(base);
  if (Array.isArray(v)) v.forEach((e, i) => paths(e, [...base, i], out));
  else if (v && typeof v === 'object') for (const k of Object.keys(v).sort()) paths((v as Record<string, Json>)[k], [...base, k], out);
  return out;
}

type Mutation = { kind: 'delete' } | { kind: 'set'; value: Json } | { kind: 'retype' } | { kind: 'scale'; factor: number };

function apply(doc: Json, path: (string | number)[], m: Mutation): Json {
  if (path.length === 0) return m.kind === 'set' ? m.value : m.kind === 'delete' ? {} : [doc];
  let parent = doc as Record<string | number, Json>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, Json>;
  const key = path[path.length - 1];
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else if (m.kind === 'set') parent[key] = m.value;
  else if (m.kind === 'scale') {
    // A plausible edit: numbers change within a factor (integers stay integers), others untouched.
    const old = parent[key];
    if (typeof old === 'number') parent[key] = Number.isInteger(old) ? Math.round(old * m.factor) : old * m.factor;
  }
  else {
    const old = parent[key];
    parent[key] = typeof old === 'number' ? String(old) : typeof old === 'string' ? 7 : Array.isArray(old) ? { items: old } : old && typeof old === 'object' ? [old] : 'x';
  }
  return doc;
}

const outOfRange = fc.constantFrom(-1, 0, -0.5, 0.5, 1.5, 2, 1e12, 2 ** 32, 4097, -1e-9, 1e-300, 65537, 'h1', 'in', '', null, true, [], {});
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'delete' }),
  fc.double({ min: 0, max: 3, noNaN: true }).map((factor) => ({ kind: 'scale', factor }) as Mutation),
  fc.double({ min: 0, max: 3, noNaN: true }).map((factor) => ({ kind: 'scale', factor }) as Mutation),
  fc.constant<Mutation>({ kind: 'retype' }),
  outOfRange.map((value) => ({ kind: 'set', value }) as Mutation),
  fc.jsonValue({ maxDepth: 2 }).map((value) => ({ kind: 'set', value }) as Mutation),
);

/** Neurons of a spec, to skip expanding documents that became legitimately huge. */
function neurons(spec: NetworkSpec): number {
  if (spec.kind === 'srsnn') return spec.input.size + spec.layers.reduce((a, l) => a + l.size, 0) + spec.readout.classes * spec.readout.neuronsPerClass;
  return spec.populations.reduce((a, p) => a + p.size, 0);
}

function runAll(doc: Json, limit: number): 'invalid' | 'large' | 'expanded' {
  const v = validateSpec(doc, 'fuzz.json');
  for (const d of v.diagnostics) {
    expect(d.code, 'every diagnostic has a code').to.match(/^SNNC\d{4}$/);
    expect(typeof d.pointer, 'and a pointer').to.equal('string');
    expect(d.message).to.not.match(/internal error/);
  }
  if (!v.spec) return 'invalid';
  if (neurons(v.spec) > limit) return 'large';
  const ex = expandSpec(v.spec, new Rng(v.spec.seed), 'fuzz.json');
  if (!ex.graph) return 'invalid';
  graphStats(ex.graph);
  for (const t of ['loihi2', 'test-tiny']) lowerGraph(ex.graph, target(t), { file: 'fuzz.json' });
  return 'expanded';
}

function fuzz(base: Record<string, unknown>, runs: number, limit: number, seed: number): Record<string, number> {
  const all = paths(base);
  const tally: Record<string, number> = { invalid: 0, large: 0, expanded: 0 };
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat({ max: all.length - 1 }), mutation), { minLength: 1, maxLength: 2 }), (ms) => {
      let doc: Json = structuredClone(base);
      for (const [i, m] of ms) {
        // Paths may have vanished after an earlier mutation; apply only those that still exist.
        const p = all[i];
        let cur: Json = doc;
        let ok = true;
        for (const k of p.slice(0, -1)) {
          if (!cur || typeof cur !== 'object') { ok = false; break; }
          cur = (cur as Record<string | number, Json>)[k];
        }
        if (ok && cur && typeof cur === 'object') doc = apply(doc, p, m);
      }
      tally[runAll(doc, limit)]++;
    }),
    { numRuns: runs, seed },
  );
  return tally;
}

describe('ir: mutation fuzzing never throws', () => {
  it('srsnn-small: 600 random mutations', function () {
    this.timeout(60000);
    const t = fuzz(example('srsnn-small'), 600, 5000, 1);
    // The fuzzer must exercise both paths, else it tests nothing.
    expect(t.invalid).to.be.greaterThan(20);
    expect(t.expanded).to.be.greaterThan(20);
  });

  it('srsnn-mnist: 60 random mutations', function () {
    this.timeout(60000);
    const t = fuzz(example('srsnn-mnist'), 60, 5000, 2);
    expect(t.invalid).to.be.greaterThan(5);
    expect(t.expanded).to.be.greaterThan(5);
  });

  it('a graph spec with every connectivity type: 500 random mutations', function () {
    this.timeout(60000);
    const g = graphSpec(
      [
        { id: 'img', kind: 'input', size: 16, shape: [1, 4, 4] },
        { id: 'c', kind: 'neuron', size: 8, shape: [2, 2, 2], neuron: SRLIF },
        { id: 'p', kind: 'neuron', size: 2, neuron: { model: 'cuba', alphaU: 0.5, alphaV: 0.9, vth: 1 } },
        { id: 'r', kind: 'neuron', size: 4, role: 'readout', classes: 2, neuronsPerClass: 2, neuron: SRLIF },
      ],
      [
        { id: 'conv', source: 'img', target: 'c', connectivity: { type: 'conv2d', inShape: [1, 4, 4], outShape: [2, 2, 2], kernel: [[[[1, 0, 1], [0, 1, 0], [1, 0, 1]]], [[[0.5, 0.5, 0.5], [0, 0, 0], [-1, -1, -1]]]], stride: [1, 1], padding: [0, 0] } },
        { id: 'pool', source: 'c', target: 'p', connectivity: { type: 'pool2d', inShape: [2, 2, 2], outShape: [2, 1, 1], kernel: [2, 2], stride: [2, 2], padding: [0, 0], weight: 0.25 } },
        { id: 'dense', source: 'p', target: 'r', plastic: 'delta', connectivity: { type: 'dense', weights: [[1, 0], [0, 1], [0.5, 0.5], [0, 0]] } },
        { id: 'rnd', source: 'c', target: 'c', kind: 'rec', connectivity: { type: 'random', density: 0.5, weight: { dist: 'uniform', low: -1, high: 1 } } },
        { id: 'one', source: 'r', target: 'r', connectivity: { type: 'oneToOne', weight: { dist: 'constant', value: -0.5 } } },
        { id: 'ex', source: 'img', target: 'r', delay: 3, connectivity: { type: 'explicit', pre: [0, 15], post: [3, 0], weight: [1, -1] } },
      ],
      {
        learning: {
          enabled: true, gamma: 1, rival: 'winner', etaOut: 0.1, eta: 0.01, lambdaE: 0.9, lambdaM: 0.5,
          modulatory: { m: 2 }, feedback: { dist: 'normal', mean: 0, std: 1 }, compression: { dist: 'normal', mean: 0, std: 1 },
          readout: 'r', hidden: ['c'],
        },
      },
    );
    expect(runAll(structuredClone(g), 5000), 'the unmutated graph spec is valid').to.equal('expanded');
    const t = fuzz(g, 500, 5000, 3);
    expect(t.invalid).to.be.greaterThan(20);
    expect(t.expanded).to.be.greaterThan(10);
  });
});
