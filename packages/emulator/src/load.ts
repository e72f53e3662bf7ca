/** Entry points: bytes or an in-memory image -> a validated, ready emulator, or diagnostics. */
import { DiagnosticError, hasErrors, type Diagnostic } from '@snnc/common';
import { decodeImage, validateImage, type ChipImage, type DecodeOptions } from '@snnc/image';
import { Emulator } from './emulator.js';

export interface LoadResult {
  emulator?: Emulator;
  diagnostics: Diagnostic[];
}

/**
 * Decodes and checks a chip image file (header, checksums, structure) and builds its emulator
 * (on `threads` threads from the start, as createEmulator).
 */
export function loadImage(bytes: Uint8Array, opts: Pick<DecodeOptions, 'expectTarget' | 'file'> & { threads?: number } = {}): LoadResult {
  const { image, header, diagnostics } = decodeImage(bytes, opts);
  if (!image || hasErrors(diagnostics)) return { diagnostics };
  const made = construct(image, { threads: opts.threads }, diagnostics);
  if (made.emulator) made.emulator.imageCrc = header!.payloadCrc;
  return made;
}

/**
 * Builds an emulator from an in-memory image (e.g. straight from the code generator).
 * `releaseSynapses`: the caller gives the image up; its synapse memory is emptied once loaded
 * (Emulator constructor), which lowers the load-time peak memory; snapshots are then refused.
 * `threads`: runs on that many threads from the start, without the memory of starting them later
 * (Emulator constructor); a refused count (SNNC4221, SNNC4222) comes back as diagnostics.
 */
export function createEmulator(image: ChipImage, opts: { releaseSynapses?: boolean; threads?: number } = {}): LoadResult {
  const diagnostics = validateImage(image);
  if (hasErrors(diagnostics)) return { diagnostics };
  return construct(image, opts, diagnostics);
}

/** The emulator, or the diagnostics of a refused thread count (the constructor throws them). */
function construct(image: ChipImage, opts: { releaseSynapses?: boolean; threads?: number }, diagnostics: Diagnostic[]): LoadResult {
  try {
    return { emulator: new Emulator(image, opts), diagnostics };
  } catch (e) {
    if (e instanceof DiagnosticError) return { diagnostics: [...diagnostics, ...e.diagnostics] };
    throw e;
  }
}
