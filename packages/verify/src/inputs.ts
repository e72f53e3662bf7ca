/**
 * Inputs for verification runs: seeded random rasters (when no dataset is named) or dataset
 * samples through a spike encoder. Both are pure functions of their seed, so a verification run is
 * reproducible byte for byte.
 */
import { diag, hasErrors, Rng, type Diagnostic } from '@snnc/common';
import { loadDataset, makeEncoder, sampleImage, stratifiedPermutation } from '@snnc/datasets';

export interface Inputs {
  rasters: Uint8Array[];
  labels: number[];
}

/**
 * `samples` rasters of T x nIn with independent spikes of probability `rate`, and labels uniform
 * over `classes` (0 when there are none). The rng is forked per purpose so that the rasters do
 * not depend on whether labels are drawn.
 */
export function randomInputs(samples: number, T: number, nIn: number, classes: number, rate: number, seed: number): Inputs {
  const rng = new Rng(seed);
  const spikes = rng.fork('rasters');
  const lab = rng.fork('labels');
  const rasters: Uint8Array[] = [];
  const labels: number[] = [];
  for (let k = 0; k < samples; k++) {
    const r = new Uint8Array(T * nIn);
    for (let i = 0; i < r.length; i++) r[i] = spikes.float() < rate ? 1 : 0;
    rasters.push(r);
    labels.push(classes > 0 ? lab.int(0, classes - 1) : 0);
  }
  return { rasters, labels };
}

export interface DatasetInputOptions {
  dataset: string;
  samples: number;
  T: number;
  nIn: number;
  classes: number;
  encoder?: string;
  seed: number;
}

/**
 * The first `samples` of a seeded stratified order of the dataset, encoded to T-step rasters.
 * The encoder (default `rate`) must produce exactly nIn channels: the input population's size.
 */
export function datasetInputs(o: DatasetInputOptions): { inputs?: Inputs; diagnostics: Diagnostic[] } {
  const loaded = loadDataset(o.dataset);
  if (!loaded.dataset) return { diagnostics: loaded.diagnostics };
  const ds = loaded.dataset;
  const name = o.encoder ?? 'rate';
  const enc = makeEncoder(name, name === 'rate' ? { steps: o.T, seed: o.seed >>> 0 } : { steps: o.T });
  if (!enc.encoder) return { diagnostics: [...loaded.diagnostics, ...enc.diagnostics] };
  const out: Diagnostic[] = [...loaded.diagnostics, ...enc.diagnostics];
  if (enc.encoder.steps !== o.T || enc.encoder.channels(ds.features) !== o.nIn) {
    out.push(diag('SNNC4304', `the ${name} encoder of ${o.dataset} does not fit the network's input`, {
      expected: `${o.T} steps x ${o.nIn} inputs`, found: `${enc.encoder.steps} steps x ${enc.encoder.channels(ds.features)} inputs`,
      fix: 'use a spec whose input population has one neuron per dataset feature',
    }));
    return { diagnostics: out };
  }
  if (ds.numClasses !== o.classes) {
    out.push(diag('SNNC4305', `${o.dataset} has ${ds.numClasses} classes but the readout has ${o.classes}`, { expected: String(o.classes), found: String(ds.numClasses) }));
    return { diagnostics: out };
  }
  if (hasErrors(out)) return { diagnostics: out };
  const n = Math.min(o.samples, ds.size);
  const order = stratifiedPermutation(ds.labels, ds.size, o.seed >>> 0);
  const rasters: Uint8Array[] = [];
  const labels: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    rasters.push(enc.encoder.raster(sampleImage(ds, i), i));
    labels.push(ds.labels[i]);
  }
  return { inputs: { rasters, labels }, diagnostics: out };
}
