import { hasErrors, Rng, type Diagnostic } from '@snnc/common';
import { expandSpec } from './expand.js';
import type { NetworkSpec } from './generated/spec.js';
import type { Graph, LoweredNetwork } from './graph.js';
import { lowerGraph, type LoweringReport } from './lower.js';
import type { Target } from './target.js';
import { loadTarget } from './targets.js';
import { loadSpecFile } from './validate.js';

export interface CompileResult {
  spec?: NetworkSpec;
  graph?: Graph;
  target?: Target;
  network?: LoweredNetwork;
  report?: LoweringReport;
  /** everything said along the way, in order; stop at the first stage with errors */
  diagnostics: Diagnostic[];
}

/**
 * Convenience for tools and tests: spec file -> valid spec -> Graph -> (with a target)
 * LoweredNetwork. `target` is a target name (targets/<name>.json), a path, or a loaded Target.
 * Never throws for bad input; look at `diagnostics`.
 */
export function compileSpecFile(file: string, target?: string | Target, options: { seed?: number } = {}): CompileResult {
  const loaded = loadSpecFile(file);
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
