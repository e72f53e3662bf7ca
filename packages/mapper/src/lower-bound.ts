import { hasErrors, type Diagnostic } from '@snnc/common';
import type { LoweredNetwork, Target } from '@snnc/ir';
import { certifiedBounds, type BoundLimit, type BoundOptions, type LimitBound } from './certified.js';
import { buildView } from './view.js';

export interface CoreLowerBound {
  /** no placement of this network on this target uses fewer cores (any neuron order, any format choice) */
  cores: number;
  /** the per-core limit that sets the bound */
  by: BoundLimit;
  /** "<limit>/<method>": the limit and the argument that set the bound (docs/mapper.md §3) */
  boundKind: string;
  /** every limit's certified bound and its argument */
  byLimit: Record<BoundLimit, LimitBound>;
  /** ceil(cores / cores per chip) */
  chips: number;
  /** whether the bound leaves room on the target's system */
  fits: boolean;
}

/**
 * The mapper's certified lower bound on cores (docs/mapper.md §3, certified.ts): per limit, an
 * argument no placement escapes, and their maximum. `snnc map` refuses a network above it before
 * trying; `snnc inspect` reports it.
 */
export function coreLowerBound(network: LoweredNetwork, target: Target, opts: BoundOptions = {}): { bound?: CoreLowerBound; diagnostics: Diagnostic[] } {
  const built = buildView(network, target);
  if (!built.view || hasErrors(built.diagnostics)) return { diagnostics: built.diagnostics };
  const b = certifiedBounds(built.view, opts);
  const chips = Math.ceil(b.lowerBound / target.chip.cores);
  const available = Math.min(target.system.maxChips, target.system.chipsX * target.system.chipsY);
  const by = b.boundKind.split('/')[0] as BoundLimit;
  return { bound: { cores: b.lowerBound, by, boundKind: b.boundKind, byLimit: b.byLimit, chips, fits: chips <= available }, diagnostics: built.diagnostics };
}
