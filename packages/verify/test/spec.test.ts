/**
 * The differential property on networks made by the real front end: random variations of
 * examples/srsnn-small.json (seed, timesteps, layer sizes, readout coding, margin and rival,
 * learning on/off) through validation, expansion and lowering, on the repository's test targets,
 * mapped with both strategies -> bit-exact with learning. Complements differential.test.ts,
 * whose networks are built directly and reach parameter ranges lowering never produces.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import fc from 'fast-check';
import { formatDiagnostic, hasErrors, Rng } from '@snnc/common';
import { expandSpec, loadTarget, lowerGraph, validateSpec } from '@snnc/ir';
import { compileNetwork } from '@snnc/codegen';
import { decodeImage, encodeImage } from '@snnc/image';
import { randomInputs } from '@snnc/datasets';
import { mapWith } from '@snnc/driver';
import { formatDivergence, verifyNetwork } from '../src/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const base = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/srsnn-small.json'), 'utf8'));

/** Soak: DIFF_RUNS=<n> DIFF_SEED=<s> (as in differential.test.ts). */
const RUNS = Math.max(30, Math.round(Number(process.env.DIFF_RUNS ?? 0) / 5));
const SEED = process.env.DIFF_SEED !== undefined ? Number(process.env.DIFF_SEED) : 11;

const variation = fc.record({
  seed: fc.nat({ max: 1_000_000 }),
  timesteps: fc.integer({ min: 4, max: 16 }),
  sizes: fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 })),
  classes: fc.integer({ min: 2, max: 4 }),
  npc: fc.integer({ min: 1, max: 3 }),
  gamma: fc.integer({ min: 0, max: 6 }),
  rival: fc.constantFrom('winner', 'strongest-other'),
  learning: fc.boolean(),
  target: fc.constantFrom('test-tiny', 'test-multichip'),
  strategy: fc.constantFrom('sequential' as const, 'locality' as const),
  rate: fc.double({ min: 0.05, max: 0.6, noNaN: true }),
});

describe('differential: specs through the IR front end (property)', function () {
  // a soak (DIFF_RUNS) runs RUNS / 30 times the cases, so it gets that much more time
  this.timeout(120_000 * Math.max(1, RUNS / 30));

  it('random variations of the small example are bit-exact with learning on both test targets and both strategies', () => {
    let verified = 0;
    fc.assert(
      fc.property(variation, (v) => {
        const doc = structuredClone(base);
        doc.seed = v.seed;
        doc.timesteps = v.timesteps;
        doc.layers.forEach((l: { size: number; recurrent: { microcircuitSize: number } }, k: number) => (l.size = v.sizes[k] * l.recurrent.microcircuitSize));
        doc.readout.classes = v.classes;
        doc.readout.neuronsPerClass = v.npc;
        doc.learning.gamma = v.gamma;
        doc.learning.rival = v.rival;
        doc.learning.enabled = v.learning;
        const spec = validateSpec(doc, 'variation.json');
        if (!spec.spec || hasErrors(spec.diagnostics)) throw new Error(spec.diagnostics.map(formatDiagnostic).join('\n'));
        const ex = expandSpec(spec.spec, new Rng(v.seed), 'variation.json');
        const target = loadTarget(v.target).target!;
        const low = lowerGraph(ex.graph!, target, { file: 'variation.json' });
        if (!low.network || hasErrors(low.diagnostics)) throw new Error(low.diagnostics.map(formatDiagnostic).join('\n'));
        const net = low.network;
        const m = mapWith(net, target, v.strategy, 3);
        if (!m.placement) throw new Error(m.diagnostics.map(formatDiagnostic).join('\n'));
        const g = compileNetwork(net, m.placement, target);
        if (!g.image) throw new Error(g.diagnostics.map(formatDiagnostic).join('\n'));
        const image = decodeImage(encodeImage(g.image), { expectTarget: target.name }).image!;
        const nIn = net.populations[0].size;
        const inputs = randomInputs(Math.ceil(100 / v.timesteps), v.timesteps, nIn, v.classes, v.rate, v.seed);
        const r = verifyNetwork(net, image, m.placement, { ...inputs, train: true });
        expect(r.bitExact, r.firstDivergence ? formatDivergence(r.firstDivergence) : r.diagnostics.map(formatDiagnostic).join('\n')).to.equal(true);
        if (v.learning) expect(r.weightsCompared).to.be.greaterThan(0);
        verified++;
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(verified).to.equal(RUNS);
  });
});
