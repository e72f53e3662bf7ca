/** Entry points: bytes or an in-memory image -> a validated, ready emulator, or diagnostics. */
import { hasErrors, type Diagnostic } from '@snnc/common';
import { decodeImage, validateImage, type ChipImage, type DecodeOptions } from '@snnc/image';
import { Emulator } from './emulator.js';

export interface LoadResult {
  emulator?: Emulator;
  diagnostics: Diagnostic[];
}

/** Decodes and checks a chip image file (header, checksums, structure) and builds its emulator. */
export function loadImage(bytes: Uint8Array, opts: Pick<DecodeOptions, 'expectTarget' | 'file'> = {}): LoadResult {
  const { image, header, diagnostics } = decodeImage(bytes, opts);
  if (!image || hasErrors(diagnostics)) return { diagnostics };
  const emulator = new Emulator(image);
  emulator.imageCrc = header!.payloadCrc;
  return { emulator, diagnostics };
}

/**
 * Builds an emulator from an in-memory image (e.g. straight from the code generator).
 * `releaseSynapses`: the caller gives the image up; its synapse memory is emptied once loaded
 * (Emulator constructor), which lowers the load-time peak memory; snapshots are then refused.
 */
export function createEmulator(image: ChipImage, opts: { releaseSynapses?: boolean } = {}): LoadResult {
  const diagnostics = validateImage(image);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { emulator: new Emulator(image, opts), diagnostics };
}
