#!/usr/bin/env node
// Opens an HTML report in headless Chromium and fails (exit 1) when the page logs anything to the
// console (the reports carry no scripts, so any console message is an error: a script error, a
// blocked resource, a parse problem), when the rendered DOM has no <svg>, or when the file refers
// to anything outside itself (src/href/url() to http(s) or protocol-relative addresses).
// Usage: node scripts/check-html.mjs <report.html> [--chromium /usr/bin/chromium]
// Exit codes: 0 ok, 1 check failed, 2 usage, 3 no Chromium found.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
let chromium = '/usr/bin/chromium';
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--chromium') chromium = args[++i];
  else files.push(args[i]);
}
if (files.length !== 1) {
  console.error('usage: node scripts/check-html.mjs <report.html> [--chromium <path>]');
  process.exit(2);
}
if (!fs.existsSync(chromium)) {
  console.error(`check-html: ${chromium} not found (install the Debian package chromium)`);
  process.exit(3);
}
const file = path.resolve(files[0]);
const problems = [];
let html;
try {
  html = fs.readFileSync(file, 'utf8');
} catch {
  console.error(`check-html: cannot read ${files[0]}`);
  process.exit(1);
}

// Self-contained: no external resource. xmlns attributes name namespaces and load nothing.
const external = /(?:\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\/|url\(\s*["']?\s*(?:https?:)?\/\/|@import)/gi;
for (const m of html.matchAll(external)) problems.push(`external reference near offset ${m.index}: ${html.slice(m.index, m.index + 60)}`);

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-chromium-'));
try {
  const r = spawnSync(chromium, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0',
    '--dump-dom', pathToFileURL(file).href,
  ], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) problems.push(`chromium did not run: ${r.error.message}`);
  else if (r.status !== 0) problems.push(`chromium exited with ${r.status}`);
  const consoleLines = (r.stderr ?? '').split('\n').filter((l) => /:CONSOLE[:(]/.test(l));
  for (const l of consoleLines) problems.push(`console: ${l.replace(/^\[[^\]]*\]\s*/, '')}`);
  const dom = r.stdout ?? '';
  if (!/<svg[\s>]/i.test(dom)) problems.push('the rendered page has no <svg> element');
  if (!/<\/html>/i.test(dom)) problems.push('the rendered DOM is incomplete');
} finally {
  fs.rmSync(profile, { recursive: true, force: true });
}
if (problems.length) {
  for (const p of problems) console.error(`check-html: ${files[0]}: ${p}`);
  process.exit(1);
}
console.log(`check-html: ${files[0]}: ok (rendered, <svg> present, no console messages, self-contained)`);
