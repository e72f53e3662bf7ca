import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the repository's data directories (schemas/, targets/, examples/) are. Resolved from this
 * module's own location (packages/ir/dist/src/paths.js), never from the working directory, so the
 * CLI works from anywhere.
 */
export function repoRoot(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // dist/src -> dist -> ir -> packages -> root
  return path.resolve(here, '..', '..', '..', '..');
}

export function schemasDir(): string {
  return path.join(repoRoot(), 'schemas');
}

export function targetsDir(): string {
  return path.join(repoRoot(), 'targets');
}

export function examplesDir(): string {
  return path.join(repoRoot(), 'examples');
}

export function readSchema(name: 'spec' | 'target' | 'placement' | 'avoid'): object {
  return JSON.parse(fs.readFileSync(path.join(schemasDir(), `${name}.schema.json`), 'utf8')) as object;
}
