import type { Diagnostic } from '@snnc/common';
import type { LoweredNetwork, Target } from '@snnc/ir';

const TARGET_POINTER = /^\/(system|chip|core|formats|synapseEncoding|learning\/(supported|maxEpochSteps)|cost)(\/|$)/;
/**
 * Fields a lowered element keeps under its spec element's name (every spec projection, srsnn or
 * graph, has `delay`; a population's `size` is not one: an srsnn readout has none): a pointer into
 * one stays there, so the reference's SNNC2830 on a long delay names the delay field, not the
 * whole projection.
 */
const SAME_FIELD: Readonly<Partial<Record<string, RegExp>>> = { projections: /^\/delay$/ };

/**
 * The one pass that maps diagnostics back to what a user can open. The mapper and the code
 * generator point into the target (limits), the placement or the lowered network: name the target
 * file for target pointers, the placement file for placement diagnostics, and the spec element a
 * population or projection came from (its specPointer) for network pointers.
 */
export function locate(d: Diagnostic, specPath: string | undefined, target: string | Target, net: LoweredNetwork, placementFile?: string): Diagnostic {
  if (d.file !== undefined || d.pointer === undefined) return d;
  if (/^SNNC410[1-3]$/.test(d.code)) {
    // about the placement itself: point into the placement file when there is one
    const pop = /^\/populations\/(\d+)/.exec(d.pointer);
    return placementFile ? { ...d, file: placementFile, pointer: pop ? `/neuronCore/${pop[1]}` : d.pointer } : d;
  }
  if (TARGET_POINTER.test(d.pointer)) {
    const name = typeof target === 'string' ? target : target.name;
    return { ...d, file: name.includes('/') || name.endsWith('.json') ? name : `targets/${name}.json` };
  }
  // the sample length: the same field in the spec (both kinds) as in the lowered network
  if (d.pointer === '/timesteps') return specPath !== undefined ? { ...d, file: specPath } : d;
  const m = /^\/(populations|projections)\/(\d+)(\/.*)?$/.exec(d.pointer);
  const el = m ? (m[1] === 'populations' ? net.populations : net.projections)[Number(m[2])] : undefined;
  if (el?.specPointer === undefined) return d;
  const rest = m![3] ?? '';
  return { ...d, file: specPath, pointer: SAME_FIELD[m![1]]?.test(rest) ? `${el.specPointer}${rest}` : el.specPointer };
}
