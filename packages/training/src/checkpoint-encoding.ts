import { diag, pointerJoin, type Diagnostic } from '@snnc/common';
import { DataCode, ENCODER_DEFAULTS, ENCODER_NAMES, makeEncoder, recordedEncoderParams, sparseEncoding, TRAIN_DEFAULTS, type Dataset, type EncoderName, type SpikeEncoder } from '@snnc/datasets';
import { inputSize, type LoweredNetwork } from '@snnc/ir';
import { CheckpointCode } from './checkpoint-codes.js';
import type { Checkpoint, CheckpointRun } from './checkpoint.js';
import type { LoadedCheckpoint } from './checkpoint-load.js';

/**
 * A run's encoding in its checkpoint (`run.encoding`: the encoder's name and parameters), as
 * evaluating or resuming the run needs it: the encoder training built, with every parameter it had.
 * An absent parameter must never fall to the encoder's own default (makeEncoder's maxRate is 0.5,
 * training's 1): that scored another presentation of the test part than training's, with exit 0.
 *
 * Format 2.1 (CHECKPOINT_MINOR 1): the run records every parameter its encoder records (datasets'
 * recordedEncoderParams: rate steps, maxRate, seed; latency steps, threshold; rows steps, width,
 * threshold; `regular` and `graded` only when 1, absent is 0). One missing is refused at its field
 * (SNNC5107), naming it and the value `snnc train` gives it.
 *
 * Format 2.0 (every checkpoint before 2.1, from 4dc7cf1): a missing parameter is upgraded to the
 * value training gave it at that version (none is given on the command line but --max-rate, which
 * the run then recorded), with a note (SNNC5109). Every 2.0 checkpoint `snnc train` wrote holds
 * them all, so this changes only an edited or hand-made one:
 *   steps      the network's timesteps (session.ts since 08d1239: `steps: net.timesteps`; rows: the
 *              image height from c95dee6, a run refused unless it equalled the timesteps; 9a1353c
 *              the timesteps)
 *   maxRate    1 (TRAIN_DEFAULTS.maxRate, unchanged from 08d1239 through 2.0)
 *   seed       the run seed (session.ts since 08d1239: `encOpts.seed ??= seed`)
 *   width      the network's input size (session.ts since 08d1239: the image's width, and a run whose
 *              rows did not give the input size was refused, SNNC5111)
 *   threshold  latency 0, rows 127 (datasets' ENCODER_DEFAULTS since e084b75; training never sets it)
 *
 * In either format, parameters the named encoder does not take, while it lacks its own, say that the
 * name is what changed (a rate run's steps, maxRate, seed under "rows"): refused at /run/encoding/name.
 */

/** Code of the note "a 2.0 checkpoint's missing encoder parameters were filled with training's values". */
export const CHECKPOINT_UPGRADED_CODE = 'SNNC5109';

type Encoding = CheckpointRun['encoding'];

/** The parameters encoder `name` takes (the keys of its defaults). */
const taken = (name: EncoderName): string[] => Object.keys(ENCODER_DEFAULTS[name]);

/** What each recorded parameter is, for a diagnostic. */
const MEANING: Readonly<Record<string, string>> = {
  steps: 'time steps per sample',
  maxRate: 'spike probability per step of a full-intensity pixel',
  seed: 'seed of its Bernoulli draws',
  width: 'inputs per step (the image width)',
  threshold: 'intensity a pixel must exceed to spike',
};

/** Format 2.0: what training gave a parameter (the header's table; literals, as they are history). */
function trainedIn20(name: EncoderName, key: string, run: CheckpointRun, net: LoweredNetwork): number | undefined {
  switch (key) {
    case 'steps':
      return net.timesteps; // 08d1239, c95dee6, 9a1353c
    case 'maxRate':
      return 1; // 08d1239 TRAIN_DEFAULTS.maxRate
    case 'seed':
      return run.seed; // 08d1239
    case 'width':
      return inputSize(net); // 08d1239, refused otherwise
    case 'threshold':
      return name === 'rows' ? 127 : 0; // e084b75 ENCODER_DEFAULTS
  }
  return undefined;
}

