import { expect } from 'chai';
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { canonicalText, lowerSpec, examplesDir, expandSpec, loadTarget, lowerGraph, validateSpec, type GraphSpec, type Projection } from '@snnc/ir';
import { exportNirFile, importNirFile } from '../src/index.js';
import { h5 } from '../src/h5.js';
import { scratch } from './helpers.js';

/**
 * export then import gives the same IR: the expanded Graph's canonical text, equal up to a
 * relative float tolerance of 1e-9 (time constants go through dt / (1 - alpha) and back, which is
 * not exact in binary floating point; docs/nir.md "Round trip").
 */
const TOL = 1e-9;

function sameWithin(a: unknown, b: unknown, at = ''): string | null {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) <= TOL * Math.max(1, Math.abs(a)) ? null : `${at}: ${a} vs ${b}`;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b ? null : `${at}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of [...keys].sort()) {
    const d = sameWithin((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}/${k}`);
    if (d) return d;
  }
  return null;
}

/**
 * Random small CUBA networks: an input, a chain of 1..3 populations (p0 <- input, p_k <- p_{k-1}),
 * optional self-recurrence and optional backward projections, random delays, random sparse or
 * dense weights; the last population is the readout. Chains keep the importer's population order
 * (breadth-first from the inputs) equal to the spec's.
 */
