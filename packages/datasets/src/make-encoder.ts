/**
 * Encoders by name with validated options and documented defaults (see docs/datasets.md):
 *   rate:    steps 32, maxRate 0.5, seed 0, regular 0 (1: the noise-free code), graded 0 (1: values, for a graded input)
 *   latency: steps 32, threshold 0
 *   rows:    steps 28, width 28, threshold 127, graded 0 (1: intensities, for a graded input)
 */
import { diag, warning, type Diagnostic } from '@snnc/common';
import { DataCode } from './codes.js';
import type { EncoderName, EncoderOptions, SpikeEncoder } from './encoder.js';
import { latencyEncoder } from './latency-encoder.js';
import { OptionReader } from './options.js';
import { rateEncoder } from './rate-encoder.js';
import { rowsEncoder } from './rows-encoder.js';

export const ENCODER_NAMES: readonly EncoderName[] = ['latency', 'rate', 'rows'];

/** The rate encoder's two codes (`--rate-code`): Bernoulli draws, or the noise-free regular trains (rate-encoder.ts). */
export type RateCode = 'bernoulli' | 'regular';
export const RATE_CODES: readonly RateCode[] = ['bernoulli', 'regular'];

export const ENCODER_DEFAULTS = {
  rate: { steps: 32, maxRate: 0.5, seed: 0, regular: 0, graded: 0 },
  latency: { steps: 32, threshold: 0 },
  rows: { steps: 28, width: 28, threshold: 127, graded: 0 },
} as const;

/** The encoders that can write values for a graded input (`graded: 1`). */
export const GRADED_ENCODERS: readonly EncoderName[] = ['rate', 'rows'];

/**
 * §2.4 (docs/semantics.md): what an encoding must do to feed a graded input. The rows encoder then
 * writes intensities and the rate encoder the value maxRate x intensity at every step (`graded:
 * 1`); the latency encoder writes bits, which a graded input would read as values of 1 / 255, so
 * it is refused (SNNC4306). The diagnostic is unlocated: the caller says where the input is graded
 * (a spec's /input/graded).
 */
export function gradedInputOptions(encoding: string): { options?: EncoderOptions; diagnostic?: Diagnostic } {
  if ((GRADED_ENCODERS as readonly string[]).includes(encoding)) return { options: { graded: 1 } };
  return {
    diagnostic: diag(DataCode.GradedEncoder, `the network's input is graded (docs/semantics.md §2.4), and the ${encoding} encoding writes plain spikes`, {
      expected: `an encoding that writes values: ${GRADED_ENCODERS.join(' or ')}`,
      found: encoding,
      fix: 'the rate or rows encoding (train --encoding, verify --encoder), or drop graded from the spec',
    }),
  };
}

/**
 * §2.4: an encoder writes one kind of raster for every input column (values, or bits), so a dataset
 * can feed a network whose inputs are all graded or all plain. A plain input fed values would read
 * each nonzero one as a spike: from the graded rate code, a spike at every step of every lit pixel.
 * Refused (SNNC4306, as `snnc emulate --dataset` refuses an image mixing both kinds of ports).
 * Unlocated: the caller says where the plain input is (a spec's population).
 */
export function mixedGradedInputs(plain: string, graded: string): Diagnostic {
  return diag(DataCode.GradedEncoder, `input "${graded}" is graded and input "${plain}" is not (docs/semantics.md §2.4), and a dataset encoder writes one kind of raster for both`, {
    expected: 'every input graded, or none', found: `input "${plain}" without graded`,
    fix: `mark input "${plain}" graded too, or drop graded from input "${graded}"`,
  });
}

/** Longest raster we agree to build; far above any practical presentation time. */
const MAX_STEPS = 100_000;

export function makeEncoder(name: string, options: EncoderOptions = {}): { encoder?: SpikeEncoder; diagnostics: Diagnostic[] } {
  if (!(ENCODER_NAMES as readonly string[]).includes(name)) {
    return {
      diagnostics: [
        diag(DataCode.UnknownEncoder, `unknown spike encoder "${name}"`, { expected: `one of ${ENCODER_NAMES.join(', ')}`, found: JSON.stringify(name) }),
      ],
    };
  }
  const opts = new OptionReader(options as Record<string, unknown>, DataCode.BadEncoderOption, DataCode.IgnoredEncoderOption, `${name} encoder`);
  let encoder: SpikeEncoder;
  if (name === 'rate') {
    const d = ENCODER_DEFAULTS.rate;
    encoder = rateEncoder({
      steps: opts.number('steps', { min: 1, max: MAX_STEPS, integer: true, default: d.steps }),
      maxRate: opts.number('maxRate', { min: 0, max: 1, default: d.maxRate }),
      seed: opts.number('seed', { min: 0, max: 0xffffffff, integer: true, default: d.seed }),
      regular: opts.number('regular', { min: 0, max: 1, integer: true, default: d.regular }),
      graded: opts.number('graded', { min: 0, max: 1, integer: true, default: d.graded }),
    });
    // either code (regular: 1, or bernoulli as regular: 0) is ignored: a graded code draws nothing
    if (encoder.params.graded === 1 && options.regular !== undefined)
      opts.diagnostics.push(warning(DataCode.IgnoredEncoderOption, 'rate encoder ignores option "regular": graded values arrive at every step, so there are no spike times to space evenly or to draw', {
        pointer: '/regular', expected: 'no rate code with a graded input (docs/semantics.md §2.4)', found: String(options.regular),
      }));
  } else if (name === 'latency') {
    const d = ENCODER_DEFAULTS.latency;
    encoder = latencyEncoder({
      steps: opts.number('steps', { min: 1, max: MAX_STEPS, integer: true, default: d.steps }),
      threshold: opts.number('threshold', { min: 0, max: 255, default: d.threshold }),
    });
  } else {
    const d = ENCODER_DEFAULTS.rows;
    encoder = rowsEncoder({
      steps: opts.number('steps', { min: 1, max: MAX_STEPS, integer: true, default: d.steps }),
      width: opts.number('width', { min: 1, max: 1 << 20, integer: true, default: d.width }),
      threshold: opts.number('threshold', { min: 0, max: 255, default: d.threshold }),
      graded: opts.number('graded', { min: 0, max: 1, integer: true, default: d.graded }),
    });
  }
  const diagnostics = opts.finish();
  if (diagnostics.some((x) => x.severity === 'error')) return { diagnostics };
  return { encoder, diagnostics };
}
