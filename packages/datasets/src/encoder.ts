/**
 * The spike-encoder contract. An encoder turns one sample's intensities (0..255) into a raster
 * of T steps x N inputs, row-major (row t = step t, value 1 = spike). `encode` is the hot path:
 * it writes every element of a caller-owned buffer and allocates nothing per step; `raster` is
 * the allocating convenience. A sample's raster depends only on (encoder options, image,
 * sampleKey), never on which samples were encoded before it.
 */
import { diag, DiagnosticError, type Diagnostic } from '@snnc/common';
import { DataCode } from './codes.js';

export type EncoderName = 'rate' | 'latency' | 'rows';

export interface EncoderOptions {
  /** Time steps T (rows: at least the image height; steps past it are silent). */
  steps?: number;
  /** rate: spike probability per step of a full-intensity (255) pixel. */
  maxRate?: number;
  /** latency, rows: a pixel spikes only if its intensity is strictly above this. */
  threshold?: number;
  /** rate: seed of the Bernoulli streams. */
  seed?: number;
  /** rate: 1 for the regular (noise-free) code of rate-encoder.ts, 0 (default) for Bernoulli. */
  regular?: number;
  /** rows: the image width, i.e. inputs per step. */
  width?: number;
  /** rows: 1 to write intensities for a graded input (docs/semantics.md §2.4), 0 (default) thresholded bits. */
  graded?: number;
}

export interface SpikeEncoder {
  readonly name: EncoderName;
  /** T, the number of rows of the raster. */
  readonly steps: number;
  /**
   * The resolved parameters (defaults filled in) of the encoder as built, for reports and
   * checkpoints: an option it says it ignores (SNNC5022: one it does not take, or the rate code's
   * `regular` beside `graded`) is not among them, so a report of the encoder used reads these, not
   * the options it was given. `seed` of the regular and graded rate codes, and the rows threshold of
   * graded values, are kept though unused: every run of the encoder records them.
   */
  readonly params: Readonly<Record<string, number>>;
  /** N, the inputs per step, for a sample of `features` values. */
  channels(features: number): number;
  /**
   * Write the T x N raster of `image` into `out` (length T * N, fully overwritten).
   * Throws DiagnosticError (SNNC5023) if the lengths do not fit: the only check on the hot path.
   */
  encode(image: Uint8Array, sampleKey: number, out: Uint8Array): void;
  /** A freshly allocated raster. */
  raster(image: Uint8Array, sampleKey: number): Uint8Array;
}

/** Length problems of an encode call, as diagnostics (empty when the call is valid). */
export function checkEncodeShapes(encoder: SpikeEncoder, features: number, outLength: number): Diagnostic[] {
  const n = encoder.channels(features);
  if (!(n > 0)) {
    return [
      diag(DataCode.EncoderShapeMismatch, `the ${encoder.name} encoder cannot encode a sample of ${features} values`, {
        expected: encoder.name === 'rows' ? `a multiple of the width ${encoder.params.width ?? 0}, at most ${encoder.steps * (encoder.params.width ?? 0)} values (steps x width)` : 'at least one value',
        found: `${features} values`,
      }),
    ];
  }
  if (outLength !== encoder.steps * n) {
    return [
      diag(DataCode.EncoderShapeMismatch, `the ${encoder.name} encoder's output buffer has the wrong length`, {
        expected: `${encoder.steps * n} bytes (${encoder.steps} steps x ${n} inputs)`,
        found: `${outLength} bytes`,
      }),
    ];
  }
  return [];
}

/** The non-throwing entry point: validates, then encodes into a new raster. */
export function encodeSample(encoder: SpikeEncoder, image: Uint8Array, sampleKey: number): { raster?: Uint8Array; diagnostics: Diagnostic[] } {
  const n = encoder.channels(image.length);
  const diagnostics = checkEncodeShapes(encoder, image.length, encoder.steps * Math.max(0, n));
  if (diagnostics.length > 0) return { diagnostics };
  const raster = new Uint8Array(encoder.steps * n);
  encoder.encode(image, sampleKey, raster);
  return { raster, diagnostics };
}

/** Shared implementation of the throwing shape check inside `encode`. */
export function assertShapes(encoder: SpikeEncoder, features: number, outLength: number): void {
  const problems = checkEncodeShapes(encoder, features, outLength);
  if (problems.length > 0) throw new DiagnosticError(problems);
}