/** What `snnc train` gives a parameter now, for the fix of a 2.1 checkpoint that lacks it. */
function trainingGives(name: EncoderName, key: string, run: CheckpointRun, net: LoweredNetwork): string {
  switch (key) {
    case 'steps':
      return `${net.timesteps} (the network's timesteps)`;
    case 'maxRate':
      return `${TRAIN_DEFAULTS.maxRate} (snnc train's; the run's --max-rate if it was given one)`;
    case 'seed':
      return `${run.seed} (the run seed)`;
    case 'width':
      return `${inputSize(net)} (the network's input size)`;
    case 'threshold':
      return `${(ENCODER_DEFAULTS[name] as { threshold: number }).threshold} (the encoder's default, which snnc train keeps)`;
  }
  return 'the value the run trained with';
}

/**
 * The run's encoding, complete (format 2.0 upgraded, 2.1 checked; see the header), or why not,
 * located in the checkpoint `file`. `net` is the checkpoint's untrained network (checkpointBaseNetwork).
 */
export function runEncoding(ck: Checkpoint, net: LoweredNetwork, file?: string): { encoding?: Encoding; diagnostics: Diagnostic[] } {
  const run = ck.header.run;
  const { name, params } = run.encoding;
  if (!(ENCODER_NAMES as readonly string[]).includes(name))
    return { diagnostics: makeEncoder(name).diagnostics.map((d) => ({ ...inRunEncoding(d, file), fix: 'use the checkpoint `snnc train` wrote' })) };
  const encoder = name as EncoderName;
  const present = Object.keys(params);
  const missing = recordedEncoderParams(encoder).filter((k) => params[k] === undefined);
  if (missing.length === 0) return { encoding: run.encoding, diagnostics: [] };
  const foreign = present.filter((k) => !taken(encoder).includes(k));
  if (foreign.length > 0) {
    // the encoders whose parameters these are: the name the run was recorded under
    const fits = ENCODER_NAMES.filter((n) => present.every((k) => taken(n).includes(k)) && recordedEncoderParams(n).every((k) => present.includes(k)));
    return {
      diagnostics: [
        diag(CheckpointCode.header, `the checkpoint's encoding "${name}" does not take its recorded parameters ${foreign.join(', ')} and lacks its own ${missing.join(', ')}: the name and the parameters are of different encoders`, {
          file,
          pointer: '/run/encoding/name',
          expected: fits.length ? `the encoder these parameters are recorded for: ${fits.map((n) => JSON.stringify(n)).join(' or ')}` : `the encoder whose parameters the run records (${present.join(', ')})`,
          found: JSON.stringify(name),
          fix: fits.length ? `"name": ${JSON.stringify(fits[0])}, or use the checkpoint \`snnc train\` wrote` : 'use the checkpoint `snnc train` wrote',
        }),
      ],
    };
  }
  if (ck.minor === 0) {
    const filled: Record<string, number> = {};
    for (const k of missing) {
      const v = trainedIn20(encoder, k, run, net);
      if (v !== undefined) filled[k] = v;
    }
    if (Object.keys(filled).length === missing.length) {
      const note: Diagnostic = {
        code: CHECKPOINT_UPGRADED_CODE,
        severity: 'note',
        message: `checkpoint format 2.0 upgraded: its ${name} encoding lacked ${missing.join(', ')}, given the value${missing.length > 1 ? 's' : ''} training used then: ${missing.map((k) => `${k} ${filled[k]}`).join(', ')}`,
        file,
        pointer: '/run/encoding/params',
      };
      return { encoding: { name, params: { ...params, ...filled } }, diagnostics: [note] };
    }
  }
  return {
    diagnostics: missing.map((k) =>
      diag(CheckpointCode.header, `the checkpoint's ${name} encoding lacks its parameter "${k}", which every checkpoint of format 2.${ck.minor} records`, {
        file,
        pointer: pointerJoin('/run/encoding/params', k),
        expected: `"${k}": a number, the ${name} encoder's ${MEANING[k] ?? 'parameter'}`,
        found: 'nothing',
        fix: `"${k}": ${trainingGives(encoder, k, run, net)}, or use the checkpoint \`snnc train\` wrote`,
      }),
    ),
  };
}

/**
 * A diagnostic of the encoder about a checkpoint's recorded encoding, located at the checkpoint's
 * field: an unknown name at /run/encoding/name, an option's at /run/encoding/params/<option>. One
 * place for `snnc evaluate` (checkpointEncoder) and a resumed training run (session.ts), so that
 * both say the same of one checkpoint. A diagnostic that names its file is left as it is.
 */
export function inRunEncoding(d: Diagnostic, file: string | undefined): Diagnostic {
  if (d.file !== undefined) return d;
  if (d.code === DataCode.UnknownEncoder) return { ...d, file, pointer: '/run/encoding/name' };
  return { ...d, file, pointer: `/run/encoding/params${d.pointer ?? ''}` };
}

