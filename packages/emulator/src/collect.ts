import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * A full garbage collection, now. Used once per load, by the streamed load only (issue 14 item 4):
 * when Machine has read the last core, the code generator's stream lets go of the lowered network
 * and its per-core synapse lists (~14 bytes per synapse), but V8 collects them only at a later full
 * collection, which on a large network comes after the delivery tables were allocated on top of
 * them. Collecting before Delivery is built lowers the load's peak by that much. V8 exposes gc()
 * only behind --expose-gc; the flag can be set at run time and the function taken from a new
 * context. Returns false (and does nothing) where that is not possible.
 */
let gc: (() => void) | null | undefined;

export function collectGarbage(): boolean {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gc = vm.runInNewContext('gc') as () => void;
    } catch {
      gc = null;
    }
  }
  if (gc) gc();
  return gc !== null;
}
