#!/usr/bin/env node
// Runs the README's short tour in a scratch directory and hashes every output (stdout and every
// file written), so that a restructure can prove byte-identity: record the hashes before, run again
// after, and compare.
//
//   node scripts/tour-golden.mjs [--quick] [--out hashes.json] [--compare before.json]
//
// --quick shrinks sample counts and epochs (same commands, same code paths) so that the tour fits a
// busy machine. Wall-clock fields (seconds, rates, timestamps) are masked in JSON stdout and in
// generated files because they differ between any two runs; everything else must be equal.
// The per-command wall time is recorded too (the `timings` field), for before/after speed checks.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const outIdx = args.indexOf('--out');
const cmpIdx = args.indexOf('--compare');
const snnc = join(root, 'packages/cli/bin/snnc.js');
const ex = (f) => join(root, 'examples', f);
const shared = resolve(root, '..', 'shared');

const n = (full, small) => String(quick ? small : full);
const tour = [
  ['validate', ['validate', ex('srsnn-mnist.json')]],
  ['inspect-spec', ['inspect', ex('srsnn-mnist.json'), '--target', 'loihi2']],
  ['map', ['map', ex('srsnn-mnist.json'), '--target', 'loihi2', '--strategy', 'locality', '-o', 'out/placement.json']],
  ['report', ['report', 'out/placement.json', '--out', 'out/report']],
  ['compile', ['compile', ex('srsnn-mnist.json'), '--target', 'loihi2', '-o', 'out/net.snnc']],
  ['inspect-image', ['inspect', 'out/net.snnc']],
  ['emulate', ['emulate', 'out/net.snnc', '--dataset', 'mnist', '--samples', n(200, 20), '--test', n(100, 10), '--train', '--json', '--out', 'out/emulate']],
  ['verify', ['verify', ex('srsnn-mnist.json'), '--target', 'loihi2', '--strategy', 'locality', '--train', '--samples', n(50, 4), '--dataset', 'mnist', '--json']],
  ['train', ['train', ex('srsnn-mnist.json'), '--dataset', 'mnist', '--epochs', '1', '--json',
    ...(quick ? ['--train', '300', '--validation', '50', '--test', '100'] : [])]],
  ['evaluate', ['evaluate', 'snnc-out/checkpoint.snnck', '--json']],
  ['nir-import', ['nir', 'import', join(shared, 'nir/lif_norse.nir'), '-o', 'out/lif.json'], () => existsSync(join(shared, 'nir/lif_norse.nir'))],
  ['nir-export', ['nir', 'export', ex('graph-conv.json'), '-o', 'out/conv.nir']],
];

// Keys whose values are wall-clock measurements or depend on them.
const TIMING = /([sS]econds|[eE]lapsed|[dD]uration|[wW]all|[pP]erSecond|PerS|Ms|^ms|[tT]ime|[tT]imestamp|[dD]ate|[cC]reated|[tT]hroughput)$/;
function mask(value) {
  if (Array.isArray(value)) return value.map(mask);
  if (value && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = TIMING.test(k) && typeof v !== 'object' ? '<time>' : mask(v);
    return out;
  }
  return value;
}
// HTML tables: columns headed by a duration or a rate, and key/value rows naming one, are masked.
const TIME_HEADER = /(^|\s)(s|seconds|ms)(\s|\)|$)|\/s\b|seconds|per second/i;
function maskTables(html) {
  return html.replace(/<table[\s\S]*?<\/table>/g, (table) => {
    const heads = [...table.matchAll(/<th[^>]*>([\s\S]*?)<\/th>/g)].map((m) => m[1]);
    const timed = new Set(heads.map((h, i) => (TIME_HEADER.test(h) ? i : -1)).filter((i) => i >= 0));
    return table.replace(/<tr>([\s\S]*?)<\/tr>/g, (row, inner) => {
      if (/<th/.test(inner)) return row;
      let i = -1;
      const cells = [...inner.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]);
      const keyed = cells.length === 2 && TIME_HEADER.test(cells[0]);
      return row.replace(/(<td[^>]*>)([\s\S]*?)(<\/td>)/g, (m, a, v, b) => {
        i++;
        return (timed.has(i) && !keyed) || (keyed && i === 1) ? `${a}<t>${b}` : m;
      });
    });
  });
}
function normalise(text) {
  // the checkout's absolute path appears in messages; two checkouts must compare equal
  text = text.split(root).join('<root>').split(shared).join('<shared>');
  try { return JSON.stringify(mask(JSON.parse(text))); } catch { /* not JSON */ }
  // text output: durations like "12.3 s", "45 ms", "1.2 M events/s"
  return maskTables(text).replace(/\d+(\.\d+)?\s*(ms|s|min)\b/g, '<t>').replace(/[\d.]+\s*[kMG]?\s*(events|samples|steps)\/s/g, '<rate>');
}
const sha = (b) => createHash('sha256').update(b).digest('hex').slice(0, 16);

function walk(dir, base, out) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, base, out);
    else out.push(relative(base, p));
  }
  return out;
}

const work = mkdtempSync(join(tmpdir(), 'snnc-tour-'));
const hashes = {};
const timings = {};
const seen = new Map();
for (const [name, argv, enabled] of tour) {
  if (enabled && !enabled()) { process.stderr.write(`skip ${name}: input absent\n`); continue; }
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [snnc, ...argv], { cwd: work, encoding: 'buffer', maxBuffer: 1 << 28 });
  timings[name] = Number(process.hrtime.bigint() - t0) / 1e9;
  hashes[`${name}:exit`] = String(r.status);
  hashes[`${name}:stdout`] = sha(normalise(r.stdout.toString('utf8')));
  hashes[`${name}:stderr`] = sha(normalise(r.stderr.toString('utf8').replace(/\r[^\n]*/g, '')));
  process.stderr.write(`${name}: exit ${r.status}, ${timings[name].toFixed(2)} s\n`);
  if (r.status !== 0) process.stderr.write(r.stderr.toString('utf8').slice(0, 2000));
  for (const f of walk(work, work, [])) {
    const st = statSync(join(work, f));
    if (seen.get(f) === st.mtimeMs) continue;
    seen.set(f, st.mtimeMs);
    const buf = readFileSync(join(work, f));
    const text = /\.(json|html|csv|svg|txt)$/.test(f) ? normalise(buf.toString('utf8')) : buf;
    hashes[`${name}:file:${f}`] = sha(text);
  }
}
const result = { quick, hashes, timings };
if (outIdx >= 0) writeFileSync(args[outIdx + 1], JSON.stringify(result, null, 2) + '\n');
else process.stdout.write(JSON.stringify(result, null, 2) + '\n');
if (cmpIdx >= 0) {
  const before = JSON.parse(readFileSync(args[cmpIdx + 1], 'utf8'));
  let diff = 0;
  for (const k of new Set([...Object.keys(before.hashes), ...Object.keys(hashes)])) {
    if (before.hashes[k] !== hashes[k]) { diff++; process.stderr.write(`DIFFERS ${k}: ${before.hashes[k]} -> ${hashes[k]}\n`); }
  }
  for (const k of Object.keys(timings)) {
    if (before.timings[k] !== undefined) process.stderr.write(`time ${k}: ${before.timings[k].toFixed(2)} s -> ${timings[k].toFixed(2)} s (${((timings[k] / before.timings[k] - 1) * 100).toFixed(1)}%)\n`);
  }
  process.stderr.write(diff === 0 ? `identical: ${Object.keys(hashes).length} hashes\n` : `${diff} hashes differ\n`);
  process.exitCode = diff === 0 ? 0 : 1;
}
