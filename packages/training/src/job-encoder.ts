import { diag, type Diagnostic } from '@snnc/common';
import { defaultRateCode, gradedInputOptions, makeEncoder, mixedGradedInputs, sparseEncoding, TRAIN_DEFAULTS, type SpikeEncoder } from '@snnc/datasets';
import { gradedPointer, inputKinds, inputSize, inputSizePointer, type LoweredNetwork } from '@snnc/ir';
import { encodingMisfit, inRunEncoding } from './checkpoint-encoding.js';
import type { TrainJobOptions } from './train-job.js';

/**
 * The encoder a job presents its dataset with: the options the spec (its timesteps, its graded
 * input), the dataset (the rows' width, the rate code) and a resumed checkpoint give it, built and
 * held against the network's input; each refusal located where it can be fixed (the spec, the
 * checkpoint's record, the option). A sparse encoder is kept, with a warning.
 */
export function jobEncoder(o: TrainJobOptions, net: LoweredNetwork, seed: number): { encoder?: SpikeEncoder; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const encoding = o.encoding ?? TRAIN_DEFAULTS.encoding;
  const encOpts: Record<string, number> = { steps: net.timesteps, ...(o.encoderOptions ?? {}) };
  const kinds = inputKinds(net);
  if (encoding === 'rate') {
    encOpts.maxRate ??= TRAIN_DEFAULTS.maxRate;
    // a resumed run passes its checkpoint's code explicitly (resume.ts), so this default never
    // changes it; a graded input has no spike times, hence no code (rate-encoder.ts)
    if (!kinds.graded) encOpts.regular ??= defaultRateCode(o.datasetName) === 'regular' ? 1 : 0;
    encOpts.seed ??= seed;
  }
  if (encoding === 'rows') {
    // One image row per step, N = width; timesteps beyond the image's height are a silent tail
    // (rows-encoder.ts). A network with fewer timesteps than rows is refused below.
    encOpts.width ??= o.dataset.inputShape[o.dataset.inputShape.length - 1];
  }
  if (kinds.graded) {
    // §2.4: the rate and rows encoders write values; the latency encoder is refused where the input is graded
    const g = gradedInputOptions(encoding);
    if (g.diagnostic) {
      diagnostics.push({ ...g.diagnostic, file: o.specName, pointer: kinds.gradedAt });
      return { diagnostics };
    }
    // the encoder's values would reach a plain input too, which reads each as a spike: refused at it
    if (kinds.plain) {
      diagnostics.push({ ...mixedGradedInputs(kinds.plain.id, kinds.graded.id), file: o.specName, pointer: gradedPointer(kinds.plain) });
      return { diagnostics };
    }
    Object.assign(encOpts, g.options);
  }
  const e = makeEncoder(encoding, encOpts);
  // every encoder takes its steps from the spec's timesteps: a refusal of them points there
  const fromSpec = o.encoderOptions?.steps === undefined;
  // a resumed run's encoder options are its checkpoint's: what the encoder says of one is located there, as evaluate locates it
  const resumed = o.resume?.file;
  diagnostics.push(...e.diagnostics.map((d) =>
    d.file !== undefined ? d
    : fromSpec && d.pointer === '/steps' ? { ...d, file: o.specName, pointer: '/timesteps', message: `the network's timesteps: ${d.message}` }
    : resumed !== undefined ? inRunEncoding(d, resumed)
    // --rate-code given for a graded input: the reason it is ignored is the spec's graded input
    : kinds.gradedAt !== undefined && d.pointer === '/regular' ? { ...d, file: o.specName, pointer: kinds.gradedAt }
    : d));
  if (!e.encoder) return { diagnostics };
  const encoder = e.encoder;
  const inputs = inputSize(net);
  // a resumed run's encoding is its checkpoint's: a misfit is located at the record's field that is
  // wrong, as evaluate locates it, not at the spec (which the checkpoint fixes too)
  const misfit = o.resume ? encodingMisfit(net, o.resume.run, encoder, o.dataset, { datasetName: o.datasetName, file: o.resume.file }) : undefined;
  if (misfit) {
    diagnostics.push(misfit);
    return { diagnostics };
  }
  // by rows, an image of `rows` rows needs that many steps (the rest are a silent tail)
  const rows = encoding === 'rows' ? Math.ceil(o.dataset.features / encOpts.width) : 0;
  if (encoder.steps !== net.timesteps || encoder.channels(o.dataset.features) !== inputs) {
    diagnostics.push(
      diag('SNNC5111', `the ${encoding} encoding of "${o.datasetName}" does not fit the network's input`, {
        file: o.specName,
        // the field to edit: the steps when they differ or the rows outnumber them, else the input's size
        pointer: encoder.steps !== net.timesteps || net.timesteps < rows ? '/timesteps' : inputSizePointer(net),
        expected:
          encoding === 'rows'
            ? `timesteps >= ${rows} (the image's rows) and ${encOpts.width} input neurons (its width)`
            : `timesteps ${encoder.steps} and ${encoder.channels(o.dataset.features)} input neurons`,
        found: `timesteps ${net.timesteps} and ${inputs} input neurons`,
        fix: encoding === 'rows' ? 'use a spec with timesteps at least the image height (steps after the last row are silent) and input size = image width' : 'use a spec whose input size equals the sample size',
      }),
    );
    return { diagnostics };
  }
  // an encoder that can spike but practically never does: trained on anyway, with a warning at maxRate
  const sparse = sparseEncoding(encoder, o.dataset.features);
  if (sparse) diagnostics.push(resumed !== undefined ? inRunEncoding(sparse, resumed) : sparse);
  return { encoder, diagnostics };
}
