import fs from 'node:fs';
import path from 'node:path';
import { Rng, hasErrors, type Diagnostic } from '@snnc/common';
import { expandSpec, lowerGraph, loadTarget, repoRoot, validateSpec, type Graph, type LoweredNetwork, type Target } from '../src/index.js';

/** Test helpers: example specs as fresh objects, and spec object -> Graph / LoweredNetwork. */
export const ROOT = repoRoot();

export function example(name: 'srsnn-small' | 'srsnn-mnist' | 'srsnn-seed' | 'srsnn-seed-mnist-wide' | 'srsnn-seed-mnist-wide3' | 'srsnn-seed-rows' | 'graph-conv'): Record<string, any> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', `${name}.json`), 'utf8'));
}

export function target(name: string): Target {
  const t = loadTarget(name);
  if (!t.target) throw new Error(`target ${name}: ${JSON.stringify(t.diagnostics)}`);
  return t.target;
}

export function errors(diags: Diagnostic[]): Diagnostic[] {
  return diags.filter((d) => d.severity === 'error');
}

/** Validates and expands; throws with the diagnostics when anything is an error. */
export function expand(doc: unknown, seed?: number): Graph {
  const v = validateSpec(doc, 'test.json');
  if (!v.spec) throw new Error(`invalid spec: ${JSON.stringify(errors(v.diagnostics))}`);
  const ex = expandSpec(v.spec, new Rng(seed ?? v.spec.seed), 'test.json');
  if (!ex.graph) throw new Error(`expansion failed: ${JSON.stringify(ex.diagnostics)}`);
  return ex.graph;
}

export function lower(doc: unknown, targetName = 'loihi2'): { network: LoweredNetwork; diagnostics: Diagnostic[] } {
  const low = lowerGraph(expand(doc), target(targetName), { file: 'test.json' });
  if (!low.network || hasErrors(low.diagnostics)) throw new Error(`lowering failed: ${JSON.stringify(low.diagnostics)}`);
  return { network: low.network, diagnostics: low.diagnostics };
}

/** A minimal graph spec: populations and projections given, everything else defaulted. */
export function graphSpec(populations: unknown[], projections: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { irVersion: '1.0', kind: 'graph', name: 'g', seed: 1, timesteps: 4, populations, projections, ...extra };
}

export const SRLIF = { model: 'srlif', alpha: 0.875, vth: 1 };
