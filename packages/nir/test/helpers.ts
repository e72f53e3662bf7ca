/**
 * Test helpers: where the real NIR files are (../shared/nir next to the repository; tests skip
 * with a notice when it is absent), scratch directories, and building small .nir files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeNirFile, type WriteNode } from '../src/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/test -> dist -> nir -> packages -> repository root */
export const repoRoot = path.resolve(here, '..', '..', '..', '..');
export const sharedNir = path.resolve(repoRoot, '..', 'shared', 'nir');

export function realFile(name: string): string | null {
  const f = path.join(sharedNir, name);
  return fs.existsSync(f) ? f : null;
}

export function skipNotice(ctx: Mocha.Context, what: string): void {
  console.log(`      (skipped: ${what} not found at ../shared/nir)`);
  ctx.skip();
}

/** Scratch directories made by these tests, removed when the test process exits (a failing test too). */
const scratchDirs: string[] = [];
process.on('exit', () => {
  for (const dir of scratchDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'snnc-nir-'));
  scratchDirs.push(dir);
  return dir;
}

export const vec = (xs: number[], shape = [xs.length]) => ({ shape, data: Float64Array.from(xs) });
export const ints = (xs: number[], shape = [xs.length]) => ({ shape, data: Float64Array.from(xs), int: true });

/** input(n) -> Linear(w: m x n) -> LIF(m) -> output: the smallest useful graph. */
export function tinyGraph(n = 2, m = 3): { nodes: WriteNode[]; edges: [string, string][] } {
  const w = Array.from({ length: m * n }, (_, i) => ((i % 5) - 2) * 0.25);
  return {
    nodes: [
      { name: 'input', type: 'Input', params: { shape: ints([n]) } },
      { name: 'fc', type: 'Linear', params: { weight: vec(w, [m, n]) } },
      { name: 'lif', type: 'LIF', params: { tau: vec(new Array(m).fill(0.01)), r: vec(new Array(m).fill(1)), v_leak: vec(new Array(m).fill(0)), v_threshold: vec(new Array(m).fill(0.5)) } },
      { name: 'output', type: 'Output', params: { shape: ints([m]) } },
    ],
    edges: [['input', 'fc'], ['fc', 'lif'], ['lif', 'output']],
  };
}

export async function writeGraph(dir: string, name: string, g: { nodes: WriteNode[]; edges: [string, string][] }): Promise<string> {
  const f = path.join(dir, name);
  await writeNirFile(f, g.nodes, g.edges);
  return f;
}
