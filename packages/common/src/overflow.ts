import { warning, type Diagnostic } from './diagnostics.js';

/**
 * Silent fixed-point overflow of a run, counted per neuron population by the reference simulator
 * and by the chip emulator alike (docs/semantics.md §1.2, §3.2, §3.3): how often the CUBA current
 * `u` wrapped at its width and how often the voltage `v` saturated. Both are the contract's
 * arithmetic (the chip does the same), but a network that hits them often computes something
 * other than its real-valued spec, so the CLI reports them as warnings (SNNC4320).
 */
export interface PopulationOverflow {
  population: string;
  /** updates whose u left the current width and wrapped (cuba only; 0 for srlif) */
  uWraps: number;
  /** updates whose v left the voltage width and was saturated */
  vSaturations: number;
}

export const OVERFLOW_WARNING = 'SNNC4320';

/** Per-population counters (by population index) -> the records of the neuron populations. */
export function overflowRecords(names: readonly string[], isNeuron: (p: number) => boolean, uWraps: ArrayLike<number>, vSaturations: ArrayLike<number>): PopulationOverflow[] {
  const out: PopulationOverflow[] = [];
  for (let p = 0; p < names.length; p++) {
    if (isNeuron(p)) out.push({ population: names[p], uWraps: uWraps[p], vSaturations: vSaturations[p] });
  }
  return out;
}

/**
 * One warning per population that overflowed; `who` names the simulator ("the emulator", ...);
 * `pointerOf` locates a population in `file` (e.g. its spec pointer) when the caller knows it.
 */
export function overflowWarnings(records: readonly PopulationOverflow[], who: string, file?: string, pointerOf?: (population: string) => string | undefined): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of records) {
    if (r.uWraps === 0 && r.vSaturations === 0) continue;
    out.push(
      warning(OVERFLOW_WARNING, `population "${r.population}" overflowed in ${who}: ${r.uWraps} wraps of the current u, ${r.vSaturations} saturations of the voltage v (docs/semantics.md §1.2)`, {
        ...(file !== undefined ? { file, pointer: pointerOf?.(r.population) ?? '' } : {}),
        expected: '0 wraps and 0 saturations',
        found: `${r.uWraps} wraps, ${r.vSaturations} saturations`,
        fix: 'lower the weights, the input rate or the current gain (alphaU closer to 0), or raise the threshold so that the lowering picks a smaller voltage scale',
      }),
    );
  }
  return out;
}