const arbSpec = fc
  .record({
    nIn: fc.integer({ min: 1, max: 4 }),
    pops: fc.array(
      fc.record({
        size: fc.integer({ min: 1, max: 5 }),
        alphaU: fc.double({ min: 0, max: 0.99, noNaN: true }),
        alphaV: fc.double({ min: 0, max: 0.99, noNaN: true }),
        vth: fc.double({ min: 0.1, max: 4, noNaN: true }),
        bias: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
        self: fc.boolean(),
        back: fc.boolean(),
        dense: fc.boolean(),
        delays: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
  })
  .map(({ nIn, pops, seed }): GraphSpec => {
    let s = seed;
    const rnd = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const weight = () => Math.round((rnd() * 4 - 2) * 1000) / 1000 || 0.5;
    const connect = (id: string, source: string, target: string, nPre: number, nPost: number, dense: boolean, delay: number): Projection => {
      const rows = Array.from({ length: nPost }, () => Array.from({ length: nPre }, () => (rnd() < 0.6 ? weight() : 0)));
      rows[0][0] = rows[0][0] || 1;
      const pre: number[] = [], post: number[] = [], w: number[] = [];
      rows.forEach((r, i) => r.forEach((x, j) => x !== 0 && (pre.push(j), post.push(i), w.push(x))));
      return {
        id, source, target, kind: source === target ? 'rec' : 'ff', ...(delay > 1 ? { delay } : {}),
        connectivity: dense ? { type: 'dense', weights: rows } : { type: 'explicit', pre, post, weight: w },
      };
    };
    const populations: GraphSpec['populations'] = [{ id: 'in', kind: 'input', size: nIn }];
    const projections: Projection[] = [];
    pops.forEach((p, k) => {
      const last = k === pops.length - 1;
      populations.push({
        id: `p${k}`, kind: 'neuron', size: p.size,
        ...(last ? { role: 'readout' as const, classes: p.size, neuronsPerClass: 1 } : {}),
        neuron: { model: 'cuba', alphaU: p.alphaU, alphaV: p.alphaV, vth: p.vth, bias: p.bias, refractory: 0 },
      });
    });
    pops.forEach((p, k) => {
      const prev = k === 0 ? 'in' : `p${k - 1}`;
      const nPrev = k === 0 ? nIn : pops[k - 1].size;
      // the importer orders a target's projections by source population, then delay
      projections.push(connect(`w${k}_ff`, prev, `p${k}`, nPrev, p.size, p.dense, p.delays[0]));
      if (p.self) projections.push(connect(`w${k}_rec`, `p${k}`, `p${k}`, p.size, p.size, !p.dense, p.delays[1]));
      if (p.back && k + 1 < pops.length) projections.push(connect(`w${k}_back`, `p${k + 1}`, `p${k}`, pops[k + 1].size, p.size, p.dense, p.delays[2]));
    });
    return { irVersion: '1.0', kind: 'graph', name: 'rt', seed: 0, timesteps: 16, populations, projections };
  });

describe('nir: export -> import round trip', function () {
  this.timeout(60000);
  const dir = scratch();
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('random small graph specs come back as the same IR (canonical text within 1e-9)', async () => {
    let k = 0;
    await fc.assert(
      fc.asyncProperty(arbSpec, fc.constantFrom(1e-3, 1e-4, 0.5), async (spec, dt) => {
        const v = validateSpec(spec);
        expect(v.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
        const g = expandSpec(v.spec!).graph!;
        const f = path.join(dir, `rt${k++}.nir`);
        const e = await exportNirFile(g, f, { dt, spec });
        expect(e.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
        const r = await importNirFile(f, { timesteps: spec.timesteps, name: spec.name });
        expect(r.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
        expect(r.report!.dt).to.be.closeTo(dt, dt * 1e-6);
        const g2 = expandSpec(r.spec!).graph!;
        const diff = sameWithin(JSON.parse(canonicalText(g)), JSON.parse(canonicalText(g2)));
        expect(diff, diff ?? '').to.equal(null);
      }),
      { numRuns: 40, seed: 20261123 },
    );
  });

  it('exporting twice gives identical bytes (no timestamps), in the layout of NIR files', async () => {
    const spec = fc.sample(arbSpec, { seed: 7, numRuns: 1 })[0];
    const g = expandSpec(validateSpec(spec).spec!).graph!;
    const a = path.join(dir, 'a.nir');
    const b = path.join(dir, 'b.nir');
    await exportNirFile(g, a, { spec });
    await new Promise((res) => setTimeout(res, 1100)); // a second later: a timestamp would differ
    await exportNirFile(g, b, { spec });
    expect(Buffer.compare(fs.readFileSync(a), fs.readFileSync(b))).to.equal(0);
    const lib = await h5();
    const f = new lib.File(a, 'r');
    try {
      expect((f.get('version') as InstanceType<typeof lib.Dataset>).value).to.equal('0.2.0');
      expect((f.get('node/type') as InstanceType<typeof lib.Dataset>).value).to.equal('NIRGraph');
      const edges = f.get('node/edges') as InstanceType<typeof lib.Dataset>;
      expect(edges.shape![1]).to.equal(2);
      const p0 = f.get('node/nodes/p0') as InstanceType<typeof lib.Group>;
      expect(p0.keys().sort()).to.deep.equal(['r', 'tau_mem', 'tau_syn', 'type', 'v_leak', 'v_reset', 'v_threshold', 'w_in']);
      const w = f.get('node/nodes/w0_ff/weight') as InstanceType<typeof lib.Dataset>;
      expect(w.shape).to.deep.equal([spec.populations[1].size, spec.populations[0].size]);
      expect((f.get('node/nodes/w0_ff/type') as InstanceType<typeof lib.Dataset>).value).to.equal('Linear');
    } finally {
      f.close();
    }
  });

  it('a trained network exports its integer weights in voltage units: w = mant 2^(6+exp) / 2^scale', async () => {
    const spec = fc.sample(arbSpec, { seed: 9, numRuns: 1 })[0];
    const g = expandSpec(validateSpec(spec).spec!).graph!;
    const low = lowerGraph(g, loadTarget('loihi2').target!).network!;
    // "training": every mantissa of the first projection moves by +3
    const trained = { ...low, projections: low.projections.map((p, k) => (k === 0 ? { ...p, weight: p.weight.map((w) => w + 3) } : p)) };
    const f = path.join(dir, 'trained.nir');
    await exportNirFile(g, f, { trained });
    const r = await importNirFile(f, { timesteps: spec.timesteps, name: spec.name });
    const back = expandSpec(r.spec!).graph!.projections[0];
    const p0 = trained.projections[0];
    const lsb = 2 ** (6 + p0.weightExp) / 2 ** low.populations[p0.target].voltageScaleLog2!;
    const want = Array.from(p0.weight, (m) => m * lsb).filter((w) => w !== 0);
    expect(back.weight.length).to.equal(want.length);
    back.weight.forEach((w, s) => expect(w).to.be.closeTo(want[s], 1e-9 * Math.max(1, Math.abs(want[s]))));
  });

  it('examples/graph-conv.json: conv2d and pool2d go out as Conv2d and SumPool2d + Scale and come back as the same synapses', async function () {
    const file = path.join(examplesDir(), 'graph-conv.json');
    if (!fs.existsSync(file)) return this.skip();
    const c = lowerSpec(file);
    const f = path.join(dir, 'conv.nir');
    await exportNirFile(c.graph!, f, { spec: c.spec as GraphSpec });
    const r = await importNirFile(f, { timesteps: c.spec!.timesteps, name: c.spec!.name });
    const types = r.nir!.nodes.map((n) => `${n.name}:${n.type}`);
    expect(types).to.include.members(['conv:Conv2d', 'pool.pool:SumPool2d', 'pool:Scale']);
    const back = expandSpec(r.spec!).graph!;
    c.graph!.projections.forEach((a, k) => {
      const b = back.projections[k];
      expect([b.id, Array.from(b.pre), Array.from(b.post)]).to.deep.equal([a.id, Array.from(a.pre), Array.from(a.post)]);
      b.weight.forEach((w, s) => expect(w).to.be.closeTo(a.weight[s], 1e-9));
    });
  });

  it('projections that share an id (the delay lines of an interLayerLongRange entry) go out as distinct nodes', async function () {
    // before: examples/srsnn-seed-rows.json ended in SNNC6017 with HDF5's own error dump: its four
    // rows -> L1 delay lines are each 'lr:rows:L1', and an HDF5 group cannot be created twice
    const file = path.join(examplesDir(), 'srsnn-seed-rows.json');
    if (!fs.existsSync(file)) return this.skip();
    const spec = JSON.parse(fs.readFileSync(file, 'utf8'));
    spec.layers[0].size = 40;
    spec.layers[1].size = 20;
    for (const l of spec.layers) l.recurrent.microcircuitSize = 10;
    spec.readout.neuronsPerClass = 1;
    const g = expandSpec(validateSpec(spec).spec!).graph!;
    const lines = g.projections.filter((p) => p.id === 'lr:rows:L1');
    expect(lines.length).to.be.at.least(2);
    const f = path.join(dir, 'rows.nir');
    const e = await exportNirFile(g, f);
    expect(e.diagnostics.filter((d) => d.severity === 'error')).to.deep.equal([]);
    const r = await importNirFile(f, { timesteps: spec.timesteps, name: spec.name });
    const names = r.nir!.nodes.map((n) => n.name);
    expect(new Set(names).size).to.equal(names.length);
    expect(names.filter((n) => /^lr:rows:L1(\.\d+)?$/.test(n))).to.have.length(lines.length);
    expect(expandSpec(r.spec!).graph!.projections.length).to.equal(g.projections.length);
  });
  it('export writes only what import reads: a dense Linear beyond limits.nirParameterElements is refused before writing', async () => {
    // before: a 5000 x 5000 random projection (5,000 synapses) was written as a dense Linear of
    // 25M weights, which `snnc nir import` of that very file then refused (SNNC6040)
    const pop = (id: string, kind: 'input' | 'neuron') => ({ id, kind, size: 5000, ...(kind === 'neuron' ? { neuron: { model: 'cuba', alphaU: 0.5, alphaV: 0.9, vth: 1 } } : {}) });
    const spec = {
      irVersion: '1.0', kind: 'graph', name: 'wide', seed: 1, timesteps: 8, populations: [pop('in', 'input'), pop('n', 'neuron')],
      projections: [{ id: 'p', source: 'in', target: 'n', connectivity: { type: 'random', density: 0.0002, weight: { dist: 'constant', value: 0.5 } } }],
    };
    const g = expandSpec(validateSpec(spec).spec!).graph!;
    const f = path.join(dir, 'wide.nir');
    const e = await exportNirFile(g, f, { file: 'wide.json' });
    expect(e.diagnostics.filter((d) => d.severity === 'error')).to.have.length(1);
    expect(e.diagnostics[0]).to.include({ code: 'SNNC6040', file: 'wide.json', pointer: '/projections/0', found: '25000000' });
    expect(e.diagnostics[0].expected).to.match(/limits\.nirParameterElements/);
    expect(fs.existsSync(f)).to.equal(false);
  });
});
