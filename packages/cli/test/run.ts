import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '@snnc/ir';

/** Runs the real `snnc` binary with this node (no debug output), for the end-to-end tests. */
const BIN = path.join(repoRoot(), 'packages', 'cli', 'bin', 'snnc.js');

export function snnc(args: string[], cwd = repoRoot(), options: { timeout?: number; input?: string } = {}): { code: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, SNNC_DEBUG: '' }, ...options });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

/** No stack trace ever reaches the user. */
export function noStack(text: string): void {
  expect(text).to.not.match(/^\s+at .+:\d+:\d+\)?$/m);
}

/**
 * A scratch directory for one describe block: created before its tests (with `files`, name ->
 * source path, copied in), removed after them. Returns the path getter (valid inside the tests).
 */
export function scratchDir(prefix: string, files: Record<string, string> = {}): () => string {
  let dir = '';
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    for (const [name, src] of Object.entries(files)) fs.copyFileSync(src, path.join(dir, name));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}
