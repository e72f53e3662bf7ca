import { hasErrors, type Diagnostic } from '@snnc/common';
import type { LoweredNetwork, Target } from '@snnc/ir';
import type { LimitName } from './limits.js';
import { distinctTargets, lowerBounds } from './limits.js';
import { buildView } from './view.js';

export interface CoreLowerBound {
  /** no placement of this network on this target uses fewer cores (any neuron order, any format choice) */
  cores: number;
  /** the per-core limit that sets the bound */
  by: LimitName;
  /** ceil(cores / cores per chip) */
  chips: number;
  /** whether the bound leaves room on the target's system */
  fits: boolean;
}

/**
 * The mapper's true lower bound on cores (docs/mapper.md §3): per limit, the demand no placement
 * can avoid (the cheapest synapse format per block, order-free) over a core's capacity. `snnc map`
 * refuses a network above it before trying; `snnc inspect` reports it.
 */
export function coreLowerBound(network: LoweredNetwork, target: Target): { bound?: CoreLowerBound; diagnostics: Diagnostic[] } {
  const built = buildView(network, target);
  if (!built.view || hasErrors(built.diagnostics)) return { diagnostics: built.diagnostics };
  const b = lowerBounds(built.view, distinctTargets(built.view));
  const chips = Math.ceil(b.strictCores / target.chip.cores);
  const available = Math.min(target.system.maxChips, target.system.chipsX * target.system.chipsY);
  return { bound: { cores: b.strictCores, by: b.strictBy, chips, fits: chips <= available }, diagnostics: built.diagnostics };
}
