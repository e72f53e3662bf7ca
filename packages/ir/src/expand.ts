import { diag, DiagnosticError, hasErrors, Rng, type Diagnostic } from '@snnc/common';
import { Codes } from './codes.js';
import { expandGraph } from './expand-graph.js';
import { expandSrsnn } from './expand-srsnn.js';
import type { NetworkSpec } from './generated/spec.js';
import type { Graph } from './graph.js';
import { learningScaleProblems } from './learning-scale.js';

/**
 * A valid spec -> its concrete Graph. Deterministic: the same spec and seed give identical
 * bytes (canonicalText/hashNetwork). `rng` defaults to new Rng(spec.seed); pass another one to
 * draw a different instance of the same architecture (Graph.seed records the seed used).
 * The spec must come from validateSpec/parseSpec (expansion trusts its shape).
 */
export function expandSpec(spec: NetworkSpec, rng: Rng = new Rng(spec.seed), file?: string): { graph?: Graph; diagnostics: Diagnostic[] } {
  try {
    const graph = spec.kind === 'srsnn' ? expandSrsnn(spec, rng) : expandGraph(spec, rng);
    // scales the matrices must be drawn at to know: a learning chain they lower to nothing
    const scale = spec.learning?.enabled === true ? learningScaleProblems(graph, spec.learning) : [];
    const located = scale.map((d) => ({ ...d, file }));
    return hasErrors(located) ? { diagnostics: located } : { graph, diagnostics: located };
  } catch (e) {
    // a refusal only the expansion can see (a readout decoder that cannot be solved), located in the spec
    if (e instanceof DiagnosticError) return { diagnostics: e.diagnostics.map((d) => ({ ...d, file })) };
    if (e instanceof RangeError) {
      // Typed-array allocation beyond what this process can hold.
      return {
        diagnostics: [
          diag(Codes.tooManySynapses, `the expanded network does not fit in memory (${e.message})`, {
            file,
            pointer: '',
            fix: 'lower densities or population sizes',
          }),
        ],
      };
    }
    throw e;
  }
}
