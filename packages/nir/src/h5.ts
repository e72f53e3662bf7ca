/**
 * The one place that touches h5wasm. h5wasm is a maintained WebAssembly build of the reference
 * HDF5 C library, so it reads every HDF5 feature the exporters use (chunked, gzip-compressed
 * datasets, variable- and fixed-length strings) and it can write, which export needs; see
 * docs/nir.md. Its Node build reads and writes the real filesystem.
 */
import { diag, type Diagnostic } from '@snnc/common';
import type h5wasmModule from 'h5wasm/node';
import { NirCodes } from './codes.js';

export type H5 = typeof h5wasmModule;

let loading: Promise<H5> | null = null;

/**
 * Loads the WebAssembly module once per process, when a NIR file is first read or written: not
 * at import, since every snnc command imports this package and the module costs ~20 MB of
 * memory (part of `snnc bench emulator`'s peak, docs/benchmarks.md "Emulation memory").
 */
export async function h5(): Promise<H5> {
  // HDF5 prints its error stack to stderr by default; the throwing handler turns it into an
  // exception instead, which the reader reports as one located diagnostic.
  loading ??= quietStart(async () => {
    const { default: h5wasm } = await import('h5wasm/node');
    (await h5wasm.ready).activate_throwing_error_handler();
    return h5wasm;
  });
  try {
    return await loading;
  } catch (e) {
    loading = null;
    throw new Hdf5StartError(e);
  }
}

/**
 * The WebAssembly module could not start: in practice its memory could not be reserved (a
 * virtual-memory limit such as `ulimit -v`). emscripten then fails later with an unrelated
 * TypeError; this names the cause instead (SNNC6041).
 */
export class Hdf5StartError extends Error {
  constructor(cause: unknown) {
    super(`the HDF5 library (h5wasm's WebAssembly module) could not start: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/** SNNC6041 for a start failure of h5(); other errors are the caller's. */
export function hdf5StartDiagnostic(e: unknown, file: string): Diagnostic {
  return diag(NirCodes.hdf5Start, e instanceof Error ? e.message : String(e), {
    file, pointer: '', expected: 'the HDF5 WebAssembly module started (it reserves its memory at start)',
    fix: 'raise the process memory limit (ulimit -v) or run on a machine with more memory',
  });
}

/** emscripten prints "failed to asynchronously prepare wasm" itself before it rejects: drop it. */
async function quietStart<T>(f: () => Promise<T>): Promise<T> {
  const err = console.error, warn = console.warn;
  const said: string[] = [];
  console.error = console.warn = (...a: unknown[]) => void said.push(a.map(String).join(' '));
  try {
    return await f();
  } catch (e) {
    throw new Error(said.length ? `${said.join('; ')} (${e instanceof Error ? e.message : String(e)})` : e instanceof Error ? e.message : String(e));
  } finally {
    console.error = err;
    console.warn = warn;
  }
}

/**
 * Runs `f` with the HDF5 library's own stderr output dropped: emscripten prints
 * "Aborted(native code called abort())" before it throws, and "warning: Invalid UTF-8 ..." on
 * corrupt strings. The exception becomes a located diagnostic, and snnc's libraries never print
 * (diagnostics are data), so whatever reaches stderr inside is the library's noise.
 */
export function quietHdf5<T>(f: () => T): T {
  const write = process.stderr.write;
  process.stderr.write = (() => true) as typeof process.stderr.write;
  try {
    return f();
  } finally {
    process.stderr.write = write;
  }
}

/** A dataset's value as float64 data and shape, or a string / string list, or null if neither. */
export type H5Value = { kind: 'number'; shape: number[]; data: Float64Array } | { kind: 'string'; shape: number[]; strings: string[] };

export function readValue(value: unknown, shape: number[] | null): H5Value | null {
  const sh = shape ?? [];
  if (typeof value === 'string') return { kind: 'string', shape: sh, strings: [value] };
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { kind: 'string', shape: sh, strings: value as string[] };
  if (typeof value === 'number') return { kind: 'number', shape: sh, data: Float64Array.of(value) };
  if (typeof value === 'bigint') return { kind: 'number', shape: sh, data: Float64Array.of(Number(value)) };
  if (typeof value === 'boolean') return { kind: 'number', shape: sh, data: Float64Array.of(value ? 1 : 0) };
  if (value instanceof BigInt64Array || value instanceof BigUint64Array) {
    const out = new Float64Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = Number(value[i]);
    return { kind: 'number', shape: sh, data: out };
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return { kind: 'number', shape: sh, data: Float64Array.from(value as unknown as ArrayLike<number>) };
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean')) {
    return { kind: 'number', shape: sh, data: Float64Array.from(value.map((v) => Number(v))) };
  }
  return null;
}

/**
 * HDF5's error stack (which h5wasm raises as the exception message once the throwing handler is
 * active) reduced to its innermost, most specific line, e.g. "truncated file: eof = 9000, ...".
 */
export function hdf5Detail(message: string): string {
  const lines = message.split('\n').filter((l) => /line \d+ in /.test(l));
  const last = lines[lines.length - 1];
  if (!last) return message.split('\n')[0];
  const m = /in [\w.]+\(\): (.*)$/.exec(last.trim());
  return m ? m[1] : last.trim();
}
