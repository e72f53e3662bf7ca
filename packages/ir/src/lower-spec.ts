import { hasErrors, Rng, type Diagnostic } from '@snnc/common';
import { expandSpec } from './expand.js';
import type { NetworkSpec } from './generated/spec.js';
import type { Graph, LoweredNetwork } from './graph.js';
import { lowerGraph, type LoweringReport } from './lower.js';
import type { Target } from './target.js';
import { loadTarget } from './targets.js';
import { loadSpecFile, parseSpec, validateSpec } from './validate.js';

export interface LowerSpecResult {
  spec?: NetworkSpec;
  graph?: Graph;
  target?: Target;
  network?: LoweredNetwork;
  report?: LoweringReport;
  /** everything said along the way, in order; stop at the first stage with errors */
  diagnostics: Diagnostic[];
}

/**
 * Where a spec comes from: a file path, a spec text with the name diagnostics use (a checkpoint's
 * recorded spec), a document to validate, or an already valid spec (NIR import), with their names.
 */
export type SpecSource = string | { text: string; name?: string } | { document: unknown; name?: string } | { spec: NetworkSpec; name?: string };

/** The file name diagnostics of this source carry. */
export function specSourceName(source: SpecSource): string | undefined {
  return typeof source === 'string' ? source : source.name;
}

/**
 * Spec -> valid spec -> Graph -> (with a target) LoweredNetwork: the IR half of the compile
 * pipeline (`@snnc/driver` adds placement and image). `target` is a target name
 * (targets/<name>.json), a path, or a loaded Target. Never throws for bad input; look at
 * `diagnostics`.
 */
export function lowerSpec(source: SpecSource, target?: string | Target, options: { seed?: number } = {}): LowerSpecResult {
  const file = specSourceName(source);
  const loaded =
    typeof source === 'string' ? loadSpecFile(source)
    : 'text' in source ? parseSpec(source.text, file)
    : 'document' in source ? validateSpec(source.document, file)
    : { spec: source.spec, diagnostics: [] };
  const diagnostics = [...loaded.diagnostics];
  if (!loaded.spec) return { diagnostics };
  const spec = loaded.spec;
  const rng = options.seed !== undefined ? new Rng(options.seed) : new Rng(spec.seed);
  const ex = expandSpec(spec, rng, file);
  diagnostics.push(...ex.diagnostics);
  if (!ex.graph) return { spec, diagnostics };
  if (target === undefined) return { spec, graph: ex.graph, diagnostics };
  let t: Target | undefined;
  if (typeof target === 'string') {
    const lt = loadTarget(target);
    diagnostics.push(...lt.diagnostics);
    t = lt.target;
  } else t = target;
  if (!t || hasErrors(diagnostics)) return { spec, graph: ex.graph, diagnostics };
  const low = lowerGraph(ex.graph, t, { file });
  diagnostics.push(...low.diagnostics);
  return { spec, graph: ex.graph, target: t, network: low.network, report: low.report, diagnostics };
}
