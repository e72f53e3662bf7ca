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
import { LEAST_SPIKING_MAX_RATE, rateCanSpike, rateEncoder } from './rate-encoder.js';
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

/**
 * The parameters an encoder records (SpikeEncoder.params, which a checkpoint keeps) only when they
 * are set: `regular: 1` (the rate encoder's regular code) and `graded: 1`; absent is 0. Every other
 * parameter it takes (the keys of ENCODER_DEFAULTS) it records always: recordedEncoderParams.
 */
export const OPTIONAL_ENCODER_PARAMS: readonly string[] = ['regular', 'graded'];

/** The parameters every run of encoder `name` records (rate: steps, maxRate, seed; latency: steps, threshold; rows: steps, width, threshold). */
export function recordedEncoderParams(name: EncoderName): string[] {
  return Object.keys(ENCODER_DEFAULTS[name]).filter((k) => !OPTIONAL_ENCODER_PARAMS.includes(k));
}

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

/**
 * An encoder whose options leave it no spike for any image, as a refusal of the option (SNNC5021):
 * every raster would be empty, and a run would train, or be scored, on no input at all with exit 0.
 * No use of a dataset encoder wants that (silent input is `snnc verify --rate 0`, without one), so it
 * is an error, not a warning. The rate encoder below LEAST_SPIKING_MAX_RATE of its code (a graded
 * value round(maxRate x 255) of 0, a regular step round(maxRate x 2^16) of 0, a Bernoulli maxRate of
 * 0); latency, and rows writing bits, at a threshold of 255 or more (a pixel spikes above it).
 * Located at the option; the caller says where the option came from (a flag, a checkpoint field).
 */
function neverSpikes(name: EncoderName, p: Readonly<Record<string, number>>): Diagnostic | undefined {
  const empty = 'every raster would be empty, whatever the image';
  if (name === 'rate') {
    if (rateCanSpike({ maxRate: p.maxRate, regular: p.regular, graded: p.graded })) return undefined;
    const code = p.graded === 1 ? 'graded' : p.regular === 1 ? 'regular' : 'bernoulli';
    const least = LEAST_SPIKING_MAX_RATE[code];
    const why = {
      graded: `its graded value round(maxRate x 255) is 0 even for a full-intensity pixel (docs/semantics.md §2.4)`,
      regular: `its regular code's step round(maxRate x 2^16) is 0`,
      bernoulli: 'a pixel spikes with probability maxRate x intensity / 255',
    }[code];
    return diag(DataCode.BadEncoderOption, `the rate encoder never spikes at maxRate ${p.maxRate}: ${why}, so ${empty}`, {
      pointer: '/maxRate',
      expected: code === 'bernoulli' ? 'maxRate above 0' : `maxRate >= ${least} (${code === 'graded' ? '1/510' : '2^-17'}), the least at which a full-intensity pixel spikes`,
      found: String(p.maxRate),
      fix: code === 'bernoulli' ? 'a maxRate above 0 (--max-rate in train and verify; the default is 1)' : `maxRate ${least} or more (--max-rate ${least} in train and verify; the default is 1)`,
    });
  }
  if ((name === 'latency' || p.graded !== 1) && p.threshold >= 255)
    return diag(DataCode.BadEncoderOption, `the ${name} encoder never spikes at threshold ${p.threshold}: a pixel spikes only when its intensity (at most 255) is above it, so ${empty}`, {
      pointer: '/threshold', expected: 'a threshold below 255', found: String(p.threshold),
      fix: `a threshold of 254 or less (the default is ${ENCODER_DEFAULTS[name].threshold})`,
    });
  return undefined;
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
  const silent = neverSpikes(encoder.name, encoder.params);
  if (silent) return { diagnostics: [...diagnostics, silent] };
  return { encoder, diagnostics };
}
