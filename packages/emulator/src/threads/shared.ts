/**
 * Moving state into SharedArrayBuffers (docs/emulator.md, "Threads"). The machine's typed arrays
 * (tables and state) are copied once into shared memory and the machine object points at the
 * copies, so every thread reads the same tables and writes its own part of the same state. A
 * worker rebuilds a Machine around the very same arrays (machineView), without decoding the image.
 */
import { Machine } from '../machine.js';

type Typed = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

/** `a` itself when it is already shared, else a copy on a SharedArrayBuffer. */
export function toShared<T extends Typed>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const C = a.constructor as new (b: SharedArrayBuffer) => T;
  const out = new C(new SharedArrayBuffer(a.byteLength));
  out.set(a as never);
  return out;
}

/** A zeroed shared array of `n` elements. */
export function sharedArray<T extends Typed>(C: new (b: SharedArrayBuffer) => T, n: number): T {
  return new C(new SharedArrayBuffer(n * (C as unknown as { BYTES_PER_ELEMENT: number }).BYTES_PER_ELEMENT));
}

/** The fields a worker's Machine is made of: typed arrays (shared) and scalars. */
export type MachineFields = Record<string, unknown>;

/**
 * Replaces every typed array of `m` by a shared copy (in place: the machine keeps working on this
 * thread) and returns its transferable fields. The image and other objects stay on this thread.
 */
export function shareMachine(m: Machine): MachineFields {
  const out: MachineFields = {};
  const rec = m as unknown as Record<string, unknown>;
  for (const key of Object.keys(rec)) {
    const v = rec[key];
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const s = toShared(v as Typed);
      rec[key] = s;
      out[key] = s;
    } else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') out[key] = v;
  }
  return out;
}

/**
 * A Machine over fields from shareMachine (a worker's view of the same memory), built by Machine's
 * constructor so that its properties stay fast (an object given ~90 properties by Object.assign is
 * a dictionary: every `m.x` read of the step loop became a lookup, machine.ts).
 */
export function machineView(fields: MachineFields): Machine {
  return new Machine(undefined as never, false, false, undefined, fields);
}
