/**
 * Freeing a large typed array's memory at once (issue 14 item 4, docs/benchmarks.md "Emulation
 * memory"). JavaScript frees an array's memory only when a garbage collection finds it dead, and
 * an array that has lived long (a network's synapse lists, a code generator's tables) waits for a
 * full collection: at 10M synapses such arrays were still held when the emulator built its
 * delivery tables, at the load's peak. Transferring the buffer to a clone that nobody holds
 * leaves the array detached (length 0) and its memory to the next minor collection.
 */

/**
 * Frees `a`'s memory now (detaching it: length 0 afterwards) when `a` is the whole of an
 * ordinary ArrayBuffer; anything else (views into a larger buffer, SharedArrayBuffers) is left as
 * is. Only for arrays the caller owns outright: every other view of the buffer is emptied too.
 */
export function freeNow(a: ArrayBufferView): void {
  const b = a.buffer;
  if (b instanceof ArrayBuffer && a.byteOffset === 0 && a.byteLength === b.byteLength && a.byteLength > 0) {
    structuredClone(b, { transfer: [b] });
  }
}
