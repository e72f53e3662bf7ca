import type { Diagnostic } from '@snnc/common';
import type { LoweredNetwork, Target } from '@snnc/ir';
import { mapNetwork, type Placement, type PlacementConstraints, type Strategy } from '@snnc/mapper';

/**
 * The mapper's entry point (docs/mapper.md) for a strategy named by a user: the mapper itself
 * refuses an unknown name (SNNC3020), so the list of strategies is checked in one place.
 */
export function mapWith(net: LoweredNetwork, target: Target, strategy: string, seed?: number, constraints?: PlacementConstraints, onPhase?: (phase: string) => void): { placement?: Placement; diagnostics: Diagnostic[] } {
  return mapNetwork(net, target, { strategy: strategy as Strategy, ...(seed !== undefined ? { seed } : {}), ...(constraints ? { constraints } : {}), ...(onPhase ? { onPhase } : {}) });
}
