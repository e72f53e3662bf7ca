#!/usr/bin/env node
/**
 * Measures what docs/nir.md reports for the real files in ../shared/nir: discretisation and
 * quantisation error per parameter, weight quantisation per projection, bit-exactness of the
 * emulator against the reference, and spike-count agreement with the float64 NIR simulation.
 * Usage: node packages/nir/scripts/agreement.mjs [samples] (after `npx tsc -b packages/nir`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { canonicalJson } from '@snnc/common';
import { loadTarget } from '@snnc/ir';
import { randomInputs } from '@snnc/datasets';
import { verifySpec } from '@snnc/verify';
import { compareSpikeCounts, importNirFile, withinTolerance } from '../dist/src/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const shared = path.resolve(root, '..', 'shared', 'nir');
const samples = Number(process.argv[2] ?? 10);
const target = loadTarget('loihi2').target;
const runs = [
  ['lif_norse.nir', 200, 0.3, samples],
  ['braille_noDelay_bias_zero.nir', 100, 0.3, samples],
  ['cnn_sinabs.nir', 16, 0.3, Math.min(2, samples)],
];
const fmt = (x) => (x === undefined ? '-' : Number(x.toPrecision(4)).toString());
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-nir-agree-'));
try {
  for (const [name, T, rate, n] of runs) {
    const file = path.join(shared, name);
    if (!fs.existsSync(file)) {
      console.log(`${name}: not found at ../shared/nir, skipped`);
      continue;
    }
    const r = await importNirFile(file, { timesteps: T, target });
    console.log(`\n## ${name}: dt = ${r.report.dt} s (${r.report.dtSource}), T = ${T}, ${n} samples, input rate ${rate}`);
    for (const p of r.report.parameters) {
      if (p.parameter === 'alphaU' || p.parameter === 'alphaV') console.log(`  ${p.population} ${p.parameter}: exact ${fmt(p.exact)} euler ${fmt(p.euler)} (disc ${fmt(p.discretisationError)}) lowered ${fmt(p.lowered)} (quant ${fmt(p.quantisationError)})`);
    }
    for (const q of r.report.projections) console.log(`  weights ${q.id}: exp ${q.weightExp} relRms ${fmt(q.relRmsError)} max ${fmt(q.maxError)} zeroed ${q.zeroed}/${''}clamped ${q.clamped}`);
    const f = path.join(dir, `${r.spec.name}.json`);
    fs.writeFileSync(f, canonicalJson(r.spec));
    const v = verifySpec(f, target, 'sequential', { train: false, samples: 1, rate, seed: 3 });
    console.log(`  emulator vs reference: bitExact ${v.result?.bitExact} (${v.result?.spikes} spikes, ${v.result?.statesCompared} states compared)`);
    const nIn = r.lowered.populations.filter((p) => p.model === 'input').reduce((a, p) => a + p.size, 0);
    const inputs = randomInputs(n, T, nIn, 0, rate, 11);
    for (const a of compareSpikeCounts(r.network, r.lowered, r.report.dt, r.delays, inputs.rasters)) {
      console.log(`  ${a.id}: fixed ${a.fixedSpikes} float ${a.floatSpikes} mean|diff|/neuron/sample ${fmt(a.meanAbsDiff / n)} max ${a.maxAbsDiff} rel ${fmt(a.relativeError)} within tolerance ${withinTolerance(a, n)}`);
    }
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
