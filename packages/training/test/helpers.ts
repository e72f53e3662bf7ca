import type { Dataset } from '@snnc/datasets';

/** The dataset with its sample reads recorded: the trainer reads sample i as images.subarray(i * F, ...). */
export function spied(ds: Dataset): { ds: Dataset; reads: number[] } {
  const reads: number[] = [];
  const F = ds.features;
  class Spy extends Uint8Array {
    override subarray(begin?: number, end?: number): Uint8Array<ArrayBuffer> {
      reads.push((begin ?? 0) / F);
      return super.subarray(begin, end);
    }
  }
  const images = new Spy(ds.images.length);
  images.set(ds.images);
  return { ds: { ...ds, images }, reads };
}
