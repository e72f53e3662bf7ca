#!/usr/bin/env node
/**
 * docs/results.md "SAL": reads the `snnc train --json` outputs of the SAL runs (DIR/<name>.json),
 * prints one markdown row per run (seeds, validation and test mean ± sd [95% interval], test per
 * seed, seconds, events) and writes the alignment figure (fixed against SAL, from align-fixed and
 * align-sal) as SVG.
 * Usage: node scripts/sal/summarise.mjs DIR [OUT.svg]
 */
import fs from 'node:fs';
import path from 'node:path';
import { lineChart } from '@snnc/report';

const dir = process.argv[2] ?? '/tmp/salx';
const svgOut = process.argv[3];
const read = (name) => {
  const f = path.join(dir, `${name}.json`);
  try {
    return JSON.parse(fs.readFileSync(f, 'utf8'));
  } catch {
    return null;
  }
};
const pct = (x) => (x === null || x === undefined ? 'n/a' : (100 * x).toFixed(2));
const fig = (s) => (s.n > 1 ? `${pct(s.mean)} ± ${pct(s.std)} [${pct(s.lo)}, ${pct(s.hi)}]` : pct(s.mean));

const rows = fs.readdirSync(dir).filter((f) => f.endsWith('.json') && !f.startsWith('cost-')).map((f) => f.slice(0, -5)).sort();
for (const name of rows) {
  const d = read(name);
  if (!d || !d.summary) continue;
  const runs = d.runs ?? [d];
  const secs = runs.reduce((a, r) => a + r.seconds, 0) / runs.length;
  const ev = runs.reduce((a, r) => a + r.synapticEvents, 0) / runs.length;
  console.log(`| ${name} | ${d.summary.seeds.join(', ')} | ${fig(d.summary.validation)} | **${fig(d.summary.test)}** | ${runs.map((r) => pct(r.testAccuracy)).join(' / ')} | ${secs.toFixed(0)} | ${(ev / 1e9).toFixed(2)} G |`);
}

// alignment: the angle per block over training samples, fixed and SAL
const series = [];
for (const [name, label] of [['align-fixed', 'fixed'], ['align-sal', 'SAL (eta 0.05)'], ['align-sal-eta0.5', 'SAL (eta 0.5)'], ['align-sal-eta2', 'SAL (eta 2)']]) {
  const d = read(name);
  const a = d?.alignment ?? d?.runs?.[0]?.alignment;
  if (!a) continue;
  a.blocks.forEach((b, k) => series.push({ name: `${b}, ${label}`, points: a.samples.map((n, i) => [n, a.degrees[i][k] ?? Number.NaN]) }));
  console.log(`alignment ${label}: ${a.blocks.map((b, k) => `${b} ${a.degrees[0][k].toFixed(1)} -> ${a.degrees[a.degrees.length - 1][k].toFixed(1)} deg`).join(', ')}`);
}
if (svgOut && series.length) {
  const svg = lineChart({ title: 'Feedback alignment over training, MNIST default network, seed 0, 1 epoch', xLabel: 'training samples', yLabel: 'angle (degrees)', yRange: [0, 100], series, width: 860, height: 460 });
  const tmp = `${svgOut}.tmp`;
  fs.writeFileSync(tmp, svg);
  fs.renameSync(tmp, svgOut);
  console.log(`wrote ${svgOut}`);
}