/**
 * The encoder of a checkpoint's run (loadCheckpoint: its encoding complete), built as training built
 * it, to present `dataset` to the checkpoint's network: refusals and warnings of the encoder (e.g.
 * SNNC5022, an option it ignores; SNNC5024, a code that practically never spikes, datasets' sparse-encoding.ts)
 * located in the checkpoint as `snnc train --resume` locates them,
 * and an encoding that does not fit the network's input refused (SNNC5111, encodingMisfit) at the
 * field that is wrong. `datasetOption`: the flag that named the dataset (evaluate's --dataset), when
 * it is not the checkpoint's /run/dataset.
 */
export function checkpointEncoder(
  ck: LoadedCheckpoint,
  dataset: Dataset,
  o: { datasetName: string; file?: string; datasetOption?: string },
): { encoder?: SpikeEncoder; diagnostics: Diagnostic[] } {
  const e = makeEncoder(ck.header.run.encoding.name, ck.header.run.encoding.params);
  const diagnostics = e.diagnostics.map((d) => inRunEncoding(d, o.file));
  if (!e.encoder) return { diagnostics };
  const misfit = encodingMisfit(ck.base, ck.header.run, e.encoder, dataset, o);
  if (misfit) return { diagnostics: [...diagnostics, misfit] };
  const sparse = sparseEncoding(e.encoder, dataset.features);
  return { encoder: e.encoder, diagnostics: sparse ? [...diagnostics, inRunEncoding(sparse, o.file)] : diagnostics };
}

/**
 * SNNC5111 when the encoder of a checkpoint's `run` does not present the dataset as the run's
 * network `net` (its untrained network: the base, or the spec a resumed run recompiled) takes it
 * (T steps of N inputs), located at what is wrong (a run's encoding always fitted: training refused
 * it otherwise): the recorded steps, when they are not the timesteps; the encoder's name, when the
 * other way of presenting the dataset fits (rows: one image row per step, N the image width; rate
 * and latency: every pixel at once, N the pixels) and its own does not; the rows encoder's width,
 * when rows fit with the image's; else the dataset (the checkpoint's /run/dataset, or the option
 * that named another). One place for `snnc evaluate` (checkpointEncoder) and a resumed training run
 * (session.ts), which said the spec's /timesteps of a checkpoint's field.
 */
export function encodingMisfit(
  net: LoweredNetwork,
  run: Pick<CheckpointRun, 'dataset'>,
  encoder: SpikeEncoder,
  dataset: Dataset,
  o: { datasetName: string; file?: string; datasetOption?: string },
): Diagnostic | undefined {
  const T = net.timesteps;
  const inputs = inputSize(net);
  const n = encoder.channels(dataset.features);
  if (n === inputs && encoder.steps === T) return undefined;
  const name = encoder.name;
  const width = dataset.inputShape[dataset.inputShape.length - 1];
  const atOnce = dataset.features === inputs;
  const byRows = width === inputs && Math.ceil(dataset.features / width) <= T;
  const at = (pointer: string, fix: string) => ({ file: o.file, pointer, fix });
  const where =
    encoder.steps !== T ? at('/run/encoding/params/steps', `"steps": ${T}, the network's timesteps (as training records them)`)
    : name === 'rows' && atOnce && !byRows ? at('/run/encoding/name', `an encoding that presents every pixel at once, as the network's ${inputs} inputs take "${o.datasetName}": "name": "rate" or "latency"`)
    : name !== 'rows' && byRows && !atOnce ? at('/run/encoding/name', `the rows encoding, one image row of ${width} pixels per step as the network's ${inputs} inputs take "${o.datasetName}": "name": "rows"`)
    : name === 'rows' && byRows ? at('/run/encoding/params/width', `"width": ${width}, the image's width`)
    : o.datasetOption !== undefined ? { file: o.datasetOption, pointer: '', fix: `the dataset the run trained on ("${run.dataset}"): drop ${o.datasetOption}` }
    : at('/run/dataset', 'use the checkpoint `snnc train` wrote for this dataset');
  return diag('SNNC5111', `the ${name} encoding of "${o.datasetName}" does not fit the checkpoint's network input`, {
    ...where,
    expected: `${inputs} inputs per step for ${T} steps`,
    found: `${n} inputs for ${encoder.steps} steps`,
  });
}
