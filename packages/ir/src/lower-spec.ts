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
export interface LowerSpecOptions {
  /** expansion seed (default: the spec's seed) */
  seed?: number;
  /**
   * Checks of a later stage on the validated spec and the lowering target, run before expansion:
   * errors stop there. The driver gives the mapper's fan-in estimate (a network whose neurons cannot
   * fit a core is refused in a second, not after minutes of expanding); the IR knows no core limit.
   */
  beforeExpand?: (spec: NetworkSpec, target: Target | undefined) => Diagnostic[];
}

export function lowerSpec(source: SpecSource, target?: string | Target, options: LowerSpecOptions = {}): LowerSpecResult {
  const file = specSourceName(source);
  const loaded =
    typeof source === 'string' ? loadSpecFile(source)
    : 'text' in source ? parseSpec(source.text, file)
    : 'document' in source ? validateSpec(source.document, file)
    : { spec: source.spec, diagnostics: [] };
  const diagnostics = [...loaded.diagnostics];
  if (!loaded.spec) return { diagnostics };
  const spec = loaded.spec;
  // the target first (small), for the checks before expansion
  let t: Target | undefined;
  const targetDiagnostics: Diagnostic[] = [];
  if (typeof target === 'string') {
    const lt = loadTarget(target);
    targetDiagnostics.push(...lt.diagnostics);
    t = lt.target;
  } else t = target;
  const early = options.beforeExpand?.(spec, t) ?? [];
  if (hasErrors(early)) return { spec, diagnostics: [...diagnostics, ...early] };
  diagnostics.push(...early);
  const rng = options.seed !== undefined ? new Rng(options.seed) : new Rng(spec.seed);
  const ex = expandSpec(spec, rng, file);
  diagnostics.push(...ex.diagnostics);
  if (!ex.graph) return { spec, diagnostics };
  if (target === undefined) return { spec, graph: ex.graph, diagnostics };
  diagnostics.push(...targetDiagnostics);
  if (!t || hasErrors(diagnostics)) return { spec, graph: ex.graph, diagnostics };
  const low = lowerGraph(ex.graph, t, { file });
  diagnostics.push(...low.diagnostics);
  return { spec, graph: ex.graph, target: t, network: low.network, report: low.report, diagnostics };
}
