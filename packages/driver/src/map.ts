import { diag, type Diagnostic } from '@snnc/common';
import type { LoweredNetwork, Target } from '@snnc/ir';
import { mapNetwork, STRATEGIES, type Placement, type PlacementConstraints, type Strategy } from '@snnc/mapper';

/** The mapper's entry point (docs/mapper.md); an unknown strategy is a diagnostic. */
export function mapWith(net: LoweredNetwork, target: Target, strategy: string, seed?: number, constraints?: PlacementConstraints): { placement?: Placement; diagnostics: Diagnostic[] } {
  if (!(STRATEGIES as readonly string[]).includes(strategy)) {
    return { diagnostics: [diag('SNNC4306', `unknown mapping strategy '${strategy}'`, { expected: STRATEGIES.join(' | '), found: strategy })] };
  }
  return mapNetwork(net, target, { strategy: strategy as Strategy, ...(seed !== undefined ? { seed } : {}), ...(constraints ? { constraints } : {}) });
}
