#!/usr/bin/env node
// `npm run bench`: runs every package's benchmark script in turn and prints their JSON lines.
// Long runs live here, not in `npm test`. Each script prints one JSON object per line.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv[2]; // optional: map | emulator | reference
const scripts = ['bench-ir.mjs', 'bench-reference.mjs', 'bench-map.mjs', 'bench-codegen.mjs', 'bench-emulator.mjs'].filter(
  (s) => !only || s.includes(only),
);
let failed = 0;
for (const s of scripts) {
  const file = path.join(here, s);
  if (!fs.existsSync(file)) {
    console.error(`bench: ${s} not present, skipped`);
    continue;
  }
  console.error(`bench: running ${s}`);
  const r = spawnSync(process.execPath, ['--max-old-space-size=16384', file], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
