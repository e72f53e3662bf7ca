#!/usr/bin/env node
// Removes compiled files under packages/*/dist and test/dist whose TypeScript source no longer
// exists (a moved or deleted file leaves its old .js behind, and mocha would still run a stale
// test from it). Run by `npm test` after `tsc -b`; prints what it removed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUTPUT = /\.(d\.ts\.map|d\.ts|js\.map|js)$/;

function clean(distDir, srcRoot) {
  if (!fs.existsSync(distDir)) return;
  for (const e of fs.readdirSync(distDir, { withFileTypes: true })) {
    const p = path.join(distDir, e.name);
    if (e.isDirectory()) {
      clean(p, path.join(srcRoot, e.name));
      if (fs.readdirSync(p).length === 0) fs.rmdirSync(p);
      continue;
    }
    const m = OUTPUT.exec(e.name);
    if (!m) continue;
    const stem = e.name.slice(0, e.name.length - m[0].length);
    if (!fs.existsSync(path.join(srcRoot, `${stem}.ts`))) {
      fs.rmSync(p);
      process.stdout.write(`clean-stale-dist: removed ${path.relative(root, p)}\n`);
    }
  }
}

for (const pkg of fs.readdirSync(path.join(root, 'packages'))) {
  const dir = path.join(root, 'packages', pkg);
  // packages compile with rootDir "." (dist/src, dist/test); test/ with rootDir "src"
  clean(path.join(dir, 'dist'), dir);
}
clean(path.join(root, 'test', 'dist'), path.join(root, 'test', 'src'));
// a package directory whose sources all moved away keeps only dist/ and build info: remove them
for (const pkg of fs.readdirSync(path.join(root, 'packages'))) {
  const dir = path.join(root, 'packages', pkg);
  if (!fs.existsSync(path.join(dir, 'package.json')) && !fs.existsSync(path.join(dir, 'src'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`clean-stale-dist: removed ${path.relative(root, dir)}\n`);
  }
}
