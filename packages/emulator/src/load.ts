/** Entry points: bytes or an in-memory image -> a validated, ready emulator, or diagnostics. */
import { DiagnosticError, hasErrors, type Diagnostic } from '@snnc/common';
import { decodeImage, validateImage, validateStreamed, type ChipImage, type DecodeOptions, type SynapseStream } from '@snnc/image';
import { BUDGET_CODE } from './budget.js';
import { Emulator, type EmulatorOptions } from './emulator.js';

export interface LoadResult {
  emulator?: Emulator;
  diagnostics: Diagnostic[];
}

/**
 * Decodes and checks a chip image file (header, checksums, structure) and builds its emulator
 * (on `threads` threads from the start, as createEmulator).
 */
export function loadImage(bytes: Uint8Array, opts: Pick<DecodeOptions, 'expectTarget' | 'file'> & Pick<EmulatorOptions, 'threads' | 'memoryLimitBytes'> = {}): LoadResult {
  const { image, header, diagnostics } = decodeImage(bytes, opts);
  if (!image || hasErrors(diagnostics)) return { diagnostics };
  const made = construct(image, { threads: opts.threads, memoryLimitBytes: opts.memoryLimitBytes }, diagnostics);
  if (made.emulator) made.emulator.imageCrc = header!.payloadCrc;
  // a refusal of the image's sizes (SNNC4223) is located in the file, as decoding's are
  return { ...made, diagnostics: made.diagnostics.map((d) => (d.code === BUDGET_CODE && d.file === undefined ? { ...d, file: opts.file } : d)) };
}

/**
 * Builds an emulator from an in-memory image (e.g. straight from the code generator).
 * `releaseSynapses`: the caller gives the image up; its synapse memory is emptied once loaded
 * (Emulator constructor), which lowers the load-time peak memory; snapshots are then refused.
 * `threads`: runs on that many threads from the start, without the memory of starting them later
 * (Emulator constructor); a refused count (SNNC4221, SNNC4222) comes back as diagnostics.
 */
export function createEmulator(image: ChipImage, opts: EmulatorOptions = {}): LoadResult {
  if (opts.synapses) return createStreamed(image, opts.synapses, opts);
  const diagnostics = validateImage(image);
  if (hasErrors(diagnostics)) return { diagnostics };
  return construct(image, opts, diagnostics);
}

/**
 * `synapses`: an image without synapse memory and the stream that holds it (compileNetwork with
 * `stream`, docs/emulator.md "Streamed load"). Each core's memory is validated as Machine takes it
 * (validateStreamed: the same checks as validateImage, plus the stream's counts, which size
 * Machine's tables); a refused core stops the load with its diagnostics.
 */
function createStreamed(image: ChipImage, stream: SynapseStream, opts: EmulatorOptions): LoadResult {
  const v = validateStreamed(image, stream);
  if (v.stopped || hasErrors(v.out)) return { diagnostics: v.out };
  const last = image.cores.length - 1;
  const checked: SynapseStream = {
    blocks: stream.blocks, entries: stream.entries, plastic: stream.plastic,
    core(c) {
      const sm = stream.core(c);
      if (!v.core(c, sm) || (c === last && hasErrors(v.finish()))) throw new DiagnosticError(v.out);
      return sm;
    },
  };
  if (last < 0 && hasErrors(v.finish())) return { diagnostics: v.out };
  return construct(image, { ...opts, synapses: checked }, v.out);
}

/** The emulator, or the diagnostics of a refused thread count or streamed core (the constructor throws them). */
function construct(image: ChipImage, opts: EmulatorOptions, diagnostics: Diagnostic[]): LoadResult {
  try {
    return { emulator: new Emulator(image, opts), diagnostics };
  } catch (e) {
    if (e instanceof DiagnosticError) return { diagnostics: e.diagnostics === diagnostics ? diagnostics : [...diagnostics, ...e.diagnostics] };
    throw e;
  }
}
